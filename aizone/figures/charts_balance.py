"""Figures for the balance page: Lorenz curve, shares against population and GDP, per-capita bars, map.

Pure (no streamlit), on the shared "aizone" template, so the briefing export can reuse them. A missing
statistic is drawn as "no data", never as a zero-length bar. Every number a figure prints is rounded by
``aizone.rounding``, the rule the page's tables follow.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd
import plotly.graph_objects as go

from aizone import rounding
from aizone.balance import Indices
from aizone.figures import layers, maps, theme
from aizone.i18n import pick, t

POP_COLOUR = theme.MUTED
GDP_COLOUR = theme.OKABE_ITO["orange"]
# "No data" is drawn white, so the lowest real value (0 zones is a count, not a gap) must be visibly tinted:
# the theme's sequential scale with its near-white first stop replaced; the diverging scale's 0 is light grey.
MAP_SEQUENTIAL = [[0.0, "#DCE9F5"]] + [list(stop) for stop in theme.SEQUENTIAL[1:]]
NEUTRAL = "#E5E7EB"


def lorenz_figure(by_province: Indices, by_macro: Indices | None, names: Mapping[str, str], lang: str,
                  height: int = 460) -> go.Figure:
    """Lorenz curves of zones against population, provinces and macro regions, over the line of equality."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(color=theme.LAND_EDGE, dash="dash", width=1.5),
                             name=t("balance.fig_equality", lang), hoverinfo="skip"))
    for ix, colour, key, symbol in ((by_province, theme.ZONE, "balance.fig_curve_province", "circle"),
                                    (by_macro, theme.OKABE_ITO["blue"], "balance.fig_curve_macro", "diamond")):
        if ix is None or ix.curve is None:
            continue
        c = ix.curve
        hover = [""] + [t("balance.fig_lorenz_hover", lang, name=names.get(str(lab), str(lab)), x=rounding.percent(x), y=rounding.percent(y))
                        for lab, x, y in zip(c["label"].iloc[1:], c["x"].iloc[1:], c["y"].iloc[1:])]
        fig.add_trace(go.Scatter(
            x=c["x"], y=c["y"], mode="lines+markers", line=dict(color=colour, width=2.5), marker=dict(size=6, symbol=symbol),
            name=t(key, lang, gini=rounding.text(ix.gini, "index"), n=ix.n), hovertext=hover, hoverinfo="text",
        ))
    fig.update_layout(
        template="aizone", height=height, margin=dict(l=60, r=20, t=20, b=60),
        xaxis=dict(title=t("balance.fig_cum_pop", lang), tickformat=".0%", range=[0, 1], constrain="domain"),
        yaxis=dict(title=t("balance.fig_cum_zones", lang), tickformat=".0%", range=[0, 1], scaleanchor="x", scaleratio=1),
        legend=dict(x=0.98, y=0.02, xanchor="right", yanchor="bottom"),
    )
    return fig


def shares_figure(table: pd.DataFrame, key: str, names: Mapping[str, str], lang: str, height: int | None = None) -> go.Figure:
    """Share of zones beside share of population and of GDP, one group of bars per row of ``table``.

    A missing share gets no bar, only a "no data" label (an invisible placeholder in the same slot carries it).
    """
    rows = table.iloc[::-1]  # horizontal bars grow upwards: reverse so the first row is on top
    labels = [names.get(str(k), str(k)) for k in rows[key]]
    fig = go.Figure()
    # Added bottom-up within each group, so the share of zones sits on top; the legend is reversed to match.
    series = (("gdp_share", GDP_COLOUR, "balance.fig_share_gdp"), ("pop_share", POP_COLOUR, "balance.fig_share_pop"),
              ("zone_share", theme.ZONE, "balance.fig_share_zones"))
    nodata = t("balance.fig_no_data", lang)
    for col, colour, label in series:
        vals = rows[col].astype("Float64")
        known = vals.notna().to_numpy()
        fig.add_trace(go.Bar(
            y=labels, x=[float(v) if k else None for v, k in zip(vals, known)], orientation="h", name=t(label, lang),
            marker_color=colour, text=[rounding.percent(v) if k else "" for v, k in zip(vals, known)], offsetgroup=col,
            textposition="outside", cliponaxis=False, textfont=dict(size=12),
            customdata=[rounding.percent(v) if k else "" for v, k in zip(vals, known)],
            hovertemplate="%{y}: %{customdata}<extra>" + t(label, lang) + "</extra>",
        ))
        if not known.all():
            fig.add_trace(go.Bar(
                y=[lab for lab, k in zip(labels, known) if not k], x=[0.0] * int((~known).sum()), orientation="h",
                offsetgroup=col, marker_color="rgba(0,0,0,0)", text=[nodata] * int((~known).sum()), textposition="outside",
                cliponaxis=False, textfont=dict(size=12, color=theme.MUTED), showlegend=False,
                hovertemplate="%{y}: " + nodata + "<extra>" + t(label, lang) + "</extra>",
            ))
    top = max([float(v) for c, _, _ in series for v in table[c].dropna()] + [0.1])
    fig.update_layout(
        template="aizone", barmode="group", height=height or max(280, 110 + 70 * len(rows)),
        margin=dict(l=10, r=30, t=40, b=50), bargap=0.25,
        xaxis=dict(tickformat=".0%", range=[0, top * 1.25], title=t("balance.fig_share_axis", lang)),
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom", traceorder="reversed"),
    )
    return fig


