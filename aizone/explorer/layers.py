"""What each programme puts on the map on a date: its rows' statuses, its place frames and its markers.

Several national programmes sit in the same cities, and two of them have nearly the same name: MOST's AI
innovation and development pilot zones (试验区) and MIIT's AI innovation *application* pilot zones (先导区).
Each programme therefore stays its own layer built from its own table, with its own marker shape, and no
count ever adds one to the other. A row's status on the date is :mod:`aizone.dated`'s rule, worked out once
per rerun (``row_status``) and handed to every layer; rows without a date are always shown.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Callable

import numpy as np
import pandas as pd

from aizone import dated, zones
from aizone.explorer import hover
from aizone.explorer.tables import Tables, records
from aizone.figures import layers as figlayers
from aizone.figures import theme
from aizone.figures.maps import PointLayer
from aizone.i18n import t

# Toggleable layers, in drawing order below the strategy areas (macro) and above them (markers).
LAYERS = ("zones", "miit", "platforms", "demo_zones", "hubs", "macro")
POINT_LAYERS = ("zones", "miit", "platforms", "demo_zones", "hubs")
DATED_LAYERS = ("zones", "miit", "platforms", "demo_zones")  # hubs have no dates

# Presentation, not data. Shapes differ so the layers survive greyscale printing; each programme's marker
# is nudged a fixed way (in units of the frame's width) so markers sharing a city do not hide each other.
MARKERS = {
    "zones": dict(symbol="circle", colour=theme.ZONE, size=12, offset=(0.0, 0.0)),
    "miit": dict(symbol="diamond", colour=theme.OKABE_ITO["orange"], size=11, offset=(1.0, 0.8)),
    "platforms": dict(symbol="triangle-up", colour=theme.OKABE_ITO["blue"], size=13, offset=(-1.0, 0.8)),
    "demo_zones": dict(symbol="square", colour=theme.OKABE_ITO["green"], size=9, offset=(1.0, -0.8)),
    "hubs": dict(symbol="star", colour=theme.OKABE_ITO["purple"], size=13, offset=(-1.0, -0.8)),
}
OFFSET_FRACTION = 1 / 110  # one offset unit = this share of the visible longitude span


# ----------------------------------------------------------------------------------------------- statuses


def row_status(tb: Tables, as_of: date) -> dict[str, tuple[str, ...]]:
    """Layer -> the status on ``as_of`` of each row of its dated table (computed once per rerun: the figure
    cache, each layer's cache and the city hover facts all key on it). Hubs have no dates and no entry.
    From the windows parsed once, not pandas per date: it runs on every rerun, cached figure or not."""
    ts = pd.Timestamp(as_of)
    return {k: tuple(dated.status(w, ts) for w in tb.row_windows[k]) for k in DATED_LAYERS}


def _layer_status(tb: Tables, key: str, as_of: date) -> list[str]:
    return [dated.status(w, as_of) for w in tb.row_windows[key]]


def shown_places(tb: Tables, key: str, status) -> list[dict]:
    """The layer's place records (``Tables.place_rows``) whose table row is shown on the date, each with
    its row's ``status``: what the map draws and what the layer frames below hold."""
    return [{**r, "status": status[r["row"]]} for r in tb.place_rows[key] if dated.shown(status[r["row"]])]


# ----------------------------------------------------------------------------------------------- layer frames


def most_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """MOST pilot zones approved or possibly approved by ``as_of`` (column ``status``)."""
    return zones.as_of(tb.zones, as_of)


def miit_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """MIIT application pilot zones, one row per city they name; only rows of the MIIT table."""
    cols = ["adcode", "miit_zone_id", "name_zh", "name_en", "date", "batch_year", "status", "confidence", "doc_id"]
    return pd.DataFrame(shown_places(tb, "miit", _layer_status(tb, "miit", as_of)), columns=cols)


def platform_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """Open innovation platforms named by ``as_of``, one row per platform with a recorded host city."""
    cols = [c for c in tb.platforms.columns if c != "host_city_adcode"] + ["adcode", "status"]
    return pd.DataFrame(shown_places(tb, "platforms", _layer_status(tb, "platforms", as_of)), columns=cols)


def platform_unlocated(tb: Tables) -> int:
    """Platforms whose host city is not recorded: they cannot be drawn, and the page says how many."""
    return int(tb.platforms["host_city_adcode"].isna().sum())


def demo_zone_layer(tb: Tables, as_of: date) -> pd.DataFrame:
    """Independent innovation demonstration zones, one row per member city."""
    cols = ["adcode", "name_zh", "name_en", "approval_year", "status", "confidence", "doc_id"]
    return pd.DataFrame(shown_places(tb, "demo_zones", _layer_status(tb, "demo_zones", as_of)), columns=cols)


def hub_layer(tb: Tables) -> pd.DataFrame:
    """Computing hub clusters, one row per place named; the table has no dates, so time travel leaves it alone."""
    return tb.hub_rows.copy()


def macro_layer(tb: Tables) -> dict[str, tuple[str, ...]]:
    """Macro region -> its province adcodes, in the order of theme.MACRO_COLOURS."""
    m = tb.macro
    return {k: tuple(sorted(m.loc[m["macro_region"] == k, "province_adcode"].astype(str))) for k in theme.MACRO_COLOURS}


# ----------------------------------------------------------------------------------------------- markers


def _place(codes: list[str], tb: Tables, key: str, span: float) -> pd.DataFrame:
    """Representative point of each unit, nudged by the layer's offset (so layers at one city do not hide
    each other), rounded to 3 decimals (~100 m)."""
    missing = [c for c in codes if c not in tb.point]
    if missing:
        raise ValueError(f"adcode {missing[0]} is not in the gazetteer")
    lon = np.array([tb.point[c][0] for c in codes], dtype=float)
    lat = np.array([tb.point[c][1] for c in codes], dtype=float)
    dx, dy = MARKERS[key]["offset"]
    unit = span * OFFSET_FRACTION
    lat_scale = 1 / max(math.cos(math.radians(float(lat.mean() if len(lat) else 30))), 0.3)
    return pd.DataFrame({"adcode": codes, "lon": np.round(lon + dx * unit * lat_scale, 3),
                         "lat": np.round(lat + dy * unit, 3)})


def _point_layer(key: str, label: str, pts: pd.DataFrame, hover_text: list[str],
                 uncertain: pd.Series | None = None) -> PointLayer:
    m = MARKERS[key]
    pts = pts.assign(hover=hover_text, text=[""] * len(pts))
    return PointLayer(key=key, label=label, points=pts, colour=m["colour"], symbol=m["symbol"], size=m["size"],
                      show_text=False, uncertain=uncertain)


def _dated_points(tb: Tables, key: str, as_of: date, lang: str, span: float,
                  text: Callable[[dict, str], str]) -> PointLayer:
    """The layer's places whose table row is shown on the date, drawn open where the row's date is not
    certain by then."""
    rows = shown_places(tb, key, _layer_status(tb, key, as_of))
    pts = _place([r["adcode"] for r in rows], tb, key, span)
    return _point_layer(key, t(f"explorer.layer.{key}", lang), pts, [text(r, lang) for r in rows],
                        uncertain=pd.Series([r["status"] == dated.UNCERTAIN for r in rows], dtype=bool))


def miit_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    return _dated_points(tb, "miit", as_of, lang, span, hover.miit_marker)


def demo_zone_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    return _dated_points(tb, "demo_zones", as_of, lang, span, hover.demo_zone_marker)


def platform_points(tb: Tables, as_of: date, lang: str, span: float) -> PointLayer:
    """One marker per host city, its hover listing the city's platforms named by ``as_of``; open when every
    one of them is uncertain by then."""
    per_city: dict[str, list[dict]] = {}
    for r in shown_places(tb, "platforms", _layer_status(tb, "platforms", as_of)):
        per_city.setdefault(r["adcode"], []).append(r)
    text = [hover.platform_marker(c, rows, tb, lang) for c, rows in per_city.items()]
    return _point_layer("platforms", t("explorer.layer.platforms", lang), _place(list(per_city), tb, "platforms", span),
                        text, uncertain=pd.Series([all(r["status"] == dated.UNCERTAIN for r in rows)
                                                   for rows in per_city.values()], dtype=bool))


def hub_points(tb: Tables, lang: str, span: float) -> PointLayer:
    d = tb.hub_rows
    pts = _place(d["adcode"].astype(str).tolist(), tb, "hubs", span)
    return _point_layer("hubs", t("explorer.layer.hubs", lang), pts, [hover.hub_marker(r, lang) for r in records(d)])


def all_zone_points(tb: Tables, lang: str) -> PointLayer:
    """The MOST zone layer with every zone in it, once per language: a date keeps some of its rows."""
    if lang not in tb._zone_points:
        gaz = tb.gaz[tb.gaz["adcode"].isin(set(tb.zones["adcode"].astype(str)))]
        tb._zone_points[lang] = figlayers.zone_layer(tb.zones, gaz, lang, t("explorer.layer.zones", lang))
    return tb._zone_points[lang]


def zone_points(tb: Tables, as_of: date, lang: str) -> PointLayer:
    """The zones shown on ``as_of`` (approved or possibly approved; the latter drawn open), in table order."""
    status = zones.status_on(tb.zones, as_of)
    keep = status.map(dated.shown).to_numpy(dtype=bool)
    layer = all_zone_points(tb, lang)
    return replace(layer, points=layer.points[keep].reset_index(drop=True),
                   uncertain=(status[keep] == dated.UNCERTAIN).reset_index(drop=True))
