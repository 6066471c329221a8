"""Finding the best set: exact where the mathematics allows, a local search with its standing said otherwise.

The admitted candidates fall into groups, one per unit (plus one for candidates in a unit without a known
base, which move no index). For a loss that depends on the picks only through the unit counts and the sum
of the picks' scores (``objectives.count_based``), the best x picks of a group are its x best-scoring
candidates, taken greedily under the per-province cap (a partition matroid, so greedy is optimal for every
x at once). What remains is how many picks each group gets:

* **separable** (Theil, HHI, any mix of them, plus the score term): with the number of picks outside the
  indexed units fixed (j), the total is fixed, the loss is a sum of per-unit terms, and a dynamic programme
  over units finds the best counts exactly — and the second best, for the runner-up set. O(units · k²).
* **Gini** (or a mix with it): every count vector is enumerated when there are at most ``ENUM_LIMIT`` of
  them (exact); otherwise a swap local search seeded from the exact Theil optimum, reported as not proven.
* **coverage** in the loss depends on which cities, not only how many per unit: swap local search from the
  better of the Theil optimum and a greedy cover; never reported exact.

The local search ends at a set no single swap (one pick out, one admitted candidate in, caps kept) improves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from aizone.recommend import objectives as obj
from aizone.recommend.bounds import gini_lower_bound
from aizone.recommend.instance import Candidate, Instance
from aizone.recommend.spec import MAIN, Case, Spec, pool, score_of

ENUM_LIMIT = 10_000  # k ≤ 3 over 31 provinces (5,456 allocations); larger k: swap search + LP bound
TOP = 2
EPS = 1e-12


@dataclass(frozen=True)
class Solution:
    picks: tuple[str, ...]
    loss: float
    exact: bool
    method: str  # dp | enumeration | local-search | forced
    neighbours: int = 0  # sets the local search looked at
    bound: float | None = None  # a lower bound on the optimum's loss (= loss when exact; None when none is known)


def _cap(spec: Spec, forced: Sequence[Candidate]) -> dict[str, int] | None:
    if spec.max_per_province is None:
        return None
    cap: dict[str, int] = {}
    for f in forced:
        cap[f.province] = cap.get(f.province, 0) + 1
    return {p: spec.max_per_province - n for p, n in cap.items()}


def _groups(inst: Instance, spec: Spec, case: Case, forced, admitted) -> list[list[Candidate]]:
    """Per unit (index U = no known base): candidates in greedy order under the province cap."""
    used = _cap(spec, forced)
    out: list[list[Candidate]] = [[] for _ in range(len(inst.units) + 1)]
    for c in sorted(admitted, key=lambda c: (-score_of(c, spec, case), c.adcode)):
        if used is not None:
            left = used.get(c.province, spec.max_per_province)
            if left <= 0:
                continue
            used[c.province] = left - 1
        out[c.unit if c.unit >= 0 else len(inst.units)].append(c)
    return out


def _prefix(group: list[Candidate], spec: Spec, case: Case) -> list[float]:
    s = [0.0]
    for c in group:
        s.append(s[-1] + score_of(c, spec, case))
    return s


def _top(entries: list, n: int = TOP) -> list:
    entries.sort(key=lambda e: (e[0], e[1]))
    out, seen = [], set()
    for e in entries:
        if e[1] not in seen:
            seen.add(e[1])
            out.append(e)
        if len(out) == n:
            break
    return out


def _dp(inst: Instance, spec: Spec, base_counts: list[int], groups, prefixes, r: int) -> list[tuple[float, tuple]]:
    """Best count vectors (loss, counts of the indexed units' groups + the null group) for r picks."""
    w = spec.objective_weights()
    U = len(inst.units)
    total_base = sum(inst.base)
    null = groups[U]
    results = []
    for j in range(0, min(len(null), r) + 1):
        total = sum(base_counts) + r - j
        dp: dict[int, list[tuple[float, tuple]]] = {0: [(0.0, ())]}
        for u in range(U):
            new: dict[int, list] = {}
            for used, entries in dp.items():
                for x in range(0, min(len(groups[u]), r - j - used) + 1):
                    c = base_counts[u] + x
                    cost = sum(wt * obj.unit_term(name, c, total, inst.base[u], total_base)
                               for name, wt in w.items()) if total else 0.0
                    cost -= spec.score_weight * prefixes[u][x] / spec.k / 100.0
                    bucket = new.setdefault(used + x, [])
                    bucket.extend((e + cost, vec + (x,)) for e, vec in entries)
            dp = {k: _top(v) for k, v in new.items()}
        for e, vec in dp.get(r - j, []):
            results.append((e - spec.score_weight * prefixes[U][j] / spec.k / 100.0, vec + (j,)))
    return _top(results)


def _vectors(caps: list[int], r: int):
    """Every way to put r picks into groups with these capacities."""
    if not caps:
        if r == 0:
            yield ()
        return
    suffix = [0] * (len(caps) + 1)
    for i in range(len(caps) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + caps[i]

    def rec(i, left):
        if i == len(caps):
            if left == 0:
                yield ()
            return
        for x in range(max(0, left - suffix[i + 1]), min(caps[i], left) + 1):
            for rest in rec(i + 1, left - x):
                yield (x,) + rest

    yield from rec(0, r)


def _n_vectors(caps: list[int], r: int) -> int:
    ways = [1] + [0] * r
    for cap in caps:
        new = [0] * (r + 1)
        for used, n in enumerate(ways):
            if n:
                for x in range(0, min(cap, r - used) + 1):
                    new[used + x] += n
        ways = new
    return ways[r]


def _pick_codes(forced, groups, vec) -> tuple[str, ...]:
    return tuple(f.adcode for f in forced) + tuple(c.adcode for g, x in zip(groups, vec) for c in g[:x])


def _local(inst: Instance, spec: Spec, case: Case, forced, admitted, start: Sequence[str]) -> Solution:
    """Best-improvement swap search from ``start``; stops when no single swap lowers the loss."""
    by = inst.by_code
    cur = [by[c] for c in start if c not in {f.adcode for f in forced}]
    free = [c for c in admitted]
    cap = spec.max_per_province

    def ok(sel):
        if cap is None:
            return True
        n: dict[str, int] = {}
        for c in list(forced) + sel:
            n[c.province] = n.get(c.province, 0) + 1
        return all(v <= cap for v in n.values())

    def value(sel):
        return obj.loss(inst, spec, list(forced) + sel, case)

    best = value(cur)
    looked = 0
    while True:
        chosen = {c.adcode for c in cur}
        move, move_v = None, best
        for i in range(len(cur)):
            for c in free:
                if c.adcode in chosen:
                    continue
                sel = cur[:i] + [c] + cur[i + 1:]
                if cap is not None and c.province != cur[i].province and not ok(sel):
                    continue
                looked += 1
                v = value(sel)
                if v < move_v - EPS:
                    move, move_v = sel, v
        if move is None:
            break
        cur, best = move, move_v
    return Solution(tuple(f.adcode for f in forced) + tuple(c.adcode for c in cur), best, False, "local-search", looked)


def _greedy_cover(inst: Instance, spec: Spec, case: Case, forced, admitted, r: int) -> list[str]:
    sel: list[Candidate] = []
    for _ in range(r):
        rest = [c for c in admitted if c not in sel]
        if spec.max_per_province is not None:
            n = {}
            for c in list(forced) + sel:
                n[c.province] = n.get(c.province, 0) + 1
            rest = [c for c in rest if n.get(c.province, 0) < spec.max_per_province]
        if not rest:
            break
        sel.append(min(rest, key=lambda c: (obj.loss(inst, spec, list(forced) + sel + [c], case), c.adcode)))
    return [c.adcode for c in sel]


def solve(inst: Instance, spec: Spec, case: Case = MAIN, top: int = TOP, bound: bool = True) -> list[Solution]:
    """The best set (and the runner-up, a set with other counts per unit where one exists); [] when infeasible."""
    forced, admitted = pool(inst, spec, case)
    r = spec.k - len(forced)
    groups = _groups(inst, spec, case, forced, admitted)
    if sum(len(g) for g in groups) < r:
        return []
    if r == 0:
        return [Solution(tuple(f.adcode for f in forced), obj.loss(inst, spec, forced, case), True, "forced")]
    base_counts = obj.unit_counts(inst, forced)
    prefixes = [_prefix(g, spec, case) for g in groups]
    forced_score = sum(score_of(f, spec, case) for f in forced)
    theil_spec = replace(spec, objective="theil", weights=())
    if obj.separable(spec):
        found = _dp(inst, spec, base_counts, groups, prefixes, r)
        out = [Solution(_pick_codes(forced, groups, vec), e - spec.score_weight * forced_score / spec.k / 100.0,
                        True, "dp") for e, vec in found[:top]]
        return [replace(out[0], bound=out[0].loss)] + out[1:]
    seed = _dp(inst, theil_spec, base_counts, groups, prefixes, r)
    seed_codes = _pick_codes(forced, groups, seed[0][1])
    if obj.count_based(spec):
        caps = [len(g) for g in groups]
        if _n_vectors(caps, r) <= ENUM_LIMIT:
            entries = []
            U = len(inst.units)
            for vec in _vectors(caps, r):
                counts = [b + x for b, x in zip(base_counts, vec[:U])]
                score = forced_score + sum(p[x] for p, x in zip(prefixes, vec))
                entries.append((obj.vector_loss(inst, spec, counts, score), vec))
            out = [Solution(_pick_codes(forced, groups, vec), e, True, "enumeration") for e, vec in _top(entries, top)]
            return [replace(out[0], bound=out[0].loss)] + out[1:]
        best = _local(inst, spec, case, forced, admitted, seed_codes)
        if bound and spec.objective_weights() == {"gini": 1.0} and not spec.score_weight and not groups[len(inst.units)]:
            lb = gini_lower_bound(inst.base, base_counts, caps[: len(inst.units)], r)
            if lb is not None:
                best = replace(best, bound=min(lb, best.loss), exact=lb >= best.loss - 1e-9)
    else:
        starts = [seed_codes, tuple(f.adcode for f in forced) + tuple(_greedy_cover(inst, spec, case, forced, admitted, r))]
        runs = [_local(inst, spec, case, forced, admitted, s) for s in starts]
        best = min(runs, key=lambda s: (s.loss, s.picks))
    out = [best]
    if top > 1:
        runner = _runner_up(inst, spec, case, forced, admitted, best)
        if runner is not None:
            out.append(runner)
    return out


def _runner_up(inst: Instance, spec: Spec, case: Case, forced, admitted, best: Solution) -> Solution | None:
    """Best single-swap neighbour of a local optimum that changes the counts per unit."""
    by = inst.by_code
    cur = [by[c] for c in best.picks if c not in {f.adcode for f in forced}]
    base_vec = sorted(c.unit for c in cur)
    cands = []
    for i in range(len(cur)):
        for c in admitted:
            if c in cur or c.unit == cur[i].unit:
                continue
            sel = cur[:i] + [c] + cur[i + 1:]
            if spec.max_per_province is not None:
                n = {}
                for x in list(forced) + sel:
                    n[x.province] = n.get(x.province, 0) + 1
                if any(v > spec.max_per_province for v in n.values()):
                    continue
            if sorted(x.unit for x in sel) == base_vec:
                continue
            cands.append((obj.loss(inst, spec, list(forced) + sel, case), tuple(x.adcode for x in sel)))
    if not cands:
        return None
    v, codes = min(cands)
    return Solution(tuple(f.adcode for f in forced) + codes, v, False, "local-search")
