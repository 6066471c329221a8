"""``recommend``: the best set, its runner-up, the worst- and best-case sets, each pick's gain and robustness.

Robustness of a pick: whether it stays in the best set when *its own* unknown criteria go against it (its
conditions read as unknown → not met, its score the proved one). The main case already reads scores as
proved, so a pick only drops out when the conditions it could only meet through unknowns bar it; the set
that replaces it is then solved and shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from aizone.recommend import objectives as obj
from aizone.recommend.instance import Instance
from aizone.recommend.solve import Solution, solve
from aizone.recommend.spec import BEST, MAIN, WORST, Case, Spec, admits


@dataclass(frozen=True)
class Pick:
    adcode: str
    forced: bool
    gain_alone: float | None  # loss(zones) − loss(zones + this pick): what it does on its own (None: no zone yet)
    gain_last: float  # loss(set without it) − loss(set): what it adds to the others
    robust: bool  # stays in the best set when its own unknowns go against it
    replaced_by: tuple[str, ...] = ()  # the best set without it, when not robust


@dataclass(frozen=True)
class Recommendation:
    spec: Spec
    level: str
    solution: Solution | None
    runner_up: Solution | None
    worst: Solution | None  # best set when every unknown goes against every candidate
    best: Solution | None  # best set when every unknown goes for them
    picks: tuple[Pick, ...]
    loss_before: float | None  # None when no zone is counted yet (the indices are undefined)
    admitted: int  # candidates the main case admits
    problems: tuple[str, ...]  # locale keys under recommend.problem.*

    @property
    def codes(self) -> tuple[str, ...]:
        return self.solution.picks if self.solution else ()

    @property
    def loss_after(self) -> float | None:
        return self.solution.loss if self.solution else None


def _first(sols: list[Solution]) -> Solution | None:
    return sols[0] if sols else None


def recommend(inst: Instance, spec: Spec, cases: bool = True) -> Recommendation:
    """Solve ``spec`` on ``inst``; ``cases`` adds the worst/best-case sets and the robustness check."""
    by = inst.by_code
    problems = []
    main = solve(inst, spec, MAIN)
    sol = _first(main)
    admitted = sum(admits(c, spec, MAIN) for c in inst.candidates)
    if sol is None:
        problems.append("infeasible")
    if any(not admits(by[c], spec, MAIN) for c in spec.include if c in by):
        problems.append("forced_not_admitted")
    if sol is not None and not sol.exact:  # (a local search the LP bound proves optimal is exact)
        problems.append("not_proven")
    # With no zone counted yet the indices are undefined: "before" stays unknown, not 0.
    indices_used = set(spec.objective_weights()) & set(obj.INDICES)
    loss0 = obj.loss(inst, spec, [], MAIN) if sum(inst.counts) > 0 or not indices_used else None
    picks = []
    if sol is not None:
        chosen = [by[c] for c in sol.picks]
        full = sol.loss
        for c in chosen:
            forced = c.adcode in spec.include
            rest = [x for x in chosen if x is not c]
            robust, instead = True, ()
            if cases and not forced and not admits(c, spec, Case("against", frozenset({c.adcode}))):
                robust = False
                alt = _first(solve(inst, spec, Case("against", frozenset({c.adcode})), top=1, bound=False))
                instead = alt.picks if alt else ()
            alone = None if loss0 is None else loss0 - obj.loss(inst, spec, [c], MAIN)
            picks.append(Pick(c.adcode, forced, alone,
                              obj.loss(inst, spec, rest, MAIN) - full, robust, instead))
        picks.sort(key=lambda p: (p.forced is False, -(p.gain_alone if p.gain_alone is not None else p.gain_last),
                                  p.adcode))
    return Recommendation(
        spec=spec, level=inst.level, solution=sol, runner_up=main[1] if len(main) > 1 else None,
        worst=_first(solve(inst, spec, WORST, top=1, bound=False)) if cases else None,
        best=_first(solve(inst, spec, BEST, top=1, bound=False)) if cases else None,
        picks=tuple(picks), loss_before=loss0, admitted=admitted, problems=tuple(problems))
