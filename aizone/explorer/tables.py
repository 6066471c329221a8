"""The tables the explorer and the unit card read, loaded once, and the lookups derived from them once.

A date-slider rerun must only filter: everything that does not change with the date (which city a county
belongs to, each place's marker point, each row's date window, the labels of the unit picker) is worked
out here once per loaded data set, and the app keeps one :class:`Tables` per data version.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import pandas as pd

from aizone import dated, gazetteer, strategies, tables, zones
from aizone.figures.maps import PointLayer
from aizone.i18n import pick, t

# The shipped tables a Tables holds: their files (and the gazetteer's) are the data version the app keys on.
TABLE_NAMES = ("pilot_zones", "miit_pilot_zones", "open_platforms", "innovation_demo_zones", "computing_hubs",
               "macro_regions", "province_stats", "city_stats", "high_tech_zones", "strategy_members", "ai_industry",
               "ai_major_universities", "local_ai_plans")
# Table names behind each layer and indicator, for the source line under the map.
LAYER_TABLES = {
    "zones": ("pilot_zones",), "miit": ("miit_pilot_zones",), "platforms": ("open_platforms",),
    "demo_zones": ("innovation_demo_zones",), "hubs": ("computing_hubs",), "macro": ("macro_regions",),
}
INDICATOR_TABLES = {
    "population": ("province_stats", "city_stats"), "gdp": ("province_stats", "city_stats"),
    "zones": ("pilot_zones",), "zones_per_100m": ("pilot_zones", "province_stats", "city_stats"),
    "high_tech_zones": ("high_tech_zones",),
}


def split_codes(value) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [c.strip() for c in str(value).split(";") if c.strip()]


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (missing values as None) without its row-by-row indexing, which is slow
    on Arrow-backed columns: the layer builders run for every new date, and this was most of their time."""
    cols = list(frame.columns)
    values = [[None if v is pd.NA else v for v in frame[c].tolist()] for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]


