"""Cells: what a cell says as text, and what it is worth as a figure of one indicator.

Empty cells and the usual "no data" words stay unknown (<NA>), never 0; yes/no columns store 1/0 (or a count,
for plans); negative figures, non-numbers, fractions where a count is meant and years outside 1990-2100 are
refused with a reason code. Money is scaled to bn CNY with the column's unit (``aizone.uploads.header``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .header import Indicator

_SHOWN = 40  # characters of a cell quoted in a message


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def quote(text: object) -> str:
    """Cell text fit to quote in a message: no control characters, at most _SHOWN characters."""
    s = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(text)).strip()
    return s if len(s) <= _SHOWN else s[:_SHOWN] + "…"


def is_blank(row: list) -> bool:
    return all(cell_text(v) == "" for v in row)


def cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    return str(v).strip()


_NA_WORDS = {"", "-", "--", "—", "——", "–", "/", "na", "n/a", "nan", "null", "none", "?", "未知", "不详", "暂无",
             "无数据", "缺失", "…", "..."}
_TRUE = {"是", "有", "yes", "y", "true", "1", "已出台", "已发布", "√", "✓"}
_FALSE = {"否", "无", "没有", "no", "n", "false", "0", "未出台", "×", "✗"}
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_MAX_COUNT = 1_000_000
_MAX_MONEY = 1e9  # bn CNY; far beyond any economy, only here to keep the frame finite


def is_number_text(s: str) -> bool:
    s = nfkc(s).replace(" ", "")
    return bool(_PLAIN_NUMBER.fullmatch(s) or _THOUSANDS.fullmatch(s))


def parse_cell(ind: Indicator, raw: object, scale: float | None) -> tuple[object, str | None, dict]:
    """(value or pd.NA, reason code or None, message fields)."""
    s = cell_text(raw)
    low = nfkc(s).strip()
    if ind.kind == "flag":  # yes/no, or how many (plans): 是 = 1, 否 = 0
        if isinstance(raw, bool):
            return int(raw), None, {}
        if low in _TRUE:
            return 1, None, {}
        if low in _FALSE:
            return 0, None, {}
    if low in _NA_WORDS:
        return pd.NA, None, {}
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        v = float(raw)
    else:
        num = low.replace(" ", "")
        if ind.kind == "year":
            num = num.removesuffix("年")
        if _THOUSANDS.fullmatch(num):  # 1,234.5; a decimal comma (1,5) is refused rather than misread
            num = num.replace(",", "")
        if not _PLAIN_NUMBER.fullmatch(num):
            return pd.NA, "not_yes_no" if ind.kind == "flag" else "not_a_number", {}
        v = float(num)
    if not math.isfinite(v):
        return pd.NA, "not_a_number", {}
    if ind.kind == "year":
        if v != int(v) or not 1990 <= v <= 2100:
            return pd.NA, "bad_year", {}
        return int(v), None, {}
    if v < 0:
        return pd.NA, "negative", {}
    if ind.kind in ("count", "flag"):
        if v != int(v):
            return pd.NA, "not_yes_no" if ind.kind == "flag" else "not_integer", {}
        if v > _MAX_COUNT:
            return pd.NA, "out_of_range", {}
        return int(v), None, {}
    v = v * (scale if scale is not None else 1.0)
    if v > _MAX_MONEY:
        return pd.NA, "out_of_range", {}
    return round(v, 9), None, {}
