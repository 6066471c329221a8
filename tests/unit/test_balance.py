"""Regional balance: indices on hand-computed fixtures, joins and counts on the shipped data, takeaways, exports."""

from __future__ import annotations

import io
import math
from datetime import date

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from aizone import balance, provenance, rounding, tables, tabular_export, zones
from aizone.figures import charts_balance, maps
from aizone.i18n import t

DATA_DATE = pd.Timestamp(tables.origin("pilot_zones").accessed).date()  # the date the page defaults to


@pytest.fixture(scope="module")
def inputs() -> balance.Inputs:
    return balance.Inputs.load()


@pytest.fixture(scope="module")
def zone_table() -> pd.DataFrame:
    return zones.load()


@pytest.fixture(scope="module")
def today(inputs, zone_table) -> balance.Balance:
    return balance.on_date(zone_table, DATA_DATE, inputs)


# ------------------------------------------------------------------------------------ index fixtures


def test_equal_distribution_gives_zero():
    # zones exactly proportional to population
    assert balance.gini([1, 2, 3], [10, 20, 30]) == 0.0
    assert balance.theil([1, 2, 3], [10, 20, 30]) == 0.0
    h, hn = balance.hhi([2, 2, 2, 2])
    assert h == pytest.approx(0.25) and hn == 0.0


def test_all_zones_in_one_of_n_equal_units_is_maximal():
    # four units of equal population, every zone in one: Gini = 1 - 1/n, Theil = ln n, HHI = HHI* = 1
    assert balance.gini([0, 0, 0, 5], [1, 1, 1, 1]) == pytest.approx(0.75)
    assert balance.theil([0, 0, 0, 5], [1, 1, 1, 1]) == pytest.approx(math.log(4))
    assert balance.hhi([0, 0, 0, 5]) == (pytest.approx(1.0), pytest.approx(1.0))


def test_all_zones_in_one_unit_of_unequal_population():
    # every zone in the unit with 20 % of the population: Gini = 1 - 0.2, Theil = ln(1/0.2)
    assert balance.gini([0, 0, 3], [50, 30, 20]) == pytest.approx(0.8)
    assert balance.theil([0, 0, 3], [50, 30, 20]) == pytest.approx(math.log(5))
    # ...and in the largest unit (50 %): a smaller departure from population
    assert balance.gini([3, 0, 0], [50, 30, 20]) == pytest.approx(0.5)
    assert balance.theil([3, 0, 0], [50, 30, 20]) == pytest.approx(math.log(2))


def test_hand_computed_two_units():
    # s = (1/2, 1/2), p = (1/4, 3/4). Sorted by zones per person: unit 2 (1/3) then unit 1 (1).
    # Lorenz (0,0) -> (0.75, 0.5) -> (1, 1); G = 1 - [0.75*(0.5+0) + 0.25*(1+0.5)] = 0.25
    lc = balance.lorenz([1, 1], [1, 3], ["a", "b"])
    assert lc["x"].tolist() == pytest.approx([0, 0.75, 1]) and lc["y"].tolist() == pytest.approx([0, 0.5, 1])
    assert lc["label"].tolist()[1:] == ["b", "a"]
    assert balance.gini([1, 1], [1, 3]) == pytest.approx(0.25)
    # T = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3)
    assert balance.theil([1, 1], [1, 3]) == pytest.approx(0.5 * math.log(4 / 3))
    assert balance.hhi([1, 1]) == (pytest.approx(0.5), pytest.approx(0.0))


def test_indices_reject_missing_or_zero_base():
    with pytest.raises(ValueError):
        balance.gini([1, 2], [10, float("nan")])
    with pytest.raises(ValueError):
        balance.theil([1, 2], [10, 0])
    with pytest.raises(ValueError):
        balance.gini([0, 0], [1, 1])


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(0, 20), hst.integers(1, 10_000)), min_size=1, max_size=12))
def test_index_properties(units):
    counts, base = [u[0] for u in units], [u[1] for u in units]
    if sum(counts) == 0:
        return
    g, th = balance.gini(counts, base), balance.theil(counts, base)
    p_min = min(base) / sum(base)
    assert -1e-9 <= g <= 1 - p_min + 1e-9
    assert -1e-9 <= th <= math.log(1 / p_min) + 1e-9
    # order of units and scale of either input do not matter
    assert balance.gini(counts[::-1], base[::-1]) == pytest.approx(g, abs=1e-9)
    assert balance.gini([3 * c for c in counts], [7 * b for b in base]) == pytest.approx(g, abs=1e-9)
    assert balance.theil([3 * c for c in counts], [7 * b for b in base]) == pytest.approx(th, abs=1e-9)


