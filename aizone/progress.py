"""How the programme grew against its target, with the uncertainty of each approval date kept visible.

Many letter dates were never seen; for those zones only a window [date_earliest, date_latest] is
known. Every count here therefore comes in two curves: *certain* (the whole window has passed) and
*possible* (the window has begun). A claim such as "11 zones by mid-2020" is made only from the certain
curve; the gap to the possible curve is what the sources cannot settle.

Batches, the pace needed and the outcome are derived from the zone table and the guideline's cited
target, never typed in, so a corrected row changes every figure and sentence that depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from aizone import dated
from aizone.config import GUIDELINE
from aizone.i18n import t

# Zones whose date is known only to the month or year cannot be placed inside that period: they pin a
# batch to the whole period. Other dates are the day the approval became public.
IMPRECISE_BASES = ("month", "year")
# Publications this close together are read as one round of approvals (Dec 2021: 1 and 7 December).
BATCH_GAP = timedelta(days=31)
DAYS_PER_YEAR = 365.25


def _day(when: date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(when).normalize()


@dataclass(frozen=True)
class Counts:
    certain: int  # approved for sure by the date
    possible: int  # certain plus those whose window has begun

    @property
    def uncertain(self) -> int:
        return self.possible - self.certain


def _status(zones: pd.DataFrame, when: date | pd.Timestamp) -> pd.Series:
    return dated.statuses(zones["date_earliest"], zones["date_latest"], _day(when))


def counts_on(zones: pd.DataFrame, when: date | pd.Timestamp) -> Counts:
    status = _status(zones, when)
    return Counts(certain=int((status == dated.APPROVED).sum()), possible=int((status != dated.NOT_YET).sum()))


def timeline_start(zones: pd.DataFrame) -> date:
    """1 January of the year the first approval window opens: the time-travel range starts before any zone."""
    return date(int(zones["date_earliest"].min().year), 1, 1)


def change_dates(zones: pd.DataFrame) -> list[date]:
    """Days on which either curve steps: a window opening or closing."""
    days = pd.concat([zones["date_earliest"], zones["date_latest"]]).dropna().dt.date
    return sorted(set(days))


def cumulative(zones: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Step series (date, certain, possible), one row per change day plus the two ends; draw with shape 'hv'."""
    days = sorted({start, end, *(d for d in change_dates(zones) if start <= d <= end)})
    rows = [(d, c.certain, c.possible) for d, c in ((d, counts_on(zones, d)) for d in days)]
    return pd.DataFrame(rows, columns=["date", "certain", "possible"])


# ---- batches ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    zone_ids: tuple[str, ...]
    last: date  # the day the whole batch was certainly approved
    period: str  # "year" when the batch cannot be placed inside its year, else "month" (of ``last``)
    cumulative: int  # certain approvals once the batch is complete

    @property
    def size(self) -> int:
        return len(self.zone_ids)

    def label(self, lang: str) -> str:
        if self.period == "year":
            return t("progress.batch_year", lang, year=self.last.year)
        mon = t("progress.months", lang).split(",")[self.last.month - 1]
        return t("progress.batch_month", lang, year=self.last.year, month=self.last.month, mon=mon)


def batches(zones: pd.DataFrame) -> list[Batch]:
    """Rounds of approval as the sources let them be told apart.

    Each zone occupies its publication day, or its whole window when the date is known only to the month or
    year; occupied spans that overlap or lie within ``BATCH_GAP`` of each other form one batch. So 2019 is
    one batch (three letters dated only "2019"), while 2020 splits into March and September.
    """
    spans = []
    for _, r in zones.iterrows():
        lo = r["date_earliest"] if r["date_basis"] in IMPRECISE_BASES else r["date_latest"]
        spans.append((lo.date(), r["date_latest"].date(), r["zone_id"]))
    spans.sort()
    groups: list[list[tuple]] = []
    reach = None
    for s in spans:
        if groups and s[0] <= reach + BATCH_GAP:
            groups[-1].append(s)
            reach = max(reach, s[1])
        else:
            groups.append([s])
            reach = s[1]
    out = []
    for g in groups:
        lo, hi = min(s[0] for s in g), max(s[1] for s in g)
        ids = tuple(s[2] for s in sorted(g, key=lambda s: (s[1], s[2])))
        out.append(Batch(zone_ids=ids, last=hi, period="year" if hi - lo > BATCH_GAP else "month",
                         cumulative=counts_on(zones, hi).certain))
    return out


# ---- target, pace, outcome -------------------------------------------------------------------------------


def target() -> tuple[int, date]:
    return int(GUIDELINE.target_zones.value), GUIDELINE.target_date.value


@dataclass(frozen=True)
class Pace:
    start: date
    count_at_start: int  # certain approvals on the start day
    needed_per_year: float  # rate that would have reached the target exactly at the deadline
    actual_per_year: float  # certain approvals after the start, per year, up to the deadline (or as-of)
    approved_in_period: int
    period_end: date

    @property
    def on_track(self) -> bool:
        return self.actual_per_year >= self.needed_per_year


def _years(a: date, b: date) -> float:
    return (b - a).days / DAYS_PER_YEAR


def pace(zones: pd.DataFrame, start: date, as_of: date | None = None) -> Pace:
    """Zones a year needed from ``start`` to reach the target by the deadline, against what happened."""
    goal, deadline = target()
    at_start = counts_on(zones, start).certain
    end = max(start, min(deadline, as_of) if as_of is not None else deadline)
    done = counts_on(zones, end).certain - at_start
    span = _years(start, end)
    return Pace(start=start, count_at_start=at_start,
                needed_per_year=max(goal - at_start, 0) / _years(start, deadline),
                actual_per_year=done / span if span > 0 else 0.0,
                approved_in_period=done, period_end=end)


