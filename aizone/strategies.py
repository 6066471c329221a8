"""National regional strategies: who belongs, and their areas dissolved from member units.

Membership is recorded at the coarsest level the plans state (a whole province, a city, a few counties)
and resolved down to any unit: a unit's own row wins over its city's, which wins over its province's. A
province marked *partial* contributes nothing by itself; its finer rows say which parts belong. Areas are
never drawn by hand: they are unions of member polygons from the shipped boundary layer, so they share
edges with every other map layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from aizone import boundaries, tables

STRATEGIES = ("JJJ", "YRD", "GBA", "YREB", "CY")
# Map layers: the strategies plus the YRD's 27-city core area, drawn as its own layer.
LAYERS = ("JJJ", "YRD", "YRD-core", "GBA", "CY", "YREB")
SCOPE_RANK = {"core-area": 3, "demonstration-zone": 3, "full": 2, "partial": 1}


@dataclass(frozen=True)
class Membership:
    strategy_id: str
    scope: str  # full | partial | core-area | demonstration-zone
    via: str  # adcode of the row that decided it


def _excluded(row) -> set[str]:
    v = row.get("excluded_adcodes")
    if v is None or pd.isna(v) or not str(v).strip():
        return set()
    return {x.strip() for x in str(v).split(";") if x.strip()}


def memberships(units: pd.DataFrame, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Strategy memberships of units (columns adcode, parent_adcode, province_adcode), one row per (unit, strategy).

    Result columns: adcode, strategy_id, scope, via. YRD core-area cities also get a row for layer ``YRD-core``.
    """
    m = tables.load("strategy_members") if members is None else members
    out = []
    for sid, rows in m.groupby("strategy_id"):
        by_code: dict = {}
        for _, r in rows.iterrows():  # a unit listed twice (上海: full and core-area) keeps its most specific scope
            prev = by_code.get(r["member_adcode"])
            if prev is None or SCOPE_RANK[r["scope"]] > SCOPE_RANK[prev["scope"]]:
                by_code[r["member_adcode"]] = r
        # A unit whose own code has a row but at province level that is partial: only finer rows count.
        for _, u in units.iterrows():
            code, parent, prov = str(u["adcode"]), str(u.get("parent_adcode") or ""), str(u["province_adcode"])
            chain = [code, parent, prov] if parent and parent != code else [code, prov]
            found = None
            for level_i, c in enumerate(chain):
                r = by_code.get(c)
                if r is None:
                    continue
                if level_i > 0 and code in _excluded(r):
                    break  # named as left out of a partial member
                scope = r["scope"]
                if scope == "partial" and r["member_level"] == "province" and c != code:
                    break  # a partial province says nothing about this unit by itself
                found = Membership(sid, scope, c)
                break
            if found is None:
                continue
            out.append({"adcode": code, "strategy_id": sid, "scope": found.scope, "via": found.via})
            if sid == "YRD" and found.scope in ("core-area", "demonstration-zone"):
                out.append({"adcode": code, "strategy_id": "YRD-core", "scope": "core-area", "via": found.via})
    res = pd.DataFrame(out, columns=["adcode", "strategy_id", "scope", "via"])
    # Within YRD, a core-area row means a full member of the planning area too.
    return res.drop_duplicates(["adcode", "strategy_id"]).reset_index(drop=True)


def regions(lod: str = "national", members: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """One polygon per map layer, unioned from member units at the given level of detail."""
    m = tables.load("strategy_members") if members is None else members
    layers = {lvl: boundaries.load(lvl, lod).set_index("adcode") for lvl in ("province", "city", "county")}
    county = layers["county"]
    parts: dict[str, list] = {k: [] for k in LAYERS}
    for _, r in m.iterrows():
        sid, code, level, scope = r["strategy_id"], r["member_adcode"], r["member_level"], r["scope"]
        if level == "province" and scope == "partial":
            continue
        if level == "city" and _excluded(r):
            geom = shapely.union_all(county[(county["parent_adcode"] == code) & ~county.index.isin(_excluded(r))].geometry.values)
        else:
            src = layers[level]
            if code not in src.index:
                raise ValueError(f"strategy_members: {sid} member {code} has no {level} polygon at {lod} detail")
            geom = src.at[code, "geometry"]
        if sid == "YRD" and scope in ("core-area", "demonstration-zone"):
            parts["YRD-core"].append(geom)
            continue
        parts[sid].append(geom)
    rows = []
    for key in LAYERS:
        if not parts[key]:
            continue
        g = shapely.make_valid(shapely.union_all(parts[key], grid_size=1e-6))
        g = shapely.orient_polygons(g, exterior_cw=True)
        rows.append({"layer": key, "geometry": g})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
