"""A clicked unit's profile card, and the step from a plotly selection to the unit that was clicked.

The card has to answer "what is here and how sure are we": the zone's status on the as-of date with the
date's basis (an approval known only to the year must not read like a letter date), each strategy the unit
belongs to and how (whole, part, core area), the other programmes present, the indicators with their year
and source, and a flag wherever a figure rests on one source, a guess, or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from aizone import citations, dated, strategies, zones
from aizone.boundaries import MUNICIPALITY_CITY
from aizone.explorer import Tables, city_of, display_value, load_tables, split_codes
from aizone.explorer.indicators import high_tech_layer
from aizone.i18n import pick, t
from aizone.tables import GDP_COLUMN, GDP_YEAR

_ADCODE = re.compile(r"\d{6}")


# ----------------------------------------------------------------------------------------------- selection


def _get(obj, key):
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def _as_adcode(value) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not _ADCODE.fullmatch(value.strip()):
        return None
    code = value.strip()
    return MUNICIPALITY_CITY.get(code, code)


def selection_to_adcodes(event) -> list[str]:
    """Adcodes picked in a plotly selection event (``st.plotly_chart(on_select=...)`` state), in click order.

    A choropleth point names its unit in ``location``; a scattergeo marker carries it in ``customdata``
    (``location`` is None there). Accepts the whole event or its ``selection`` part; anything else gives [].
    """
    sel = _get(event, "selection")
    if sel is None:
        sel = event
    points = _get(sel, "points")
    if not isinstance(points, (list, tuple)):
        return []
    out: list[str] = []
    for p in points:
        if not isinstance(p, Mapping):
            continue
        code = _as_adcode(p.get("location")) or _as_adcode(p.get("customdata"))
        if code and code not in out:
            out.append(code)
    return out


# ----------------------------------------------------------------------------------------------- card


@dataclass(frozen=True)
class ZoneEntry:
    zone_id: str
    unit: str
    status: str  # approved | uncertain | not_yet (on the as-of date)
    status_text: str
    date: str  # as precise as known
    basis: str
    basis_text: str
    document: str
    sources: tuple[str, ...]
    confidence: str
    confidence_text: str


@dataclass(frozen=True)
class StrategyEntry:
    strategy_id: str
    name: str
    scope: str  # full | partial | core-area | demonstration-zone
    scope_text: str
    via: str  # adcode of the row that decided it (a province, the city itself, …)
    via_name: str


@dataclass(frozen=True)
class Item:
    """One line of the card: what, its value, when, how sure, and where it comes from."""

    kind: str
    label: str
    value: str
    when: str = ""
    source: citations.Cite = citations.NO_CITE  # the document in words, its official link, where it was read
    confidence: str = ""  # code word; "" when the table has none for this item
    confidence_text: str = ""


@dataclass(frozen=True)
class CityProfile:
    adcode: str
    level: str  # province | city | county
    name_zh: str
    name_en: str
    name: str
    province: str
    as_of: date
    zones: tuple[ZoneEntry, ...]
    strategies: tuple[StrategyEntry, ...]
    programmes: tuple[Item, ...]
    indicators: tuple[Item, ...]
    flags: tuple[str, ...]
    city: str = ""  # a county's city-level unit, in the reader's language ("" for cities and provinces)

    @property
    def has_zone(self) -> bool:
        return any(dated.shown(z.status) for z in self.zones)


def _conf(code, lang: str) -> str:
    return t(f"conf.{code}", lang) if isinstance(code, str) and code else ""


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _unit_row(code: str, gaz: pd.DataFrame) -> pd.Series:
    rows = gaz[gaz["adcode"] == code]
    if rows.empty:
        raise ValueError(f"adcode {code} is not in the gazetteer")
    for level in ("city", "county", "province"):  # a municipality is read as a city
        hit = rows[rows["level"] == level]
        if len(hit):
            return hit.iloc[0]
    return rows.iloc[0]


def _in_unit(codes, unit: str, level: str, tb: Tables) -> bool:
    """Does any of ``codes`` lie in the unit (for a city: itself or one of its counties)?"""
    for c in codes:
        if c == unit:
            return True
        if level == "city" and city_of(c, tb) == unit:
            return True
        if level == "province" and c[:2] == unit[:2]:
            return True
    return False


def _zone_entries(tb: Tables, unit: str, level: str, as_of: date, lang: str) -> list[ZoneEntry]:
    z = tb.zones.assign(status=zones.status_on(tb.zones, as_of))
    out = []
    for _, r in z.iterrows():
        if not _in_unit([str(r["adcode"])], unit, level, tb):
            continue
        out.append(ZoneEntry(
            zone_id=r["zone_id"], unit=str(pick(r["name_zh"], r["name_en"], lang)), status=r["status"],
            status_text=t(f"explorer.status.{r['status']}", lang), date=str(r["date"]),
            basis=r["date_basis"], basis_text=t(f"basis.{r['date_basis']}", lang), document=citations.cite(r, lang).text or _text(r["document"]),
            sources=tuple(u for u in (citations.cite(r, lang).link,) if u),
            confidence=r["confidence"], confidence_text=_conf(r["confidence"], lang),
        ))
    return out


def _strategy_entries(tb: Tables, row: pd.Series, lang: str) -> list[StrategyEntry]:
    unit = pd.DataFrame([{"adcode": row["adcode"], "parent_adcode": row["parent_adcode"] if pd.notna(row["parent_adcode"]) else "",
                          "province_adcode": row["province_adcode"]}])
    mem = strategies.memberships(unit, tb.members)
    out = []
    for _, m in mem.iterrows():
        if m["strategy_id"] not in strategies.STRATEGIES:  # YRD-core is a map layer; YRD's scope already says 'core area'
            continue
        via = str(m["via"])
        via_rows = tb.gaz[tb.gaz["adcode"] == via]
        via_name = str(pick(via_rows["name_zh"].iloc[0], via_rows["name_en"].iloc[0], lang)) if len(via_rows) else via
        out.append(StrategyEntry(m["strategy_id"], t(f"strategy.{m['strategy_id']}", lang), m["scope"],
                                 t(f"explorer.scope.{m['scope']}", lang), via, via_name))
    return out


def _programmes(tb: Tables, unit: str, level: str, as_of: date, lang: str, flags: list[str]) -> list[Item]:
    out: list[Item] = []
    for _, r in tb.miit.iterrows():
        if _in_unit(split_codes(r["city_adcodes"]) + split_codes(r["adcodes"]), unit, level, tb):
            value = str(pick(r["name_zh"], r["name_en"], lang))
            if not dated.shown(dated.status(dated.window(r["date"]), as_of)):
                value += f" ({t('explorer.status.not_yet', lang)})"
            out.append(Item("miit", t("explorer.layer.miit", lang), value, _text(r["date"]), citations.cite(r, lang),
                            r["confidence"], _conf(r["confidence"], lang)))
    hosted = tb.platforms[tb.platforms["host_city_adcode"].notna()]
    for _, r in hosted.iterrows():
        if _in_unit([str(r["host_city_adcode"])], unit, level, tb):
            hc = r["host_city_confidence"]
            out.append(Item("platforms", t("explorer.layer.platforms", lang),
                            f"{pick(r['platform_zh'], r['platform_en'], lang)} ({pick(r['company_zh'], r['company_en'], lang)})",
                            str(r["year"]), citations.cite(r, lang), r["confidence"], _conf(r["confidence"], lang)))
            if hc != "confirmed":
                flag = t("explorer.flag.platform_host", lang)
                if flag not in flags:
                    flags.append(flag)
    for _, r in tb.demo_zones.iterrows():
        if _in_unit(split_codes(r["member_adcodes"]), unit, level, tb):
            out.append(Item("demo_zones", t("explorer.layer.demo_zones", lang), str(pick(r["name_zh"], r["name_en"], lang)),
                            _text(r["approval_year"]), citations.cite(r, lang), r["confidence"], _conf(r["confidence"], lang)))
    for _, r in tb.hubs.iterrows():
        codes = split_codes(r["adcodes"])
        name = f"{pick(r['hub_zh'], r['hub_en'], lang)} · {pick(r['cluster_zh'], r['cluster_en'], lang)}"
        if _in_unit(codes, unit, level, tb):
            out.append(Item("hubs", t("explorer.layer.hubs", lang), name, "", citations.cite(r, lang),
                            r["confidence"], _conf(r["confidence"], lang)))
        elif level != "province" and any(c.endswith("0000") and c[:2] == unit[:2] for c in codes):
            out.append(Item("hubs", t("explorer.layer.hubs", lang), f"{name} ({t('explorer.profile.in_province', lang)})",
                            "", citations.cite(r, lang), r["confidence"], _conf(r["confidence"], lang)))
            flags.append(t("explorer.flag.hub_province", lang))
    ht = high_tech_layer(tb, as_of)
    ht = ht[ht["province_adcode"] == unit] if level == "province" else ht[ht["host_city_adcode"] == city_of(unit, tb)]
    if len(ht):
        names = "、".join(ht["name_zh"]) if lang == "zh" else "; ".join(ht["name_zh"])
        out.append(Item("high_tech", t("explorer.profile.high_tech", lang), f"{len(ht)}: {names}", "",
                        citations.cite(ht.iloc[0], lang), "", ""))
    un = tb.universities
    un = un[un["city_adcode"].str[:2] == unit[:2]] if level == "province" else un[un["city_adcode"] == city_of(unit, tb)]
    if len(un):
        out.append(Item("universities", t("explorer.profile.universities", lang),
                        f"{len(un)}: " + ("、" if lang == "zh" else "; ").join(un["university_zh"]),
                        str(un["round_year"].min()), citations.cite(un.iloc[0], lang), "", ""))
        flags.append(t("explorer.flag.universities", lang))
    plans = tb.plans[tb.plans["city_adcode"] == unit]
    for _, r in plans.iterrows():
        if not bool(r["plan_found"]):
            out.append(Item("plans", t("explorer.profile.plan", lang), t("explorer.profile.no_plan", lang), "",
                            citations.cite(r, lang), r["confidence"], _conf(r["confidence"], lang)))
            continue
        title = _text(r["title_zh"])
        if bool(r["provincial_only"]):
            title += f" ({t('explorer.profile.provincial', lang)})"
        out.append(Item("plans", t("explorer.profile.plan", lang), title, _text(r["date"]), citations.cite(r, lang),
                        r["confidence"], _conf(r["confidence"], lang)))
    return out


_BOUND = {"exact": "", "at-least": "≥ ", "approx": "≈ "}


def _gdp_year(row: pd.Series | None) -> str:
    """The year a row's GDP figure is for: its own gdp_year where the table has one, else 2023."""
    year = row.get("gdp_year") if row is not None else None
    return str(int(year)) if year is not None and not pd.isna(year) else str(GDP_YEAR)


