"""The published Frictionless Data Package: current with the contracts, and valid by frictionless itself."""

from __future__ import annotations

import json

import pytest

from aizone import config, tables
from aizone.build import datapackage

import frictionless  # noqa: E402  (a test extra)


def test_the_shipped_package_is_the_one_the_contracts_describe():
    assert (config.DATA / "datapackage.json").read_text(encoding="utf-8") == datapackage.render(), \
        "data/datapackage.json is stale: run python -m aizone.build.datapackage"


def test_every_table_is_a_resource_with_keys_and_empty_as_missing():
    pkg = json.loads((config.DATA / "datapackage.json").read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in pkg["resources"]}
    for name in tables.TABLES:
        res = by_path[f"tables/{name}.csv"]
        assert res["schema"]["missingValues"] == [""]
        assert res["schema"]["primaryKey"]
    zones = by_path["tables/pilot_zones.csv"]["schema"]
    assert {"fields": "adcode", "reference": {"resource": "gazetteer", "fields": "adcode"}} in zones["foreignKeys"]
    assert {"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}} in zones["foreignKeys"]


def test_frictionless_validates_the_package():
    report = frictionless.validate(str(config.DATA / "datapackage.json"))
    errors = [(t.name, e.type, e.note) for t in report.tasks for e in t.errors][:10]
    assert report.valid, errors


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    """The package's keys are real checks: an adcode no unit has fails validation."""
    import shutil

    shutil.copytree(config.DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.parquet"))
    p = tmp_path / "data" / "tables" / "pilot_zones.csv"
    text = p.read_text(encoding="utf-8").replace("PZ01,110000,", "PZ01,119999,", 1)
    p.write_text(text, encoding="utf-8")
    pkg = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for r in pkg["resources"]:
        r.pop("hash", None)  # the edit changes the checksum; this test is about the key
    (tmp_path / "data" / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "foreign-key" for t in report.tasks for e in t.errors)
