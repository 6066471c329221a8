"""The guideline's application conditions (国科发规〔2020〕254号, part 三) as an open, checkable engine.

Why a separate engine: a planner has to see *why* a city scores what it scores. Every criterion therefore
returns pass, fail or **unknown** together with the evidence rows it read (value, year, source URL), and
the score is shown as a range: what the evidence proves, and what it could reach if every unknown went its
way. Unknown is never quietly a fail: most public lists behind these criteria are incomplete, and a city
missing from an incomplete list has simply not been shown to qualify.

The engine reads a long *evidence* table (one row per fact: adcode, indicator, value, year, url, …) built
by ``aizone.candidates`` from the shipped tables and optionally overlaid with a user's own figures. It knows
nothing about where rows come from, so user data and fixtures go through exactly the same rules.

Scoring is our reading, not the guideline's: the guideline lists conditions a city "should have" and gives
no weights. Within a condition each criterion counts equally; conditions carry the weights in
``config.ELIGIBILITY`` (equal by default, changeable in the UI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from aizone import ranking
from aizone.config import ELIGIBILITY

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
STATUSES = (PASS, FAIL, UNKNOWN)
CITY, COUNTY = "city", "county"

EVIDENCE_COLUMNS = ("adcode", "indicator", "value", "kind", "bound", "year", "source", "table", "url", "detail",
                    "caveat", "confidence")


@dataclass(frozen=True)
class Criterion:
    """One testable phrase of the guideline. ``quote_zh`` is the guideline's own words for it."""

    key: str
    path: str  # city | county
    condition: str  # C1..C4 for cities, K for the county paragraph
    rule: str  # count | any | threshold
    indicators: tuple[str, ...]
    quote_zh: str
    threshold: str = ""  # name of the ELIGIBILITY clause holding the minimum, for rule == threshold
    can_fail: bool = True  # False where the guideline sets no bar a list could show to be missed
    context: tuple[str, ...] = ()  # indicators shown beside the verdict but never used to decide it
    priority: bool = False  # "优先支持": a preference, not a requirement
    # An indicator from a complete list without which the criterion cannot be met: a recorded 0 there fails
    # it (no higher-education institution at all -> no university with an AI school), >= 1 changes nothing.
    prerequisite: str = ""

    @property
    def clause(self):
        return ELIGIBILITY.condition(self.condition).clause


CRITERIA: tuple[Criterion, ...] = (
    Criterion("c1_university", CITY, "C1", "count", ("ai_universities",), "拥有设立人工智能学院或研究院的高校",
              prerequisite="heis"),
    Criterion("c1_institutes", CITY, "C1", "count", ("ai_rd_institutes",),
              "拥有人工智能基础研究或关键技术领域的高水平研发机构，拥有一批高水平的人工智能创新团队"),
    Criterion("c2_zone", CITY, "C2", "any", ("nidz", "htz"), "原则上为国家自主创新示范区或国家高新区所在城市"),
    Criterion("c2_priority", CITY, "C2", "count", ("ai_priority", "ai_plan"), "已明确将发展人工智能作为重点产业方向"),
    Criterion("c2_core", CITY, "C2", "threshold", ("ai_core_bn",), "人工智能核心产业规模超过50亿元",
              threshold="core_industry_min_bn_cny", context=("ai_other_bn",)),
    Criterion("c2_related", CITY, "C2", "threshold", ("ai_related_bn",), "人工智能相关产业规模超过200亿元",
              threshold="related_industry_min_bn_cny", context=("ai_other_bn",)),
    Criterion("c3_data", CITY, "C3", "count", ("data_centres",), "数据资源丰富，拥有相关的数据平台、大数据中心和云计算中心"),
    Criterion("c3_platform", CITY, "C3", "count", ("open_platforms",), "优先支持已布局国家新一代人工智能开放创新平台的城市",
              priority=True),
    Criterion("c4_plan", CITY, "C4", "count", ("ai_plan",),
              "已出台人工智能发展规划或实施意见，对人工智能发展有明确的政策措施"),
    # County paragraph: four qualities, none with a number. Where the shipped lists cannot show a quality is
    # missing, the criterion can only pass or stay unknown.
    Criterion("k_industry", COUNTY, "K", "threshold", ("ai_core_bn", "ai_related_bn"), "人工智能产业优势明显",
              can_fail=False, context=("ai_other_bn",)),
    Criterion("k_infrastructure", COUNTY, "K", "count", ("data_centres",), "智能化基础设施健全"),
    Criterion("k_scenarios", COUNTY, "K", "count", ("ai_scenarios",), "应用场景特色突出"),
    Criterion("k_rd", COUNTY, "K", "any", ("htz", "nidz", "ai_universities", "ai_rd_institutes"),
              "具有较强技术研发和成果转化能力", can_fail=False),
)
BY_KEY = {c.key: c for c in CRITERIA}


