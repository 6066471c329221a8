"""The map explorer's layers: what each programme contributes to the map on a given date, and the figure.

Several national programmes sit in the same cities, and two of them have nearly the same name: MOST's AI
innovation and development pilot zones (试验区) and MIIT's AI innovation *application* pilot zones (先导区).
Each programme therefore stays its own layer built from its own table, with its own marker shape, and no
count ever adds one to the other.

Time travel: the as-of date decides which MOST zones are shown (approved / possibly approved, see
:mod:`aizone.zones`); the other programmes follow it as far as their tables carry a date or year, and rows
without one are always shown (the page says so).

Geometry never travels with the figure: every area is a URL into ``static/`` that the browser fetches once,
so a rerun that keeps the geometry sends only ids, colours and hover text.
"""

from __future__ import annotations

import copy
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import date
from functools import lru_cache
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aizone import boundaries, gazetteer, strategies, tables, zones
from aizone.basemap import URL_PREFIX
from aizone.config import BOUNDARIES
from aizone.figures import layers as figlayers
from aizone.figures import maps, theme
from aizone.figures.maps import BaseMap, PointLayer, Shapes
from aizone.i18n import pick, t

# Toggleable layers, in drawing order below the strategy areas (macro) and above them (markers).
LAYERS = ("zones", "miit", "platforms", "demo_zones", "hubs", "macro")
POINT_LAYERS = ("zones", "miit", "platforms", "demo_zones", "hubs")
STRATEGY_LAYERS = strategies.LAYERS
INDICATORS = ("population", "gdp", "zones", "zones_per_100m", "high_tech_zones")
COUNT_INDICATORS = ("zones", "high_tech_zones")
UNIT_LEVELS = ("province", "city")
NATIONAL = "national"
ZOOMS = (NATIONAL,) + STRATEGY_LAYERS

# Presentation, not data. Shapes differ so the layers survive greyscale printing; each programme's marker
# is nudged a fixed way (in units of the frame's width) so markers sharing a city do not hide each other.
MARKERS = {
    "zones": dict(symbol="circle", colour=theme.ZONE, size=12, offset=(0.0, 0.0)),
    "miit": dict(symbol="diamond", colour=theme.OKABE_ITO["orange"], size=11, offset=(1.0, 0.8)),
    "platforms": dict(symbol="triangle-up", colour=theme.OKABE_ITO["blue"], size=13, offset=(-1.0, 0.8)),
    "demo_zones": dict(symbol="square", colour=theme.OKABE_ITO["green"], size=9, offset=(1.0, -0.8)),
    "hubs": dict(symbol="star", colour=theme.OKABE_ITO["purple"], size=13, offset=(-1.0, -0.8)),
}
OFFSET_FRACTION = 1 / 110  # one offset unit = this share of the visible longitude span
# Outline width per strategy layer: nested areas (YREB ⊃ YRD ⊃ YRD core) stay readable by width as well as colour.
STRATEGY_WIDTH = {"YREB": 3.2, "YRD": 2.4, "YRD-core": 1.4, "JJJ": 2.2, "GBA": 2.2, "CY": 2.2}
STRATEGY_FILL_OPACITY = 0.16
STRATEGY_FILL_FAINT = 0.04
STRATEGY_DRAW_ORDER = ("YREB", "JJJ", "YRD", "GBA", "CY", "YRD-core")
MACRO_FILL_OPACITY = 0.3
MACRO_OUTLINE_WIDTH = 1.6  # px: macro regions drawn as edges over a choropleth
ZOOM_PAD = 0.08  # share of the region's extent added on each side
ZOOM_ASPECT = 1.5  # width / height of the map frame in the app (map column ≈ 900 px, figure 600 px)


