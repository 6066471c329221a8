"""aizone.points.read: GeoPackage, KML and KMZ uploads (pyogrio), from small files generated here."""

from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely

from aizone import points as P


def _file(tmp_path, gdf: gpd.GeoDataFrame, driver: str, name: str, **kw) -> bytes:
    path = tmp_path / name
    gdf.to_file(path, driver=driver, **kw)
    return path.read_bytes()


@pytest.fixture()
def sample() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"名称": ["甲", "乙", "丙"], "kind": ["lab", "dc", "road"]},
                            geometry=[shapely.Point(116.4, 39.9), shapely.Point(121.47, 31.23),
                                      shapely.LineString([(116, 39), (117, 40)])], crs="EPSG:4326")


def test_geopackage(tmp_path, sample):
    data = _file(tmp_path, sample, "GPKG", "x.gpkg", layer="pts")
    r = P.parse_points(data, "wgs84")
    assert r.ok and r.kind == "gpkg" and r.columns == ("lon", "lat")
    assert list(r.points["line"]) == [1, 2] and list(r.points["名称"]) == ["甲", "乙"]
    assert np.allclose(r.points[["lon", "lat"]].to_numpy(), [[116.4, 39.9], [121.47, 31.23]])
    assert [(x.line, x.reason) for x in r.rejected] == [(3, "missing")]  # a line is not a point


def test_geopackage_in_a_projected_crs_is_read_as_longitude_latitude(tmp_path, sample):
    data = _file(tmp_path, sample.iloc[:2].to_crs(3857), "GPKG", "m.gpkg")
    r = P.parse_points(data)
    assert np.allclose(r.points[["lon", "lat"]].to_numpy(), [[116.4, 39.9], [121.47, 31.23]], atol=1e-9)


def test_geopackage_points_are_converted_from_the_chosen_datum(tmp_path, sample):
    data = _file(tmp_path, sample.iloc[:1], "GPKG", "g.gpkg")
    r = P.parse_points(data, "gcj02")
    assert r.points["lon"].iloc[0] < 116.4 - 0.004  # GCJ-02 → WGS-84 moves Beijing west by ~600 m


def test_kml_and_kmz(tmp_path, sample):
    kml = _file(tmp_path, sample, "KML", "x.kml")
    r = P.parse_points(kml)
    assert r.ok and r.kind == "kml"
    assert list(r.points["line"]) == [1, 2] and [(x.line, x.reason) for x in r.rejected] == [(3, "missing")]
    assert list(r.points["名称"]) == ["甲", "乙"] and "tessellate" not in r.points.columns
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("doc.kml", kml)
    k = P.parse_points(buf.getvalue())
    assert k.kind == "kml" and list(k.points["名称"]) == ["甲", "乙"]


@pytest.mark.parametrize("data,reason", [
    (b"SQLite format 3\x00" + b"\x07" * 500, "bad_gpkg"),
    (b"<html><body>not a map</body></html>", "bad_kml"),
    (b"<?xml version='1.0'?><kml xmlns='http://www.opengis.net/kml/2.2'><Document></Document></kml>", "empty_file"),
])
def test_broken_geo_files_are_refused_without_exception(data, reason):
    r = P.parse_points(data)
    assert not r.ok and r.problem[0] == reason
    assert P.message(reason, "zh") and P.message(reason, "en")
