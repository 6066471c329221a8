"""The date controls beside the slider in a real browser (issue 15, item 10 and "Date presets"): a preset
moves the slider, the map and the zone list; a date typed in the box applies on Enter (Streamlit's box
alone waits for the focus to leave); that box does not hold back downloads that do not depend on it."""

from __future__ import annotations

from datetime import date

import pytest

from aizone import progress, zones

pytestmark = pytest.mark.browser

MAIN_POINTS = ".js-plotly-plot .geolayer > g.geo:not(.geo2) .scattergeo path.point"
SLIDER = '[data-testid="stSlider"] input[type="range"]'
Z = zones.load()


def _box(page, label: str):
    return page.locator("[data-testid='stDateInput']").filter(has=page.locator("label", has_text=label))


def _settled_on(page, day: date) -> None:
    """The URL and the slider both show ``day`` (the default date, the data's, is left out of the URL)."""
    page.wait_for_function(
        """([sel, day, dflt]) => (dflt ? !location.search.includes('as_of=') : location.search.includes('as_of=' + day))
                                && document.querySelector(sel)?.getAttribute('aria-valuetext') === day""",
        arg=[SLIDER, day.isoformat(), day == zones.data_date()], timeout=30_000)


def test_a_preset_moves_the_slider_the_map_and_the_list(page, app_server):
    page.goto(f"{app_server}/?lang=zh&as_of=2020-06-30")
    page.wait_for_selector(MAIN_POINTS, timeout=60_000)
    page.get_by_role("radio", name="2020 年末").first.click()
    _settled_on(page, date(2020, 12, 31))
    n = progress.counts_on(Z, date(2020, 12, 31)).possible
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n", arg=[MAIN_POINTS, n],
                           timeout=30_000)
    page.get_by_text("截至 2020-12-31，全国：已批复 13 个").wait_for(timeout=30_000)
    latest = zones.data_date().isoformat()
    page.get_by_role("radio", name=f"最新数据 {latest}").first.click()
    _settled_on(page, zones.data_date())
    page.wait_for_function(  # the preset for the date shown is lit (the presets are redrawn for each date)
        "(name) => [...document.querySelectorAll('[role=radio][aria-checked=true]')].some(b => b.innerText.trim() === name)",
        arg=f"最新数据 {latest}", timeout=30_000)


def test_a_typed_date_applies_on_enter(page, app_server):
    page.goto(f"{app_server}/progress?lang=en&as_of=2020-06-30")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    box = _box(page, "Type a date (Enter)")
    box.locator("[role='spinbutton'][data-type='year']").click()
    page.keyboard.type("20210324", delay=40)
    page.keyboard.press("Enter")
    _settled_on(page, date(2021, 3, 24))
    page.get_by_text("By 2021-03-24, all of China: 15 approved").wait_for(timeout=30_000)


def test_the_date_box_does_not_hold_back_other_downloads(page, app_server):
    """The briefing's guard disables downloads while its box holds an unapplied date; the as-of box beside the
    slider uses only the Enter half, so the balance page's CSV buttons (not named by date) stay usable."""
    page.goto(f"{app_server}/balance?lang=en&as_of=2020-06-30")
    download = page.locator("[data-testid='stDownloadButton'] button").first
    download.wait_for(timeout=60_000)
    box = _box(page, "Type a date (Enter)")
    box.locator("[role='spinbutton'][data-type='year']").click()
    page.keyboard.type("2021", delay=40)
    page.wait_for_timeout(700)  # the watcher checks every 300 ms
    assert download.is_enabled()
