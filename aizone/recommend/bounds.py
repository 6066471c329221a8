"""A lower bound on the Gini optimum, so a local-search result can say how far from optimal it can be at most.

For grouped data the Lorenz-curve Gini of ``balance.gini`` equals the population-weighted mean difference

    G = Σ_i Σ_j p_i p_j |y_i − y_j| / (2 ȳ),   y_i = c_i / b_i,  p_i = b_i / B,  ȳ = C / B

(checked against ``balance.gini`` in the tests). With the total C fixed this is convex in the counts c, so
letting the picks per unit be fractions (0 ≤ x_u ≤ capacity, Σ x = r) gives a linear programme whose optimum
is a lower bound on every whole-number allocation. Only for the pure Gini objective without the score term
and with every admitted candidate in a unit with a known base; otherwise, or without scipy, no bound (None).
"""

from __future__ import annotations

from typing import Sequence


def gini_lower_bound(base: Sequence[float], counts: Sequence[int], caps: Sequence[int], r: int) -> float | None:
    """min G over real x with 0 ≤ x ≤ caps, Σ x = r, c = counts + x; None if scipy is missing or the LP fails."""
    try:
        import numpy as np
        from scipy.optimize import linprog
    except ImportError:
        return None
    n = len(base)
    total = sum(counts) + r
    if n < 2 or total <= 0 or sum(caps) < r:
        return None
    b = np.asarray(base, dtype=float) / max(base)  # scale: only ratios matter
    B = b.sum()
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    nv = n + len(pairs)
    # objective: Σ_{i<j} p_i p_j t_ij / ȳ  (the double sum counts each pair twice, halved by the 2)
    cost = np.zeros(nv)
    ybar = total / B
    for k, (i, j) in enumerate(pairs):
        cost[n + k] = (b[i] / B) * (b[j] / B) / ybar
    # t_ij ≥ ±(y_i − y_j), y = (counts + x) / b  →  ±(x_i/b_i − x_j/b_j) − t_ij ≤ ∓(counts_i/b_i − counts_j/b_j)
    rows, rhs = [], []
    for k, (i, j) in enumerate(pairs):
        d0 = counts[i] / b[i] - counts[j] / b[j]
        for sgn in (1.0, -1.0):
            row = np.zeros(nv)
            row[i], row[j], row[n + k] = sgn / b[i], -sgn / b[j], -1.0
            rows.append(row)
            rhs.append(-sgn * d0)
    eq = np.zeros((1, nv))
    eq[0, :n] = 1.0
    bounds = [(0, float(c)) for c in caps] + [(0, None)] * len(pairs)
    res = linprog(cost, A_ub=np.array(rows), b_ub=np.array(rhs), A_eq=eq, b_eq=[float(r)], bounds=bounds,
                  method="highs")
    if res.status != 0:
        return None
    return max(0.0, float(res.fun) - 1e-9)  # a hair below, so float noise never makes it exceed the true optimum
