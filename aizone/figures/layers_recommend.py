"""Map layers for the recommender's sets (pure, beside ``layers``): the picks and the runner-up as markers."""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from aizone.figures import theme
from aizone.figures.layers import unit_points
from aizone.figures.maps import PointLayer
from aizone.i18n import pick


def set_layer(codes: Sequence[str], gaz: pd.DataFrame, lang: str, label: str, key: str, colour: str,
              symbol: str = "star", size: int = 16, hover_extra: Mapping[str, str] | None = None,
              show_text: bool = True) -> PointLayer:
    """Markers for a set of candidate cities, labelled with the short name; ``hover_extra`` adds a line per code."""
    pts = unit_points(pd.Series(list(codes), dtype="string"), gaz, pd.Series(["city"] * len(codes)))
    extra = hover_extra or {}
    names = [str(pick(z, e, lang)) for z, e in zip(pts["short_zh"], pts["name_en"])]
    hover = [f"<b>{zh}</b> {en}<br>{label}" + (f"<br>{extra[c]}" if c in extra else "")
             for zh, en, c in zip(pts["name_zh"], pts["name_en"], pts["adcode"])]
    return PointLayer(key=key, label=label, points=pts.assign(text=names, hover=hover), colour=colour, symbol=symbol,
                      size=size, show_text=show_text)


PICK_COLOUR = theme.OKABE_ITO["blue"]
RUNNER_COLOUR = theme.OKABE_ITO["orange"]
