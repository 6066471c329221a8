"""What-if scenarios: pick candidate cities, see what approving them would do to the count and the map.

A scenario is only a list of adcodes (and an optional name), so it fits in a link
(``?scenario_a=330200,370200``) and in a small JSON file a planner can keep and send. Everything that comes
back in (a URL someone edited, a JSON file from anywhere) is checked against the candidate universe; each
problem becomes a ``Problem`` with a code the page translates, never an exception.

Balance measures (Gini, Theil, HHI) come from ``aizone.balance`` when it is importable; the counts of zones
per macro region, strategy and province are computed here either way, so the what-if still works (with a
note) if the balance module is missing or its interface changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import pandas as pd

from aizone import strategies
from aizone.tables import MACROS
from aizone.config import GUIDELINE

FORMAT = "aizone-scenario"
VERSION = 1
MAX_PICKS = 40  # far beyond the ~2 places the 2023 target left; a cap keeps a hostile link or file small
MAX_JSON_BYTES = 20_000
MAX_NAME = 80
_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Scenario:
    picks: tuple[str, ...] = ()
    name: str = ""

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "name": self.name, "picks": list(self.picks)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_param(self) -> str:
        return ",".join(self.picks)


@dataclass(frozen=True)
class Problem:
    """Something wrong with an incoming scenario; ``code`` names a locale key ``candidates.err.<code>``."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    """What an incoming adcode may be checked against."""

    candidates: frozenset[str]
    zones: frozenset[str]
    known: frozenset[str]  # every gazetteer code, to tell "no such code" from "not a candidate"
    aliases: Mapping[str, str]  # old municipal codes (110100) -> canonical (110000)

    @classmethod
    def build(cls, universe: pd.DataFrame, zones: pd.DataFrame, gaz: pd.DataFrame) -> "Vocabulary":
        aliases = {}
        for code, al in zip(gaz["adcode"].astype(str), gaz["aliases"].fillna("")):
            for a in str(al).split("|"):
                if _CODE.match(a) and a != code:
                    aliases.setdefault(a, code)
        return cls(frozenset(universe["adcode"].astype(str)), frozenset(zones["adcode"].astype(str)),
                   frozenset(gaz["adcode"].astype(str)), aliases)


def check_codes(raw: Iterable[object], vocab: Vocabulary) -> tuple[tuple[str, ...], list[Problem]]:
    """Keep valid candidate codes in order, drop the rest with a reason each."""
    picks: list[str] = []
    problems: list[Problem] = []
    for item in raw:
        text = str(item).strip()
        if not text:
            continue
        shown = text[:20]
        if not _CODE.match(text):
            problems.append(Problem("bad_code", {"code": shown}))
            continue
        code = vocab.aliases.get(text, text)
        if code in vocab.zones:
            problems.append(Problem("already_zone", {"code": code}))
        elif code not in vocab.known:
            problems.append(Problem("unknown_code", {"code": code}))
        elif code not in vocab.candidates:
            problems.append(Problem("not_candidate", {"code": code}))
        elif code in picks:
            problems.append(Problem("duplicate", {"code": code}))
        elif len(picks) >= MAX_PICKS:
            problems.append(Problem("too_many", {"max": str(MAX_PICKS)}))
            break
        else:
            picks.append(code)
    return tuple(picks), problems


def from_param(text: str | None, vocab: Vocabulary) -> tuple[Scenario, list[Problem]]:
    """``330200,370200`` (commas, spaces or semicolons) -> Scenario; bad parts are dropped and reported."""
    if not text:
        return Scenario(), []
    parts = re.split(r"[,;\s]+", str(text)[: MAX_PICKS * 8 + 64])
    picks, problems = check_codes(parts, vocab)
    return Scenario(picks), problems


def from_json(data: bytes | str, vocab: Vocabulary) -> tuple[Scenario | None, list[Problem]]:
    """A scenario file -> Scenario, or None with the reasons. Accepts a bare list of codes as well."""
    if isinstance(data, bytes):
        if len(data) > MAX_JSON_BYTES:
            return None, [Problem("too_large", {"max_kb": str(MAX_JSON_BYTES // 1000)})]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [Problem("not_utf8")]
    elif len(data.encode("utf-8")) > MAX_JSON_BYTES:
        return None, [Problem("too_large", {"max_kb": str(MAX_JSON_BYTES // 1000)})]
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, RecursionError) as e:
        msg = getattr(e, "msg", "too deeply nested")
        return None, [Problem("bad_json", {"line": str(getattr(e, "lineno", "?")), "message": msg})]
    if isinstance(obj, list):
        obj = {"format": FORMAT, "version": VERSION, "picks": obj}
    if not isinstance(obj, dict):
        return None, [Problem("not_object")]
    if obj.get("format", FORMAT) != FORMAT:
        return None, [Problem("bad_format", {"format": str(obj.get("format"))[:40]})]
    if obj.get("version", VERSION) != VERSION:
        return None, [Problem("bad_version", {"version": str(obj.get("version"))[:10]})]
    raw = obj.get("picks")
    if not isinstance(raw, list):
        return None, [Problem("no_picks")]
    if not all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in raw):
        return None, [Problem("no_picks")]
    name = obj.get("name", "")
    name = str(name)[:MAX_NAME] if isinstance(name, (str, int, float)) else ""
    picks, problems = check_codes((str(x).zfill(6) if isinstance(x, int) else x for x in raw), vocab)
    return Scenario(picks, name), problems


# ---------------------------------------------------------------------------------------------- projection


@dataclass(frozen=True)
class Projection:
    scenario: Scenario
    before: int  # zones counted now
    after: int
    target: int
    macro: pd.DataFrame  # macro_region, before, after
    strategies: pd.DataFrame  # strategy_id, before, after
    provinces: pd.DataFrame  # province_adcode, before, after (only provinces with a zone in either)
    new_macro: tuple[str, ...]
    new_strategies: tuple[str, ...]
    new_provinces: tuple[str, ...]
    measures: pd.DataFrame | None  # measure, over, before, after — from aizone.balance
    note: str = ""  # locale key of a note on how measures were made ("" = none)

    @property
    def provinces_before(self) -> int:
        return int((self.provinces["before"] > 0).sum())

    @property
    def provinces_after(self) -> int:
        return int((self.provinces["after"] > 0).sum())

    @property
    def gap_to_target(self) -> int:
        return self.target - self.after

    def balance_change(self, tolerance: float = 0.005, over: str = "province") -> tuple[str, float, float] | None:
        """Whether the scenario leaves the zones more or less balanced against population, in one word
        ("more", "less", "same") with the Gini over ``over`` (province or macro) before and after: lower is
        more even. None when the measure could not be made."""
        m = self.measures
        if m is None:
            return None
        row = m[(m["measure"] == "gini") & (m["over"] == over)]
        if row.empty or pd.isna(row["before"].iloc[0]) or pd.isna(row["after"].iloc[0]):
            return None
        before, after = float(row["before"].iloc[0]), float(row["after"].iloc[0])
        word = "same" if abs(after - before) < tolerance else ("more" if after < before else "less")
        return word, before, after

    def macro_disagrees(self, tolerance: float = 0.005) -> tuple[str, float, float] | None:
        """The four-region Gini's change when it points the other way from the province Gini's (a city in an
        empty province of a crowded region can even out provinces and crowd regions): a planner reading
        "more balanced" must hear both. None when they agree or either is flat."""
        prov, macro = self.balance_change(tolerance), self.balance_change(tolerance, over="macro")
        if prov and macro and "same" not in (prov[0], macro[0]) and prov[0] != macro[0]:
            return macro
        return None

    def balance_line(self, side: str, lang: str) -> str:
        """The what-if's one line for people: more or less balanced by the province Gini, and the four-region
        Gini as well when it points the other way. Empty when the measure could not be made."""
        from aizone import rounding
        from aizone.i18n import t

        change = self.balance_change()
        if not change:
            return ""
        index = lambda v: rounding.text(v, "index")  # noqa: E731
        text = t(f"candidates.balance_{change[0]}", lang, side=side, before=index(change[1]), after=index(change[2]))
        other = self.macro_disagrees()
        if other:
            text += ("" if lang == "zh" else " ") + t(f"candidates.balance_macro_{other[0]}", lang,
                                                      before=index(other[1]), after=index(other[2]))
        return text


def _locate(adcodes: Sequence[str], gaz: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer rows for sites: a code that is both province and city (110000) is the city; 德清 is a county."""
    pref = {"city": 0, "county": 1, "province": 2}
    g = gaz.assign(_p=gaz["level"].map(pref)).sort_values("_p", kind="stable").drop_duplicates("adcode")
    g = g.set_index("adcode")
    missing = [c for c in adcodes if c not in g.index]
    if missing:
        raise ValueError(f"adcode {missing[0]} is not in the gazetteer")
    rows = g.loc[list(adcodes)]
    return pd.DataFrame({"adcode": list(adcodes), "parent_adcode": rows["parent_adcode"].astype(str).values,
                         "province_adcode": rows["province_adcode"].astype(str).values})


