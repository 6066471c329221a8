"""The zone list on the chosen date, with its filters and its one-line answer, as every page draws it.

The filters live in the URL as codes (``?list_strategy=YRD&list_region=east``), so a link answers the same
question in either language. The rules (status, order, placement, the answer's wording) are in
:mod:`aizone.zonelist`; this module only draws them.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from aizone import zonelist
from aizone.i18n import t
from aizone.strategies import STRATEGIES
from aizone.tables import MACROS
from aizone.ui import data, frame
from aizone.ui.urlstate import url_widget


def _bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


def zone_list(lang: str, as_of: date, key: str = "list") -> None:
    """Filters, the answer line and the table for ``as_of`` (the date the page's slider chose)."""
    strategy_col, region_col, later_col = st.columns([3, 3, 4], vertical_alignment="bottom")
    with strategy_col:
        strategy = url_widget(st.selectbox, t("zonelist.filter_strategy", lang), key=f"{key}_strategy",
                              default=zonelist.ALL, options=(zonelist.ALL, *STRATEGIES),
                              format_func=lambda k: t(f"strategy.{k}", lang) if k else t("zonelist.filter_all_strategies", lang),
                              persist=True)
    with region_col:
        region = url_widget(st.selectbox, t("zonelist.filter_region", lang), key=f"{key}_region",
                            default=zonelist.ALL, options=(zonelist.ALL, *MACROS),
                            format_func=lambda k: t(f"macro.{k}", lang) if k else t("zonelist.filter_all_regions", lang),
                            persist=True)
    with later_col:
        later = url_widget(st.toggle, t("zonelist.later", lang), key=f"{key}_later", default=False,
                           parse=_bool, fmt=lambda v: "1" if v else "0", persist=True)
    where = zonelist.Filter(strategy or zonelist.ALL, region or zonelist.ALL)
    rows = zonelist.on_date(data.zone_places(), as_of, where)
    st.info(zonelist.answer(rows, as_of, where, lang))
    shown = zonelist.visible(rows, later)
    if shown.empty:
        st.caption(t("zonelist.empty", lang))
        return
    st.dataframe(zonelist.table(shown, lang), hide_index=True, placeholder=frame.MISSING, width="stretch",
                 column_config={t("zonelist.col_source", lang): st.column_config.LinkColumn()}, key=f"{key}_table")
