"""Map explorer: every national programme as its own layer, on any date, zoomable to a strategy region.

The date, the map and the profile card are one fragment (``body``); the sidebar's controls are outside it.
A click on the map selects a unit; the click's event is copied into the ``city`` key (URL-bound), which
the selectbox and the profile card read. The map is ``livemap``: it stays mounted while the date moves.
"""

from __future__ import annotations

import streamlit as st

from aizone import chartconfig, explorer, provenance, unit_card, zones
from aizone.i18n import t
from aizone.ui import data, frame, livemap, timetravel
from aizone.ui.urlstate import url_widget

MAP_KEY = "explorer_map"
LAYER_KEYS = {"zones": "zones", "miit": "miit", "platforms": "platforms", "demo_zones": "demo", "hubs": "hubs",
              "macro": "macro_regions"}  # layer -> URL key (unique across pages: keys are session-wide)
LAYER_ICONS = {"zones": "●", "miit": "◆", "platforms": "▲", "demo_zones": "■", "hubs": "★", "macro": "▦"}

lang = frame.current_lang()


def _on_map_select() -> None:
    """Copy the clicked unit into the ``city`` key (a click on a unit that is not a selectable city does nothing)."""
    unit = explorer.unit_for_selection(unit_card.selection_to_adcodes(livemap.selection(MAP_KEY)),
                                       st.session_state.get("_explorer_units", ()), data.explorer_tables())
    if unit is not None:
        st.session_state["city"] = unit


def _clear() -> None:
    st.session_state["city"] = None


def _link(url: str, lang: str) -> str:
    return frame.link(url, t("explorer.col.source", lang))


def _item_line(it: unit_card.Item, lang: str) -> str:
    bits = [f"**{frame.plain(it.label)}**: {frame.plain(it.value)}"]
    if it.when:
        bits.append(f"({frame.plain(it.when)})")
    if it.confidence_text:
        bits.append(f"· {frame.plain(it.confidence_text)}")
    if it.source.text:
        link = _link(it.source.link, lang)
        bits.append(f"· {t('explorer.profile.source', lang)}: {frame.plain(it.source.text)}" + (f" {link}" if link else ""))
    return "- " + " ".join(bits)


def render_profile(p: unit_card.CityProfile, lang: str) -> None:
    st.subheader(p.name)
    level = t(f"explorer.profile.level.{p.level}", lang)
    other = p.name_en if lang == "zh" else p.name_zh
    st.caption(frame.plain(" · ".join(x for x in (other, level, p.city, p.province, p.adcode) if x)))

    st.markdown(f"**{t('explorer.profile.zone', lang)}**")
    if not p.zones:
        st.markdown(t("explorer.profile.no_zone", lang))
    for z in p.zones:
        line = t("explorer.profile.zone_line", lang, unit=z.unit, status=z.status_text, as_of=p.as_of.isoformat(),
                 date=z.date, basis=z.basis_text)
        links = " ".join(filter(None, (_link(u, lang) for u in z.sources)))
        st.markdown(f"{frame.plain(line)} · {frame.plain(z.confidence_text)} {links}")
        if z.document:
            st.caption(frame.plain(f"{t('explorer.profile.document', lang)}: {z.document}"))

    st.markdown(f"**{t('explorer.profile.strategies', lang)}**")
    if not p.strategies:
        st.markdown(t("explorer.profile.no_strategy", lang))
    else:
        st.markdown("\n".join(
            f"- {frame.plain(s.name)}: {frame.plain(s.scope_text)}"
            + (f" ({frame.plain(t('explorer.profile.via', lang, via=s.via_name))})" if s.via != p.adcode else "")
            for s in p.strategies))

    st.markdown(f"**{t('explorer.profile.programmes', lang)}**")
    st.markdown("\n".join(_item_line(i, lang) for i in p.programmes) if p.programmes else t("explorer.profile.no_programmes", lang))

    st.markdown(f"**{t('explorer.profile.indicators', lang)}**")
    st.markdown("\n".join(_item_line(i, lang) for i in p.indicators))

    if p.flags:
        st.markdown(f"**{t('explorer.profile.flags', lang)}**")
        st.markdown("\n".join(f"- ⚠ {frame.plain(f)}" for f in p.flags))


