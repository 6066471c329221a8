"""aizone.explorer.tables: the lookups built once per data set, the click → unit step and the source line."""

from __future__ import annotations

import pytest

from aizone import dated, explorer, tables
from aizone.explorer.tables import INDICATOR_TABLES, LAYER_TABLES, records


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


def test_table_names_are_shipped_tables_and_cover_every_source():
    assert set(explorer.TABLE_NAMES) <= set(tables.TABLES)
    named = {n for v in (*LAYER_TABLES.values(), *INDICATOR_TABLES.values()) for n in v}
    assert named <= set(explorer.TABLE_NAMES)
    assert set(LAYER_TABLES) == set(explorer.LAYERS) and set(INDICATOR_TABLES) == set(explorer.INDICATORS)


def test_split_codes_and_records():
    assert explorer.split_codes(" 110000; 120000;;") == ["110000", "120000"]
    assert explorer.split_codes(None) == [] and explorer.split_codes(float("nan")) == []
    import pandas as pd
    frame = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", "y"]})
    assert records(frame) == [{"a": 1, "b": "x"}, {"a": None, "b": "y"}]


def test_row_windows_one_per_row_of_each_dated_table(tb):
    w = tb.row_windows
    assert [len(w[k]) for k in ("zones", "miit", "platforms", "demo_zones")] == \
        [len(tb.zones), len(tb.miit), len(tb.platforms), len(tb.demo_zones)]
    assert all(lo <= hi for win in w.values() for lo, hi in (x for x in win if x is not None))
    assert (tb.hub_rows["status"] == dated.UNDATED).all()


def test_city_of_and_the_unit_a_click_selects(tb):
    assert explorer.city_of("330521", tb) == "330500"  # Deqing county lies in Huzhou
    assert explorer.city_of("330100", tb) == "330100"
    options = tb.unit_options
    assert "330521" in options  # a county named by a programme is selectable itself
    assert explorer.unit_for_selection(["330521"], options, tb) == "330521"
    county = next(c for c in tb.gaz.loc[tb.gaz["level"] == "county", "adcode"] if c not in options)
    assert explorer.unit_for_selection([county], options, tb) == explorer.city_of(county, tb)
    assert explorer.unit_for_selection(["999999"], options, tb) is None
    assert explorer.unit_for_selection([], options, tb) is None


def test_source_names_follow_what_the_map_shows():
    assert explorer.source_names((), None, ()) == ["boundaries", "gazetteer"]
    names = explorer.source_names(("zones", "macro"), "zones_per_100m", ("JJJ",))
    assert names == ["boundaries", "gazetteer", "pilot_zones", "macro_regions", "province_stats", "city_stats",
                     "strategy_members", "strategy_areas"]  # pilot_zones once, in first-use order