def first_approval(zones: pd.DataFrame) -> date:
    """The day the first zone was certainly approved (Beijing, end of Feb 2019)."""
    return zones.loc[zones["date_latest"].idxmin(), "date_latest"].date()


def guideline_date() -> date:
    """The revised guideline that set the target was signed on this day."""
    return GUIDELINE.signed


def last_approval(zones: pd.DataFrame, when: date) -> tuple[date, date] | None:
    """When the latest approval certain by ``when`` happened, as a window (lo, hi).

    Each approved zone's true date lies in its window, so the latest of them lies between the latest window
    start and the latest window end. ``None`` before the first approval.
    """
    done = zones[_status(zones, when) == dated.APPROVED]
    if done.empty:
        return None
    return done["date_earliest"].max().date(), done["date_latest"].max().date()


def window_label(lo: date, hi: date) -> str:
    """A date at the precision the sources allow: a day, a month, a year, or the window itself."""
    if lo == hi:
        return hi.isoformat()
    if (lo.year, lo.month) == (hi.year, hi.month):
        return hi.strftime("%Y-%m")
    if lo.year == hi.year:
        return str(hi.year)
    return f"{lo.isoformat()} – {hi.isoformat()}"


@dataclass(frozen=True)
class Outcome:
    approved: int  # certain by the reference date
    uncertain: int
    target: int
    deadline: date
    reference: date  # the deadline, or the as-of date if that is earlier
    final: bool  # the deadline has passed by the as-of date
    last: tuple[date, date] | None  # window of the last approval by the reference date

    @property
    def share(self) -> float:
        return self.approved / self.target

    @property
    def shortfall(self) -> int:
        return max(self.target - self.approved, 0)

    def last_text(self) -> str:
        return window_label(*self.last) if self.last else "—"


def outcome(zones: pd.DataFrame, as_of: date) -> Outcome:
    """Where the programme stood at the deadline (or on ``as_of`` if earlier), from certain approvals only."""
    goal, deadline = target()
    ref = min(deadline, as_of)
    c = counts_on(zones, ref)
    return Outcome(approved=c.certain, uncertain=c.uncertain, target=goal, deadline=deadline, reference=ref,
                   final=as_of >= deadline, last=last_approval(zones, ref))


# ---- time travel -----------------------------------------------------------------------------------------


def clamp(when: date, lo: date, hi: date) -> date:
    return min(max(when, lo), hi)


def parse_as_of(text: str, lo: date, hi: date) -> date:
    """A date from a URL; garbage raises ValueError (the caller falls back), out-of-range dates are clamped."""
    return clamp(date.fromisoformat(str(text).strip()[:10]), lo, hi)


def key_dates(zones: pd.DataFrame, lo: date, hi: date, extra: tuple[date, ...] = ()) -> list[date]:
    """The stops of the ▶ play: the range start, every day a count changes, the deadline, ``extra``, the end."""
    _, deadline = target()
    days = {lo, hi, deadline, *extra, *change_dates(zones)}
    return sorted(d for d in days if lo <= d <= hi)


@dataclass(frozen=True)
class TimeRange:
    """What the as-of slider offers: ``lo``..``hi`` (today), the ``default`` date and the ▶ play stops."""

    lo: date
    hi: date
    default: date
    keys: list[date]


def time_range(zones: pd.DataFrame, checked: date, today: date) -> TimeRange:
    """The range, the default and the play's last stop are the day the zone list was last checked (the
    newest picture the data can vouch for; a later day would show approvals nobody has looked for), never
    past today."""
    lo = timeline_start(zones)
    hi = clamp(checked, lo, today)
    return TimeRange(lo, hi, hi, key_dates(zones, lo, hi, extra=(hi,)))


@dataclass(frozen=True)
class Preset:
    """A date a reader jumps to beside the slider."""

    day: date
    kind: str  # "year_end", "target" (the guideline's deadline) or "latest" (the data's date)


def presets(lo: date, hi: date) -> list[Preset]:
    """The end of each year in ``lo``..``hi``, the guideline's target date and ``hi`` (the data's date), in
    order; a year's end that is also the target or the end of the range is listed once, under that name."""
    _, deadline = target()
    kinds = {date(y, 12, 31): "year_end" for y in range(lo.year, hi.year + 1) if lo <= date(y, 12, 31) <= hi}
    if lo <= deadline <= hi:
        kinds[deadline] = "target"
    kinds[hi] = "latest"
    return [Preset(d, k) for d, k in sorted(kinds.items())]


def next_key_date(current: date, keys: list[date]) -> date | None:
    later = [d for d in keys if d > current]
    return later[0] if later else None


# ---- how a date is shown ---------------------------------------------------------------------------------


def date_text(row: pd.Series, lang: str) -> str:
    """A zone's date with its basis; a window is spelled out whenever the day itself is not certain."""
    basis = t(f"basis.{row['date_basis']}", lang)
    lo, hi = row["date_earliest"].date(), row["date_latest"].date()
    if lo == hi:
        return t("progress.date_exact", lang, date=row["date"], basis=basis)
    return t("progress.date_window", lang, date=row["date"], basis=basis, lo=lo.isoformat(), hi=hi.isoformat())
