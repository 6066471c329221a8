"""The figure dict the renderer draws: preset size and fonts, the words around the plot, room for axes and
legends, the map placed and labelled, greyscale applied."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import plotly.graph_objects as go

from aizone.export.contract import PRESETS, ExportSpec, Preset, check, is_china_map
from aizone.export.greyscale import BULK, to_greyscale
from aizone.export.mapframe import place_map
from aizone.export.text import esc, footer_text, text_width, wrap
from aizone.figures import labels, maps, theme
from aizone.figures.projection import Frame


def _scale_sizes(obj, factor: float, marker_factor: float, key: str = "") -> None:
    """Multiply every font size (and marker size) in a figure dict: one knob per preset."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in BULK:
                continue
            if k == "size" and key in ("font", "textfont", "tickfont", "titlefont", "insidetextfont",
                                       "outsidetextfont", "grouptitlefont"):
                obj[k] = [x * factor for x in v] if isinstance(v, list) else (v * factor if isinstance(v, (int, float)) else v)
            elif k == "size" and key == "marker" and isinstance(v, (int, float)):
                obj[k] = v * marker_factor
            else:
                _scale_sizes(v, factor, marker_factor, k)
    elif isinstance(obj, list):
        for v in obj:
            _scale_sizes(v, factor, marker_factor, key)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in layout pixels, y pointing down."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Page:
    """Where everything goes on an exported page. PNG, SVG and PDF draw the words as annotations at these
    boxes; PPTX puts slide text in the same boxes and the figure's body, rendered alone, at ``body``."""

    width: int
    height: int
    title: Box
    title_lines: tuple[str, ...]
    subtitle: Box | None
    subtitle_lines: tuple[str, ...]
    body: Box
    footer: Box
    footer_lines: tuple[str, ...]
    n_note: int  # the first footer lines are the note, the rest as-of date and sources


def page(spec: ExportSpec, size: tuple[int, int] | None = None) -> Page:
    """The one layout of an exported figure, shared by every format."""
    p = PRESETS[spec.preset]
    w, h = size or (p.width, p.height)
    width = w - 2 * p.pad_px
    title_lines = wrap(spec.title, p.title_px, width)
    title_h = int(len(title_lines) * p.title_px * 1.3)
    sub_lines = wrap(spec.subtitle, p.subtitle_px, width) if spec.subtitle else []
    sub_h = int(len(sub_lines) * p.subtitle_px * 1.35)
    top = p.pad_px + title_h + (8 + sub_h if sub_lines else 0) + int(0.6 * p.pad_px)
    note = wrap(spec.note, p.footer_px, width) if spec.note else []
    foot_lines = note + wrap(footer_text(spec), p.footer_px, width)
    foot_h = int(len(foot_lines) * p.footer_px * 1.4)
    bottom = int(0.6 * p.pad_px) + foot_h + int(0.7 * p.pad_px)
    return Page(
        w, h,
        title=Box(p.pad_px, p.pad_px, width, title_h), title_lines=tuple(title_lines),
        subtitle=Box(p.pad_px, p.pad_px + title_h + 8, width, sub_h) if sub_lines else None,
        subtitle_lines=tuple(sub_lines),
        body=Box(0, top, w, h - top - bottom),
        footer=Box(p.pad_px, h - int(0.7 * p.pad_px) - foot_h, width, foot_h), footer_lines=tuple(foot_lines),
        n_note=len(note),
    )


