"""Rules about the code base itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_never_imports_streamlit():
    bad = []
    for f in (ROOT / "aizone").rglob("*.py"):
        if "ui" in f.relative_to(ROOT / "aizone").parts[:1]:
            continue
        if re.search(r"^\s*(import streamlit|from streamlit)", f.read_text(encoding="utf-8"), re.M):
            bad.append(str(f))
    assert bad == []


def test_pages_do_not_read_files_or_touch_network():
    for f in (ROOT / "pages").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"\b(pd\.read_|gpd\.read_|open\(|requests\.|urllib)", text), f.name


def test_no_external_urls_in_map_config():
    for f in list((ROOT / "aizone").rglob("*.py")) + list((ROOT / "pages").glob("*.py")):
        text = f.read_text(encoding="utf-8")
        assert "cdn.plot.ly" not in text and "mapbox" not in text.lower() or "no tile" in text, f.name
