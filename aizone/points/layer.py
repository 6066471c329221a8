"""The analyst's points on the national map: markers when there are few, counts when there are many.

The map is sent again on every rerun (``aizone.ui.livemap``), so what it carries must not grow with the file:

* **markers** (at most :data:`MARKER_MAX` points): one plain scattergeo trace, coordinates to 4 decimals
  (about 10 m), a short hover per point (the file's name column, if any, and the county, cut to
  :data:`NAME_CHARS` and :data:`PLACE_CHARS` characters);
* **hexagons**: the points binned on the server into a hexagonal grid (regular in longitude × latitude
  scaled by the cosine of the middle latitude) whose cell starts at :data:`HEX_START_DEG` and doubles until
  at most :data:`HEX_MAX` cells are occupied; each cell is one hexagon marker coloured by its count (log
  scale, since counts of companies are heavy-tailed);
* **per city / per county**: the counts as a choropleth over the shipped boundaries, which the browser
  fetches once by URL (:mod:`aizone.basemap`); the figure holds only codes, counts and names.

So a million points cost the same bytes as a few thousand: the bound is set by the cell cap and the number
of units, not by the file. Drawn on the main frame only; the South China Sea inset keeps the base map.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aizone.figures import maps, theme
from aizone.i18n import t

MARKER_MAX = 2_000
HEX_MAX = 3_000
HEX_START_DEG = 0.1
NAME_CHARS, PLACE_CHARS = 10, 8  # a marker's hover: the file's name and the county, cut to fit the byte bound
PX_PER_DEG = 16  # the main frame at its usual height: 36° of latitude over about 600 px
VIEWS = ("markers", "hex", "city", "county")
COLOUR = theme.OKABE_ITO["vermillion"]
COUNT_SCALE = [[0.0, "#C6DBEF"], [0.33, "#6BAED6"], [0.66, "#2171B5"], [1.0, "#08306B"]]
_NAME_KEYS = ("名称", "名字", "企业名称", "公司名称", "单位名称", "机构名称", "name", "title", "company")


def views(n: int) -> tuple[str, ...]:
    """The views offered for ``n`` points: markers only while they stay few."""
    return VIEWS if n <= MARKER_MAX else VIEWS[1:]


def default_view(n: int) -> str:
    return "markers" if n <= MARKER_MAX else "hex"


@dataclass(frozen=True)
class Hexbins:
    lon: np.ndarray  # cell centres
    lat: np.ndarray
    count: np.ndarray
    size_deg: float  # distance between neighbouring centres in a row, in degrees of longitude


def _bin(x: np.ndarray, y: np.ndarray, sx: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hexagon holding each (x, y), as (lattice, column, row): the nearer centre of two offset rectangular
    lattices (as matplotlib's hexbin), rows sqrt(3) x apart so the cells are regular hexagons. Lattice 1's
    centres are shifted by half a cell in both directions."""
    sy = sx * np.sqrt(3.0)
    ix, iy = x / sx, y / sy
    ix1, iy1 = np.round(ix), np.round(iy)
    ix2, iy2 = np.floor(ix), np.floor(iy)
    d1 = (ix - ix1) ** 2 + 3.0 * (iy - iy1) ** 2
    d2 = (ix - ix2 - 0.5) ** 2 + 3.0 * (iy - iy2 - 0.5) ** 2
    second = d1 >= d2
    return second, np.where(second, ix2, ix1).astype(np.int64), np.where(second, iy2, iy1).astype(np.int64)


def hexbin(lon, lat, max_cells: int = HEX_MAX, start_deg: float = HEX_START_DEG) -> Hexbins:
    """Points counted per hexagon; the cell doubles until at most ``max_cells`` are occupied."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not len(lon):
        return Hexbins(np.array([]), np.array([]), np.array([], dtype=np.int64), start_deg)
    k = np.cos(np.radians(float(np.median(lat))))  # x in degrees of latitude, so hexagons look regular there
    x, y = lon * k, lat
    size = start_deg
    while True:
        sx = size * k
        second, col, row = _bin(x, y, sx)
        key = (col << 32) + (row << 1) + second  # one integer per cell (China's columns and rows are small)
        cells, first, counts = np.unique(key, return_index=True, return_counts=True)
        if len(cells) <= max_cells:
            off = np.where(second[first], 0.5, 0.0)
            cx, cy = (col[first] + off) * sx, (row[first] + off) * sx * np.sqrt(3.0)
            return Hexbins(cx / k, cy, counts.astype(np.int64), size)
        size *= 2


def name_column(points: pd.DataFrame) -> str | None:
    """The file's column that names each point (名称, name, ...), for the markers' hover."""
    by_key = {str(c).strip().lower(): c for c in points.columns}
    return next((by_key[k] for k in _NAME_KEYS if k in by_key), None)


_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})


def _safe(text: str, limit: int) -> str:
    """Plain, short text in a hover label: plotly reads <br>, <b> and <a> in it and a file's cells may hold
    anything, so markup characters become their full-width forms and control characters go. At most ``limit``
    characters (each at most 3 bytes in UTF-8), which is what bounds the markers' bytes."""
    text = "".join(ch for ch in str(text) if unicodedata.category(ch)[0] != "C").translate(_FULL_WIDTH)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _log_ticks(top: int) -> tuple[list[float], list[str]]:
    vals = [10 ** e for e in range(0, int(np.floor(np.log10(max(top, 1)))) + 1)]
    return [float(np.log10(v)) for v in vals], [f"{v:,}" for v in vals]


