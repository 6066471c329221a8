"""The one plotly template: palette, fonts and sizes for the app and for static exports alike.

Streamlit's theme does not reach kaleido exports, so colours and fonts are fixed here and every figure
builder uses ``TEMPLATE``. The palette is Okabe-Ito (colour-blind safe); ``GREY`` variants and marker
symbols let meaning survive greyscale printing.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def text_width(text: str, px: float) -> float:
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


# Okabe & Ito (2008), colour-universal design.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

ZONE = "#C0392B"  # MOST pilot zones: the product's main mark
ZONE_UNCERTAIN = "#F1948A"
INK = "#1F2933"
MUTED = "#6B7280"
LAND = "#F3F4F6"
LAND_EDGE = "#9CA3AF"
CITY_EDGE = "#D1D5DB"
WATER = "#FFFFFF"
# Place names on maps get plotly's halo in the colour contrasting with their own (white around INK): over an
# indicator's darkest blues or an area's outline a dark name without one could not be read.
LABEL_HALO = "auto"

STRATEGY_COLOURS = {
    "JJJ": OKABE_ITO["blue"],
    "YRD": OKABE_ITO["green"],
    "YRD-core": "#005A43",  # a darker green: part of the YRD, told apart by tone and by its own legend entry
    "YREB": OKABE_ITO["sky"],
    "GBA": OKABE_ITO["vermillion"],
    "CY": OKABE_ITO["purple"],
}
STRATEGY_DASH = {"JJJ": "solid", "YRD": "solid", "YREB": "dash", "GBA": "solid", "CY": "dot"}

MACRO_COLOURS = {
    "east": OKABE_ITO["blue"],
    "central": OKABE_ITO["orange"],
    "west": OKABE_ITO["green"],
    "northeast": OKABE_ITO["purple"],
}


def rgba(colour: str, alpha: float) -> str:
    """A ``#RRGGBB`` colour at ``alpha``: a tint in the fill colour itself, as plotly's ``marker.opacity`` on
    an area dims its outline with its fill."""
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


SEQUENTIAL = [[0.0, "#F7FBFF"], [0.25, "#C6DBEF"], [0.5, "#6BAED6"], [0.75, "#2171B5"], [1.0, "#08306B"]]

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=14, color=INK),
        title=dict(font=dict(size=22, color=INK), x=0.0, xanchor="left"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(OKABE_ITO.values()),
        legend=dict(bgcolor="rgba(255,255,255,0.85)", bordercolor="#E5E7EB", borderwidth=1, font=dict(size=13)),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13)),
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(gridcolor="#E5E7EB", zerolinecolor="#D1D5DB"),
        yaxis=dict(gridcolor="#E5E7EB", zerolinecolor="#D1D5DB"),
    )
)
pio.templates["aizone"] = TEMPLATE
