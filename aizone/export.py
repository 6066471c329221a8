"""The one export contract: any figure to a slide, an image or a PDF that can go in front of leadership.

A figure that leaves the app must say what it shows, when it was true and where it comes from, and a
China map must show the whole national territory. ``render`` therefore refuses (``ExportError``) an
export without a source line or an as-of date, and a China map without the South China Sea inset,
instead of quietly producing an image someone would have to fix by hand.

Rendering is kaleido driving Debian's chromium, kept open between calls (a cold browser costs ~2 s per
image). plotly's geo renderer wants a world topojson from a CDN even when it draws none, so kaleido is
pointed at the project's own empty one in ``static/``. PDFs are drawn from the SVG by cairo, not by
chromium: chromium prints CFF-flavoured OpenType (Noto Sans CJK) as nameless Type 3 glyphs, cairo
embeds the font itself. Output is deterministic: plotly's random plot id is pinned in SVG, and PPTX
parts carry fixed dates, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import threading
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Iterable, Literal, Sequence

import plotly.graph_objects as go
import plotly.io as pio

from aizone import provenance
from aizone.config import STATIC
from aizone.figures import maps, theme
from aizone.i18n import t

Fmt = Literal["png", "svg", "pdf"]
FORMATS = ("png", "svg", "pdf")
TOPOJSON_URL = STATIC.resolve().as_uri() + "/"
pio.defaults.topojson = TOPOJSON_URL  # plotly's own to_image/write_image stay offline too


class ExportError(ValueError):
    """An export that would leave the app without its title, date, source or full national territory."""


@dataclass(frozen=True)
class Preset:
    """Layout size in CSS pixels; ``scale`` gives the PNG's pixel size; the PDF page is ``page_in`` inches."""

    name: str
    width: int
    height: int
    scale: int
    page_in: tuple[float, float]
    font_scale: float  # template sizes (14 px body) are for a screen; a slide read across a room needs more
    title_px: int
    subtitle_px: int
    footer_px: int
    pad_px: int


PRESETS: dict[str, Preset] = {
    # PowerPoint's 16:9 slide is 13.333 x 7.5 in; 1920 x 1080 fills it at 144 dpi.
    "slide": Preset("slide", 1920, 1080, 1, (13.333, 7.5), 1.45, 40, 25, 17, 48),
    # A4 landscape at 300 dpi is 3508 x 2480 px: laid out at half that and rendered at scale 2.
    "a4": Preset("a4", 1754, 1240, 2, (297 / 25.4, 210 / 25.4), 1.4, 38, 24, 17, 56),
    "square": Preset("square", 1080, 1080, 1, (7.5, 7.5), 1.3, 34, 22, 15, 36),
}


@dataclass(frozen=True)
class ExportSpec:
    """Everything an exported figure states besides the plot itself."""

    preset: str
    title: str
    as_of: date | None
    source_line: str
    subtitle: str = ""
    note: str = ""
    lang: str = "zh"
    greyscale: bool = False

    @classmethod
    def from_origins(cls, preset: str, title: str, as_of: date, origins: Iterable[provenance.Origin], lang: str,
                     **kw) -> "ExportSpec":
        """The usual way to make a spec: the source line comes from provenance sidecars, never typed."""
        return cls(preset=preset, title=title, as_of=as_of, source_line=source_line(origins, lang), lang=lang, **kw)

    @property
    def size(self) -> tuple[int, int]:
        p = PRESETS[self.preset]
        return p.width * p.scale, p.height * p.scale


@dataclass(frozen=True)
class ExportFigure:
    """A figure ready for export: plot, the words around it and where its data come from."""

    fig: go.Figure
    title: str
    subtitle: str
    alt_text: str
    origins: tuple[provenance.Origin, ...]
    note: str = ""
    key: str = ""

    def spec(self, base: ExportSpec) -> ExportSpec:
        """This figure's spec inside a deck: the deck's preset, date and language, its own words and sources."""
        return replace(base, title=self.title, subtitle=self.subtitle, note=self.note,
                       source_line=source_line(self.origins, base.lang))


def source_line(origins: Iterable[provenance.Origin], lang: str) -> str:
    try:
        return provenance.citation(origins, lang)
    except provenance.ProvenanceError as e:
        raise ExportError(str(e)) from e


def check(spec: ExportSpec, fig: go.Figure | None = None) -> None:
    """The contract. Every export path calls this first."""
    if spec.preset not in PRESETS:
        raise ExportError(f"unknown preset {spec.preset!r}; choose one of {', '.join(PRESETS)}")
    if not isinstance(spec.source_line, str) or not spec.source_line.strip():
        raise ExportError("an exported figure needs a source line (build it from provenance origins)")
    if not isinstance(spec.as_of, date):
        raise ExportError("an exported figure needs an as-of date")
    if not isinstance(spec.title, str) or not spec.title.strip():
        raise ExportError("an exported figure needs a title")
    if fig is not None and is_china_map(fig) and not _has_inset(fig):
        raise ExportError("a China map must carry the South China Sea inset (南海诸岛); build it with figures.maps.china_map")


