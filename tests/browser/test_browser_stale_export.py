"""The briefing page cannot export a date other than the one its preview shows (issue 15, item 1).

A typed date applies on Enter; while the box holds a date the page has not yet drawn, every download
button is disabled; each button names the date it exports, and the file it gives is for that date.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _png_button(page):
    return page.get_by_role("button", name=re.compile(r"^下载 PNG"))


def test_typed_date_applies_on_enter_and_downloads_wait_for_it(page, app_server, artifacts):
    page.goto(f"{app_server}/briefing?lang=zh&figure=zones_by_year")
    page.wait_for_selector("[data-testid='stImage'] img", timeout=120_000)
    png = _png_button(page)
    png.wait_for(timeout=60_000)
    before = png.inner_text()
    assert re.search(r"截至 \d{4}-\d{2}-\d{2}", before), f"the button names its date: {before!r}"

    year = page.locator("[data-testid='stDateInput'] [role='spinbutton'][data-type='year']")
    year.click()
    page.keyboard.type("2020123", delay=40)  # 2020-12-03 so far, on the way to 2020-12-31
    page.wait_for_timeout(400)
    assert png.is_disabled(), "no download while the typed date is not the preview's"
    assert page.locator("[data-testid='aizone-datecommit']").is_visible()
    assert "截至 2020" not in png.inner_text(), "nothing reran yet"
    page.keyboard.type("1", delay=40)
    page.keyboard.press("Enter")
    for _ in range(10):  # while the page reruns, a button still naming the old date stays disabled
        old = page.get_by_role("button", name=before)
        assert old.count() == 0 or old.is_disabled()
        page.wait_for_timeout(150)
    page.get_by_role("button", name="下载 PNG（截至 2020-12-31）").wait_for(timeout=120_000)
    png = _png_button(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stDownloadButton\"] button')]"
                           ".every(b => !b.disabled)", timeout=60_000)
    with page.expect_download(timeout=120_000) as dl:
        png.click()
    assert "2020-12-31" in dl.value.suggested_filename, dl.value.suggested_filename
    page.screenshot(path=str(artifacts / "briefing_stale_zh.png"))
