"""One rounding rule, so a figure reads the same in a chart, a table, a sentence and a download.

The rule: round half away from zero (the schoolbook rule a reader checks by hand) on the decimal the number
prints as, to the digits fixed for its kind in ``DIGITS``. Left to themselves the tools disagree: Python's
``format`` rounds the binary value half to even (37.5 → "38" with ``.0f``, 31.25 → "31.2" with ``.1f``), while
a browser table formats 31.25 as "31.3". So values are rounded here, once, and every chart label, hover,
table cell and sentence shows the rounded value with exactly these digits.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable

import pandas as pd

# Digits after the point, per kind of figure. Shares are shown in percent (0.375 → 37.5%).
DIGITS: dict[str, int] = {
    "score": 1,  # candidate scores, 0..100
    "percent": 1,  # shares in percent
    "pp": 1,  # differences of shares, percentage points
    "rate": 2,  # zones per 100 million people, per trillion CNY of GDP
    "index": 3,  # Gini, Theil, HHI
    "amount": 1,  # population in 万人 / millions, GDP in 亿元 / billions
    "count": 0,
}


def _missing(x) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _decimal(x, kind: str) -> Decimal:
    digits = DIGITS[kind]
    try:
        return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as e:  # inf
        raise ValueError(f"cannot round {x!r}") from e


def value(x, kind: str):
    """``x`` rounded by the rule (a float; an integer for ``count``); a missing value stays missing (``pd.NA``)."""
    if _missing(x):
        return pd.NA
    d = _decimal(x, kind)
    return int(d) if DIGITS[kind] == 0 else float(d)


def column(values: Iterable, kind: str) -> pd.Series:
    """A table column rounded by the rule: nullable, so an unknown stays an empty cell."""
    s = values if isinstance(values, pd.Series) else pd.Series(list(values))
    dtype = "Int64" if DIGITS[kind] == 0 else "Float64"
    return pd.Series(pd.array([value(v, kind) for v in s], dtype=dtype), index=s.index)


def text(x, kind: str, *, signed: bool = False, missing: str = "") -> str:
    """``x`` as the reader sees it: "37.5", "+1.3" with ``signed``; ``missing`` when unknown."""
    if _missing(x):
        return missing
    d = _decimal(x, kind)
    if d == 0:
        d = abs(d)  # no "-0.0"
    out = f"{d:f}"
    return f"+{out}" if signed and d > 0 else out


def percent(share, *, missing: str = "") -> str:
    """A share (0..1) in percent by the rule: 0.375 → "37.5%"."""
    if _missing(share):
        return missing
    return text(float(share) * 100, "percent") + "%"


def percent_value(share):
    """A share (0..1) as the rounded percent number a table shows (37.5), or ``pd.NA``."""
    return pd.NA if _missing(share) else value(float(share) * 100, "percent")
