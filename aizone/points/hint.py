"""Which datum the points are probably in: a hint beside the user's choice, never a silent override.

Coordinates alone do not carry their datum; what can show a wrong choice is where the points land. On a sample
of the accepted points, the input coordinates are read in each of the three datums in turn and joined:

* **Inside a county.** GCJ-02 moves a point 300-700 m, BD-09 about 1 km more. A point on a coast, an island or
  a border lands in the sea or abroad under the wrong reading. When another datum puts clearly more of the
  sample inside a county than the chosen one, the hint names it. Inland points are unaffected: for a file of
  inland points the test is silent, not wrong.
* **A stated unit.** When the file has a column of 6-digit administrative codes (行政区划代码/adcode, or the
  county/city code columns a geocoder writes), or else a column of county or city names (区县, 城市, ...: read
  with :class:`aizone.resolver.Resolver` at that level; ambiguous or unknown names count for no datum), the
  datum whose join agrees with more of the stated units is the likelier one; points within a few hundred
  metres of a county line are the ones that tell.

"Clearly more" is at least :data:`MIN_GAIN` points and :data:`MIN_SHARE` of the sample: noise of one or two
points near a line says nothing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from aizone import datum

SAMPLE = 5_000
MIN_GAIN = 3
MIN_SHARE = 0.01
_CODE_COLUMNS = ("adcode", "行政区划代码", "区划代码", "区县代码", "县区代码", "城市代码", "代码", "code")
_CODE = re.compile(r"^\d{6}$")
_NAME_COLUMNS = (("county", ("区县", "县区", "所在区县", "区/县", "县", "区", "district", "county")),
                 ("city", ("城市", "所在城市", "地市", "市", "city")))
NAMES_MAX = 500  # distinct names looked up per file (an unknown name costs a fuzzy search)


def _sample(n: int, size: int) -> np.ndarray:
    """Evenly spread row positions: the same file gives the same hint."""
    return np.arange(n) if n <= size else np.linspace(0, n - 1, size).round().astype(np.int64)


def code_column(points: pd.DataFrame) -> str | None:
    """A column of the file holding 6-digit adcodes in most non-empty cells, by name first."""
    by_key = {str(c).strip().lower(): c for c in points.columns}
    for name in _CODE_COLUMNS:
        col = by_key.get(name)
        if col is None:
            continue
        cells = points[col].astype(str).str.strip()
        cells = cells[cells != ""]
        if len(cells) and cells.str.fullmatch(_CODE).mean() >= 0.8:
            return col
    return None


def name_column(points: pd.DataFrame) -> tuple[str, str] | None:
    """(column, level) of a column naming each point's county or city, by its header."""
    by_key = {str(c).strip().lower(): c for c in points.columns}
    for level, names in _NAME_COLUMNS:
        for name in names:
            if name in by_key:
                return by_key[name], level
    return None


def stated_units(points: pd.DataFrame, rows: np.ndarray, resolver=None) -> tuple[str, np.ndarray] | None:
    """(column, adcode per sampled row, "" where none) from a code column, or a name column and ``resolver``."""
    col = code_column(points)
    if col is not None:
        return str(col), points[col].astype(str).str.strip().to_numpy()[rows]
    found = name_column(points) if resolver is not None else None
    if found is None:
        return None
    col, level = found
    names = points[col].astype(str).str.strip().to_numpy()[rows]
    codes: dict[str, str] = {}
    for name in pd.unique(names)[:NAMES_MAX]:
        res = resolver.resolve(name, level=level) if name else None
        codes[name] = res.adcode if res is not None and res.ok else ""
    return str(col), np.array([codes.get(n, "") for n in names], dtype=object)


def _agreement(attrs: pd.DataFrame, idx: np.ndarray, codes: np.ndarray) -> int:
    """How many points land in the unit their stated code names (county, city or province)."""
    ok = (idx >= 0) & (codes != "")
    hit = np.zeros(len(idx), dtype=bool)
    for col in ("county_adcode", "city_adcode", "province_adcode"):
        unit = np.full(len(idx), "", dtype=object)
        unit[ok] = attrs[col].to_numpy()[idx[ok]]
        hit |= ok & (unit == codes)
    return int(hit.sum())


def datum_hints(points: pd.DataFrame, chosen: str, units, size: int = SAMPLE, resolver=None) -> list[tuple[str, dict]]:
    """Hints (message code, values) when another datum fits the sample clearly better than ``chosen``.

    ``points`` has the input coordinates ``lon_in``/``lat_in`` (as in the file); ``units`` is a
    :class:`aizone.points.core.Units`; ``resolver`` (optional) reads a column of place names. At most one
    hint per test.
    """
    from aizone.points.core import locate

    if not len(points):
        return []
    rows = _sample(len(points), size)
    lon, lat = points["lon_in"].to_numpy(dtype=float)[rows], points["lat_in"].to_numpy(dtype=float)[rows]
    found = {d: locate(units, *datum.convert(lon, lat, d, "wgs84")) for d in datum.DATUMS}
    threshold = max(MIN_GAIN, MIN_SHARE * len(rows))
    hints = []
    inside = {d: int((idx >= 0).sum()) for d, idx in found.items()}
    best = max(datum.DATUMS, key=lambda d: (inside[d], d == chosen))
    if inside[best] - inside[chosen] >= threshold:
        hints.append(("datum_inside_hint", {"datum": datum.LABELS[best], "chosen": datum.LABELS[chosen],
                                            "n": inside[best] - inside[chosen], "of": len(rows)}))
    stated = stated_units(points, rows, resolver)
    if stated is not None:
        col, codes = stated
        agree = {d: _agreement(units.attrs, idx, codes) for d, idx in found.items()}
        best = max(datum.DATUMS, key=lambda d: (agree[d], d == chosen))
        if agree[best] - agree[chosen] >= threshold:
            hints.append(("datum_code_hint", {"datum": datum.LABELS[best], "chosen": datum.LABELS[chosen],
                                              "column": col, "n": agree[best], "m": agree[chosen],
                                              "of": len(rows)}))
    return hints
