"""Where plotly draws a longitude and latitude on a geo subplot, in the page's pixels.

plotly scales the box of a subplot's lon/lat ranges to fit the subplot's domain (d3's ``fitExtent``), then
puts the map's centre at the domain's centre; the browser draws it, too late to ask.
Labels and markers that must not collide are placed from these same numbers: the conic equal-area
projection of the national map, the Mercator of a regional one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

# The national frame: the mainland keeps its aspect ratio inside MAIN_DOMAIN; the South China Sea inset sits at
# its lower right, as on standard maps (``maps`` draws them; they live here, beside the projection they feed).
MAIN_LON = (73.0, 136.0)
MAIN_LAT = (17.6, 54.0)
INSET_LON = (105.5, 124.5)
INSET_LAT = (3.0, 24.5)
MAIN_DOMAIN = dict(x=[0.0, 0.86], y=[0.0, 1.0])
INSET_DOMAIN = dict(x=[0.80, 0.965], y=[0.02, 0.34])
PARALLELS = (25.0, 47.0)
LON0 = 105.0


def albers_constants(parallels=PARALLELS) -> tuple[float, float]:
    p1, p2 = (math.radians(p) for p in parallels)
    n = (math.sin(p1) + math.sin(p2)) / 2
    return n, math.cos(p1) ** 2 + 2 * n * math.sin(p1)


def albers(lon: float, lat: float, parallels=PARALLELS, lon0: float = LON0) -> tuple[float, float]:
    """plotly's 'conic equal area' (d3 geoConicEqualArea) on the unit sphere, y pointing up."""
    n, c = albers_constants(parallels)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    th = n * math.radians(lon - lon0)
    return rho * math.sin(th), -rho * math.cos(th)


def albers_inverse(x: float, y: float, parallels=PARALLELS, lon0: float = LON0) -> tuple[float, float]:
    n, c = albers_constants(parallels)
    rho = math.hypot(x, y)
    lon = lon0 + math.degrees(math.atan2(x, -y) / n)
    lat = math.degrees(math.asin(max(-1.0, min(1.0, (c - (rho * n) ** 2) / (2 * n)))))
    return lon, lat


def mercator(lon: float, lat: float, lon0: float = 0.0) -> tuple[float, float]:
    return math.radians(lon - lon0), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def mercator_inverse(x: float, y: float, lon0: float = 0.0) -> tuple[float, float]:
    return lon0 + math.degrees(x), math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def frame_ranges(layout: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """The main frame's lon and lat ranges as the figure states them (the app's defaults otherwise)."""
    geo = layout.get("geo") or {}
    lon = ((geo.get("lonaxis") or {}).get("range")) or MAIN_LON
    lat = ((geo.get("lataxis") or {}).get("range")) or MAIN_LAT
    return (float(lon[0]), float(lon[1])), (float(lat[0]), float(lat[1]))


CLIP_PAD = 0.001  # degrees plotly trims off each range before fitting it (``clipPad``)


def _great_circle(a: tuple[float, float], b: tuple[float, float], n: int = 24) -> list[tuple[float, float]]:
    """Points along the great circle from a to b (lon, lat in degrees): d3 draws a polygon's edges so."""
    def vec(p):
        lo, la = math.radians(p[0]), math.radians(p[1])
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    va, vb = vec(a), vec(b)
    om = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb)))))
    if om < 1e-12:
        return [a, b]
    out = []
    for i in range(n + 1):
        t = i / n
        s0, s1 = math.sin((1 - t) * om) / math.sin(om), math.sin(t * om) / math.sin(om)
        x, y, z = (s0 * p + s1 * q for p, q in zip(va, vb))
        # keep longitudes on a's side of the antimeridian, as the frame's range is
        lon = math.degrees(math.atan2(y, x))
        out.append((lon + 360 * round((a[0] - lon) / 360), math.degrees(math.asin(max(-1.0, min(1.0, z))))))
    return out


def frame_bounds(lon: Sequence[float], lat: Sequence[float],
                 project: Callable[[float, float], tuple[float, float]] = albers) -> tuple[float, float, float, float]:
    """Projected bounding box of a frame's lon/lat ranges, as plotly fits it to the subplot: its range box
    is a polygon whose north and south sides are four great-circle arcs each, not parallels (they bow
    towards the pole, which moves the fitted map by a few percent of its height)."""
    x0, x1 = lon[0] + CLIP_PAD, lon[1] - CLIP_PAD
    y0, y1 = lat[0] + CLIP_PAD, lat[1] - CLIP_PAD
    s = (x1 - x0) / 4
    ring = [(x0, y0), (x0, y1), (x0 + s, y1), (x0 + 2 * s, y1), (x0 + 3 * s, y1), (x1, y1), (x1, y0),
            (x1 - s, y0), (x1 - 2 * s, y0), (x1 - 3 * s, y0), (x0, y0)]
    pts = [project(*p) for a, b in zip(ring, ring[1:]) for p in _great_circle(a, b)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Frame:
    """One size a figure is drawn at: the whole figure's pixels and its margins."""

    width: float
    height: float
    margin: dict = field(default_factory=lambda: dict(l=0, r=0, t=0, b=0))


class Pixels:
    """The main geo subplot of a figure drawn at one frame: lon/lat to page pixels (y down) and back."""

    def __init__(self, layout: dict, frame: Frame):
        geo = layout.get("geo") or {}
        proj = geo.get("projection") or {}
        lon0 = float(((proj.get("rotation") or {}).get("lon")) or (LON0 if proj.get("type") != "mercator" else 0.0))
        if proj.get("type") == "mercator":
            self._fwd = lambda lon, lat: mercator(lon, lat, lon0)
            self._inv = lambda x, y: mercator_inverse(x, y, lon0)
        else:
            par = tuple(proj.get("parallels") or PARALLELS)
            self._fwd = lambda lon, lat: albers(lon, lat, par, lon0)
            self._inv = lambda x, y: albers_inverse(x, y, par, lon0)
        dom = geo.get("domain") or MAIN_DOMAIN
        m = frame.margin
        pw, ph = frame.width - m.get("l", 0) - m.get("r", 0), frame.height - m.get("t", 0) - m.get("b", 0)
        self.x0 = m.get("l", 0) + dom["x"][0] * pw
        self.x1 = m.get("l", 0) + dom["x"][1] * pw
        self.y0 = m.get("t", 0) + (1 - dom["y"][1]) * ph
        self.y1 = m.get("t", 0) + (1 - dom["y"][0]) * ph
        lon, lat = frame_ranges(layout)
        bx0, by0, bx1, by1 = frame_bounds(lon, lat, project=self._fwd)
        self.k = min((self.x1 - self.x0) / (bx1 - bx0), (self.y1 - self.y0) / (by1 - by0))
        # plotly fits the range box to the domain, then puts the map's centre (not the box's) at the domain's:
        # ``geo.center``, by default the rotation's longitude and the middle of the latitude range
        centre = geo.get("center") or {}
        clon = centre.get("lon", (proj.get("rotation") or {}).get("lon", (lon[0] + lon[1]) / 2))
        clat = centre.get("lat", (lat[0] + lat[1]) / 2)
        self._c = ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)
        self._m = self._fwd(float(clon), float(clat))

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self._fwd(lon, lat)
        return self._c[0] + (x - self._m[0]) * self.k, self._c[1] - (y - self._m[1]) * self.k

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self._inv(self._m[0] + (x - self._c[0]) / self.k, self._m[1] - (y - self._c[1]) / self.k)