@dataclass(frozen=True)
class Tables:
    """Everything the explorer and the profile card read, loaded once by the caller (the app caches it)."""

    zones: pd.DataFrame
    gaz: pd.DataFrame
    miit: pd.DataFrame
    platforms: pd.DataFrame
    demo_zones: pd.DataFrame
    hubs: pd.DataFrame
    macro: pd.DataFrame
    province_stats: pd.DataFrame
    city_stats: pd.DataFrame
    high_tech: pd.DataFrame
    members: pd.DataFrame
    ai_industry: pd.DataFrame
    universities: pd.DataFrame
    plans: pd.DataFrame

    # Lookups derived once per loaded set (the app keeps one Tables per data version), so a rerun only filters.
    @cached_property
    def cities(self) -> pd.DataFrame:
        g = self.gaz
        return g[g["level"] == "city"].drop_duplicates("adcode").reset_index(drop=True)

    @cached_property
    def city_list(self) -> tuple[tuple[str, str, str, str], ...]:
        """(adcode, name_zh, name_en, province adcode) of each city-level unit, in ``cities`` order: the hover
        layer walks them for every new date, and walking the Arrow-backed columns each time cost ~10 ms."""
        c = self.cities
        return tuple(zip(c["adcode"].astype(str).tolist(), c["name_zh"].tolist(), c["name_en"].tolist(),
                         c["province_adcode"].astype(str).tolist()))

    @cached_property
    def county_list(self) -> tuple[tuple[str, str, str, str], ...]:
        """(adcode, name_zh, name_en, city adcode) of each county-level unit, by adcode (the county layer's
        order): the county level's hover walks them for every new date."""
        g = self.gaz[self.gaz["level"] == "county"].drop_duplicates("adcode").sort_values("adcode")
        codes = g["adcode"].astype(str).tolist()
        return tuple(zip(codes, g["name_zh"].tolist(), g["name_en"].tolist(), [self.city_code.get(c, c) for c in codes]))

    @cached_property
    def row_windows(self) -> dict[str, list]:
        """Per dated table, each row's date window (parsed once per loaded set, not on every date)."""
        return {"zones": list(zip(self.zones["date_earliest"], self.zones["date_latest"])),
                "miit": [dated.window(v) for v in self.miit["date"]],
                "platforms": [dated.window(str(y)) for y in self.platforms["year"]],
                "demo_zones": [dated.year_window(y) for y in self.demo_zones["approval_year"]]}

    @cached_property
    def place_rows(self) -> dict[str, list[dict]]:
        """Per dated point layer, its table as one record per place drawn, each keeping its table row as
        ``row``: a date's points are these records kept by their row's status, with no pandas work per
        date (the frames cost ~10 ms a layer on every new date)."""
        out: dict[str, list[dict]] = {"miit": [], "demo_zones": [], "platforms": []}
        for i, r in enumerate(records(self.miit)):
            out["miit"] += [{**r, "adcode": code, "row": i} for code in split_codes(r["city_adcodes"])]
        for i, r in enumerate(records(self.demo_zones)):
            out["demo_zones"] += [{**r, "adcode": code, "row": i} for code in split_codes(r["member_adcodes"])]
        out["platforms"] = [{**r, "adcode": str(r["host_city_adcode"]), "row": i}
                            for i, r in enumerate(records(self.platforms)) if r["host_city_adcode"] is not None]
        return out

    @cached_property
    def city_code(self) -> dict[str, str]:
        """adcode -> its city-level unit: a county's city; a city, municipality or province is itself."""
        out = {str(c): str(c) for c in self.gaz["adcode"]}
        county = self.gaz[self.gaz["level"] == "county"]
        city_codes = set(self.cities["adcode"].astype(str))
        for c, parent in zip(county["adcode"].astype(str), county["parent_adcode"].astype(str)):
            if c not in city_codes:
                out[c] = parent
        return out

    @cached_property
    def point(self) -> dict[str, tuple[float, float]]:
        """adcode -> marker point, the city-level row winning where a code is both (municipalities)."""
        out: dict[str, tuple[float, float]] = {}
        for level in ("province", "county", "city"):
            rows = self.gaz[self.gaz["level"] == level]
            out.update({str(c): (float(x), float(y)) for c, x, y in zip(rows["adcode"], rows["lon"], rows["lat"])})
        return out

    @cached_property
    def hub_rows(self) -> pd.DataFrame:
        """The computing-hub layer, one row per place named: the table has no dates, so it is built once."""
        rows = []
        for r in records(self.hubs):
            for code in split_codes(r["adcodes"]):
                rows.append({"adcode": code, "hub_zh": r["hub_zh"], "hub_en": r["hub_en"],
                             "cluster_zh": r["cluster_zh"], "cluster_en": r["cluster_en"],
                             "location_zh": r["location_zh"], "status": dated.UNDATED,
                             "confidence": r["confidence"], "doc_id": r["doc_id"]})
        cols = ["adcode", "hub_zh", "hub_en", "cluster_zh", "cluster_en", "location_zh", "status", "confidence",
                "doc_id"]
        return pd.DataFrame(rows, columns=cols)

    @cached_property
    def names(self) -> dict[str, tuple[str, str]]:
        """adcode -> (name_zh, name_en) of its first gazetteer row, as the hover texts name units."""
        g = self.gaz.drop_duplicates("adcode")
        return {str(c): (zh, en) for c, zh, en in zip(g["adcode"], g["name_zh"], g["name_en"])}

    @cached_property
    def city_memberships(self) -> pd.DataFrame:
        return strategies.memberships(self.cities[["adcode", "parent_adcode", "province_adcode"]], self.members)

    @cached_property
    def unit_options(self) -> list[str]:
        """Units a profile card can be drawn for: cities, the county-level units a programme names, then provinces."""
        g = self.gaz
        cities = list(self.cities["adcode"])
        named = set(self.zones["adcode"].astype(str)) | set(self.hub_rows["adcode"])
        for v in self.miit["adcodes"]:
            named |= set(split_codes(v))
        county = set(g.loc[g["level"] == "county", "adcode"]) - set(cities)
        provinces = [c for c in g.loc[g["level"] == "province", "adcode"] if c not in set(cities)]
        return cities + sorted(named & county) + provinces

    @cached_property
    def county_options(self) -> list[str]:
        """At the county level every county can be clicked: cities, then all county-level units, then provinces."""
        g = self.gaz
        cities = list(self.cities["adcode"])
        county = sorted(set(g.loc[g["level"] == "county", "adcode"]) - set(cities))
        provinces = [c for c in g.loc[g["level"] == "province", "adcode"] if c not in set(cities)]
        return cities + county + provinces

    def options_at(self, level: str) -> list[str]:
        """The unit picker's options at a map level: every county at the county level, else ``unit_options``."""
        return self.county_options if level == "county" else self.unit_options

    @cached_property
    def programme_cities(self) -> dict[str, list[tuple[str, ...]]]:
        """Programme -> per row of its table, the city-level units the row names (for the city hover, which
        a date-slider rerun rebuilds: the rows are then kept by their status, not re-exploded each time)."""
        def cities(codes) -> tuple[str, ...]:
            return tuple(dict.fromkeys(city_of(c, self) for c in codes))

        return {
            "miit": [cities(split_codes(v)) for v in self.miit["city_adcodes"]],
            "platforms": [() if pd.isna(v) else cities([str(v)]) for v in self.platforms["host_city_adcode"]],
            "demo_zones": [cities(split_codes(v)) for v in self.demo_zones["member_adcodes"]],
            "hubs": [cities([c]) for c in self.hub_rows["adcode"].astype(str)],
        }

    @cached_property
    def city_strategies(self) -> dict[str, list[str]]:
        """City adcode -> the strategy ids it belongs to (in the memberships' order); undated."""
        out: dict[str, list[str]] = {}
        mem = self.city_memberships
        for code, sid in zip(mem["adcode"], mem["strategy_id"]):
            out.setdefault(str(code), []).append(sid)
        return out

    # Per-language and per-view caches, filled by the modules that own them (layers, hover, figure, indicators).
    @cached_property
    def _zone_points(self) -> dict[str, PointLayer]:
        return {}

    @cached_property
    def _unit_labels(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def _figures(self) -> OrderedDict:
        return OrderedDict()

    @cached_property
    def _stats_columns(self) -> dict[tuple[str, str], pd.Series]:
        return {}

    @cached_property
    def _hover_heads(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def _county_heads(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def _parts(self) -> OrderedDict:
        return OrderedDict()

    def unit_labels(self, lang: str) -> dict[str, str]:
        """Display label of every option at any level, built once per language: a selectbox formats all its
        options on every rerun, and a per-option table lookup cost most of a date-slider rerun."""
        if lang not in self._unit_labels:
            g = self.gaz
            # a code that is both a city and a province row (municipalities) is labelled as the city
            rows = g.sort_values("level", key=lambda s: s.map({"city": 0, "county": 1, "province": 2}), kind="stable")
            rows = rows.drop_duplicates("adcode")
            info = {str(c): (lv, zh, en, str(p)) for c, lv, zh, en, p in
                    zip(rows["adcode"], rows["level"], rows["name_zh"], rows["name_en"], rows["parent_adcode"])}
            city_name = {str(c): str(pick(zh, en, lang)) for c, zh, en in
                         zip(self.cities["adcode"], self.cities["name_zh"], self.cities["name_en"])}
            out = {}
            for code in dict.fromkeys(self.unit_options + self.county_options):
                if code not in info:
                    out[code] = code
                    continue
                level, zh, en, parent = info[code]
                name = str(pick(zh, en, lang))
                if level == "province":
                    out[code] = t("explorer.unit_label.province", lang, name=name)
                elif level == "county":
                    out[code] = t("explorer.unit_label.county", lang, name=name, city=city_name.get(parent, ""))
                else:
                    out[code] = name
            self._unit_labels[lang] = out
        return self._unit_labels[lang]


def load_tables(table: Callable[[str], pd.DataFrame] = tables.load,
                zone_table: Callable[[], pd.DataFrame] = zones.load,
                gaz: Callable[[], pd.DataFrame] = gazetteer.load) -> Tables:
    """The app passes its cached loaders; tests and exports use the plain ones."""
    return Tables(
        zones=zone_table(), gaz=gaz(), miit=table("miit_pilot_zones"), platforms=table("open_platforms"),
        demo_zones=table("innovation_demo_zones"), hubs=table("computing_hubs"), macro=table("macro_regions"),
        province_stats=table("province_stats"), city_stats=table("city_stats"), high_tech=table("high_tech_zones"),
        members=table("strategy_members"), ai_industry=table("ai_industry"), universities=table("ai_major_universities"),
        plans=table("local_ai_plans"),
    )


def mainland_provinces(tb: Tables) -> list[str]:
    """The 31 provinces the national programmes cover (HK, Macao and Taiwan are not part of them)."""
    return sorted(tb.macro["province_adcode"].astype(str))


def city_of(code: str, tb: Tables) -> str:
    """The city-level unit an adcode belongs to (a county's city; a city or municipality is its own)."""
    return tb.city_code.get(str(code), str(code))


def unit_for_selection(codes, options, tb: Tables) -> str | None:
    """The first clicked unit that the unit picker offers: itself, or the city it lies in; else None."""
    options = set(options)
    for code in codes:
        unit = code if code in options else city_of(code, tb)
        if unit in options:
            return unit
    return None


def source_names(layers, indicator: str | None, strategies: tuple[str, ...]) -> list[str]:
    """The sources behind a map showing ``layers``, ``indicator`` and strategy areas, each once, in order."""
    names = ["boundaries", "gazetteer"]
    for k in layers:
        names += list(LAYER_TABLES[k])
    if indicator:
        names += list(INDICATOR_TABLES[indicator])
    if strategies:
        names += ["strategy_members", "strategy_areas"]
    return list(dict.fromkeys(names))
