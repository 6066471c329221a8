"""The map's geometry inputs: ids, GeoJSON files the browser fetches once, or embedded GeoJSON for exports.

The main frame must not contain the far-south islands (plotly does not clip a geo subplot), so the
"main" variants are clipped to the mainland frame; the inset uses the full shapes. Strategy areas are
dissolved here too, from the shipped layer, so the app never computes geometry on a rerun.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

from aizone import boundaries, provenance, strategies
from aizone.config import BOUNDARIES, STATIC
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


def _write_json(obj: dict, path: Path, origin: provenance.Origin) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    provenance.write_sidecar(path, origin)
    return path


def clip_main(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    g = gdf.copy()
    g["geometry"] = shapely.orient_polygons(shapely.intersection(g.geometry.values, MAIN_CLIP), exterior_cw=True)
    return g[~g.geometry.is_empty].reset_index(drop=True)


def build(out_dir: Path = GEO_DIR, data_dir: Path = BOUNDARIES) -> list[Path]:
    """Write the clipped main-frame files and the dissolved strategy areas (parquet + GeoJSON + sidecars)."""
    written = []
    src = provenance.read_sidecar(boundaries.layer_path("city", "national"))

    def origin(title: str, cite_zh: str, cite_en: str, **params) -> provenance.Origin:
        return provenance.Origin(producer="aizone build mapfiles", url=src.url, accessed=src.accessed, licence=src.licence,
                                 cite_zh=cite_zh, cite_en=cite_en, title=title, command="aizone build mapfiles",
                                 parameters=params, datum=src.datum)

    for level in ("province", "city"):
        main = clip_main(boundaries.load(level, "national"))
        written.append(_write_json(feature_collection(main, "adcode"), out_dir / f"{level}_national_main.geojson",
                                   origin(f"{level} layer, national detail, clipped to the mainland frame (inset shows the rest)",
                                          src.cite_zh, src.cite_en, clip_lat=MAIN_LAT[0] - 0.1)))
    for lod in ("national", "regional"):
        reg = strategies.regions(lod)
        pq = data_dir / f"strategies_{lod}.parquet"
        boundaries.write_parquet(reg, pq)
        area = origin(f"Regional-strategy areas, {lod} detail", "区域战略范围：由成员单位边界合并（aizone）",
                      "Strategy areas: unions of member units (aizone)", lod=lod, members="data/tables/strategy_members.csv")
        provenance.write_sidecar(pq, area)
        written.append(pq)
        main = clip_main(reg) if lod == "national" else reg
        written.append(_write_json(feature_collection(main, "layer"), out_dir / f"strategies_{lod}.geojson", area))
    return written


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
    reg = gpd.read_parquet(BOUNDARIES / "strategies_national.parquet")
    if embed:
        fc = feature_collection(clip_main(reg), "layer")
        return {k: Shapes(fc, (k,)) for k in reg["layer"]}
    return {k: Shapes(URL_PREFIX + "strategies_national.geojson", (k,)) for k in reg["layer"]}
