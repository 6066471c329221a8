"""Regional balance: zones against strategies, macro regions, population and GDP, on any past date."""

from datetime import date

import pandas as pd
import streamlit as st

from aizone import balance, chartconfig, provenance, rounding, tabular_export
from aizone.figures import charts_balance
from aizone.i18n import pick, t
from aizone.strategies import STRATEGIES
from aizone.ui import data, frame, timetravel
from aizone.ui.urlstate import url_widget

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
MAP_CONFIG = {"topojsonURL": "app/static/", **CHART_CONFIG}
SOURCES = ("pilot_zones", "strategy_members", "macro_regions", "province_stats", "city_stats", "gazetteer")


def _column_config(df: pd.DataFrame, lang: str) -> dict:
    fixed = {t("balance.col_gap_pp", lang): "%+.1f", t("balance.col_per_100m", lang): "%.2f",
             t("balance.col_per_trn_gdp", lang): "%.2f"}
    cfg = {c: st.column_config.NumberColumn(format="%.1f%%") for c in df.columns if "%" in str(c)}
    cfg.update({c: st.column_config.NumberColumn(format=f) for c, f in fixed.items() if c in df.columns})
    return cfg


def _table(df: pd.DataFrame, name: str, lang: str, as_of: date) -> None:
    st.dataframe(df, hide_index=True, placeholder=frame.MISSING, width="stretch", column_config=_column_config(df, lang))
    st.download_button(t("balance.download_csv", lang), data=lambda: tabular_export.to_csv_bytes(df),
                       file_name=f"aizone_balance_{name}_{as_of.isoformat()}_{lang}.csv", mime="text/csv",
                       key=f"csv_{name}", on_click="ignore", icon=":material/download:")


@st.cache_data(show_spinner=False, max_entries=4)
def _candidates(gaz: pd.DataFrame, members: pd.DataFrame, macro: pd.DataFrame, exclude: tuple[str, ...]) -> pd.DataFrame:
    """The join of ~350 cities takes a third of a second: keep it across reruns (keyed by the frames' contents)."""
    return balance.candidate_join(balance.Inputs(gaz, members, macro, pd.DataFrame(), pd.DataFrame()), exclude)


lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("balance.title", lang))
    st.caption(t("balance.intro", lang))

    as_of = timetravel.as_of_control(lang, key="as_of")

    inputs = balance.Inputs(gaz=data.gaz(), members=data.table("strategy_members"), macro=data.table("macro_regions"),
                            province_stats=data.table("province_stats"), city_stats=data.table("city_stats"))
    zone_table = data.zone_table()
    b = balance.on_date(zone_table, as_of, inputs)
    views = balance.views(b, lang) if b.total else {}
    origins = data.origins(*SOURCES)
    source_line = frame.plain(provenance.citation(origins, lang))

    st.caption(t("balance.counted", lang, date=as_of.isoformat(), n=b.total)
               + (" " + t("balance.uncertain", lang, u=b.uncertain) if b.uncertain else ""))
    prov = b.provinces
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("balance.metric_zones", lang), f"{b.total}")
    m2.metric(t("balance.metric_provinces", lang),
              t("balance.metric_provinces_value", lang, k=int((prov["zones"] > 0).sum()), n=len(prov)))
    m3.metric(t("balance.metric_gini", lang), rounding.text(b.by_province.gini, "index", missing="—"))
    none_row = b.strategies.loc[b.strategies["strategy_id"] == "none", "zones"]
    m4.metric(t("balance.metric_no_strategy", lang), f"{int(none_row.iloc[0])}" if b.total else "—")

    st.subheader(t("balance.takeaways", lang))
    st.markdown("\n".join(f"- {frame.plain(s)}" for s in balance.takeaways(b, lang)))
    st.caption(t("balance.note_hmt", lang, n=len(b.outside)))

    if b.total:
        macro_names = {k: t(f"macro.{k}", lang) for k in balance.MACROS}
        strat_names = {k: t(f"strategy.{k}", lang) for k in STRATEGIES}
        prov_names = {a: pick(z, e, lang) for a, z, e in zip(prov["adcode"], prov["short_zh"], prov["name_en"])}

        # --- macro regions
        st.subheader(t("balance.macro", lang))
        left, right = st.columns([3, 2])
        with left:
            _table(views["macro"], "macro", lang, as_of)
        right.plotly_chart(charts_balance.shares_figure(b.macro, "macro_region", macro_names, lang), width="stretch",
                           config=chartconfig.plotly_config(lang, CHART_CONFIG), key="fig_macro")

        # --- strategies
        st.subheader(t("balance.strategies", lang))
        left, right = st.columns([3, 2])
        with left:
            _table(views["strategies"], "strategies", lang, as_of)
        strat_rows = b.strategies[b.strategies["strategy_id"].isin(STRATEGIES)]
        right.plotly_chart(charts_balance.shares_figure(strat_rows, "strategy_id", strat_names, lang), width="stretch",
                           config=chartconfig.plotly_config(lang, CHART_CONFIG), key="fig_strategies")
        empty = [strat_names[k] for k in strat_rows.loc[strat_rows["zones"] == 0, "strategy_id"]]
        sep = "、" if lang == "zh" else ", "
        st.markdown(t("balance.no_zone_strategies", lang, names=sep.join(empty)) if empty
                    else t("balance.no_zone_strategies_none", lang))
        st.caption(t("balance.note_overlap", lang) + " " + t("balance.strategy_scope_note", lang))
        lacking = [strat_names[k] for k in strat_rows.loc[strat_rows["population"].isna() | strat_rows["gdp_bn"].isna(),
                                                          "strategy_id"]]
        if lacking:
            st.caption(t("balance.note_missing_strategy", lang, names=sep.join(lacking)))

        # --- provinces: map and table
        st.subheader(t("balance.provinces", lang))
        measure = url_widget(st.segmented_control, t("balance.measure_label", lang), key="measure", default="per_100m",
                             options=balance.MEASURES, format_func=lambda k: t(f"balance.measure.{k}", lang), required=True)
        measure = measure if measure in balance.MEASURES else "per_100m"
        approved = b.sites
        fig = charts_balance.province_map(prov, measure, data.base_map(), lang, zones=approved, gaz=data.gaz())
        st.plotly_chart(fig, width="stretch", config=chartconfig.plotly_config(lang, MAP_CONFIG), key="balance_map")
        st.caption(t("balance.map_note", lang) + " " + source_line)
        no_zone = prov[prov["zones"] == 0].sort_values("population", ascending=False, na_position="last")
        st.markdown(t("balance.no_zone_provinces", lang, n=len(no_zone), names=sep.join(prov_names[a] for a in no_zone["adcode"]))
                    if len(no_zone) else t("balance.no_zone_provinces_none", lang))
        if "balance.note_missing_province" in b.notes:
            st.warning(t("balance.note_missing_province", lang))
        left, right = st.columns([3, 2])
        with left:
            _table(views["provinces"], "provinces", lang, as_of)
        right.plotly_chart(charts_balance.province_rate_figure(prov, lang), width="stretch",
                           config=chartconfig.plotly_config(lang, CHART_CONFIG),
                           key="fig_rate")

        # --- concentration
        st.subheader(t("balance.concentration", lang))
        left, right = st.columns([3, 2])
        names = {**prov_names, **macro_names}
        left.plotly_chart(charts_balance.lorenz_figure(b.by_province, b.by_macro, names, lang), width="stretch",
                          config=chartconfig.plotly_config(lang, CHART_CONFIG), key="fig_lorenz")
        with right:
            _table(views["indices"], "indices", lang, as_of)
            excluded = [names.get(k, k) for k in b.by_province.excluded + b.by_macro.excluded]
            if excluded:
                st.warning(t("balance.excluded", lang, names=sep.join(excluded)))

        with st.expander(t("balance.zone_list", lang)):
            _table(views["zones"], "zones", lang, as_of)
    else:
        st.info(t("balance.no_indices", lang))

    cand = st.expander(t("balance.candidates", lang), key="balance_candidates", on_change="rerun")
    cand_view = None
    if cand.open:
        with cand:
            st.caption(t("balance.candidates_note", lang))
            joined = _candidates(inputs.gaz, inputs.members, inputs.macro, tuple(sorted(b.sites["adcode"])))
            cand_view = balance.candidates_view(joined, lang)
            _table(cand_view, "candidates", lang, as_of)

    if b.total:
        st.subheader(t("balance.downloads", lang))
        sheets = {t(f"balance.sheet.{k}", lang): views[k] for k in ("macro", "strategies", "provinces", "zones", "indices")}
        if cand_view is not None:
            sheets[t("balance.sheet.candidates", lang)] = cand_view
        st.download_button(t("balance.download_xlsx", lang),
                           data=lambda: tabular_export.to_xlsx_bytes(sheets, tabular_export.sources_table(origins, lang)),
                           file_name=f"aizone_balance_{as_of.isoformat()}_{lang}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="xlsx_all", on_click="ignore", icon=":material/download:")
        st.caption(t("balance.download_note", lang))

    st.subheader(t("balance.methods", lang))
    st.markdown(t("balance.m_units", lang))
    st.markdown(t("balance.m_share", lang))
    st.latex(r"\text{gap}_i = 100\,(s_i - p_i), \qquad \text{per }10^8 = \frac{z_i}{P_i / 10^8}")
    st.markdown(t("balance.m_lorenz", lang))
    st.markdown(t("balance.m_gini", lang))
    st.latex(r"G = 1 - \sum_{k=1}^{n} (X_k - X_{k-1})\,(Y_k + Y_{k-1})")
    st.markdown(t("balance.m_theil", lang))
    st.latex(r"T = \sum_{i=1}^{n} s_i \ln\frac{s_i}{p_i}, \qquad 0 \cdot \ln 0 = 0")
    st.markdown(t("balance.m_hhi", lang))
    st.latex(r"H = \sum_{i=1}^{n} s_i^2, \qquad H^{*} = \frac{H - 1/n}{1 - 1/n}")
    st.markdown(t("balance.m_missing", lang))

frame.footer(data.origins(*SOURCES, "boundaries"), lang)
