"""The upload panel (aizone.ui.upload) in AppTest: the report shown, rows kept across reruns, forgotten on removal."""

from __future__ import annotations

from upload_files import HEADER, csv_bytes

# --------------------------------------------------------------------------------------------- panel

PANEL = """
import streamlit as st
from aizone.ui.upload import upload_panel
out = upload_panel(st.session_state.get("test_lang", "zh"))
st.session_state["test_out"] = out
"""


def _panel(lang: str = "zh"):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(PANEL, default_timeout=60)
    at.session_state["test_lang"] = lang
    at.run()
    assert not at.exception
    return at


def _rendered_text(at) -> list[str]:
    """Text that Streamlit renders as markdown (where HTML or markdown in user text could do harm)."""
    out = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "subheader", "title"):
        out += [str(e.value) for e in at.get(kind)]
    return out


def test_panel_shows_report_and_keeps_rows_across_reruns():
    at = _panel("zh")
    assert at.session_state["test_out"] is None
    rows = [["城市", "人工智能核心产业规模（亿元）", "<b>x</b>"], ["北京", "2500", ""], ["杭州市", "1000", ""],
            ["<script>alert(1)</script>", "1", ""], ["[点我](javascript:alert(1))", "1", ""]]
    at.file_uploader[0].upload("<img src=x>.csv", csv_bytes(rows, "gbk"), "text/csv")
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已接受"] == "2" and metrics["未接受"] == "2"
    out = at.session_state["test_out"]
    assert list(out["adcode"]) == ["110000", "330100"] and set(out["source"]) == {"user"}
    shown = _rendered_text(at)
    assert not any("<script" in s or "<b>" in s or "](javascript" in s for s in shown), shown
    frames = [d.value for d in at.dataframe]
    assert any((f == "<script>alert(1)</script>").any().any() for f in frames)  # shown literally, in a grid
    assert at.get("download_button")
    at.run()  # a rerun keeps the rows without parsing again
    assert list(at.session_state["test_out"]["adcode"]) == ["110000", "330100"]


def test_panel_forgets_when_the_file_is_removed_or_cleared():
    at = _panel("en")
    at.file_uploader[0].upload("a.csv", csv_bytes([HEADER[:2], ["北京", "1"]]), "text/csv")
    at.run()
    assert len(at.session_state["test_out"]) == 1
    at.button(key="upload__clear").click()
    at.run()
    assert at.session_state["test_out"] is None
    at.file_uploader[0].upload("a.csv", csv_bytes([HEADER[:2], ["上海", "1"]]), "text/csv")
    at.run()
    assert list(at.session_state["test_out"]["adcode"]) == ["310000"]
    at.file_uploader[0].set_value(None)
    at.run()
    assert at.session_state["test_out"] is None


def test_panel_shows_file_errors_in_english():
    at = _panel("en")
    at.file_uploader[0].upload("a.csv", b"", "text/csv")
    at.run()
    assert [e.value for e in at.error] == ["The file is empty\\."]
    assert at.session_state["test_out"] is None


def test_panel_keeps_rows_when_the_picker_is_gone_for_a_while():
    """Leaving the page drops the file picker's state; the accepted rows must outlive it."""
    from streamlit.testing.v1 import AppTest

    script = """
import streamlit as st
from aizone.ui.upload import upload_panel
if st.session_state.get("show", True):
    st.session_state["test_out"] = upload_panel("zh")
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.run()
    at.file_uploader[0].upload("我的数据.csv", csv_bytes([HEADER[:2], ["北京", "1"], ["火星", "2"]], "gbk"), "text/csv")
    at.run()
    at.session_state["show"] = False  # another page: the panel (and its widget) is not rendered
    at.run()
    at.run()
    at.session_state["show"] = True
    at.run()
    assert not at.exception
    assert list(at.session_state["test_out"]["adcode"]) == ["110000"]
    assert "我的数据" in at.info[0].value and {m.label: m.value for m in at.metric}["未接受"] == "1"
