"""Candidate cities and the evidence the shipped tables hold about them, ready for ``aizone.eligibility``.

The default universe is every prefecture-level unit and municipality in the gazetteer that is not yet a
pilot zone, including the many with no data at all (they are the point: a blank is shown as a blank).
Hong Kong, Macao and Taiwan are left out: the programme is run by MOST for mainland cities and none of the
source tables covers them. County-level units administered directly by a province (济源, 仙桃, Hainan's
and the XPCC's cities) are kept, but assessed on the guideline's county path, not the city conditions.

How absence from a list is read, table by table (this is the heart of "unknown is not fail"):

* ``innovation_demo_zones`` lists all 23 national independent innovation demonstration zones: a city not in
  any is a known *no*.
* ``high_tech_zones`` holds 176 of the 178 national high-tech zones counted in 2023. A city hosting none of
  the 176 is read as *no*, with the caveat shown, **except** the cities named in the research as leads for
  the two unidentified zones (``HTZ_GAP_LEADS``), which stay unknown. At most two cities can be misread this
  way; reading all ~160 other cities as unknown would throw away a nearly complete list.
* ``heis`` is the MOE list of all 2,919 regular higher-education institutions (2025): a city with none of
  them is a known *no* for condition 1's university criterion (no university, so none with an AI school).
  Having schools decides nothing; the count is shown beside the verdict.
* ``data_centres`` names data centres from national lists (green data centres, data-centre demonstration
  bases): a city on one passes condition 3's data criterion; the lists are selective, so absence is unknown.
* Universities with the AI major (31 named of 500+), open innovation platforms (15 of 24 named), local AI
  plans (35 places searched), national computing-hub clusters, AI industry figures: absence is *unknown*.
  A "searched, nothing found" row, a provincial-only or district-only plan, a plan that is not AI-specific,
  a hub placed only at province level: all are shown as context and decide nothing.
* AI industry figures: only *actual* figures can pass a threshold. Targets and estimates are kept as
  context and never count. A district, park or half-year figure is a lower bound for the city.

Evidence rows follow ``eligibility.EVIDENCE_COLUMNS``; a user's own figures are overlaid with
``merge_user_data`` and carry ``source = "user"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pandas as pd

from aizone import citations, gazetteer, ranking, rounding, strategies, tables
from aizone.eligibility import (BY_KEY, CITY, COUNTY, EVIDENCE_COLUMNS, FAIL, PASS, UNKNOWN, Verdict, condition_summary,
                                criteria, groups)
from aizone.i18n import normalise_lang, pick, t

# Outside the universe, with the reason shown on the page.
EXCLUDED_PROVINCES = {"710000": ("台湾", "Taiwan"), "810000": ("香港", "Hong Kong"), "820000": ("澳门", "Macao")}

HTZ_LISTED, HTZ_TOTAL = 176, 178  # rows of high_tech_zones that count towards MIIT's 178 (2023-11)


@dataclass(frozen=True)
class Lead:
    read_at: str | None  # a reprint that names the lead; kept, never shown as the source
    note: str


# Cities named as candidates for the 2 national high-tech zones the list is missing (see the high_tech_zones
# research notes). None is confirmed; they stay *unknown* rather than *no* for the zone criterion.
HTZ_GAP_LEADS: dict[str, Lead] = {
    "371600": Lead(None, "滨州：列入科技部 2022 年国家高新区升级实地考察名单（舜网-济南时报 2022-03-11，仅见转载）"),
    "340800": Lead("http://www.360doc.com/content/19/0227/09/1441737_817830176.shtml", "安庆：2019 年前已申请升级国家高新区"),
    "341200": Lead("http://www.360doc.com/content/19/0227/09/1441737_817830176.shtml", "阜阳（界首）：2019 年前已申请升级国家高新区"),
    "341800": Lead("http://www.360doc.com/content/19/0227/09/1441737_817830176.shtml", "宣城：2019 年前已申请升级国家高新区"),
    "341700": Lead("http://www.360doc.com/content/19/0227/09/1441737_817830176.shtml", "池州：2019 年前已申请升级国家高新区"),
}

# Indicators a user may supply (upload columns) and what a value means. Counts: >= 1 passes, 0 fails.
INDICATORS: dict[str, str] = {
    "ai_universities": "count",  # universities with an AI school/institute or the AI major
    "ai_rd_institutes": "count",  # high-level AI R&D institutes / innovation teams
    "nidz": "count",  # national independent innovation demonstration zones the city belongs to
    "htz": "count",  # national high-tech zones hosted
    "ai_priority": "count",  # AI named a priority industry (1 / 0)
    "ai_plan": "count",  # local AI plans / implementation opinions with support measures
    "ai_core_bn": "bn",  # AI core industry, actual, billion CNY
    "ai_related_bn": "bn",  # AI-related industry, actual, billion CNY
    "data_centres": "count",  # data platforms / big-data, cloud or computing centres
    "open_platforms": "count",  # national new-generation AI open innovation platforms
    "ai_scenarios": "count",  # distinctive AI application scenarios (county path)
}


# Columns an upload may carry besides indicators (the upload parser adds line number, matched names, source).
USER_META_COLUMNS = ("adcode", "year", "name", "city", "row", "level", "name_input", "name_zh", "name_en", "source",
                     "detail", "caveat")


def _s(v) -> str | None:
    return None if v is None or pd.isna(v) or str(v).strip() == "" else str(v)


def _true(v) -> bool:
    return v is not None and v is not pd.NA and not (isinstance(v, float) and pd.isna(v)) and bool(v)


def _year(v) -> int | None:
    if v is None or pd.isna(v):
        return None
    txt = str(v)
    return int(txt[:4]) if txt[:4].isdigit() else None


def unit_kind(adcode: str, province_adcode: str) -> str:
    """municipality | prefecture | county-level (a county-level unit under a province: xx90xx)."""
    if adcode == province_adcode:
        return "municipality"
    return "county-level" if adcode[2:4] == "90" else "prefecture"


def universe(gaz: pd.DataFrame | None = None, zones: pd.DataFrame | None = None,
             macro: pd.DataFrame | None = None, members: pd.DataFrame | None = None,
             include_zones: bool = False) -> pd.DataFrame:
    """City-level units not yet a zone (or all, with ``include_zones``), with region, strategies and path.

    Columns: adcode, name_zh, short_zh, name_en, province_adcode, province_zh, province_en, macro_region,
    unit_kind, path, strategies (';'-joined ids), is_zone, zones_inside (county zones within the city), lon, lat.
    """
    gaz = gazetteer.load() if gaz is None else gaz
    zones = tables.load("pilot_zones") if zones is None else zones
    macro = tables.load("macro_regions") if macro is None else macro
    cities = gaz[(gaz["level"] == "city") & ~gaz["province_adcode"].isin(EXCLUDED_PROVINCES)].copy()
    cities = cities.drop_duplicates("adcode")
    zone_codes = set(zones["adcode"].astype(str))
    cities["is_zone"] = cities["adcode"].isin(zone_codes)
    if not include_zones:
        cities = cities[~cities["is_zone"]]
    # County zones (德清) leave their city in the universe; say so on its card.
    county_zones = gaz[(gaz["level"] == "county") & gaz["adcode"].isin(zone_codes)]
    inside = county_zones.groupby("parent_adcode")["adcode"].agg(";".join)
    provinces = gaz[gaz["level"] == "province"].drop_duplicates("adcode").set_index("adcode")
    m = strategies.memberships(cities[["adcode", "parent_adcode", "province_adcode"]], members)
    m = m[m["strategy_id"].isin(strategies.STRATEGIES)]
    strat = m.groupby("adcode")["strategy_id"].agg(lambda s: ";".join(x for x in strategies.STRATEGIES if x in set(s)))
    out = pd.DataFrame({
        "adcode": cities["adcode"].astype(str).values,
        "name_zh": cities["name_zh"].values,
        "short_zh": cities["short_zh"].values,
        "name_en": cities["name_en"].values,
        "province_adcode": cities["province_adcode"].astype(str).values,
    })
    out["province_zh"] = out["province_adcode"].map(provinces["short_zh"])
    out["province_en"] = out["province_adcode"].map(provinces["name_en"])
    out["macro_region"] = out["province_adcode"].map(macro.set_index("province_adcode")["macro_region"]).astype("string")
    out["unit_kind"] = [unit_kind(a, p) for a, p in zip(out["adcode"], out["province_adcode"])]
    out["path"] = [COUNTY if k == "county-level" else CITY for k in out["unit_kind"]]
    out["strategies"] = out["adcode"].map(strat).fillna("")
    out["is_zone"] = cities["is_zone"].values
    out["zones_inside"] = out["adcode"].map(inside).fillna("")
    out["lon"] = cities["lon"].astype(float).values
    out["lat"] = cities["lat"].astype(float).values
    return out.reset_index(drop=True)


def _row(adcode, indicator, value=None, *, kind="actual", bound="exact", year=None, table="", url=None, detail="",
         caveat="", confidence=None, source="shipped") -> dict:
    return {"adcode": str(adcode), "indicator": indicator, "value": value, "kind": kind, "bound": bound, "year": year,
            "source": source, "table": table, "url": _s(url), "detail": detail, "caveat": caveat,
            "confidence": _s(confidence)}


def _universities(codes: set[str], t: pd.DataFrame, schools: pd.DataFrame) -> list[dict]:
    """One row per university: its AI school or institute where a document names one (the guideline's own
    words), else its AI undergraduate major (a proxy); a university is counted once."""
    rows, seen = [], set()
    for r in schools.itertuples():
        if r.city_adcode in codes and (r.city_adcode, r.university_zh) not in seen:
            seen.add((r.city_adcode, r.university_zh))
            rows.append(_row(r.city_adcode, "ai_universities", 1.0, year=_year(r.founded), table="ai_schools",
                             url=citations.link(r._asdict()), detail=f"{r.university_zh}{r.school_zh}",
                             confidence=r.confidence))
    for r in t.itertuples():
        if r.city_adcode in codes and (r.city_adcode, r.university_zh) not in seen:
            seen.add((r.city_adcode, r.university_zh))
            rows.append(_row(r.city_adcode, "ai_universities", 1.0, year=int(r.round_year), table="ai_major_universities",
                             url=citations.link(r._asdict()), detail=f"{r.university_zh}（{r.round_year}年度）",
                             caveat="proxy_major", confidence=r.confidence))
    return rows


def _heis(codes: set[str], t: pd.DataFrame) -> list[dict]:
    """One row per unit: how many schools of the MOE list sit in it (0 is a known none: the list is complete)."""
    counts = t.groupby("city_adcode").agg(n=("school_code", "size"), ug=("level", lambda s: int((s == "本科").sum())))
    rows = []
    for code in sorted(codes):
        n = int(counts["n"].get(code, 0))
        ug = int(counts["ug"].get(code, 0))
        detail = f"{n} 所（本科 {ug}，专科 {n - ug}）" if n else "0 所"
        rows.append(_row(code, "heis", float(n), year=2025, table="heis", detail=detail, caveat="heis_complete",
                         confidence="confirmed_secondary"))
    return rows


def _nidz(codes: set[str], t: pd.DataFrame) -> list[dict]:
    rows, members = [], set()
    for r in t.itertuples():
        for code in str(r.member_adcodes).split(";"):
            if code in codes:
                members.add(code)
                rows.append(_row(code, "nidz", 1.0, year=_year(r.approval_year), table="innovation_demo_zones",
                                 url=citations.link(r._asdict()), detail=r.name_zh, confidence=r.confidence))
    as_of = int(t["approval_year"].max())
    rows += [_row(c, "nidz", 0.0, year=as_of, table="innovation_demo_zones", caveat="nidz_complete")
             for c in sorted(codes - members)]
    return rows


def _htz(codes: set[str], t: pd.DataFrame) -> list[dict]:
    rows, hosts = [], set()
    for r in t.itertuples():
        if r.host_city_adcode in codes:
            hosts.add(r.host_city_adcode)
            rows.append(_row(r.host_city_adcode, "htz", 1.0, year=_year(r.approval_year), table="high_tech_zones",
                             url=citations.link(r._asdict()), detail=r.name_zh, confidence=r.confidence))
    for c in sorted(codes - hosts):
        lead = HTZ_GAP_LEADS.get(c)
        if lead:
            rows.append(_row(c, "htz", None, year=2023, table="high_tech_zones", url=None, detail=lead.note,
                             caveat="htz_gap_lead", confidence="unverified"))
        else:
            rows.append(_row(c, "htz", 0.0, year=2023, table="high_tech_zones", caveat="htz_incomplete"))
    return rows


def _plans(codes: set[str], t: pd.DataFrame) -> list[dict]:
    rows = []
    for r in t.itertuples():
        if r.city_adcode not in codes:
            continue
        title = _s(r.title_zh) or ""
        detail = f"{title}（{r.date}）" if _s(r.date) else title
        common = dict(year=_year(r.date), table="local_ai_plans", url=citations.link(r._asdict()), confidence=r.confidence)
        if not bool(r.plan_found):
            rows.append(_row(r.city_adcode, "ai_plan", None, detail="", caveat="searched_none", **common))
        elif not _true(r.ai_specific):
            rows.append(_row(r.city_adcode, "ai_plan", None, detail=detail, caveat="not_ai_specific", **common))
        elif bool(r.provincial_only) or r.doc_level == "provincial":
            rows.append(_row(r.city_adcode, "ai_plan", None, detail=detail, caveat="provincial_only", **common))
        elif r.doc_level in ("district", "county"):
            rows.append(_row(r.city_adcode, "ai_plan", None, detail=detail, caveat="district_only", **common))
        else:
            caveat = "miit_programme" if bool(r.miit_programme) else ""
            rows.append(_row(r.city_adcode, "ai_plan", 1.0, detail=detail, caveat=caveat, **common))
    return rows


def _hubs(codes: set[str], t: pd.DataFrame, gaz: pd.DataFrame) -> list[dict]:
    parent = gaz[gaz["level"] == "county"].drop_duplicates("adcode").set_index("adcode")["parent_adcode"]
    province_of = {c: c[:2] + "0000" for c in codes}
    rows = []
    for r in t.itertuples():
        detail = f"{r.hub_zh} · {r.cluster_zh}（{r.location_zh}）"
        common = dict(year=2022, table="computing_hubs", url=citations.link(r._asdict()), confidence=r.confidence)
        hit = set()
        for code in str(r.adcodes).split(";"):
            city = code if code in codes else parent.get(code)
            if city in codes and city not in hit:
                hit.add(city)
                rows.append(_row(city, "data_centres", 1.0, detail=detail, **common))
            elif code.endswith("0000") and code not in codes:  # only the province is known
                for c in sorted(c for c, p in province_of.items() if p == code and c not in hit):
                    rows.append(_row(c, "data_centres", None, detail=detail, caveat="province_only", **common))
    return rows


def _centres(codes: set[str], t: pd.DataFrame) -> list[dict]:
    """Data centres named on a national list (green data centres, data-centre demonstration bases)."""
    return [_row(r.city_adcode, "data_centres", 1.0, year=int(r.year), table="data_centres", url=citations.link(r._asdict()),
                 detail=f"{r.name_zh}（{r.list_zh}，{r.year}）", caveat="", confidence=r.confidence)
            for r in t.itertuples() if _s(r.city_adcode) in codes]


def _platforms(codes: set[str], t: pd.DataFrame, later: pd.DataFrame) -> list[dict]:
    rows = [_row(r.host_city_adcode, "open_platforms", 1.0, year=int(r.year), table="open_platforms", url=citations.link(r._asdict()),
                 detail=f"{r.platform_zh}（{r.company_zh}）", caveat="hq_city",
                 confidence=_s(r.host_city_confidence) or r.confidence)
            for r in t.itertuples() if _s(r.host_city_adcode) in codes]
    for r in later.itertuples():
        if _s(r.host_city_adcode) in codes:  # targets and other designations: context only
            rows.append(_row(r.host_city_adcode, "open_platforms", None, table="open_platforms_later", url=citations.link(r._asdict()),
                             detail=f"{r.designation}（{r.period}）", caveat=str(r.kind), confidence=r.confidence))
    return rows


def _industry(codes: set[str], t: pd.DataFrame) -> list[dict]:
    names = {"core": "ai_core_bn", "related": "ai_related_bn", "other": "ai_other_bn"}
    rows = _province_caps(codes, t, names)
    for r in t.itertuples():
        city = _s(r.city_adcode)
        if city not in codes:
            continue
        lower = r.area_level in ("district", "park") or r.period == "H1"
        caveat = "half_year" if r.period == "H1" else ("lower_level" if lower else "")
        rows.append(_row(city, names[r.metric_kind], float(r.value_cny_bn), kind=r.value_kind,
                         bound="at-least" if lower else r.value_bound, year=int(r.year), table="ai_industry",
                         url=citations.link(r._asdict()), detail=f"{r.area_zh}: {r.description}", caveat=caveat, confidence=r.confidence))
    return rows


def _province_caps(codes: set[str], t: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """A province's own actual core or related total, exact or approximate, bounds each of its cities' figure
    from above (bound ``at-most``): it can fail a city (``province_below``), never pass one. An "at least"
    total bounds nothing."""
    rows = []
    firm = t[(t["area_level"] == "province") & (t["value_kind"] == "actual") & (t["period"] == "year")
             & t["metric_kind"].isin(("core", "related")) & t["value_bound"].isin(("exact", "approx"))]
    for r in firm.itertuples():
        for code in sorted(c for c in codes if c[:2] + "0000" == r.area_adcode and c != r.area_adcode):
            rows.append(_row(code, names[r.metric_kind], float(r.value_cny_bn), bound="at-most", year=int(r.year),
                             table="ai_industry", url=citations.link(r._asdict()), detail=f"{r.area_zh}: {r.description}",
                             caveat="province_total", confidence=r.confidence))
    return rows


TABLES_USED = ("heis", "ai_major_universities", "ai_schools", "innovation_demo_zones", "high_tech_zones", "local_ai_plans", "computing_hubs",
               "data_centres", "open_platforms", "open_platforms_later", "ai_industry")


def evidence(units: pd.DataFrame, tabs: dict[str, pd.DataFrame] | None = None,
             gaz: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long evidence table for the units' adcodes from the shipped tables (``tabs`` overrides them in tests)."""
    tabs = dict(tabs or {})
    for name in TABLES_USED:
        if name not in tabs:
            tabs[name] = tables.load(name)
    gaz = gazetteer.load() if gaz is None else gaz
    codes = set(units["adcode"].astype(str))
    rows = (_universities(codes, tabs["ai_major_universities"], tabs["ai_schools"]) + _heis(codes, tabs["heis"])
            + _nidz(codes, tabs["innovation_demo_zones"])
            + _htz(codes, tabs["high_tech_zones"]) + _plans(codes, tabs["local_ai_plans"])
            + _hubs(codes, tabs["computing_hubs"], gaz) + _centres(codes, tabs["data_centres"])
            + _platforms(codes, tabs["open_platforms"], tabs["open_platforms_later"])
            + _industry(codes, tabs["ai_industry"]))
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS))
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("Float64")
    df["year"] = pd.array([None if y is None or pd.isna(y) else int(y) for y in df["year"]], dtype="Int64")
    return df