def sidebar_controls(lang: str) -> tuple[list[str], tuple[str, ...], str, str, str]:
    """The layer, area, indicator and zoom controls (every one lives in the URL as a code)."""
    shown = []
    with st.sidebar:
        st.divider()
        st.markdown(f"**{t('explorer.layers', lang)}**")
        for key in explorer.LAYERS:
            on = url_widget(st.checkbox, f"{LAYER_ICONS[key]} {t(f'explorer.toggle.{key}', lang)}", key=LAYER_KEYS[key],
                            default=key == "zones", parse=lambda s: s == "1", fmt=lambda v: "1" if v else "0",
                            help=t(f"explorer.layer.{key}", lang))
            if on:
                shown.append(key)
        chosen = url_widget(st.multiselect, t("explorer.strategies", lang), key="areas", default=[],
                            options=explorer.STRATEGY_LAYERS, multi=True,
                            format_func=lambda k: t(f"strategy.{k}", lang), placeholder="—")
        ind = url_widget(st.selectbox, t("explorer.indicator", lang), key="indicator", default="none",
                         options=("none",) + explorer.INDICATORS,
                         format_func=lambda k: t("explorer.indicator_none", lang) if k == "none" else t(f"explorer.ind.{k}", lang))
        level = url_widget(st.segmented_control, t("explorer.level", lang), key="level", default="province",
                           options=explorer.UNIT_LEVELS, format_func=lambda k: t(f"explorer.unitlevel.{k}", lang),
                           required=True, help=t("explorer.level_help", lang))
        zoom = url_widget(st.selectbox, t("explorer.zoom", lang), key="zoom", default=explorer.NATIONAL,
                          options=explorer.ZOOMS,
                          format_func=lambda k: t("explorer.zoom.national", lang) if k == explorer.NATIONAL else t(f"strategy.{k}", lang))
    return shown, tuple(chosen or ()), ind, level, zoom


@st.fragment
def body(tb: explorer.Tables, lang: str, shown: list[str], chosen: tuple[str, ...], ind: str, level: str,
         zoom: str) -> None:
    """Everything that follows the date, as a fragment: moving the slider (or clicking the map, or choosing a
    city) reruns this part alone, about half the page's elements; Streamlit's browser side handling the other
    half was ~60 ms of each date step. The sidebar's controls rerun the whole page and hand their values in."""
    with frame.guard(lang):
        as_of = timetravel.as_of_control(lang, key="as_of")  # the shared slider with ▶ play, also on overview/progress
        hl = zones.headline(tb.zones, as_of)
        st.markdown(f"**{t('explorer.headline', lang, date=hl.as_of.isoformat(), n=hl.approved, target=hl.target)}**")
        # a line on every date, so the map under it never moves (one that came and went jumped it ~40 px)
        st.caption(t("explorer.headline_uncertain", lang, u=hl.uncertain) if hl.uncertain
                   else t("explorer.headline_certain", lang))
        left, right = st.columns([3, 1.3])
        # --- the selected unit: chosen here or by a click on the map (the callback writes the same key)
        options = tb.options_at(level or "province")  # every county at the county level
        labels = tb.unit_labels(lang)
        st.session_state["_explorer_units"] = options
        picked = st.session_state.get("city")
        if picked is not None and picked not in set(options):  # a county left by the county level, or another page's value
            if explorer.city_of(picked, tb) in set(options):
                st.session_state["city"] = explorer.city_of(picked, tb)
            else:
                del st.session_state["city"]
        with right:
            city = url_widget(st.selectbox, t("explorer.city", lang), key="city", default=None, options=options,
                              format_func=lambda c: labels.get(c, c),
                              placeholder=t("explorer.city_placeholder" + ("_county" if level == "county" else ""), lang))
            st.button(t("explorer.clear", lang), on_click=_clear, disabled=city is None, key="clear_city")

        view = explorer.View(as_of=as_of, layers=tuple(shown), strategies=tuple(chosen or ()),
                             indicator=None if ind in (None, "none") else ind, level=level or "province",
                             zoom=zoom or explorer.NATIONAL, city=city, lang=lang)
        fig = explorer.cached_spec(view, tb, data.base_map())
        with left:  # kept mounted: a date step redraws the map in place instead of rebuilding the chart
            livemap.live_chart(
                fig, key=MAP_KEY, on_select=_on_map_select, failed=t("common.map_failed", lang),
                config={"topojsonURL": "app/static/", "displaylogo": False, "scrollZoom": True, "responsive": True,
                        "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
                image_name=chartconfig.image_filename(t("explorer.image_file", lang), as_of.isoformat()),
            )
        sources = explorer.source_names(view.layers, view.indicator, view.strategies)
        left.caption(frame.plain(provenance.citation(data.origins(*sources), lang)))
        left.caption(" ".join(explorer.notes(view, tb, lang)))

        with right:
            with st.container(border=True):
                if city is None:
                    st.markdown(f"**{t('explorer.profile.title', lang)}**")
                    st.caption(t("explorer.profile.empty", lang))
                else:
                    render_profile(unit_card.city_profile(city, lang, as_of=as_of, tb=tb), lang)


with frame.guard(lang):
    tb = data.explorer_tables()
    st.title(t("explorer.title", lang))
    st.caption(t("explorer.intro", lang))
    controls = sidebar_controls(lang)
body(tb, lang, *controls)  # guarded inside: on its own reruns nothing outside it runs

frame.footer(data.origins("pilot_zones", "miit_pilot_zones", "boundaries", "gazetteer"), lang)