def test_indices_leave_out_units_with_missing_base_and_name_them():
    tab = pd.DataFrame({"k": ["a", "b", "c"], "zones": [1, 1, 4], "population": pd.array([1, 3, None], dtype="Float64")})
    ix = balance.indices(tab, "province", "k")
    assert ix.excluded == ("c",) and ix.n == 2 and ix.zones == 2
    assert ix.gini == pytest.approx(0.25)
    empty = balance.indices(tab.assign(zones=0), "province", "k")
    assert empty.gini is None and empty.theil is None and empty.hhi is None


# ------------------------------------------------------------------------------ joins on shipped data


def test_deqing_county_reaches_huzhou_and_zhejiang(today):
    d = today.sites.set_index("adcode").loc["330521"]
    assert d["level"] == "county" and d["parent_adcode"] == "330500" and d["province_adcode"] == "330000"
    assert d["macro_region"] == "east"
    assert d["scope_YRD"] == "core-area" and d["scope_YREB"] == "full" and pd.isna(d["scope_JJJ"])


def test_membership_scopes_are_kept(today):
    s = today.sites.set_index("adcode")
    assert s.at["500000", "scope_CY"] == "partial"  # Chongqing: only part of it is in Chengdu-Chongqing
    assert s.at["510100", "scope_CY"] == "full"
    assert s.at["310000", "scope_YRD"] == "core-area" and s.at["310000", "scope_YREB"] == "full"
    assert s.at["440300", "scope_GBA"] == "full"
    assert pd.isna(s.at["610100", "scope_YREB"])  # Xi'an is in no strategy
    row = today.strategies.set_index("strategy_id").loc["YRD"]
    assert row["n_core"] == row["zones"]  # every YRD zone so far is in the 27-city core area


def test_no_double_counting_across_overlapping_strategies(inputs):
    # Shanghai is in YRD and in YREB: it is one zone in the cross-strategy total
    b = balance.of_sites(pd.DataFrame({"adcode": ["310000"], "zone_id": ["x"]}), inputs)
    st = b.strategies.set_index("strategy_id")["zones"]
    assert st["YRD"] == 1 and st["YREB"] == 1 and st["any"] == 1 and st["none"] == 0
    assert b.sites["n_strategies"].tolist() == [2]


def test_cross_strategy_totals_on_shipped_data(today):
    st = today.strategies.set_index("strategy_id")["zones"]
    per_strategy = st.loc[list(balance.strategies.STRATEGIES)].sum()
    assert st["any"] + st["none"] == today.total
    assert st["any"] == int((today.sites["n_strategies"] > 0).sum())
    assert per_strategy > st["any"]  # overlaps exist, and the total does not add them up


def test_macro_region_counts_sum_to_all_zones(today, zone_table):
    assert today.total == len(zone_table) == 18
    outside = len(today.outside)
    assert outside == 0  # no zone in Hong Kong, Macao or Taiwan
    assert today.macro["zones"].sum() == 18 - outside
    assert today.provinces["zones"].sum() == 18 - outside
    assert len(today.provinces) == 31


def test_provinces_without_a_zone_are_listed(today, zone_table):
    have = set(zone_table["province_adcode"])
    empty = set(today.provinces.loc[today.provinces["zones"] == 0, "adcode"])
    assert empty == set(tables.load("macro_regions")["province_adcode"]) - have
    assert "130000" in empty  # Hebei


