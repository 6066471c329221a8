"""Exports that cannot go stale: a typed date applies on Enter or once complete, and downloads wait for it.

Streamlit's date box sends a typed date only when it loses focus, so a reader who typed a date and
pressed Enter used to download the figure for the previous date. The script runs in the page (it has to
read the box while the server knows nothing of the typing); the server only tells it which date the
preview shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"
HTML = '<div class="aizone-datecommit" data-testid="aizone-datecommit" hidden></div>'

_component = st.components.v2.component(
    "aizone_datecommit", html=HTML, js=(ASSETS / "datecommit.js").read_text(encoding="utf-8"), isolate_styles=False)


def guard_downloads(label: str, committed: date, note: str, *, key: str = "datecommit") -> None:
    """``label`` names the date box; ``committed`` is the date everything below it was made for."""
    _component(key=key, data={"label": label, "committed": committed.isoformat(), "note": note})


def commit_on_enter(label: str, committed: date, *, key: str) -> None:
    """Only the typing half, for a date box on a page whose downloads do not depend on it (the as-of box
    beside the slider): Enter, or a pause after a complete date, applies the typed date."""
    _component(key=key, data={"label": label, "committed": committed.isoformat(), "note": "", "downloads": False})
