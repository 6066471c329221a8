"""The zone list on a date: one list for every page that travels in time (overview, progress).

A reader who moves the date asks "which zones were approved by then, in this strategy or that region?".
The list answers with the status rule the headline counts use (``zones.status_on``, i.e.
:mod:`aizone.dated`), so a headline and the list beside it cannot disagree on any date. Zones are placed in
strategies and macro regions by adcode through :func:`aizone.balance.join`, the same placement the balance
page counts with (a county zone reaches its city and province through the gazetteer, never by name).

Rows are in the order the approvals became certain (the end of each zone's window), then by the earliest
day they can have happened, so a zone known only to "2019" sits after the 2019 letters it cannot precede.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from aizone import balance, citations, dated, progress, zones
from aizone.i18n import pick, t
from aizone.strategies import STRATEGIES
from aizone.tables import MACROS

ALL = ""  # the filter value that keeps every zone (and is left out of the URL)
ORDER = ["date_latest", "date_earliest", "zone_id"]


def place(z: pd.DataFrame, gaz: pd.DataFrame, members: pd.DataFrame, macro: pd.DataFrame) -> pd.DataFrame:
    """The zone table in date order with ``macro_region``, ``strategies`` (a tuple of ids) and short names."""
    inputs = balance.Inputs(gaz=gaz, members=members, macro=macro, province_stats=pd.DataFrame(),
                            city_stats=pd.DataFrame())
    j = balance.join(z.reset_index(drop=True), inputs)
    out = z.reset_index(drop=True).copy()
    out["macro_region"] = j["macro_region"].values
    scopes = j[[f"scope_{s}" for s in STRATEGIES]]
    out["strategies"] = [tuple(s for s in STRATEGIES if pd.notna(row[f"scope_{s}"])) for _, row in scopes.iterrows()]
    out["short_zh"] = j["unit_zh"].values
    return out.sort_values(ORDER, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Filter:
    strategy: str = ALL  # a strategy id, or ALL
    region: str = ALL  # a macro region, or ALL

    def __post_init__(self):
        if self.strategy not in (ALL, *STRATEGIES):
            raise ValueError(f"unknown strategy {self.strategy!r}")
        if self.region not in (ALL, *MACROS):
            raise ValueError(f"unknown macro region {self.region!r}")


def on_date(placed: pd.DataFrame, when: date, where: Filter = Filter()) -> pd.DataFrame:
    """The placed zones that pass the filter, each with its ``status`` on ``when``, in date order."""
    rows = placed.assign(status=zones.status_on(placed, when))
    if where.strategy:
        rows = rows[[where.strategy in s for s in rows["strategies"]]]
    if where.region:
        rows = rows[rows["macro_region"] == where.region]
    return rows.reset_index(drop=True)


def visible(rows: pd.DataFrame, later: bool) -> pd.DataFrame:
    """The rows a reader sees: those on the map by the date, plus the later ones when asked for."""
    return rows if later else rows[rows["status"].map(dated.shown)].reset_index(drop=True)


def short_name(row: pd.Series, lang: str) -> str:
    return str(pick(row["short_zh"], row["name_en"], lang))


def _names(rows: pd.DataFrame, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(short_name(r, lang) for _, r in rows.iterrows())


def scope_text(where: Filter, lang: str) -> str:
    """Where the answer is about: the whole country, a strategy, a macro region, or both."""
    parts = ([t(f"strategy.{where.strategy}", lang)] if where.strategy else []) + \
            ([t(f"macro.{where.region}", lang)] if where.region else [])
    return t("zonelist.scope_sep", lang).join(parts) if parts else t("zonelist.scope_all", lang)


def answer(rows: pd.DataFrame, when: date, where: Filter, lang: str) -> str:
    """One line: how many zones were approved by ``when`` in the filtered area, and which (``on_date`` rows)."""
    approved = rows[rows["status"] == dated.APPROVED]
    possible = rows[rows["status"] == dated.UNCERTAIN]
    head = dict(date=when.isoformat(), scope=scope_text(where, lang))
    if len(approved):
        text = t("zonelist.answer", lang, n=len(approved), names=_names(approved, lang), **head)
    else:
        text = t("zonelist.answer_none", lang, **head)
    if len(possible):
        text += t("zonelist.answer_possible", lang, u=len(possible), names=_names(possible, lang))
    return text + t("zonelist.answer_end", lang)


def table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows for people: name, status on the date, date with its basis, level, strategies, region,
    document, confidence and the document's official copy (linked only where one is known)."""
    cites = citations.cite_rows(rows, lang)
    sep = "、" if lang == "zh" else ", "
    return pd.DataFrame({
        t("zonelist.col_name", lang): [pick(a, b, lang) for a, b in zip(rows["name_zh"], rows["name_en"])],
        t("progress.col_status", lang): [t(f"progress.status_{s}", lang) for s in rows["status"]],
        t("zonelist.col_date", lang): [progress.date_text(r, lang) for _, r in rows.iterrows()],
        t("zonelist.col_level", lang): [t(f"level.{v}", lang) for v in rows["unit_level"]],
        t("zonelist.col_strategies", lang): [sep.join(t(f"strategy.{s}", lang) for s in ss) or None
                                             for ss in rows["strategies"]],
        t("zonelist.col_region", lang): [t(f"macro.{m}", lang) if isinstance(m, str) else None
                                         for m in rows["macro_region"]],
        t("zonelist.col_document", lang): [c.text or d for c, d in zip(cites, rows["document"])],
        t("zonelist.col_confidence", lang): [t(f"conf.{c}", lang) for c in rows["confidence"]],
        t("zonelist.col_source", lang): [c.link or None for c in cites],
    })
