"""What the user asks for (``Spec``) and which candidates it admits under a reading of the unknowns (``Case``).

Constraints:

* **conditions**: the guideline conditions a candidate must meet (C1..C4; a county-path unit is held to the
  county paragraph K instead). ``mode = "pass"`` admits only candidates shown to meet them; ``"could"``
  also admits those that could meet them if their unknown criteria went their way (a shown fail never).
* **score floor**: the eligibility score (0..100) a candidate must reach; the score as a *term* is
  ``score_weight`` (the mean score of the picks, weighted, is subtracted from the loss).
* **max_per_province**: at most m picks in one province (must-include picks count towards it).
* **include / exclude**: cities forced in or kept out. A forced city is in whatever its assessment.
* **county**: whether county-path units (济源, 仙桃, …) may be recommended at all.

A ``Case`` reads the unknowns one way: ``main`` as the user asked (score = proved score), ``worst`` (every
unknown goes against every candidate: only proved passes, proved scores), ``best`` (every unknown for:
nothing shown to fail is out, possible scores), and ``against`` (only the named cities' unknowns go against
them, the rest as in ``main``) for the robustness check of single picks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aizone import eligibility as elig
from aizone.recommend.instance import Candidate, Instance

OBJECTIVES = ("theil", "gini", "hhi", "coverage", "mix")
WEIGHT_KEYS = ("theil", "gini", "hhi", "coverage")
MODES = ("pass", "could")
CONDITIONS = ("C1", "C2", "C3", "C4")
K_MIN, K_MAX = 1, 10
DEFAULT_MIX = {"theil": 1.0, "hhi": 1.0, "coverage": 0.5}
COVERAGE_TIEBREAK = 1e-3  # coverage alone ties often: the Theil index decides among equal coverage


@dataclass(frozen=True)
class Spec:
    k: int = 3
    objective: str = "theil"
    weights: tuple[tuple[str, float], ...] = ()  # for mix: (name, weight) pairs
    conditions: tuple[str, ...] = ()
    mode: str = "could"
    max_per_province: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    county: bool = False
    score_floor: float = 0.0
    score_weight: float = 0.0

    def __post_init__(self):
        if not K_MIN <= int(self.k) <= K_MAX:
            raise ValueError(f"k must be between {K_MIN} and {K_MAX}")
        if self.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {OBJECTIVES}")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if any(c not in CONDITIONS for c in self.conditions):
            raise ValueError(f"conditions are among {CONDITIONS}")
        if self.max_per_province is not None and int(self.max_per_province) < 1:
            raise ValueError("max_per_province must be at least 1")
        if any(k not in WEIGHT_KEYS or w < 0 for k, w in self.weights):
            raise ValueError(f"weights are non-negative, for {WEIGHT_KEYS}")
        if len(set(self.include)) > self.k:
            raise ValueError("more must-include cities than k")
        if set(self.include) & set(self.exclude):
            raise ValueError("a city is both included and excluded")

    def objective_weights(self) -> dict[str, float]:
        """The loss as weights over indices (lower is better) and coverage (higher is better)."""
        if self.objective == "mix":
            w = dict(self.weights) if self.weights else dict(DEFAULT_MIX)
            return {k: float(v) for k, v in w.items() if v}
        if self.objective == "coverage":
            return {"coverage": 1.0, "theil": COVERAGE_TIEBREAK}
        return {self.objective: 1.0}


@dataclass(frozen=True)
class Case:
    name: str = "main"  # main | worst | best | against
    against: frozenset[str] = field(default_factory=frozenset)


MAIN, WORST, BEST = Case("main"), Case("worst"), Case("best")


def _pessimistic(spec: Spec, case: Case, code: str) -> bool:
    if case.name == "worst":
        return True
    if case.name == "best":
        return False
    if case.name == "against" and code in case.against:
        return True
    return spec.mode == "pass"


def score_of(c: Candidate, spec: Spec, case: Case) -> float:
    """The score the case reads: possible in the best case, proved otherwise."""
    return c.score_max if case.name == "best" else c.score


def admits(c: Candidate, spec: Spec, case: Case = MAIN) -> bool:
    """Whether the candidate may be picked (not counting must-include, which is always in)."""
    if c.adcode in spec.exclude:
        return False
    if c.path == elig.COUNTY and not spec.county:
        return False
    conds = spec.conditions if c.path == elig.CITY else (("K",) if spec.conditions else ())
    pess = _pessimistic(spec, case, c.adcode)
    for g in conds:
        s = c.conditions.get(g, elig.UNKNOWN)
        if s == elig.FAIL or (pess and s != elig.PASS):
            return False
    return (c.score if pess else c.score_max) >= spec.score_floor


def pool(inst: Instance, spec: Spec, case: Case = MAIN) -> tuple[tuple[Candidate, ...], tuple[Candidate, ...]]:
    """(forced, admitted): the must-include candidates, and the others the case admits."""
    by = inst.by_code
    unknown = [c for c in spec.include if c not in by]
    if unknown:
        raise ValueError(f"must-include city {unknown[0]} is not a candidate on this date")
    forced = tuple(by[c] for c in spec.include)
    admitted = tuple(c for c in inst.candidates if c.adcode not in spec.include and admits(c, spec, case))
    return forced, admitted