def _has_inset(fig: go.Figure) -> bool:
    try:
        return maps.inset_present(fig)
    except AttributeError:  # a layout with no geo2 at all: plotly raises instead of returning None
        return False


def is_china_map(fig: go.Figure) -> bool:
    return any(getattr(tr, "type", "") in ("choropleth", "scattergeo") for tr in fig.data)


# ------------------------------------------------------------------------------------------- text layout


def _text_width(text: str, px: float) -> float:
    """Rough advance width: CJK glyphs are square, Latin about half as wide in Noto Sans."""
    w = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80:
            w += px
        elif ch.isupper() or ch in "mwMW@%":
            w += 0.66 * px
        else:
            w += 0.52 * px
    return w


def wrap(text: str, px: float, max_width: float) -> list[str]:
    """Greedy wrap that breaks Latin at spaces and CJK anywhere; plotly annotations never wrap by themselves."""
    lines: list[str] = []
    for para in text.split("\n"):
        tokens = []
        for tok in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", para):
            while _text_width(tok, px) > max_width and len(tok) > 1:  # a URL longer than the line
                cut = max(1, int(len(tok) * max_width / _text_width(tok, px)) - 1)
                tokens.append(tok[:cut])
                tok = tok[cut:]
            tokens.append(tok)
        line = ""
        for tok in tokens:
            if line and _text_width((line + tok).rstrip(), px) > max_width:
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
        lines.append(line.rstrip())
    return lines


def _esc(text: str) -> str:
    """plotly reads a small HTML subset in text; data-derived words must stay words."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_of_text(spec: ExportSpec) -> str:
    return t("briefing.as_of", spec.lang, date=spec.as_of.isoformat())


def footer_text(spec: ExportSpec) -> str:
    """The line that travels with every figure: as-of date and sources."""
    sep = "  |  " if spec.lang == "en" else "　|　"
    return as_of_text(spec) + sep + spec.source_line


# ------------------------------------------------------------------------------------------- figure layout


_BULK = frozenset({"geojson", "lon", "lat", "x", "y", "z", "locations", "customdata", "hovertext", "text", "ids"})


def _scale_sizes(obj, factor: float, marker_factor: float, key: str = "") -> None:
    """Multiply every font size (and marker size) in a figure dict: one knob per preset."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in _BULK:
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