def _indicators(tb: Tables, unit: str, level: str, lang: str, flags: list[str]) -> list[Item]:
    out: list[Item] = []
    stats = tb.province_stats if level == "province" else tb.city_stats
    row = stats[stats["adcode"] == unit]
    if row.empty and level == "city" and unit.endswith("0000"):  # a municipality: its provincial figures
        row = tb.province_stats[tb.province_stats["adcode"] == unit]
    r = row.iloc[0] if len(row) else None
    for key, col, src, year in (("population", "population_2020_census", "pop_", "2020"),
                                ("gdp", GDP_COLUMN, "gdp_", _gdp_year(r))):
        value = r[col] if r is not None else None
        label = (t("explorer.ind.gdp_of", lang, year=year) if key == "gdp" and year != str(GDP_YEAR)
                 else t(f"explorer.ind.{key}", lang))
        out.append(Item(key, label, display_value(key, value, lang), year,
                        citations.cite(r, lang, src) if r is not None else citations.NO_CITE,
                        r["confidence"] if r is not None else "", _conf(r["confidence"], lang) if r is not None else ""))
    if r is None or (pd.isna(r["population_2020_census"]) and pd.isna(r[GDP_COLUMN])):
        flags.append(t("explorer.flag.no_stats", lang))
    elif r["confidence"] in ("partial", "unverified") or pd.isna(r["population_2020_census"]) or pd.isna(r[GDP_COLUMN]):
        flags.append(t("explorer.flag.stats_gaps", lang))
    ai = tb.ai_industry
    if level == "province":
        ai = ai[(ai["area_adcode"] == unit) & (ai["area_level"] == "province")]
    else:
        ai = ai[ai["city_adcode"] == unit]
    for _, a in ai.sort_values(["value_kind", "year"]).iterrows():
        label = t("explorer.profile.ai_industry", lang, metric=t(f"explorer.metric.{a['metric_kind']}", lang),
                  kind=t(f"explorer.value_kind.{a['value_kind']}", lang))
        when = f"{a['year']}" + (" H1" if a["period"] == "H1" else "")
        out.append(Item("ai_industry", label, _BOUND[a["value_bound"]] + display_value("gdp", a["value_cny_bn"], lang),
                        when, citations.cite(a, lang), a["confidence"], _conf(a["confidence"], lang)))
    return out


