"""The candidates page's "县域 / Counties" section: the county paragraph, how little the tables know about
counties, and every county they say something about (with the user's county rows, when uploaded)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aizone import county_candidates as cc
from aizone import provenance
from aizone.i18n import t
from aizone.tabular_export import to_csv_bytes
from aizone.ui import data, frame


@st.cache_data(show_spinner=False, max_entries=2)
def _units(stamp: tuple) -> pd.DataFrame:
    return cc.units(data.gaz())


def render(lang: str, user_counties: pd.DataFrame | None) -> None:
    """Draw the section; ``user_counties``: the upload's accepted county rows, or None."""
    st.header(t("county.title", lang))
    st.write(t("county.intro", lang))
    tabs = {n: data.table(n) for n in cc.TABLES_USED}
    units = _units(tuple(o.checksum for o in data.origins("gazetteer")))
    ev = cc.evidence(units, tabs=tabs, user_rows=user_counties)
    cov = cc.coverage(units, ev)
    sep = "、" if lang == "zh" else ", "
    sources = sep.join(t(f"county.source.{s}", lang, n=n) for s, n in cov.by_source.items())
    st.info(frame.plain(t("county.coverage", lang, units=f"{cov.units:,}", known=cov.with_evidence,
                          unknown=f"{cov.units - cov.with_evidence:,}", sources=sources)), icon=":material/help:")
    if user_counties is not None:
        st.success(t("county.user_merged", lang, n=int(user_counties["adcode"].nunique())), icon=":material/edit:")
    else:
        st.caption(t("county.user_hint", lang))
    tab = cc.table(units, ev)
    if tab.empty:
        st.caption(t("county.none", lang))
        return
    view = cc.view(tab, ev, lang, tabs)
    st.dataframe(view, hide_index=True, placeholder=frame.MISSING, width="stretch")
    st.caption(t("county.legend", lang))
    st.caption(frame.plain(provenance.citation(data.origins(*cc.TABLES_USED), lang)))
    st.download_button(t("county.download", lang), data=to_csv_bytes(view), file_name=f"aizone_counties_{lang}.csv",
                       mime="text/csv", key="county_csv")
