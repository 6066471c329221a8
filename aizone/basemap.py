"""The map's geometry inputs: ids, GeoJSON files the browser fetches once, or embedded GeoJSON for exports.

The main frame must not contain the far-south islands (plotly does not clip a geo subplot), so the
"main" variants are clipped to the mainland frame; the inset uses the full shapes. The files are written
by ``aizone.build.basemap`` (strategy areas dissolved there too), so the app never computes geometry on a rerun.
"""

from __future__ import annotations

import json
from functools import lru_cache

import geopandas as gpd
import shapely

from aizone import boundaries
from aizone.config import STATIC
from aizone.figures.maps import MAIN_LAT, BaseMap, Shapes

GEO_DIR = STATIC / "geo"
MAIN_CLIP = shapely.box(60.0, MAIN_LAT[0] - 0.1, 140.0, 56.0)
URL_PREFIX = "app/static/geo/"


def feature_collection(gdf: gpd.GeoDataFrame, id_col: str, precision: int = 5) -> dict:
    """Compact GeoJSON with the id on the feature and in properties (plotly matches on ``id``)."""
    feats = []
    for key, geom in zip(gdf[id_col].astype(str), gdf.geometry):
        g = json.loads(shapely.to_geojson(shapely.set_precision(geom, 10**-precision)))
        feats.append({"type": "Feature", "id": key, "properties": {id_col: key}, "geometry": g})
    return {"type": "FeatureCollection", "features": feats}


def clip_main(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    g = gdf.copy()
    g["geometry"] = shapely.orient_polygons(shapely.intersection(g.geometry.values, MAIN_CLIP), exterior_cw=True)
    return g[~g.geometry.is_empty].reset_index(drop=True)


@lru_cache(maxsize=4)
def _maritime_lines() -> tuple[tuple, tuple]:
    lon: list = []
    lat: list = []
    for geom in boundaries.load_maritime().geometry:
        for line in getattr(geom, "geoms", [geom]):
            xs, ys = line.xy
            lon += list(xs) + [None]
            lat += list(ys) + [None]
    return tuple(lon), tuple(lat)


@lru_cache(maxsize=8)
def base_map(embed: bool = False, with_cities: bool = True) -> BaseMap:
    """Map geometry: URLs served by Streamlit's static route (app), or embedded GeoJSON (exports, tests)."""
    prov = boundaries.load("province", "national")
    ids = tuple(prov["adcode"].astype(str))
    city_ids = tuple(boundaries.load("city", "national")["adcode"].astype(str))
    if embed:
        main = Shapes(feature_collection(clip_main(prov), "adcode"), ids)
        inset = Shapes(feature_collection(prov, "adcode"), ids)
        cities = Shapes(feature_collection(clip_main(boundaries.load("city", "national")), "adcode"), city_ids)
    else:
        main = Shapes(URL_PREFIX + "province_national_main.geojson", ids)
        inset = Shapes(boundaries.geojson_url("province", "national"), ids)
        cities = Shapes(URL_PREFIX + "city_national_main.geojson", city_ids)
    return BaseMap(provinces_main=main, provinces_inset=inset, maritime=_maritime_lines(), cities_main=cities if with_cities else None)


@lru_cache(maxsize=4)
def strategy_shapes(embed: bool = False) -> dict[str, Shapes]:
    reg = boundaries.load_strategy_areas("national")
    if embed:
        fc = feature_collection(clip_main(reg), "layer")
        return {k: Shapes(fc, (k,)) for k in reg["layer"]}
    return {k: Shapes(URL_PREFIX + "strategies_national.geojson", (k,)) for k in reg["layer"]}