def city_profile(adcode: str, lang: str, as_of: date | None = None, tb: Tables | None = None) -> CityProfile:
    """The card for one unit (normally a city; a county zone or a province works too) on ``as_of``.

    ``as_of`` defaults to the data's date (``zones.data_date``); ``tb`` to freshly loaded tables (the app passes its cache).
    """
    tb = tb or load_tables()
    code = MUNICIPALITY_CITY.get(str(adcode), str(adcode))
    row = _unit_row(code, tb.gaz)
    level = str(row["level"])
    when = as_of or zones.data_date()
    prov = _unit_row(str(row["province_adcode"]), tb.gaz) if str(row["province_adcode"]) != code else row
    flags: list[str] = []
    zs = _zone_entries(tb, code, level, when, lang)
    for z in zs:
        if z.basis in ("month", "year"):
            flags.append(t("explorer.flag.date_approx", lang, zone=z.unit, basis=z.basis_text))
        if z.confidence not in ("confirmed", "confirmed_secondary", "confirmed_rounded"):
            flags.append(t("explorer.flag.zone_confidence", lang, zone=z.unit, conf=z.confidence_text))
    strat = _strategy_entries(tb, row, lang)
    progs = _programmes(tb, code, level, when, lang, flags)
    inds = _indicators(tb, code, level, lang, flags)
    return CityProfile(
        adcode=code, level=level, name_zh=str(row["name_zh"]), name_en=str(row["name_en"]),
        name=str(pick(row["name_zh"], row["name_en"], lang)), province=str(pick(prov["name_zh"], prov["name_en"], lang)),
        as_of=pd.Timestamp(when).date(), zones=tuple(zs), strategies=tuple(strat), programmes=tuple(progs),
        indicators=tuple(inds), flags=tuple(dict.fromkeys(flags)), city=_city_name(tb, code, level, lang),
    )


def _city_name(tb: Tables, code: str, level: str, lang: str) -> str:
    """The city a county lies in (a county that is its own city-level unit, like 东莞, names none)."""
    city = city_of(code, tb)
    if level != "county" or city == code or city not in tb.names:
        return ""
    zh, en = tb.names[city]
    return str(pick(zh, en, lang))
