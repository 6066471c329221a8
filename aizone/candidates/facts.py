"""The evidence the shipped tables hold about candidate units, as long rows for ``aizone.eligibility``.

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
  bases, national supercomputing centres, data-labelling bases): a city on one passes condition 3's data
  criterion; the lists are selective, so absence is unknown. An Internet backbone direct-connection point is
  network infrastructure, not a data platform or centre: shown beside the verdict, it decides nothing.
* ``ai_rd_institutes`` names national designations of AI R&D bodies (NDRC engineering laboratories, MOST state
  key laboratories, MIIT manufacturing innovation centres): a city hosting one whose own field is AI passes
  condition 1's institutes criterion; one in an intelligent-products field (sensors, appliances, VR) is shown and
  decides nothing. The designations are selective and only partly read, so absence is unknown.
* Universities with the AI major (31 named of 500+), open innovation platforms (17 of 24 named), local AI
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

import pandas as pd

from aizone import citations, gazetteer, tables
from aizone.eligibility import EVIDENCE_COLUMNS

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


# Designations in data_centres that are network links, not data platforms or centres: context only.
NETWORK_LISTS = frozenset({"国家级互联网骨干直联点"})


def _centres(codes: set[str], t: pd.DataFrame) -> list[dict]:
    """Data centres and data platforms named on a national list; a network designation is shown, deciding nothing."""
    return [_row(r.city_adcode, "data_centres", None if r.list_zh in NETWORK_LISTS else 1.0, year=int(r.year),
                 table="data_centres", url=citations.link(r._asdict()), detail=f"{r.name_zh}（{r.list_zh}，{r.year}）",
                 caveat="network_only" if r.list_zh in NETWORK_LISTS else "", confidence=r.confidence)
            for r in t.itertuples() if _s(r.city_adcode) in codes]


def _rd_institutes(codes: set[str], t: pd.DataFrame) -> list[dict]:
    """One row per nationally designated AI R&D body in a unit; an ``adjacent`` field is context (value empty)."""
    rows = []
    for r in t.itertuples():
        if _s(r.city_adcode) not in codes:
            continue
        counted = r.scope == "ai"
        year = _year(r.year)
        rows.append(_row(r.city_adcode, "ai_rd_institutes", 1.0 if counted else None, year=year,
                         table="ai_rd_institutes", url=citations.link(r._asdict()),
                         detail=f"{r.name_zh}（{r.designation_zh}{f'，{year}' if year else ''}）",
                         caveat="" if counted else "adjacent_field",
                         confidence=r.confidence))
    return rows


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


def platform_counts(t: pd.DataFrame | None = None, later: pd.DataFrame | None = None) -> dict[str, int | None]:
    """How much of MOST's platform list is read: named, with a known city, and the documented total (the first
    batches plus the aggregate count of later approvals; None when no count is recorded)."""
    t = tables.load("open_platforms") if t is None else t
    later = tables.load("open_platforms_later") if later is None else later
    agg = pd.to_numeric(later.loc[later["kind"] == "aggregate", "count"], errors="coerce").dropna()
    first = int((pd.to_numeric(t["year"], errors="coerce") <= 2019).sum())
    total = first + int(agg.iloc[0]) if len(agg) else None
    located = int(t["host_city_adcode"].map(_s).notna().sum())
    return {"named": len(t), "located": located, "total": total}


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
               "data_centres", "ai_rd_institutes", "open_platforms", "open_platforms_later", "ai_industry")


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
            + _rd_institutes(codes, tabs["ai_rd_institutes"])
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
