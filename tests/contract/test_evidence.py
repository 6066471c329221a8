"""The evidence under the pages: measures held as floors, and a spot check of figures against their documents."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from aizone import citations, coverage, tables

SPOT = Path(__file__).with_name("spot_checks.csv")
KEYS = {"city_stats": ("adcode",), "province_stats": ("adcode",), "pilot_zones": ("zone_id",),
        "ai_industry": ("city_adcode", "year", "metric_kind", "value_kind"), "heis": ("school_code",),
        "data_centres": ("name_zh", "year"), "local_ai_plans": ("city_adcode", "title_zh"),
        "ai_schools": ("university_zh", "school_zh"), "ai_rd_institutes": ("name_zh",), "open_platforms": ("platform_zh",)}


@pytest.fixture(scope="module")
def cov() -> coverage.Coverage:
    return coverage.compute()


def test_measures_do_not_fall_below_what_the_evidence_reached(cov):
    """Floors at the figures of the evidence passes (latest 2026-12-05); raise them as evidence is added."""
    assert cov.candidates == 320
    assert cov.spam_cells == 0
    assert cov.unvetted_cells == 0
    assert cov.zones_official == cov.zones == 18
    assert cov.reputable_share >= 0.95  # 0.979 with the 2,919 schools of the MOE list, each an official citation
    assert cov.population >= 306 and cov.gdp >= 316
    assert cov.decided_share >= 0.153  # 0.151 before the SCH2 schools; 0.134 before heis and data_centres; 0.142 before the session-10 lists (schools, centres, 南京)
    assert cov.median_rank_range <= 319


def test_measures_are_counted_from_the_tables_not_typed(cov):
    stats = tables.load("city_stats").set_index("adcode")
    units = coverage._city_candidates()[0]
    assert cov.population == int(units["adcode"].map(stats["population_2020_census"]).notna().sum())
    years = units["adcode"].map(stats["gdp_year"])
    assert cov.gdp_other_year == int((years.notna() & (years != 2023)).sum()) > 0
    assert sum(cov.by_quality.values()) == cov.cited_facts
    assert {m.key for m in cov.measures()} == {"decided_share", "median_rank_range", "population", "gdp",
                                               "zones_official", "reputable_share", "spam_cells",
                                               "unvetted_cells"}


def _rows() -> list[dict]:
    with open(SPOT, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_spot_check_covers_about_twenty_figures_of_several_tables():
    rows = _rows()
    assert len(rows) >= 20 and len({r["table"] for r in rows}) >= 4


@pytest.mark.parametrize("spot", _rows(), ids=lambda r: f"{r['table']}:{r['key']}:{r['column']}")
def test_a_shipped_figure_equals_its_document_and_cites_it(spot):
    df = tables.load(spot["table"])
    keys = KEYS[spot["table"]]
    mask = pd.Series(True, index=df.index)
    for col, val in zip(keys, spot["key"].split("|")):
        mask &= df[col].astype(str) == val
    assert mask.sum() == 1, spot
    row = df[mask].iloc[0]
    got, want = row[spot["column"]], spot["value"]
    if isinstance(got, str):
        assert got == want
    else:
        assert float(got) == pytest.approx(float(want), abs=1e-9)
    prefix = {"population_2020_census": "pop_", "gdp_2023_cny_bn": "gdp_"}.get(spot["column"], "")
    cited = {str(row.get(f"{prefix}doc_id")), str(row.get(f"{prefix}doc_id_2"))}
    assert spot["doc_id"] in cited, f"{spot['key']}: cites {cited}, not {spot['doc_id']}"
    assert spot["doc_id"] in citations.documents(tables.path("documents"))
