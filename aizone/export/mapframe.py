"""Where a China map sits on an export page: the frame and inset fitted to the page (the projection is
``figures.projection``).

The geometry is computed here rather than left to plotly so that labels can be placed (``labels``) in the
same pixels plotly will draw them in.
"""

from __future__ import annotations

import math

import numpy as np

from aizone.figures import maps
from aizone.figures.projection import albers_constants, albers, frame_bounds, frame_ranges  # noqa: F401


def _mercator_aspect(lon: tuple[float, float], lat: tuple[float, float]) -> float:
    y = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in lat]
    return math.radians(lon[1] - lon[0]) / (y[1] - y[0])


INSET_ASPECT = _mercator_aspect(maps.INSET_LON, maps.INSET_LAT)
INSET_SHARE = 0.36  # the inset's height as a share of the mainland's


def _coords(c, lons: list, lats: list) -> None:
    if c and isinstance(c[0], (int, float)):
        lons.append(c[0])
        lats.append(c[1])
    else:
        for x in c:
            _coords(x, lons, lats)


def land(d: dict) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of every polygon drawn in the main frame: what the reader sees as the map."""
    lons: list[float] = []
    lats: list[float] = []
    for tr in d.get("data", []):
        gj = tr.get("geojson")
        if tr.get("type") == "choropleth" and tr.get("geo", "geo") == "geo" and isinstance(gj, dict):
            for f in gj.get("features", []):
                _coords((f.get("geometry") or {}).get("coordinates") or [], lons, lats)
    return np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)


def _albers_all(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, c = albers_constants()
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    th = n * np.radians(lon - 105.0)
    return rho * np.sin(th), -rho * np.cos(th)


def place_map(d: dict, plot_w: float, plot_h: float, legend_v: tuple[float, float] = (0.0, 0.0),
              legend_h: tuple[float, float] = (0.0, 0.0)) -> None:
    """Fit the land to the plot area, centred and as large as it goes, with the inset tucked in beside it.

    plotly fits the frame's lon/lat box to the subplot, and on a conic projection that box is much wider
    than the land (its lower corners lie far west of Xinjiang and far east of Heilongjiang). So the box is
    first shrunk to the land's own extent, then placed so that the land, not the box, sits in the middle;
    the box stays inside the plot (plotly allows no domain outside it). The legend goes in the empty
    lower-left corner of the page (below it on a square), never over the land: the map moves right only as
    far as it must to clear it. In the app the inset sits in the figure's corner; on a slide that is far
    from the map, so here it sits lower right of the mainland, where the sea east of Taiwan leaves room.
    """
    layout = d["layout"]
    geo, geo2 = layout.get("geo"), layout.get("geo2")
    if not isinstance(geo, dict) or not isinstance(geo2, dict):
        return
    lon, lat = land(d)
    if lon.size:
        pad = 0.05
        geo["lonaxis"] = dict(geo.get("lonaxis") or {}, range=[round(lon.min() - pad, 3), round(lon.max() + pad, 3)])
        geo["lataxis"] = dict(geo.get("lataxis") or {}, range=[round(lat.min() - pad, 3), round(lat.max() + pad, 3)])
    box = frame_bounds(*frame_ranges(layout))
    bw, bh = box[2] - box[0], box[3] - box[1]
    xs, ys = _albers_all(lon, lat) if lon.size else (np.array(box[0::2]), np.array(box[1::2]))
    legend = layout.setdefault("legend", {})
    wide = plot_w / plot_h >= (xs.max() - xs.min()) / (ys.max() - ys.min()) * 1.12
    legend_w, legend_h = legend_v if wide else legend_h
    avail_h = plot_h if wide or not legend_h else plot_h - legend_h - 8
    k = min(plot_w / bw, avail_h / bh)
    # pixel position of the box's top-left corner in the plot area (y down) that centres land and inset
    top = avail_h / 2 - (box[3] - (ys.min() + ys.max()) / 2) * k
    top = min(max(top, 0.0), max(avail_h - bh * k, 0.0))
    px, py = (xs - box[0]) * k, top + (box[3] - ys) * k
    ih = INSET_SHARE * (py.max() - py.min())
    iw = ih * INSET_ASPECT
    bottom = py.max()
    beside = py >= bottom - ih  # land in the inset's rows: the inset starts east of it
    inset_at = (px[beside].max() if beside.any() else px.max()) + 12
    left = plot_w / 2 - (px.min() + max(px.max(), inset_at + iw)) / 2
    left = min(max(left, 0.0), plot_w - bw * k, plot_w - inset_at - iw)
    px = px + left
    if wide and legend_w:
        band = py >= plot_h - legend_h - 8  # land beside the legend's rows
        clear = legend_w + 16 - (px[band].min() if band.any() else plot_w)
        if clear > 0:
            shift = min(clear, plot_w - bw * k - left, plot_w - inset_at - iw - left)
            left += shift
        legend.update(x=0.0, y=0.0, xanchor="left", yanchor="bottom", orientation="v")
    else:
        legend.update(x=0.0, y=0.0, xanchor="left", yanchor="bottom", orientation="h")
    right = left + inset_at + iw
    geo["domain"] = dict(x=[left / plot_w, (left + bw * k) / plot_w], y=[1 - (top + bh * k) / plot_h, 1 - top / plot_h])
    geo2["domain"] = dict(x=[(right - iw) / plot_w, right / plot_w], y=[1 - bottom / plot_h, 1 - (bottom - ih) / plot_h])