def merge_user_data(indicators: pd.DataFrame, user_df: pd.DataFrame | None) -> pd.DataFrame:
    """Overlay a user's figures (wide: adcode + indicator columns [+ year]) on the evidence, as ``source='user'``.

    For each (adcode, indicator) the user gives a value for, the shipped rows that could decide the criterion
    are dropped (targets and estimates stay as context); empty cells change nothing. Unknown columns are
    ignored and listed in ``result.attrs['ignored_columns']``.
    """
    if user_df is None or len(user_df) == 0:
        out = indicators.copy()
        out.attrs["ignored_columns"] = []
        return out
    cols = [c for c in user_df.columns if c in INDICATORS]
    ignored = [c for c in user_df.columns if c not in INDICATORS and c not in USER_META_COLUMNS]
    new = []
    for r in user_df.to_dict("records"):
        code = _s(r.get("adcode"))
        if code is None:
            continue
        year = _year(r.get("year")) if "year" in r else None
        caveat, detail = _s(r.get("caveat")) or "user", _s(r.get("detail")) or ""  # counted from points: user_points
        for c in cols:
            v = r.get(c)
            if v is None or pd.isna(v):
                continue
            new.append(_row(code, c, float(v), year=year, table="user", caveat=caveat, detail=detail, source="user"))
    added = _frame(new)
    keys = set(zip(added["adcode"], added["indicator"]))
    replaced = pd.Series([(a, i) in keys and k not in ("target", "estimate")
                          for a, i, k in zip(indicators["adcode"], indicators["indicator"], indicators["kind"])],
                         index=indicators.index, dtype=bool)
    out = pd.concat([indicators[~replaced], added], ignore_index=True) if len(added) else indicators.copy()
    out.attrs["ignored_columns"] = ignored
    return out


