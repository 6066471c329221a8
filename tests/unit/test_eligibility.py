"""The eligibility engine: each criterion's pass / fail / unknown, scores, rank ranges, and the real candidate data."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aizone import candidates as cand
from aizone.candidates import facts
from aizone import eligibility as elig
from aizone import ranking
from aizone.config import DATA, ELIGIBILITY, GUIDELINE
from aizone.eligibility import FAIL, PASS, UNKNOWN

GUIDELINE_TEXT = (DATA / "sources" / "guideline_2020_254.txt").read_text(encoding="utf-8")


def ev(*rows: dict) -> pd.DataFrame:
    """A small evidence frame for one unit (adcode 999901); each row gives at least indicator and value."""
    base = {"adcode": "999901", "kind": "actual", "bound": "exact", "year": 2023, "source": "shipped", "table": "t",
            "url": "https://example.org/x", "detail": "", "caveat": "", "confidence": "confirmed"}
    return pd.DataFrame([{**base, **r} for r in rows], columns=list(elig.EVIDENCE_COLUMNS))


def status(key: str, *rows: dict) -> str:
    return elig.evaluate(elig.BY_KEY[key], ev(*rows) if rows else elig.empty_evidence()).status


# --------------------------------------------------------------------------------------- criteria, one by one


@pytest.mark.parametrize("key,indicator", [("c1_university", "ai_universities"), ("c1_institutes", "ai_rd_institutes"),
                                           ("c3_data", "data_centres"), ("c3_platform", "open_platforms"),
                                           ("c4_plan", "ai_plan"), ("k_infrastructure", "data_centres"),
                                           ("k_scenarios", "ai_scenarios")])
def test_count_criteria_pass_fail_unknown(key, indicator):
    assert status(key, {"indicator": indicator, "value": 1.0}) == PASS
    assert status(key, {"indicator": indicator, "value": 1.0}, {"indicator": indicator, "value": 2.0}) == PASS
    assert status(key, {"indicator": indicator, "value": 0.0}) == FAIL  # an explicit zero (a user's figure)
    assert status(key) == UNKNOWN  # absent from an incomplete list
    # a context row (provincial-only plan, hub known only by province, searched-nothing-found) decides nothing
    assert status(key, {"indicator": indicator, "value": None, "caveat": "provincial_only"}) == UNKNOWN


def test_zone_criterion_reads_both_lists():
    nidz1, nidz0 = {"indicator": "nidz", "value": 1.0}, {"indicator": "nidz", "value": 0.0}
    htz1, htz0 = {"indicator": "htz", "value": 1.0}, {"indicator": "htz", "value": 0.0, "caveat": "htz_incomplete"}
    lead = {"indicator": "htz", "value": None, "caveat": "htz_gap_lead"}
    assert status("c2_zone", nidz1, htz0) == PASS
    assert status("c2_zone", nidz0, htz1) == PASS
    assert status("c2_zone", nidz0, htz0) == FAIL  # complete list + 176-of-178 list: a caveated no
    assert status("c2_zone", nidz0, lead) == UNKNOWN  # a named lead for the 2 missing zones stays open
    assert status("c2_zone", nidz0) == UNKNOWN  # no high-tech-zone row at all: not checked
    assert status("c2_zone") == UNKNOWN
    v = elig.evaluate(elig.BY_KEY["c2_zone"], ev(nidz1, htz1, htz1))
    assert v.status == PASS and len(v.evidence) == 3, "the card lists every zone, not just the first list"


def test_priority_falls_back_to_plans_but_an_explicit_answer_wins():
    plan = {"indicator": "ai_plan", "value": 1.0}
    assert status("c2_priority", plan) == PASS
    assert status("c2_priority", {"indicator": "ai_priority", "value": 0.0}, plan) == FAIL
    assert status("c2_priority") == UNKNOWN


@pytest.mark.parametrize("key,indicator,minimum", [("c2_core", "ai_core_bn", 5.0), ("c2_related", "ai_related_bn", 20.0)])
def test_threshold_criteria(key, indicator, minimum):
    def row(value, **kw):
        return {"indicator": indicator, "value": value, **kw}

    assert status(key, row(minimum + 0.1)) == PASS
    assert status(key, row(minimum)) == FAIL, "超过 means strictly above"
    assert status(key, row(minimum / 2, bound="approx")) == FAIL
    assert status(key, row(minimum / 2, bound="at-least")) == UNKNOWN, "a lower bound under the bar proves nothing"
    assert status(key, row(minimum * 2, bound="at-least")) == PASS, "a lower bound over the bar is enough"
    assert status(key, row(minimum * 10, kind="target")) == UNKNOWN, "a target is never a pass"
    assert status(key, row(minimum * 10, kind="estimate")) == UNKNOWN
    assert status(key, row(minimum / 2, kind="target")) == UNKNOWN, "nor a fail"
    # only the latest figure can fail: an old exact figure followed by a newer lower bound stays open
    assert status(key, row(minimum / 2, year=2019), row(minimum / 2, year=2022, bound="at-least")) == UNKNOWN
    assert status(key, row(minimum / 2, year=2022), row(minimum / 3, year=2019, bound="at-least")) == FAIL
    assert status(key, row(minimum / 2, year=2019), row(minimum * 2, year=2022)) == PASS
    assert status(key) == UNKNOWN
    v = elig.evaluate(elig.BY_KEY[key], ev(row(minimum * 3, year=2021), row(minimum * 9, kind="target", year=2025)))
    assert v.params["value"] == minimum * 3 and v.params["min"] == minimum
    assert [r["kind"] for r in v.context] == ["target"], "targets shown beside the verdict"


def test_thresholds_are_the_guidelines():
    assert ELIGIBILITY.core_industry_min_bn_cny is GUIDELINE.core_industry_min_bn_cny
    assert ELIGIBILITY.core_industry_min_bn_cny.value == 5.0 and "超过50亿元" in ELIGIBILITY.core_industry_min_bn_cny.quote_zh
    assert ELIGIBILITY.related_industry_min_bn_cny.value == 20.0
    assert ELIGIBILITY.default_weights() == {"C1": 1.0, "C2": 1.0, "C3": 1.0, "C4": 1.0}


def test_county_path_never_fails_on_missing_lists():
    assert status("k_industry", {"indicator": "ai_core_bn", "value": 6.0}) == PASS
    assert status("k_industry", {"indicator": "ai_core_bn", "value": 1.0}) == UNKNOWN, "the guideline sets no county figure"
    assert status("k_rd", {"indicator": "htz", "value": 1.0}) == PASS
    assert status("k_rd", {"indicator": "htz", "value": 0.0}, {"indicator": "nidz", "value": 0.0},
                  {"indicator": "ai_universities", "value": 0.0}, {"indicator": "ai_rd_institutes", "value": 0.0}) == UNKNOWN


def test_every_criterion_quotes_the_guideline_under_its_clause():
    text = re.sub(r"\s+", "", GUIDELINE_TEXT)
    part3 = text[text.index("三、申请条件"):text.index("四、建设程序")]
    for c in elig.CRITERIA:
        assert c.quote_zh in part3, c.key
        clause = c.clause
        parts = [p for p in clause.quote_zh.split("……") if p]
        assert all(p in part3 for p in parts), clause.clause_zh
        if c.path == elig.CITY:
            heading = clause.clause_zh.removeprefix("三")  # （一）科教资源丰富
            start = part3.index(heading)
            nxt = min([part3.index(h, start + 1) for h in ("（二）", "（三）", "（四）", "对于人工智能产业优势明显")
                       if h in part3[start + 1:]], default=len(part3))
            assert c.quote_zh in part3[start:nxt], f"{c.key} is not under {clause.clause_zh}"
        else:
            assert c.quote_zh in part3[part3.index("对于人工智能产业优势明显"):]


# --------------------------------------------------------------------------------------------- scores, ranks


def test_score_bounds():
    keys = [c.key for c in elig.criteria(elig.CITY)]
    all_unknown = {k: UNKNOWN for k in keys}
    assert elig.score_bounds(all_unknown, elig.CITY) == (0.0, 100.0)
    all_pass = {k: PASS for k in keys}
    assert elig.score_bounds(all_pass, elig.CITY) == (100.0, 100.0)
    one = {**{k: FAIL for k in keys}, "c4_plan": PASS}
    assert elig.score_bounds(one, elig.CITY) == (25.0, 25.0), "C4 has one criterion: a quarter of the score"
    assert elig.score_bounds(one, elig.CITY, {"C1": 0, "C2": 0, "C3": 0, "C4": 1}) == (100.0, 100.0)
    assert elig.score_bounds(one, elig.CITY, {"C1": 0, "C2": 0, "C3": 0, "C4": 0}) == (0.0, 0.0)
    c2_half = {**{k: FAIL for k in keys}, "c2_zone": PASS, "c2_priority": UNKNOWN}
    assert elig.score_bounds(c2_half, elig.CITY) == (6.25, 12.5)


def _true_ranks(scores: list[float]) -> list[int]:
    return [1 + sum(s > v for s in scores) for v in scores]


statuses = hs.sampled_from([PASS, FAIL, UNKNOWN])
city_keys = [c.key for c in elig.criteria(elig.CITY)]


@settings(max_examples=60, deadline=None)
@given(
    rows=hs.lists(hs.lists(statuses, min_size=len(city_keys), max_size=len(city_keys)), min_size=1, max_size=12),
    weights=hs.fixed_dictionaries({k: hs.sampled_from([0.0, 0.25, 1.0, 2.5, 3.0]) for k in ("C1", "C2", "C3", "C4")}),
    seed=hs.integers(0, 10_000),
)
def test_true_rank_lies_in_the_range_whatever_the_unknowns(rows, weights, seed):
    matrix = pd.DataFrame(rows, columns=city_keys, index=[f"{i:06d}" for i in range(len(rows))])
    matrix.insert(0, "path", elig.CITY)
    table = elig.score_table(matrix, weights)
    rng = random.Random(seed)
    for _ in range(5):
        filled = [elig.fill_unknowns(dict(zip(city_keys, r)), (rng.choice([PASS, FAIL]) for _ in city_keys)) for r in rows]
        truth = [elig.score_bounds(f, elig.CITY, weights)[0] for f in filled]
        ranks = dict(zip(matrix.index, _true_ranks(truth)))
        for code, r in table.iterrows():
            assert r["best"] <= ranks[code] <= r["worst"], (code, r.to_dict(), ranks[code])
            assert r["score"] <= truth[int(code)] <= r["score_max"]


def test_rank_ranges_are_tight_at_the_extremes():
    matrix = pd.DataFrame({"path": elig.CITY, **{k: [PASS, UNKNOWN, FAIL] for k in city_keys}},
                          index=["000001", "000002", "000003"])
    t = elig.score_table(matrix)
    assert t.loc["000001", ["rank", "best", "worst"]].tolist() == [1, 1, 1]
    assert t.loc["000002", ["rank", "best", "worst"]].tolist() == [2, 1, 2], "all unknown: could tie first or be second"
    assert t.loc["000003", ["rank", "best", "worst"]].tolist() == [2, 2, 3], "ties with an all-fail unit 2 at best"


@pytest.fixture(scope="module")
def real():
    units = cand.universe()
    evidence = cand.evidence(units)
    matrix, verdicts = elig.assess_all(evidence, units)
    return units, evidence, matrix, verdicts


def test_real_data_rank_ranges_hold_under_random_fills(real):
    units, _, matrix, _ = real
    table = elig.score_table(matrix)
    rng = random.Random(7)
    for path in (elig.CITY, elig.COUNTY):
        keys = [c.key for c in elig.criteria(path)]
        part = matrix[matrix["path"] == path]
        sub = table[table["path"] == path]
        for _ in range(30):
            truth = {code: elig.score_bounds(elig.fill_unknowns(r, (rng.choice([PASS, FAIL]) for _ in keys)), path)[0]
                     for code, r in part[keys].to_dict("index").items()}
            codes = list(truth)
            ranks = pd.Series(dict(zip(codes, _true_ranks([truth[c] for c in codes])))).reindex(sub.index)
            assert ((sub["best"] <= ranks) & (ranks <= sub["worst"])).all()


# ---------------------------------------------------------------------------------------- the real candidates


def test_universe_is_every_city_not_yet_a_zone(real):
    units = real[0]
    assert len(units) == 350 and units["adcode"].is_unique
    assert (units["path"] == elig.CITY).sum() == 320, "the issue's ~320 prefecture-level units and municipalities"
    assert (units["path"] == elig.COUNTY).sum() == 30
    assert not units["province_adcode"].isin(["710000", "810000", "820000"]).any(), "HK, Macao, Taiwan left out"
    from aizone import tables

    zone_codes = set(tables.load("pilot_zones")["adcode"])
    assert not (set(units["adcode"]) & zone_codes)
    huzhou = units.set_index("adcode").loc["330500"]
    assert huzhou["zones_inside"] == "330521", "德清 is a county zone; 湖州 stays a candidate"
    assert units["macro_region"].notna().all()
    assert units.set_index("adcode").loc["330200", "strategies"] == "YRD;YREB"
    assert units.set_index("adcode").loc["419001", "path"] == elig.COUNTY  # 济源


def test_real_verdicts(real):
    units, evidence, matrix, verdicts = real
    assert set(matrix.loc[matrix["path"] == elig.CITY, "c2_zone"]) <= {PASS, FAIL, UNKNOWN}
    assert matrix.loc["220100", "c2_zone"] == PASS  # 长春: NIDZ (2022) and high-tech zones
    assert matrix.loc["371600", "c2_zone"] == UNKNOWN  # 滨州: a lead for a missing high-tech zone
    fails = matrix[(matrix["path"] == elig.CITY) & (matrix["c2_zone"] == FAIL)].index
    assert len(fails) > 100
    for code in fails[:20]:
        v = next(x for x in verdicts[code] if x.criterion == "c2_zone")
        assert {r["caveat"] for r in v.evidence if r["indicator"] == "htz"} == {"htz_incomplete"}
    # R&D institutes come from selective national designations: a city on them passes, the rest stay unknown.
    institutes = matrix.loc[matrix["path"] == elig.CITY, "c1_institutes"]
    assert set(institutes) == {PASS, UNKNOWN} and institutes["320100"] == PASS  # 南京 (RDI-009)
    # AI industry: an actual core figure above the bar passes (无锡 2022: 231亿元); most cities stay unknown
    assert matrix.loc["320200", "c2_core"] == PASS
    assert (matrix.loc[matrix["path"] == elig.CITY, "c2_core"] == UNKNOWN).mean() > 0.9
    fails = (matrix.loc[matrix["path"] == elig.CITY] == FAIL).drop(columns="path").sum()
    assert fails.drop(["c2_zone", "c1_university"]).sum() == 0, "only the (near-)complete lists can fail a city"
    # the MOE list of higher-education institutions: cities with no school at all fail the university criterion
    no_school = set(matrix.index[(matrix["path"] == elig.CITY) & (matrix["c1_university"] == FAIL)])
    assert {"540600", "632600", "460300"} <= no_school and len(no_school) < 20  # 那曲, 果洛, 三沙
    assert matrix.loc["320200", "c1_university"] != FAIL  # 无锡 has many
    assert matrix.loc["370200", "c4_plan"] == PASS  # 青岛: city AI plans
    assert matrix.loc["530100", "c4_plan"] == UNKNOWN  # 昆明: provincial documents only
    assert matrix.loc["140100", "c4_plan"] == UNKNOWN  # 太原: searched, nothing found
    assert matrix.loc["330400", "c3_data"] == PASS  # 嘉兴: the YRD cluster's 嘉善 county
    assert matrix.loc["659001", "k_rd"] == PASS  # 石河子: a national high-tech zone


def test_pilot_cities_check_targets_and_actuals():
    units = cand.universe(include_zones=True)
    matrix, verdicts = elig.assess_all(cand.evidence(units), units)
    assert matrix.loc["420100", ["c2_core", "c2_related"]].tolist() == [PASS, PASS]  # 武汉 2019 actuals
    assert matrix.loc["370100", "c2_core"] == PASS  # 济南 2022: 27.1 bn
    v = next(x for x in verdicts["230100"] if x.criterion == "c2_core")
    assert (v.status, v.reason) == (UNKNOWN, "targets_only")  # 哈尔滨: targets only
    assert matrix.loc["510100", "c2_core"] == UNKNOWN  # 成都: an undefined "AI industry" figure decides nothing


def test_user_data_overrides_and_is_flagged(real):
    units, evidence, _, _ = real
    user = pd.DataFrame({"adcode": ["330200", "370200", "530100"], "ai_core_bn": [8.0, 3.0, None],
                         "ai_plan": [None, None, 1], "year": [2024, 2024, None], "row": [2, 3, 4], "mystery": [1, 2, 3]})
    merged = cand.merge_user_data(evidence, user)
    assert merged.attrs["ignored_columns"] == ["mystery"]
    mine = merged[merged["source"] == "user"]
    assert set(zip(mine["adcode"], mine["indicator"])) == {("330200", "ai_core_bn"), ("370200", "ai_core_bn"),
                                                           ("530100", "ai_plan")}
    assert not ((merged["adcode"] == "530100") & (merged["indicator"] == "ai_plan") & (merged["source"] == "shipped")).any()
    keys = {("330200", "ai_core_bn"), ("370200", "ai_core_bn"), ("530100", "ai_plan")}
    decidable = [(a, i) in keys and k not in ("target", "estimate")  # e.g. a provincial cap on 330200's core figure
                 for a, i, k in zip(evidence["adcode"], evidence["indicator"], evidence["kind"])]
    assert len(merged) == len(evidence) + 3 - sum(decidable)
    matrix, verdicts = elig.assess_all(merged, units)
    assert matrix.loc["330200", "c2_core"] == PASS and matrix.loc["370200", "c2_core"] == FAIL
    assert matrix.loc["530100", "c4_plan"] == PASS
    v = next(x for x in verdicts["330200"] if x.criterion == "c2_core")
    assert v.evidence[0]["source"] == "user" and v.params["year"] == 2024
    assert cand.merge_user_data(evidence, None).equals(evidence)


def test_upload_rows_merge_end_to_end(real):
    from aizone import uploads
    from aizone.resolver import Resolver

    units, evidence, _, _ = real
    text = "城市,人工智能核心产业规模（亿元）,人工智能相关产业规模（亿元）,年份\n宁波,80,260,2023\n青岛市,30,150,2022\n"
    rep = uploads.parse_upload(text.encode("gbk"), "mine.csv", resolver=Resolver())
    merged = cand.merge_user_data(evidence, rep.accepted)
    assert merged.attrs["ignored_columns"] == []
    matrix, _ = elig.assess_all(merged, units)
    assert matrix.loc["330200", ["c2_core", "c2_related"]].tolist() == [PASS, PASS]
    assert matrix.loc["370200", ["c2_core", "c2_related"]].tolist() == [FAIL, FAIL]


def test_indicator_names_match_the_upload_parser():
    from aizone import uploads

    assert {i.name for i in uploads.INDICATORS} - {"year"} == set(cand.INDICATORS)


def test_card_and_views_in_both_languages(real):
    units, _, matrix, verdicts = real
    table = elig.score_table(matrix)
    for lang in ("zh", "en"):
        view = cand.ranking_view(units, table[table["path"] == elig.CITY].head(20), matrix, lang)
        top = table[table["path"] == elig.CITY].iloc[0]
        assert len(view) == 20 and view.iloc[0, 0] == ranking.rank_text(top, lang) and view.iloc[0, 0].startswith("1")
        cells = " ".join(view.astype(str).to_numpy().ravel())
        assert "✓" in cells and "?" in cells
        for code in ("330200", "371600", "659001"):
            rows = cand.card_rows(verdicts[code], lang)
            assert set(rows["criterion"]) == {__import__("aizone.i18n").i18n.t(f"candidates.crit.{c.key}", lang)
                                              for c in elig.criteria(units.set_index("adcode").loc[code, "path"])}
            md = cand.card_markdown(code, units.set_index("adcode").loc[code], table.loc[code], verdicts[code], lang)
            assert code in md
        assert "http" in cand.card_markdown("330200", units.set_index("adcode").loc["330200"], table.loc["330200"],
                                            verdicts["330200"], lang)
    en = cand.card_rows(verdicts["371600"], "en")
    assert "unidentified" in " ".join(en["note"])
    zone_rows = en[en["criterion"] == "Hosts a national innovation demonstration zone or high-tech zone"]
    assert zone_rows["source"].str.contains("High-tech zones").any(), "a 'not in the list' line names the list"


# ------------------------------------------------------------------- rules that read a complete list as a no


def test_a_city_with_no_higher_education_institution_fails_the_university_criterion():
    none = {"indicator": "heis", "value": 0.0, "caveat": "heis_complete"}
    some = {"indicator": "heis", "value": 3.0, "caveat": "heis_complete"}
    v = elig.evaluate(elig.BY_KEY["c1_university"], ev(none))
    assert (v.status, v.reason) == (FAIL, "no_heis") and v.evidence, "the empty list is the evidence shown"
    v = elig.evaluate(elig.BY_KEY["c1_university"], ev(some))
    assert v.status == UNKNOWN and v.context, "schools are no AI school: unknown, the count shown beside it"
    assert status("c1_university", {"indicator": "ai_universities", "value": 1.0}, none) == PASS  # own evidence first
    assert status("c1_university") == UNKNOWN  # no count at all (a unit outside the list's coverage)
    assert status("k_rd", none) == UNKNOWN, "the county path's R&D quality is not the university criterion"


@pytest.mark.parametrize("key,indicator,low,high", [("c2_core", "ai_core_bn", 4.0, 6.0),
                                                    ("c2_related", "ai_related_bn", 15.0, 25.0)])
def test_a_province_total_below_the_threshold_fails_its_cities_and_never_passes_them(key, indicator, low, high):
    cap = {"indicator": indicator, "bound": "at-most", "caveat": "province_total"}
    v = elig.evaluate(elig.BY_KEY[key], ev({**cap, "value": low, "year": 2024}))
    assert (v.status, v.reason) == (FAIL, "province_below") and v.params["value"] == low
    assert status(key, {**cap, "value": high}) == UNKNOWN, "a total above the bar says nothing about one city"
    # the most recent provincial total decides: an old low one has been outgrown
    assert status(key, {**cap, "value": low, "year": 2020}, {**cap, "value": high, "year": 2024}) == UNKNOWN
    # the city's own figure above the bar passes whatever the province says
    assert status(key, {**cap, "value": low}, {"indicator": indicator, "value": high + 1}) == PASS
    # a lower bound of the city's own under the bar stays open without a cap, and fails under a low one
    lower = {"indicator": indicator, "value": low / 2, "bound": "at-least"}
    assert status(key, lower) == UNKNOWN
    assert status(key, lower, {**cap, "value": low}) == FAIL
    assert status("k_industry", {**cap, "indicator": "ai_core_bn", "value": 1.0}) == UNKNOWN  # cannot fail


def test_province_caps_come_only_from_firm_provincial_actuals():
    t = pd.DataFrame([
        {"area_zh": "甲省", "area_level": "province", "area_adcode": "990000", "city_adcode": pd.NA, "year": 2024,
         "period": "year", "metric_kind": "core", "value_kind": "actual", "value_bound": "exact", "value_cny_bn": 4.0,
         "description": "d", "confidence": "confirmed"},
        {"area_zh": "乙省", "area_level": "province", "area_adcode": "980000", "city_adcode": pd.NA, "year": 2024,
         "period": "year", "metric_kind": "core", "value_kind": "actual", "value_bound": "at-least", "value_cny_bn": 4.0,
         "description": "d", "confidence": "confirmed"},
        {"area_zh": "丙省", "area_level": "province", "area_adcode": "970000", "city_adcode": pd.NA, "year": 2027,
         "period": "year", "metric_kind": "core", "value_kind": "target", "value_bound": "exact", "value_cny_bn": 4.0,
         "description": "d", "confidence": "confirmed"},
    ])
    rows = facts._industry({"990100", "990200", "980100", "970100"}, t)
    assert sorted(r["adcode"] for r in rows) == ["990100", "990200"]
    assert all(r["bound"] == "at-most" and r["caveat"] == "province_total" for r in rows)


def test_a_data_centre_on_a_national_list_passes_the_data_criterion(real):
    units, evidence, matrix, verdicts = real
    assert matrix.loc["361000", "c3_data"] == PASS  # 抚州: a data-centre demonstration base (2019)
    v = next(x for x in verdicts["440600"] if x.criterion == "c3_data")  # 佛山: a 2021 green data centre
    assert v.status == PASS and any(r["table"] == "data_centres" for r in v.evidence)