def test_shares_and_rates_follow_the_tables(today):
    ps = tables.load("province_stats").set_index("adcode")
    p = today.provinces.set_index("adcode")
    pop31 = float(ps.loc[list(p.index), "population_2020_census"].sum())
    assert float(p.at["110000", "pop_share"]) == pytest.approx(ps.at["110000", "population_2020_census"] / pop31)
    assert float(p.at["110000", "per_100m"]) == pytest.approx(1 / (ps.at["110000", "population_2020_census"] / 1e8))
    assert float(today.macro["pop_share"].sum()) == pytest.approx(1.0)
    assert float(today.macro["zone_share"].sum()) == pytest.approx(1.0)


def test_strategy_totals_are_sums_of_members_or_missing(today):
    ps = tables.load("province_stats").set_index("adcode")
    st = today.strategies.set_index("strategy_id")
    jjj = ps.loc[["110000", "120000", "130000"], "population_2020_census"].sum()
    assert float(st.at["JJJ", "population"]) == pytest.approx(float(jjj))
    yrd = ps.loc[["310000", "320000", "330000", "340000"], "population_2020_census"].sum()
    assert float(st.at["YRD", "population"]) == pytest.approx(float(yrd))  # core cities not added twice
    # GBA: its nine Guangdong cities each have a census figure; Hong Kong and Macao are outside the 31 provinces
    cs = tables.load("city_stats").set_index("adcode")
    m = tables.load("strategy_members")
    gba = m[(m.strategy_id == "GBA") & (m.member_level == "city") & (m.member_adcode.str[:2] == "44")]["member_adcode"]
    assert len(gba) == 9
    assert float(st.at["GBA", "population"]) == pytest.approx(float(cs.loc[list(gba), "population_2020_census"].sum()))
    assert "810000" in st.at["GBA", "outside_members"]
    assert pd.isna(st.at["CY", "population"])  # counties have no statistics here
    assert "balance.note_missing_strategy" in today.notes


def test_missing_province_statistic_is_excluded_not_zero(inputs, zone_table):
    ps = inputs.province_stats.copy()
    ps.loc[ps["adcode"] == "130000", "population_2020_census"] = pd.NA
    mod = balance.Inputs(inputs.gaz, inputs.members, inputs.macro, ps, inputs.city_stats)
    b = balance.on_date(zone_table, DATA_DATE, mod)
    p = b.provinces.set_index("adcode")
    assert pd.isna(p.at["130000", "population"]) and pd.isna(p.at["130000", "pop_share"])
    assert float(p["pop_share"].sum()) == pytest.approx(1.0)  # shares over the known provinces
    assert b.by_province.excluded == ("130000",) and b.by_province.n == 30
    m = b.macro.set_index("macro_region")
    assert pd.isna(m.at["east", "population"]) and "east" in b.by_macro.excluded
    assert "balance.note_missing_province" in b.notes
    assert pd.isna(b.strategies.set_index("strategy_id").at["JJJ", "population"])


def test_unknown_adcode_or_wrong_province_raises(inputs):
    with pytest.raises(ValueError, match="999999"):
        balance.of_sites(pd.DataFrame({"adcode": ["999999"]}), inputs)
    with pytest.raises(ValueError, match="province_adcode"):
        balance.of_sites(pd.DataFrame({"adcode": ["330100"], "province_adcode": ["320000"]}), inputs)


def test_old_municipal_code_is_accepted(inputs):
    b = balance.of_sites(pd.DataFrame({"adcode": ["110100"]}), inputs)
    assert b.sites["adcode"].tolist() == ["110000"] and b.sites["scope_JJJ"].tolist() == ["full"]


def test_candidate_join_covers_city_units_of_the_31_provinces(inputs, zone_table):
    c = balance.candidate_join(inputs, zone_table["adcode"])
    assert not set(c["adcode"]) & set(zone_table["adcode"])
    assert c["macro_region"].notna().all()
    huzhou = c.set_index("adcode").loc["330500"]
    assert huzhou["scope_YRD"] == "core-area"  # a candidate gets the same rules as a zone
    assert c.set_index("adcode").at["511800", "scope_CY"] == "partial"  # 雅安, some counties left out


# ------------------------------------------------------------------------------------------ as of date


