"""aizone.county_candidates: which counties the tables say something about, under which quality, and the
user's county rows; on tiny hand-made tables with known answers, then on the shipped ones."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import county_candidates as cc

GAZ = pd.DataFrame([
    # adcode, level, parent, province, name_zh, name_en
    ("330000", "province", "", "330000", "浙江省", "Zhejiang"),
    ("330500", "city", "330000", "330000", "湖州市", "Huzhou"),
    ("330521", "county", "330500", "330000", "德清县", "Deqing County"),
    ("330523", "county", "330500", "330000", "安吉县", "Anji County"),
    ("330502", "county", "330500", "330000", "吴兴区", "Wuxing District"),
    ("440000", "province", "", "440000", "广东省", "Guangdong"),
    ("441900", "city", "440000", "440000", "东莞市", "Dongguan"),
    ("441900", "county", "441900", "440000", "东莞市", "Dongguan"),
    ("810000", "province", "", "810000", "香港", "Hong Kong"),
    ("810001", "county", "810000", "810000", "中西区", "Central and Western"),
], columns=["adcode", "level", "parent_adcode", "province_adcode", "name_zh", "name_en"])


def tabs() -> dict[str, pd.DataFrame]:
    return {
        "pilot_zones": pd.DataFrame({"adcode": ["330521", "330100"], "name_zh": ["德清县", "杭州市"],
                                     "name_en": ["Deqing", "Hangzhou"], "date": ["2019-10-01", "2019-01-01"]}),
        "miit_pilot_zones": pd.DataFrame({"adcodes": ["330523;330500"], "name_zh": ["安吉先导区"], "name_en": ["Anji"],
                                          "batch_year": [2021]}),
        "computing_hubs": pd.DataFrame({"adcodes": ["330523"], "hub_zh": ["长三角枢纽"], "hub_en": ["YRD hub"],
                                        "cluster_zh": ["某集群"], "cluster_en": ["a cluster"]}),
        "ai_industry": pd.DataFrame({"area_adcode": ["330502", "330502", "330500"], "metric_kind": ["core", "core", "core"],
                                     "value_kind": ["target", "actual", "actual"], "value_cny_bn": [10.0, 2.5, 9.0],
                                     "year": [2025, 2023, 2023]}),
        "local_ai_plans": pd.DataFrame({"city_adcode": ["330521", "330523"], "plan_found": ["true", "false"],
                                        "title_zh": ["德清规划", None], "date": ["2021-05-01", None]}),
    }


def test_units_are_counties_not_cities_nor_excluded_provinces():
    u = cc.units(GAZ)
    assert list(u["adcode"]) == ["330502", "330521", "330523"]
    assert u.set_index("adcode").loc["330521", ["city_zh", "province_en"]].tolist() == ["湖州市", "Zhejiang"]


def test_evidence_by_own_adcode_only():
    u = cc.units(GAZ)
    ev = cc.evidence(u, tabs())
    got = sorted(zip(ev["adcode"], ev["quality"], ev["source"]))
    assert got == [
        ("330502", "context", "ai_industry"),  # a target never counts
        ("330502", "k_industry", "ai_industry"),  # an actual figure does
        ("330521", "context", "local_ai_plans"),
        ("330521", "zone", "pilot_zones"),
        ("330523", "k_infrastructure", "computing_hubs"),
        ("330523", "k_scenarios", "miit_pilot_zones"),
    ], "the city's own figure (330500) and a 'not found' plan row credit no county"
    assert ev.loc[ev["source"] == "ai_industry", "text_zh"].str.contains("25 亿元").any()


def test_table_order_counts_and_unknown_is_zero_not_fail():
    u = cc.units(GAZ)
    ev = cc.evidence(u, tabs())
    tab = cc.table(u, ev)
    assert list(tab["adcode"]) == ["330521", "330523", "330502"], "the zone first, then by qualities with an item"
    anji = tab.set_index("adcode").loc["330523"]
    assert (anji["k_infrastructure"], anji["k_scenarios"], anji["k_industry"], anji["n_qualities"]) == (1, 1, 0, 2)
    view = cc.view(tab, ev, "en", tabs())
    row = view.set_index("Adcode").loc["330523"]
    assert row["Clear AI industry advantage"] == "" and row["Sound intelligent infrastructure"] == "✓"
    cov = cc.coverage(u, ev)
    assert (cov.units, cov.with_evidence) == (3, 3)


def test_user_county_rows_are_items_under_their_quality():
    u = cc.units(GAZ)
    user = pd.DataFrame({"adcode": ["330502", "330500"], "level": ["county", "city"], "ai_scenarios": [4, 9],
                         "data_centres": [pd.NA, 1], "htz": [1, 0], "ai_plan": [1, 1], "ai_core_bn": [0.5, 1.0],
                         "year": [2024, 2024]})
    ev = cc.evidence(u, tabs(), user_rows=user)
    mine = ev[ev["source"] == "user"]
    assert sorted(zip(mine["adcode"], mine["quality"])) == [
        ("330502", "context"), ("330502", "k_industry"), ("330502", "k_rd"), ("330502", "k_scenarios")]
    core = mine[mine["quality"] == "k_industry"].iloc[0]
    assert core["text_zh"] == "人工智能核心产业规模（亿元）：5" and core["text_en"] == "AI core industry (bn CNY): 0.5"
    assert set(mine["year"]) == {2024}
    assert cc.coverage(u, ev).by_source["user"] == 1


def test_split_user_rows():
    both = pd.DataFrame({"adcode": ["330500", "330521"], "level": ["city", "county"], "htz": [1, 1]})
    cities, counties = cc.split_user_rows(both)
    assert list(cities["adcode"]) == ["330500"] and "level" not in cities.columns
    assert list(counties["adcode"]) == ["330521"]
    assert cc.split_user_rows(None) == (None, None)
    old = pd.DataFrame({"adcode": ["330500"], "htz": [1]})  # no level column: all cities
    assert cc.split_user_rows(old)[1] is None


@pytest.fixture(scope="module")
def shipped():
    u = cc.units()
    return u, cc.evidence(u)


def test_shipped_county_evidence_is_scarce_and_deqing_leads(shipped):
    u, ev = shipped
    assert 2700 < len(u) < 2900
    cov = cc.coverage(u, ev)
    assert 5 <= cov.with_evidence < 100, "if this grows, the page's wording on scarcity needs a look"
    assert list(cov.by_source)[0] == "pilot_zones" and cov.by_source["pilot_zones"] == 1
    tab = cc.table(u, ev)
    assert tab.iloc[0]["adcode"] == "330521" and bool(tab.iloc[0]["is_zone"])
    assert set(ev["adcode"]) <= set(u["adcode"])
    assert {"310115", "120116"} <= set(ev.loc[ev["quality"] == "k_scenarios", "adcode"])
    zh = cc.view(tab, ev, "zh")
    assert zh["依据文件"].str.len().gt(0).all(), "every shipped item names its document"
