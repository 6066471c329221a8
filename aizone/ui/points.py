"""The point-upload panel's cached pieces: the county index (built once per date) and the parsed file."""

from __future__ import annotations

from datetime import date

import streamlit as st

from aizone import points


@st.cache_resource(show_spinner=False, max_entries=4)
def units(as_of: date) -> points.Units:
    """The shipped county coverage as an STRtree with each county's attributes (read-only: a shared resource)."""
    return points.default_units(as_of)


def parsed(file, datum_key: str, as_of: date, key: str = "points"):
    """(report, joined table) for the uploaded file, parsed once per (file, datum, date) and kept in the session."""
    if file is None:
        st.session_state.pop(f"{key}__result", None)
        return None
    stamp = (file.file_id, datum_key, as_of)
    held = st.session_state.get(f"{key}__result")
    if held is None or held[0] != stamp:
        report = points.parse_points(file.getvalue(), datum_key)
        joined = points.join_points(report, units(as_of)) if report.ok else None
        held = (stamp, report, joined)
        st.session_state[f"{key}__result"] = held
    return held[1], held[2]
