"""Uploading a GBK CSV on the candidates page in a real browser: the validation report appears, HTML in a
cell stays text, and the accepted rows reach the page."""

from __future__ import annotations

import pytest

from aizone.i18n import t

PAGE = "candidates"  # the candidates page's url_path in app.py; the upload panel is browser-tested through it

pytestmark = pytest.mark.browser

GBK_CSV = (
    "城市,人工智能核心产业规模（亿元）,高校数,是否有人工智能规划\r\n"
    "北京,2500,12,是\r\n杭州市,1000,5,否\r\nXi'an,300,3,1\r\n"
    "<script>alert('x')</script>,1,1,1\r\n朝阳区,1,1,1\r\n"
).encode("gbk")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gbk_upload_shows_the_report(page, app_server, artifacts, tmp_path, lang):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    upload = tmp_path / "城市指标_gbk.csv"
    upload.write_bytes(GBK_CSV)
    page.goto(f"{app_server}/{PAGE}?lang={lang}")
    # app.py's navigation (translated titles), not Streamlit's pages/ discovery running the page on its own
    page.locator("[data-testid='stSidebarNav'] a", has_text=t("nav.candidates", lang)).wait_for(timeout=90_000)
    page.get_by_text(t("candidates.own_data", lang)).first.click(timeout=90_000)
    page.locator(".st-key-upload__file_0 input[type=file]").set_input_files(str(upload))
    accepted = page.locator("[data-testid='stMetric']", has_text=t("uploads.metric_accepted", lang))
    accepted.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    metrics = {m.split("\n")[0]: m.split("\n")[-1] for m in page.locator("[data-testid='stMetric']").all_inner_texts()}
    assert metrics[t("uploads.metric_accepted", lang)] == "3"
    assert metrics[t("uploads.metric_rejected", lang)] == "2"
    body = page.locator("body").inner_text()
    assert t("uploads.read_as", lang, kind="CSV", encoding="GBK", delimiter=t("uploads.delim.comma", lang), line=1) in body
    assert t("uploads.rejected_title", lang) in body
    assert t("candidates.user_merged", lang, n=3) in body  # the accepted rows reached the assessment
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stException']").first.inner_text()
    assert page.locator("script", has_text="alert('x')").count() == 0 and dialogs == []
    page.get_by_text(t("uploads.rejected_title", lang)).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"upload_report_{lang}.png"), full_page=True)
