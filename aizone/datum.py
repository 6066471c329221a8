"""China's map datums, vectorised: WGS-84, GCJ-02 ("Mars coordinates", Gaode/Tencent) and BD-09 (Baidu).

GCJ-02 is WGS-84 plus a deterministic offset of a few hundred metres (a published polynomial-plus-sines in
metres, turned into degrees on the Krasovsky ellipsoid); BD-09 adds Baidu's rotation and shift on top of
GCJ-02. pyproj does not know either. This module implements the public algorithm on numpy arrays, so a million
points or every vertex of the boundary layer convert in one call. The formulas are the ones of the maintained
reference implementations ``prcoords`` (CC0) and ``eviltransform`` (MIT); ``tests/test_datum.py`` checks this
module against both on thousands of points and against published reference pairs.

* Forward transforms (WGS-84 → GCJ-02, GCJ-02 → BD-09) are closed formulas.
* Inverses are solved by fixed-point iteration ``x ← x − (f(x) − y)`` until ``f(x)`` is within
  :data:`INVERSE_TOL_DEG` of ``y`` (about 1 mm); :func:`gcj02_to_wgs84` raises if any point does not get
  within ``max_error_m`` (0.5 m by default) after :data:`MAX_ITER` rounds.
* Like the reference implementations, points outside the rough China box (:func:`in_china_box`) are
  returned unchanged: GCJ-02 is only defined for China.

Arguments are longitude and latitude in degrees (x, y order, like shapely), scalars or arrays.
"""

from __future__ import annotations

import numpy as np
import shapely

DATUMS = ("wgs84", "gcj02", "bd09")
LABELS = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 formulas.
GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323
BD_DLON, BD_DLAT = 0.0065, 0.0060
X_PI = np.pi * 3000.0 / 180.0
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)  # lon0, lat0, lon1, lat1 of the reference implementations

INVERSE_TOL_DEG = 1e-8  # about 1 mm
MAX_ITER = 30
EARTH_R = 6371008.8  # mean radius, for error distances only


class DatumError(ValueError):
    """An unknown datum name, or an inverse that did not converge."""


def _arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon, lat


def in_china_box(lon, lat) -> np.ndarray:
    """The rough box inside which the reference implementations apply the offset (NaN counts as outside)."""
    lon, lat = _arrays(lon, lat)
    x0, y0, x1, y1 = CHINA_BOX
    return (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)


def distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle (haversine) distance in metres on a mean-radius sphere."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    return 2 * EARTH_R * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def _gcj_offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 offset (dlon, dlat) in degrees at WGS-84 position (lon, lat)."""
    x, y = lon - 105.0, lat - 35.0
    xpi, ypi = x * np.pi, y * np.pi
    common = 20.0 * np.sin(6.0 * xpi) + 20.0 * np.sin(2.0 * xpi)
    dlat_m = (common + 20.0 * np.sin(ypi) + 40.0 * np.sin(ypi / 3.0)
              + 160.0 * np.sin(ypi / 12.0) + 320.0 * np.sin(ypi / 30.0)) * 2.0 / 3.0
    dlat_m += -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlon_m = (common + 20.0 * np.sin(xpi) + 40.0 * np.sin(xpi / 3.0)
              + 150.0 * np.sin(xpi / 12.0) + 300.0 * np.sin(xpi / 30.0)) * 2.0 / 3.0
    dlon_m += 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    rad = np.radians(lat)
    magic = 1.0 - GCJ_EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat_m * 180.0 / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    dlon = dlon_m * 180.0 / (GCJ_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def _gcj_forward(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def _bd_forward(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * X_PI)
    return z * np.cos(theta) + BD_DLON, z * np.sin(theta) + BD_DLAT


def wgs84_to_gcj02(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _arrays(lon, lat)
    inside = in_china_box(lon, lat)
    x, y = _gcj_forward(lon, lat)
    return np.where(inside, x, lon), np.where(inside, y, lat)


def gcj02_to_bd09(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _arrays(lon, lat)
    inside = in_china_box(lon, lat)
    x, y = _bd_forward(lon, lat)
    return np.where(inside, x, lon), np.where(inside, y, lat)


def _bd09_to_gcj02_closed(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - BD_DLON, lat - BD_DLAT
    z = np.hypot(x, y) - 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(forward, lon: np.ndarray, lat: np.ndarray, start, max_error_m: float, what: str):
    """Solve forward(x) = (lon, lat) by fixed-point iteration from ``start``; points outside the box stay put.

    ``forward`` is the unconditional formula: the box decides on the input point only, as in the reference
    implementations, so a point near the box edge still inverts exactly.
    """
    inside = in_china_box(lon, lat)
    x, y = start
    x, y = np.where(inside, x, lon), np.where(inside, y, lat)
    for _ in range(MAX_ITER):
        fx, fy = forward(x, y)
        ex, ey = np.where(inside, fx - lon, 0.0), np.where(inside, fy - lat, 0.0)
        x, y = x - ex, y - ey
        if max(np.nanmax(np.abs(ex), initial=0.0), np.nanmax(np.abs(ey), initial=0.0)) < INVERSE_TOL_DEG:
            break
    fx, fy = forward(x, y)
    err = np.where(inside, distance_m(fx, fy, lon, lat), 0.0)
    worst = np.nanmax(err, initial=0.0)
    if worst > max_error_m:
        raise DatumError(f"{what}: the inverse left a point {worst:.3f} m off after {MAX_ITER} rounds")
    return x, y


def gcj02_to_wgs84(lon, lat, max_error_m: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Exact inverse of :func:`wgs84_to_gcj02` (iterated: round trip within ~1 mm, guaranteed ≤ ``max_error_m``)."""
    lon, lat = _arrays(lon, lat)
    dlon, dlat = _gcj_offset(lon, lat)
    return _invert(_gcj_forward, lon, lat, (lon - dlon, lat - dlat), max_error_m, "GCJ-02 → WGS-84")


def bd09_to_gcj02(lon, lat, max_error_m: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`gcj02_to_bd09`, from the usual closed approximation refined by iteration."""
    lon, lat = _arrays(lon, lat)
    return _invert(_bd_forward, lon, lat, _bd09_to_gcj02_closed(lon, lat), max_error_m, "BD-09 → GCJ-02")


def wgs84_to_bd09(lon, lat):
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat, max_error_m: float = 0.5):
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat, max_error_m / 2), max_error_m=max_error_m / 2)


_STEPS = {
    ("wgs84", "gcj02"): wgs84_to_gcj02, ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09, ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09, ("bd09", "wgs84"): bd09_to_wgs84,
}


def normalise(name: str) -> str:
    """'WGS-84', 'wgs84', 'GCJ02', 'bd-09' ... → the key used here."""
    key = str(name).lower().replace("-", "").replace("_", "").replace(" ", "")
    if key not in DATUMS:
        raise DatumError(f"unknown datum {name!r}; expected one of {', '.join(LABELS.values())}")
    return key


def convert(lon, lat, src: str, dst: str = "wgs84") -> tuple[np.ndarray, np.ndarray]:
    src, dst = normalise(src), normalise(dst)
    if src == dst:
        return _arrays(lon, lat)
    return _STEPS[(src, dst)](lon, lat)


def convert_geometries(geoms, src: str, dst: str = "wgs84") -> np.ndarray:
    """Every vertex of ``geoms`` (an array of shapely geometries) converted in one vectorised call.

    Each distinct coordinate is converted once and written back wherever it occurs, so a vertex that
    neighbouring polygons share stays bit-identical in all of them and a valid coverage stays edge-matched.
    """
    geoms = np.asarray(geoms, dtype=object)

    def move(xy: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
        x, y = convert(uniq[:, 0], uniq[:, 1], src, dst)
        return np.column_stack([x, y])[inverse.reshape(-1)]

    return shapely.transform(geoms, move)
