"""aizone.explorer.cache: the bounded, shared caches and the figure key that drops the date for its state."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date

import pytest

from aizone import basemap, explorer
from aizone.explorer import cache
from aizone.explorer.layers import row_status


def test_remember_builds_once_and_drops_the_least_recently_used():
    store: OrderedDict = OrderedDict()
    built = []

    def build(k):
        return lambda: built.append(k) or f"value {k}"

    assert cache.remember(store, ("a",), build("a"), 2) == "value a"
    assert cache.remember(store, ("a",), build("a"), 2) == "value a" and built == ["a"]
    cache.remember(store, ("b",), build("b"), 2)
    cache.remember(store, ("a",), build("a"), 2)  # a is now the most recent
    cache.remember(store, ("c",), build("c"), 2)
    assert list(store) == [("a",), ("c",)] and built == ["a", "b", "c"]


def test_remember_does_not_cache_an_unhashable_key():
    store: OrderedDict = OrderedDict()
    n = []
    for _ in range(2):
        cache.remember(store, ({"embedded": "geometry"},), lambda: n.append(1), 4)
    assert len(n) == 2 and not store


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


def test_figure_key_is_the_view_without_its_date_plus_the_date_state(tb):
    base = basemap.base_map(embed=False)
    v = explorer.View(as_of=date(2020, 6, 30), layers=("zones", "miit"))
    key = lambda d: cache.figure_key(replace(v, as_of=d), tb, base, row_status(tb, d))  # noqa: E731
    assert key(date(2020, 6, 30)) == key(date(2020, 7, 1))  # no row changes status between them
    assert key(date(2020, 6, 30)) != key(date(2030, 1, 1))
    assert key(date(2020, 6, 30))[1].as_of is None


def test_a_year_counted_indicator_puts_the_year_in_the_state(tb):
    v = explorer.View(as_of=date(2030, 1, 1), indicator="high_tech_zones")
    assert explorer.date_state(v, tb)[-1] == 2030
    assert explorer.date_state(replace(v, indicator="population"), tb) == tuple(row_status(tb, v.as_of).values())
