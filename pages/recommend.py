"""Recommend the next zones: the k candidates that best improve regional balance and coverage, with reasons."""

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from aizone import candidates as cand
from aizone import balance, provenance, zones
from aizone.figures import layers, layers_recommend, maps
from aizone.i18n import pick, t
from aizone.recommend import engine, instance, reasons
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
                             multi=True, format_func=lambda x: labels.get(x, x), max_selections=k,
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


def _names(codes, inst, lang: str) -> str:
    return reasons.sep(lang).join(reasons.city_name(inst, c, lang) for c in codes) if codes else t("recommend.none", lang)


def _table(rows: dict, cols: dict) -> pd.DataFrame:
    return pd.DataFrame({"": list(rows), **{c: [v[i] for v in rows.values()] for i, c in enumerate(cols)}})


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
    rec = _recommend(as_of, level, key, spec)
    st.caption(t("recommend.as_of_note", lang, date=as_of.isoformat(), n=int(sum(inst.counts)), m=rec.admitted))
    for p in rec.problems:
        (st.info if p == "not_proven" else st.warning)(t(f"recommend.problem.{p}", lang))

    st.header(t("recommend.result", lang))
    before = _figures(as_of, level, key, ())
    sets = {"main": rec.solution, "runner_up": rec.runner_up, "worst": rec.worst, "best": rec.best}
    figs = {n: (_figures(as_of, level, key, s.picks) if s else None) for n, s in sets.items()}
    if rec.solution is not None:
        method = t(f"recommend.method.{rec.solution.method}", lang)
        if rec.solution.method == "local-search" and rec.solution.bound is not None:
            key_b = "recommend.bound_proved" if rec.solution.exact else "recommend.bound"
            method += t(key_b, lang, bound=f"{rec.solution.bound:.3f}", gap=f"{rec.solution.loss - rec.solution.bound:.3f}")
        st.caption(t("recommend.method", lang, method=method))
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
        rs = reasons.reasons(inst, rec, lang, before)
        words = {r.adcode: r.text for r in rs}
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

        # ------------------------------------------------------------------------------------ before / after
        st.subheader(t("recommend.before_after", lang))
        cols = {"before": before, **figs}
        heads = [t("recommend.col.before", lang), t("recommend.col.after", lang), t("recommend.col.runner_up", lang),
                 t("recommend.col.worst", lang), t("recommend.col.best", lang)]
        order = [cols["before"], cols["main"], cols["runner_up"], cols["worst"], cols["best"]]

        def row(fn):
            return [("" if f is None else fn(f)) for f in order]

        def fmt(v):
            return "—" if v is None else f"{v:.3f}"

        rows = {t("recommend.row.count", lang, target=before.target): row(lambda f: str(f.zones)),
                t("recommend.row.provinces", lang): row(lambda f: str(f.provinces))}
        for lvl in ("province", "macro"):
            for name in ("gini", "theil", "hhi"):
                rows[t("recommend.row.index", lang, index=t(f"recommend.index.{name}", lang),
                       over=t(f"recommend.over.{lvl}", lang))] = row(lambda f, n=name, l=lvl: fmt(f.index(n, l)))
        rows[t("recommend.row.strategies", lang)] = row(lambda f: f"{len(f.strategies)} / 5")
        rows[t("recommend.row.macros", lang)] = row(lambda f: f"{len(f.macros)} / 4")
        st.dataframe(_table(rows, heads), hide_index=True, width="stretch")

        # ------------------------------------------------------------------------------------ each pick
        st.subheader(t("recommend.picks", lang))
        by = inst.by_code

        def robust(p):
            if p.forced:
                return t("recommend.robust.forced", lang)
            if p.robust:
                return t("recommend.robust.yes", lang)
            return t("recommend.robust.no", lang, names=_names([c for c in p.replaced_by if c not in rec.codes], inst, lang))

        picks = pd.DataFrame({
            t("recommend.col.city", lang): [labels.get(p.adcode, p.adcode) for p in rec.picks],
            t("recommend.col.gain_alone", lang): pd.array([None if p.gain_alone is None else round(p.gain_alone, 4)
                                                           for p in rec.picks], dtype="Float64"),
            t("recommend.col.gain_last", lang): [round(p.gain_last, 4) for p in rec.picks],
            t("recommend.col.score", lang): [f"{by[p.adcode].score:.1f}–{by[p.adcode].score_max:.1f}" for p in rec.picks],
            t("recommend.col.robust", lang): [robust(p) for p in rec.picks],
            t("recommend.col.adcode", lang): [p.adcode for p in rec.picks],
        })
        st.dataframe(picks, hide_index=True, width="stretch", column_config={
            t(f"recommend.col.{c}", lang): st.column_config.NumberColumn(format="%.4f") for c in ("gain_alone", "gain_last")})
        st.caption(t("recommend.gain_note", lang))
        for p in rec.picks:
            st.markdown(f"- {frame.plain(words[p.adcode])}")

        # ------------------------------------------------------------------------------------ other sets
        st.subheader(t("recommend.sets", lang))
        st.dataframe(pd.DataFrame({
            t("recommend.col.set", lang): [t(f"recommend.set.{n}", lang) for n in sets],
            t("recommend.col.cities", lang): [_names(s.picks, inst, lang) if s else t("recommend.none", lang)
                                              for s in sets.values()],
            t("recommend.col.objective", lang): [round(s.loss, 4) if s else None for s in sets.values()],
            t("recommend.col.adcode", lang): [",".join(s.picks) if s else "" for s in sets.values()],
        }), hide_index=True, width="stretch",
            column_config={t("recommend.col.objective", lang): st.column_config.NumberColumn(format="%.4f")})

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
        export = {"as_of": as_of.isoformat(), "level": level, "spec": {**spec.__dict__},
                  "picks": list(rec.codes), "objective_before": rec.loss_before, "objective_after": rec.loss_after,
                  "reasons": words, **{n: (list(s.picks) if s else None) for n, s in sets.items() if n != "main"}}
        b3.download_button(t("recommend.download_json", lang), key="recommend_json", mime="application/json",
                           data=json.dumps(export, ensure_ascii=False, indent=2, default=list).encode("utf-8"),
                           file_name=f"aizone_recommend_{as_of.isoformat()}_{lang}.json", width="stretch")

frame.footer(data.origins(*SOURCES, "guideline"), lang)
