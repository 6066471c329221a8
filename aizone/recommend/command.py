"""``aizone recommend``: the picks (adcodes), the objective before and after, and the reasons.

    aizone recommend --k 3 --objective theil --level province --as-of 2023-12-31 --json
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from aizone.recommend import spec as sp


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in text.replace(";", ",").split(",") if c.strip()) if text else ()


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    out = []
    for part in _codes(text):
        name, _, w = part.partition("=")
        out.append((name.strip(), float(w)))
    return tuple(out)


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("recommend", help="recommend the next k zones")
    p.add_argument("--k", type=int, default=3)
    p.add_argument("--objective", choices=sp.OBJECTIVES, default="theil")
    p.add_argument("--level", choices=("province", "macro"), default="province")
    p.add_argument("--as-of", type=date.fromisoformat, default=date(2023, 12, 31), dest="as_of")
    p.add_argument("--weights", default="", help="for --objective mix: theil=1,hhi=1,coverage=0.5")
    p.add_argument("--conditions", default="", help="C1,C2,C3,C4")
    p.add_argument("--mode", choices=sp.MODES, default="could")
    p.add_argument("--max-per-province", type=int, default=None, dest="max_per_province")
    p.add_argument("--include", default="", help="adcodes, comma-separated")
    p.add_argument("--exclude", default="", help="adcodes, comma-separated")
    p.add_argument("--county", action="store_true", help="allow county-path units")
    p.add_argument("--score-floor", type=float, default=0.0, dest="score_floor")
    p.add_argument("--score-weight", type=float, default=0.0, dest="score_weight")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def result(args: argparse.Namespace) -> dict:
    from aizone.recommend import engine, instance, reasons
    from aizone.recommend.figures import figures

    spec = sp.Spec(k=args.k, objective=args.objective, weights=_weights(args.weights),
                   conditions=_codes(args.conditions), mode=args.mode, max_per_province=args.max_per_province,
                   include=_codes(args.include), exclude=_codes(args.exclude), county=args.county,
                   score_floor=args.score_floor, score_weight=args.score_weight)
    inst = instance.shipped(args.as_of, args.level)
    rec = engine.recommend(inst, spec)
    before = figures(inst, [])
    after = figures(inst, rec.codes)
    words = {r.adcode: r.text for r in reasons.reasons(inst, rec, args.lang, before)}

    def indices(f):
        return {lvl: {k: f.index(k, lvl) for k in ("gini", "theil", "hhi", "hhi_norm")} for lvl in ("province", "macro")}

    def solution(s):
        return None if s is None else {"picks": list(s.picks), "objective": s.loss, "exact": s.exact, "method": s.method}

    return {
        "as_of": args.as_of.isoformat(), "k": spec.k, "objective": spec.objective, "level": args.level,
        "picks": list(rec.codes), "objective_before": rec.loss_before, "objective_after": rec.loss_after,
        "exact": bool(rec.solution and rec.solution.exact), "method": rec.solution.method if rec.solution else None,
        "lower_bound": rec.solution.bound if rec.solution else None,
        "admitted": rec.admitted, "problems": list(rec.problems),
        "before": {"zones": before.zones, "provinces": before.provinces, "strategies": list(before.strategies),
                   "macros": list(before.macros), "indices": indices(before)},
        "after": {"zones": after.zones, "provinces": after.provinces, "strategies": list(after.strategies),
                  "macros": list(after.macros), "indices": indices(after)},
        "each": [{"adcode": p.adcode, "gain_alone": p.gain_alone, "gain_last": p.gain_last, "robust": p.robust,
                  "forced": p.forced, "replaced_by": list(p.replaced_by), "reason": words[p.adcode]} for p in rec.picks],
        "runner_up": solution(rec.runner_up), "worst_case": solution(rec.worst), "best_case": solution(rec.best),
    }


def _num(v) -> str:
    return "—" if v is None else f"{v:.4f}"


def run(args: argparse.Namespace) -> int:
    try:
        out = result(args)
    except ValueError as e:
        print(f"aizone recommend: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"as of {out['as_of']}, k = {out['k']}, {out['objective']} over {out['level']}: "
          + _num(out["objective_before"]) + " -> " + _num(out["objective_after"])
          + f" ({out['method']})")
    for e in out["each"]:
        print(f"{e['adcode']}  {e['reason']}")
    for p in out["problems"]:
        print(f"note: {p}", file=sys.stderr)
    return 0 if out["picks"] else 1
