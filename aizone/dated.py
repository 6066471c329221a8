"""The status of a dated row on a date: the one rule every page that travels in time hands down.

Sources often give a date only to the year or month. A row therefore stands for a *window* of days in which
its event certainly fell; on a date the row is *approved* once the whole window has passed, *uncertain*
while the date falls inside it, and *not yet* before it. A row without any date is *undated* (shown on every
date, and the pages say so). The MOST zones carry their window as two columns; the other programmes' tables
carry a date or a year, read into a window here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

APPROVED, UNCERTAIN, NOT_YET, UNDATED = "approved", "uncertain", "not_yet", "undated"

Window = tuple[pd.Timestamp, pd.Timestamp]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def window(value) -> Window | None:
    """The days a date known to the year, month or day can stand for; None when unknown."""
    if _missing(value):
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 4:
        return pd.Timestamp(f"{text}-01-01"), pd.Timestamp(f"{text}-12-31")
    if len(text) == 7:
        start = pd.Timestamp(f"{text}-01")
        return start, start + pd.offsets.MonthEnd(0)
    day = pd.Timestamp(text[:10])
    return day, day


def year_window(year) -> Window | None:
    """The window of a year held as a number (a float column writes 2009 as 2009.0); None when unknown."""
    return None if _missing(year) else window(str(int(year)))


def status(win: Window | None, on: date | pd.Timestamp) -> str:
    """approved / uncertain / not_yet on ``on``; undated when the row has no window."""
    if win is None:
        return UNDATED
    ts = pd.Timestamp(on)
    if win[1] <= ts:
        return APPROVED
    if win[0] <= ts:
        return UNCERTAIN
    return NOT_YET


def statuses(earliest: pd.Series, latest: pd.Series, on: date | pd.Timestamp) -> pd.Series:
    """``status`` of each row of a table whose windows are two Timestamp columns (the rule, vectorised)."""
    ts = pd.Timestamp(on)
    out = pd.Series(NOT_YET, index=earliest.index, dtype="object")
    out[earliest <= ts] = UNCERTAIN
    out[latest <= ts] = APPROVED
    out[earliest.isna() & latest.isna()] = UNDATED
    return out


def shown(state: str) -> bool:
    """A row is on the map once its window has begun; an undated row always is."""
    return state != NOT_YET
