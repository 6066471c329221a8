"""The point-upload page's cached pieces: the county index, the parsed file, its map and the evidence it gives.

The parsed file, its figures and the evidence live in ``st.session_state`` (this session only). The evidence
is read by the upload panel of the candidates page (``aizone.ui.upload``), so a count chosen here reaches the
candidate engine the way an uploaded indicator table does.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from aizone import basemap, boundaries, points
from aizone.figures.maps import Shapes
from aizone.points import evidence as ev
from aizone.points import layer
from aizone.ui import data

EVIDENCE_KEY = "points__evidence"


@st.cache_resource(show_spinner=False, max_entries=4)
def units(as_of: date) -> points.Units:
    """The shipped county coverage as an STRtree with each county's attributes (read-only: a shared resource)."""
    return points.default_units(as_of)


def parsed(file, datum_key: str, as_of: date, key: str = "points"):
    """(report, joined table) for the uploaded file, parsed once per (file, datum, date) and kept in the session."""
    if file is None:
        st.session_state.pop(f"{key}__result", None)
        st.session_state.pop(f"{key}__figure", None)
        return None
    stamp = (file.file_id, datum_key, as_of)
    held = st.session_state.get(f"{key}__result")
    if held is None or held[0] != stamp:
        report = points.parse_points(file.getvalue(), datum_key)
        joined = points.join_points(report, units(as_of), data.resolver()) if report.ok else None
        held = (stamp, report, joined)
        st.session_state[f"{key}__result"] = held
    return held[1], held[2]


def _stamp(key: str):
    """What the parsed table in the session was made from (file, datum, date): figures and evidence follow it."""
    held = st.session_state.get(f"{key}__result")
    return None if held is None else held[0]


@st.cache_resource(show_spinner=False)
def _shapes() -> dict[str, Shapes]:
    counties = boundaries.load("county", "regional")
    # the county file is not clipped to the main frame as the city file is, and plotly does not clip to the
    # frame's range: counties reaching south of the clip (三沙's islands) would be drawn under Hainan
    main = counties[counties.geometry.bounds["miny"] >= basemap.MAIN_CLIP.bounds[1]]
    return {"city": data.base_map().cities_main,
            "county": Shapes(boundaries.geojson_url("county", "regional"), tuple(main["adcode"].astype(str)))}


@st.cache_resource(show_spinner=False)
def _names(lang: str) -> dict[str, dict[str, str]]:
    g = data.gaz().drop_duplicates(["adcode", "level"])
    col = "name_zh" if lang == "zh" else "name_en"
    return {lv: dict(zip(g.loc[g["level"] == lv, "adcode"].astype(str), g.loc[g["level"] == lv, col].astype(str)))
            for lv in ("city", "county")}


def names(lang: str) -> dict[str, dict[str, str]]:
    """adcode → name, per level, in the reader's language."""
    return _names("zh" if lang == "zh" else "en")


def figure(joined: pd.DataFrame, view: str, lang: str, key: str = "points"):
    """The map for this file and view, built once and kept in the session (the same object on every rerun, so
    the map component does not serialise it again)."""
    held = st.session_state.get(f"{key}__figure")
    stamp = (_stamp(key), view, lang)
    if held is None or held[0] != stamp:
        fig = layer.figure(joined, view, base=data.base_map(), shapes=_shapes(), names=names(lang), lang=lang)
        held = (stamp, fig)
        st.session_state[f"{key}__figure"] = held
    return held[1]


def set_evidence(joined: pd.DataFrame | None, indicator: str | None, label: str, filename: str,
                 key: str = "points") -> None:
    """Keep (or with no indicator, drop) the point counts as user evidence for the candidates page."""
    if joined is None or not indicator:
        st.session_state.pop(EVIDENCE_KEY, None)
        return
    held = st.session_state.get(EVIDENCE_KEY)
    stamp = (_stamp(key), indicator, label)
    if held is None or held["stamp"] != stamp:
        st.session_state[EVIDENCE_KEY] = {"stamp": stamp, "rows": ev.rows(joined, indicator, label),
                                          "indicator": indicator, "label": label, "file": filename}


def held_evidence() -> dict | None:
    """{"rows", "indicator", "label", "file"} kept by the points page, or None."""
    return st.session_state.get(EVIDENCE_KEY)


def forget_evidence() -> None:
    st.session_state.pop(EVIDENCE_KEY, None)
