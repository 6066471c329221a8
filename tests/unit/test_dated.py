"""The one rule for a dated row's status on a date, and that every page counting by it agrees."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from aizone import balance, briefing, dated, explorer, progress, zones
from aizone.explorer.layers import row_status
from aizone.unit_card import city_profile


@pytest.mark.parametrize("text, lo, hi", [
    ("2019", "2019-01-01", "2019-12-31"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2021-12-07", "2021-12-07", "2021-12-07"),
    (" 2021-12-07T00:00 ", "2021-12-07", "2021-12-07"),
])
def test_window_of_a_date_known_to_the_year_month_or_day(text, lo, hi):
    assert dated.window(text) == (pd.Timestamp(lo), pd.Timestamp(hi))


@pytest.mark.parametrize("value", [None, "", "  ", float("nan"), pd.NA])
def test_no_date_has_no_window(value):
    assert dated.window(value) is None
    assert dated.status(dated.window(value), date(2020, 1, 1)) == dated.UNDATED


def test_year_window_reads_a_float_year_and_missing_years():
    assert dated.year_window(2009.0) == dated.window("2009")
    assert dated.year_window(None) is None and dated.year_window(float("nan")) is None


def test_status_before_inside_and_after_the_window():
    win = dated.window("2020-03")
    assert dated.status(win, date(2020, 2, 29)) == dated.NOT_YET
    assert dated.status(win, date(2020, 3, 1)) == dated.UNCERTAIN
    assert dated.status(win, date(2020, 3, 30)) == dated.UNCERTAIN
    assert dated.status(win, date(2020, 3, 31)) == dated.APPROVED  # the whole window has passed
    assert [dated.shown(s) for s in (dated.NOT_YET, dated.UNCERTAIN, dated.APPROVED, dated.UNDATED)] == \
        [False, True, True, True]


def test_vectorised_status_is_the_scalar_rule():
    lo = pd.Series(pd.to_datetime(["2019-01-01", "2020-03-01", "2021-12-07", None]))
    hi = pd.Series(pd.to_datetime(["2019-12-31", "2020-03-31", "2021-12-07", None]))
    for on in (date(2018, 1, 1), date(2019, 6, 1), date(2020, 3, 15), date(2021, 12, 7), date(2030, 1, 1)):
        wins = [None if pd.isna(a) else (a, b) for a, b in zip(lo, hi)]
        assert list(dated.statuses(lo, hi, on)) == [dated.status(w, on) for w in wins], on


DATES = [date(2019, 1, 31), date(2019, 6, 30), date(2020, 6, 30), date(2021, 12, 1), date(2021, 12, 31), date(2026, 1, 1)]


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


@pytest.mark.parametrize("on", DATES)
def test_every_page_counts_one_state_per_date(tb, on):
    """The overview's headline, the progress counts, the explorer's layers and hover, the balance and the
    unit card all read one status per zone on a date."""
    z = tb.zones
    hl = zones.headline(z, on)
    counts = progress.counts_on(z, on)
    layer = row_status(tb, on)["zones"]
    assert (hl.approved, hl.uncertain) == (counts.certain, counts.uncertain)
    assert (hl.approved, hl.uncertain) == (layer.count(dated.APPROVED), layer.count(dated.UNCERTAIN))
    assert list(explorer.most_layer(tb, on)["status"]) == [s for s in layer if dated.shown(s)]
    assert explorer.indicator(tb, "zones", "province", on).values.sum() == hl.approved
    inputs = balance.Inputs(tb.gaz, tb.members, tb.macro, tb.province_stats, tb.city_stats)
    b = balance.on_date(z, on, inputs)
    assert (b.total, b.uncertain) == (hl.approved, hl.uncertain)
    card = city_profile("330100", "en", as_of=on, tb=tb)  # Hangzhou
    assert [e.status for e in card.zones] == [s for s, c in zip(layer, z["adcode"].astype(str)) if c == "330100"]


def test_the_default_date_is_defined_once(tb):
    """The slider, the briefing and the unit card open on the day the zone list was last checked."""
    day = zones.data_date()
    assert briefing.default_as_of() == day
    assert city_profile("330100", "en", tb=tb).as_of == day
    r = progress.time_range(tb.zones, day, date(2030, 1, 1))
    assert r.default == day and day in r.keys
