"""The problem the recommender solves, as plain data: units with a base, the zones they hold, candidates.

An ``Instance`` is built once per as-of date and index level from the shipped tables (``build``), or by
hand in tests (``Instance(...)`` with a few units and candidates). Everything the solver reads is here, so
the solver never touches a frame:

* ``units``: the units the balance indices run over (the 31 provinces, or the four macro regions), each
  with its base (2020 census population) and the zones it holds on the as-of date. A unit whose base is
  unknown is left out of the indices, exactly as ``aizone.balance.indices`` does; a candidate there is
  kept, sits in no unit (``unit = -1``) and moves no index.
* ``candidates``: one ``Candidate`` per city not yet a zone (possibly approved ones are not offered), with
  its province, macro region, unit, path (city or county), the status of each guideline condition (pass /
  fail / unknown, from ``aizone.eligibility``), its proved and possible score, and the strategies it serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

import pandas as pd

from aizone import balance, strategies
from aizone import eligibility as elig
from aizone import zones as zones_mod

LEVELS = ("province", "macro")


@dataclass(frozen=True)
class Candidate:
    adcode: str
    province: str
    macro: str | None
    unit: int  # index into Instance.units, -1 when its unit has no known base
    path: str  # city | county
    conditions: Mapping[str, str]  # condition key (C1..C4 / K) -> pass | fail | unknown
    score: float  # proved score (unknowns as fail), 0..100
    score_max: float  # possible score (unknowns as pass)
    n_pass: int = 0
    n_fail: int = 0
    n_unknown: int = 0
    strategies: frozenset[str] = frozenset()
    name_zh: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Instance:
    level: str  # province | macro
    units: tuple[str, ...]  # unit keys (province adcodes or macro keys) with a known base
    base: tuple[float, ...]
    counts: tuple[int, ...]  # zones per unit on the as-of date
    candidates: tuple[Candidate, ...]
    covered_strategies: frozenset[str] = frozenset()  # served by the zones already
    covered_macros: frozenset[str] = frozenset()
    as_of: date | None = None
    zone_sites: pd.DataFrame | None = field(default=None, compare=False, repr=False)  # joined zones (balance.join)
    candidate_sites: pd.DataFrame | None = field(default=None, compare=False, repr=False)  # joined candidates
    inputs: balance.Inputs | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}")
        if not (len(self.units) == len(self.base) == len(self.counts)):
            raise ValueError("one base and one count per unit")
        codes = [c.adcode for c in self.candidates]
        if len(set(codes)) != len(codes):
            raise ValueError("a candidate is listed twice")

    @property
    def by_code(self) -> dict[str, Candidate]:
        return {c.adcode: c for c in self.candidates}

    @property
    def coverable(self) -> tuple[frozenset[str], frozenset[str]]:
        """Strategies and macro regions the candidates could add."""
        s = frozenset().union(*(c.strategies for c in self.candidates)) - self.covered_strategies
        m = frozenset(c.macro for c in self.candidates if c.macro) - self.covered_macros
        return s, m


def condition_status(statuses: Mapping[str, str], path: str) -> dict[str, str]:
    """Per condition of ``path``: pass when every required criterion passes, fail when one fails, else unknown.

    "优先支持" criteria (``priority``) are preferences, not requirements, and do not decide a condition.
    Counts come from ``eligibility.condition_summary`` over the required criteria only.
    """
    required = {c.key: statuses.get(c.key) for c in elig.criteria(path) if not c.priority}
    out = {}
    for g, n in elig.condition_summary(required, path).items():
        out[g] = elig.FAIL if n[elig.FAIL] else (elig.PASS if not n[elig.UNKNOWN] else elig.UNKNOWN)
    return out


def assessed(units: pd.DataFrame, evidence: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Universe rows with the assessment added: scores, counts and one status column per condition (cond_C1 …)."""
    matrix, _ = elig.assess_all(evidence, units)
    scores = elig.score_table(matrix, weights)
    out = units.set_index("adcode").join(scores.drop(columns="path"))
    statuses = matrix.to_dict("index")
    conds = {code: condition_status(statuses[code], statuses[code]["path"]) for code in out.index}
    for g in ("C1", "C2", "C3", "C4", "K"):
        out[f"cond_{g}"] = [conds[c].get(g) for c in out.index]
    return out.reset_index()


def build(zone_table: pd.DataFrame, as_of: date, inputs: balance.Inputs, universe: pd.DataFrame,
          level: str = "province") -> Instance:
    """The instance for ``as_of``: zones certainly approved by then are counted, and every city of ``universe``
    (``assessed`` rows from ``candidates.universe(include_zones=True)``) not possibly approved by then is offered."""
    approved = zones_mod.as_of(zone_table, as_of, include_uncertain=False)
    possible = set(zones_mod.as_of(zone_table, as_of, include_uncertain=True)["adcode"].astype(str))
    zsites = balance.join(approved, inputs)
    prov = balance.province_table(zsites, inputs)
    table = prov if level == "province" else balance.macro_table(prov)
    key = "adcode" if level == "province" else "macro_region"
    known = table[table["population"].notna() & (table["population"].astype(float) > 0)]
    units = tuple(known[key].astype(str))
    pos = {u: i for i, u in enumerate(units)}
    uni = universe[~universe["adcode"].astype(str).isin(possible)]
    csites = balance.join(uni[["adcode"]].drop_duplicates(), inputs).set_index("adcode")
    cands = []
    for r in uni.to_dict("records"):
        code = str(r["adcode"])
        macro = r["macro_region"] if pd.notna(r["macro_region"]) else None
        ukey = r["province_adcode"] if level == "province" else macro
        conds = {g: r[f"cond_{g}"] for g in ("C1", "C2", "C3", "C4", "K") if isinstance(r.get(f"cond_{g}"), str)}
        strat = frozenset(s for s in str(r.get("strategies") or "").split(";") if s in strategies.STRATEGIES)
        cands.append(Candidate(code, str(r["province_adcode"]), macro, pos.get(ukey, -1), r["path"], conds,
                               float(r["score"]), float(r["score_max"]), int(r["n_pass"]), int(r["n_fail"]),
                               int(r["n_unknown"]), strat, str(r["name_zh"]), str(r["name_en"])))
    inside = zsites[zsites["macro_region"].notna()]
    served = frozenset(s for s in strategies.STRATEGIES if inside[f"scope_{s}"].notna().any())
    return Instance(level, units, tuple(float(x) for x in known["population"]), tuple(int(x) for x in known["zones"]),
                    tuple(cands), served, frozenset(inside["macro_region"].dropna().astype(str)), as_of,
                    zsites, csites.reset_index(), inputs)


def shipped(as_of: date, level: str = "province") -> Instance:
    """The instance from the shipped tables (the CLI and the bench; the page passes its cached frames to ``build``)."""
    from aizone import candidates as cand

    zone_table = zones_mod.load()
    inputs = balance.Inputs.load()
    units = cand.universe(gaz=inputs.gaz, zones=zone_table, macro=inputs.macro, members=inputs.members,
                          include_zones=True)
    universe = assessed(units, cand.evidence(units, gaz=inputs.gaz))
    return build(zone_table, as_of, inputs, universe, level)
