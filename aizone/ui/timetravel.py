"""The as-of date control shared by every page that can travel in time: a date slider in the URL plus ▶ play.

Play steps through the days on which a count changes (``progress.key_dates``). Each step is one full
rerun, triggered by a small fragment with ``run_every`` that exists only while playing: the front end
drops every auto-rerun timer at the start of a full run, so when play stops (at the end, on ⏸, or when
the slider is moved by hand) no timer survives. The fragment's first call happens inline during the full
run; only its timed reruns advance the date. The next date is handed over through session state and
applied before the slider is drawn, because a widget's value cannot be set after it exists in a run.

Beside the slider, a date box (a typed date applies on Enter, through ``aizone.ui.datecommit``) and presets
(each year's end, the target date, the data's date) set the same date; they hand it over in their
callbacks, which run before the slider is drawn, and are drawn anew from the slider's date on every run.
The range ends at the data's date (``progress.time_range``): no control reaches past it.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from aizone import progress, zones
from aizone.i18n import t
from aizone.ui import data
from aizone.ui.datecommit import commit_on_enter
from aizone.ui.urlstate import url_widget

STEP_SECONDS = 1.5


def _range_and_default() -> tuple[date, date, date, list[date]]:
    r = progress.time_range(data.zone_table(), zones.data_date(), date.today())
    return r.lo, r.hi, r.default, r.keys


def _names(key: str) -> dict[str, str]:
    return {k: f"{key}__{k}" for k in ("playing", "next", "armed", "btn", "box", "preset")}


def _toggle(key: str, keys: list[date]) -> None:
    n = _names(key)
    if st.session_state.get(n["playing"]):
        st.session_state[n["playing"]] = False
        return
    st.session_state[n["playing"]] = True
    current = st.session_state.get(key, keys[-1])
    if progress.next_key_date(current, keys) is None:  # at the end: start again from the beginning
        st.session_state[key] = keys[0]


def _stop(key: str) -> None:
    st.session_state[_names(key)["playing"]] = False


def _jump(key: str, widget: str, drawn_for: date) -> None:
    """A preset or a typed date becomes the slider's date (on_change: before the slider is drawn).

    Only the box and presets drawn for the current date count: the browser goes on reporting the widgets
    of earlier dates (a rerun in flight, ▶ playing) as changed, and those reports would pull the date back.
    """
    chosen = st.session_state.get(widget)
    if drawn_for != st.session_state.get(key) or not isinstance(chosen, date) or chosen == drawn_for:
        return
    st.session_state[key] = chosen
    st.session_state[_names(key)["playing"]] = False


def _preset_label(p: progress.Preset, lang: str) -> str:
    if p.kind == "year_end":
        return t("timetravel.preset_year_end", lang, year=p.day.year)
    return t(f"timetravel.preset_{p.kind}", lang, date=p.day.isoformat())


def _tick(key: str, keys: list[date]) -> None:
    n = _names(key)
    if not st.session_state.get(n["armed"]):  # the inline call during the full run
        st.session_state[n["armed"]] = True
        return
    nxt = progress.next_key_date(st.session_state.get(key, keys[-1]), keys)
    if nxt is None or nxt == keys[-1]:
        st.session_state[n["playing"]] = False
    if nxt is not None:
        st.session_state[n["next"]] = nxt
    st.rerun()


def as_of_control(lang: str, key: str = "as_of") -> date:
    """Draw the control and return the chosen date (``?as_of=YYYY-MM-DD``; bad or missing → the data's date)."""
    lo, hi, default, keys = _range_and_default()
    n = _names(key)
    if n["next"] in st.session_state:
        st.session_state[key] = st.session_state.pop(n["next"])
    if key in st.session_state and isinstance(st.session_state[key], date):
        st.session_state[key] = progress.clamp(st.session_state[key], lo, hi)
    playing = bool(st.session_state.get(n["playing"]))

    button_col, slider_col, box_col = st.columns([1, 11, 3], vertical_alignment="bottom")
    button_col.button("⏸" if playing else "▶", key=n["btn"], on_click=_toggle, args=(key, keys),
                      help=t("timetravel.pause" if playing else "timetravel.play", lang))
    with slider_col:
        value = url_widget(st.slider, t("timetravel.label", lang), key=key, default=default,
                           parse=lambda s: progress.parse_as_of(s, lo, hi), fmt=date.isoformat,
                           min_value=lo, max_value=hi, step=timedelta(days=1), format="YYYY-MM-DD",
                           on_change=_stop, args=(key,))
    # The box and the presets are new widgets for every date (their keys name it), drawn with that date,
    # so that _jump can tell a reader's choice from a stale report of an earlier date's widget.
    box_label = t("timetravel.box", lang)
    with box_col:
        box = f"{n['box']}_{value.isoformat()}"
        st.date_input(box_label, value=value, key=box, min_value=lo, max_value=hi, format="YYYY-MM-DD",
                      on_change=_jump, args=(key, box, value))
        commit_on_enter(box_label, value, key=f"{key}-datecommit")  # a component key may not contain "__"
    labels = {p.day: _preset_label(p, lang) for p in progress.presets(lo, hi)}
    lit = f"{n['preset']}_{value.isoformat()}"
    st.pills(t("timetravel.presets", lang), options=list(labels), format_func=labels.get, selection_mode="single",
             default=value if value in labels else None, key=lit, on_change=_jump, args=(key, lit, value),
             label_visibility="collapsed")
    if playing:
        st.session_state[n["armed"]] = False
        st.fragment(_tick, run_every=STEP_SECONDS)(key, keys)
    return value
