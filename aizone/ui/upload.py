"""The upload panel: a file picker, the validation report, and the accepted rows kept for the session.

A file is parsed once (keyed by Streamlit's file id), and the report lives in ``st.session_state`` under
``<key>__report`` so the accepted rows survive reruns and page changes, when the uploader widget itself is
forgotten; only removing the file in the picker or pressing "clear" drops them. Everything taken from the
file (names, cells, headers, the file name) reaches the page through ``st.dataframe`` or escaped text,
never as markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aizone import uploads
from aizone.i18n import t
from aizone.points import evidence as point_evidence
from aizone.ui import data, frame
from aizone.ui import points as ui_points

_DELIMS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar", "，": "fullwidth_comma"}


def _keys(key: str) -> dict[str, str]:
    return {"report": f"{key}__report", "file_id": f"{key}__file_id", "nonce": f"{key}__nonce"}


def forget(key: str = "upload") -> None:
    """Drop the uploaded data of panel ``key`` and reset its file picker."""
    k = _keys(key)
    st.session_state.pop(k["report"], None)
    st.session_state.pop(k["file_id"], None)
    st.session_state[k["nonce"]] = st.session_state.get(k["nonce"], 0) + 1


def _on_change(key: str, widget_key: str) -> None:
    if st.session_state.get(widget_key) is None:  # the user removed the file in the picker
        forget(key)


def report(key: str = "upload") -> uploads.UploadReport | None:
    """The last upload's report for panel ``key``, if any."""
    return st.session_state.get(_keys(key)["report"])


def upload_panel(lang: str, key: str = "upload", max_bytes: int = uploads.MAX_BYTES,
                 max_rows: int = uploads.MAX_ROWS) -> pd.DataFrame | None:
    """File picker plus validation report; returns the accepted rows (``source == "user"``) or None."""
    k = _keys(key)
    widget_key = f"{key}__file_{st.session_state.get(k['nonce'], 0)}"
    f = st.file_uploader(t("uploads.label", lang), type=["csv", "xlsx"], key=widget_key,
                         help=t("uploads.help", lang, mb=f"{max_bytes / 1048576:g}", rows=max_rows),
                         on_change=_on_change, args=(key, widget_key))
    st.caption(t("uploads.columns_hint", lang))
    if f is not None and st.session_state.get(k["file_id"]) != f.file_id:
        with st.spinner(t("uploads.parsing", lang)):
            st.session_state[k["report"]] = uploads.parse_upload(f.getvalue(), f.name, resolver=data.resolver(),
                                                                 max_bytes=max_bytes, max_rows=max_rows)
        st.session_state[k["file_id"]] = f.file_id
    rep: uploads.UploadReport | None = st.session_state.get(k["report"])
    counted = _point_counts(lang, key)
    if rep is None:
        return counted
    if f is None:
        st.info(frame.plain(t("uploads.kept", lang, name=rep.filename, n=len(rep.accepted))))
    _render(rep, lang, key)
    st.button(t("uploads.clear", lang), key=f"{key}__clear", on_click=forget, args=(key,))
    return point_evidence.combine(rep.accepted.copy() if len(rep.accepted) else None, counted)


def _point_counts(lang: str, key: str) -> pd.DataFrame | None:
    """The counts the My points page keeps as evidence (``aizone.ui.points``), named here with a way to drop them."""
    held = ui_points.held_evidence()
    if held is None:
        return None
    ind = t(f"candidates.ind.{held['indicator']}", lang) + (f" ({held['label']})" if held["label"] else "")
    st.info(frame.plain(t("uploads.points_kept", lang, n=len(held["rows"]), indicator=ind, name=held["file"])),
            icon=":material/location_on:")
    st.button(t("uploads.points_forget", lang), key=f"{key}__points_forget", on_click=ui_points.forget_evidence)
    return held["rows"].copy()


def _render(rep: uploads.UploadReport, lang: str, key: str) -> None:
    for n in rep.errors:
        st.error(frame.plain(n.message(lang)), icon="⚠️")
    if rep.ok:
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("uploads.metric_rows", lang), len(rep.data_lines))
        c2.metric(t("uploads.metric_accepted", lang), len(rep.accepted))
        c3.metric(t("uploads.metric_rejected", lang), len(rep.rejected_lines))
        c4.metric(t("uploads.metric_warnings", lang), len(rep.warnings))
        if rep.kind == "xlsx":
            st.caption(t("uploads.read_as_xlsx", lang, line=rep.header_line))
        else:
            delim = t(f"uploads.delim.{_DELIMS.get(rep.delimiter or ',', 'comma')}", lang)
            st.caption(t("uploads.read_as", lang, kind="CSV", encoding=(rep.encoding or "").upper(),
                         delimiter=delim, line=rep.header_line))
    if rep.warnings:
        st.warning("\n\n".join(frame.plain(n.message(lang)) for n in rep.warnings))
    if rep.ok:
        st.subheader(t("uploads.accepted_title", lang))
        if len(rep.accepted):
            st.dataframe(accepted_view(rep, lang), hide_index=True, placeholder=frame.MISSING, width="stretch")
        else:
            st.caption(t("uploads.none_accepted", lang))
        st.subheader(t("uploads.rejected_title", lang))
        if rep.rejected:
            st.dataframe(rejected_view(rep, lang), hide_index=True, placeholder=frame.MISSING, width="stretch",
                         column_config={t("uploads.col.message", lang): st.column_config.TextColumn(width="large")})
        else:
            st.caption(t("uploads.none_rejected", lang))
    st.download_button(t("uploads.download", lang), data=rep.to_csv_bytes(lang), file_name=t("uploads.report_file", lang),
                       mime="text/csv", key=f"{key}__download")


def accepted_view(rep: uploads.UploadReport, lang: str) -> pd.DataFrame:
    """Accepted rows as shown: the columns the file gave, money in 亿元 for Chinese readers and bn CNY in English."""
    a = rep.accepted
    view = pd.DataFrame({
        t("uploads.col.line", lang): a["row"],
        t("uploads.col.name_input", lang): a["name_input"],
        t("uploads.col.name", lang): a["name_en"] if lang == "en" else a["name_zh"],
        t("uploads.col.adcode", lang): a["adcode"],
    })
    if (a["level"] == "county").any():  # a county file (or a mixed one): say which rows are counties
        view.insert(3, t("uploads.col.level", lang), [t(f"uploads.level.{lv}", lang) for lv in a["level"]])
    for ind in uploads.INDICATORS:
        if ind.name not in rep.columns:
            continue
        values = a[ind.name]
        if ind.kind == "money" and lang != "en":
            values = (values * 10).round(6)  # 1 bn CNY = 10 亿元
        view[t(f"uploads.field.{ind.name}", lang)] = values
    view[t("uploads.col.source", lang)] = t("uploads.user_supplied", lang)
    return view


def rejected_view(rep: uploads.UploadReport, lang: str) -> pd.DataFrame:
    sep = "; " if lang == "en" else "；"
    return pd.DataFrame({
        t("uploads.col.line", lang): [r.line for r in rep.rejected],
        t("uploads.col.column", lang): [r.column for r in rep.rejected],
        t("uploads.col.value", lang): [r.value for r in rep.rejected],
        t("uploads.col.message", lang): [r.message(lang) for r in rep.rejected],
        t("uploads.col.suggestions", lang): [sep.join(r.suggestions_en if lang == "en" else r.suggestions)
                                             for r in rep.rejected],
    })
