"""The briefing page under AppTest, both languages: preview, per-figure downloads, the pack, print styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aizone.ui import print as print_css


ROOT = Path(__file__).resolve().parents[2]


def run(lang: str, **params) -> AppTest:
    """Open the page's URL directly, as a shared link does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.switch_page("pages/briefing.py")
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def _downloads(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


@pytest.mark.parametrize("lang,build,fmt_label", [("zh", "生成简报包", "下载 PNG"), ("en", "Build briefing pack", "Download PNG")])
def test_page_previews_a_figure_and_offers_every_format(lang, build, fmt_label):
    at = run(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == ("简报导出" if lang == "zh" else "Briefing export")
    assert len(at.get("image")) == 1, "the preview is the exported PNG itself"
    labels = _downloads(at)
    assert any(x.startswith(fmt_label) for x in labels)
    assert len([x for x in labels if x.split("（")[0].split(" (")[0].endswith(("PNG", "SVG", "PDF", "PPTX"))]) == 4
    day = at.date_input(key="as_of").value.isoformat()
    assert all(day in x for x in labels), f"every button names the date it exports: {labels}"
    assert [b.label for b in at.button] == [build]


def test_build_pack_then_download_both_files():
    at = run("en", figure="zones_by_year", grey="1")
    at.button(key="build_pack").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and "Briefing pack ready" in at.success[0].value
    (status,) = at.get("status")  # the build showed its progress, figure by figure, and finished
    assert status.label == "Briefing pack built" and status.proto.state == status.proto.COMPLETE
    labels = _downloads(at)
    assert any(x.startswith("Download the pack (PPTX)") for x in labels)
    assert any(x.startswith("Download the pack (PDF)") for x in labels)


def test_url_state_chooses_preset_language_and_scenario():
    at = run("zh", preset="square", out="en", figure="scenario", scenario="330200")
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["preset"] == "square" and at.session_state["out"] == "en"
    assert at.session_state["figure"] == "scenario" and at.session_state["scenario"] == ["330200"]
    caption = str(at.get("image")[0].proto)
    assert "Ningbo" in caption, "the alt text under the preview is the export language's"


def test_bad_url_values_fall_back_quietly():
    at = run("en", preset="poster", figure="nope", as_of="yesterday", scenario="999999")
    assert not at.exception and not at.error
    assert at.session_state["preset"] == "slide" and at.session_state["figure"] == "overview_map"


def test_every_page_gets_the_print_stylesheet():
    css = print_css.stylesheet()
    assert "@media print" in css and '[data-testid="stSidebar"]' in css and ".modebar" in css
    assert "overflow: visible" in css, "scrolling containers must grow on paper"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    html = [e.proto.body for e in at.get("html")]
    assert any("@media print" in h for h in html)