def _albers(lon: float, lat: float, parallels=(25.0, 47.0), lon0: float = 105.0) -> tuple[float, float]:
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
        pts += [_albers(lon[0] + (lon[1] - lon[0]) * f, lat[0]), _albers(lon[0] + (lon[1] - lon[0]) * f, lat[1]),
                _albers(lon[0], lat[0] + (lat[1] - lat[0]) * f), _albers(lon[1], lat[0] + (lat[1] - lat[0]) * f)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _mercator_aspect(lon: tuple[float, float], lat: tuple[float, float]) -> float:
    y = [math.log(math.tan(math.pi / 4 + math.radians(v) / 2)) for v in lat]
    return math.radians(lon[1] - lon[0]) / (y[1] - y[0])


MAIN_BOUNDS = _frame_bounds(maps.MAIN_LON, maps.MAIN_LAT)
MAIN_ASPECT = (MAIN_BOUNDS[2] - MAIN_BOUNDS[0]) / (MAIN_BOUNDS[3] - MAIN_BOUNDS[1])
INSET_ASPECT = _mercator_aspect(maps.INSET_LON, maps.INSET_LAT)


def _place_map(layout: dict, plot_w: float, plot_h: float, legend_w: float = 0.0) -> None:
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


# Candidate label positions, in the order tried after the figure's own choice.
_POSITIONS = ("middle right", "middle left", "top center", "bottom center", "top right", "top left",
              "bottom right", "bottom left")


def _label_box(x: float, y: float, pos: str, w: float, h: float, r: float) -> tuple[float, float, float, float]:
    """Pixel box (x0, y0, x1, y1; y down) of a label plotly draws at ``pos`` around a marker of radius r."""
    v, hz = pos.split(" ")
    gap = r + 3
    if hz == "center":
        x0 = x - w / 2
    elif hz == "right":
        x0 = x + (gap if v == "middle" else r * 0.5)
    else:
        x0 = x - w - (gap if v == "middle" else r * 0.5)
    if v == "middle":
        y0 = y - h / 2
    elif v == "top":
        y0 = y - gap - h
    else:
        y0 = y + gap
    return x0, y0, x0 + w, y0 + h


def _dist(box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return math.hypot(dx, dy)


def _overlap(a, b) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _place_labels(d: dict, width: float, height: float, margin: dict) -> None:
    """Move map labels off each other and off markers at export size.

    Labels placed for the app's screen collide once fonts grow for a slide, and which labels exist
    depends on the data (a scenario adds cities anywhere), so the choice is made here, greedily, from
    the same projection plotly uses: crowded labels first, each taking the first free position.
    """
    layout = d["layout"]
    dom = (layout.get("geo") or {}).get("domain")
    if not dom:
        return
    pw, ph = width - margin["l"] - margin["r"], height - margin["t"] - margin["b"]
    gx0 = margin["l"] + dom["x"][0] * pw
    gx1 = margin["l"] + dom["x"][1] * pw
    gy_top = margin["t"] + (1 - dom["y"][1]) * ph
    gy_bot = margin["t"] + (1 - dom["y"][0]) * ph
    bx0, by0, bx1, by1 = MAIN_BOUNDS
    k = min((gx1 - gx0) / (bx1 - bx0), (gy_bot - gy_top) / (by1 - by0))
    cx, cy = (gx0 + gx1) / 2, (gy_top + gy_bot) / 2
    mx, my = (bx0 + bx1) / 2, (by0 + by1) / 2

    def px(lon, lat):
        x, y = _albers(lon, lat)
        return cx + (x - mx) * k, cy - (y - my) * k

    labels, markers, fixed = [], [], []
    for ti, tr in enumerate(d["data"]):
        if tr.get("type") != "scattergeo" or tr.get("geo", "geo") != "geo" or tr.get("lon") is None:
            continue
        mode = tr.get("mode") or "markers"
        size = (tr.get("marker") or {}).get("size", 8)
        font = (tr.get("textfont") or {}).get("size") or 16
        texts = tr.get("text") or []
        pos = tr.get("textposition")
        for i, (lon, lat) in enumerate(zip(tr["lon"], tr["lat"])):
            if lon is None or lat is None:
                continue
            x, y = px(lon, lat)
            r = (size[i] if isinstance(size, list) else size) / 2
            if "markers" in mode:
                markers.append((x - r, y - r, x + r, y + r))
            if "text" in mode and i < len(texts) and texts[i]:
                txt = re.sub(r"<[^>]+>", "", str(texts[i]))
                w, h = _text_width(txt, font), font * 1.2
                if "markers" not in mode:  # a bare label (a place name without marker): others avoid it
                    fixed.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
                    continue
                first = pos[i] if isinstance(pos, list) and i < len(pos) else (pos or "top center")
                labels.append(dict(trace=ti, i=i, x=x, y=y, r=r, w=w, h=h, first=first))
    if not labels:
        return
    for lab in labels:
        lab["crowd"] = sum(1 for o in labels if abs(o["x"] - lab["x"]) < 90 and abs(o["y"] - lab["y"]) < 60)
    placed: list[tuple] = list(fixed)
    inset = layout.get("geo2", {}).get("domain")
    if inset:
        placed.append((margin["l"] + inset["x"][0] * pw, margin["t"] + (1 - inset["y"][1]) * ph,
                       margin["l"] + inset["x"][1] * pw, margin["t"] + (1 - inset["y"][0]) * ph))
    chosen: dict[tuple[int, int], str] = {}
    for lab in sorted(labels, key=lambda o: (-o["crowd"], o["x"])):
        best, best_cost = lab["first"], None
        for n, cand in enumerate((lab["first"],) + tuple(p for p in _POSITIONS if p != lab["first"])):
            b0 = _label_box(lab["x"], lab["y"], cand, lab["w"], lab["h"], lab["r"])
            box = (b0[0] - 12, b0[1] - 3, b0[2] + 12, b0[3] + 3)  # keep a gap: two touching names read as one
            # overlapping text is worst, then text over a marker, then a name that could be a neighbour's
            cost = sum(_overlap(box, b) for b in placed) * 10 + sum(_overlap(box, m) for m in markers) * 4
            # a name about as near another marker as its own is read as that marker's name
            own = _dist(b0, lab["x"], lab["y"])
            for m in markers:
                mx_, my_ = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
                if abs(mx_ - lab["x"]) + abs(my_ - lab["y"]) > 1:
                    cost += max(0.0, own + 14 - _dist(b0, mx_, my_)) * 25
            cost += 0 if gx0 <= box[0] and box[2] <= gx1 else 500
            cost += n * 0.5  # prefer the figure's own choice, then the order above
            if best_cost is None or cost < best_cost:
                best, best_cost = cand, cost
            if cost < 1:
                break
        placed.append(_label_box(lab["x"], lab["y"], best, lab["w"], lab["h"], lab["r"]))
        chosen[(lab["trace"], lab["i"])] = best
    for ti, tr in enumerate(d["data"]):
        mine = {i: p for (t_, i), p in chosen.items() if t_ == ti}
        if mine:
            n = len(tr["lon"])
            old = tr.get("textposition")
            base = old if isinstance(old, list) else [old or "top center"] * n
            tr["textposition"] = [mine.get(i, base[i]) for i in range(n)]


def _chrome(spec: ExportSpec, p: Preset, margin: dict) -> tuple[list[dict], int, int]:
    """Title, subtitle, as-of and source as annotations; returns them and the top/bottom margins they need."""
    width = p.width - 2 * p.pad_px
    anns = []
    y = p.pad_px
    title_lines = wrap(spec.title, p.title_px, width)
    title_h = int(len(title_lines) * p.title_px * 1.3)
    sub_lines = wrap(spec.subtitle, p.subtitle_px, width) if spec.subtitle else []
    sub_h = int(len(sub_lines) * p.subtitle_px * 1.35)
    top = p.pad_px + title_h + (8 + sub_h if sub_lines else 0) + int(0.6 * p.pad_px)
    foot_lines = wrap(spec.note, p.footer_px, width) if spec.note else []
    n_note = len(foot_lines)
    foot_lines += wrap(footer_text(spec), p.footer_px, width)
    foot_h = int(len(foot_lines) * p.footer_px * 1.4)
    bottom = int(0.6 * p.pad_px) + foot_h + int(0.7 * p.pad_px)
    mt, mb = margin.get("t", 0) + top, margin.get("b", 0) + bottom
    ml = margin.get("l", 0)
    base = dict(xref="paper", yref="paper", x=0, xanchor="left", xshift=p.pad_px - ml, showarrow=False, align="left")
    anns.append(dict(base, y=1, yanchor="top", yshift=mt - y, text="<br>".join(_esc(s) for s in title_lines),
                     font=dict(size=p.title_px, color=theme.INK, family=theme.FONT_FAMILY)))
    if sub_lines:
        anns.append(dict(base, y=1, yanchor="top", yshift=mt - y - title_h - 8, text="<br>".join(_esc(s) for s in sub_lines),
                         font=dict(size=p.subtitle_px, color=theme.MUTED, family=theme.FONT_FAMILY)))
    body = [f'<span style="color:{theme.INK}">{_esc(s)}</span>' if i < n_note else _esc(s) for i, s in enumerate(foot_lines)]
    anns.append(dict(base, y=0, yanchor="bottom", yshift=-(mb - int(0.7 * p.pad_px)), text="<br>".join(body),
                     font=dict(size=p.footer_px, color=theme.MUTED, family=theme.FONT_FAMILY)))
    return anns, mt, mb


def _copy(obj):
    """Deep copy except the bulk arrays and geometry, which export never edits in place (to_dict copies
    every coordinate of every embedded map, seconds per pack)."""
    if isinstance(obj, dict):
        return {k: (v if k in _BULK else _copy(v)) for k, v in obj.items()}
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
    items = [_text_width(n, fs) + 50 for n in seen]
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
        tick_w = max((_text_width(s, tick) for s in labels), default=_text_width("100%", tick))
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
    anns = list(layout.get("annotations") or [])
    if body_only:
        margin["t"] = max(margin["t"], 8)
        margin["b"] = max(margin["b"], 8)
    else:
        chrome, margin["t"], margin["b"] = _chrome(spec, replace(p, width=w, height=h), margin)
        anns += chrome
    # Margins are computed here, not grown by plotly: the chrome is placed from them and must not move.
    margin["autoexpand"] = False
    margin["pad"] = 0
    layout["margin"] = margin
    layout["annotations"] = anns
    if legend_below:
        layout["legend"]["y"] = -legend_below / max(h - margin["t"] - margin["b"], 1)
    if is_china_map(fig):
        plot_w, plot_h = w - margin["l"] - margin["r"], h - margin["t"] - margin["b"]
        lw = _legend_size(d, _base_font(layout), plot_w)[0] if layout.get("showlegend", True) is not False else 0.0
        _place_map(layout, plot_w, plot_h, lw)
    if spec.greyscale:
        d = to_greyscale(d)
    if is_china_map(fig):
        _place_labels(d, w, h, margin)
        for tr in d["data"]:  # a white halo keeps place names readable over borders and outlines
            if tr.get("type") == "scattergeo" and "text" in (tr.get("mode") or ""):
                tr.setdefault("textfont", {}).setdefault("shadow", "auto")
    for i, tr in enumerate(d["data"]):  # plotly.js names SVG groups after a random uid unless one is given
        tr.setdefault("uid", f"aizone{i}")
    return d


# ------------------------------------------------------------------------------------------- greyscale

GREY_RAMP = ("#262626", "#8C8C8C", "#C8C8C8", "#595959", "#B0B0B0", "#E0E0E0")
PATTERNS = ("", "/", ".", "x", "\\", "+", "-")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgba?\(([^)]*)\)$")
_NAMED = {"white": "#FFFFFF", "black": "#000000", "red": "#FF0000", "blue": "#0000FF", "green": "#008000",
          "grey": "#808080", "gray": "#808080", "orange": "#FFA500"}


def grey(colour: str) -> str:
    """A colour's luminance as a grey of the same alpha (unparsed strings are returned unchanged)."""
    c = _NAMED.get(colour.strip().lower(), colour.strip())
    alpha = None
    if _HEX.match(c):
        h = c[1:]
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    elif m := _RGB.match(c):
        parts = [x.strip() for x in m.group(1).split(",")]
        try:
            r, g, b = (float(x) for x in parts[:3])
        except ValueError:
            return colour
        alpha = parts[3] if len(parts) > 3 else None
    else:
        return colour
    y = int(round(0.2126 * r + 0.7152 * g + 0.0722 * b))
    return f"rgba({y},{y},{y},{alpha})" if alpha is not None else f"#{y:02X}{y:02X}{y:02X}"


def _grey_all(obj, key: str = ""):
    if isinstance(obj, dict):
        return {k: (v if k in _BULK else _grey_all(v, k)) for k, v in obj.items()}
    if isinstance(obj, list):
        if key == "colorscale":
            return [[pos, grey(c)] if isinstance(c, str) else [pos, c] for pos, c in obj]
        return [_grey_all(v, key) for v in obj]
    if isinstance(obj, str) and ("color" in key or key == "colorway"):
        return grey(obj)
    return obj


def _uniform(tr: dict) -> bool:
    cs = tr.get("colorscale")
    return isinstance(cs, list) and len({str(c[1]) for c in cs}) == 1


def _region_outline(tr: dict, dash: str) -> dict | None:
    """The region's border as a dashed line that also carries its legend entry: in grey, tints alone no
    longer tell regions apart, and a name written inside a small region would sit on its zones' labels."""
    gj = tr.get("geojson")
    if not isinstance(gj, dict):
        return None
    import shapely
    from shapely.geometry import shape

    want = {str(x) for x in tr.get("locations") or []}
    geoms = [shape(f["geometry"]) for f in gj.get("features", []) if str(f.get("id")) in want]
    if not geoms:
        return None
    lon: list = []
    lat: list = []
    for line in shapely.get_parts(shapely.union_all(geoms).boundary):
        xs, ys = line.xy
        lon += [round(v, 4) for v in xs] + [None]
        lat += [round(v, 4) for v in ys] + [None]
    return dict(type="scattergeo", geo=tr.get("geo", "geo"), lon=lon, lat=lat, mode="lines", name=tr.get("name", ""),
                legendgroup=tr.get("legendgroup"), line=dict(color="#000000", width=2.2, dash=dash), hoverinfo="skip",
                showlegend=True)


def to_greyscale(d: dict) -> dict:
    """Greyscale-safe variant: every colour to grey, and series told apart by pattern, dash, symbol or label."""
    traces = d.get("data", [])
    bars = [tr for tr in traces if tr.get("type") == "bar"]
    if len(bars) > 1:
        for i, tr in enumerate(bars):
            m = tr.setdefault("marker", {})
            m["color"] = GREY_RAMP[i % len(GREY_RAMP)]
            m["pattern"] = dict(shape=PATTERNS[i % len(PATTERNS)], fgcolor="#000000", solidity=0.25)
            m["line"] = dict(color="#000000", width=0.8)
    lines = [tr for tr in traces if tr.get("type", "scatter") == "scatter" and "lines" in (tr.get("mode") or "lines")
             and tr.get("showlegend", True) is not False]
    used: set[str] = set()
    for i, tr in enumerate(lines):
        if len(lines) > 1 and "markers" in (tr.get("mode") or ""):
            tr.setdefault("marker", {}).setdefault("symbol", SYMBOLS[i % len(SYMBOLS)])
        ln = tr.setdefault("line", {})
        dash = ln.get("dash") or "solid"
        if dash in used:
            dash = next((x for x in DASHES if x not in used), dash)
            ln["dash"] = dash
        used.add(dash)
    extra = []
    regions = [tr for tr in traces if tr.get("type") == "choropleth" and tr.get("showlegend") and _uniform(tr)]
    for i, tr in enumerate(regions):
        g = GREY_RAMP[(i + 1) % len(GREY_RAMP)]
        tr["colorscale"] = [[0, g], [1, g]]
        outline = _region_outline(tr, DASHES[i % len(DASHES)])
        if outline:
            tr["showlegend"] = False
            tr.setdefault("marker", {}).setdefault("line", {})["width"] = 0
            extra.append(outline)
    # outlines above the fills, below the zones
    first_points = next((i for i, tr in enumerate(traces) if tr.get("type") == "scattergeo" and "markers" in (tr.get("mode") or "")
                         and tr.get("geo", "geo") == "geo"), len(traces))
    d["data"] = traces[:first_points] + extra + traces[first_points:]
    return _grey_all(d)


# ------------------------------------------------------------------------------------------- rendering

_lock = threading.Lock()
RENDER_TABS = 2


def _kaleido():
    try:
        import kaleido
    except ImportError as e:  # pragma: no cover - the export extra is missing
        raise ExportError("image export needs the 'export' extra (kaleido): pip install -e '.[export]'") from e
    if not kaleido._global_server.is_running():  # noqa: SLF001 - public start/stop, no public 'is running'
        # two tabs: a pack's images render two at a time
        kaleido.start_sync_server(n=RENDER_TABS, mathjax=False, silence_warnings=True)
    return kaleido


def _draw(d: dict, fmt: str, scale: float) -> bytes:
    lay = d["layout"]
    with _lock:
        k = _kaleido()
        try:
            return k.calc_fig_sync(d, opts=dict(format=fmt, width=lay["width"], height=lay["height"], scale=scale),
                                   topojson=TOPOJSON_URL)
        except Exception as e:  # kaleido wraps browser failures in its own types
            raise ExportError(f"the renderer failed: {type(e).__name__}: {e}") from e


_UID = re.compile(rb'id="defs-([0-9a-f]+)"')


def stable_svg(svg: bytes) -> bytes:
    """plotly names clip paths and gradients after a random per-plot id; pin it so SVGs compare byte for byte."""
    m = _UID.search(svg)
    if m:
        svg = svg.replace(m.group(1), b"aizone")
    return svg


def svg_to_pdf(svg: bytes, page_in: tuple[float, float]) -> bytes:
    import cairosvg

    out = cairosvg.svg2pdf(bytestring=svg, output_width=page_in[0] * 96, output_height=page_in[1] * 96)
    return _strip_pdf_dates(out)


def _strip_pdf_dates(pdf: bytes) -> bytes:
    return re.sub(rb"/CreationDate \(D:[0-9+\-Z']+\)", b"/CreationDate (D:19800101000000Z)", pdf)


def _draw_many(jobs: Sequence[tuple[dict, str, float]]) -> list[bytes]:
    """Several figures in one go, spread over the renderer's tabs (one at a time would leave a core idle)."""
    if len(jobs) == 1:
        d, fmt, scale = jobs[0]
        return [_draw(d, fmt, scale)]
    import tempfile
    from pathlib import Path

    with _lock, tempfile.TemporaryDirectory(prefix="aizone-export-") as tmp:
        k = _kaleido()
        items = [dict(fig=d, path=str(Path(tmp) / f"{i}.{fmt}"), topojson=TOPOJSON_URL,
                      opts=dict(format=fmt, width=d["layout"]["width"], height=d["layout"]["height"], scale=scale))
                 for i, (d, fmt, scale) in enumerate(jobs)]
        try:
            k.write_fig_from_object_sync(items, cancel_on_error=True)
        except Exception as e:  # kaleido wraps browser failures in its own types
            raise ExportError(f"the renderer failed: {type(e).__name__}: {e}") from e
        return [Path(it["path"]).read_bytes() for it in items]


@dataclass(frozen=True)
class Job:
    """One file to render: the figure, its spec, the format, and whether to leave the words off (PPTX)."""

    fig: go.Figure
    spec: ExportSpec
    fmt: str = "png"
    body_only: bool = False
    size: tuple[int, int] | None = None


def render_many(jobs: Sequence[Job]) -> list[bytes]:
    """Like ``render`` for each job, with the browser work done in one parallel batch."""
    for j in jobs:
        if j.fmt not in FORMATS:
            raise ExportError(f"unknown format {j.fmt!r}; choose one of {', '.join(FORMATS)}")
    dicts = [prepare(j.fig, j.spec, body_only=j.body_only, size=j.size) for j in jobs]
    raw = _draw_many([(d, "png" if j.fmt == "png" else "svg", PRESETS[j.spec.preset].scale if j.fmt == "png" else 1)
                      for d, j in zip(dicts, jobs)])
    out = []
    for d, j, b in zip(dicts, jobs, raw):
        if j.fmt == "png":
            out.append(b)
            continue
        svg = stable_svg(b)
        if j.fmt == "svg":
            out.append(svg)
            continue
        p = PRESETS[j.spec.preset]
        w, h = d["layout"]["width"], d["layout"]["height"]
        out.append(svg_to_pdf(svg, (p.page_in[0], p.page_in[0] * h / w)))
    return out


def render(fig: go.Figure, spec: ExportSpec, fmt: Fmt = "png", *, body_only: bool = False,
           size: tuple[int, int] | None = None) -> bytes:
    """One figure to PNG, SVG or PDF under the contract (raises ExportError when it is not met)."""
    return render_many([Job(fig, spec, fmt, body_only, size)])[0]


def filename(spec: ExportSpec, key: str, fmt: str) -> str:
    """A file name that sorts and says what it is: aizone_<key>_<as-of>_<lang>[_grey]_<preset>.<fmt>."""
    grey = "_grey" if spec.greyscale else ""
    return f"aizone_{key}_{spec.as_of.isoformat()}_{spec.lang}{grey}_{spec.preset}.{fmt}"


# ------------------------------------------------------------------------------------------- text pages


def text_page(spec: ExportSpec, heading: str, lines: Sequence[str], lead: str = "", cover: bool = False) -> go.Figure:
    """A page of words (deck cover, sources) drawn by the same renderer, so the PDF pack is one typeface.

    Render it with ``body_only=True``: the page states its own date and, on the cover, the sources.
    """
    p = PRESETS[spec.preset]
    width = p.width - 2 * p.pad_px
    height = p.height - 2 * p.pad_px
    fig = go.Figure()
    fig.update_layout(template="aizone", xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[0, 1]),
                      # prepare() scales the left and bottom margins (tick-label room) by the preset's font scale
                      margin=dict(l=p.pad_px / p.font_scale, r=p.pad_px, t=p.pad_px, b=p.pad_px / p.font_scale),
                      plot_bgcolor="white", showlegend=False)

    def add(text_lines: list[str], y: float, size: float, colour: str, anchor: str = "top") -> None:
        fig.add_annotation(xref="paper", yref="paper", x=0, y=y, xanchor="left", yanchor=anchor, showarrow=False,
                           align="left", text="<br>".join(_esc(s) for s in text_lines),
                           font=dict(size=size / p.font_scale, color=colour))  # prepare() scales fonts back up

    foot = [as_of_text(spec)] + ([spec.source_line] if cover else [])
    foot_lines = [s for ln in foot for s in wrap(ln, p.footer_px, width)]
    add(foot_lines, 0, p.footer_px, theme.MUTED, "bottom")
    if cover:
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=0, x1=0.08, y0=0.655, y1=0.67,
                      fillcolor=theme.ZONE, line=dict(width=0))
        add(wrap(heading, p.title_px * 1.4, width), 0.62, p.title_px * 1.4, theme.INK, "bottom")
        if lead:
            add(wrap(lead, p.subtitle_px, width), 0.57, p.subtitle_px, theme.MUTED)
        return fig
    add(wrap(heading, p.title_px, width), 1, p.title_px, theme.INK)
    room = height - p.title_px * 1.6 - len(foot_lines) * p.footer_px * 1.4 - 24
    size = p.footer_px * 1.15
    while size > 10:
        body = []
        for ln in lines:  # one paragraph per entry, a hanging bullet, a little air between entries
            parts = wrap(ln, size, width - size * 1.2)
            body += ["• " + parts[0]] + ["   " + s for s in parts[1:]] + [" "]
        if len(body) * size * 1.45 <= room:
            break
        size -= 1
    add(body, 1 - (p.title_px * 1.6 + 12) / height, size, theme.INK)
    return fig


