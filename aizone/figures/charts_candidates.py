"""Figures for the candidate page: how much of each city's score is proved, open or missed; scenarios compared.

A score range is easy to misread as a measurement error; drawing it as three stacked parts (proved by
evidence, still unknown, shown to be missing) says what it is. Parts carry a fill pattern and a label as
well as a colour, so the chart survives greyscale printing and colour-blind readers.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import plotly.graph_objects as go

from aizone import rounding
from aizone.figures import theme
from aizone.i18n import t

PART_STYLE = {  # colour, pattern, pattern colour, text colour
    "pass": (theme.OKABE_ITO["green"], "", "white", "white"),
    "unknown": ("#D1D5DB", "/", "#9CA3AF", theme.INK),
    "fail": (theme.OKABE_ITO["vermillion"], "x", "#F3C3A8", "white"),
}


# room above the plot for a title and the horizontal legend under it (CJK titles stand taller than Latin)
TITLE_ROOM = 76


def evidence_bars(rows: pd.DataFrame, labels: Sequence[str], lang: str, title: str = "") -> go.Figure:
    """Horizontal stacked bars, one per unit: proved score, unknown share, missed share (points of 100).

    ``rows`` has score and score_max (0..100), in display order (best first); ``labels`` name the units.
    Labels and hovers carry the rounded parts (``aizone.rounding``), so a bar reads as the table beside it.
    """
    proved = [rounding.value(v, "score") for v in rows["score"]]
    possible = [rounding.value(v, "score") for v in rows["score_max"]]
    unknown = [rounding.value(h - lo, "score") for lo, h in zip(proved, possible)]
    missed = [rounding.value(100.0 - h, "score") for h in possible]
    fig = go.Figure()
    for key, values in (("pass", proved), ("unknown", unknown), ("fail", missed)):
        colour, shape, fg, ink = PART_STYLE[key]
        fig.add_trace(go.Bar(
            y=list(labels), x=values, orientation="h", name=t(f"candidates.part.{key}", lang),
            marker=dict(color=colour, line=dict(color="white", width=0.5),
                        pattern=dict(shape=shape, fgcolor=fg, solidity=0.25, fillmode="overlay")),
            text=[rounding.text(v, "score") if v >= 6 else "" for v in values], textposition="inside",
            insidetextanchor="middle", textangle=0, textfont=dict(color=ink, size=12),
            customdata=[rounding.text(v, "score") for v in values],
            hovertemplate="%{y}: %{customdata}<extra>" + t(f"candidates.part.{key}", lang) + "</extra>",
        ))
    fig.update_layout(
        template="aizone", barmode="stack", title=title or None, height=max(260, 26 * len(proved) + 110),
        xaxis=dict(range=[0, 100], title=t("candidates.axis_score", lang), dtick=25),
        yaxis=dict(autorange="reversed", automargin=True),
        # legend in the bars' own left-to-right order (plotly reverses it for stacked bars)
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, traceorder="normal"),
        margin=dict(l=10, r=10, t=TITLE_ROOM if title else 40, b=40),
    )
    return fig


def scenario_bars(now: pd.Series, scenarios: dict[str, pd.Series], categories: Sequence[str],
                  category_labels: Sequence[str], lang: str, title: str = "") -> go.Figure:
    """Grouped bars of zones per category (macro region or strategy): now, then each scenario."""
    fig = go.Figure()
    series = [(t("candidates.now", lang), now, theme.MUTED, "")]
    colours = [theme.OKABE_ITO["blue"], theme.OKABE_ITO["orange"]]
    patterns = ["/", "."]
    for i, (name, s) in enumerate(scenarios.items()):
        series.append((name, s, colours[i % 2], patterns[i % 2]))
    for name, s, colour, shape in series:
        vals = [int(s.get(c, 0)) for c in categories]
        fig.add_trace(go.Bar(x=list(category_labels), y=vals, name=name, text=vals, textposition="outside",
                             marker=dict(color=colour, pattern=dict(shape=shape, fgcolor="white", solidity=0.3, fillmode="overlay"))))
    top = max([1] + [int(s.get(c, 0)) for _, s, _, _ in series for c in categories])
    fig.update_layout(template="aizone", barmode="group", title=title or None, height=340,
                      yaxis=dict(title=t("candidates.axis_zones", lang), range=[0, top * 1.25], dtick=max(1, top // 5)),
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
                      margin=dict(l=10, r=10, t=TITLE_ROOM if title else 40, b=40))
    return fig
