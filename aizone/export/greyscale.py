"""The greyscale-safe variant: every colour to grey, series told apart by pattern, dash, symbol or outline."""

from __future__ import annotations

import re

# Keys whose values are data or geometry: never restyled, never deep-copied.
BULK = frozenset({"geojson", "lon", "lat", "x", "y", "z", "locations", "customdata", "hovertext", "text", "ids"})

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
        return {k: (v if k in BULK else _grey_all(v, k)) for k, v in obj.items()}
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