def test_past_date_counts_fewer_zones(inputs, zone_table, today):
    past = balance.on_date(zone_table, date(2020, 6, 30), inputs)
    assert 0 < past.total < today.total
    assert past.total == len(zones.as_of(zone_table, date(2020, 6, 30), include_uncertain=False))
    early = balance.on_date(zone_table, date(2019, 6, 30), inputs)
    assert early.uncertain > 0  # Tianjin, Hangzhou, Hefei: approval windows still open then
    assert set(early.sites["adcode"]) == {"110000", "310000"}


def test_before_the_first_zone_everything_is_missing(inputs, zone_table):
    b = balance.on_date(zone_table, date(2019, 1, 1), inputs)
    assert b.total == 0 and b.by_province.gini is None
    assert balance.takeaways(b, "en") == [t("balance.tk_none", "en", date="2019-01-01")]


# ------------------------------------------------------------------------------------------- takeaways


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_takeaways_are_three_to_six_sentences_from_the_numbers(today, lang):
    tk = balance.takeaways(today, lang)
    assert 3 <= len(tk) <= 6
    mac = today.macro.set_index("macro_region")
    under = mac["gap_pp"].astype(float).idxmin()
    assert t(f"macro.{under}", lang) in tk[0]
    assert f"{float(mac.at[under, 'pop_share']) * 100:.1f}%" in tk[0]
    assert f"{float(mac.at[under, 'zone_share']) * 100:.1f}%" in tk[0]
    assert any(rounding.text(today.by_province.gini, "index") in s for s in tk)
    assert not any("{" in s for s in tk)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_takeaways_cover_gdp_as_well_as_population(today, lang):
    """Issue 15: readers had to compare the zone shares with the GDP column themselves."""
    mac = today.macro[today.macro["gdp_share"].notna()].set_index("macro_region")
    behind = (mac["zone_share"].astype(float) - mac["gdp_share"].astype(float)).idxmin()
    line = [s for s in balance.takeaways(today, lang) if "GDP" in s]
    assert line, balance.takeaways(today, lang)
    assert t(f"macro.{behind}", lang) in line[0]
    assert f"{float(mac.at[behind, 'gdp_share']) * 100:.1f}%" in line[0]


def test_takeaways_change_when_the_data_change(inputs, zone_table, today):
    # Five more zones in western provinces (Kunming, Guiyang, Lanzhou, Urumqi, Nanning) on the same date
    extra = zone_table.iloc[[0] * 5].copy()
    extra["zone_id"] = [f"X{i}" for i in range(5)]
    extra["adcode"] = ["530100", "520100", "620100", "650100", "450100"]
    extra["province_adcode"] = ["530000", "520000", "620000", "650000", "450000"]
    modified = pd.concat([zone_table, extra], ignore_index=True)
    b = balance.on_date(modified, DATA_DATE, inputs)
    assert b.total == today.total + 5
    before, after = balance.takeaways(today, "en"), balance.takeaways(b, "en")
    assert before != after
    assert t("macro.west", "en") in before[0] and t("macro.west", "en") not in after[0]
    assert f"{b.total}" in after[2] and f"{today.total}" in before[2]


def test_views_are_localised_and_keep_missing_values(today):
    for lang in ("zh", "en"):
        v = balance.views(today, lang)
        assert set(v) == {"macro", "strategies", "provinces", "zones", "indices"}
        strat = v["strategies"].set_index(t("balance.col_strategy", lang))
        pop = strat.at[t("strategy.CY", lang), t("balance.col_pop_share", lang)]
        assert pd.isna(pop)  # missing (Chongqing's counties have no statistics here), not 0
        assert len(v["provinces"]) == 31 and len(v["zones"]) == today.total


# --------------------------------------------------------------------------------------------- figures