def _chrome(pg: Page, p: Preset, margin: dict) -> list[dict]:
    """Title, subtitle, as-of and source as annotations at the page's boxes (paper y=1 is the plot's top
    edge, ``margin['t']`` pixels down; y=0 its bottom edge)."""
    mt, mb, ml = margin["t"], margin["b"], margin.get("l", 0)
    base = dict(xref="paper", yref="paper", x=0, xanchor="left", xshift=pg.title.x - ml, showarrow=False, align="left")
    anns = [dict(base, y=1, yanchor="top", yshift=mt - pg.title.y, text="<br>".join(esc(s) for s in pg.title_lines),
                 font=dict(size=p.title_px, color=theme.INK, family=theme.FONT_FAMILY))]
    if pg.subtitle is not None:
        anns.append(dict(base, y=1, yanchor="top", yshift=mt - pg.subtitle.y,
                         text="<br>".join(esc(s) for s in pg.subtitle_lines),
                         font=dict(size=p.subtitle_px, color=theme.MUTED, family=theme.FONT_FAMILY)))
    body = [f'<span style="color:{theme.INK}">{esc(s)}</span>' if i < pg.n_note else esc(s)
            for i, s in enumerate(pg.footer_lines)]
    anns.append(dict(base, y=0, yanchor="bottom", yshift=(pg.height - mb) - (pg.footer.y + pg.footer.h),
                     text="<br>".join(body), font=dict(size=p.footer_px, color=theme.MUTED, family=theme.FONT_FAMILY)))
    return anns


