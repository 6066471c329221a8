"""Synthetic county layers for the points tests: small enough to reason about a point's county by hand."""

from __future__ import annotations

import geopandas as gpd
import shapely

from aizone import points as P


def two_counties() -> P.Units:
    """Two WGS-84 counties sharing the meridian 116.5 °E (west 110101 in city 110000, east 130100's 130102);
    nothing west of 116.0 or east of 117.0 (the 'sea')."""
    west = shapely.segmentize(shapely.box(116.0, 39.5, 116.5, 40.0), 0.01)
    east = shapely.segmentize(shapely.box(116.5, 39.5, 117.0, 40.0), 0.01)
    gdf = gpd.GeoDataFrame({"adcode": ["130102", "110101"], "parent_adcode": ["130100", "110000"],
                            "province_adcode": ["130000", "110000"]}, geometry=[east, west], crs="EPSG:4326")
    return P.build_units(gdf)
