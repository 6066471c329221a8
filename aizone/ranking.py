"""Ranks as a reader can take them: tied scores shown as one place range, and the rank range said in words.

``aizone.eligibility`` computes the rank (1 + the number of units with a higher proved score) and the
best/worst rank the unknowns allow. On their own those numbers mislead twice: ten cities on the same
score all read "8", as if each had the eighth place to itself, and "1–320" looks like a measurement
error rather than what it is. Here the tie group is written out ("8–17 (10 tied)") and the range gets one
sentence saying where it comes from: this unit's unknowns lift its best rank, other units' unknowns push
its worst. The page, the ranking download and the Markdown card all use these two texts.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from aizone.i18n import t


def ties(score: pd.Series) -> pd.DataFrame:
    """Per unit: how many units share its proved score (``tied``) and the last place of that group
    (``tie_last``); the first place is the rank itself."""
    counts = score.map(score.value_counts())
    rank = score.map(lambda v: 1 + int((score > v).sum()))
    return pd.DataFrame({"tied": counts.astype(int), "tie_last": (rank + counts - 1).astype(int)}, index=score.index)


def places(row: Mapping) -> str:
    """The places a unit holds: "8", or "8–17" for a tie of ten (the card's metric, with the tie in its label)."""
    rank, tied = int(row["rank"]), int(row.get("tied", 1) or 1)
    return str(rank) if tied <= 1 else f"{rank}–{rank + tied - 1}"


def rank_label(row: Mapping, lang: str) -> str:
    """The rank's label on the card: "Rank", or "Rank (10 tied)" / "排名（10 个并列）"."""
    tied = int(row.get("tied", 1) or 1)
    return t("candidates.col.rank", lang) if tied <= 1 else t("candidates.rank_label_tied", lang, n=tied)


def rank_text(row: Mapping, lang: str) -> str:
    """"8" for a place of its own; "8–17 (10 tied)" / "8–17（10 个并列）" for a shared score."""
    rank, tied = int(row["rank"]), int(row.get("tied", 1) or 1)
    if tied <= 1:
        return str(rank)
    return t("candidates.rank_tied", lang, first=rank, last=rank + tied - 1, n=tied)


def range_sentence(row: Mapping, n_criteria: int, lang: str) -> str:
    """One line on the rank range: its ends, and which unknowns make it (this unit's, other units', both)."""
    rank, best, worst = int(row["rank"]), int(row["best"]), int(row["worst"])
    k = int(row["n_unknown"])
    others = worst - rank  # units that could overtake it if their unknowns pass
    params = dict(rank=rank_text(row, lang), best=best, worst=worst, k=k, n=n_criteria, m=others)
    if best == worst or (k == 0 and others <= 0):
        return t("candidates.range.fixed", lang, **params)
    if k and others > 0:
        return t("candidates.range.both", lang, **params)
    if k:
        return t("candidates.range.own", lang, **params)
    return t("candidates.range.others", lang, **params)
