"""Cumulative approvals against the target: the chart the progress page and a briefing share.

The certain count is the line; the band above it is what the sources cannot settle (date windows still
open). Each zone is a marker whose horizontal bar is its date window, so a date known only to the year
is drawn as a year, never as a day. Everything after the chosen as-of date is drawn grey: time travel
shows what was known then, with the later course still visible for context.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from aizone import progress
from aizone.figures import theme
from aizone.i18n import t
from aizone.zones import APPROVED, NOT_YET, UNCERTAIN, status_on

BAND = "rgba(192, 57, 43, 0.16)"
LATER = "#C4C9D0"
TARGET = theme.OKABE_ITO["blue"]
PACE_FIRST = theme.OKABE_ITO["orange"]
PACE_GUIDELINE = theme.OKABE_ITO["purple"]
CROWDED = timedelta(days=120)  # batches closer than this would have overlapping labels
AXIS_PAD = pd.Timedelta(days=20)  # the time axis starts this long before the first zone's window


def _x_end(deadline: date) -> date:
    """A little past the deadline: the programme's story ends there; later dates add only a flat line."""
    return deadline + timedelta(days=200)


def _steps(series: pd.DataFrame, col: str, name: str, colour: str, width: float, hover: list[str] | None,
           fill: str | None = None, fillcolour: str | None = None, showlegend: bool = True,
           dash: str = "solid") -> go.Scatter:
    return go.Scatter(
        x=[pd.Timestamp(d) for d in series["date"]], y=series[col].tolist(), mode="lines", name=name,
        line=dict(shape="hv", color=colour, width=width, dash=dash), fill=fill, fillcolor=fillcolour,
        hovertext=hover, hoverinfo="text" if hover else "skip", showlegend=showlegend,
    )


def progress_chart(zones: pd.DataFrame, names: pd.Series, as_of: date, lang: str, *, height: int = 600,
                   title: str | None = None) -> go.Figure:
    """``names``: display name per zone_id in ``lang``. ``as_of``: the time-travel date."""
    goal, deadline = progress.target()
    start = progress.timeline_start(zones)
    x_end = _x_end(deadline)
    fig = go.Figure()

    # Context: the whole course in grey, then the part known by as_of in colour on top.
    full = progress.cumulative(zones, start, x_end)
    shown_end = min(as_of, x_end)
    if as_of < x_end:
        fig.add_trace(_steps(full, "possible", t("progress.chart_later", lang), LATER, 1.5, None, dash="dot"))
        fig.add_trace(_steps(full, "certain", t("progress.chart_later", lang), LATER, 2.5, None, showlegend=False))
    known = progress.cumulative(zones, start, shown_end)
    hover = [t("progress.chart_hover_curve", lang, date=d.isoformat(), certain=c, possible=p)
             for d, c, p in zip(known["date"], known["certain"], known["possible"])]
    fig.add_trace(_steps(known, "possible", t("progress.chart_possible", lang), theme.ZONE_UNCERTAIN, 1.2, hover,
                         dash="dot"))
    fig.add_trace(_steps(known, "certain", t("progress.chart_certain", lang), theme.ZONE, 3.2, hover,
                         fill="tonexty", fillcolour=BAND))

    _zone_markers(fig, zones, names, as_of, lang)
    _target_and_pace(fig, zones, goal, deadline, start, x_end, lang)
    _batch_notes(fig, zones, names, lang, x0=pd.Timestamp(start) - AXIS_PAD)

    if start <= as_of <= x_end:
        fig.add_vline(x=pd.Timestamp(as_of).value / 1e6, line=dict(color=theme.INK, width=1.5, dash="dash"))
        fig.add_annotation(x=pd.Timestamp(as_of), y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("progress.chart_asof", lang, date=as_of.isoformat()),
                           font=dict(size=13, color=theme.INK), bgcolor="rgba(255,255,255,0.9)")

    fig.update_layout(
        template="aizone", height=height, hovermode="closest",
        title=dict(text=title) if title else None,
        margin=dict(l=70, r=20, t=80 if title else 40, b=40),
        xaxis=dict(range=[pd.Timestamp(start) - AXIS_PAD, pd.Timestamp(x_end)], dtick="M6",
                   tickformat="%Y-%m", tickfont=dict(size=14), showgrid=True, automargin=True),
        yaxis=dict(range=[0, goal + 2.5], dtick=2, title=dict(text=t("progress.chart_y", lang), font=dict(size=15), standoff=12),
                   tickfont=dict(size=14), automargin=True),
        legend=dict(orientation="h", x=0, y=-0.08, xanchor="left", yanchor="top", traceorder="normal",
                    font=dict(size=14), borderwidth=0),
    )
    return fig


