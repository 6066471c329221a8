"""Where a China map sits on an export page: the projection plotly uses, and the frame and inset fitted to it.

The geometry is computed here rather than left to plotly so that labels can be placed (``labels``) in the
same pixels plotly will draw them in.
"""

from __future__ import annotations

import math

from aizone.figures import maps


def albers(lon: float, lat: float, parallels=(25.0, 47.0), lon0: float = 105.0) -> tuple[float, float]:
    """plotly's 'conic equal area' (d3 geoConicEqualArea) on the unit sphere, y pointing up."""
    p1, p2 = (math.radians(p) for p in parallels)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    th = n * math.radians(lon - lon0)
    return rho * math.sin(th), -rho * math.cos(th)


def _frame_bounds(lon: tuple[float, float], lat: tuple[float, float]) -> tuple[float, float, float, float]:
    """Projected bounding box of the main frame's lon/lat ranges, as plotly fits it to the subplot."""
    pts = []
    for i in range(41):
        f = i / 40
        pts += [albers(lon[0] + (lon[1] - lon[0]) * f, lat[0]), albers(lon[0] + (lon[1] - lon[0]) * f, lat[1]),
                albers(lon[0], lat[0] + (lat[1] - lat[0]) * f), albers(lon[1], lat[0] + (lat[1] - lat[0]) * f)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _mercator_aspect(lon: tuple[float, float], lat: tuple[float, float]) -> float:
    y = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in lat]
    return math.radians(lon[1] - lon[0]) / (y[1] - y[0])


MAIN_BOUNDS = _frame_bounds(maps.MAIN_LON, maps.MAIN_LAT)
MAIN_ASPECT = (MAIN_BOUNDS[2] - MAIN_BOUNDS[0]) / (MAIN_BOUNDS[3] - MAIN_BOUNDS[1])
INSET_ASPECT = _mercator_aspect(maps.INSET_LON, maps.INSET_LAT)


def place_map(layout: dict, plot_w: float, plot_h: float, legend_w: float = 0.0) -> None:
    """Fit the mainland frame to the plot area and tuck the inset into the frame's empty south-east corner.

    In the app the inset sits in the figure's corner; on a 16:9 slide that is far from the map. Standard
    maps draw it inside the frame, lower right, where the sea east of Taiwan leaves room. The legend goes
    beside the frame (or under it on a square), never over the land: the frame moves right, or shrinks,
    to make room for it.
    """
    geo, geo2 = layout.get("geo"), layout.get("geo2")
    if not isinstance(geo, dict) or not isinstance(geo2, dict):
        return
    legend = layout.setdefault("legend", {})
    room = legend_w + 12 if legend_w else 0.0
    if plot_w / plot_h >= MAIN_ASPECT * 1.12:  # wide: legend beside the frame
        bw_px = min(MAIN_ASPECT * plot_h, plot_w - room)
        bh_px = bw_px / MAIN_ASPECT
        left = max((plot_w - bw_px) / 2, room) if (plot_w - bw_px) / 2 >= room else plot_w - bw_px
        x0, bw = left / plot_w, bw_px / plot_w
        bh = bh_px / plot_h
        y0 = (1 - bh) / 2
        legend.update(x=0.0, y=y0, xanchor="left", yanchor="bottom", orientation="v")
    else:  # tall or square: map on top, legend in a row below it
        bw, x0 = 1.0, 0.0
        bh = min(1.0, plot_w / (MAIN_ASPECT * plot_h))
        y0 = 1.0 - bh
        legend.update(x=0.0, y=0.0, xanchor="left", yanchor="bottom", orientation="h")
    geo["domain"] = dict(x=[x0, x0 + bw], y=[y0, y0 + bh])
    ih = 0.34 * bh
    iw = ih * plot_h / plot_w * INSET_ASPECT
    right = x0 + 0.995 * bw
    geo2["domain"] = dict(x=[right - iw, right], y=[y0 + 0.01 * bh, y0 + 0.01 * bh + ih])

