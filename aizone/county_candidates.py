"""County candidates for the guideline's county paragraph, and the little the shipped tables say about counties.

The guideline (国科发规〔2020〕254号, part 3) lets "部分县域" apply: counties with a clear AI industry advantage,
sound intelligent infrastructure, distinctive application scenarios and strong R&D and technology transfer.
德清县 is the one county zone so far. The city engine (:mod:`aizone.candidates`) assesses prefecture-level
units; this module lists the ~2,810 mainland county-level units that are not city-level units themselves, and for each the
evidence the shipped tables hold *about that county by its own adcode*:

* ``pilot_zones``: a county that is already a zone (德清), shown as the reference, not as a candidate;
* ``miit_pilot_zones``: a county named as a MIIT AI innovation *application* pilot zone (浦东, 滨海新区): it
  speaks to the scenarios quality;
* ``computing_hubs``: a county named as a start area (起步区) of a national computing-hub cluster: it speaks
  to infrastructure;
* ``ai_industry``: an AI industry figure for the county itself (actual figures speak to industry; targets
  and estimates are context);
* ``local_ai_plans``: a county or district AI plan (policy support, which the county paragraph does not name:
  context);
* the user's own county rows (:mod:`aizone.uploads`), one item per figure given, under the quality the
  eligibility engine files that indicator under (plans, priority and platforms: context).

Nothing is inferred from a county's city (a city's high-tech zone, plan or zone is not the county's), and
``high_tech_zones`` records host cities only, so it says nothing here. A county with no item is unknown, not
weak: almost every county is unknown, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aizone import citations, gazetteer, tables
from aizone.candidates import EXCLUDED_PROVINCES
from aizone.candidates import INDICATORS as USER_INDICATORS
from aizone.eligibility import COUNTY, criteria
from aizone.i18n import pick, t

TABLES_USED = ("pilot_zones", "miit_pilot_zones", "computing_hubs", "ai_industry", "local_ai_plans")
QUALITIES = tuple(c.key for c in criteria(COUNTY))  # k_industry, k_infrastructure, k_scenarios, k_rd
CONTEXT = "context"  # an item that speaks to none of the four qualities (a plan, a target figure)
ZONE = "zone"  # the county is a pilot zone already
EVIDENCE_COLUMNS = ("adcode", "quality", "source", "text_zh", "text_en", "year", "row")
# which quality a user's county figure speaks to, from the eligibility engine's county criteria (the other
# indicators an upload may carry, such as plans, are context)
USER_QUALITY = {ind: c.key for c in criteria(COUNTY) for ind in c.indicators}


@dataclass(frozen=True)
class Coverage:
    """How little is known: counties in the universe, counties with any item, items per source."""

    units: int
    with_evidence: int
    by_source: dict[str, int]


def _codes(value) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [c.strip() for c in str(value).split(";") if c.strip()]


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def units(gaz: pd.DataFrame | None = None) -> pd.DataFrame:
    """County-level units that are not city-level units themselves (东莞 and 济源 are assessed as cities),
    mainland only. Columns: adcode, name_zh, name_en, city_adcode, city_zh, city_en, province_adcode,
    province_zh, province_en."""
    gaz = gazetteer.load() if gaz is None else gaz
    g = gaz.drop_duplicates(["adcode", "level"])
    city_codes = set(g.loc[g["level"] == "city", "adcode"].astype(str))
    c = g[(g["level"] == "county") & ~g["adcode"].astype(str).isin(city_codes)
          & ~g["province_adcode"].astype(str).isin(EXCLUDED_PROVINCES)]
    names = {(str(a), lv): (zh, en) for a, lv, zh, en in zip(g["adcode"], g["level"], g["name_zh"], g["name_en"])}
    parent = c["parent_adcode"].astype(str)
    prov = c["province_adcode"].astype(str)
    out = pd.DataFrame({
        "adcode": c["adcode"].astype(str).values, "name_zh": c["name_zh"].values, "name_en": c["name_en"].values,
        "city_adcode": parent.values,
        "city_zh": [names.get((p, "city"), ("", ""))[0] for p in parent],
        "city_en": [names.get((p, "city"), ("", ""))[1] for p in parent],
        "province_adcode": prov.values,
        "province_zh": [names.get((p, "province"), ("", ""))[0] for p in prov],
        "province_en": [names.get((p, "province"), ("", ""))[1] for p in prov],
    })
    return out.sort_values("adcode").reset_index(drop=True)


def _item(code: str, quality: str, source: str, zh: str, en: str, year=None, row: int | None = None) -> dict:
    y = None if year is None or pd.isna(year) or not str(year)[:4].isdigit() else int(str(year)[:4])
    return {"adcode": code, "quality": quality, "source": source, "text_zh": zh, "text_en": en, "year": y, "row": row}


def evidence(county_units: pd.DataFrame, tabs: dict[str, pd.DataFrame] | None = None,
             user_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every item the tables (and the user's county rows) hold about a county by its own adcode; ``row``
    is the row's index in its table (None for the user's rows), so the page can cite its document."""
    tabs = tabs or {n: tables.load(n) for n in TABLES_USED}
    known = set(county_units["adcode"])
    items: list[dict] = []
    z = tabs["pilot_zones"]
    for i, (code, zh, en, date) in enumerate(zip(z["adcode"].astype(str), z["name_zh"], z["name_en"], z["date"])):
        if code in known:
            items.append(_item(code, ZONE, "pilot_zones", f"国家新一代人工智能创新发展试验区：{zh}",
                               f"National AI pilot zone: {en}", date, i))
    m = tabs["miit_pilot_zones"]
    for i, (codes, zh, en, year) in enumerate(zip(m["adcodes"], m["name_zh"], m["name_en"], m["batch_year"])):
        for code in _codes(codes):
            if code in known:
                items.append(_item(code, "k_scenarios", "miit_pilot_zones", f"工信部人工智能创新应用先导区：{zh}",
                                   f"MIIT AI innovation application pilot zone: {en}", year, i))
    h = tabs["computing_hubs"]
    for i, r in enumerate(h[["adcodes", "hub_zh", "hub_en", "cluster_zh", "cluster_en"]].itertuples(index=False)):
        for code in _codes(r.adcodes):
            if code in known:
                items.append(_item(code, "k_infrastructure", "computing_hubs",
                                   f"全国一体化算力网络{r.hub_zh}·{r.cluster_zh}起步区",
                                   f"Start area of the {r.cluster_en}, {r.hub_en} (national computing network)", None, i))
    a = tabs["ai_industry"]
    for i, r in enumerate(a[["area_adcode", "metric_kind", "value_kind", "value_cny_bn", "year"]].itertuples(index=False)):
        code = _text(r.area_adcode)
        if code in known:
            quality = "k_industry" if r.value_kind == "actual" else CONTEXT  # targets and estimates never count
            what = {lang: t("explorer.profile.ai_industry", lang, metric=t(f"explorer.metric.{r.metric_kind}", lang),
                            kind=t(f"explorer.value_kind.{r.value_kind}", lang)) for lang in ("zh", "en")}
            bn = None if pd.isna(r.value_cny_bn) else float(r.value_cny_bn)
            items.append(_item(code, quality, "ai_industry",
                               what["zh"] + ("" if bn is None else f"：{bn * 10:,.0f} 亿元"),
                               what["en"] + ("" if bn is None else f": {bn:,.1f} bn CNY"), r.year, i))
    p = tabs["local_ai_plans"]
    for i, r in enumerate(p[["city_adcode", "plan_found", "title_zh", "date"]].itertuples(index=False)):
        code = _text(r.city_adcode)
        if code in known and str(r.plan_found).lower() == "true":
            items.append(_item(code, CONTEXT, "local_ai_plans", f"地方人工智能政策：{_text(r.title_zh)}",
                               f"Local AI policy document: {_text(r.title_zh)}", r.date, i))
    if user_rows is not None and len(user_rows):
        for r in user_rows.to_dict("records"):
            code = _text(r.get("adcode"))
            if code not in known:
                continue
            for ind, kind in USER_INDICATORS.items():
                v = r.get(ind)
                if v is None or pd.isna(v):
                    continue
                zh = float(v) * 10 if kind == "bn" else float(v)  # money is kept in bn CNY; the label says 亿元
                items.append(_item(code, USER_QUALITY.get(ind, CONTEXT), "user",
                                   f"{t(f'uploads.field.{ind}', 'zh')}：{zh:,.6g}",
                                   f"{t(f'uploads.field.{ind}', 'en')}: {float(v):,.6g}", r.get("year")))
    return pd.DataFrame(items, columns=list(EVIDENCE_COLUMNS)).astype({"year": "Int64"})


