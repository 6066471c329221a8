"""The explorer map for one view: the base map, the areas, the city hover layer and the markers, as a plotly dict.

Each trace is validated by plotly once, when it is built; the figure is then assembled from their dicts
without validating them again, and the page sends the dict as it is. A rerun reuses what its date state
allows (:mod:`aizone.explorer.cache`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable

import plotly.graph_objects as go

from aizone import zones
from aizone.explorer import cache
from aizone.explorer.geometry import NATIONAL, STRATEGY_LAYERS, Geometry, counties, geometry, zoom_bounds
from aizone.explorer.hover import city_facts, city_hover, county_hover
from aizone.explorer.indicators import COUNT_INDICATORS, Indicator, indicator, scaled
from aizone.explorer.layers import (POINT_LAYERS, demo_zone_points, hub_points, macro_layer, miit_points,
                                    platform_points, platform_unlocated, row_status, zone_points)
from aizone.explorer.tables import Tables
from aizone.figures import labels, maps, theme
from aizone.figures.maps import BaseMap, PointLayer, Shapes
from aizone.i18n import t

# Outline width per strategy layer: nested areas (YREB ⊃ YRD ⊃ YRD core) stay readable by width as well as colour.
STRATEGY_WIDTH = {"YREB": 3.2, "YRD": 2.4, "YRD-core": 1.4, "JJJ": 2.2, "GBA": 2.2, "CY": 2.2}
STRATEGY_FILL_OPACITY = 0.16  # alpha of the tint alone: the outlines are always drawn at full strength
STRATEGY_FILL_OVER = 0.0  # over an indicator's colours: outlines only, so the choropleth's colours stay true
STRATEGY_FILL_FAINT = 0.04  # over the macro regions' tints
STRATEGY_CASING = 2.0  # px the white line under an outline is wider than it, over an indicator
STRATEGY_DRAW_ORDER = ("YREB", "JJJ", "YRD", "GBA", "CY", "YRD-core")
MACRO_FILL_OPACITY = 0.3
MACRO_OUTLINE_WIDTH = 1.6  # px: macro regions drawn as edges over a choropleth
MAP_WIDTHS = (620, 1020)  # px: the map's column on a 1366-wide laptop and a 1920-wide desktop (names fit both)


@dataclass(frozen=True)
class View:
    """Everything a URL says about the explorer: which layers, which date, where, which unit."""

    as_of: date
    layers: tuple[str, ...] = ("zones",)
    strategies: tuple[str, ...] = ()
    indicator: str | None = None
    level: str = "province"
    zoom: str = NATIONAL
    city: str | None = None
    lang: str = "zh"
    height: int = 600


def _fill(shapes: Shapes, ids, colour: str, opacity: float, line_colour: str, width: float, name: str = "",
          legend: bool = False, group: str | None = None, hover: list[str] | None = None) -> go.Choropleth:
    ids = list(ids)
    return go.Choropleth(
        geojson=shapes.geojson, locations=ids, z=[1] * len(ids), locationmode="geojson-id", geo="geo",
        colorscale=[[0, colour], [1, colour]], showscale=False, zmin=0, zmax=1,
        marker=dict(line=dict(color=line_colour, width=width), opacity=opacity),
        name=name, showlegend=legend, legendgroup=group or name,
        hoverinfo="skip" if hover is None else "text", hovertext=hover,
    )


def _macro_traces(tb: Tables, geo: Geometry, lang: str, outline: bool = False) -> list[go.BaseTraceType]:
    """Tinted provinces; ``outline``: over an indicator's colours, coloured province edges and no fill (a
    tint under an opaque choropleth could not be seen at all)."""
    title = t("explorer.layer.macro", lang)
    out: list[go.BaseTraceType] = []
    for k, codes in macro_layer(tb).items():
        colour, name = theme.MACRO_COLOURS[k], t(f"macro.{k}", lang)
        group_title = dict(text=title) if k == "east" else None
        if not outline:
            out.append(_fill(geo.provinces, codes, colour, MACRO_FILL_OPACITY, theme.LAND_EDGE, 0.6, name=name,
                             legend=True, group="macro"))
            out[-1].update(legendgrouptitle=group_title)
            continue
        out.append(_fill(geo.provinces, codes, "rgba(0,0,0,0)", 1.0, colour, MACRO_OUTLINE_WIDTH, name=name,
                         group="macro"))
        # an unfilled choropleth has no legend swatch: a line sample in the region's colour stands for it
        out.append(go.Scattergeo(lon=[None], lat=[None], mode="lines", line=dict(color=colour, width=3), name=name,
                                 legendgroup="macro", legendgrouptitle=group_title, showlegend=True, geo="geo",
                                 hoverinfo="skip"))
    return out


def _choropleth_traces(ind: Indicator, geo: Geometry, lang: str) -> list[go.BaseTraceType]:
    shapes = geo.provinces if ind.level == "province" else geo.cities
    vals = scaled(ind, lang)
    known = vals.dropna()
    missing = [c for c in vals.index if c not in known.index]
    out: list[go.BaseTraceType] = []
    if missing:  # 'no data' is white with a grey edge, never the colour of 0
        out.append(_fill(shapes, missing, "#FFFFFF", 1.0, theme.LAND_EDGE, 0.4))
    ticks = dict(tick0=0, dtick=1) if ind.key in COUNT_INDICATORS and len(known) and known.max() <= 8 else {}
    out.append(go.Choropleth(
        geojson=shapes.geojson, locations=list(known.index), z=[round(float(v), 3) for v in known],
        locationmode="geojson-id", geo="geo", colorscale=theme.SEQUENTIAL, hoverinfo="skip",
        marker=dict(line=dict(color=theme.LAND_EDGE, width=0.4)), showlegend=False,
        colorbar=dict(title=dict(text=t(f"explorer.ind.{ind.key}", lang)
                                 + ("" if ind.key in COUNT_INDICATORS else f"<br>{t(f'explorer.unit.{ind.key}', lang)}"),
                                 font=dict(size=12)),
                      thickness=12, len=0.45, x=0.01, xanchor="left", y=0.98, yanchor="top",
                      # plain numbers, not SI prefixes: "10k" under a 万人 or 亿元 title mixes two scales
                      tickformat=",~r", **ticks),
    ))
    return out


def _strategy_traces(keys, geo: Geometry, lang: str, fill: float = STRATEGY_FILL_OPACITY,
                     casing: bool = False) -> list[go.BaseTraceType]:
    """Each area as a tint with its outline at full strength, and a line in its colour as its legend entry.

    The tint is the fill colour's alpha, never ``marker.opacity``: plotly applies that to the outline as well,
    so over an indicator (a faint tint) the areas the legend listed were not on the map at all. Over other
    area colours (choropleth, macro regions) ``fill`` is 0 or nearly so, and only the outlines show; with
    ``casing`` a white line under every outline keeps it apart from the indicator's dark blues. An area
    with a see-through fill has no legend swatch of its own (plotly paints the fill colour), hence the line."""
    shapes = Shapes(geo.strategies_url, tuple(STRATEGY_LAYERS))
    drawn = [k for k in STRATEGY_DRAW_ORDER if k in keys]  # the widest first: nested outlines stay on top
    out: list[go.BaseTraceType] = []
    if casing:  # all casings first: one would otherwise cut through the outline of the area around it
        out += [_fill(shapes, [k], "rgba(0,0,0,0)", 1.0, "white", STRATEGY_WIDTH[k] + STRATEGY_CASING,
                      group=f"strategy-{k}") for k in drawn]
    for k in drawn:
        colour = theme.STRATEGY_COLOURS.get(k, theme.STRATEGY_COLOURS.get(k.split("-")[0], theme.MUTED))
        name, group = t(f"strategy.{k}", lang), f"strategy-{k}"
        out.append(_fill(shapes, [k], theme.rgba(colour, fill), 1.0, colour, STRATEGY_WIDTH[k], name=name,
                         group=group))
        out.append(go.Scattergeo(lon=[None], lat=[None], mode="lines", line=dict(color=colour, width=3), name=name,
                                 legendgroup=group, showlegend=True, geo="geo", hoverinfo="skip",
                                 legendrank=200 + STRATEGY_LAYERS.index(k)))
    return out


def _hit_layer(shapes: Shapes, hover: dict[str, str], name: str = "cities") -> dict:
    """Transparent unit polygons on top of every area: their hover names the unit, a click selects it
    (cities; counties at the county level).

    A plain trace dict, not a ``go.Choropleth``: it is rebuilt for every new date (the hover says each
    city's status), and plotly's validation of 370 locations and texts took longer than building them.
    Its shape is checked against plotly's own trace in the tests. Marked ``maps.HIT_LAYER``: the app's live
    map paints its edges with the areas and finds the unit under the pointer itself."""
    ids = [c for c in shapes.ids if c in hover]
    return dict(
        type="choropleth", geojson=shapes.geojson, locations=ids, z=[0] * len(ids), locationmode="geojson-id",
        geo="geo", colorscale=[[0, "rgba(255,255,255,0)"], [1, "rgba(255,255,255,0)"]], showscale=False, zmin=0,
        zmax=1, marker=dict(line=dict(color=theme.CITY_EDGE, width=0.3 if name == "cities" else 0.2)), name=name,
        showlegend=False, hovertext=[hover[c] for c in ids], hoverinfo="text", meta=maps.HIT_LAYER,
    )


def _highlight(geo: Geometry, code: str, tb: Tables, county: Shapes | None = None) -> list[go.BaseTraceType]:
    """Outline the selected unit; a county is outlined itself at the county level (``county``: that
    layer), its city's outline otherwise."""
    if county is not None and code in county.ids and code not in geo.cities.ids:
        shapes, unit = county, code
    elif code in geo.cities.ids or tb.city_code.get(code, code) in geo.cities.ids:
        shapes, unit = geo.cities, tb.city_code.get(code, code)
    elif code in geo.provinces.ids:
        shapes, unit = geo.provinces, code
    else:
        return []
    return [_fill(shapes, [unit], "rgba(31,41,51,0.18)", 1.0, theme.INK, 3.0)]


def _base_dict(base: BaseMap, inset_label: str, height: int) -> dict:
    spec = maps.china_map(base, inset_label=inset_label, height=height).to_dict()
    spec["layout"] = {k: v for k, v in spec["layout"].items() if v != {}}  # an unset title comes out as {}
    return spec


_cached_base = lru_cache(maxsize=8)(_base_dict)


def _base_spec(base: BaseMap, inset_label: str, height: int) -> dict:
    """A copy of the base map as a plain dict (the template and the maritime line are the slow part to
    build on every rerun)."""
    try:
        return copy.deepcopy(_cached_base(base, inset_label, height))
    except TypeError:  # embedded geometry (dicts) is not hashable: build it afresh
        return _base_dict(base, inset_label, height)


def _merge(into: dict, new: dict) -> None:
    """``update_layout`` on plain dicts: nested dicts merge, None removes the key."""
    for k, v in new.items():
        if v is None:
            into.pop(k, None)
        elif isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = copy.deepcopy(v)


def cached_spec(view: View, tb: Tables, base: BaseMap) -> dict:
    """``figure_spec`` for a rerun: moving the date between two approvals, or back to a date already shown,
    reuses the figure built for that state (building one is most of the server's share of a date-slider
    rerun). The dict returned is shared: render it, do not change it."""
    status = row_status(tb, view.as_of)
    return cache.remember(tb._figures, cache.figure_key(view, tb, base, status),
                          lambda: figure_spec(view, tb, base, status), cache.FIGURE_CACHE_SIZE)


def _part(tb: Tables, key: tuple, build: Callable[[], list[go.BaseTraceType | dict]]) -> list[dict]:
    """The traces of one layer in one state, as plain dicts: a date-slider move rebuilds only the layers
    whose rows it changes (the figure copies these dicts; do not change them)."""
    return cache.remember(tb._parts, key, lambda: [tr if isinstance(tr, dict) else tr.to_plotly_json() for tr in build()],
                          cache.PART_CACHE_SIZE)


def _points(key: str, layer: PointLayer) -> list[dict]:
    if len(layer.points):
        trace = maps.points_spec(layer)  # a dict: validating ~100 markers per layer per date cost ~3 ms each
    else:  # keep the legend entry so the reader sees the layer is on but empty on this date
        trace = go.Scattergeo(lon=[], lat=[], geo="geo", name=layer.label, mode="markers", legendgroup=layer.key,
                              marker=dict(symbol=layer.symbol, color=layer.colour, size=layer.size,
                                          line=dict(color="white", width=1.2))).to_plotly_json()  # as points_spec
    trace["legendrank"] = 100 + POINT_LAYERS.index(key)  # the legend lists MOST zones first
    return [trace]


def figure(view: View, tb: Tables, base: BaseMap) -> go.Figure:
    """The explorer map for one view, as a plotly figure (for exports and tests; the page draws the spec)."""
    return go.Figure(figure_spec(view, tb, base), _validate=False)


def figure_spec(view: View, tb: Tables, base: BaseMap, status: dict[str, tuple[str, ...]] | None = None,
                plan: bool = True) -> dict:
    """The explorer map for one view as a plain plotly dict; every area is a URL, so only ids, colours and
    text travel.

    Each trace is validated by plotly once, when it is built; the figure is then assembled from their dicts
    without validating them again, and the page sends the dict as it is (wrapping it in a ``go.Figure`` and
    writing that out again cost as much as building it).
    """
    lang = view.lang
    geo = geometry(base, view.zoom)
    lon, lat = zoom_bounds(view.zoom)
    span = lon[1] - lon[0]
    d = view.as_of
    spec = _base_spec(geo.base, t("common.inset", lang), view.height)
    data = spec["data"]
    ind = indicator(tb, view.indicator, view.level, d) if view.indicator else None
    if "macro" in view.layers and ind is None:
        data += _part(tb, ("macro", geo, lang, False), lambda: _macro_traces(tb, geo, lang))
    if ind is not None:
        data += [tr.to_plotly_json() for tr in _choropleth_traces(ind, geo, lang)]
        if "macro" in view.layers:  # on top of the indicator's colours, as edges
            data += _part(tb, ("macro", geo, lang, True), lambda: _macro_traces(tb, geo, lang, outline=True))
    fill = (STRATEGY_FILL_OVER if ind is not None else STRATEGY_FILL_FAINT if "macro" in view.layers
            else STRATEGY_FILL_OPACITY)
    data += _part(tb, ("strategies", view.strategies, geo, lang, fill, ind is not None),
                  lambda: _strategy_traces(view.strategies, geo, lang, fill=fill, casing=ind is not None))
    status = status or row_status(tb, d)
    facts = city_facts(tb, status)
    county = counties(base, view.zoom) if view.level == "county" else None
    if county is not None:
        data.append(_hit_layer(county, county_hover(tb, facts, lang), "counties"))
    else:
        data.append(_hit_layer(geo.cities, city_hover(tb, facts, lang, ind)))
    if view.city:
        data += [tr.to_plotly_json() for tr in _highlight(geo, view.city, tb, county)]
    builders = {
        "hubs": lambda: hub_points(tb, lang, span),
        "demo_zones": lambda: demo_zone_points(tb, d, lang, span),
        "platforms": lambda: platform_points(tb, d, lang, span),
        "miit": lambda: miit_points(tb, d, lang, span),
        "zones": lambda: zone_points(tb, d, lang),
    }
    for key, build in builders.items():  # MOST zones last: on top; each keyed by its own rows' status
        if key in view.layers:
            data += _part(tb, (key, status.get(key, ()), lang, span), lambda: _points(key, build()))
    layout = dict(
        showlegend=True, legend=dict(orientation="h", x=0.0, y=-0.01, xanchor="left", yanchor="top", font=dict(size=12)),
        margin=dict(l=0, r=0, t=0, b=0), hoverlabel=dict(align="left"), clickmode="event+select",
    )
    if view.zoom != NATIONAL:  # a regional map is not a map of China: no South China Sea inset
        spec["data"] = [tr for tr in spec["data"] if tr.get("geo", "geo") != "geo2"]
        layout["geo2"] = None
        layout["geo"] = dict(lonaxis=dict(range=list(lon)), lataxis=dict(range=list(lat)), domain=dict(x=[0, 1], y=[0, 1]),
                             projection=dict(type="mercator", parallels=None, rotation=dict(lon=sum(lon) / 2)))
    _merge(spec["layout"], layout)
    if plan and "zones" in view.layers:
        _apply_plan(spec, _zone_plan(view, tb, base), labels.screens(view.height, MAP_WIDTHS))
    elif not plan:
        labels.declutter_app(spec, labels.screens(view.height, MAP_WIDTHS))
    return spec


def _zone_plan(view: View, tb: Tables, base: BaseMap) -> dict[str, dict]:
    """Where each zone's marker and name go (adcode -> lon, lat, textposition, text size), placed once per
    language, zoom and set of layers with every zone shown (the latest date): a date shows some of them,
    and names apart in the whole set stay apart in any part of it. Placing them for each date cost the
    slider far more than drawing the figure."""
    def build() -> dict[str, dict]:
        full = View(as_of=zones.data_date(), layers=view.layers, zoom=view.zoom, lang=view.lang, height=view.height)
        spec = figure_spec(full, tb, base, plan=False)
        tr = next(t for t in spec["data"] if t.get("legendgroup") == "zones" and t.get("type") == "scattergeo")
        size = (tr.get("textfont") or {}).get("size")
        return {c: dict(lon=lon, lat=lat, pos=pos, size=size[i] if isinstance(size, list) else size)
                for i, (c, lon, lat, pos) in enumerate(zip(tr.get("customdata") or [], tr["lon"], tr["lat"],
                                                           tr["textposition"]))}
    return cache.remember(tb._parts, ("zone-plan", view.layers, view.zoom, view.lang, view.height, base), build,
                          cache.PART_CACHE_SIZE)


def _apply_plan(spec: dict, plan: dict[str, dict], frames) -> None:
    """The zone trace moved to the plan (a copy: the trace is shared with the layer cache)."""
    for i, tr in enumerate(spec["data"]):
        if tr.get("legendgroup") != "zones" or tr.get("type") != "scattergeo" or not tr.get("customdata"):
            continue
        got = [plan.get(c) for c in tr["customdata"]]
        if not all(got):  # a zone the plan does not know: place this figure itself
            labels.declutter_app(spec, frames)
            return
        font = dict(tr.get("textfont") or {}, size=[g["size"] for g in got])
        spec["data"][i] = dict(tr, lon=[g["lon"] for g in got], lat=[g["lat"] for g in got],
                               textposition=[g["pos"] for g in got], textfont=font)


def notes(view: View, tb: Tables, lang: str) -> list[str]:
    """The notes under the map: how time travel treats undated rows, and a caveat for each layer shown that
    needs one (MIIT's similar name, platforms without a host city, 'no data', markers nudged apart)."""
    out = [t("explorer.time_note", lang)]
    if "miit" in view.layers:
        out.append(t("explorer.miit_note", lang))
    if "platforms" in view.layers and platform_unlocated(tb):
        out.append(t("explorer.unlocated", lang, n=platform_unlocated(tb)))
    if view.indicator:
        out.append(t("explorer.no_data_note", lang))
    if view.level == "county":
        out.append(t("explorer.county_note" + ("_ind" if view.indicator else ""), lang))
    if len([k for k in view.layers if k in POINT_LAYERS]) > 1:
        out.append(t("explorer.marker_note", lang))
    return out