def markers_trace(joined: pd.DataFrame, county_names: Mapping[str, str], label: str) -> go.Scattergeo:
    col = name_column(joined)
    place = [county_names.get(c, c) for c in joined["county_adcode"]]
    place = [_safe(p, PLACE_CHARS) for p in place]
    hover = place if col is None else [f"{_safe(n, NAME_CHARS)}<br>{p}" for n, p in zip(joined[col], place)]
    return go.Scattergeo(
        lon=joined["lon"].round(4).tolist(), lat=joined["lat"].round(4).tolist(), geo="geo", mode="markers",
        name=label, hovertext=hover, hoverinfo="text", showlegend=True,
        marker=dict(size=6, color=COLOUR, opacity=0.85, line=dict(color="white", width=0.6)),
    )


def hex_trace(bins: Hexbins, label: str, unit: str) -> go.Scattergeo:
    z = np.round(np.log10(bins.count.astype(float)), 3)
    tickvals, ticktext = _log_ticks(int(bins.count.max()) if len(bins.count) else 1)
    return go.Scattergeo(
        lon=np.round(bins.lon, 3).tolist(), lat=np.round(bins.lat, 3).tolist(), geo="geo", mode="markers",
        name=label, customdata=bins.count.tolist(), hovertemplate="%{customdata:,} " + unit + "<extra></extra>",
        showlegend=False,
        marker=dict(symbol="hexagon", size=max(3, round(bins.size_deg * PX_PER_DEG)), color=z.tolist(),
                    colorscale=COUNT_SCALE, cmin=0, cmax=max(float(z.max()) if len(z) else 1.0, 1.0),
                    line=dict(width=0), opacity=0.9,
                    colorbar=dict(title=dict(text=unit), tickvals=tickvals, ticktext=ticktext, thickness=12,
                                  len=0.5, x=0.0, xanchor="left", y=0.55)),
    )


def unit_counts(joined: pd.DataFrame, level: str) -> pd.Series:
    """Points per county or city, indexed by adcode (units without points are absent, not 0)."""
    col = {"county": "county_adcode", "city": "city_adcode"}[level]
    return joined[col].value_counts().sort_index()


def figure(joined: pd.DataFrame, view: str, *, base: maps.BaseMap, shapes: Mapping[str, maps.Shapes],
           names: Mapping[str, Mapping[str, str]], lang: str, height: int = 640) -> go.Figure:
    """The national map with the points as ``view``; ``shapes`` and ``names`` per level (city, county)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    if view == "markers" and len(joined) > MARKER_MAX:
        raise ValueError(f"{len(joined):,} points are too many for markers (at most {MARKER_MAX:,})")
    unit = t("points.map_unit", lang)
    choropleth = None
    if view in ("city", "county"):
        counts = unit_counts(joined, view)
        ids = set(shapes[view].ids)
        counts = counts[counts.index.isin(ids)]
        hover = pd.Series({a: f"{_safe(names[view].get(a, a), 2 * PLACE_CHARS)}: {n:,} {unit}" for a, n in counts.items()}, dtype=object)
        choropleth = maps.ChoroplethLayer(shapes[view], np.log10(counts.astype(float)).round(3), unit, hover,
                                          COUNT_SCALE)
    fig = maps.china_map(base, inset_label=t("common.inset", lang), choropleth=choropleth, height=height)
    if choropleth is not None:
        tickvals, ticktext = _log_ticks(int(counts.max()) if len(counts) else 1)
        fig.data[-1].update(colorbar=dict(tickvals=tickvals, ticktext=ticktext), zmin=0,
                            zmax=max(float(choropleth.values.max()) if len(counts) else 1.0, 1.0))
    elif view == "hex":
        fig.add_trace(hex_trace(hexbin(joined["lon"], joined["lat"]), t("points.map_legend", lang), unit))
    else:
        fig.add_trace(markers_trace(joined, names["county"], t("points.map_legend", lang)))
    if view in ("hex", "markers"):
        _inset(fig, fig.data[-1])
    return fig


def _inset(fig: go.Figure, trace: go.Scattergeo) -> None:
    """The trace's markers south of the main frame (the South China Sea islands) again in the inset, where
    the base map draws those islands; the main frame does not show them."""
    lat = np.asarray(trace.lat, dtype=float)
    south = np.flatnonzero(lat < maps.MAIN_LAT[0])
    if not len(south):
        return
    part = trace.to_plotly_json()
    for k in ("lon", "lat", "hovertext", "customdata"):
        if part.get(k) is not None:
            part[k] = [part[k][i] for i in south]
    marker = dict(part.get("marker", {}))
    if isinstance(marker.get("color"), (list, tuple)):
        marker["color"] = [marker["color"][i] for i in south]
    marker.pop("colorbar", None)
    marker["showscale"] = False
    fig.add_trace(go.Scattergeo({**part, "geo": "geo2", "showlegend": False, "marker": marker}))
