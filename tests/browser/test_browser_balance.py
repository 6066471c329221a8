"""The balance page in a real browser: the offline map is drawn and the workbook downloads with its sources."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from aizone.i18n import t

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_balance_in_a_browser_downloads_xlsx_with_sources(page, app_server, offsite, artifacts, lang):
    """Offline map drawn, and the workbook a planner downloads opens with its sources sheet."""
    outside = offsite
    page.goto(f"{app_server}/?lang={lang}")  # the entry script first: a cold deep link skips st.navigation
    page.wait_for_selector(".js-plotly-plot", timeout=90_000)
    page.goto(f"{app_server}/balance?lang={lang}")
    page.wait_for_selector(".js-plotly-plot .geo path", timeout=90_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text(t("balance.takeaways", lang), exact=True).count() == 1
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_text(t("balance.download_xlsx", lang)).click()
    wb = openpyxl.load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert wb.sheetnames[-1] == "sources" and t("balance.sheet.macro", lang) in wb.sheetnames
    assert wb["sources"].max_row >= 3
    assert outside == [], f"requests left the machine: {outside[:5]}"
    page.screenshot(path=str(artifacts / f"balance_{lang}.png"), full_page=True)
