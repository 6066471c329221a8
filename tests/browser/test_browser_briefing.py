"""The briefing page in a real browser: one click builds the pack, both files download and open; print
layout hides the controls."""

from __future__ import annotations

import io

import pptx
import pytest

pytestmark = pytest.mark.browser


def test_pack_downloads_from_the_ui(page, app_server, offsite, artifacts):
    outside = offsite
    page.goto(f"{app_server}/briefing?lang=zh&scenario=330200")
    page.get_by_role("button", name="生成简报包").wait_for(timeout=120_000)
    page.wait_for_selector("[data-testid='stImage'] img", timeout=120_000)  # the preview PNG rendered server-side
    page.get_by_role("button", name="生成简报包").click()
    pptx_button = page.get_by_role("button", name="下载简报包（PPTX）")
    pptx_button.wait_for(timeout=180_000)
    with page.expect_download(timeout=60_000) as dl:
        pptx_button.click()
    path = artifacts / "briefing_pack_zh.pptx"
    dl.value.save_as(str(path))
    assert dl.value.suggested_filename.endswith("_zh_slide.pptx")
    deck = pptx.Presentation(str(path))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == "国家新一代人工智能创新发展试验区简报" and titles[-1] == "数据来源"
    assert 6 <= len(titles) <= 8, titles
    assert any(t.startswith("情景推演") for t in titles), "the chosen what-if scenario is in the pack"
    with page.expect_download(timeout=60_000) as dl_pdf:
        page.get_by_role("button", name="下载简报包（PDF）").click()
    pdf_path = artifacts / "briefing_pack_zh.pdf"
    dl_pdf.value.save_as(str(pdf_path))
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf_path)).pages) == len(titles)
    page.screenshot(path=str(artifacts / "briefing_zh.png"), full_page=True)
    assert outside == [], f"requests left the machine: {outside[:5]}"


def test_print_layout_hides_controls_and_keeps_figures(page, app_server, artifacts):
    page.goto(f"{app_server}/?lang=en")
    page.wait_for_selector(".js-plotly-plot .geo", timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.locator("[data-testid='stSidebar']").is_visible()
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    assert not page.locator("[data-testid='stSidebar']").is_visible(), "no sidebar on paper"
    assert not page.locator("[data-testid='stButtonGroup']").first.is_visible(), "no controls on paper"
    assert page.locator(".js-plotly-plot").first.is_visible(), "the map stays"
    assert page.locator("[data-testid='stCaptionContainer']").first.is_visible(), "its source line stays"
    overflow = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stMain\"]') || document.body).overflow")
    assert overflow == "visible", "the page grows onto further sheets instead of being cut at one screen"
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    (artifacts / "overview_print_en.pdf").write_bytes(pdf)
    page.screenshot(path=str(artifacts / "overview_print_en.png"), full_page=True)
