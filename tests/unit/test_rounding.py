"""One rounding rule: half away from zero on the printed decimal, and charts printing what tables hold."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import balance, candidates, rounding, tables, zones
from aizone.figures import charts_balance, charts_candidates
from aizone.i18n import t

DATA_DATE = pd.Timestamp(tables.origin("pilot_zones").accessed).date()


# ----------------------------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("x, kind, expected", [
    (37.5, "count", 38), (38.5, "count", 39),  # not half to even (Python's round gives 38 for 38.5)
    (31.25, "score", 31.3), (43.75, "score", 43.8), (37.5, "score", 37.5),
    (2.675, "rate", 2.68),  # the binary value is 2.67499…; the reader sees 2.675 and rounds up
    (-1.25, "pp", -1.3),  # away from zero
    (0.4125, "index", 0.413), (0.1 + 0.2, "score", 0.3),
])
def test_half_away_from_zero_on_the_printed_decimal(x, kind, expected):
    assert rounding.value(x, kind) == expected
    assert rounding.text(x, kind) == (f"{expected:.{rounding.DIGITS[kind]}f}")


def test_text_has_exactly_the_digits_of_its_kind():
    assert rounding.text(37.5, "score") == "37.5"
    assert rounding.text(50, "score") == "50.0"
    assert rounding.text(0.5, "index") == "0.500"
    assert rounding.text(1.25, "pp", signed=True) == "+1.3"
    assert rounding.text(-0.04, "pp", signed=True) == "0.0", "no -0.0 and no sign on zero"
    assert rounding.text(-0.4, "pp", signed=True) == "-0.4"
    assert rounding.percent(0.375) == "37.5%" and rounding.percent(0.0625) == "6.3%"
    assert rounding.percent_value(0.0625) == 6.3


def test_missing_stays_missing():
    for v in (None, pd.NA, float("nan")):
        assert rounding.value(v, "score") is pd.NA
        assert rounding.text(v, "score") == "" and rounding.text(v, "rate", missing="—") == "—"
        assert rounding.percent(v, missing="n/a") == "n/a"
    col = rounding.column([1.25, None, 2], "score")
    assert str(col.dtype) == "Float64" and col.isna().tolist() == [False, True, False] and col[0] == 1.3
    assert str(rounding.column([1.5, None], "count").dtype) == "Int64"


def test_infinite_values_are_refused():
    with pytest.raises(ValueError):
        rounding.value(float("inf"), "score")


# ------------------------------------------------------------------------------ charts beside their tables


def test_candidate_chart_prints_the_score_the_table_shows():
    """The ranking table said 37.5 beside a bar labelled 38."""
    scores = pd.DataFrame({"score": [37.5, 31.25], "score_max": [100.0, 93.75], "path": "city", "rank": [1, 2],
                           "best": 1, "worst": 2, "n_unknown": [6, 6]}, index=["330200", "370200"])
    fig = charts_candidates.evidence_bars(scores, ["Ningbo", "Qingdao"], "en")
    proved, unknown, missed = fig.data
    assert list(proved.text) == ["37.5", "31.3"] and list(proved.customdata) == ["37.5", "31.3"]
    assert list(unknown.text) == ["62.5", "62.5"], "the parts of the rounded scores, so the labels add up"
    assert list(missed.text) == ["", "6.2"], "100 - 93.8, as the table's highest possible score reads"
    units = candidates.universe()
    units = units[units["adcode"].isin(scores.index)]
    matrix = pd.DataFrame({"path": "city"}, index=scores.index)
    view = candidates.ranking_view(units, scores, matrix, "en")
    assert list(view[t("candidates.col.score", "en")]) == [37.5, 31.3]
    assert list(view[t("candidates.col.score_max", "en")]) == [100.0, 93.8]


@pytest.fixture(scope="module")
def today() -> balance.Balance:
    return balance.on_date(zones.load(), DATA_DATE, balance.Inputs.load())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_balance_share_chart_prints_the_table_cells(today, lang):
    view = balance.views(today, lang)["macro"]
    fig = charts_balance.shares_figure(today.macro, "macro_region", {k: k for k in balance.MACROS}, lang)
    for col, trace_key in (("zone_share", "balance.fig_share_zones"), ("pop_share", "balance.fig_share_pop"),
                           ("gdp_share", "balance.fig_share_gdp")):
        trace = next(tr for tr in fig.data if tr.name == t(trace_key, lang))
        on_chart = dict(zip(trace.y, trace.text))
        cells = dict(zip(today.macro["macro_region"], view[t(f"balance.col_{col}", lang)]))
        for region, cell in cells.items():
            if pd.notna(cell):
                assert on_chart[region] == f"{cell:.1f}%", (col, region)


def test_balance_rate_chart_and_map_print_the_table_cells(today):
    view = balance.views(today, "en")["provinces"]
    cells = dict(zip(today.provinces["adcode"], view[t("balance.col_per_100m", "en")]))
    fig = charts_balance.province_rate_figure(today.provinces, "en")
    printed = {}
    for tr in fig.data:
        for (zones_n, text), label in zip(tr.customdata, tr.y):
            printed[label] = text
    names = dict(zip(today.provinces["adcode"], today.provinces["name_en"]))
    for code, cell in cells.items():
        if pd.notna(cell):
            assert printed[names[code]] == f"{cell:.2f}", code


def test_gini_reads_the_same_in_takeaways_legend_and_table(today):
    shown = rounding.text(today.by_province.gini, "index")
    assert any(shown in s for s in balance.takeaways(today, "en"))
    table = balance.views(today, "en")["indices"]
    assert f"{table.iloc[0, 1]:.3f}" == shown
    names = {}
    fig = charts_balance.lorenz_figure(today.by_province, today.by_macro, names, "en")
    assert any(shown in str(tr.name) for tr in fig.data)
