"""One command for the reliability figures, so one run can be compared with the next.

    python -m tools.report                       # hostile + fault tests (CI sample), short load
    python -m tools.report --sessions 20 --seconds 120 --replicas 1,2 --faults all --hostile all

It runs tests/app/test_hostile.py and tests/app/test_faults.py (they record every case they try in a JSON-lines
file named by AIZONE_FIGURES_OUT), then the load test (tools.loadtest) once per replica count, and prints
one block: hostile cases tried and failed, fault cases tried and handled (loader level and page level,
with the known gaps), sessions, page views, errors, p50/p95 time to page ready and to map drawn, server RSS
and whether it levelled off. ``--json`` keeps the figures for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from aizone.config import ROOT


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def run_tests(test_file: str, env_extra: dict[str, str], timeout: float) -> dict:
    """Run one test module; return its recorded cases and pytest's own pass/fail counts."""
    with tempfile.TemporaryDirectory() as tmp:
        cases_file = Path(tmp) / "cases.jsonl"
        junit = Path(tmp) / "junit.xml"
        env = dict(os.environ, AIZONE_FIGURES_OUT=str(cases_file), PYTHONPATH=str(ROOT), **env_extra)
        env.pop("AIZONE_DATA", None)
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
                               str(ROOT / "tests" / test_file)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout)
        records = [json.loads(line) for line in cases_file.read_text(encoding="utf-8").splitlines()] \
            if cases_file.exists() else []
        suite = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if junit.exists():
            root = ET.parse(junit).getroot()
            for ts in ([root] if root.tag == "testsuite" else root.iter("testsuite")):
                for k in suite:
                    suite[k] += int(ts.get(k, 0))
        failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        return {"records": records, "suite": suite, "failed": failed, "seconds": round(time.time() - t0),
                "returncode": proc.returncode, "tail": proc.stdout[-1500:]}


def hostile_figures(res: dict) -> dict:
    by_kind: Counter = Counter()
    for r in res["records"]:
        by_kind[r["case"]] += r.get("n", 1)
    return {"cases": sum(by_kind.values()), "by_kind": dict(by_kind), "failed_tests": res["suite"]["failures"]
            + res["suite"]["errors"], "failed": res["failed"], "tests": res["suite"]["tests"], "seconds": res["seconds"]}


def fault_figures(res: dict) -> dict:
    out = {}
    for kind in ("fault_loader", "fault_app"):
        recs = [r for r in res["records"] if r["kind"] == kind]
        bad = sorted(r["case"] for r in recs if not r["ok"])
        out[kind] = {"cases": len(recs), "handled": len(recs) - len(bad), "not_handled": bad}
    out["failed_tests"] = res["suite"]["failures"] + res["suite"]["errors"]
    out["failed"] = res["failed"]
    out["seconds"] = res["seconds"]
    return out