# ------------------------------------------------------------------------------------------- PDF and PPTX


def to_pdf(figures: Sequence[ExportFigure], spec: ExportSpec, *, pages_before: Sequence[tuple[go.Figure, ExportSpec]] = (),
           pages_after: Sequence[tuple[go.Figure, ExportSpec]] = ()) -> bytes:
    """Figures (and optional text pages from ``text_page``) as one PDF, one page each, fonts embedded by cairo."""
    from pypdf import PdfReader, PdfWriter

    check(spec)
    parts = render_many([Job(f, s, "pdf", body_only=True) for f, s in pages_before]
                        + [Job(f.fig, f.spec(spec), "pdf") for f in figures]
                        + [Job(f, s, "pdf", body_only=True) for f, s in pages_after])
    if len(parts) == 1:
        return parts[0]
    w = PdfWriter()
    for b in parts:
        for page in PdfReader(io.BytesIO(b)).pages:
            w.add_page(page)
    w.add_metadata({"/Title": spec.title, "/Producer": "aizone", "/CreationDate": "D:19800101000000Z"})
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


EMU_PER_IN = 914400
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class _Box:
    left: float
    top: float
    width: float
    height: float


def _slide_geometry(spec: ExportSpec) -> dict[str, _Box]:
    pw, ph = PRESETS[spec.preset].page_in
    m = 0.45 * pw / 13.333
    k = ph / 7.5
    return {  # room for a two-line subtitle and a four-line footer (note + wrapped sources)
        "title": _Box(m, 0.2 * k, pw - 2 * m, 0.65 * k),
        "subtitle": _Box(m, 0.85 * k, pw - 2 * m, 0.7 * k),
        "body": _Box(m, 1.6 * k, pw - 2 * m, ph - 1.6 * k - 0.95 * k),
        "footer": _Box(m, ph - 0.9 * k, pw - 2 * m, 0.85 * k),
    }


