"""National overview: where the zones are, how many against the target, which strategies they serve."""

import pandas as pd
import streamlit as st

from aizone import citations, progress, provenance, zones
from aizone.figures import layers, maps
from aizone.i18n import pick, t
from aizone.strategies import LAYERS
from aizone.ui import data, frame, livemap, timetravel
from aizone.ui.urlstate import url_widget

lang = frame.current_lang()
with frame.guard(lang):
    z = data.zone_table()
    gaz = data.gaz()
    pz_origin = data.origins("pilot_zones")[0]

    st.title(t("overview.title", lang))
    as_of = timetravel.as_of_control(lang)
    hl = zones.headline(z, as_of)
    st.subheader(t("overview.headline", lang, n=hl.approved, target=hl.target, year=hl.target_date.year))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.metric_zones", lang), f"{hl.approved}")
    c2.metric(t("overview.metric_target", lang, year=hl.target_date.year), t("overview.target_value", lang, target=hl.target))
    c3.metric(t("overview.metric_share", lang), f"{hl.share_of_target:.0%}")
    last = progress.last_approval(z, as_of)
    c4.metric(t("overview.metric_last", lang), progress.window_label(*last) if last else "—")
    uncertain = st.empty()  # always there, so the map below keeps its place (livemap) as the date moves
    if hl.uncertain:
        uncertain.caption(t("progress.headline_uncertain", lang, u=hl.uncertain))
    st.caption(t("overview.as_of", lang, date=pd.Timestamp(pz_origin.accessed).date().isoformat()))

    # the pills get the full width: beside the toggle, the sixth (YREB) was cut off in English
    chosen = url_widget(st.pills, t("overview.strategies", lang), key="strategies", default=[], options=LAYERS,
                        multi=True, selection_mode="multi", format_func=lambda k: t(f"strategy.{k}", lang))
    show_cities = url_widget(st.toggle, t("overview.cities", lang), key="cities", default=True,
                             parse=lambda s: s == "1", fmt=lambda v: "1" if v else "0")

    approved = zones.as_of(z, as_of)
    base = data.base_map()
    if not show_cities:
        base = maps.BaseMap(base.provinces_main, base.provinces_inset, base.maritime, None)
    fig = maps.china_map(
        base,
        inset_label=t("common.inset", lang),
        regions=layers.strategy_layers(chosen or [], data.strategy_shapes(), lang),
        points=[layers.zone_layer(approved, gaz, lang, t("overview.zones_legend", lang))],
        height=720,
    )
    livemap.live_chart(fig, key="overview_map", failed=t("common.map_failed", lang),
                       config={"topojsonURL": "app/static/", "displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["select2d", "lasso2d"]})
    source_line = provenance.citation(data.origins("pilot_zones", "strategy_members", "boundaries", "guideline"), lang)
    st.caption(frame.plain(source_line))
    if (approved["status"] == "uncertain").any():
        st.caption(t("overview.map_note", lang))

    st.subheader(t("overview.table", lang))
    cites = citations.cite_rows(z, lang)
    view = pd.DataFrame({
        t("overview.col_name", lang): [pick(a, b, lang) for a, b in zip(z["name_zh"], z["name_en"])],
        t("overview.col_level", lang): [t(f"level.{v}", lang) for v in z["unit_level"]],
        t("overview.col_date", lang): z["date"].astype(str),
        t("overview.col_basis", lang): [t(f"basis.{b}", lang) for b in z["date_basis"]],
        t("overview.col_document", lang): [c.text or d for c, d in zip(cites, z["document"])],
        t("overview.col_confidence", lang): [t(f"conf.{c}", lang) for c in z["confidence"]],
        t("overview.col_source", lang): [c.link or None for c in cites],
    })
    st.dataframe(view, hide_index=True, width="stretch",
                 column_config={t("overview.col_source", lang): st.column_config.LinkColumn()})

frame.footer(data.origins("pilot_zones", "boundaries", "gazetteer"), lang)
