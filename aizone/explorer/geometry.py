"""Where the explorer's areas come from and what the frame shows: the national view or a strategy region.

Geometry never travels with the figure: every area is a URL into ``static/`` that the browser fetches once,
so a rerun that keeps the geometry sends only ids, colours and hover text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from aizone import boundaries, strategies
from aizone.basemap import URL_PREFIX, clip_main, feature_collection
from aizone.config import BOUNDARIES
from aizone.figures import maps
from aizone.figures.maps import BaseMap, Shapes

STRATEGY_LAYERS = strategies.LAYERS
NATIONAL = "national"
ZOOMS = (NATIONAL,) + STRATEGY_LAYERS
ZOOM_PAD = 0.08  # share of the region's extent added on each side
ZOOM_ASPECT = 1.5  # width / height of the map frame in the app (map column ≈ 900 px, figure 600 px)


@dataclass(frozen=True)
class Geometry:
    """Where each kind of area comes from at one level of detail (URLs for the app)."""

    base: BaseMap
    provinces: Shapes
    cities: Shapes
    strategies_url: str


def geometry(base: BaseMap, zoom: str = NATIONAL) -> Geometry:
    """National view: the clipped main-frame files; a strategy zoom: the regional level of detail."""
    if base.cities_main is None:
        raise ValueError("the explorer needs a base map with cities")
    if zoom == NATIONAL:
        return Geometry(replace(base, cities_main=None), base.provinces_main, base.cities_main,
                        URL_PREFIX + "strategies_national.geojson")
    prov = Shapes(boundaries.geojson_url("province", "regional"), base.provinces_main.ids)
    cities = Shapes(boundaries.geojson_url("city", "regional"), base.cities_main.ids)
    return Geometry(BaseMap(prov, base.provinces_inset, base.maritime, None), prov, cities,
                    URL_PREFIX + "strategies_regional.geojson")


@lru_cache(maxsize=1)
def county_ids() -> tuple[str, ...]:
    """The county layer's units (the gazetteer's county rows, a contract test keeps them in step)."""
    return tuple(boundaries.load("county", "national")["adcode"].astype(str))


@lru_cache(maxsize=2)
def _embedded_counties() -> dict:
    return feature_collection(clip_main(boundaries.load("county", "national")), "adcode")


def counties(base: BaseMap, zoom: str = NATIONAL) -> Shapes:
    """The county layer, only for the county level (~2,900 polygons: the other levels never fetch it).
    A base map with embedded geometry (exports, tests) gets the counties embedded too."""
    if zoom != NATIONAL:
        return Shapes(boundaries.geojson_url("county", "regional"), county_ids())
    if base.cities_main is not None and not isinstance(base.cities_main.geojson, str):
        return Shapes(_embedded_counties(), county_ids())
    return Shapes(URL_PREFIX + "county_national_main.geojson", county_ids())


@lru_cache(maxsize=2)
def _region_bounds(path: str) -> dict[str, tuple[float, float, float, float]]:
    reg = boundaries.load_strategy_areas("regional", root=Path(path).parent)
    return {k: tuple(float(v) for v in g.bounds) for k, g in zip(reg["layer"], reg.geometry)}


def zoom_bounds(zoom: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(lon range, lat range) framing a strategy region with a margin."""
    if zoom == NATIONAL:
        return maps.MAIN_LON, maps.MAIN_LAT
    b = _region_bounds(str(BOUNDARIES / "strategies_regional.parquet"))
    if zoom not in b:
        raise ValueError(f"no strategy area {zoom!r}; known: {', '.join(b)}")
    x0, y0, x1, y1 = b[zoom]
    dx, dy = (x1 - x0) * ZOOM_PAD, (y1 - y0) * ZOOM_PAD
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    # plotly clips a regional map to these ranges: widen the narrow side so the frame is filled.
    k = math.cos(math.radians((y0 + y1) / 2))
    width, height = (x1 - x0) * k, y1 - y0
    if width < ZOOM_ASPECT * height:
        grow = (ZOOM_ASPECT * height / k - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / ZOOM_ASPECT - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return (round(x0, 3), round(x1, 3)), (round(y0, 3), round(y1, 3))
