"""What a rerun may reuse: the date state a figure depends on, and the bounded caches that key on it.

A date-slider move between two approvals changes no row's status, so it draws the figure already drawn;
each layer's traces are likewise kept while its own rows keep their status. Sessions rerun in threads of
one process and share these caches (they live on the :class:`~aizone.explorer.tables.Tables`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, TypeVar

import pandas as pd

from aizone.explorer.indicators import DATED_BY_YEAR
from aizone.explorer.layers import row_status
from aizone.explorer.tables import Tables
from aizone.figures.maps import BaseMap

if TYPE_CHECKING:
    from aizone.explorer.figure import View

FIGURE_CACHE_SIZE = 48  # views x date states kept per data set (a figure is ~0.1 MB)
PART_CACHE_SIZE = 256  # traces of one layer in one state (a few KB each)
_LOCK = threading.Lock()

T = TypeVar("T")


def date_state(view: View, tb: Tables, status: dict[str, tuple[str, ...]] | None = None) -> tuple:
    """Everything the map takes from the date: the status on ``view.as_of`` of each row of every dated table
    (the layers keep or mark rows by it; their other columns do not change with the date), and the year for
    an indicator counted by year. The zone-count indicators follow the zones' statuses; population and GDP
    do not change with the date. Two dates with one state draw one figure (tested over 2019–2024), so a
    slider move between two approvals reuses the map. ``status``: ``row_status`` on the date, if known."""
    state = tuple((status or row_status(tb, view.as_of)).values())
    if view.indicator in DATED_BY_YEAR:
        state += (pd.Timestamp(view.as_of).year,)
    return state


def figure_key(view: View, tb: Tables, base: BaseMap, status: dict[str, tuple[str, ...]]) -> tuple:
    """The figure cache's key: the view without its date, and the date's state instead."""
    return (base, replace(view, as_of=None), date_state(view, tb, status))


def remember(cache: OrderedDict, key: tuple, build: Callable[[], T], size: int) -> T:
    """``cache[key]``, built by ``build`` when missing, the least recently used entry dropped past ``size``.
    The value is shared: do not change it. A key that cannot be hashed (embedded geometry) is not cached.
    ``build`` runs outside the lock: two sessions may build the same value once each."""
    try:
        hash(key)
    except TypeError:
        return build()
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = build()
    with _LOCK:
        cache[key] = value
        while len(cache) > size:
            cache.popitem(last=False)
    return value