def criteria(path: str) -> tuple[Criterion, ...]:
    return tuple(c for c in CRITERIA if c.path == path)


def groups(path: str) -> tuple[str, ...]:
    """Condition keys of a path, in guideline order."""
    return tuple(dict.fromkeys(c.condition for c in criteria(path)))


@dataclass(frozen=True)
class Verdict:
    """The outcome of one criterion for one unit: status, the reason code (for the UI text) and its evidence."""

    criterion: str
    status: str
    reason: str
    params: Mapping[str, object] = field(default_factory=dict)
    evidence: tuple[Mapping[str, object], ...] = ()  # evidence rows read, as plain dicts
    context: tuple[Mapping[str, object], ...] = ()  # rows shown beside it (targets, undefined measures)


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and v is not pd.NA and str(v) != "" and str(v) != "<NA>"


Facts = Mapping[str, list[dict]]  # indicator -> evidence rows of one unit, cells cleaned (<NA> -> None)


def index(evidence: pd.DataFrame) -> dict[str, dict[str, list[dict]]]:
    """adcode -> indicator -> rows; done once so that assessing hundreds of units stays fast."""
    out: dict[str, dict[str, list[dict]]] = {}
    for r in evidence.to_dict("records"):
        clean = {k: (v if _present(v) else None) for k, v in r.items()}
        out.setdefault(str(clean["adcode"]), {}).setdefault(clean["indicator"], []).append(clean)
    return out


def _facts(evidence: pd.DataFrame | Facts) -> Facts:
    if isinstance(evidence, pd.DataFrame):
        idx = index(evidence)
        if len(idx) > 1:
            raise ValueError("evidence of more than one unit: filter by adcode first, or use assess_all")
        return next(iter(idx.values()), {})
    return evidence


def _rows(ev: Facts, indicator: str) -> list[dict]:
    return list(ev.get(indicator, ()))


def _total(rows: list[dict]) -> float | None:
    vals = [float(r["value"]) for r in rows if r.get("value") is not None]
    return sum(vals) if vals else None


def _count(c: Criterion, ev: Facts) -> Verdict:
    # The first indicator with any row decides (a user's explicit figure replaces the shipped proxy rows).
    for ind in c.indicators:
        rows = _rows(ev, ind)
        if not rows:
            continue
        total = _total(rows)
        if total is None:
            return Verdict(c.key, UNKNOWN, "context_only", {"indicator": ind}, tuple(rows))
        if total >= 1:
            return Verdict(c.key, PASS, "found", {"indicator": ind, "n": int(total)}, tuple(r for r in rows if r["value"]))
        status = FAIL if c.can_fail else UNKNOWN
        return Verdict(c.key, status, "zero", {"indicator": ind}, tuple(rows))
    missing = _missing_prerequisite(c, ev)
    if missing:
        return Verdict(c.key, FAIL, "no_" + c.prerequisite, {"indicator": c.prerequisite}, missing)
    # the prerequisite's rows (a count of schools) are shown beside an unknown, deciding nothing
    return Verdict(c.key, UNKNOWN, "no_record", {"indicator": c.indicators[0]}, (),
                   tuple(_rows(ev, c.prerequisite)) if c.prerequisite else ())


def _missing_prerequisite(c: Criterion, ev: Facts) -> tuple[dict, ...]:
    """The rows showing the criterion's prerequisite is absent (all recorded as 0), or () when it is not shown."""
    if not c.prerequisite or not c.can_fail:
        return ()
    rows = _rows(ev, c.prerequisite)
    total = _total(rows)
    return tuple(rows) if total is not None and total < 1 and all(r.get("value") is not None for r in rows) else ()


def _any(c: Criterion, ev: Facts) -> Verdict:
    seen, found, zero, first = [], [], True, None
    for ind in c.indicators:
        rows = _rows(ev, ind)
        total = _total(rows)
        if total is not None and total >= 1:
            found.extend(r for r in rows if r["value"])
            first = first or (ind, int(total))
        seen.extend(rows)
        if total is None:
            zero = False
    if found:  # every list that shows it, not just the first
        return Verdict(c.key, PASS, "found", {"indicator": first[0], "n": first[1]}, tuple(found))
    if zero and c.can_fail:
        return Verdict(c.key, FAIL, "not_in_lists", {}, tuple(seen))
    return Verdict(c.key, UNKNOWN, "no_record" if not seen else "context_only", {}, tuple(seen))