# ----------------------------------------------------------------------------------------------- inputs


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
    def row_windows(self) -> dict[str, list]:
        return row_windows(self)

    @cached_property
    def place_rows(self) -> dict[str, list[dict]]:
        """Per dated point layer, its table as one record per place drawn, each keeping its table row as
        ``row``: a date's points are these records kept by their row's status, with no pandas work per
        date (the frames cost ~10 ms a layer on every new date)."""
        out: dict[str, list[dict]] = {"miit": [], "demo_zones": [], "platforms": []}
        for i, r in enumerate(_records(self.miit)):
            out["miit"] += [{**r, "adcode": code, "row": i} for code in split_codes(r["city_adcodes"])]
        for i, r in enumerate(_records(self.demo_zones)):
            out["demo_zones"] += [{**r, "adcode": code, "row": i} for code in split_codes(r["member_adcodes"])]
        out["platforms"] = [{**r, "adcode": str(r["host_city_adcode"]), "row": i}
                            for i, r in enumerate(_records(self.platforms)) if r["host_city_adcode"] is not None]
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
        """The computing-hub layer: undated, so built once."""
        return hub_layer(self)

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

    def all_zone_points(self, lang: str) -> PointLayer:
        """The MOST zone layer with every zone in it, once per language: a date keeps some of its rows."""
        if lang not in self._zone_points:
            gaz = self.gaz[self.gaz["adcode"].isin(set(self.zones["adcode"].astype(str)))]
            self._zone_points[lang] = figlayers.zone_layer(self.zones, gaz, lang, t("explorer.layer.zones", lang))
        return self._zone_points[lang]

    @cached_property
    def _zone_points(self) -> dict[str, PointLayer]:
        return {}

    @cached_property
    def _unit_labels(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def _figures(self) -> "OrderedDict[tuple, go.Figure]":
        return OrderedDict()

    @cached_property
    def _stats_columns(self) -> dict[tuple[str, str], pd.Series]:
        return {}

    @cached_property
    def _hover_heads(self) -> dict[str, dict[str, str]]:
        return {}

    def hover_heads(self, lang: str) -> dict[str, str]:
        """Each city's first hover line (names in both languages, its province), once per language."""
        if lang not in self._hover_heads:
            provs = self.gaz[self.gaz["level"] == "province"]
            prov_name = {str(c): str(pick(zh, en, lang))
                         for c, zh, en in zip(provs["adcode"], provs["short_zh"], provs["name_en"])}
            heads = {}
            for c, name_zh, name_en, prov in self.city_list:
                in_prov = f" ({prov_name[prov]})" if prov != c and prov in prov_name else ""
                heads[c] = f"{name_zh} {_esc(name_en)}{in_prov}"
            self._hover_heads[lang] = heads
        return self._hover_heads[lang]

    @cached_property
    def _parts(self) -> "OrderedDict[tuple, list[dict]]":
        return OrderedDict()

    def unit_labels(self, lang: str) -> dict[str, str]:
        """Display label of every option, built once per language: a selectbox formats all ~400 options on
        every rerun, and a per-option table lookup cost most of a date-slider rerun."""
        if lang not in self._unit_labels:
            g = self.gaz
            # a code that is both a city and a province row (municipalities) is labelled as the city
            rows = g.sort_values("level", key=lambda s: s.map({"city": 0, "county": 1, "province": 2}), kind="stable")
            rows = rows.drop_duplicates("adcode").set_index("adcode")
            city_name = {str(c): str(pick(zh, en, lang)) for c, zh, en in
                         zip(self.cities["adcode"], self.cities["name_zh"], self.cities["name_en"])}
            out = {}
            for code in self.unit_options:
                if code not in rows.index:
                    out[code] = code
                    continue
                r = rows.loc[code]
                name = str(pick(r["name_zh"], r["name_en"], lang))
                if r["level"] == "province":
                    out[code] = t("explorer.unit_label.province", lang, name=name)
                elif r["level"] == "county":
                    out[code] = t("explorer.unit_label.county", lang, name=name,
                                  city=city_name.get(str(r["parent_adcode"]), ""))
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


# Table names behind each layer, for the source line under the map.
LAYER_TABLES = {
    "zones": ("pilot_zones",), "miit": ("miit_pilot_zones",), "platforms": ("open_platforms",),
    "demo_zones": ("innovation_demo_zones",), "hubs": ("computing_hubs",), "macro": ("macro_regions",),
}
DATED_BY_YEAR = ("high_tech_zones",)  # indicators counted by the as-of date's year, not by the zones' statuses
INDICATOR_TABLES = {
    "population": ("province_stats", "city_stats"), "gdp": ("province_stats", "city_stats"),
    "zones": ("pilot_zones",), "zones_per_100m": ("pilot_zones", "province_stats", "city_stats"),
    "high_tech_zones": ("high_tech_zones",),
}


def split_codes(value) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [c.strip() for c in str(value).split(";") if c.strip()]


def date_window(value) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days a date known to the year, month or day can stand for; None when unknown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 4:
        return pd.Timestamp(f"{text}-01-01"), pd.Timestamp(f"{text}-12-31")
    if len(text) == 7:
        start = pd.Timestamp(f"{text}-01")
        return start, start + pd.offsets.MonthEnd(0)
    day = pd.Timestamp(text[:10])
    return day, day


def window_status(window, as_of: date) -> str:
    """approved / uncertain / not_yet on the as-of date; 'undated' when the table has no date at all."""
    if window is None:
        return "undated"
    ts = pd.Timestamp(as_of)
    if window[1] <= ts:
        return zones.APPROVED
    if window[0] <= ts:
        return zones.UNCERTAIN
    return zones.NOT_YET


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (missing values as None) without its row-by-row indexing, which is slow
    on Arrow-backed columns: the layer builders run for every new date, and this was most of their time."""
    cols = list(frame.columns)
    values = [[None if v is pd.NA else v for v in frame[c].tolist()] for c in cols]
    return [dict(zip(cols, row)) for row in zip(*values)]


def mainland_provinces(tb: Tables) -> list[str]:
    """The 31 provinces the national programmes cover (HK, Macao and Taiwan are not part of them)."""
    return sorted(tb.macro["province_adcode"].astype(str))


def city_of(code: str, tb: Tables) -> str:
    """The city-level unit an adcode belongs to (a county's city; a city or municipality is its own)."""
    return tb.city_code.get(str(code), str(code))


# ----------------------------------------------------------------------------------------------- layer data


def most_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """MOST pilot zones approved or possibly approved by ``as_of`` (column ``status``)."""
    return zones.as_of(tb.zones, as_of)


# Status of each row of a dated table on ``as_of``: what its layer keeps or marks, and all that
# ``date_state`` needs to know of the date (one definition for both).
def miit_status(tb: Tables, as_of: date) -> list[str]:
    return [window_status(w, as_of) for w in tb.row_windows["miit"]]


def platform_status(tb: Tables, as_of: date) -> list[str]:
    return [window_status(w, as_of) for w in tb.row_windows["platforms"]]


def demo_zone_status(tb: Tables, as_of: date) -> list[str]:
    return [window_status(w, as_of) for w in tb.row_windows["demo_zones"]]


def row_windows(tb: Tables) -> dict[str, list]:
    """Per dated table, each row's date window (parsed once per loaded set, not on every date)."""
    return {"zones": list(zip(tb.zones["date_earliest"], tb.zones["date_latest"])),  # as ``zones.status_on``
            "miit": [date_window(v) for v in tb.miit["date"]],
            "platforms": [date_window(str(y)) for y in tb.platforms["year"]],
            "demo_zones": [None if pd.isna(y) else date_window(str(int(y))) for y in tb.demo_zones["approval_year"]]}


def row_status(tb: Tables, as_of: date) -> dict[str, tuple[str, ...]]:
    """Layer -> the status on ``as_of`` of each row of its dated table (computed once per rerun: the figure
    cache, each layer's cache and the city hover facts all key on it). Hubs have no dates and no entry.
    From the windows parsed once, not pandas per date: it runs on every rerun, cached figure or not."""
    ts = pd.Timestamp(as_of)
    return {k: tuple(window_status(w, ts) for w in tb.row_windows[k])
            for k in ("zones", "miit", "platforms", "demo_zones")}


def shown_places(tb: Tables, key: str, status: list[str]) -> list[dict]:
    """The layer's place records (``Tables.place_rows``) whose table row is shown on the date, each with
    its row's ``status``: what the map draws and what the layer frames below hold."""
    return [{**r, "status": status[r["row"]]} for r in tb.place_rows[key] if status[r["row"]] != zones.NOT_YET]


def miit_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """MIIT application pilot zones, one row per city they name; only rows of the MIIT table."""
    cols = ["adcode", "miit_zone_id", "name_zh", "name_en", "date", "batch_year", "status", "confidence", "doc_id"]
    return pd.DataFrame(shown_places(tb, "miit", miit_status(tb, as_of)), columns=cols)


def platform_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """Open innovation platforms named by ``as_of``, one row per platform with a recorded host city."""
    cols = [c for c in tb.platforms.columns if c != "host_city_adcode"] + ["adcode", "status"]
    return pd.DataFrame(shown_places(tb, "platforms", platform_status(tb, as_of)), columns=cols)


def platform_unlocated(tb: Tables) -> int:
    """Platforms whose host city is not recorded: they cannot be drawn, and the page says how many."""
    return int(tb.platforms["host_city_adcode"].isna().sum())


def demo_zone_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """Independent innovation demonstration zones, one row per member city."""
    cols = ["adcode", "name_zh", "name_en", "approval_year", "status", "confidence", "doc_id"]
    return pd.DataFrame(shown_places(tb, "demo_zones", demo_zone_status(tb, as_of)), columns=cols)


def hub_layer(tb: Tables) -> pd.DataFrame:
    """Computing hub clusters, one row per place named; the table has no dates, so time travel leaves it alone."""
    rows = []
    for r in _records(tb.hubs):
        for code in split_codes(r["adcodes"]):
            rows.append({"adcode": code, "hub_zh": r["hub_zh"], "hub_en": r["hub_en"], "cluster_zh": r["cluster_zh"],
                         "cluster_en": r["cluster_en"], "location_zh": r["location_zh"], "status": "undated",
                         "confidence": r["confidence"], "doc_id": r["doc_id"]})
    cols = ["adcode", "hub_zh", "hub_en", "cluster_zh", "cluster_en", "location_zh", "status", "confidence", "doc_id"]
    return pd.DataFrame(rows, columns=cols)


def macro_layer(tb: Tables) -> dict[str, tuple[str, ...]]:
    """Macro region -> its province adcodes, in the order of theme.MACRO_COLOURS."""
    m = tb.macro
    return {k: tuple(sorted(m.loc[m["macro_region"] == k, "province_adcode"].astype(str))) for k in theme.MACRO_COLOURS}


def high_tech_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """National high-tech zones existing by ``as_of`` (zones without a year count as existing)."""
    h = tb.high_tech
    keep = h["approval_year"].isna() | (h["approval_year"].astype("Float64") <= pd.Timestamp(as_of).year)
    return h[keep.fillna(True)].reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- indicators


@dataclass(frozen=True)
class Indicator:
    key: str
    level: str
    values: pd.Series  # float by adcode; <NA> = not known (drawn as 'no data', never 0)
    year: str


def _stats_column(tb: Tables, level: str, column: str) -> pd.Series:
    """A census or GDP column over the mainland's provinces or cities, built once per data set (the map
    asks for it on every new date). Shared: do not change it."""
    key = (level, column)
    if key not in tb._stats_columns:
        tb._stats_columns[key] = _build_stats_column(tb, level, column)
    return tb._stats_columns[key]


def _build_stats_column(tb: Tables, level: str, column: str) -> pd.Series:
    prov = tb.province_stats.set_index("adcode")[column].astype("Float64")
    if level == "province":
        return prov.reindex(mainland_provinces(tb))
    cities = tb.cities
    mainland = cities[cities["province_adcode"].isin(mainland_provinces(tb))]["adcode"]
    city = tb.city_stats.set_index("adcode")[column].astype("Float64")
    return city.reindex(list(mainland))


def zone_counts(tb: Tables, level: str, as_of: date) -> pd.Series:
    """Zones certainly approved by ``as_of`` per province or city (德清 counts for 湖州); 0 is a real zero here."""
    z = tb.zones.assign(status=zones.status_on(tb.zones, as_of))
    z = z[z["status"] == zones.APPROVED]
    if level == "province":
        keys = z["province_adcode"].astype(str)
        domain = mainland_provinces(tb)
    else:
        keys = z["adcode"].astype(str).map(lambda c: city_of(c, tb))
        cities = tb.cities
        domain = list(cities[cities["province_adcode"].isin(mainland_provinces(tb))]["adcode"])
    return keys.value_counts().reindex(domain, fill_value=0).astype("Float64")


def indicator(tb: Tables, key: str, level: str, as_of: date) -> Indicator:
    if key not in INDICATORS:
        raise ValueError(f"unknown indicator {key!r}; expected one of {', '.join(INDICATORS)}")
    if level not in UNIT_LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(UNIT_LEVELS)}")
    if key == "population":
        return Indicator(key, level, _stats_column(tb, level, "population_2020_census"), "2020")
    if key == "gdp":
        return Indicator(key, level, _stats_column(tb, level, "gdp_2023_cny_bn"), "2023")
    counts = zone_counts(tb, level, as_of)
    if key == "zones":
        return Indicator(key, level, counts, pd.Timestamp(as_of).date().isoformat())
    if key == "zones_per_100m":
        pop = _stats_column(tb, level, "population_2020_census").reindex(counts.index)
        per = (counts / pop * 1e8).where(pop > 0)
        return Indicator(key, level, per.astype("Float64"), pd.Timestamp(as_of).date().isoformat())
    h = high_tech_layer(tb, as_of)
    if level == "province":
        keys, domain = h["province_adcode"].astype(str), mainland_provinces(tb)
    else:
        keys, domain = h["host_city_adcode"].astype(str), list(counts.index)
    return Indicator(key, level, keys.value_counts().reindex(domain, fill_value=0).astype("Float64"),
                     str(pd.Timestamp(as_of).year))


# Display unit per language: (factor applied to the stored value, decimals).
_UNITS = {
    "population": {"zh": (1e-4, 0), "en": (1e-6, 1)},
    "gdp": {"zh": (10.0, 0), "en": (1.0, 0)},
    "zones": {"zh": (1.0, 0), "en": (1.0, 0)},
    "zones_per_100m": {"zh": (1.0, 2), "en": (1.0, 2)},
    "high_tech_zones": {"zh": (1.0, 0), "en": (1.0, 0)},
}


def display_value(key: str, value, lang: str, short: bool = False) -> str:
    """A value in the reader's unit (万人 / million; 亿元 / bn CNY), or the 'unknown' word; ``short`` for hovers."""
    if value is None or pd.isna(value):
        return t("common.unknown", lang)
    factor, decimals = _UNITS[key][lang if lang in ("zh", "en") else "zh"]
    if short:  # in a hover the label names the measure; only amounts keep a unit
        unit = t(f"explorer.unit_short.{key}", lang) if key in ("population", "gdp") else ""
    else:
        unit = t(f"explorer.unit.{key}", lang)
    return f"{float(value) * factor:,.{decimals}f} {unit}".strip()


def scaled(ind: Indicator, lang: str) -> pd.Series:
    factor, _ = _UNITS[ind.key][lang if lang in ("zh", "en") else "zh"]
    return ind.values * factor


# ----------------------------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Geometry:
    """Where each kind of area comes from at one level of detail (URLs for the app)."""

    base: BaseMap
    provinces: Shapes
    cities: Shapes
    strategies_url: str


def geometry(base: BaseMap, zoom: str = NATIONAL) -> Geometry:
    """National view: the clipped main-frame files; a strategy zoom: the regional level of detail."""
    if base.cities_main is None:
        raise ValueError("the explorer needs a base map with cities")
    if zoom == NATIONAL:
        return Geometry(replace(base, cities_main=None), base.provinces_main, base.cities_main,
                        URL_PREFIX + "strategies_national.geojson")
    prov = Shapes(boundaries.geojson_url("province", "regional"), base.provinces_main.ids)
    cities = Shapes(boundaries.geojson_url("city", "regional"), base.cities_main.ids)
    return Geometry(BaseMap(prov, base.provinces_inset, base.maritime, None), prov, cities,
                    URL_PREFIX + "strategies_regional.geojson")


@lru_cache(maxsize=2)
def _region_bounds(path: str) -> dict[str, tuple[float, float, float, float]]:
    reg = gpd.read_parquet(path)
    return {k: tuple(float(v) for v in g.bounds) for k, g in zip(reg["layer"], reg.geometry)}


def zoom_bounds(zoom: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(lon range, lat range) framing a strategy region with a margin."""
    if zoom == NATIONAL:
        return maps.MAIN_LON, maps.MAIN_LAT
    b = _region_bounds(str(BOUNDARIES / "strategies_regional.parquet"))
    if zoom not in b:
        raise ValueError(f"no strategy area {zoom!r}; known: {', '.join(b)}")
    x0, y0, x1, y1 = b[zoom]
    dx, dy = (x1 - x0) * ZOOM_PAD, (y1 - y0) * ZOOM_PAD
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    # plotly clips a regional map to these ranges: widen the narrow side so the frame is filled.
    k = math.cos(math.radians((y0 + y1) / 2))
    width, height = (x1 - x0) * k, y1 - y0
    if width < ZOOM_ASPECT * height:
        grow = (ZOOM_ASPECT * height / k - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / ZOOM_ASPECT - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return (round(x0, 3), round(x1, 3)), (round(y0, 3), round(y1, 3))


# ----------------------------------------------------------------------------------------------- hover text


def _esc(text) -> str:
    """Hover text is HTML to plotly: data text must not become markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date_text(value, lang: str) -> str:
    return t("common.unknown", lang) if value is None or pd.isna(value) else str(value)


def _place(codes: list[str], tb: Tables, key: str, span: float) -> pd.DataFrame:
    """Representative point of each unit, nudged by the layer's offset (so layers at one city do not hide
    each other), rounded to 3 decimals (~100 m)."""
    missing = [c for c in codes if c not in tb.point]
    if missing:
        raise ValueError(f"adcode {missing[0]} is not in the gazetteer")
    lon = np.array([tb.point[c][0] for c in codes], dtype=float)
    lat = np.array([tb.point[c][1] for c in codes], dtype=float)
    dx, dy = MARKERS[key]["offset"]
    unit = span * OFFSET_FRACTION
    lat_scale = 1 / max(math.cos(math.radians(float(lat.mean() if len(lat) else 30))), 0.3)
    return pd.DataFrame({"adcode": codes, "lon": np.round(lon + dx * unit * lat_scale, 3),
                         "lat": np.round(lat + dy * unit, 3)})


def _point_layer(key: str, label: str, pts: pd.DataFrame, hover: list[str], text: list[str] | None = None,
                 uncertain: pd.Series | None = None) -> PointLayer:
    m = MARKERS[key]
    pts = pts.assign(hover=hover, text=text if text is not None else [""] * len(pts))
    return PointLayer(key=key, label=label, points=pts, colour=m["colour"], symbol=m["symbol"], size=m["size"],
                      show_text=False, uncertain=uncertain)


def _unit_name(code: str, tb: Tables, lang: str) -> str:
    zh, en = tb.names[code]
    return str(pick(zh, en, lang))


def _dated_points(tb: Tables, key: str, status: list[str], lang: str, span: float,
                  hover: Callable[[dict], str]) -> PointLayer:
    """The layer's places whose table row is shown on the date (``status`` per table row), drawn open
    where the row's date is not certain by then."""
    rows = shown_places(tb, key, status)
    pts = _place([r["adcode"] for r in rows], tb, key, span)
    return _point_layer(key, t(f"explorer.layer.{key}", lang), pts, [hover(r) for r in rows],
                        uncertain=pd.Series([r["status"] == zones.UNCERTAIN for r in rows], dtype=bool))


def miit_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    prog = t("explorer.layer.miit", lang)
    return _dated_points(tb, "miit", miit_status(tb, as_of), lang, span, lambda r: (
        f"<b>{_esc(pick(r['name_zh'], r['name_en'], lang))}</b><br>{prog}<br>"
        f"{t('explorer.hover.date', lang)}: {_esc(_date_text(r['date'], lang))}<br>"
        f"{t('common.confidence', lang)}: {t('conf.' + r['confidence'], lang)}"))


def platform_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    """One marker per host city, its hover listing the city's platforms named by ``as_of``; open when every
    one of them is uncertain by then."""
    per_city: dict[str, list[dict]] = {}
    for r in shown_places(tb, "platforms", platform_status(tb, as_of)):
        per_city.setdefault(r["adcode"], []).append(r)
    cities = list(per_city)
    hover = []
    for c, rows in per_city.items():
        lines = [f"{_esc(pick(r['company_zh'], r['company_en'], lang))}: {_esc(pick(r['platform_zh'], r['platform_en'], lang))} ({r['year']})"
                 for r in rows]
        head = t("explorer.hover.platforms", lang, n=len(rows), city=_esc(_unit_name(c, tb, lang)))
        hover.append(f"<b>{head}</b><br>" + "<br>".join(lines) + f"<br><i>{t('explorer.hover.hq_note', lang)}</i>")
    return _point_layer("platforms", t("explorer.layer.platforms", lang), _place(cities, tb, "platforms", span),
                        hover, uncertain=pd.Series([all(r["status"] == zones.UNCERTAIN for r in rows)
                                                    for rows in per_city.values()], dtype=bool))


def demo_zone_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    return _dated_points(tb, "demo_zones", demo_zone_status(tb, as_of), lang, span, lambda r: (
        f"{_esc(pick(r['name_zh'], r['name_en'], lang))} ({_date_text(r['approval_year'], lang)})"))


def hub_points(tb: Tables, lang: str, span: float) -> PointLayer:
    d = hub_layer(tb)
    pts = _place(d["adcode"].astype(str).tolist(), tb, "hubs", span)
    hover = [
        f"<b>{_esc(pick(r['hub_zh'], r['hub_en'], lang))}: {_esc(pick(r['cluster_zh'], r['cluster_en'], lang))}</b><br>"
        f"{_esc(r['location_zh'])}"
        for r in _records(d)
    ]
    return _point_layer("hubs", t("explorer.layer.hubs", lang), pts, hover)


def zone_points(tb: Tables, as_of: date, lang: str) -> PointLayer:
    """The zones shown on ``as_of`` (approved or possibly approved; the latter drawn open), in table order."""
    status = zones.status_on(tb.zones, as_of)
    keep = (status != zones.NOT_YET).to_numpy()
    layer = tb.all_zone_points(lang)
    return replace(layer, points=layer.points[keep].reset_index(drop=True),
                   uncertain=(status[keep] == zones.UNCERTAIN).reset_index(drop=True))


def city_facts(tb: Tables, as_of: date, status: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Per city-level unit, the short facts its hover names: zone, programmes, strategies (codes, not words).
    ``status``: ``row_status`` on ``as_of``, when the caller has it already."""
    codes = [c for c, *_ in tb.city_list]
    status = status or row_status(tb, as_of)
    zone_city = {city_of(str(c), tb): (c, s) for c, s in zip(tb.zones["adcode"], status["zones"]) if s != zones.NOT_YET}
    progs: dict[str, list[str]] = {}
    for key in ("miit", "platforms", "demo_zones", "hubs"):
        rows = [cs for i, cs in enumerate(tb.programme_cities[key])
                if key not in status or status[key][i] != zones.NOT_YET]
        for row in rows:
            for city in row:
                lst = progs.setdefault(city, [])
                if key not in lst:
                    lst.append(key)
    strat = tb.city_strategies
    return pd.DataFrame({
        "adcode": codes,
        "zone": [zone_city.get(c) for c in codes],
        "programmes": [progs.get(c, []) for c in codes],
        "strategies": [list(strat.get(c, ())) for c in codes],
    })


def city_hover(tb: Tables, facts: pd.DataFrame, lang: str, ind: Indicator | None = None) -> dict[str, str]:
    """Short hover per city: name in both languages, then only the facts it has.

    The hover of 370 cities travels with every rerun, and plotly's JSON spells each CJK character and each
    ``<``, ``>``, ``/`` as a six-byte escape: so no bold, terse lines, and a fact that is absent, unknown or
    a zero count (the colour already says 0) takes no line.
    """
    province = {c: p for c, _, _, p in tb.city_list}
    heads = tb.hover_heads(lang)
    values = ind.values.to_dict() if ind is not None else {}
    sep = "、" if lang == "zh" else ", "
    out = {}
    for c, zone, progs, strat in zip(facts["adcode"], facts["zone"], facts["programmes"], facts["strategies"]):
        prov = province[c]
        lines = [heads[c]]
        if zone is not None:
            code, st = zone
            lines.append(f"{t('explorer.hover.zone', lang)}: {t(f'explorer.status.{st}', lang)}"
                         + ("" if code == c else f" ({_unit_name(code, tb, lang)})"))
        if progs:
            lines.append(sep.join(t(f"explorer.short.{k}", lang) for k in progs))
        if "YRD-core" in strat:
            strat = [s for s in strat if s != "YRD"]
        if strat:
            lines.append(sep.join(t(f"explorer.short.{s}", lang) for s in strat))
        if ind is not None:
            whole_province = ind.level == "province" and prov != c
            v = values.get(prov if ind.level == "province" else c)
            if v is not None and not pd.isna(v) and not (ind.key in COUNT_INDICATORS and v == 0):
                label = t(f"explorer.{'hover_ind_prov' if whole_province else 'hover_ind'}.{ind.key}", lang)
                lines.append(f"{label} {display_value(ind.key, v, lang, short=True)}")
        out[c] = "<br>".join(lines)
    return out


# ----------------------------------------------------------------------------------------------- figure


@dataclass(frozen=True)
class View:
    """Everything a URL says about the explorer: which layers, which date, where, which unit."""

    as_of: date
    layers: tuple[str, ...] = ("zones",)
    strategies: tuple[str, ...] = ()
    indicator: str | None = None
    level: str = "province"
    zoom: str = NATIONAL
    city: str | None = None
    lang: str = "zh"
    height: int = 600


def _fill(shapes: Shapes, ids, colour: str, opacity: float, line_colour: str, width: float, name: str = "",
          legend: bool = False, group: str | None = None, hover: list[str] | None = None) -> go.Choropleth:
    ids = list(ids)
    return go.Choropleth(
        geojson=shapes.geojson, locations=ids, z=[1] * len(ids), locationmode="geojson-id", geo="geo",
        colorscale=[[0, colour], [1, colour]], showscale=False, zmin=0, zmax=1,
        marker=dict(line=dict(color=line_colour, width=width), opacity=opacity),
        name=name, showlegend=legend, legendgroup=group or name,
        hoverinfo="skip" if hover is None else "text", hovertext=hover,
    )


def _macro_traces(tb: Tables, geo: Geometry, lang: str, outline: bool = False) -> list[go.BaseTraceType]:
    """Tinted provinces; ``outline``: over an indicator's colours, coloured province edges and no fill (a
    tint under an opaque choropleth could not be seen at all)."""
    title = t("explorer.layer.macro", lang)
    out: list[go.BaseTraceType] = []
    for k, codes in macro_layer(tb).items():
        colour, name = theme.MACRO_COLOURS[k], t(f"macro.{k}", lang)
        group_title = dict(text=title) if k == "east" else None
        if not outline:
            out.append(_fill(geo.provinces, codes, colour, MACRO_FILL_OPACITY, theme.LAND_EDGE, 0.6, name=name,
                             legend=True, group="macro"))
            out[-1].update(legendgrouptitle=group_title)
            continue
        out.append(_fill(geo.provinces, codes, "rgba(0,0,0,0)", 1.0, colour, MACRO_OUTLINE_WIDTH, name=name,
                         group="macro"))
        # an unfilled choropleth has no legend swatch: a line sample in the region's colour stands for it
        out.append(go.Scattergeo(lon=[None], lat=[None], mode="lines", line=dict(color=colour, width=3), name=name,
                                 legendgroup="macro", legendgrouptitle=group_title, showlegend=True, geo="geo",
                                 hoverinfo="skip"))
    return out


def _choropleth_traces(ind: Indicator, geo: Geometry, lang: str) -> list[go.BaseTraceType]:
    shapes = geo.provinces if ind.level == "province" else geo.cities
    vals = scaled(ind, lang)
    known = vals.dropna()
    missing = [c for c in vals.index if c not in known.index]
    out: list[go.BaseTraceType] = []
    if missing:  # 'no data' is white with a grey edge, never the colour of 0
        out.append(_fill(shapes, missing, "#FFFFFF", 1.0, theme.LAND_EDGE, 0.4))
    ticks = dict(tick0=0, dtick=1) if ind.key in COUNT_INDICATORS and len(known) and known.max() <= 8 else {}
    out.append(go.Choropleth(
        geojson=shapes.geojson, locations=list(known.index), z=[round(float(v), 3) for v in known],
        locationmode="geojson-id", geo="geo", colorscale=theme.SEQUENTIAL, hoverinfo="skip",
        marker=dict(line=dict(color=theme.LAND_EDGE, width=0.4)), showlegend=False,
        colorbar=dict(title=dict(text=t(f"explorer.ind.{ind.key}", lang)
                                 + ("" if ind.key in COUNT_INDICATORS else f"<br>{t(f'explorer.unit.{ind.key}', lang)}"),
                                 font=dict(size=12)),
                      thickness=12, len=0.45, x=0.01, xanchor="left", y=0.98, yanchor="top",
                      # plain numbers, not SI prefixes: "10k" under a 万人 or 亿元 title mixes two scales
                      tickformat=",~r", **ticks),
    ))
    return out


def _strategy_traces(keys, geo: Geometry, lang: str, fill: float = STRATEGY_FILL_OPACITY) -> list[go.BaseTraceType]:
    """Tinted areas with coloured outlines; over other area colours (choropleth, macro regions) the tint
    nearly vanishes so those colours stay true (the legend swatch ignores the opacity and stays readable)."""
    shapes = Shapes(geo.strategies_url, tuple(STRATEGY_LAYERS))
    out: list[go.BaseTraceType] = []
    for k in STRATEGY_DRAW_ORDER:  # the widest area first, so nested outlines (YRD in YREB, its core) stay on top
        if k not in keys:
            continue
        colour = theme.STRATEGY_COLOURS.get(k, theme.STRATEGY_COLOURS.get(k.split("-")[0], theme.MUTED))
        out.append(_fill(shapes, [k], colour, fill, colour, STRATEGY_WIDTH[k], name=t(f"strategy.{k}", lang),
                         legend=True, group=f"strategy-{k}"))
        out[-1].legendrank = 200 + STRATEGY_LAYERS.index(k)
    return out


def _hit_layer(geo: Geometry, hover: dict[str, str]) -> dict:
    """Transparent city polygons on top of every area: their hover names the city, a click selects it.

    A plain trace dict, not a ``go.Choropleth``: it is rebuilt for every new date (the hover says each
    city's status), and plotly's validation of 370 locations and texts took longer than building them.
    Its shape is checked against plotly's own trace in the tests. Marked ``maps.HIT_LAYER``: the app's live
    map paints its edges with the areas and finds the city under the pointer itself."""
    ids = [c for c in geo.cities.ids if c in hover]
    return dict(
        type="choropleth", geojson=geo.cities.geojson, locations=ids, z=[0] * len(ids), locationmode="geojson-id",
        geo="geo", colorscale=[[0, "rgba(255,255,255,0)"], [1, "rgba(255,255,255,0)"]], showscale=False, zmin=0,
        zmax=1, marker=dict(line=dict(color=theme.CITY_EDGE, width=0.3)), name="cities", showlegend=False,
        hovertext=[hover[c] for c in ids], hoverinfo="text", meta=maps.HIT_LAYER,
    )


def _highlight(geo: Geometry, code: str, tb: Tables) -> list[go.BaseTraceType]:
    """Outline the selected unit (a county zone outlines its city: the map has no county layer)."""
    if code in geo.cities.ids or tb.city_code.get(code, code) in geo.cities.ids:
        shapes, unit = geo.cities, tb.city_code.get(code, code)
    elif code in geo.provinces.ids:
        shapes, unit = geo.provinces, code
    else:
        return []
    return [_fill(shapes, [unit], "rgba(31,41,51,0.18)", 1.0, theme.INK, 3.0)]


def _base_dict(base: BaseMap, inset_label: str, height: int) -> dict:
    spec = maps.china_map(base, inset_label=inset_label, height=height).to_dict()
    spec["layout"] = {k: v for k, v in spec["layout"].items() if v != {}}  # an unset title comes out as {}
    return spec


_cached_base = lru_cache(maxsize=8)(_base_dict)


def _base_spec(base: BaseMap, inset_label: str, height: int) -> dict:
    """A copy of the base map as a plain dict (the template and the maritime line are the slow part to
    build on every rerun)."""
    try:
        return copy.deepcopy(_cached_base(base, inset_label, height))
    except TypeError:  # embedded geometry (dicts) is not hashable: build it afresh
        return _base_dict(base, inset_label, height)


def _merge(into: dict, new: dict) -> None:
    """``update_layout`` on plain dicts: nested dicts merge, None removes the key."""
    for k, v in new.items():
        if v is None:
            into.pop(k, None)
        elif isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = copy.deepcopy(v)


def date_state(view: View, tb: Tables, status: dict[str, tuple[str, ...]] | None = None) -> tuple:
    """Everything the map takes from the date: the status on ``view.as_of`` of each row of every dated table
    (the layers keep or mark rows by it; their other columns do not change with the date), and the year for
    an indicator counted by year. The zone-count indicators follow the zones' statuses; population and GDP
    do not change with the date. Two dates with one state draw one figure (tested over 2019–2024), so a
    slider move between two approvals reuses the map. ``status``: ``row_status`` on the date, if known."""
    state = tuple((status or row_status(tb, view.as_of)).values())
    if view.indicator in DATED_BY_YEAR:
        state += (pd.Timestamp(view.as_of).year,)
    return state


FIGURE_CACHE_SIZE = 48  # views x date states kept per data set (a figure is ~0.1 MB)
_FIGURES_LOCK = threading.Lock()  # sessions rerun in threads of one process and share the cache


def cached_spec(view: View, tb: Tables, base: BaseMap) -> dict:
    """``figure_spec`` for a rerun: moving the date between two approvals, or back to a date already shown,
    reuses the figure built for that state (building one is most of the server's share of a date-slider
    rerun). The dict returned is shared: render it, do not change it."""
    status = row_status(tb, view.as_of)
    try:
        key = (base, replace(view, as_of=None), date_state(view, tb, status))
        hash(key)
    except TypeError:  # embedded geometry (dicts) is not hashable: no cache
        return figure_spec(view, tb, base, status)
    cache = tb._figures
    with _FIGURES_LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    fig = figure_spec(view, tb, base, status)  # outside the lock: two sessions may build the same figure once each
    with _FIGURES_LOCK:
        cache[key] = fig
        while len(cache) > FIGURE_CACHE_SIZE:
            cache.popitem(last=False)
    return fig


PART_CACHE_SIZE = 256  # traces of one layer in one state (a few KB each)


def _part(tb: Tables, key: tuple, build: Callable[[], list[go.BaseTraceType | dict]]) -> list[dict]:
    """The traces of one layer in one state, as plain dicts: a date-slider move rebuilds only the layers
    whose rows it changes (the figure copies these dicts; do not change them)."""
    def traces() -> list[dict]:
        return [tr if isinstance(tr, dict) else tr.to_plotly_json() for tr in build()]

    try:
        hash(key)
    except TypeError:  # embedded geometry (dicts) is not hashable: no cache
        return traces()
    cache = tb._parts
    with _FIGURES_LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = traces()
    with _FIGURES_LOCK:
        cache[key] = value
        while len(cache) > PART_CACHE_SIZE:
            cache.popitem(last=False)
    return value


def _points(key: str, layer: PointLayer) -> list[dict]:
    if len(layer.points):
        trace = maps.points_spec(layer)  # a dict: validating ~100 markers per layer per date cost ~3 ms each
    else:  # keep the legend entry so the reader sees the layer is on but empty on this date
        trace = go.Scattergeo(lon=[], lat=[], geo="geo", name=layer.label, mode="markers", legendgroup=layer.key,
                              marker=dict(symbol=layer.symbol, color=layer.colour, size=layer.size,
                                          line=dict(color="white", width=1.2))).to_plotly_json()  # as points_spec
    trace["legendrank"] = 100 + POINT_LAYERS.index(key)  # the legend lists MOST zones first
    return [trace]


def figure(view: View, tb: Tables, base: BaseMap) -> go.Figure:
    """The explorer map for one view, as a plotly figure (for exports and tests; the page draws the spec)."""
    return go.Figure(figure_spec(view, tb, base), _validate=False)


def figure_spec(view: View, tb: Tables, base: BaseMap, status: dict[str, tuple[str, ...]] | None = None) -> dict:
    """The explorer map for one view as a plain plotly dict; every area is a URL, so only ids, colours and
    text travel.

    Each trace is validated by plotly once, when it is built; the figure is then assembled from their dicts
    without validating them again, and the page sends the dict as it is (wrapping it in a ``go.Figure`` and
    writing that out again cost as much as building it).
    """
    lang = view.lang
    geo = geometry(base, view.zoom)
    lon, lat = zoom_bounds(view.zoom)
    span = lon[1] - lon[0]
    d = view.as_of
    spec = _base_spec(geo.base, t("common.inset", lang), view.height)
    data = spec["data"]
    ind = indicator(tb, view.indicator, view.level, d) if view.indicator else None
    if "macro" in view.layers and ind is None:
        data += _part(tb, ("macro", geo, lang, False), lambda: _macro_traces(tb, geo, lang))
    if ind is not None:
        data += [tr.to_plotly_json() for tr in _choropleth_traces(ind, geo, lang)]
        if "macro" in view.layers:  # on top of the indicator's colours, as edges
            data += _part(tb, ("macro", geo, lang, True), lambda: _macro_traces(tb, geo, lang, outline=True))
    fill = STRATEGY_FILL_FAINT if ind is not None or "macro" in view.layers else STRATEGY_FILL_OPACITY
    data += _part(tb, ("strategies", view.strategies, geo, lang, fill),
                  lambda: _strategy_traces(view.strategies, geo, lang, fill=fill))
    status = status or row_status(tb, d)
    data.append(_hit_layer(geo, city_hover(tb, city_facts(tb, d, status), lang, ind)))
    if view.city:
        data += [tr.to_plotly_json() for tr in _highlight(geo, view.city, tb)]
    builders = {
        "hubs": lambda: hub_points(tb, lang, span),
        "demo_zones": lambda: demo_zone_points(tb, d, lang, span),
        "platforms": lambda: platform_points(tb, d, lang, span),
        "miit": lambda: miit_points(tb, d, lang, span),
        "zones": lambda: zone_points(tb, d, lang),
    }
    for key, build in builders.items():  # MOST zones last: on top; each keyed by its own rows' status
        if key in view.layers:
            data += _part(tb, (key, status.get(key, ()), lang, span), lambda: _points(key, build()))
    layout = dict(
        showlegend=True, legend=dict(orientation="h", x=0.0, y=-0.01, xanchor="left", yanchor="top", font=dict(size=12)),
        margin=dict(l=0, r=0, t=0, b=0), hoverlabel=dict(align="left"), clickmode="event+select",
    )
    if view.zoom != NATIONAL:  # a regional map is not a map of China: no South China Sea inset
        spec["data"] = [tr for tr in spec["data"] if tr.get("geo", "geo") != "geo2"]
        layout["geo2"] = None
        layout["geo"] = dict(lonaxis=dict(range=list(lon)), lataxis=dict(range=list(lat)), domain=dict(x=[0, 1], y=[0, 1]),
                             projection=dict(type="mercator", parallels=None, rotation=dict(lon=sum(lon) / 2)))
    _merge(spec["layout"], layout)
    return spec