# ------------------------------------------------------------------------------------------ views for people

ICONS = {PASS: "✓", FAIL: "✗", UNKNOWN: "?"}  # in common fonts; colour emoji are often missing offline


def money(value_bn: float, lang: str) -> str:
    """Thresholds are stored in billion CNY; Chinese readers expect 亿元."""
    if normalise_lang(lang) == "zh":
        return f"{value_bn * 10:,.4g} 亿元"
    return f"CNY {value_bn:,.4g} bn"


def status_label(status: str, lang: str) -> str:
    return f"{ICONS[status]} {t(f'candidates.status.{status}', lang)}"


def condition_cell(counts: dict[str, int], lang: str) -> str:
    """'✓ 2 pass · ? 1 unknown': icon, number and word, so the cell reads without colour."""
    parts = [t(f"candidates.cell.{s}", lang, icon=ICONS[s], n=counts[s]) for s in (PASS, FAIL, UNKNOWN) if counts.get(s)]
    return " · ".join(parts)


def explain(v: Verdict, lang: str) -> str:
    """One sentence: why this status, from the reason code and its numbers."""
    p = dict(v.params)
    ind = p.get("indicator")
    if v.reason == "no_record" and ind:
        return t(f"candidates.absent.{ind}", lang)
    if v.reason in ("above", "below", "lower_bound", "province_below"):
        p["value"] = money(float(p["value"]), lang)
        p["min"] = money(float(p["min"]), lang)
        p["year"] = p.get("year") or "—"
    if ind:
        p["what"] = t(f"candidates.ind.{ind}", lang)
    return t(f"candidates.reason.{v.reason}", lang, **p)