def _copy(obj):
    """Deep copy except the bulk arrays and geometry, which export never edits in place (to_dict copies
    every coordinate of every embedded map, seconds per pack)."""
    if isinstance(obj, dict):
        return {k: (v if k in BULK else _copy(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_copy(v) for v in obj]
    return obj


def _figure_dict(fig: go.Figure) -> dict:
    data, layout = getattr(fig, "_data", None), getattr(fig, "_layout", None)
    if not isinstance(data, list) or not isinstance(layout, dict):  # plotly internals moved: take the slow road
        return fig.to_dict()
    return {"data": [_copy(tr) for tr in data], "layout": _copy(layout)}


def _trim_geojson(d: dict) -> None:
    """A region trace needs only its own polygons; shipping the whole collection per trace costs render time."""
    for tr in d.get("data", []):
        gj = tr.get("geojson")
        if isinstance(gj, dict) and tr.get("locations") is not None:
            want = {str(x) for x in tr["locations"]}
            feats = gj.get("features", [])
            if len(want) < len(feats):
                tr["geojson"] = dict(gj, features=[f for f in feats if str(f.get("id")) in want])


def _base_font(layout: dict) -> float:
    size = (layout.get("font") or {}).get("size")
    if not size:
        size = (((layout.get("template") or {}).get("layout") or {}).get("font") or {}).get("size")
    return float(size or 14)


def _axis_labels(d: dict, axis: str) -> list[str]:
    """Category labels shown on an axis ('x' or 'y'), where the figure has them."""
    out: list[str] = []
    ax = d["layout"].get(f"{axis}axis") or {}
    if ax.get("ticktext"):
        return [str(v) for v in ax["ticktext"]]
    for tr in d["data"]:
        vals = tr.get(axis)
        if isinstance(vals, (list, tuple)) and vals and all(isinstance(v, str) for v in vals if v is not None):
            out += [str(v) for v in vals if v is not None]
    return out


def _legend_size(d: dict, font: float, width: float) -> tuple[float, float]:
    """Rough (width, height) plotly needs for the legend, horizontal legends wrapping at ``width``."""
    lg = d["layout"].get("legend") or {}
    fs = (lg.get("font") or {}).get("size") or font
    names = [re.sub(r"<[^>]+>", "", str(tr.get("name", ""))) for tr in d["data"]
             if tr.get("showlegend", True) is not False and tr.get("name")]
    seen = list(dict.fromkeys(names))
    items = [text_width(n, fs) + 50 for n in seen]
    if not items:
        return 0.0, 0.0
    if lg.get("orientation") == "h":
        rows, cur = 1, 0.0
        for it in items:
            if cur and cur + it > width:
                rows, cur = rows + 1, 0.0
            cur += it
        return min(sum(items), width), rows * fs * 1.55 + 10
    return max(items) + 10, len(items) * fs * 1.55 + 10


def _cartesian_room(d: dict, margin: dict, width: float, p: Preset) -> float:
    """Make room for tick labels, axis titles and outside legends (plotly would grow the margins itself,
    but then the title and source lines, placed from the margins, would drift). Returns the distance
    below the plot at which a bottom legend goes, in pixels (0 when there is none)."""
    layout = d["layout"]
    font = _base_font(layout)
    if not any(tr.get("type", "scatter") in ("bar", "scatter", "histogram", "box", "violin", "heatmap")
               for tr in d["data"]):
        return 0.0
    xa, ya = layout.get("xaxis") or {}, layout.get("yaxis") or {}

    def title_room(ax: dict) -> float:
        tt = ax.get("title")
        text = tt.get("text") if isinstance(tt, dict) else tt
        if not text:
            return 0.0
        size = ((tt.get("font") if isinstance(tt, dict) else None) or {}).get("size") or font
        return size * 1.5 + 6

    if ya.get("visible", True) is not False:
        tick = (ya.get("tickfont") or {}).get("size") or font
        labels = _axis_labels(d, "y")
        tick_w = max((text_width(s, tick) for s in labels), default=text_width("100%", tick))
        margin["l"] = max(margin["l"], int(p.pad_px + tick_w + 12 + title_room(ya)))
    x_room = 0.0
    if xa.get("visible", True) is not False:
        tick = (xa.get("tickfont") or {}).get("size") or font
        x_room = tick * 1.5 + 10 + title_room(xa)
        margin["b"] = max(margin["b"], int(x_room))
    lg = layout.get("legend") or {}
    if layout.get("showlegend") is False or not lg:
        return 0.0
    lw, lh = _legend_size(d, font, width - margin["l"] - margin["r"])
    y, x = lg.get("y", 1.0), lg.get("x", 1.02)
    if lg.get("orientation") == "h" and y is not None and y < 0:
        margin["b"] = int(x_room + lh + 8)
        lg.update(yanchor="top", xanchor="left", x=0)
        return x_room + 4
    if lg.get("orientation") == "h" and y is not None and y > 1:
        margin["t"] = max(margin["t"], int(lh + 6))
    elif lg.get("orientation") != "h" and x is not None and x >= 1:
        margin["r"] = max(margin["r"], int(lw + 16))
    return 0.0


def _bbox(geom: dict) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for x in c:
                walk(x)

    walk(geom.get("coordinates") or [])
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0, 0, 0, 0)


def _trim_inset(d: dict) -> None:
    """The inset shows only the South China Sea: provinces wholly outside it are dropped before drawing
    (plotly projects every polygon it is given, visible or not; about a third of a map's render time)."""
    lo0, lo1 = maps.INSET_LON
    la0, la1 = maps.INSET_LAT
    for tr in d.get("data", []):
        gj = tr.get("geojson")
        if tr.get("geo") != "geo2" or not isinstance(gj, dict) or tr.get("locations") is None:
            continue
        keep = {str(f.get("id")) for f in gj.get("features", [])
                if (lambda b: b[0] <= lo1 and b[2] >= lo0 and b[1] <= la1 and b[3] >= la0)(_bbox(f.get("geometry") or {}))}
        idx = [i for i, loc in enumerate(tr["locations"]) if str(loc) in keep]
        if len(idx) == len(tr["locations"]):
            continue
        for key in ("locations", "z", "text", "hovertext", "customdata"):
            if isinstance(tr.get(key), (list, tuple)) and len(tr[key]) == len(tr["locations"]):
                tr[key] = [tr[key][i] for i in idx]
        tr["geojson"] = dict(gj, features=[f for f in gj["features"] if str(f.get("id")) in keep])


def _with_legend(d: dict, orientation: str) -> dict:
    return dict(d, layout=dict(d["layout"], legend=dict(d["layout"].get("legend") or {}, orientation=orientation)))


def _map_text(d: dict, p: Preset) -> None:
    """Zone names and the legend at least ``label_px``: a map's words are what a room reads first."""
    for tr in d["data"]:
        if tr.get("type") == "scattergeo" and tr.get("geo", "geo") == "geo" and "text" in (tr.get("mode") or ""):
            font = tr.setdefault("textfont", {})
            font["size"] = max(font.get("size") or 0, p.label_px)
    legend = d["layout"].setdefault("legend", {})
    lfont = legend.setdefault("font", {})
    lfont["size"] = max(lfont.get("size") or _base_font(d["layout"]), p.label_px - 2)


def prepare(fig: go.Figure, spec: ExportSpec, *, body_only: bool = False, size: tuple[int, int] | None = None) -> dict:
    """The figure dict kaleido draws: preset size and fonts, chrome around the plot, map placement, greyscale."""
    check(spec, fig)
    p = PRESETS[spec.preset]
    w, h = size or (p.width, p.height)
    d = _figure_dict(fig)
    _trim_geojson(d)
    _trim_inset(d)
    layout = d.setdefault("layout", {})
    layout.pop("title", None)
    layout["width"], layout["height"] = w, h
    layout.setdefault("font", {})["family"] = theme.FONT_FAMILY
    callouts = [a for a in layout.get("annotations") or [] if a.get("showarrow", True) or a.get("xref", "x") != "paper"]
    _scale_sizes(d, p.font_scale, 1.25)
    # In-plot callouts are sized for their data; at full slide scale they would spill over axes.
    _scale_sizes(callouts, math.sqrt(p.font_scale) / p.font_scale, 1.0)
    margin = dict(layout.get("margin") or {})
    for k in "lrtb":
        margin[k] = int(margin.get(k, 0) * p.font_scale) if k in "lb" else int(margin.get(k, 0))
    legend_below = 0.0
    if not is_china_map(fig):
        legend_below = _cartesian_room(d, margin, w, p)
    margin["l"] = max(margin["l"], p.pad_px)
    margin["r"] = max(margin["r"], p.pad_px)
    margin["t"] = max(margin["t"], 8)
    margin["b"] = max(margin["b"], 8)
    anns = list(layout.get("annotations") or [])
    if not body_only:
        # the same plot area as the body alone at (w, body height): PPTX shows that picture at pg.body
        pg = page(spec, (w, h))
        margin["t"] += pg.body.y
        margin["b"] += h - pg.body.y - pg.body.h
        anns += _chrome(pg, p, margin)
    # Margins are computed here, not grown by plotly: the chrome is placed from them and must not move.
    margin["autoexpand"] = False
    margin["pad"] = 0
    layout["margin"] = margin
    layout["annotations"] = anns
    if legend_below:
        layout["legend"]["y"] = -legend_below / max(h - margin["t"] - margin["b"], 1)
    if is_china_map(fig):
        _map_text(d, p)
        plot_w, plot_h = w - margin["l"] - margin["r"], h - margin["t"] - margin["b"]
        shown = layout.get("showlegend", True) is not False
        font = _base_font(layout)
        sizes = [_legend_size(_with_legend(d, o), font, plot_w) if shown else (0.0, 0.0) for o in ("v", "h")]
        place_map(d, plot_w, plot_h, *sizes)
    if spec.greyscale:
        d = to_greyscale(d)
    if is_china_map(fig):
        labels.declutter(d, [Frame(w, h, margin)])
        for tr in d["data"]:  # a white halo keeps place names readable over borders and outlines
            if tr.get("type") == "scattergeo" and "text" in (tr.get("mode") or ""):
                tr.setdefault("textfont", {}).setdefault("shadow", theme.LABEL_HALO)
    for i, tr in enumerate(d["data"]):  # plotly.js names SVG groups after a random uid unless one is given
        tr.setdefault("uid", f"aizone{i}")
    return d

