"""The explorer's county level ships one more file: the national county layer clipped to the main frame
(static/geo/county_national_main.geojson). Its units must be the gazetteer's counties, and neither the
simplification nor the clip or the 5-decimal rounding may make neighbours overlap."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from aizone import boundaries, config, gazetteer
from aizone.figures.maps import MAIN_LAT
from aizone.provenance import read_sidecar

GEO = config.STATIC / "geo"


@pytest.fixture(scope="module")
def main_counties() -> tuple[list[str], np.ndarray]:
    fc = json.loads((GEO / "county_national_main.geojson").read_text(encoding="utf-8"))
    ids = [f["id"] for f in fc["features"]]
    assert all(f["properties"] == {"adcode": f["id"]} for f in fc["features"])
    return ids, np.array([shapely.from_geojson(json.dumps(f["geometry"])) for f in fc["features"]])


@pytest.fixture(scope="module")
def gaz_counties() -> set[str]:
    g = gazetteer.load()
    return set(g.loc[g["level"] == "county", "adcode"].astype(str))


def test_layer_units_are_the_gazetteers_counties(gaz_counties):
    layer = boundaries.load("county", "national")
    assert set(layer["adcode"].astype(str)) == gaz_counties and len(layer) == len(gaz_counties)


def test_main_file_units(main_counties, gaz_counties):
    ids, geoms = main_counties
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    assert set(ids) <= gaz_counties
    missing = gaz_counties - set(ids)
    layer = boundaries.load("county", "national").set_index("adcode")
    assert len(missing) <= 2 and all(layer.geometry[c].bounds[3] < MAIN_LAT[0] for c in missing), \
        "only far-south islands (drawn in the inset) may be clipped away"
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()


def test_main_file_has_no_overlaps(main_counties):
    _, geoms = main_counties
    assert shapely.coverage_is_valid(geoms, gap_width=0.0), shapely.coverage_invalid_edges(geoms)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="overlaps")
    assert len(a) == 0, f"{len(a) // 2} overlapping neighbour pairs"


def test_city_edges_lie_on_county_edges(main_counties):
    """Each city's outline is drawn from county edges: at the county level the two never disagree."""
    _, geoms = main_counties
    fc = json.loads((GEO / "city_national_main.geojson").read_text(encoding="utf-8"))
    city = {tuple(p) for f in fc["features"] for p in shapely.get_coordinates(shapely.from_geojson(json.dumps(f["geometry"])))}
    county = set(map(tuple, shapely.get_coordinates(geoms)))
    assert city <= county


def test_sidecar_and_size():
    path = GEO / "county_national_main.geojson"
    origin = read_sidecar(path, verify=True)
    assert origin.producer == "aizone build mapfiles" and origin.datum.startswith("WGS-84")
    size, city = path.stat().st_size, (GEO / "city_national_main.geojson").stat().st_size
    assert size < 2_000_000 and size < 3 * city, f"{size / 1e6:.2f} MB"
