"""``aizone recommend``: picks as adcodes, the objective before and after, reasons; bad input exits 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aizone.build import cli

ROOT = Path(__file__).resolve().parents[2]


def test_recommend_json(capsys):
    assert cli.main(["recommend", "--k", "3", "--objective", "theil", "--level", "province", "--as-of", "2023-12-31",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["picks"]) == 3 and all(len(c) == 6 and c.isdigit() for c in out["picks"])
    assert out["exact"] and out["method"] == "dp"
    assert out["objective_after"] < out["objective_before"]
    assert out["objective_before"] == out["before"]["indices"]["province"]["theil"]
    assert out["after"]["zones"] == out["before"]["zones"] + 3
    assert [e["adcode"] for e in out["each"]] and {e["adcode"] for e in out["each"]} == set(out["picks"])
    assert all(e["reason"] for e in out["each"])
    assert out["worst_case"]["picks"] and out["best_case"]["picks"]


def test_recommend_macro_constraints_and_zh(capsys):
    assert cli.main(["recommend", "--k", "2", "--level", "macro", "--max-per-province", "1", "--exclude", "520100",
                     "--lang", "zh", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "520100" not in out["picks"]
    provs = [c[:2] for c in out["picks"]]
    assert len(set(provs)) == len(provs)
    assert any("泰尔指数" in e["reason"] for e in out["each"])


def test_bad_input_exits_2(capsys):
    assert cli.main(["recommend", "--k", "0"]) == 2
    assert "k must be" in capsys.readouterr().err
    assert cli.main(["recommend", "--include", "999999"]) == 2


def test_console_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "aizone.build.cli", "recommend", "--k", "1"], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "theil over province" in r.stdout


def test_before_any_zone_the_objective_before_is_unknown(capsys):
    assert cli.main(["recommend", "--k", "2", "--as-of", "2019-01-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["objective_before"] is None and out["before"]["zones"] == 0
    assert out["before"]["indices"]["province"]["theil"] is None
    assert all(e["gain_alone"] is None for e in out["each"])