def province_rate_figure(provinces: pd.DataFrame, lang: str, height: int = 760) -> go.Figure:
    """Zones per 100 million people by province, coloured by macro region; provinces without data say so."""
    df = provinces.copy()
    df["name"] = [pick(z, e, lang) for z, e in zip(df["short_zh"], df["name_en"])]
    df = df.sort_values(["per_100m", "zones"], ascending=[True, True], na_position="first", kind="stable")
    fig = go.Figure()
    nodata = t("balance.fig_no_data", lang)
    for key, colour in theme.MACRO_COLOURS.items():
        part = df[df["macro_region"] == key]
        vals = part["per_100m"].astype("Float64")
        fig.add_trace(go.Bar(
            y=part["name"], x=[float(v) if pd.notna(v) else None for v in vals], orientation="h",
            name=t(f"macro.{key}", lang), marker_color=colour,
            text=[rounding.text(v, "rate", missing=nodata) for v in vals], textposition="outside", cliponaxis=False,
            customdata=list(zip(part["zones"], [rounding.text(v, "rate", missing=nodata) for v in vals])),
            hovertemplate="%{y}: %{customdata[1]}<extra>%{customdata[0]}</extra>",
        ))
    fig.update_layout(
        template="aizone", height=height, barmode="overlay", margin=dict(l=10, r=40, t=10, b=50),
        yaxis=dict(categoryorder="array", categoryarray=list(df["name"])),
        xaxis=dict(title=t("balance.fig_per_100m", lang)),
        legend=dict(x=0.98, y=0.02, xanchor="right", yanchor="bottom"),
    )
    return fig


def _diverging(values: pd.Series) -> list:
    """A blue–grey–vermillion scale whose grey sits at 0 for the data's own range (plotly has no zmid here)."""
    lo, hi = float(values.min()), float(values.max())
    neg, pos = theme.OKABE_ITO["blue"], theme.OKABE_ITO["vermillion"]
    if lo >= 0:
        return [[0.0, NEUTRAL], [1.0, pos]]
    if hi <= 0:
        return [[0.0, neg], [1.0, NEUTRAL]]
    mid = -lo / (hi - lo)
    return [[0.0, neg], [mid, NEUTRAL], [1.0, pos]]


def province_map(provinces: pd.DataFrame, measure: str, base: maps.BaseMap, lang: str, zones: pd.DataFrame | None = None,
                 gaz: pd.DataFrame | None = None, height: int = 600) -> go.Figure:
    """Choropleth of one measure over the 31 provinces; provinces outside them or without data are drawn as no data."""
    df = provinces.set_index("adcode")
    values = df[measure].astype("Float64").dropna().astype(float)
    kind = {"zones": "count", "per_100m": "rate", "per_trn_gdp": "rate", "gap_pp": "pp"}[measure]
    label = t(f"balance.measure.{measure}", lang)
    hover = {}
    for code in base.provinces_main.ids:
        if code not in df.index:
            hover[code] = t("balance.map_outside", lang)
            continue
        r = df.loc[code]
        name = pick(r["short_zh"], r["name_en"], lang)
        v = r[measure]
        hover[code] = t("balance.map_hover", lang, name=name, measure=label,
                        value=rounding.text(v, kind, signed=measure == "gap_pp", missing=t("balance.fig_no_data", lang)), zones=int(r["zones"]))
    scale = _diverging(values) if measure == "gap_pp" and len(values) else MAP_SEQUENTIAL
    layer = maps.ChoroplethLayer(shapes=base.provinces_main, values=values, title=label, hover=pd.Series(hover), colorscale=scale)
    points = []
    if zones is not None and gaz is not None and len(zones):
        points.append(layers.zone_layer(zones, gaz, lang, t("balance.map_zones", lang)))
    return maps.china_map(base, inset_label=t("common.inset", lang), choropleth=layer, points=points, height=height)
