"""Inequality of zone counts against a base (population): Lorenz curve, Gini, Theil, HHI.

Pure functions over two aligned sequences, so the balance page, the recommender and the tests share one
definition of each index (see ``aizone.balance`` for what "balanced" means here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

# ------------------------------------------------------------------------------------------- indices


def _clean(counts: Sequence, base: Sequence) -> tuple[list[float], list[float]]:
    c = [float(x) for x in counts]
    b = [float(x) for x in base]
    if len(c) != len(b) or not c:
        raise ValueError("indices need one zone count and one base value per unit, for at least one unit")
    if any(math.isnan(x) or x < 0 for x in c) or any(math.isnan(x) or x <= 0 for x in b):
        raise ValueError("indices need zone counts ≥ 0 and bases > 0 (drop units with missing statistics first)")
    return c, b


def lorenz(counts: Sequence, base: Sequence, labels: Sequence | None = None) -> pd.DataFrame:
    """Lorenz curve points from (0, 0): units by zones per unit of base, ascending (ties keep input order)."""
    x, y, order = _lorenz_points(counts, base)
    labels = list(labels) if labels is not None else list(range(len(order)))
    return pd.DataFrame({"x": x, "y": y, "label": [None] + [labels[i] for i in order]})


def _lorenz_points(counts: Sequence, base: Sequence) -> tuple[list[float], list[float], list[int]]:
    """The Lorenz curve as plain lists (x, y, unit order); shared by ``lorenz`` and ``gini`` (the recommender
    evaluates thousands of Gini values, so no frame is built here)."""
    c, b = _clean(counts, base)
    tc, tb = sum(c), sum(b)
    if tc == 0:
        raise ValueError("a Lorenz curve needs at least one zone")
    order = sorted(range(len(c)), key=lambda i: c[i] / b[i])
    x, y = [0.0], [0.0]
    for i in order:
        x.append(x[-1] + b[i] / tb)
        y.append(y[-1] + c[i] / tc)
    x[-1], y[-1] = 1.0, 1.0  # no float drift at the end point
    return x, y, order


def gini(counts: Sequence, base: Sequence) -> float:
    """Gini from the Lorenz curve by trapezoids: 1 − Σ (x_k − x_{k−1})(y_k + y_{k−1})."""
    x, y, _ = _lorenz_points(counts, base)
    g = 1.0 - sum((x[k] - x[k - 1]) * (y[k] + y[k - 1]) for k in range(1, len(x)))
    return 0.0 if abs(g) < 1e-12 else g


def theil(counts: Sequence, base: Sequence) -> float:
    """Theil T of zone shares against base shares, Σ s ln(s/p), with 0·ln 0 = 0."""
    c, b = _clean(counts, base)
    tc, tb = sum(c), sum(b)
    if tc == 0:
        raise ValueError("the Theil index needs at least one zone")
    v = sum(theil_term(ci, tc, bi, tb) for ci, bi in zip(c, b))
    return 0.0 if abs(v) < 1e-12 else v


def theil_term(count: float, total: float, base: float, total_base: float) -> float:
    """One unit's part of Theil T, s ln(s/p) (0 for no zones). With the totals fixed the index is a sum of
    these, which is what lets ``aizone.recommend`` find the best allocation exactly."""
    if count <= 0:
        return 0.0
    s = count / total
    return s * math.log(s / (base / total_base))


def hhi_term(count: float, total: float) -> float:
    """One unit's part of HHI, s²."""
    return (count / total) ** 2


def hhi(counts: Sequence) -> tuple[float, float]:
    """Herfindahl-Hirschman index of zone shares and its normalised form (0 = even, 1 = all in one unit)."""
    c = [float(x) for x in counts]
    n, tc = len(c), sum(c)
    if tc == 0 or n == 0:
        raise ValueError("HHI needs at least one zone")
    h = sum(hhi_term(x, tc) for x in c)
    norm = (h - 1 / n) / (1 - 1 / n) if n > 1 else 1.0
    return h, (0.0 if abs(norm) < 1e-12 else norm)


@dataclass(frozen=True)
class Indices:
    """Balance indices over one set of units; ``excluded`` are units left out for missing statistics."""

    level: str  # province | macro
    n: int
    zones: int
    gini: float | None
    theil: float | None
    hhi: float | None
    hhi_norm: float | None
    excluded: tuple[str, ...]
    curve: pd.DataFrame | None



def indices(table: pd.DataFrame, level: str, key: str, base: str = "population", count: str = "zones") -> Indices:
    """Indices over the rows of a group table whose base is known; the others are named in ``excluded``."""
    known = table[table[base].notna() & (table[base].astype(float) > 0)]
    excluded = tuple(table.loc[~table.index.isin(known.index), key].astype(str))
    n, total = len(known), int(known[count].sum()) if len(known) else 0
    if n == 0 or total == 0:
        return Indices(level, n, total, None, None, None, None, excluded, None)
    c, b = known[count].astype(float).tolist(), known[base].astype(float).tolist()
    h, hn = hhi(c)
    return Indices(level, n, total, gini(c, b), theil(c, b), h, hn, excluded, lorenz(c, b, known[key].astype(str).tolist()))
