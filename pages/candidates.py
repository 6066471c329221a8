"""Candidate assessment: the guideline's four conditions applied openly, gaps kept visible, and what-if scenarios."""

import math

import pandas as pd
import streamlit as st

from aizone import candidates as cand
from aizone import cardlink, chartconfig, county_candidates, coverage, ranking, rounding
from aizone import eligibility as elig
from aizone import scenarios as scen
from aizone import zones
from aizone.config import ELIGIBILITY, GUIDELINE
from aizone.figures import charts_candidates as charts
from aizone.i18n import pick, t
from aizone.strategies import STRATEGIES
from aizone.ui import county_section, data, frame
from aizone.ui.upload import upload_panel
from aizone.ui.urlstate import url_widget

PLOT_CONFIG = {"topojsonURL": "app/static/", "displaylogo": False}
SOURCES = ("pilot_zones", *cand.TABLES_USED, "strategy_members", "macro_regions", "gazetteer")
TOP_N = 25


def _key() -> tuple:
    """Cache key: the checksums the sidecars record, so an edited, re-signed table is picked up."""
    return tuple(o.checksum for o in data.origins(*SOURCES))


@st.cache_data(show_spinner=False, max_entries=2)
def _shipped(key: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    gaz = data.gaz()
    units = cand.universe(gaz=gaz, zones=data.table("pilot_zones"), macro=data.table("macro_regions"),
                          members=data.table("strategy_members"))
    tabs = {n: data.table(n) for n in cand.TABLES_USED}
    return units, cand.evidence(units, tabs=tabs, gaz=gaz)


def _approved() -> pd.DataFrame:
    z = data.zone_table()
    return zones.as_of(z, zones.data_date(), include_uncertain=False)


@st.cache_data(show_spinner=False, max_entries=64)
def _project(picks: tuple, key: tuple) -> scen.Projection:
    inputs = None
    try:
        from aizone import balance as bal

        inputs = bal.Inputs(data.gaz(), data.table("strategy_members"), data.table("macro_regions"),
                            data.table("province_stats"), data.table("city_stats"))
    except (ImportError, AttributeError, TypeError):
        inputs = None
    return scen.project(scen.Scenario(picks), _approved(), data.gaz(), data.table("strategy_members"),
                        data.table("macro_regions"), inputs=inputs)


def _weight(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise ValueError(text)
    return min(max(v, ELIGIBILITY.weight_min), ELIGIBILITY.weight_max)


def _problem_text(p: scen.Problem, lang: str, labels: dict) -> str:
    params = {k: labels.get(v, v) if k == "code" else v for k, v in p.params.items()}
    return t(f"candidates.err.{p.code}", lang, **params)


def _load_json(side: str, vocab: scen.Vocabulary) -> None:
    """File-uploader callback: runs before the rerun, so it may set the picker's state."""
    f = st.session_state.get(f"scenario_{side}_upload")
    if f is None:
        return
    sc, problems = scen.from_json(f.getvalue(), vocab)
    st.session_state[f"scenario_{side}_problems"] = problems
    if sc is not None:
        st.session_state[f"scenario_{side}_sel"] = list(sc.picks)
        st.session_state[f"scenario_{side}_name"] = sc.name


def _scenario_panel(side: str, lang: str, vocab: scen.Vocabulary, labels: dict, key: tuple) -> scen.Projection:
    sel, url_key = f"scenario_{side}_sel", f"scenario_{side}"
    if sel not in st.session_state:
        sc, problems = scen.from_param(st.query_params.get(url_key), vocab)
        st.session_state[sel] = list(sc.picks)
        st.session_state[f"scenario_{side}_problems"] = problems
    name = t("candidates.scenario_name", lang, side=side.upper())
    st.subheader(name)
    picks = st.multiselect(t("candidates.pick", lang), options=list(labels), key=sel, format_func=lambda c: labels.get(c, c),
                           max_selections=scen.MAX_PICKS, placeholder=t("candidates.pick_placeholder", lang))
    param = ",".join(picks)
    if param:
        if st.query_params.get(url_key) != param:
            st.query_params[url_key] = param
    elif url_key in st.query_params:
        del st.query_params[url_key]
    problems = st.session_state.get(f"scenario_{side}_problems") or []
    if problems:
        st.warning("\n\n".join(frame.plain(_problem_text(p, lang, labels)) for p in problems), icon="⚠️")

    proj = _project(tuple(picks), key)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("candidates.m_count", lang, target=proj.target), f"{proj.after}", delta=f"+{len(picks)}" if picks else None)
    gap = proj.gap_to_target
    c2.metric(t("candidates.m_gap", lang), t("candidates.reached", lang) if gap <= 0 else str(gap))
    c3.metric(t("candidates.m_provinces", lang), f"{proj.provinces_after}",
              delta=f"+{proj.provinces_after - proj.provinces_before}" if proj.provinces_after > proj.provinces_before else None)
    prov_names = data.gaz().query("level == 'province'").drop_duplicates("adcode").set_index("adcode")
    sep = "、" if lang == "zh" else ", "
    new_bits = []
    for label_key, items in (("candidates.new_macro", [t(f"macro.{k}", lang) for k in proj.new_macro]),
                             ("candidates.new_strategies", [t(f"strategy.{k}", lang) for k in proj.new_strategies]),
                             ("candidates.new_provinces", [str(pick(prov_names.at[p, "short_zh"], prov_names.at[p, "name_en"], lang))
                                                           for p in proj.new_provinces])):
        new_bits.append(t(label_key, lang, items=sep.join(items) if items else t("candidates.none", lang)))
    st.caption(frame.plain(" · ".join(new_bits)))

    now_col, after_col = t("candidates.col.now", lang), t("candidates.col.after", lang)
    macro = pd.DataFrame({t("candidates.col.macro", lang): [t(f"macro.{k}", lang) for k in proj.macro["macro_region"]],
                          now_col: proj.macro["before"], after_col: proj.macro["after"]})
    strat = pd.DataFrame({t("candidates.col.strategy", lang): [t(f"strategy.{k}", lang) for k in proj.strategies["strategy_id"]],
                          now_col: proj.strategies["before"], after_col: proj.strategies["after"]})
    st.dataframe(macro, hide_index=True, placeholder=frame.MISSING, width="stretch")
    st.dataframe(strat, hide_index=True, placeholder=frame.MISSING, width="stretch")
    if proj.measures is not None:
        m = proj.measures
        st.dataframe(pd.DataFrame({
            t("candidates.col.measure", lang): [t(f"candidates.measure.{k}", lang) for k in m["measure"]],
            t("candidates.col.over", lang): [t(f"candidates.over.{k}", lang) for k in m["over"]],
            now_col: rounding.column(m["before"], "index"), after_col: rounding.column(m["after"], "index"),
            # the change of the values shown, so the three cells add up as the reader checks them
            t("candidates.col.change", lang): rounding.column(rounding.column(m["after"], "index")
                                                              - rounding.column(m["before"], "index"), "index"),
        }), hide_index=True, placeholder=frame.MISSING, width="stretch")
        st.caption(t("candidates.measures_note", lang))
    else:
        st.info(t(proj.note or "candidates.note_no_balance", lang))

    sc = scen.Scenario(tuple(picks), st.session_state.get(f"scenario_{side}_name", ""))
    d1, d2 = st.columns(2)
    d1.download_button(t("candidates.download_json", lang), data=sc.to_json().encode("utf-8"), mime="application/json",
                       file_name=f"aizone_scenario_{side}.json", key=f"scenario_{side}_download", width="stretch")
    d2.file_uploader(t("candidates.load_json", lang), type=["json"], key=f"scenario_{side}_upload",
                     on_change=_load_json, args=(side, vocab), help=t("candidates.load_json_help", lang))
    return proj


lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("candidates.title", lang))
    st.write(t("candidates.intro", lang, doc=GUIDELINE.doc_no))
    key = _key()
    units, shipped = _shipped(key)
    excluded = ("、" if lang == "zh" else ", ").join(str(pick(z, e, lang)) for z, e in cand.EXCLUDED_PROVINCES.values())
    st.caption(t("candidates.universe_note", lang, n=len(units), cities=int((units["path"] == "city").sum()),
                 counties=int((units["path"] == "county").sum())) + " " + t("candidates.excluded_note", lang, places=excluded))

    user_df = None
    with st.expander(t("candidates.own_data", lang)):
        st.caption(t("candidates.own_data_note", lang, cols=", ".join(cand.INDICATORS)))
        user_df = upload_panel(lang)
    user_df, user_counties = county_candidates.split_user_rows(user_df)  # county rows go to the county section
    ev = cand.merge_user_data(shipped, user_df)
    user_codes = set(ev.loc[ev["source"] == "user", "adcode"])
    if user_codes:
        st.success(t("candidates.user_merged", lang, n=len(user_codes)), icon=":material/edit:")
    if ev.attrs.get("ignored_columns"):
        st.caption(frame.plain(t("candidates.ignored_cols", lang, cols=", ".join(map(str, ev.attrs["ignored_columns"])))))
    matrix, verdicts = elig.assess_all(ev, units)
    st.info(frame.plain(coverage.headline(matrix, ev, lang)), icon=":material/fact_check:")

    # A card link (?city=) opens its unit's path when the link names no path.
    vocab = scen.Vocabulary.build(units, data.zone_table(), data.gaz())
    link = cardlink.read(st.query_params.get_all(cardlink.PARAM), vocab, dict(zip(units["adcode"], units["path"])))
    default_path = link.path if link.path and "path" not in st.query_params else elig.CITY

    # ------------------------------------------------------------------------------------------ filters
    f1, f4 = st.columns([1, 2])
    f2, f3 = st.container(), st.container()  # full width each: pills do not wrap, and side by side the fifth strategy was cut off
    path = url_widget(f1.segmented_control, t("candidates.path", lang), key="path", default=default_path,
                      options=(elig.CITY, elig.COUNTY), format_func=lambda k: t(f"candidates.path_{k}", lang), required=True)
    path = path or elig.CITY
    chosen_s = url_widget(f2.pills, t("candidates.f_strategy", lang), key="strategy", default=[], options=STRATEGIES,
                          multi=True, selection_mode="multi", format_func=lambda k: t(f"strategy.{k}", lang))
    chosen_m = url_widget(f3.pills, t("candidates.f_macro", lang), key="macro", default=[], options=scen.MACROS,
                          multi=True, selection_mode="multi", format_func=lambda k: t(f"macro.{k}", lang))
    provs = units.drop_duplicates("province_adcode").sort_values("province_adcode")
    prov_label = {p: str(pick(z, e, lang)) for p, z, e in zip(provs["province_adcode"], provs["province_zh"], provs["province_en"])}
    chosen_p = url_widget(f4.multiselect, t("candidates.f_province", lang), key="province", default=[],
                          options=list(prov_label), multi=True, format_func=lambda p: prov_label.get(p, p),
                          placeholder=t("candidates.all", lang))

    weights = ELIGIBILITY.default_weights()
    if path == elig.CITY:  # the county path has one group of criteria: condition weights do not apply
        with st.expander(t("candidates.weights", lang)):
            st.caption(t("candidates.weights_note", lang))
            for col, c in zip(st.columns(len(ELIGIBILITY.conditions)), ELIGIBILITY.conditions):
                weights[c.key] = url_widget(
                    col.slider, f"{pick(c.clause.clause_zh, c.clause.clause_en, lang)}", key=f"w_{c.key}",
                    default=float(c.clause.value), parse=_weight, fmt=lambda v: f"{v:g}",
                    min_value=ELIGIBILITY.weight_min, max_value=ELIGIBILITY.weight_max, step=ELIGIBILITY.weight_step)
    if path == elig.CITY and sum(weights.values()) <= 0:
        st.warning(t("candidates.zero_weights", lang))

    scores = elig.score_table(matrix, weights)
    scores = scores[scores["path"] == path]
    shown = units.set_index("adcode").loc[scores.index]
    keep = pd.Series(True, index=shown.index)
    if chosen_s:
        keep &= shown["strategies"].map(lambda s: bool(set(str(s).split(";")) & set(chosen_s)))
    if chosen_m:
        keep &= shown["macro_region"].isin(chosen_m)
    if chosen_p:
        keep &= shown["province_adcode"].isin(chosen_p)
    scores_v = scores[keep.values]

    # ------------------------------------------------------------------------------------------ ranking
    st.header(t("candidates.ranking", lang))
    crit_keys = [c.key for c in elig.criteria(path)]
    sub = matrix.loc[scores_v.index, crit_keys]
    n_cells = max(1, sub.size)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("candidates.m_units", lang), f"{len(scores_v)}")
    m2.metric(t("candidates.m_known", lang), f"{(sub != elig.UNKNOWN).to_numpy().sum() / n_cells:.0%}")
    m3.metric(t("candidates.m_any_pass", lang), f"{int((sub == elig.PASS).any(axis=1).sum())}")
    m4.metric(t("candidates.m_last", lang), f"{int((scores_v['worst'] == scores['worst'].max()).sum())}" if len(scores_v) else "0")
    st.caption(t("candidates.rank_note", lang, n=len(scores)))
    st.caption(t("candidates.legend", lang))
    st.caption(t("candidates.rules", lang))
    if scores_v.empty:
        st.info(t("candidates.no_match", lang))
    else:
        view = cand.ranking_view(units, scores_v, matrix, lang, user_codes)
        st.dataframe(view, hide_index=True, placeholder=frame.MISSING, width="stretch", height=420, column_config={
            t("candidates.col.score", lang): st.column_config.NumberColumn(format="%.1f"),
            t("candidates.col.score_max", lang): st.column_config.NumberColumn(format="%.1f"),
        })
        st.download_button(t("candidates.download_csv", lang), data=view.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"aizone_candidates_{path}_{lang}.csv", mime="text/csv", key="ranking_csv")
        top = scores_v.head(TOP_N)
        names_top = units.set_index("adcode").loc[top.index]
        labels_top = [cand.unit_name(r, lang) for r in names_top.to_dict("records")]
        st.plotly_chart(charts.evidence_bars(top, labels_top, lang, title=t("candidates.chart_title", lang, n=len(top))),
                        width="stretch", config=chartconfig.plotly_config(lang, PLOT_CONFIG), key="evidence_bars")
        st.caption(frame.plain(t("candidates.chart_note", lang)))

    # ------------------------------------------------------------------------------------------ city card
    st.header(t("candidates.card", lang))
    by_code = units.set_index("adcode")
    records = by_code.to_dict("index")
    path_codes = list(scores.index)
    labels_path = {c: cand.unit_label(records[c], lang) for c in path_codes}
    default_city = scores_v.index[0] if len(scores_v) else path_codes[0]
    if link.problem:
        st.warning(frame.plain(t(f"candidates.cardlink.{link.problem}", lang, code=link.code)), icon="⚠️")
    elif link.adcode and link.path != path:
        st.warning(frame.plain(t("candidates.cardlink.other_path", lang, code=link.adcode,
                                 path=t(f"candidates.path_{link.path}", lang))), icon="⚠️")
    # Always in the URL, the top city too: the default follows the filters, so a link must name its card.
    city = url_widget(st.selectbox, t("candidates.card_pick", lang), key=cardlink.PARAM, default=default_city,
                      options=path_codes, format_func=lambda c: labels_path.get(c, c), keep_default=True)
    if city in by_code.index and city in scores.index:
        unit, s = by_code.loc[city], scores.loc[city]
        with st.container(border=True):
            st.subheader(frame.plain(f"{cand.unit_label(unit, lang)} · {city}"))
            meta = [t(f"macro.{unit['macro_region']}", lang), t(f"candidates.kind_{unit['unit_kind']}", lang),
                    t(f"candidates.path_{unit['path']}", lang)]
            if unit["strategies"]:
                meta.append(cand.strategies_text(unit["strategies"], lang))
            st.caption(frame.plain(" · ".join(meta)))
            if unit["zones_inside"]:
                zt = data.zone_table()
                inside = zt[zt["adcode"].isin(str(unit["zones_inside"]).split(";"))]
                names = [str(pick(z, e, lang)) for z, e in zip(inside["name_zh"], inside["name_en"])]
                st.caption(frame.plain(t("candidates.zone_inside", lang, names=", ".join(names))))
            k1, k2, k3, k4 = st.columns(4)
            k1.metric(t("candidates.col.score", lang), rounding.text(s["score"], "score"))
            k2.metric(t("candidates.col.score_max", lang), rounding.text(s["score_max"], "score"))
            k3.metric(ranking.rank_label(s, lang), ranking.places(s))  # the tie in the label: the value fits the column
            k4.metric(t("candidates.col.range", lang), f"{int(s['best'])}–{int(s['worst'])}")
            st.markdown(frame.plain(cand.rank_sentence(s, lang)))
            rows = cand.card_rows(verdicts[city], lang)
            cols = {k: t(f"candidates.c.{k}", lang) for k in
                    ("clause", "criterion", "status", "evidence", "year", "url", "why", "note", "confidence", "source")}
            card = pd.DataFrame({cols[k]: rows[k] for k in cols})
            st.dataframe(card, hide_index=True, placeholder=frame.MISSING, width="stretch", height=min(36 * len(card) + 40, 1200), column_config={
                cols["clause"]: st.column_config.TextColumn(width="small"),
                cols["criterion"]: st.column_config.TextColumn(width="medium"),
                cols["status"]: st.column_config.TextColumn(width="small"),
                cols["evidence"]: st.column_config.TextColumn(width="medium"),
                cols["year"]: st.column_config.TextColumn(width="small"),
                cols["url"]: st.column_config.LinkColumn(width="small"),
                cols["why"]: st.column_config.TextColumn(width="large"),
            })
            unknown = rows[rows["status"].str.startswith(cand.ICONS[elig.UNKNOWN])].drop_duplicates("criterion")
            if len(unknown):
                st.markdown("**" + frame.plain(t("candidates.unknowns", lang)) + "**")
                colon = "：" if lang == "zh" else ": "
                st.markdown("\n".join(f"- {frame.plain(c)}{colon}{frame.plain(w)}"
                                      for c, w in zip(unknown["criterion"], unknown["why"])))
            with st.expander(t("candidates.quotes", lang)):
                for c in elig.criteria(unit["path"]):
                    st.caption(frame.plain(f"{pick(c.clause.clause_zh, c.clause.clause_en, lang)} · "
                                            f"{t(f'candidates.crit.{c.key}', lang)}: 「{c.quote_zh}」"))
            st.download_button(t("candidates.download_card", lang),
                               data=cand.card_markdown(city, unit, s, verdicts[city], lang).encode("utf-8"),
                               file_name=f"aizone_card_{city}_{lang}.md", mime="text/markdown", key="card_md")
            st.caption(t("candidates.print_hint", lang))

    # ------------------------------------------------------------------------------------------ counties
    county_section.render(lang, user_counties)

    # ------------------------------------------------------------------------------------------ what-if
    st.header(t("candidates.whatif", lang))
    approved = _approved()
    st.caption(t("candidates.whatif_note", lang, n=len(approved), target=GUIDELINE.target_zones.value,
                 year=GUIDELINE.target_date.value.year))
    all_labels = {c: cand.unit_label(records[c], lang) for c in units["adcode"]}
    left, right = st.columns(2, gap="large")
    projections = {}
    for side, col in (("a", left), ("b", right)):
        with col:
            projections[side] = _scenario_panel(side, lang, vocab, all_labels, key)
    pa, pb = projections["a"], projections["b"]
    for side, p in (("A", pa), ("B", pb)):
        line = p.balance_line(side, lang) if p.scenario.picks else ""
        if line:
            st.markdown(line)
    if pa.scenario.picks or pb.scenario.picks:
        names = {t("candidates.scenario_name", lang, side="A"): pa, t("candidates.scenario_name", lang, side="B"): pb}
        c1, c2 = st.columns(2)
        c1.plotly_chart(charts.scenario_bars(
            pa.macro.set_index("macro_region")["before"],
            {n: p.macro.set_index("macro_region")["after"] for n, p in names.items()},
            list(scen.MACROS), [t(f"macro.{k}", lang) for k in scen.MACROS], lang, title=t("candidates.chart_macro", lang)),
            width="stretch", config=chartconfig.plotly_config(lang, PLOT_CONFIG), key="scenario_macro")
        c2.plotly_chart(charts.scenario_bars(
            pa.strategies.set_index("strategy_id")["before"],
            {n: p.strategies.set_index("strategy_id")["after"] for n, p in names.items()},
            list(STRATEGIES), [t(f"strategy.{k}", lang) for k in STRATEGIES], lang, title=t("candidates.chart_strategy", lang)),
            width="stretch", config=chartconfig.plotly_config(lang, PLOT_CONFIG), key="scenario_strategy")

frame.footer(data.origins(*SOURCES, "guideline"), lang)
