"""The analyst's points counted per city and per county, as user evidence for the candidate engine.

The candidates page reads a user's figures as wide rows (adcode + indicator columns), the shape the indicator
upload produces, and overlays them with ``aizone.candidates.merge_user_data`` as ``source = "user"``. Point
counts take the same road: the user says what the points are (data centres, R&D institutes, ...: one of the
engine's count indicators), and every city and county with at least one point gets that many. Units without
points get no row: a list of companies is rarely complete, so an absent unit stays unknown, never 0.

Each row carries ``caveat = "user_points"`` and the user's own label in ``detail`` (e.g. "AI companies"), so the
assessment card says the figure was counted from the user's points, not typed in a table. Where the indicator
upload gives a figure for the same unit and indicator, the typed figure wins (:func:`combine`).
"""

from __future__ import annotations

import pandas as pd

# The engine's count indicators a list of located places can count (flags, money and zone lists are left out:
# a point does not make a plan, an industry figure or a national designation).
INDICATORS = ("data_centres", "ai_rd_institutes", "ai_universities", "open_platforms", "ai_scenarios")
CAVEAT = "user_points"
LABEL_MAX = 40


def rows(joined: pd.DataFrame, indicator: str, label: str = "") -> pd.DataFrame:
    """One row per city and per county holding points: adcode, ``indicator`` (the count), detail, caveat, source."""
    if indicator not in INDICATORS:
        raise ValueError(f"{indicator!r} is not a count indicator points can give; expected one of {', '.join(INDICATORS)}")
    parts = [joined[col].astype(str).value_counts() for col in ("city_adcode", "county_adcode")]
    counts = pd.concat(parts)
    counts = counts[~counts.index.duplicated()]  # a county-level unit that is its own city is counted once
    out = pd.DataFrame({"adcode": counts.index.astype(str), indicator: counts.to_numpy().astype("int64")})
    out["detail"] = str(label).strip()[:LABEL_MAX]
    out["caveat"] = CAVEAT
    out["source"] = "user"
    return out.sort_values("adcode").reset_index(drop=True)


def combine(typed: pd.DataFrame | None, counted: pd.DataFrame | None) -> pd.DataFrame | None:
    """The indicator upload's rows plus the point counts, a typed figure winning over a count for the same
    (adcode, indicator). Either may be None; None when both are."""
    if counted is None or not len(counted):
        return typed
    if typed is None or not len(typed):
        return counted
    ind = next(c for c in counted.columns if c in INDICATORS)
    if ind in typed.columns:
        given = set(typed.loc[typed[ind].notna(), "adcode"].astype(str))
        counted = counted[~counted["adcode"].isin(given)]
    return pd.concat([typed, counted], ignore_index=True)
