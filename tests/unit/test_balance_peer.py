"""aizone.balance's Gini and Theil against a peer implementation, PySAL's ``inequality`` package.

PySAL computes the classic (unweighted) indices of a list of values. With equal populations ours reduce to
those of the zone counts. With unequal populations ours are population-weighted; the same numbers come from
PySAL on the persons: a unit of population w holding c zones becomes w persons with c/w zones each.
"""

from __future__ import annotations

import numpy as np
import pytest
from inequality.gini import Gini
from inequality.theil import Theil

from aizone import balance

SEEDS = range(12)


def _counts(rng: np.random.Generator, n: int) -> list[int]:
    c = rng.integers(0, 9, size=n).tolist()
    c[int(rng.integers(n))] += 1  # at least one zone
    return c


@pytest.mark.parametrize("seed", SEEDS)
def test_equal_population_matches_pysal(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 32))
    counts = _counts(rng, n)
    base = [1000] * n
    y = np.array(counts, dtype=float)
    assert balance.gini(counts, base) == pytest.approx(Gini(y).g, abs=1e-12)
    assert balance.theil(counts, base) == pytest.approx(float(np.ravel(Theil(y).T)[0]), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_population_weighted_matches_pysal_on_persons(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 12))
    counts = _counts(rng, n)
    base = rng.integers(1, 40, size=n).tolist()
    persons = np.repeat([c / w for c, w in zip(counts, base)], base)
    assert len(persons) == sum(base)
    assert balance.gini(counts, base) == pytest.approx(Gini(persons).g, abs=1e-12)
    assert balance.theil(counts, base) == pytest.approx(float(np.ravel(Theil(persons).T)[0]), abs=1e-9)


def test_the_two_agree_on_the_cases_written_out_in_balance():
    # every zone in the unit with 20 % of the population: Gini 0.8, Theil ln 5 (aizone.balance's docstring)
    persons = np.repeat([0.0, 0.0, 3 / 20], [50, 30, 20])
    assert Gini(persons).g == pytest.approx(balance.gini([0, 0, 3], [50, 30, 20])) == pytest.approx(0.8)
    assert float(np.ravel(Theil(persons).T)[0]) == pytest.approx(np.log(5), abs=1e-9)