def _emu(v: float) -> int:
    return int(round(v * EMU_PER_IN))


def _textbox(slide, box: _Box, lines: Sequence[str], size_pt: float, colour: str, bold: bool = False, name: str = ""):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    tb = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
    if name:
        tb.name = name
    tf = tb.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
        run.font.name = "Noto Sans CJK SC"
        _east_asian_font(run, "Noto Sans CJK SC")
    return tb


def _east_asian_font(run, family: str) -> None:
    """python-pptx sets only the Latin face; CJK text needs <a:ea> or PowerPoint falls back to its own font."""
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for tag in ("ea", "cs"):
        el = rpr.find(ns + tag)
        if el is None:
            from lxml import etree

            el = etree.SubElement(rpr, ns + tag)
        el.set("typeface", family)


def _title(slide, box: _Box, text: str, size_pt: float):
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.text = text
    para = tf.paragraphs[0]
    from pptx.enum.text import PP_ALIGN

    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size = Pt(size_pt)
        run.font.bold = True
        run.font.name = "Noto Sans CJK SC"
        _east_asian_font(run, "Noto Sans CJK SC")
    return shape


def to_pptx(figures: Sequence[ExportFigure], spec: ExportSpec, *, title_slide: tuple[str, str] | None = None,
            sources_slide: tuple[str, Sequence[str]] | None = None) -> bytes:
    """One slide per figure: title, subtitle, as-of and source as slide text, the plot as a picture with alt text."""
    from pptx import Presentation

    check(spec)
    for f in figures:
        check(f.spec(spec), f.fig)
    pw, ph = PRESETS[spec.preset].page_in
    prs = Presentation()
    prs.slide_width, prs.slide_height = _emu(pw), _emu(ph)
    geo = _slide_geometry(spec)
    title_only = prs.slide_layouts[5]
    k = ph / 7.5

    if title_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, _Box(geo["title"].left, 2.2 * k, geo["title"].width, 1.4 * k), title_slide[0], 36)
        lead = title_slide[1] if spec.as_of.isoformat() in title_slide[1] else f"{title_slide[1]}  {as_of_text(spec)}"
        _textbox(s, _Box(geo["title"].left, 3.7 * k, geo["title"].width, 1.6 * k), [lead], 18, theme.MUTED, name="Subtitle")
        _textbox(s, geo["footer"], [spec.source_line], 11, theme.MUTED, name="Source")

    body = geo["body"]
    px_w = PRESETS[spec.preset].width
    px_h = int(round(px_w * body.height / body.width))
    pngs = render_many([Job(f.fig, f.spec(spec), "png", True, (px_w, px_h)) for f in figures])
    for f, png in zip(figures, pngs):
        fs = f.spec(spec)
        s = prs.slides.add_slide(title_only)
        _title(s, geo["title"], fs.title, 26)
        if fs.subtitle:
            _textbox(s, geo["subtitle"], [fs.subtitle], 15, theme.MUTED, name="Subtitle")
        pic = s.shapes.add_picture(io.BytesIO(png), _emu(body.left), _emu(body.top), _emu(body.width), _emu(body.height))
        pic.name = f"Figure {f.key}".strip()
        pic._element.nvPicPr.cNvPr.set("descr", f.alt_text)  # noqa: SLF001 - python-pptx has no alt-text API
        foot = ([fs.note] if fs.note else []) + [footer_text(fs)]
        _textbox(s, geo["footer"], foot, 11, theme.MUTED, name="Source")
        s.notes_slide.notes_text_frame.text = f.alt_text

    if sources_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, geo["title"], sources_slide[0], 26)
        lines = list(sources_slide[1])
        size = 12 if len(lines) <= 12 else 10
        _textbox(s, _Box(geo["subtitle"].left, geo["subtitle"].top, geo["body"].width, ph - geo["subtitle"].top - 0.4 * k),
                 lines, size, theme.INK, name="Sources")

    cp = prs.core_properties
    cp.title = spec.title
    cp.author = cp.last_modified_by = "aizone"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.language = "zh-CN" if spec.lang == "zh" else "en"
    buf = io.BytesIO()
    prs.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates (python-pptx stamps 'now'), keeping order and compression."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def warm() -> None:
    """Start the renderer ahead of the first click (the browser takes a second or two to come up)."""
    with _lock:
        _kaleido()


__all__ = [
    "ExportError", "ExportFigure", "ExportSpec", "FORMATS", "PRESETS", "Preset", "check", "filename", "footer_text",
    "is_china_map", "prepare", "render", "source_line", "stable_svg", "stable_zip", "text_page", "to_pdf", "to_pptx",
    "warm", "wrap",
]
