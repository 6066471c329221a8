"""aizone.candidates.facts: how national lists become evidence (AI R&D institutes for condition 1, data centres for 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import candidates as cand
from aizone import eligibility as elig
from aizone import tables
from aizone.candidates import facts
from aizone.eligibility import PASS, UNKNOWN

LISTED, ADJACENT_ONLY, ABSENT = "320600", "320700", "321000"  # 南通, 连云港, 扬州: candidates, none a zone city


def _institutes() -> pd.DataFrame:
    """Two synthetic designations: one AI laboratory in 南通, one intelligent-products centre in 连云港."""
    cols = list(tables.load("ai_rd_institutes").columns)
    base = dict.fromkeys(cols, None)
    rows = [{**base, "name_zh": "某人工智能国家工程实验室", "location_zh": "江苏省南通市", "city_adcode": LISTED,
             "designation_zh": "国家工程实验室", "scope": "ai", "year": 2017, "doc_id": "RDI-001",
             "confidence": "single-source"},
            {**base, "name_zh": "某智能传感器创新中心", "location_zh": "江苏省连云港市", "city_adcode": ADJACENT_ONLY,
             "designation_zh": "国家制造业创新中心", "scope": "adjacent", "year": 2018, "doc_id": "RDI-006",
             "confidence": "single-source"}]
    return pd.DataFrame(rows, columns=cols)


def test_an_ai_body_counts_once_and_an_adjacent_field_is_context_only():
    rows = facts._rd_institutes({LISTED, ADJACENT_ONLY, ABSENT}, _institutes())
    by_code = {r["adcode"]: r for r in rows}
    assert set(by_code) == {LISTED, ADJACENT_ONLY}, "a city not on the list gets no row (unknown, never 0)"
    assert by_code[LISTED]["value"] == 1.0 and by_code[LISTED]["table"] == "ai_rd_institutes"
    assert by_code[LISTED]["indicator"] == "ai_rd_institutes" and by_code[LISTED]["confidence"] == "single-source"
    assert by_code[ADJACENT_ONLY]["value"] is None and by_code[ADJACENT_ONLY]["caveat"] == "adjacent_field"


@pytest.fixture(scope="module")
def assessed():
    units = cand.universe()
    evidence = cand.evidence(units, tabs={"ai_rd_institutes": _institutes()})
    return elig.assess_all(evidence, units)


def test_a_listed_city_passes_c1_institutes_and_an_absent_one_stays_unknown(assessed):
    matrix, verdicts = assessed
    assert matrix.loc[LISTED, "c1_institutes"] == PASS
    assert matrix.loc[ABSENT, "c1_institutes"] == UNKNOWN
    assert matrix.loc[ADJACENT_ONLY, "c1_institutes"] == UNKNOWN
    v = next(x for x in verdicts[ADJACENT_ONLY] if x.criterion == "c1_institutes")
    assert v.reason == "context_only" and v.evidence[0]["caveat"] == "adjacent_field"


def test_the_shipped_table_is_read_by_the_engine():
    assert "ai_rd_institutes" in facts.TABLES_USED
    units = cand.universe()
    rows = facts._rd_institutes(set(units["adcode"].astype(str)), tables.load("ai_rd_institutes"))
    # 青岛 (appliances) and 南昌 (VR) are candidates whose only national designations are adjacent fields
    assert {r["adcode"] for r in rows if r["value"] is None} >= {"370200", "360100"}
    # 南京: a state key laboratory whose host names intelligence as one of its two strengths (RDI-009)
    assert any(r["adcode"] == "320100" and r["value"] == 1.0 and r["year"] is None for r in rows)


def test_a_backbone_point_is_shown_but_only_a_data_centre_decides_condition_3():
    cols = list(tables.load("data_centres").columns)
    base = dict.fromkeys(cols, None)
    t = pd.DataFrame([{**base, "name_zh": "某国家级互联网骨干直联点", "city_adcode": LISTED, "list_zh": "国家级互联网骨干直联点",
                       "year": 2019, "doc_id": "DCS-001", "confidence": "single-source"},
                      {**base, "name_zh": "某数据中心", "city_adcode": ABSENT, "list_zh": "国家绿色数据中心",
                       "year": 2021, "doc_id": "DC-001", "confidence": "single-source"}], columns=cols)
    by_code = {r["adcode"]: r for r in facts._centres({LISTED, ABSENT}, t)}
    assert by_code[LISTED]["value"] is None and by_code[LISTED]["caveat"] == "network_only"
    assert by_code[ABSENT]["value"] == 1.0 and by_code[ABSENT]["caveat"] == ""


def test_platform_counts_come_from_the_tables_and_reach_the_unknown_line():
    t = pd.DataFrame({"year": [2017, 2019, 2022], "host_city_adcode": ["330100", None, "230100"]})
    later = pd.DataFrame({"kind": ["aggregate", "target"], "count": [9, None]})
    assert facts.platform_counts(t, later) == {"named": 3, "located": 2, "total": 11}
    assert facts.platform_counts(t, later.iloc[1:])["total"] is None, "no recorded count: no total invented"
    shipped = facts.platform_counts()
    v = elig.Verdict("c3_platform", UNKNOWN, "no_record", {"indicator": "open_platforms"})
    line = cand.explain(v, "en")
    assert f"{shipped['total']} existed" in line and f"{shipped['total'] - shipped['named']} are unnamed" in line
