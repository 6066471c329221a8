"""MOST pilot zones and where they stood on a given date.

Many approval dates are known only to the month or year. Each zone therefore carries the window
[date_earliest, date_latest] in which its approval certainly fell, and its status on an as-of date is
:mod:`aizone.dated`'s rule (approved / uncertain / not yet). Counts shown as facts use only certain approvals; the uncertain ones are stated
beside them, so an approximate date never looks exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from aizone import dated, provenance, tables
from aizone.config import GUIDELINE
from aizone.dated import APPROVED, NOT_YET, UNCERTAIN

__all__ = ["APPROVED", "NOT_YET", "UNCERTAIN", "Headline", "as_of", "data_date", "headline", "load", "status_on"]


def load() -> pd.DataFrame:
    """Pilot zones with date bounds as Timestamps, sorted by the earliest possible approval."""
    z = tables.load("pilot_zones").copy()
    z["date_earliest"] = pd.to_datetime(z["date_earliest"].astype(str))
    z["date_latest"] = pd.to_datetime(z["date_latest"].astype(str))
    return z.sort_values(["date_earliest", "zone_id"]).reset_index(drop=True)


def status_on(zones: pd.DataFrame, as_of: date | pd.Timestamp) -> pd.Series:
    return dated.statuses(zones["date_earliest"], zones["date_latest"], as_of)


def as_of(zones: pd.DataFrame, when: date | pd.Timestamp, include_uncertain: bool = True) -> pd.DataFrame:
    """Zones approved by ``when`` (plus, by default, those possibly approved), with a ``status`` column."""
    st = status_on(zones, when)
    keep = st.isin([APPROVED, UNCERTAIN] if include_uncertain else [APPROVED])
    return zones.assign(status=st)[keep].reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    approved: int
    uncertain: int
    target: int
    target_date: date
    as_of: date
    last_approval: pd.Timestamp | None  # latest date_latest among approved zones

    @property
    def share_of_target(self) -> float:
        return self.approved / self.target


def headline(zones: pd.DataFrame, when: date | pd.Timestamp) -> Headline:
    st = status_on(zones, when)
    approved = zones[st == APPROVED]
    return Headline(
        approved=int((st == APPROVED).sum()),
        uncertain=int((st == UNCERTAIN).sum()),
        target=int(GUIDELINE.target_zones.value),
        target_date=GUIDELINE.target_date.value,
        as_of=pd.Timestamp(when).date(),
        last_approval=approved["date_latest"].max() if len(approved) else None,
    )


def data_date() -> date:
    """The day the zone list was last checked against its sources: the newest picture the data can vouch
    for, and so the date every page opens on (the slider's default, the briefing's, the unit card's)."""
    return pd.Timestamp(provenance.read_sidecar(tables.path("pilot_zones")).accessed).date()