def table(county_units: pd.DataFrame, ev: pd.DataFrame) -> pd.DataFrame:
    """One row per county with any item: its names, city, province, whether it is a zone, and per quality
    the number of items (0 = nothing known: unknown, never a fail). The zone first, then by qualities with
    any item, then items, then adcode."""
    if ev.empty:
        return county_units.iloc[0:0].assign(is_zone=pd.Series(dtype=bool), n_items=pd.Series(dtype=int))
    counts = ev.pivot_table(index="adcode", columns="quality", values="source", aggfunc="count", fill_value=0)
    for q in (*QUALITIES, CONTEXT, ZONE):
        if q not in counts.columns:
            counts[q] = 0
    out = county_units.set_index("adcode").loc[counts.index].copy()
    out["is_zone"] = counts[ZONE] > 0
    for q in (*QUALITIES, CONTEXT):
        out[q] = counts[q].astype(int)
    out["n_qualities"] = (counts[list(QUALITIES)] > 0).sum(axis=1).astype(int)
    out["n_items"] = counts.sum(axis=1).astype(int)
    out = out.reset_index().sort_values(["is_zone", "n_qualities", "n_items", "adcode"],
                                        ascending=[False, False, False, True])
    return out.reset_index(drop=True)


def coverage(county_units: pd.DataFrame, ev: pd.DataFrame) -> Coverage:
    """Counties with any item, and per source (the tables in ``TABLES_USED`` order, then the user's) how many."""
    per = ev.groupby("source")["adcode"].nunique()
    order = [s for s in (*TABLES_USED, "user") if s in per.index]
    return Coverage(units=len(county_units), with_evidence=int(ev["adcode"].nunique()),
                    by_source={s: int(per[s]) for s in order})


