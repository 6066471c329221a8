"""Recommend the next zones: the k candidates that best improve regional balance and coverage, with reasons."""

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from aizone import candidates as cand
from aizone import balance, provenance, zones
from aizone.figures import layers, layers_recommend, maps
from aizone.i18n import t
from aizone.recommend import engine, instance, reasons, views
from aizone.recommend import spec as sp
from aizone.recommend.figures import figures
from aizone.ui import data, frame, livemap, timetravel
from aizone.ui.urlstate import url_widget

SOURCES = ("pilot_zones", *cand.TABLES_USED, "strategy_members", "macro_regions", "province_stats", "city_stats",
           "gazetteer")
MAP_CONFIG = {"topojsonURL": "app/static/", "displaylogo": False, "responsive": True,
              "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
CANDIDATES_PAGE = Path(__file__).resolve().parent / "candidates.py"  # absolute: the app may be run from elsewhere
BRIEFING_PAGE = Path(__file__).resolve().parent / "briefing.py"


def _key() -> tuple:
    return tuple(o.checksum for o in data.origins(*SOURCES))


@st.cache_data(show_spinner=False, max_entries=2)
def _universe(key: tuple) -> pd.DataFrame:
    gaz = data.gaz()
    units = cand.universe(gaz=gaz, zones=data.table("pilot_zones"), macro=data.table("macro_regions"),
                          members=data.table("strategy_members"), include_zones=True)
    tabs = {n: data.table(n) for n in cand.TABLES_USED}
    return instance.assessed(units, cand.evidence(units, tabs=tabs, gaz=gaz))


@st.cache_resource(show_spinner=False, max_entries=8)
def _instance(as_of, level: str, key: tuple) -> instance.Instance:
    inputs = balance.Inputs(data.gaz(), data.table("strategy_members"), data.table("macro_regions"),
                                     data.table("province_stats"), data.table("city_stats"))
    return instance.build(data.zone_table(), as_of, inputs, _universe(key), level)


@st.cache_resource(show_spinner=False, max_entries=64)
def _recommend(as_of, level: str, key: tuple, spec: sp.Spec) -> engine.Recommendation:
    return engine.recommend(_instance(as_of, level, key), spec)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figures(as_of, level: str, key: tuple, picks: tuple) -> object:
    return figures(_instance(as_of, level, key), list(picks))


def _float(lo: float, hi: float):
    def parse(text: str) -> float:
        v = float(text)
        if not lo <= v <= hi:
            raise ValueError(text)
        return v
    return parse


def _int(lo: int, hi: int):
    def parse(text: str) -> int:
        v = int(text)
        if not lo <= v <= hi:
            raise ValueError(text)
        return v
    return parse


def _controls(lang: str, labels: dict) -> tuple[sp.Spec, str]:
    objective = url_widget(st.segmented_control, t("recommend.objective", lang), key="objective", default="theil",
                           options=sp.OBJECTIVES, required=True, format_func=lambda o: t(f"recommend.objective.{o}", lang))
    c1, c3 = st.columns([3, 2])
    k = url_widget(c1.slider, t("recommend.k", lang), key="k", default=3, parse=_int(sp.K_MIN, sp.K_MAX),
                   min_value=sp.K_MIN, max_value=sp.K_MAX, step=1)
    level = url_widget(c3.segmented_control, t("recommend.level", lang), key="level", default="province",
                       options=instance.LEVELS, required=True, format_func=lambda o: t(f"recommend.level.{o}", lang))
    weights = ()
    if objective == "mix":
        with st.expander(t("recommend.weights", lang), expanded=True):
            cols = st.columns(len(sp.WEIGHT_KEYS))
            weights = tuple((w, url_widget(col.slider, t(f"recommend.weight.{w}", lang), key=f"mw_{w}",
                                           default=float(sp.DEFAULT_MIX.get(w, 0.0)), parse=_float(0.0, 5.0),
                                           fmt=lambda v: f"{v:g}", min_value=0.0, max_value=5.0, step=0.25))
                            for col, w in zip(cols, sp.WEIGHT_KEYS))
    with st.expander(t("recommend.constraints", lang)):
        conditions = url_widget(st.pills, t("recommend.conditions", lang), key="cond", default=[], options=sp.CONDITIONS,
                                multi=True, selection_mode="multi",
                                format_func=lambda g: t(f"candidates.cond.{g}", lang))
        b, c = st.columns([3, 2])
        mode = url_widget(b.segmented_control, t("recommend.mode", lang), key="mode", default="could", options=sp.MODES,
                          required=True, format_func=lambda m: t(f"recommend.mode.{m}", lang))
        cap = url_widget(c.number_input, t("recommend.max_per_province", lang), key="max_prov", default=0,
                         parse=_int(0, 10), min_value=0, max_value=10, step=1)
        d, e = st.columns(2)
        include = url_widget(d.multiselect, t("recommend.include", lang), key="include", default=[], options=list(labels),
                             multi=True, format_func=lambda x: labels.get(x, x),
                             placeholder=t("candidates.pick_placeholder", lang))
        exclude = url_widget(e.multiselect, t("recommend.exclude", lang), key="exclude", default=[],
                             options=[x for x in labels if x not in include], multi=True,
                             format_func=lambda x: labels.get(x, x), placeholder=t("candidates.pick_placeholder", lang))
        f, g, h = st.columns([2, 2, 2], vertical_alignment="bottom")
        county = url_widget(f.toggle, t("recommend.county", lang), key="county", default=False,
                            parse=lambda s: s == "1", fmt=lambda v: "1" if v else "0")
        floor = url_widget(g.slider, t("recommend.floor", lang), key="floor", default=0.0, parse=_float(0.0, 100.0),
                           fmt=lambda v: f"{v:g}", min_value=0.0, max_value=100.0, step=5.0)
        score_weight = url_widget(h.slider, t("recommend.score_weight", lang), key="sw", default=0.0,
                                  parse=_float(0.0, 2.0), fmt=lambda v: f"{v:g}", min_value=0.0, max_value=2.0, step=0.1)
    return sp.Spec(k=int(k), objective=objective or "theil", weights=weights, conditions=tuple(conditions or ()),
                   mode=mode or "could", max_per_province=int(cap) or None, include=tuple(include or ())[: int(k)],
                   exclude=tuple(x for x in exclude or () if x not in (include or ())), county=bool(county),
                   score_floor=float(floor), score_weight=float(score_weight)), level or "province"


lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("recommend.title", lang))
    st.caption(t("recommend.intro", lang))
    key = _key()
    as_of = timetravel.as_of_control(lang)
    universe = _universe(key)
    labels = {c: cand.unit_label(r, lang) for c, r in zip(universe["adcode"], universe.to_dict("records"))}
    spec, level = _controls(lang, labels)
    inst = _instance(as_of, level, key)
    offered = {c.adcode for c in inst.candidates}
    spec = sp.Spec(**{**spec.__dict__, "include": tuple(c for c in spec.include if c in offered),
                      "exclude": tuple(c for c in spec.exclude if c in offered)})
    if len(spec.include) < len(set(st.session_state.get("include") or ())):  # more must-includes than k
        st.warning(t("recommend.include_cut", lang, k=spec.k))
    rec = _recommend(as_of, level, key, spec)
    st.caption(t("recommend.as_of_note", lang, date=as_of.isoformat(), n=int(sum(inst.counts)), m=rec.admitted))
    for p in rec.problems:
        (st.info if p == "not_proven" else st.warning)(t(f"recommend.problem.{p}", lang))

    st.header(t("recommend.result", lang))
    before = _figures(as_of, level, key, ())
    figs = {n: (_figures(as_of, level, key, s.picks) if s else None) for n, s in views.sets(rec).items()}
    if rec.solution is not None:
        st.caption(views.method_text(rec, lang))
        main = figs["main"]
        shown = reasons.REASON_INDEX[spec.objective]
        m1, m2, m3 = st.columns(3)
        m1.metric(t("recommend.m_count", lang, target=before.target), f"{main.zones}", delta=f"+{main.zones - before.zones}")
        i0, i1 = before.index(shown, level), main.index(shown, level)
        m2.metric(t("recommend.m_index", lang, index=t(f"recommend.index.{shown}", lang), over=t(f"recommend.over.{level}", lang)),
                  "—" if i1 is None else f"{i1:.3f}",
                  delta=None if i0 is None or i1 is None else f"{i1 - i0:+.3f}", delta_color="inverse")
        m3.metric(t("recommend.m_provinces", lang), f"{main.provinces}",
                  delta=f"+{main.provinces - before.provinces}" if main.provinces > before.provinces else None)
        words = {r.adcode: r.text for r in reasons.reasons(inst, rec, lang, before)}

        approved = zones.as_of(data.zone_table(), as_of)
        pts = [layers.zone_layer(approved, data.gaz(), lang, t("recommend.legend.zones", lang), show_text=False)]
        if rec.runner_up is not None:
            extra = [c for c in rec.runner_up.picks if c not in rec.codes]
            pts.append(layers_recommend.set_layer(extra, data.gaz(), lang, t("recommend.legend.runner_up", lang),
                                                  "runner_up", layers_recommend.RUNNER_COLOUR, symbol="diamond", size=12))
        pts.append(layers_recommend.set_layer(rec.codes, data.gaz(), lang, t("recommend.legend.picks", lang), "picks",
                                              layers_recommend.PICK_COLOUR))
        fig = maps.china_map(data.base_map(), inset_label=t("common.inset", lang), points=pts, height=560)
        livemap.live_chart(fig, key="recommend_map", failed=t("common.map_failed", lang), config=MAP_CONFIG)
        st.caption(frame.plain(provenance.citation(data.origins("pilot_zones", "boundaries", "gazetteer"), lang)))

        st.subheader(t("recommend.before_after", lang))
        st.dataframe(views.before_after(before, figs, lang), hide_index=True, width="stretch")

        st.subheader(t("recommend.picks", lang))
        gain_fmt = {t(f"recommend.col.{c}", lang): st.column_config.NumberColumn(format="%.4f")
                    for c in ("gain_alone", "gain_last")}
        st.dataframe(views.picks(inst, rec, labels, lang), hide_index=True, width="stretch", column_config=gain_fmt)
        st.caption(t("recommend.gain_note", lang))
        for p in rec.picks:
            st.markdown(f"- {frame.plain(words[p.adcode])}")

        st.subheader(t("recommend.sets", lang))
        st.dataframe(views.other_sets(inst, rec, lang), hide_index=True, width="stretch", column_config={
            t("recommend.col.objective", lang): st.column_config.NumberColumn(format="%.4f")})

        b1, b2, b4, b3 = st.columns(4)
        # The what-if's state is its URL (?scenario_a=…): the link opens the candidates page with the set in it.
        for col, side in ((b1, "a"), (b2, "b")):
            col.page_link(CANDIDATES_PAGE, label=t(f"recommend.add_whatif{'' if side == 'a' else '_b'}", lang),
                          icon=":material/compare_arrows:", width="stretch",
                          query_params={"lang": lang, f"scenario_{side}": ",".join(rec.codes)})
        # The briefing page takes a what-if set from its URL (?scenario=…): the pack then carries the set's map.
        b4.page_link(BRIEFING_PAGE, label=t("recommend.to_briefing", lang), icon=":material/slideshow:", width="stretch",
                     query_params={"lang": lang, "scenario": list(rec.codes), "figure": "scenario",
                                   "as_of": as_of.isoformat()})
        b3.download_button(t("recommend.download_json", lang), key="recommend_json", mime="application/json",
                           data=json.dumps(views.export(rec, as_of, level, words), ensure_ascii=False, indent=2)
                           .encode("utf-8"), file_name=f"aizone_recommend_{as_of.isoformat()}_{lang}.json",
                           width="stretch")

frame.footer(data.origins(*SOURCES, "guideline"), lang)
