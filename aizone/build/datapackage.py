"""Publish the shipped tables as a Frictionless Data Package (``data/datapackage.json``).

The package is generated from the same contracts the app checks at load (``aizone.tables``,
``aizone.citations``, ``aizone.gazetteer``) and from each file's provenance sidecar, so an analyst can
validate or load the data with any Frictionless tool, without this code, and the two cannot drift: the
contract tests rebuild the package and compare it with the shipped file.

Run: ``python -m aizone.build.datapackage`` (writes the file) or ``--check`` (exit 1 if it is stale).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aizone import citations, config, gazetteer, provenance, tables
from aizone.schemas import ADCODE_RE, DATE_RE, Schema

OUT = config.DATA / "datapackage.json"
ADCODES_PATTERN = r"[1-9]\d{5}(;[1-9]\d{5})*"
# Adcode columns that may hold 100000 (a national figure), which is no unit of the gazetteer.
NOT_A_UNIT = {("ai_industry", "area_adcode")}


def _field(col) -> dict:
    f: dict = {"name": col.name}
    if col.description:
        f["description"] = col.description
    constraints: dict = {}
    k = col.kind
    if k == "int":
        f["type"] = "integer"
    elif k == "float":
        f["type"] = "number"
    elif k == "bool":
        f.update(type="boolean", trueValues=["true", "True", "1", "yes"], falseValues=["false", "False", "0", "no"])
    else:
        f["type"] = "string"
        if k == "adcode":
            constraints["pattern"] = ADCODE_RE.pattern.strip("^$")
        elif k == "adcodes":
            constraints["pattern"] = ADCODES_PATTERN
        elif k == "date":
            constraints["pattern"] = DATE_RE.pattern.strip("^$")
        elif k == "url":
            constraints["pattern"] = r"https?://\S+"
        elif k == "category":
            constraints["enum"] = [str(c) for c in col.choices]
    if col.required:
        constraints["required"] = True
    if col.minimum is not None and k in ("int", "float"):
        constraints["minimum"] = int(col.minimum) if k == "int" else float(col.minimum)
    if constraints:
        f["constraints"] = constraints
    return f


def _foreign_keys(schema: Schema) -> list[dict]:
    """Single-adcode columns point at the gazetteer; document columns at documents.csv."""
    out = []
    for col in schema.columns:
        if col.kind == "adcode" and (schema.name, col.name) not in NOT_A_UNIT:
            out.append({"fields": col.name, "reference": {"resource": "gazetteer", "fields": "adcode"}})
        elif col.name.endswith("doc_id") or col.name.endswith("doc_id_2"):
            if schema.name != "documents":
                out.append({"fields": col.name, "reference": {"resource": "documents", "fields": "doc_id"}})
    return out


def _resource(name: str, path: Path, schema: Schema) -> dict:
    origin = provenance.read_sidecar(path)
    res = {
        "name": name.replace("_", "-"),
        "path": path.relative_to(config.DATA).as_posix(),
        "title": origin.title or name,
        "description": schema.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": origin.checksum.replace("sha256:", "sha256:"),
        "licenses": [{"name": "other", "title": origin.licence}],
        "sources": [{"title": origin.cite_en, "path": origin.url}],
        "schema": {
            "fields": [_field(c) for c in schema.columns],
            "missingValues": [""],
        },
    }
    if schema.unique:
        res["schema"]["primaryKey"] = list(schema.unique)
    fks = _foreign_keys(schema)
    if fks:
        res["schema"]["foreignKeys"] = fks
    return res


def _fix_names(res: dict) -> dict:
    """Frictionless resource names are lower-case with '-', '_' or '.'; foreign keys name them the same way."""
    for fk in res["schema"].get("foreignKeys", []):
        fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return res


def package() -> dict:
    resources = [_resource("gazetteer", gazetteer.GAZETTEER, gazetteer.SCHEMA),
                 _resource("source_domains", citations.DOMAINS_FILE, citations.SOURCE_DOMAINS)]
    resources += [_resource(name, tables.path(name), schema) for name, (_, schema) in tables.TABLES.items()]
    return {
        "name": "aizone",
        "title": "China's national new-generation AI innovation and development pilot zones: sourced tables",
        "description": "The tables behind the aizone dashboard. Every fact names its document (documents.csv): "
                       "issuer, title, number, date and official address where known; the page where the text was "
                       "read is kept apart as read_at. An empty cell means unknown, never zero. Adcodes follow "
                       "GB/T 2260; municipalities use their province code at city level.",
        "profile": "data-package",
        "resources": [_fix_names(r) for r in resources],
    }


def render() -> str:
    return json.dumps(package(), ensure_ascii=False, indent=2) + "\n"


ORIGIN = provenance.Origin(
    producer="aizone (generated from the table contracts and sidecars)",
    url="data/datapackage.json (Frictionless Data Package)", accessed="2026-12-04",
    licence="metadata: CC0-1.0; each resource names its own licence", cite_zh="数据包：本项目各数据表的结构说明",
    cite_en="Data package: the structure of this project's tables", title="aizone data package (Frictionless)",
    command="aizone build datapackage",
    notes="Generated, never edited by hand: field types, enums, primary keys, foreign keys (adcodes to the gazetteer, "
          "doc_id to documents.csv) and empty as the missing value, from aizone.tables and aizone.citations.")


def write() -> list[Path]:
    """The package and its sidecar (every shipped file has one; the pages check it)."""
    OUT.write_text(render(), encoding="utf-8")
    return [OUT, provenance.write_sidecar(OUT, ORIGIN)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="write data/datapackage.json from the table contracts and sidecars")
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs from a fresh build")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("datapackage.json is up to date" if same else "datapackage.json is stale: run python -m aizone.build.datapackage")
        return 0 if same else 1
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