def _counts(sites: pd.DataFrame, macro: pd.Series, members: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    mac = sites["province_adcode"].map(macro).value_counts().reindex(list(MACROS), fill_value=0)
    if len(sites):
        m = strategies.memberships(sites.drop_duplicates("adcode"), members)
        m = m[m["strategy_id"].isin(strategies.STRATEGIES)]
        per_site = sites["adcode"].map(m.groupby("adcode")["strategy_id"].agg(set)).dropna()
        strat = pd.Series({s: sum(s in v for v in per_site) for s in strategies.STRATEGIES})
    else:
        strat = pd.Series(0, index=list(strategies.STRATEGIES))
    prov = sites["province_adcode"].value_counts()
    return mac.astype(int), strat.astype(int), prov.astype(int)


def _measures(zone_sites: pd.DataFrame, pick_codes: Sequence[str], inputs) -> tuple[pd.DataFrame | None, str]:
    try:
        from aizone import balance as bal
    except ImportError:
        return None, "candidates.note_no_balance"
    try:
        inputs = inputs if inputs is not None else bal.Inputs.load()
        ids = zone_sites["zone_id"].astype(str) if "zone_id" in zone_sites else zone_sites["adcode"].astype(str)
        before_sites = pd.DataFrame({"adcode": zone_sites["adcode"].astype(str).values, "zone_id": ids.values})
        after_sites = pd.concat([before_sites, pd.DataFrame({"adcode": list(pick_codes),
                                                             "zone_id": [f"pick-{c}" for c in pick_codes]})],
                                ignore_index=True)
        b0, b1 = bal.of_sites(before_sites, inputs), bal.of_sites(after_sites, inputs)
        rows = []
        for over, attr in (("province", "by_province"), ("macro", "by_macro")):
            for measure in ("gini", "theil", "hhi_norm"):
                rows.append({"measure": measure, "over": over, "before": getattr(getattr(b0, attr), measure),
                             "after": getattr(getattr(b1, attr), measure)})
    except (AttributeError, TypeError, KeyError) as e:  # the balance module's interface moved: counts still work
        return None, "candidates.note_balance_api"
    df = pd.DataFrame(rows)
    for c in ("before", "after"):
        df[c] = pd.array([None if v is None else float(v) for v in df[c]], dtype="Float64")
    return df, ""


def project(scenario: Scenario, zones: pd.DataFrame, gaz: pd.DataFrame, members: pd.DataFrame,
            macro_regions: pd.DataFrame, inputs=None, with_measures: bool = True) -> Projection:
    """Counts before (``zones``: the zones counted now, with adcode [and zone_id]) and after adding the picks."""
    zone_codes = [str(c) for c in zones["adcode"]]
    before = _locate(zone_codes, gaz)
    after = pd.concat([before, _locate(list(scenario.picks), gaz)], ignore_index=True)
    macro = macro_regions.set_index("province_adcode")["macro_region"]
    m0, s0, p0 = _counts(before, macro, members)
    m1, s1, p1 = _counts(after, macro, members)
    provs = sorted(set(p0.index) | set(p1.index))
    prov = pd.DataFrame({"province_adcode": provs, "before": [int(p0.get(p, 0)) for p in provs],
                         "after": [int(p1.get(p, 0)) for p in provs]})
    measures, note = _measures(zones, scenario.picks, inputs) if with_measures else (None, "")
    return Projection(
        scenario=scenario, before=len(before), after=len(after), target=int(GUIDELINE.target_zones.value),
        macro=pd.DataFrame({"macro_region": list(MACROS), "before": m0.values, "after": m1.values}),
        strategies=pd.DataFrame({"strategy_id": list(strategies.STRATEGIES), "before": s0.values, "after": s1.values}),
        provinces=prov,
        new_macro=tuple(k for k in MACROS if m0[k] == 0 and m1[k] > 0),
        new_strategies=tuple(k for k in strategies.STRATEGIES if s0[k] == 0 and s1[k] > 0),
        new_provinces=tuple(p for p in provs if p0.get(p, 0) == 0 and p1.get(p, 0) > 0),
        measures=measures, note=note,
    )
