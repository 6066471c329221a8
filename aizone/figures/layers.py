"""Data → map layers, in the user's language. Pure, so pages and exports build identical maps."""

from __future__ import annotations

import pandas as pd

from aizone import dated
from aizone.figures import theme
from aizone.figures.maps import PointLayer, RegionLayer, Shapes
from aizone.i18n import pick, t

def unit_points(adcodes: pd.Series, gaz: pd.DataFrame, levels: pd.Series | None = None) -> pd.DataFrame:
    """Representative points for adcodes; county-level zones (德清) take the county's point."""
    cols = ["adcode", "lon", "lat", "short_zh", "name_zh", "name_en"]
    if len(adcodes) == 0:
        return pd.DataFrame(columns=cols)
    g = gaz.drop_duplicates(["adcode", "level"])
    by_code: dict[str, list[dict]] = {}
    for rec in g[["adcode", "level", *cols[1:]]].to_dict("records"):  # one pass, then lookups (no per-row filter)
        by_code.setdefault(str(rec["adcode"]), []).append(rec)
    out = []
    for i, code in enumerate(adcodes.astype(str)):
        want = None if levels is None else levels.iloc[i]
        cand = by_code.get(code, [])
        if want is not None and any(r["level"] == want for r in cand):
            cand = [r for r in cand if r["level"] == want]
        if not cand:
            raise ValueError(f"adcode {code} is not in the gazetteer")
        r = cand[0]
        out.append({"adcode": code, "lon": float(r["lon"]), "lat": float(r["lat"]),
                    "short_zh": r["short_zh"], "name_zh": r["name_zh"], "name_en": r["name_en"]})
    return pd.DataFrame(out, columns=cols)


def date_label(row, lang: str) -> str:  # a row: Series or record dict
    basis = row.get("date_basis")
    basis_txt = t(f"basis.{basis}", lang) if isinstance(basis, str) and basis else ""
    return f"{row['date']}（{basis_txt}）" if lang == "zh" else f"{row['date']} ({basis_txt})"


def zone_layer(zones: pd.DataFrame, gaz: pd.DataFrame, lang: str, label: str, show_text: bool = True) -> PointLayer:
    levels = zones["unit_level"].map(lambda v: "county" if v == "county" else "city")
    pts = unit_points(zones["adcode"], gaz, levels)
    # Map labels are short (德清, Deqing); the hover carries the full name.
    names = [pick(z, str(e).removesuffix(" County"), lang) for z, e in zip(pts["short_zh"], zones["name_en"])]
    conf = [t(f"conf.{c}", lang) if isinstance(c, str) else "" for c in zones["confidence"]]
    approved_word = "批复" if lang == "zh" else "Approved"
    hover = [
        f"<b>{zh}</b> {en}<br>{approved_word}: {date_label(row, lang)}<br>{t('common.confidence', lang)}: {c}"
        for zh, en, row, c in zip(pts["name_zh"], zones["name_en"], zones.to_dict("records"), conf)
    ]
    pts = pts.assign(text=names, hover=hover)
    uncertain = (zones["status"] == dated.UNCERTAIN).reset_index(drop=True) if "status" in zones else None
    return PointLayer(key="zones", label=label, points=pts, colour=theme.ZONE, symbol="circle", size=12,
                      show_text=show_text, uncertain=uncertain)


def strategy_layers(keys, shapes: dict[str, Shapes], lang: str) -> list[RegionLayer]:
    out = []
    for k in keys:
        if k not in shapes:
            continue
        base = k.split("-")[0]
        out.append(RegionLayer(key=k, label=t(f"strategy.{k}", lang), shapes=shapes[k],
                               colour=theme.STRATEGY_COLOURS.get(k, theme.STRATEGY_COLOURS.get(base, theme.MUTED)),
                               dash=theme.STRATEGY_DASH.get(base, "solid")))
    return out