def test_lorenz_and_share_figures(today):
    names = {k: t(f"macro.{k}", "en") for k in balance.MACROS}
    fig = charts_balance.lorenz_figure(today.by_province, today.by_macro, names, "en")
    assert fig.layout.template.layout.font.family.startswith("Noto Sans CJK SC")
    assert [tr.name for tr in fig.data][0] == t("balance.fig_equality", "en")
    assert len(fig.data) == 3 and len(fig.data[1].x) == 32  # (0,0) plus 31 provinces
    strat = today.strategies[today.strategies["strategy_id"].isin(balance.strategies.STRATEGIES)]
    sf = charts_balance.shares_figure(strat, "strategy_id", {k: k for k in strat["strategy_id"]}, "zh")
    pop = next(tr for tr in sf.data if tr.name == t("balance.fig_share_pop", "zh"))
    cy = list(pop.y).index("CY")
    assert pop.x[cy] is None  # no bar for a missing share
    assert any(tr.text is not None and t("balance.fig_no_data", "zh") in tr.text for tr in sf.data)


@pytest.mark.parametrize("measure", balance.MEASURES)
def test_province_map_draws_the_measure_with_inset(today, measure):
    from aizone import basemap

    fig = charts_balance.province_map(today.provinces, measure, basemap.base_map(embed=False), "en")
    assert maps.inset_present(fig)
    data_trace = next(tr for tr in fig.data if tr.type == "choropleth" and tr.colorbar.title.text)
    assert data_trace.colorbar.title.text == t(f"balance.measure.{measure}", "en")
    # HK, Macao, Taiwan and a province without the statistic (Heilongjiang's 2023 GDP) are drawn as no data
    known = today.provinces.loc[today.provinces[measure].notna(), "adcode"]
    assert set(data_trace.locations) == set(known) and len(known) >= 30
    assert isinstance(data_trace.geojson, str) and data_trace.geojson.startswith("app/static/")
    # white means "no data" on this map, so no real value may be drawn white
    assert all(c.upper() != "#FFFFFF" for _, c in data_trace.colorscale)


# --------------------------------------------------------------------------------------------- exports


def test_csv_neutralises_formula_injection():
    df = pd.DataFrame({
        "name": ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "-3.5", "+86", "安全", None],
        "n": pd.array([1, -2, 3, None, 5, 6, 7, 8, 9], dtype="Int64"),
    })
    text = tabular_export.to_csv_bytes(df).decode("utf-8-sig")
    cells = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["name"].tolist()
    assert cells[:5] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1"]
    assert cells[5:] == ["-3.5", "+86", "安全", ""]  # plain numbers untouched, missing stays empty
    assert "\n-2," not in text and ",-2\n" in text.replace("\r\n", "\n")  # numeric column untouched
    assert tabular_export.to_csv_bytes(df).startswith(b"\xef\xbb\xbf")
    bad_header = tabular_export.to_csv_bytes(pd.DataFrame({"=cmd": [1]})).decode("utf-8-sig")
    assert bad_header.startswith("'=cmd")


def test_xlsx_has_sheets_and_sources_and_no_formulas(today):
    origins = [tables.origin(n) for n in ("pilot_zones", "province_stats")]
    src = tabular_export.sources_table(origins, "en")
    assert list(src["citation"]) == [o.cite_en for o in origins]
    evil = pd.DataFrame({"a": ["=1+1", "ok"], "b": pd.array([1.5, None], dtype="Float64")})
    views = balance.views(today, "zh")
    blob = tabular_export.to_xlsx_bytes({"macro/regions: a very long sheet name indeed": views["macro"], "evil": evil}, src)
    wb = openpyxl.load_workbook(io.BytesIO(blob))
    assert wb.sheetnames[-1] == "sources" and len(wb.sheetnames) == 3
    assert all(len(n) <= 31 and "/" not in n and ":" not in n for n in wb.sheetnames)
    ws = wb["evil"]
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"  # text, never a formula
    assert ws["B3"].value is None  # missing stays empty
    assert wb["sources"]["A2"].value == origins[0].cite_en
    with pytest.raises(ValueError):
        tabular_export.to_xlsx_bytes({"x": evil}, src.iloc[0:0])
    with pytest.raises(provenance.ProvenanceError):
        tabular_export.sources_table([], "en")


def test_sheet_names_are_unique_case_insensitively():
    taken = {"sources"}
    a = tabular_export.sheet_name("Sources", taken)
    b = tabular_export.sheet_name("x" * 40, taken)
    c = tabular_export.sheet_name("x" * 40, taken)
    assert a.lower() != "sources" and len(b) == 31 and b != c and len(c) <= 31
