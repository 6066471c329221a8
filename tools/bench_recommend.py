"""Bench of the recommender (issue 17): the exact Theil optimum for k = 5 over every candidate, beside the
baselines it replaces, and the recommend page's rerun after a change of k (AppTest, server side).

    PYTHONPATH=. python -m tools.bench_recommend [--no-page] [--repeat 5]

Aims: exact Theil k = 5 ≤ 1 s; page rerun after a change of k ≤ 1.5 s. Times are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2023, 12, 31)


def _median(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def greedy(inst, spec):
    """Baseline: add the city that lowers the loss most, k times (what a planner would do by hand)."""
    from aizone.recommend import objectives as obj
    from aizone.recommend.spec import pool

    _, admitted = pool(inst, spec)
    chosen = []
    for _ in range(spec.k):
        chosen.append(min((c for c in admitted if c not in chosen), key=lambda c: obj.loss(inst, spec, chosen + [c])))
    return obj.loss(inst, spec, chosen), tuple(c.adcode for c in chosen)


def all_vectors(inst, spec):
    """Baseline: every allocation of k picks to provinces, each scored with ``balance.theil`` (the brute
    force the DP replaces; exact, slow). Returns (loss, number of allocations)."""
    from aizone.recommend import objectives as obj
    from aizone.recommend.solve import _vectors
    from aizone.recommend.spec import pool

    _, admitted = pool(inst, spec)
    caps = [sum(1 for c in admitted if c.unit == u) for u in range(len(inst.units))]
    best, n = None, 0
    for vec in _vectors(caps, spec.k):
        n += 1
        v = obj.vector_loss(inst, spec, [b + x for b, x in zip(inst.counts, vec)], 0.0)
        best = v if best is None else min(best, v)
    return best, n


def bench_engine(repeat: int) -> None:
    from aizone.recommend import engine, instance
    from aizone.recommend.solve import solve
    from aizone.recommend.spec import Spec

    t0 = time.perf_counter()
    inst = instance.shipped(AS_OF, "province")
    print(f"instance (tables, assessment, joins; cold, once): {time.perf_counter() - t0:.2f} s, "
          f"{len(inst.candidates)} candidates, {len(inst.units)} provinces")
    for county in (False, True):
        spec = Spec(k=5, objective="theil", county=county)
        dt, sols = _median(lambda: solve(inst, spec), repeat)
        n = sum(1 for c in inst.candidates if c.path == "city" or county)
        print(f"exact Theil k=5 over {n} candidates (DP, with runner-up): {dt * 1000:.1f} ms  (aim <= 1000 ms)  "
              f"Theil {sols[0].loss:.6f} {','.join(sols[0].picks)}")
    spec = Spec(k=5, objective="theil")
    dt, (g_loss, g_codes) = _median(lambda: greedy(inst, spec), repeat)
    print(f"baseline greedy (k steps of the best single addition): {dt * 1000:.1f} ms  Theil {g_loss:.6f} {','.join(g_codes)}")
    t0 = time.perf_counter()
    full, n = all_vectors(inst, spec)
    print(f"baseline brute force over all {n:,} allocations to provinces: {time.perf_counter() - t0:.2f} s  "
          f"Theil {full:.6f}  (DP equal: {abs(full - solve(inst, spec)[0].loss) < 1e-12})")
    dt, rec = _median(lambda: engine.recommend(inst, spec), repeat)
    print(f"whole recommendation k=5 (set, runner-up, worst and best case, gains, robustness): {dt * 1000:.1f} ms")
    for objective in ("gini", "coverage", "mix"):
        dt, rec = _median(lambda: engine.recommend(inst, Spec(k=5, objective=objective)), 1)
        print(f"whole recommendation k=5, {objective}: {dt * 1000:.0f} ms ({rec.solution.method})")


def bench_page(repeat: int) -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from aizone.ui import frame

    frame._ensure_entry_script = lambda: None  # as in the page tests: AppTest runs app.py itself
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lang"] = "en"
    at.query_params["k"] = "3"
    at.run()
    at.switch_page("pages/recommend.py")
    t0 = time.perf_counter()
    at.run()
    print(f"page first run (cold caches): {time.perf_counter() - t0:.2f} s")
    times = []
    for k in [4, 5, 6, 7, 8, 2, 9, 10][: max(repeat, 3)]:
        at.slider(key="k").set_value(k)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, [e.value for e in at.exception]
    print(f"page rerun after a change of k (AppTest, each k new): median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)}  (aim <= 1.5 s)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="bench_recommend")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-page", action="store_true")
    args = ap.parse_args(argv)
    import os

    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores); times scale with it")
    bench_engine(args.repeat)
    if not args.no_page:
        bench_page(args.repeat)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
