"""China maps drawn from our own boundary layer: mainland frame plus the South China Sea inset.

Standard Chinese maps show the whole national territory; at national scale the South China Sea islands
sit in an inset (南海诸岛) rather than shrinking the mainland to half the frame. plotly does not clip a
geo subplot to its axis ranges, so the main frame gets shapes without the far-south islands and the inset
gets the full shapes plus the maritime line. Geometry is either embedded (exports) or a URL the browser
fetches once (app), so reruns do not resend it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd
import plotly.graph_objects as go

from aizone.figures import labels, theme
from aizone.figures.projection import INSET_DOMAIN, INSET_LAT, INSET_LON, MAIN_DOMAIN, MAIN_LAT, MAIN_LON  # noqa: F401

# ``meta`` of a transparent polygon layer that only names units under the pointer. The app's live map paints
# its edges with the areas and finds the unit under the pointer itself (``aizone.ui.livemap``): as a plotly
# trace on the markers' chart it was redrawn with every date step, and was most of the cost of that redraw.
HIT_LAYER = "aizone-hit-layer"


@dataclass(frozen=True)
class Shapes:
    """Polygons for a trace: a GeoJSON FeatureCollection (feature id = adcode) or a URL to one."""

    geojson: dict | str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class BaseMap:
    provinces_main: Shapes
    provinces_inset: Shapes
    maritime: tuple[tuple, tuple]  # lon, lat sequences with None between parts
    cities_main: Shapes | None = None


@dataclass(frozen=True)
class RegionLayer:
    """One strategy region (or any named area) drawn as a tinted area with a coloured outline."""

    key: str
    label: str
    shapes: Shapes
    colour: str
    dash: str = "solid"
    hover: str = ""


@dataclass(frozen=True)
class PointLayer:
    """Markers at representative points: zones, platforms, hubs."""

    key: str
    label: str
    points: pd.DataFrame  # lon, lat, text, hover, [adcode]
    colour: str
    symbol: str = "circle"
    size: int = 11
    show_text: bool = False
    text_positions: dict = field(default_factory=dict)  # adcode -> plotly textposition
    uncertain: pd.Series | None = None  # bool per row: approval date not certain by the as-of date


@dataclass(frozen=True)
class ChoroplethLayer:
    shapes: Shapes
    values: pd.Series  # indexed by adcode; missing values are drawn as 'no data', never 0
    title: str
    hover: pd.Series | None = None
    colorscale: list = field(default_factory=lambda: theme.SEQUENTIAL)


def _geo_common() -> dict:
    return dict(
        visible=True, showland=False, showocean=False, showlakes=False, showrivers=False,
        showcoastlines=False, showcountries=False, showsubunits=False, bgcolor=theme.WATER,
    )


def _layout_geo() -> dict:
    main = dict(
        _geo_common(),
        showframe=False,
        projection=dict(type="conic equal area", parallels=[25, 47], rotation=dict(lon=105)),
        lonaxis=dict(range=list(MAIN_LON)),
        lataxis=dict(range=list(MAIN_LAT)),
        domain=MAIN_DOMAIN,
    )
    inset = dict(
        _geo_common(),
        showframe=True, framecolor=theme.MUTED, framewidth=1,
        projection=dict(type="mercator"),
        lonaxis=dict(range=list(INSET_LON)),
        lataxis=dict(range=list(INSET_LAT)),
        domain=INSET_DOMAIN,
    )
    return dict(geo=main, geo2=inset)


def _area(shapes: Shapes, geo: str, fill: str, line: str, width: float, name: str = "", hover: Sequence | None = None,
          opacity: float = 1.0, showlegend: bool = False, legendgroup: str | None = None) -> go.Choropleth:
    ids = list(shapes.ids)
    return go.Choropleth(
        geojson=shapes.geojson, locations=ids, z=[1] * len(ids), locationmode="geojson-id",
        colorscale=[[0, fill], [1, fill]], showscale=False, marker=dict(line=dict(color=line, width=width), opacity=opacity),
        geo=geo, name=name, showlegend=showlegend, legendgroup=legendgroup,
        hoverinfo="skip" if hover is None else "text", text=hover,
    )


def add_base(fig: go.Figure, base: BaseMap, inset_label: str) -> None:
    fig.add_trace(_area(base.provinces_main, "geo", theme.LAND, theme.LAND_EDGE, 0.8))
    if base.cities_main is not None:
        fig.add_trace(_area(base.cities_main, "geo", "rgba(0,0,0,0)", theme.CITY_EDGE, 0.3))
    fig.add_trace(_area(base.provinces_inset, "geo2", theme.LAND, theme.LAND_EDGE, 0.5))
    lon, lat = base.maritime
    fig.add_trace(go.Scattergeo(lon=list(lon), lat=list(lat), mode="lines", geo="geo2", line=dict(color=theme.MUTED, width=1),
                                hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scattergeo(lon=[115.0], lat=[7.2], mode="text", text=[inset_label], geo="geo2",
                                textfont=dict(size=11, color=theme.MUTED), hoverinfo="skip", showlegend=False))


def add_region(fig: go.Figure, region: RegionLayer) -> None:
    fig.add_trace(_area(region.shapes, "geo", region.colour, region.colour, 2.2, name=region.label,
                        hover=[region.hover or region.label] * len(region.shapes.ids), opacity=0.22,
                        showlegend=True, legendgroup=region.key))


def add_choropleth(fig: go.Figure, layer: ChoroplethLayer) -> None:
    vals = layer.values.dropna()
    missing = [a for a in layer.shapes.ids if a not in vals.index]
    if missing:
        fig.add_trace(_area(Shapes(layer.shapes.geojson, tuple(missing)), "geo", "#FFFFFF", theme.LAND_EDGE, 0.5,
                            hover=[(layer.hover.get(a, a) if layer.hover is not None else a) for a in missing]))
    fig.add_trace(go.Choropleth(
        geojson=layer.shapes.geojson, locations=list(vals.index), z=vals.astype(float).tolist(), locationmode="geojson-id",
        colorscale=layer.colorscale, marker=dict(line=dict(color=theme.LAND_EDGE, width=0.5)), geo="geo",
        colorbar=dict(title=dict(text=layer.title), thickness=12, len=0.5, x=0.0, xanchor="left", y=0.55),
        text=[layer.hover.get(a, "") for a in vals.index] if layer.hover is not None else None,
        hoverinfo="text" if layer.hover is not None else "location+z", showlegend=False,
    ))


def add_points(fig: go.Figure, layer: PointLayer, geo: str = "geo") -> None:
    fig.add_trace(points_trace(layer, geo))


def points_trace(layer: PointLayer, geo: str = "geo") -> go.Scattergeo:
    return go.Scattergeo(points_spec(layer, geo))


def points_spec(layer: PointLayer, geo: str = "geo") -> dict:
    """The layer's markers as a plain plotly trace dict (what ``points_trace`` validates): the explorer
    rebuilds its dated layers for every new date and sends the dict as it is."""
    pts = layer.points
    positions = [layer.text_positions.get(a, "top center") for a in pts.get("adcode", pd.Series([""] * len(pts)))]
    symbols = [layer.symbol] * len(pts)
    colours = [layer.colour] * len(pts)
    if layer.uncertain is not None:
        symbols = [f"{layer.symbol}-open" if u else layer.symbol for u in layer.uncertain]
    spec = dict(
        type="scattergeo", lon=pts["lon"].tolist(), lat=pts["lat"].tolist(), geo=geo, name=layer.label,
        legendgroup=layer.key, mode="markers+text" if layer.show_text else "markers",
        text=pts["text"].tolist(), textposition=positions,
        textfont=dict(size=12, color=theme.INK, shadow=theme.LABEL_HALO),
        hovertext=pts["hover"].tolist(), hoverinfo="text",
        marker=dict(size=layer.size, color=colours, symbol=symbols, line=dict(color="white", width=1.2)),
    )
    if "adcode" in pts:
        spec["customdata"] = pts["adcode"].tolist()
    return spec


def china_map(base: BaseMap, *, inset_label: str, regions: Sequence[RegionLayer] = (), points: Sequence[PointLayer] = (),
              choropleth: ChoroplethLayer | None = None, height: int = 640, title: str | None = None,
              widths: Sequence[float] = labels.MAIN_COLUMN) -> go.Figure:
    """Compose a national map; the inset is always present, so no export can drop the South China Sea islands.

    Names and markers are placed (``labels``) for the ``widths`` the map is seen at in the app; an export
    places them again for its page, so a figure made only for export passes none."""
    fig = go.Figure()
    add_base(fig, base, inset_label)
    if choropleth is not None:
        add_choropleth(fig, choropleth)
    for r in regions:
        add_region(fig, r)
    for p in points:
        add_points(fig, p)
    fig.update_layout(
        template="aizone", height=height, **_layout_geo(),
        margin=dict(l=0, r=0, t=40 if title else 0, b=0),
        legend=dict(x=0.01, y=0.01, xanchor="left", yanchor="bottom"),
        title=dict(text=title) if title else None,
        dragmode=False,
    )
    if widths and points:
        labels.declutter_figure(fig, labels.screens(height, widths))
    return fig


def inset_present(fig: go.Figure) -> bool:
    """True if the figure has a South China Sea inset with the maritime line (export contract check)."""
    try:
        geo2 = fig.layout.geo2
    except AttributeError:  # a figure that was never a map
        return False
    has_geo2 = geo2 is not None and geo2.lataxis.range is not None and min(geo2.lataxis.range) <= 5
    has_line = any(getattr(t, "geo", None) == "geo2" and t.type == "scattergeo" and getattr(t, "mode", "") == "lines" for t in fig.data)
    return bool(has_geo2 and has_line)
