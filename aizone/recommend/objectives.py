"""The loss of a set of picks (lower is better), built only from ``aizone.balance``'s indices.

loss = Σ w_index · index(zones + picks) − w_coverage · covered / coverable_total − score_weight · mean score / 100

* index ∈ {theil, gini, hhi}: over the instance's units (provinces or macro regions), zones per unit against
  population; ``balance.theil``, ``balance.gini`` and ``balance.hhi`` (its raw HHI; the normalised form is an
  affine function of it for a fixed number of units, so both have the same optimum).
* covered: national strategies and macro regions with at least one zone after the picks, out of
  ``len(STRATEGIES) + len(MACROS)``.
* the score is the eligibility score the case reads (proved, or possible in the best case).

Theil and HHI are sums of one term per unit once the total number of zones is fixed
(``balance.theil_term``, ``balance.hhi_term``): ``separable`` tells the solver when that holds.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from aizone import balance, strategies
from aizone.recommend.instance import Candidate, Instance
from aizone.recommend.spec import Case, MAIN, Spec, score_of

INDICES = ("theil", "gini", "hhi")
COVERAGE_TOTAL = len(strategies.STRATEGIES) + len(balance.MACROS)


def index_value(name: str, counts: Sequence[float], base: Sequence[float]) -> float | None:
    """One balance index of unit counts against unit bases; None when no unit holds a zone (undefined)."""
    if sum(counts) <= 0:
        return None
    if name == "theil":
        return balance.theil(counts, base)
    if name == "gini":
        return balance.gini(counts, base)
    if name == "hhi":
        return balance.hhi(counts)[0]
    raise ValueError(name)


def unit_counts(inst: Instance, picks: Iterable[Candidate]) -> list[int]:
    c = list(inst.counts)
    for p in picks:
        if p.unit >= 0:
            c[p.unit] += 1
    return c


def coverage(inst: Instance, picks: Iterable[Candidate]) -> int:
    picks = list(picks)
    s = set(inst.covered_strategies).union(*(p.strategies for p in picks))
    m = set(inst.covered_macros) | {p.macro for p in picks if p.macro}
    return len(s) + len(m)


def separable(spec: Spec) -> bool:
    return set(spec.objective_weights()) <= {"theil", "hhi"}


def count_based(spec: Spec) -> bool:
    """The loss depends on the picks only through unit counts and the score sum (no coverage term)."""
    return "coverage" not in spec.objective_weights()


def vector_loss(inst: Instance, spec: Spec, counts: Sequence[int], score_sum: float) -> float:
    """Loss from unit counts (zones + picks) and the picks' score sum: the count-based part of ``loss``."""
    v = 0.0
    for name, w in spec.objective_weights().items():
        if name in INDICES:
            x = index_value(name, counts, inst.base)
            v += w * (x or 0.0)
    if spec.score_weight:
        v -= spec.score_weight * score_sum / spec.k / 100.0
    return v


def loss(inst: Instance, spec: Spec, picks: Iterable[Candidate], case: Case = MAIN) -> float:
    """The loss of a whole set of picks (forced ones included); the reference the solver is tested against."""
    picks = list(picks)
    v = vector_loss(inst, spec, unit_counts(inst, picks), sum(score_of(p, spec, case) for p in picks))
    w = spec.objective_weights().get("coverage")
    if w:
        v -= w * coverage(inst, picks) / COVERAGE_TOTAL
    return v


def unit_term(name: str, count: int, total: int, base: float, total_base: float) -> float:
    """One unit's share of a separable index with the total fixed."""
    if name == "theil":
        return balance.theil_term(count, total, base, total_base)
    return balance.hhi_term(count, total)
