"""The choropleth's values: one indicator over the mainland's provinces or cities on a date, in the reader's unit.

A value that is not known stays <NA> and is drawn as 'no data', never as 0. Counts of zones follow the
zones' statuses on the date (certain approvals only); high-tech zones are counted by the date's year;
population and GDP do not change with the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from aizone import dated, tables, zones
from aizone.explorer.tables import Tables, city_of, mainland_provinces
from aizone.i18n import t

INDICATORS = ("population", "gdp", "zones", "zones_per_100m", "high_tech_zones")
COUNT_INDICATORS = ("zones", "high_tech_zones")
DATED_BY_YEAR = ("high_tech_zones",)  # indicators counted by the as-of date's year, not by the zones' statuses
UNIT_LEVELS = ("province", "city", "county")
# The shipped tables hold no county figures: at the county level the colours are the city's (the page says so).
VALUE_LEVEL = {"province": "province", "city": "city", "county": "city"}

# Display unit per language: (factor applied to the stored value, decimals).
_UNITS = {
    "population": {"zh": (1e-4, 0), "en": (1e-6, 1)},
    "gdp": {"zh": (10.0, 0), "en": (1.0, 0)},
    "zones": {"zh": (1.0, 0), "en": (1.0, 0)},
    "zones_per_100m": {"zh": (1.0, 2), "en": (1.0, 2)},
    "high_tech_zones": {"zh": (1.0, 0), "en": (1.0, 0)},
}


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


def _column(stats: pd.DataFrame, column: str) -> pd.Series:
    """One statistics column by adcode; GDP only of its one year, since a map must not mix years."""
    values = tables.gdp_in(stats) if column == tables.GDP_COLUMN else stats[column]
    return pd.Series(values.to_numpy(), index=stats["adcode"]).astype("Float64")


def _build_stats_column(tb: Tables, level: str, column: str) -> pd.Series:
    prov = _column(tb.province_stats, column)
    if level == "province":
        return prov.reindex(mainland_provinces(tb))
    cities = tb.cities
    mainland = cities[cities["province_adcode"].isin(mainland_provinces(tb))]["adcode"]
    city = _column(tb.city_stats, column)
    return city.reindex(list(mainland))


def high_tech_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """National high-tech zones existing by ``as_of``: approved in that year or before (a zone without a
    year is undated and counts as existing)."""
    h = tb.high_tech
    keep = pd.Series([dated.shown(dated.status(dated.year_window(y), as_of)) for y in h["approval_year"]],
                     index=h.index, dtype=bool)
    return h[keep].reset_index(drop=True)


def zone_counts(tb: Tables, level: str, as_of: date) -> pd.Series:
    """Zones certainly approved by ``as_of`` per province or city (德清 counts for 湖州); 0 is a real zero here."""
    z = tb.zones[zones.status_on(tb.zones, as_of) == dated.APPROVED]
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
    level = VALUE_LEVEL[level]
    if key == "population":
        return Indicator(key, level, _stats_column(tb, level, "population_2020_census"), "2020")
    if key == "gdp":
        return Indicator(key, level, _stats_column(tb, level, tables.GDP_COLUMN), str(tables.GDP_YEAR))
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
