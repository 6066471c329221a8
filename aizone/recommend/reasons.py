"""Reasons in words (zh/en) for each pick, built only from figures: ``aizone.balance`` for shares and indices,
``aizone.eligibility`` (through the instance) for the criteria counts. Templates: locales/recommend.json.

Formats are fixed so a test can read every number back: shares ``12.3%``, indices to three decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aizone.i18n import normalise_lang, pick, t
from aizone.recommend.engine import Recommendation
from aizone.recommend.figures import Figures, figures
from aizone.recommend.instance import Instance

REASON_INDEX = {"theil": "theil", "gini": "gini", "hhi": "hhi", "coverage": "theil", "mix": "theil"}


def pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def sep(lang: str) -> str:
    return "、" if normalise_lang(lang) == "zh" else ", "


@dataclass(frozen=True)
class Reason:
    adcode: str
    text: str
    unit: str  # province adcode or macro key
    zone_share: float | None
    pop_share: float | None
    index: str
    before: float | None
    after: float | None
    new_strategies: tuple[str, ...]
    new_macros: tuple[str, ...]


def unit_name(inst: Instance, unit: str, lang: str) -> str:
    if inst.level == "macro":
        return t(f"macro.{unit}", lang)
    g = inst.inputs.gaz
    p = g[g["level"] == "province"].drop_duplicates("adcode").set_index("adcode")
    return str(pick(p.at[unit, "short_zh"], p.at[unit, "name_en"], lang)) if unit in p.index else unit


def city_name(inst: Instance, code: str, lang: str) -> str:
    c = inst.by_code[code]
    return str(pick(c.name_zh, c.name_en, lang))


def reasons(inst: Instance, rec: Recommendation, lang: str, before: Figures | None = None) -> list[Reason]:
    """One reason per pick, in the order of ``rec.picks``."""
    before = before or figures(inst, [])
    name = REASON_INDEX[rec.spec.objective]
    table = before.province_table if inst.level == "province" else before.macro_table
    key = "adcode" if inst.level == "province" else "macro_region"
    rows = table.set_index(key)
    out = []
    for p in rec.picks:
        c = inst.by_code[p.adcode]
        unit = c.province if inst.level == "province" else c.macro
        after = figures(inst, [p.adcode])
        zs, ps = (rows.at[unit, "zone_share"], rows.at[unit, "pop_share"]) if unit in rows.index else (None, None)
        zs = None if zs is None or pd.isna(zs) else float(zs)  # no zone counted yet: no shares, said as "—"
        ps = None if ps is None or pd.isna(ps) else float(ps)
        b, a = before.index(name, inst.level), after.index(name, inst.level)
        new_s = tuple(s for s in after.strategies if s not in before.strategies)
        new_m = tuple(m for m in after.macros if m not in before.macros)
        parts = [t("recommend.reason_share", lang, city=city_name(inst, p.adcode, lang), unit=unit_name(inst, unit, lang),
                   zone_share=pct(zs) if zs is not None else "—", pop_share=pct(ps) if ps is not None else "—"),
                 t("recommend.reason_index", lang, index=t(f"recommend.index.{name}", lang),
                   over=t(f"recommend.over.{inst.level}", lang), before=num(b), after=num(a)),
                 t("recommend.reason_criteria", lang, n_pass=c.n_pass, n=c.n_pass + c.n_fail + c.n_unknown,
                   n_fail=c.n_fail, n_unknown=c.n_unknown)]
        if new_s or new_m:
            items = [t(f"strategy.{s}", lang) for s in new_s] + [t(f"macro.{m}", lang) for m in new_m]
            parts.append(t("recommend.reason_new", lang, items=sep(lang).join(items)))
        if p.forced:
            parts.append(t("recommend.reason_forced", lang))
        elif not p.robust:
            parts.append(t("recommend.reason_fragile", lang))
        text = ("；" if normalise_lang(lang) == "zh" else "; ").join(parts) + ("。" if normalise_lang(lang) == "zh" else ".")
        out.append(Reason(p.adcode, text, unit, zs, ps, name, b, a, new_s, new_m))
    return out
