"""The recommender's solver on small hand-made instances: exact against brute force, Gini at a swap optimum,
constraints always kept."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizone import eligibility as elig
from aizone.recommend import objectives as obj
from aizone.recommend.engine import recommend
from aizone.recommend.instance import Candidate, Instance
from aizone.recommend.solve import solve
from aizone.recommend.spec import BEST, MAIN, WORST, Case, Spec, admits, pool

STATUSES = (elig.PASS, elig.FAIL, elig.UNKNOWN)
STRATS = ("JJJ", "YRD", "GBA", "YREB", "CY")
MACROS = ("east", "central", "west", "northeast")


def make(seed: int, level: str = "province", n_cand: int | None = None, n_prov: int | None = None,
         null_unit: bool = True) -> Instance:
    rnd = random.Random(seed)
    n_prov = n_prov or rnd.randint(2, 6)
    provs = [f"{11 + i}0000" for i in range(n_prov)]
    macro_of = {p: MACROS[i % 4] for i, p in enumerate(provs)}
    if level == "province":
        units = list(provs)
        unit_of = {p: i for i, p in enumerate(provs)}
    else:
        units = sorted(set(macro_of.values()), key=MACROS.index)
        unit_of = {p: units.index(macro_of[p]) for p in provs}
    if null_unit and level == "province" and n_prov > 2 and rnd.random() < 0.3:  # one province without a base
        dropped = units.pop()
        unit_of[dropped] = -1
    cands = []
    for i in range(n_cand or rnd.randint(3, 12)):
        p = rnd.choice(provs)
        path = elig.COUNTY if rnd.random() < 0.15 else elig.CITY
        conds = {"K": rnd.choice(STATUSES)} if path == elig.COUNTY else {g: rnd.choice(STATUSES) for g in ("C1", "C2", "C3", "C4")}
        lo = rnd.choice([0.0, 12.5, 25.0, 40.0, 60.0])
        cands.append(Candidate(f"{p[:2]}{i + 1:02d}00", p, macro_of[p], unit_of[p], path, conds, lo,
                               lo + rnd.choice([0.0, 10.0, 30.0]), 2, 1, rnd.randint(0, 3),
                               frozenset(rnd.sample(STRATS, rnd.randint(0, 2)))))
    return Instance(level, tuple(units), tuple(rnd.uniform(1e6, 1e8) for _ in units),
                    tuple(rnd.randint(0, 3) for _ in units), tuple(cands),
                    frozenset(rnd.sample(STRATS, rnd.randint(0, 3))), frozenset(rnd.sample(MACROS, rnd.randint(1, 3))))


def random_spec(rnd: random.Random, inst: Instance, objective: str) -> Spec:
    codes = [c.adcode for c in inst.candidates]
    k = rnd.randint(1, min(4, len(codes)))
    include = tuple(rnd.sample(codes, rnd.randint(0, min(1, k))))
    rest = [c for c in codes if c not in include]
    exclude = tuple(rnd.sample(rest, rnd.randint(0, min(2, len(rest)))))
    weights = ()
    if objective == "mix":
        weights = (("theil", rnd.choice([0.5, 1.0])), ("hhi", rnd.choice([0.0, 2.0])))
    return Spec(k=k, objective=objective, weights=weights, conditions=tuple(rnd.sample(("C1", "C2", "C3", "C4"), rnd.randint(0, 2))),
                mode=rnd.choice(("pass", "could")), max_per_province=rnd.choice([None, 1, 2]), include=include,
                exclude=exclude, county=rnd.random() < 0.5, score_floor=rnd.choice([0.0, 0.0, 20.0]),
                score_weight=rnd.choice([0.0, 0.0, 0.5]))


def feasible(inst: Instance, spec: Spec, codes, case: Case = MAIN) -> bool:
    by = inst.by_code
    if len(codes) != spec.k or len(set(codes)) != spec.k:
        return False
    if not set(spec.include) <= set(codes):
        return False
    if any(c not in spec.include and not admits(by[c], spec, case) for c in codes):
        return False
    if spec.max_per_province is not None:
        n = {}
        for c in codes:
            n[by[c].province] = n.get(by[c].province, 0) + 1
        if any(v > spec.max_per_province for v in n.values()):
            return False
    return True


def brute(inst: Instance, spec: Spec, case: Case = MAIN) -> float | None:
    by = inst.by_code
    best = None
    for combo in itertools.combinations([c.adcode for c in inst.candidates], spec.k):
        if feasible(inst, spec, combo, case):
            v = obj.loss(inst, spec, [by[c] for c in combo], case)
            best = v if best is None else min(best, v)
    return best


@pytest.mark.parametrize("objective", ["theil", "hhi", "mix"])
@pytest.mark.parametrize("level", ["province", "macro"])
def test_exact_equals_brute_force(objective, level):
    checked = 0
    for seed in range(120):
        inst = make(seed, level)
        spec = random_spec(random.Random(seed * 7 + 1), inst, objective)
        for case in (MAIN, WORST, BEST):
            sols = solve(inst, spec, case)
            ref = brute(inst, spec, case)
            if ref is None:
                assert sols == [], (seed, case)
                continue
            s = sols[0]
            assert s.exact and s.method in ("dp", "forced")
            assert feasible(inst, spec, s.picks, case), (seed, s.picks)
            assert s.loss == pytest.approx(ref, abs=1e-9), (seed, case, s.picks)
            assert obj.loss(inst, spec, [inst.by_code[c] for c in s.picks], case) == pytest.approx(s.loss, abs=1e-9)
            checked += 1
    assert checked > 150


@pytest.mark.parametrize("level", ["province", "macro"])
def test_gini_enumeration_is_exact(level):
    for seed in range(60):
        inst = make(seed, level)
        spec = random_spec(random.Random(seed), inst, "gini")
        sols = solve(inst, spec)
        ref = brute(inst, spec)
        if ref is None:
            continue
        assert sols[0].exact and sols[0].method in ("enumeration", "forced")
        assert sols[0].loss == pytest.approx(ref, abs=1e-9), seed


def swap_neighbours(inst: Instance, spec: Spec, picks, case: Case = MAIN):
    codes = [c.adcode for c in inst.candidates]
    for i, out in enumerate(picks):
        if out in spec.include:
            continue
        for new in codes:
            if new in picks:
                continue
            sel = list(picks[:i]) + [new] + list(picks[i + 1:])
            if feasible(inst, spec, sel, case):
                yield sel


@pytest.mark.parametrize("objective", ["gini", "coverage"])
def test_local_search_not_worse_than_any_single_swap(objective, monkeypatch):
    from aizone.recommend import solve as solve_mod

    monkeypatch.setattr(solve_mod, "ENUM_LIMIT", 0)  # force the local search even where enumeration would do
    for seed in range(60):
        inst = make(seed, n_cand=12)
        spec = random_spec(random.Random(seed), inst, objective)
        sols = solve(inst, spec)
        if not sols:
            continue
        best = sols[0]
        assert feasible(inst, spec, best.picks)
        for sel in swap_neighbours(inst, spec, best.picks):
            assert best.loss <= obj.loss(inst, spec, [inst.by_code[c] for c in sel]) + 1e-12, (seed, sel)


def test_gini_on_the_shipped_data_is_a_swap_optimum(shipped):
    spec = Spec(k=5, objective="gini")
    best = solve(shipped, spec)[0]
    assert best.method == "local-search" and not best.exact
    by = shipped.by_code
    for sel in swap_neighbours(shipped, spec, best.picks):
        assert best.loss <= obj.loss(shipped, spec, [by[c] for c in sel]) + 1e-12


@pytest.fixture(scope="module")
def shipped():
    from datetime import date

    from aizone.recommend import instance

    return instance.shipped(date(2023, 12, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), objective=st.sampled_from(["theil", "hhi", "gini", "coverage", "mix"]),
       level=st.sampled_from(["province", "macro"]))
def test_constraints_always_respected(seed, objective, level):
    inst = make(seed, level)
    spec = random_spec(random.Random(seed), inst, objective)
    rec = recommend(inst, spec)
    for sol, case in ((rec.solution, MAIN), (rec.runner_up, MAIN), (rec.worst, WORST), (rec.best, BEST)):
        if sol is not None:
            assert feasible(inst, spec, sol.picks, case), (sol, case)
    if rec.solution is None:
        assert brute(inst, spec) is None
        assert "infeasible" in rec.problems
    for p in rec.picks:
        assert p.forced == (p.adcode in spec.include)
        if not p.robust:
            assert p.adcode not in p.replaced_by
            assert not p.replaced_by or feasible(inst, spec, p.replaced_by, Case("against", frozenset({p.adcode})))


def test_runner_up_differs_and_is_not_better():
    for seed in range(40):
        inst = make(seed, n_cand=12)
        spec = Spec(k=2)
        sols = solve(inst, spec)
        if len(sols) == 2:
            assert sols[1].loss >= sols[0].loss - 1e-12
            units = [sorted(inst.by_code[c].unit for c in s.picks) for s in sols]
            assert units[0] != units[1]


def test_worst_case_admits_only_proved_passes():
    inst = make(3, n_cand=12)
    spec = Spec(k=1, conditions=("C1",), mode="could")
    forced, admitted = pool(inst, spec, WORST)
    assert all(c.conditions["C1"] == elig.PASS for c in admitted if c.path == elig.CITY)
    _, could = pool(inst, spec, BEST)
    assert all(c.conditions["C1"] != elig.FAIL for c in could if c.path == elig.CITY)


def test_bad_specs_are_refused():
    with pytest.raises(ValueError):
        Spec(k=0)
    with pytest.raises(ValueError):
        Spec(k=11)
    with pytest.raises(ValueError):
        Spec(objective="nope")
    with pytest.raises(ValueError):
        Spec(k=1, include=("110100", "120100"))
    with pytest.raises(ValueError):
        Spec(include=("110100",), exclude=("110100",))


def test_mean_difference_form_equals_balance_gini():
    """bounds.py relies on this identity for grouped data."""
    from aizone import balance

    rnd = random.Random(5)
    for _ in range(50):
        n = rnd.randint(2, 9)
        c = [rnd.randint(0, 4) for _ in range(n)]
        c[0] += 1
        b = [rnd.uniform(1, 100) for _ in range(n)]
        B, C = sum(b), sum(c)
        g = sum(b[i] / B * b[j] / B * abs(c[i] / b[i] - c[j] / b[j]) for i in range(n) for j in range(n)) / (2 * C / B)
        assert g == pytest.approx(balance.gini(c, b), abs=1e-12)


def test_gini_lower_bound_never_exceeds_the_optimum(monkeypatch):
    from aizone.recommend import solve as solve_mod

    monkeypatch.setattr(solve_mod, "ENUM_LIMIT", 0)
    seen = 0
    for seed in range(80):
        inst = make(seed, null_unit=False)
        spec = replace_spec(random_spec(random.Random(seed), inst, "gini"))
        sols = solve(inst, spec)
        ref = brute(inst, spec)
        if ref is None or sols[0].method != "local-search":
            continue
        assert sols[0].bound is not None
        assert sols[0].bound <= ref + 1e-12 <= sols[0].loss + 1e-12
        if sols[0].exact:
            assert sols[0].loss == pytest.approx(ref, abs=1e-9)
        seen += 1
    assert seen > 20


def replace_spec(spec: Spec) -> Spec:
    from dataclasses import replace

    return replace(spec, score_weight=0.0)