def _zone_markers(fig: go.Figure, zones: pd.DataFrame, names: pd.Series, as_of: date, lang: str) -> None:
    """One marker per zone at the day it was certainly approved, stacked on the step, with its window as a bar."""
    z = zones.sort_values(["date_latest", "date_earliest", "zone_id"]).reset_index(drop=True)
    status = status_on(z, as_of)
    rank = list(range(1, len(z) + 1))
    word = {APPROVED: "progress.status_approved", UNCERTAIN: "progress.status_uncertain"}
    hover = [
        f"<b>{names.get(r['zone_id'], r['name_zh'])}</b><br>{progress.date_text(r, lang)}"
        f"<br>{t('progress.col_status', lang)}: {t(word.get(s, 'progress.status_not_yet'), lang)}"
        for (_, r), s in zip(z.iterrows(), status)
    ]
    colours = [theme.ZONE if s == APPROVED else (theme.ZONE_UNCERTAIN if s == UNCERTAIN else LATER) for s in status]
    symbols = ["circle" if s == APPROVED else "circle-open" if s == UNCERTAIN else "circle" for s in status]
    # Date windows as bars (plotly's error bars do not draw on a date axis).
    label = t("progress.chart_zones", lang)
    for known, colour in ((True, "rgba(31,41,51,0.55)"), (False, LATER)):
        wx, wy = [], []
        for lo, hi, y, s in zip(z["date_earliest"], z["date_latest"], rank, status):
            if hi > lo and (s != NOT_YET) == known:
                wx += [lo, hi, None]
                wy += [y, y, None]
        fig.add_trace(go.Scatter(x=wx, y=wy, mode="lines", line=dict(color=colour, width=2), legendgroup="zones",
                                 showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=z["date_latest"].tolist(), y=rank, mode="markers", name=label, legendgroup="zones",
        marker=dict(size=9, color=colours, symbol=symbols, line=dict(color="white", width=1)),
        hovertext=hover, hoverinfo="text", customdata=z["zone_id"].tolist(),
    ))


def _target_and_pace(fig: go.Figure, zones: pd.DataFrame, goal: int, deadline: date, start: date, x_end: date,
                     lang: str) -> None:
    d = pd.Timestamp(deadline)
    fig.add_trace(go.Scatter(x=[pd.Timestamp(start), d], y=[goal, goal], mode="lines",
                             name=t("progress.chart_target", lang, n=goal, year=deadline.year),
                             line=dict(color=TARGET, width=2.5, dash="dash"), hoverinfo="skip"))
    fig.add_vline(x=d.value / 1e6, line=dict(color=TARGET, width=1.5, dash="dot"))
    fig.add_annotation(x=d, y=goal + 0.4, text=t("progress.chart_deadline", lang, date=deadline.isoformat()),
                       showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=14, color=TARGET))
    for start_day, key, colour in ((progress.first_approval(zones), "progress.chart_pace_first", PACE_FIRST),
                                   (progress.guideline_date(), "progress.chart_pace_guideline", PACE_GUIDELINE)):
        p = progress.pace(zones, start_day)
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(start_day), d], y=[p.count_at_start, goal], mode="lines+markers",
            name=t(key, lang, rate=f"{p.needed_per_year:.1f}"), line=dict(color=colour, width=2, dash="dot"),
            marker=dict(size=[8, 0], color=colour), hoverinfo="skip"))
    g = progress.guideline_date()
    fig.add_annotation(x=pd.Timestamp(g), y=progress.counts_on(zones, g).certain, ax=0, ay=-70,
                       text=t("progress.chart_guideline", lang, date=g.isoformat()), showarrow=True, arrowhead=0,
                       arrowcolor=PACE_GUIDELINE, font=dict(size=13, color=PACE_GUIDELINE),
                       bgcolor="rgba(255,255,255,0.85)")


def _batch_notes(fig: go.Figure, zones: pd.DataFrame, names: pd.Series, lang: str, x0: pd.Timestamp) -> None:
    """Label each batch below-right of its step (the area under a rising curve is empty); a batch followed
    closely by the next one is labelled above-left instead, so neighbouring labels do not collide. The first
    batch has nothing on its left but the axis: above-left, its label would run off the figure (it did in
    English), so its box starts at the axis (``x0``) and a leader line goes down to its step."""
    sep = "、" if lang == "zh" else ", "
    found = progress.batches(zones)
    for i, b in enumerate(found):
        members = [str(names.get(zid, zid)) for zid in b.zone_ids]
        lines = [sep.join(members[k:k + 4]) for k in range(0, len(members), 4)]
        text = f"<b>{b.label(lang)}  +{b.size}</b><br>" + "<br>".join(lines)
        crowded = i + 1 < len(found) and (found[i + 1].last - b.last) < CROWDED
        place = dict(ax=-30, ay=-45, xanchor="right", yanchor="bottom") if crowded else \
            dict(ax=40, ay=60, xanchor="left", yanchor="top")
        if crowded and i == 0:
            place = dict(ax=x0, axref="x", ay=-95, xanchor="left", yanchor="bottom")
        fig.add_annotation(x=pd.Timestamp(b.last), y=b.cumulative, align="left", text=text, showarrow=True,
                           arrowhead=0, arrowwidth=1, arrowcolor=theme.MUTED, font=dict(size=13, color=theme.INK),
                           bgcolor="rgba(255,255,255,0.9)", bordercolor="#E5E7EB", borderwidth=1, borderpad=3, **place)
