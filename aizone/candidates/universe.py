"""Which units are candidates: every prefecture-level unit and municipality in the gazetteer not yet a zone.

The universe includes the many units with no data at all (they are the point: a blank is shown as a blank).
Hong Kong, Macao and Taiwan are left out: the programme is run by MOST for mainland cities and none of the
source tables covers them. County-level units administered directly by a province (济源, 仙桃, Hainan's
and the XPCC's cities) are kept, but assessed on the guideline's county path, not the city conditions.
"""

from __future__ import annotations

import pandas as pd

from aizone import gazetteer, strategies, tables
from aizone.eligibility import CITY, COUNTY

# Outside the universe, with the reason shown on the page.
EXCLUDED_PROVINCES = {"710000": ("台湾", "Taiwan"), "810000": ("香港", "Hong Kong"), "820000": ("澳门", "Macao")}


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
