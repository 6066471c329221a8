"""National overview: where the zones are, how many against the target, which strategies they serve."""

import streamlit as st

from aizone import progress, provenance, zones
from aizone.figures import layers, maps
from aizone.i18n import t
from aizone.strategies import LAYERS
from aizone.ui import data, frame, livemap, timetravel, zonelist
from aizone.ui.urlstate import url_widget

MAP_SOURCES = ("pilot_zones", "strategy_members", "boundaries", "guideline")
FOOTER_SOURCES = ("pilot_zones", "boundaries", "gazetteer")

lang = frame.current_lang()
with frame.guard(lang):
    z = data.zone_table()
    gaz = data.gaz()

    st.title(t("overview.title", lang))
    as_of = timetravel.as_of_control(lang)
    hl = zones.headline(z, as_of)
    # the headline in bold, not a subheader, and the data's date under the map: what stood above the map
    # pushed it below a laptop's fold
    st.markdown(f"**{t('overview.headline', lang, n=hl.approved, target=hl.target, year=hl.target_date.year)}**")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.metric_zones", lang), f"{hl.approved}")
    c2.metric(t("overview.metric_target", lang, year=hl.target_date.year), t("overview.target_value", lang, target=hl.target))
    c3.metric(t("overview.metric_share", lang), f"{hl.share_of_target:.0%}")
    last = progress.last_approval(z, as_of)
    c4.metric(t("overview.metric_last", lang), progress.window_label(*last) if last else "—")
    uncertain = st.empty()  # always there, so the map below keeps its place (livemap) as the date moves
    if hl.uncertain:
        uncertain.caption(t("progress.headline_uncertain", lang, u=hl.uncertain))

    with st.sidebar:  # the map's options: above it in the page, they pushed it below the fold too
        chosen = url_widget(st.pills, t("overview.strategies", lang), key="strategies", default=[], options=LAYERS,
                            multi=True, selection_mode="multi", format_func=lambda k: t(f"strategy.{k}", lang))
        show_cities = url_widget(st.toggle, t("overview.cities", lang), key="cities", default=True,
                                 parse=lambda s: s == "1", fmt=lambda v: "1" if v else "0")

    fig = maps.china_map(
        data.base_map(cities=show_cities),
        inset_label=t("common.inset", lang),
        regions=layers.strategy_layers(chosen or [], data.strategy_shapes(), lang),
        points=[layers.zone_layer(zones.as_of(z, as_of), gaz, lang, t("overview.zones_legend", lang))],
        height=720,
    )
    livemap.live_chart(fig, key="overview_map", failed=t("common.map_failed", lang),
                       config={"topojsonURL": "app/static/", "displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["select2d", "lasso2d"]})
    st.caption(frame.plain(provenance.citation(data.origins(*MAP_SOURCES), lang)))
    st.caption(t("overview.as_of", lang, date=zones.data_date().isoformat()))
    if hl.uncertain:  # some zones on the map are drawn open
        st.caption(t("overview.map_note", lang))

    st.subheader(t("zonelist.title", lang))
    zonelist.zone_list(lang, as_of)

frame.footer(data.origins(*FOOTER_SOURCES), lang)
