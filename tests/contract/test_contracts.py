"""Contracts across the shipped data: every code joins, every member resolves, strategy areas are built right."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import shapely

from aizone import boundaries, gazetteer, provenance, strategies, tables, zones
from aizone.build import basemap as build_basemap
from aizone.config import BOUNDARIES, STATIC


@pytest.fixture(scope="module")
def gaz():
    return gazetteer.load()


@pytest.fixture(scope="module")
def polygons():
    return {lvl: set(boundaries.load(lvl, "national")["adcode"]) for lvl in boundaries.LEVELS}


def _codes(series: pd.Series) -> set[str]:
    out = set()
    for v in series.dropna().astype(str):
        out |= {c.strip() for c in v.split(";") if c.strip()}
    return out


ADCODE_COLUMNS = [(name, col) for name, (_, schema) in tables.TABLES.items()
                  for col in [c.name for c in schema.columns if c.kind in ("adcode", "adcodes")]]


@pytest.mark.parametrize("name,col", ADCODE_COLUMNS)
def test_every_adcode_resolves_and_has_a_polygon(name, col, gaz, polygons):
    codes = _codes(tables.load(name)[col]) - {"100000"}  # national aggregates are not places on the map
    known = set(gaz["adcode"])
    assert codes - known == set(), f"{name}.{col}: not in the gazetteer"
    drawn = polygons["province"] | polygons["city"] | polygons["county"]
    assert codes - drawn == set(), f"{name}.{col}: no polygon"


def test_eighteen_zones_each_with_a_polygon_at_its_level(polygons):
    z = zones.load()
    assert len(z) == 18 and z["adcode"].is_unique
    for _, r in z.iterrows():
        level = "county" if r["unit_level"] == "county" else "city"
        assert r["adcode"] in polygons[level], r["name_zh"]


def test_miit_programme_never_in_most_table():
    most = set(zones.load()["zone_id"])
    miit = tables.load("miit_pilot_zones")
    assert not (set(miit.columns) & {"zone_id"}) and most.isdisjoint(set(miit["miit_zone_id"]))


@pytest.fixture(scope="module")
def members(gaz):
    units = gaz[gaz["level"].isin(["city", "county"])].drop_duplicates("adcode", keep="first")
    return strategies.memberships(units)


@pytest.mark.parametrize("adcode,sid,scope", [
    ("310000", "YRD", "core-area"), ("310000", "YREB", "full"), ("310000", "YRD-core", "core-area"),
    ("510100", "CY", "full"), ("500000", "CY", "partial"), ("510700", "CY", "partial"),
    ("330521", "YRD", "core-area"), ("440300", "GBA", "full"), ("130100", "JJJ", "full"),
    ("320300", "YRD", "full"),  # 徐州: in the planning area, not in the 27-city core
])
def test_membership(members, adcode, sid, scope):
    row = members[(members["adcode"] == adcode) & (members["strategy_id"] == sid)]
    assert len(row) == 1 and row["scope"].iloc[0] == scope


@pytest.mark.parametrize("adcode,sid", [("510400", "CY"), ("510726", "CY"), ("320300", "YRD-core"), ("440100", "JJJ"),
                                        ("110000", "YREB")])
def test_not_a_member(members, adcode, sid):
    assert members[(members["adcode"] == adcode) & (members["strategy_id"] == sid)].empty


def test_yrd_core_has_27_cities(members, gaz):
    cities = set(gaz.loc[gaz["level"] == "city", "adcode"])
    core = members[(members["strategy_id"] == "YRD-core") & members["adcode"].isin(cities)]
    assert core["adcode"].nunique() == 27


def test_strategy_areas_are_unions_of_members():
    reg = boundaries.load("province", "national").set_index("adcode")
    import geopandas as gpd

    areas = gpd.read_parquet(BOUNDARIES / "strategies_national.parquet").set_index("layer")
    assert set(areas.index) == set(strategies.LAYERS)
    jjj = shapely.union_all(reg.loc[["110000", "120000", "130000"]].geometry.values)
    assert abs(areas.at["JJJ", "geometry"].area - jjj.area) / jjj.area < 1e-6
    assert areas.at["YRD", "geometry"].buffer(1e-6).contains(areas.at["YRD-core", "geometry"])
    # partial members are drawn from their parts: CY is smaller than Sichuan + Chongqing
    whole = shapely.union_all(reg.loc[["500000", "510000"]].geometry.values)
    assert areas.at["CY", "geometry"].area < 0.8 * whole.area
    assert all(g.is_valid for g in areas.geometry)


def test_outline_maritime_and_static_files_present():
    assert len(boundaries.load_outline()) == 1 and len(boundaries.load_maritime()) == 1
    for name in ("province_national_main", "city_national_main", "county_national_main", "strategies_national",
                 "strategies_regional"):
        f = STATIC / "geo" / f"{name}.geojson"
        provenance.read_sidecar(f, verify=True)
    assert (STATIC / "world_110m.json").stat().st_size < 1000


def _digest(paths) -> dict:
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


@pytest.mark.rebuild
def test_mapfiles_rebuild_is_byte_identical(tmp_path):
    shipped = _digest([
        STATIC / "geo/province_national_main.geojson", STATIC / "geo/city_national_main.geojson",
        STATIC / "geo/county_national_main.geojson", BOUNDARIES / "strategies_national.parquet", STATIC / "geo/strategies_national.geojson",
        BOUNDARIES / "strategies_regional.parquet", STATIC / "geo/strategies_regional.geojson"])
    rebuilt = _digest(build_basemap.build(out_dir=tmp_path / "geo", data_dir=tmp_path))
    assert rebuilt == shipped