@lru_cache(maxsize=64)
def table_cite(name: str | None, lang: str) -> str:
    """The shipped table's short citation (its sidecar), so a "not in the list" line still names the list."""
    try:
        return tables.origin(name).cite(lang) if name in tables.TABLES else t("candidates.src.shipped", lang)
    except (OSError, ValueError):
        return t("candidates.src.shipped", lang)


def caveat_text(code: str | None, lang: str) -> str:
    return t(f"candidates.caveat.{code}", lang) if code else ""


def card_rows(verdicts: list[Verdict], lang: str) -> pd.DataFrame:
    """One line per evidence item (a criterion without evidence still gets its line): the printable card."""
    out = []
    for v in verdicts:
        c = BY_KEY[v.criterion]
        base = {
            "condition": c.condition, "clause": pick(c.clause.clause_zh, c.clause.clause_en, lang),
            "criterion": t(f"candidates.crit.{c.key}", lang), "quote": c.quote_zh,
            "status": status_label(v.status, lang), "why": explain(v, lang),
        }
        items = [(r, False) for r in v.evidence] + [(r, True) for r in v.context]
        if not items:
            out.append({**base, "evidence": "", "year": None, "source": "", "url": None, "confidence": "", "note": ""})
        for r, ctx in items:
            note = caveat_text(r.get("caveat"), lang)
            if ctx:
                note = (t("candidates.context", lang) + (" · " + note if note else ""))
            value = r.get("value")
            detail = r.get("detail") or ""
            if r.get("indicator") in ("ai_core_bn", "ai_related_bn", "ai_other_bn") and value is not None:
                kind = t(f"candidates.kind.{r.get('kind') or 'actual'}", lang)
                detail = f"{detail} = {money(float(value), lang)} ({kind})"
            elif r.get("source") == "user" and value is not None:
                detail = f"{t('candidates.ind.' + str(r.get('indicator')), lang)} = {float(value):g}" + (
                    f" ({detail})" if detail else "")
            src = r.get("source") or "shipped"
            source = t(f"candidates.src.{src}", lang) if src == "user" else table_cite(r.get("table"), lang)
            out.append({**base, "evidence": detail, "year": r.get("year"), "source": source, "url": r.get("url"),
                        "confidence": t(f"conf.{r['confidence']}", lang) if r.get("confidence") else "", "note": note})
    df = pd.DataFrame(out)
    # Text, not numbers: a blank stays blank on screen (a missing year or link must not read "None").
    df["year"] = ["" if y is None or pd.isna(y) else str(int(y)) for y in df["year"]]
    df["url"] = ["" if u is None or pd.isna(u) else str(u) for u in df["url"]]
    return df