def print_report(fig: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"\naizone reliability figures — {fig['when']}, commit {fig['commit']}, {fig['cpus']} cores, "
      f"load average {fig['loadavg']}\n")
    w(f"pages: {', '.join(fig['pages'])}\n")
    h = fig.get("hostile")
    if h:
        w(f"hostile input   {h['cases']:,} cases ({fig['hostile_mode']}), {h['failed_tests']} failing tests "
          f"of {h['tests']} [{h['seconds']} s]\n")
        w("                " + ", ".join(f"{k} {v:,}" for k, v in sorted(h["by_kind"].items())) + "\n")
        for f in h["failed"][:8]:
            w(f"                ✗ {f[:150]}\n")
    f = fig.get("faults")
    if f:
        lo, app = f["fault_loader"], f["fault_app"]
        w(f"faults          loader: {lo['cases']} cases, {lo['handled']} named the file; pages "
          f"({fig['faults_mode']}): {app['cases']} cases, {app['handled']} handled on every page "
          f"[{f['seconds']} s]\n")
        for c in lo["not_handled"]:
            w(f"                gap (loader): {c}\n")
        for c in app["not_handled"]:
            w(f"                gap (pages): {c}\n")
    for s in fig.get("load", []):
        w(f"load            {s['sessions']} sessions x {s['seconds']:.0f} s, {s['replicas']} "
          f"server{'s behind nginx' if s['replicas'] > 1 else ''}: {s['views']} page views, {s['errors']} errors "
          f"{s['errors_by_kind'] or ''}\n")
        w(f"                page ready p50 {s['ready_p50_s']} s / p95 {s['ready_p95_s']} s; map drawn p50 "
          f"{s['map_p50_s']} s / p95 {s['map_p95_s']} s ({s['map_views']} map views)\n")
        g = s["rss_growth_last_vs_mid"]
        w(f"                RSS {s['rss_start_mb']} → {s['rss_mid_median_mb']} (middle third) → "
          f"{s['rss_last_median_mb']} MB (last third), peak {s['rss_peak_mb']} MB: "
          f"{'levelled off' if s['rss_levelled'] else 'NOT levelled'}"
          f"{f' ({g:+.1%})' if g is not None else ''}\n")
        if s.get("server_cpu_s") is not None and s.get("wall_s"):
            w(f"                CPU: servers {s['server_cpu_s']} s of {s['wall_s'] * s['cores']:.0f} core-seconds, "
              f"all cores {s['machine_busy']:.0%} busy (the browsers share them); "
              f"{s.get('requests_aborted_by_browser', 0)} requests cancelled by the browser, "
              f"{s.get('detached_chart_errors', 0)} script errors of charts already replaced, "
              f"{s.get('stale_media_404', 0)} images of the page just left released before they loaded (not counted)\n")
        for n in s.get("notes", []):
            w(f"                {n}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--ramp", type=float, default=60.0, help="start the load sessions evenly over this many seconds")
    ap.add_argument("--replicas", default="1", help="comma-separated replica counts to load, e.g. 1,2")
    ap.add_argument("--faults", choices=("sample", "all"), default="sample", help="page-level fault cases")
    ap.add_argument("--hostile", choices=("sample", "all"), default="sample", help="query-parameter rounds")
    ap.add_argument("--skip-tests", action="store_true", help="only the load test")
    ap.add_argument("--skip-load", action="store_true", help="only the tests")
    ap.add_argument("--json", default=str(ROOT / "artifacts" / "reliability.json"))
    a = ap.parse_args(argv)

    from tools.loadtest import pages_of, print_summary, run

    fig = {"when": time.strftime("%Y-%m-%d %H:%M"), "commit": _git_commit(), "cpus": os.cpu_count(),
           "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()), "pages": pages_of(),
           "faults_mode": a.faults, "hostile_mode": a.hostile}
    def save() -> None:  # after every stage, so a long run that is interrupted keeps what it measured
        if a.json:
            Path(a.json).parent.mkdir(parents=True, exist_ok=True)
            Path(a.json).write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")

    fig["load"] = []
    if not a.skip_tests:
        print("running tests/app/test_hostile.py …", flush=True)
        fig["hostile"] = hostile_figures(run_tests("app/test_hostile.py", {"AIZONE_HOSTILE": a.hostile}, 4 * 3600))
        save()
        print("running tests/app/test_faults.py …", flush=True)
        fig["faults"] = fault_figures(run_tests("app/test_faults.py", {"AIZONE_FAULTS": a.faults}, 6 * 3600))
        save()
    if not a.skip_load:
        for r in [int(x) for x in a.replicas.split(",") if x.strip()]:
            print(f"load test: {a.sessions} sessions x {a.seconds:.0f} s, {r} replica(s) …", flush=True)
            s = run(a.sessions, a.seconds, r, ramp=a.ramp)
            print_summary(s)
            s.pop("rss_series", None)
            fig["load"].append(s)
            save()
    print_report(fig)
    if a.json:
        print(f"\nfigures written to {a.json}")
    bad = (fig.get("hostile", {}).get("failed_tests", 0) or 0) + sum(s["errors"] for s in fig["load"])
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