def unit_label(row, lang: str) -> str:
    """德清县（湖州市，浙江省） / Deqing County (Huzhou, Zhejiang)."""
    name = pick(row["name_zh"], row["name_en"], lang)
    city, prov = pick(row["city_zh"], row["city_en"], lang), pick(row["province_zh"], row["province_en"], lang)
    inside = [x for x in (city, prov) if x and x != name]
    if lang == "zh":
        return f"{name}（{'，'.join(dict.fromkeys(inside))}）" if inside else str(name)
    return f"{name} ({', '.join(dict.fromkeys(inside))})" if inside else str(name)


def split_user_rows(user_df: pd.DataFrame | None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """An upload's accepted rows as (city rows, county rows); either None when empty. Rows without a
    ``level`` column are city rows (an upload parsed before counties were accepted)."""
    if user_df is None or not len(user_df):
        return None, None
    level = user_df["level"] if "level" in user_df.columns else pd.Series("city", index=user_df.index)
    county = (level == "county").fillna(False).astype(bool)
    cities, counties = user_df[~county].drop(columns=["level"], errors="ignore"), user_df[county]
    return (cities if len(cities) else None), (counties if len(counties) else None)


def _cite(item: dict, tabs: dict[str, pd.DataFrame], lang: str) -> str:
    if item["source"] == "user":
        return t("county.user_source", lang)
    row = tabs[item["source"]].iloc[int(item["row"])].to_dict()
    return citations.cite(row, lang).text


def view(tab: pd.DataFrame, ev: pd.DataFrame, lang: str, tabs: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The county table for people: per county its label, code, zone, a mark per quality with an item (a
    blank is unknown, never a fail), the items in words with their year, and the documents they rest on."""
    tabs = tabs or {n: tables.load(n) for n in TABLES_USED}
    sep = "；" if lang == "zh" else "; "
    rows = []
    by_code = {c: g.to_dict("records") for c, g in ev.groupby("adcode")}
    for r in tab.to_dict("records"):
        items = by_code.get(r["adcode"], [])
        texts = [pick(i["text_zh"], i["text_en"], lang) + ("" if pd.isna(i["year"]) else f" ({int(i['year'])})")
                 for i in items]
        docs = list(dict.fromkeys(d for d in (_cite(i, tabs, lang) for i in items) if d))
        out = {t("county.col.unit", lang): unit_label(r, lang), t("county.col.adcode", lang): r["adcode"],
               t("county.col.zone", lang): t("county.zone_yes", lang) if r["is_zone"] else ""}
        for q in QUALITIES:
            out[t(f"candidates.crit.{q}", lang)] = "✓" * min(int(r[q]), 3) if r[q] else ""
        out[t("county.col.context", lang)] = int(r[CONTEXT]) or None
        out[t("county.col.items", lang)] = sep.join(texts)
        out[t("county.col.documents", lang)] = sep.join(docs)
        rows.append(out)
    frame = pd.DataFrame(rows)
    if len(frame):
        frame[t("county.col.context", lang)] = frame[t("county.col.context", lang)].astype("Int64")
    return frame