def _threshold(c: Criterion, ev: Facts) -> Verdict:
    """Actual figures only: a target or an estimate is shown, never counted as a pass.

    A row bounded ``at-most`` is a cap, not the unit's own figure: a province's published total bounds each
    of its cities. It can never pass a city; when the most recent cap does not exceed the threshold, no city
    under it can, and the criterion fails (``province_below``) unless the city's own figures passed it.
    """
    context = [r for ind in c.context for r in _rows(ev, ind)]
    thresholds = ([getattr(ELIGIBILITY, c.threshold).value] if c.threshold else
                  [ELIGIBILITY.core_industry_min_bn_cny.value, ELIGIBILITY.related_industry_min_bn_cny.value])
    actual_all, others, caps = [], [], []
    for ind, minimum in zip(c.indicators, thresholds):
        rows = _rows(ev, ind)
        actual = [r for r in rows if (r.get("kind") or "actual") == "actual" and r.get("value") is not None]
        caps.extend((r, minimum, ind) for r in actual if r.get("bound") == "at-most")
        actual = [r for r in actual if r.get("bound") != "at-most"]
        others.extend(r for r in rows if r not in actual and r.get("bound") != "at-most")
        above = [r for r in actual if float(r["value"]) > float(minimum)]
        if above:
            best = max(above, key=lambda r: (r.get("year") or 0, float(r["value"])))
            return Verdict(c.key, PASS, "above", {"indicator": ind, "value": float(best["value"]), "year": best.get("year"),
                                                  "min": float(minimum)}, tuple(above), tuple(others + context))
        actual_all.extend((r, minimum, ind) for r in actual)
    if actual_all:
        # A lower bound ("at least", a half-year, a district) under the bar says nothing; an exact figure does.
        # Only the most recent figure can fail a city: an older exact figure may simply have been outgrown.
        def firm(r: dict) -> bool:
            return (r.get("bound") or "exact") in ("exact", "approx")

        r, m, i = max(actual_all, key=lambda x: (x[0].get("year") or 0, firm(x[0])))
        if firm(r) and c.can_fail:
            return Verdict(c.key, FAIL, "below", {"indicator": i, "value": float(r["value"]), "year": r.get("year"),
                                                  "min": float(m)}, tuple(x[0] for x in actual_all), tuple(others + context))
        return _capped(c, caps) or Verdict(c.key, UNKNOWN, "lower_bound", {"indicator": i, "value": float(r["value"]),
                                                                           "min": float(m)},
                                           tuple(x[0] for x in actual_all), tuple(others + context))
    capped = _capped(c, caps)
    if capped:
        return capped
    if others:
        return Verdict(c.key, UNKNOWN, "targets_only", {}, (), tuple(others + context))
    return Verdict(c.key, UNKNOWN, "no_record", {"indicator": c.indicators[0]}, (), tuple(context))


def _capped(c: Criterion, caps: list[tuple[dict, float, str]]) -> Verdict | None:
    """A fail when the most recent cap (a provincial total) does not exceed the threshold, else None."""
    if not caps or not c.can_fail:
        return None
    r, m, i = max(caps, key=lambda x: (x[0].get("year") or 0))
    if float(r["value"]) > float(m):
        return None
    return Verdict(c.key, FAIL, "province_below", {"indicator": i, "value": float(r["value"]), "year": r.get("year"),
                                                   "min": float(m)}, tuple(x[0] for x in caps))


RULES = {"count": _count, "any": _any, "threshold": _threshold}


def evaluate(c: Criterion, evidence: pd.DataFrame | Facts) -> Verdict:
    """One criterion on one unit's evidence (a frame of that unit's rows, or its entry of ``index``)."""
    return RULES[c.rule](c, _facts(evidence))


def assess(evidence: pd.DataFrame | Facts, path: str = CITY) -> list[Verdict]:
    """Every criterion of ``path`` on one unit's evidence."""
    facts = _facts(evidence)
    return [RULES[c.rule](c, facts) for c in criteria(path)]


def empty_evidence() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in EVIDENCE_COLUMNS})