def unit_name(row, lang: str) -> str:
    return str(pick(row["name_zh"], row["name_en"], lang))


def unit_label(row, lang: str) -> str:
    """'宁波市（浙江）' / 'Ningbo (Zhejiang)': names repeat across provinces, so the province goes along."""
    prov = pick(row["province_zh"], row["province_en"], lang)
    return f"{unit_name(row, lang)}（{prov}）" if normalise_lang(lang) == "zh" else f"{unit_name(row, lang)} ({prov})"


def strategies_text(codes: str, lang: str) -> str:
    sep = "、" if normalise_lang(lang) == "zh" else ", "
    return sep.join(t(f"strategy.{c}", lang) for c in str(codes or "").split(";") if c)


def ranking_view(units: pd.DataFrame, scores: pd.DataFrame, matrix: pd.DataFrame, lang: str,
                 user_codes: Iterable[str] = ()) -> pd.DataFrame:
    """The ranking table in the reader's language, in rank order; every cell is plain text or a number."""
    u = units.set_index("adcode").to_dict("index")
    status = matrix.to_dict("index")
    user_codes = set(user_codes)
    col = {k: t(f"candidates.col.{k}", lang) for k in
           ("rank", "range", "city", "adcode", "province", "macro", "strategies", "score", "score_max", "unknown", "user")}
    rows = []
    for code, s in zip(scores.index, scores.to_dict("records")):
        unit, path = u[code], s["path"]
        summary = condition_summary(status[code], path)
        row = {
            col["rank"]: ranking.rank_text(s, lang),
            col["range"]: f"{int(s['best'])}–{int(s['worst'])}",
            col["city"]: unit_name(unit, lang),
            col["province"]: pick(unit["province_zh"], unit["province_en"], lang),
            col["macro"]: t(f"macro.{unit['macro_region']}", lang),
            col["score"]: rounding.value(s["score"], "score"),
            col["score_max"]: rounding.value(s["score_max"], "score"),
            col["unknown"]: int(s["n_unknown"]),
        }
        for g in groups(path):
            row[t(f"candidates.cond.{g}", lang)] = condition_cell(summary[g], lang)
        row[col["strategies"]] = strategies_text(unit["strategies"], lang)
        row[col["user"]] = t("candidates.user_yes", lang) if code in user_codes else ""
        row[col["adcode"]] = code
        rows.append(row)
    return pd.DataFrame(rows)