def assess_all(evidence: pd.DataFrame, units: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[Verdict]]]:
    """Verdicts for every unit (``units`` has adcode and path). Returns the status matrix and the verdicts.

    The matrix has one row per adcode and one column per criterion key (criteria of the other path are <NA>).
    """
    by_unit = index(evidence) if len(evidence) else {}
    verdicts: dict[str, list[Verdict]] = {}
    rows = []
    for code, path in zip(units["adcode"].astype(str), units["path"]):
        vs = assess(by_unit.get(code, {}), path)
        verdicts[code] = vs
        rows.append({"adcode": code, "path": path, **{v.criterion: v.status for v in vs}})
    cols = ["adcode", "path", *BY_KEY]
    matrix = pd.DataFrame(rows, columns=cols).set_index("adcode")
    return matrix, verdicts


def _weights(path: str, weights: Mapping[str, float] | None) -> dict[str, float]:
    if path == COUNTY:
        return {"K": float(ELIGIBILITY.county.clause.value)}
    w = ELIGIBILITY.default_weights()
    if weights:
        w.update({k: max(0.0, float(v)) for k, v in weights.items() if k in w})
    return w


def score_bounds(statuses: Mapping[str, str], path: str, weights: Mapping[str, float] | None = None) -> tuple[float, float]:
    """(proved, possible) score in 0..100: unknowns counted as fail, then as pass.

    Monotone in every criterion, so any filling of the unknowns lands between the two.
    """
    w = _weights(path, weights)
    total_w = sum(w[g] for g in groups(path))
    if total_w <= 0:
        return 0.0, 0.0
    lo = hi = 0.0
    for g in groups(path):
        keys = [c.key for c in criteria(path) if c.condition == g]
        p = sum(statuses.get(k) == PASS for k in keys)
        u = sum(statuses.get(k) == UNKNOWN for k in keys)
        lo += w[g] * p / len(keys)
        hi += w[g] * (p + u) / len(keys)
    return round(100 * lo / total_w, 9), round(100 * hi / total_w, 9)


def rank_ranges(score: pd.Series, score_max: pd.Series) -> pd.DataFrame:
    """Rank by the proved score (1 = best; ties share a rank) and the best/worst rank each unit could take.

    Best: this unit's unknowns all pass, everyone else's all fail. Worst: the reverse. Since a score lies
    between its two bounds whatever the unknowns are, the true rank lies between best and worst.
    """
    lo = score.to_numpy(dtype=float)
    hi = score_max.to_numpy(dtype=float)
    rank = [1 + int((lo > v).sum()) for v in lo]
    best = [1 + int((lo > v).sum()) for v in hi]
    # a unit never outranks itself: hi_i >= lo_i, so subtract its own count when hi_i > lo_i
    worst = [1 + int((hi > v).sum()) - int(h > v) for v, h in zip(lo, hi)]
    return pd.DataFrame({"rank": rank, "best": best, "worst": worst}, index=score.index)


def score_table(matrix: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Scores and rank ranges per unit, ranked within its path (cities with cities, counties with counties);
    ``tied`` units share the proved score, in places ``rank``..``tie_last``."""
    out = []
    for path, part in matrix.groupby("path", sort=False):
        keys = [c.key for c in criteria(path)]
        lo, hi, n_unknown, n_pass, n_fail = [], [], [], [], []
        for s in part[keys].to_dict("records"):
            a, b = score_bounds(s, path, weights)
            lo.append(a)
            hi.append(b)
            vals = list(s.values())
            n_pass.append(vals.count(PASS))
            n_fail.append(vals.count(FAIL))
            n_unknown.append(vals.count(UNKNOWN))
        df = pd.DataFrame({"path": path, "score": lo, "score_max": hi, "n_pass": n_pass, "n_fail": n_fail,
                           "n_unknown": n_unknown}, index=part.index)
        out.append(df.join(rank_ranges(df["score"], df["score_max"])).join(ranking.ties(df["score"])))
    if not out:
        return pd.DataFrame(columns=["path", "score", "score_max", "n_pass", "n_fail", "n_unknown", "rank", "best", "worst",
                                     "tied", "tie_last"])
    return pd.concat(out).sort_values(["path", "rank", "score_max"], ascending=[True, True, False])


def condition_summary(statuses: Mapping[str, str], path: str) -> dict[str, dict[str, int]]:
    """Per condition: how many criteria passed, failed, are unknown (for table cells)."""
    res = {}
    for g in groups(path):
        keys = [c.key for c in criteria(path) if c.condition == g]
        res[g] = {s: sum(statuses.get(k) == s for k in keys) for s in STATUSES}
    return res


def fill_unknowns(statuses: Mapping[str, str], choices: Iterable[str]) -> dict[str, str]:
    """Replace each unknown in turn by the next value of ``choices`` (pass/fail); used to test the rank bounds."""
    it = iter(choices)
    return {k: (next(it) if v == UNKNOWN else v) for k, v in statuses.items()}