def rank_sentence(score, lang: str) -> str:
    """The card's line on its rank range, in words (the page shows the same line)."""
    return ranking.range_sentence(score, len(criteria(score["path"])), lang)


def card_markdown(adcode: str, unit, score, verdicts: list[Verdict], lang: str) -> str:
    """The city card as a Markdown file: everything on screen, for printing or sending on."""
    rows = card_rows(verdicts, lang)
    lines = [f"# {unit_label(unit, lang)} · {adcode}", ""]
    lines.append(t("candidates.card_score", lang, score=rounding.text(score["score"], "score"),
                   score_max=rounding.text(score["score_max"], "score"),
                   rank=ranking.rank_text(score, lang), best=int(score["best"]), worst=int(score["worst"])))
    lines.append("")
    lines.append(rank_sentence(score, lang))
    lines.append("")
    for clause, part in rows.groupby("clause", sort=False):
        lines.append(f"## {clause}")
        for crit, items in part.groupby("criterion", sort=False):
            first = items.iloc[0]
            lines.append(f"- **{crit}** — {first['status']}: {first['why']}")
            lines.append(f"  - 「{first['quote']}」")
            for _, it in items.iterrows():
                if not it["evidence"] and not it["url"]:
                    continue
                bits = [str(it["evidence"])]
                if it["year"]:
                    bits.append(str(it["year"]))
                if it["url"]:
                    bits.append(str(it["url"]))
                if it["confidence"]:
                    bits.append(str(it["confidence"]))
                if it["note"]:
                    bits.append(str(it["note"]))
                lines.append("  - " + " · ".join(bits))
        lines.append("")
    unknown = [c for c, s in zip(rows["criterion"], rows["status"]) if s.startswith(ICONS[UNKNOWN])]
    if unknown:
        lines.append(f"## {t('candidates.unknowns', lang)}")
        lines += [f"- {c}" for c in dict.fromkeys(unknown)]
    return "\n".join(lines) + "\n"
