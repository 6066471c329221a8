"""The recommendation as tables for people (zh/en), for the page and its download: plain text and numbers."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from aizone import balance, strategies
from aizone.i18n import t
from aizone.recommend import reasons
from aizone.recommend.engine import Pick, Recommendation
from aizone.recommend.figures import Figures
from aizone.recommend.instance import Instance

SETS = ("main", "runner_up", "worst", "best")


def sets(rec: Recommendation) -> dict:
    return {"main": rec.solution, "runner_up": rec.runner_up, "worst": rec.worst, "best": rec.best}


def names(inst: Instance, codes, lang: str) -> str:
    return reasons.sep(lang).join(reasons.city_name(inst, c, lang) for c in codes) if codes else t("recommend.none", lang)


def _idx(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def before_after(before: Figures, figs: Mapping[str, Figures | None], lang: str) -> pd.DataFrame:
    """Rows: count against the target, provinces, Gini/Theil/HHI over provinces and macro regions, coverage.
    Columns: now, with the set, the runner-up, the worst- and best-case sets (blank where there is none)."""
    order = [before, *(figs.get(n) for n in SETS)]
    heads = [t(f"recommend.col.{c}", lang) for c in ("before", "after", "runner_up", "worst", "best")]

    def row(fn):
        return ["" if f is None else fn(f) for f in order]

    rows = {t("recommend.row.count", lang, target=before.target): row(lambda f: str(f.zones)),
            t("recommend.row.provinces", lang): row(lambda f: str(f.provinces))}
    for lvl in ("province", "macro"):
        for name in ("gini", "theil", "hhi"):
            label = t("recommend.row.index", lang, index=t(f"recommend.index.{name}", lang), over=t(f"recommend.over.{lvl}", lang))
            rows[label] = row(lambda f, n=name, l=lvl: _idx(f.index(n, l)))
    rows[t("recommend.row.strategies", lang)] = row(lambda f: f"{len(f.strategies)} / {len(strategies.STRATEGIES)}")
    rows[t("recommend.row.macros", lang)] = row(lambda f: f"{len(f.macros)} / {len(balance.MACROS)}")
    return pd.DataFrame({"": list(rows), **{h: [v[i] for v in rows.values()] for i, h in enumerate(heads)}})


def _robust(p: Pick, inst: Instance, rec: Recommendation, lang: str) -> str:
    if p.forced:
        return t("recommend.robust.forced", lang)
    if p.robust:
        return t("recommend.robust.yes", lang)
    return t("recommend.robust.no", lang, names=names(inst, [c for c in p.replaced_by if c not in rec.codes], lang))


def picks(inst: Instance, rec: Recommendation, labels: Mapping[str, str], lang: str) -> pd.DataFrame:
    """One row per pick: gains (on its own, in the set), score range, what happens if its unknowns go against it."""
    by = inst.by_code
    return pd.DataFrame({
        t("recommend.col.city", lang): [labels.get(p.adcode, p.adcode) for p in rec.picks],
        t("recommend.col.gain_alone", lang): pd.array([None if p.gain_alone is None else round(p.gain_alone, 4)
                                                       for p in rec.picks], dtype="Float64"),
        t("recommend.col.gain_last", lang): pd.array([round(p.gain_last, 4) for p in rec.picks], dtype="Float64"),
        t("recommend.col.score", lang): [f"{by[p.adcode].score:.1f}–{by[p.adcode].score_max:.1f}" for p in rec.picks],
        t("recommend.col.robust", lang): [_robust(p, inst, rec, lang) for p in rec.picks],
        t("recommend.col.adcode", lang): [p.adcode for p in rec.picks],
    })


def other_sets(inst: Instance, rec: Recommendation, lang: str) -> pd.DataFrame:
    s = sets(rec)
    return pd.DataFrame({
        t("recommend.col.set", lang): [t(f"recommend.set.{n}", lang) for n in s],
        t("recommend.col.cities", lang): [names(inst, x.picks, lang) if x else t("recommend.none", lang) for x in s.values()],
        t("recommend.col.objective", lang): pd.array([round(x.loss, 4) if x else None for x in s.values()], dtype="Float64"),
        t("recommend.col.adcode", lang): [",".join(x.picks) if x else "" for x in s.values()],
    })


def method_text(rec: Recommendation, lang: str) -> str:
    s = rec.solution
    method = t(f"recommend.method.{s.method}", lang)
    if s.method == "local-search" and s.bound is not None:
        key = "recommend.bound_proved" if s.exact else "recommend.bound"
        method += t(key, lang, bound=f"{s.bound:.3f}", gap=f"{s.loss - s.bound:.3f}")
    return t("recommend.method", lang, method=method)


def export(rec: Recommendation, as_of, level: str, words: Mapping[str, str]) -> dict:
    """The download: what was asked, the sets and the objective before and after, the reasons."""
    return {"as_of": as_of.isoformat(), "level": level, "spec": {k: (list(v) if isinstance(v, tuple) else v)
                                                                  for k, v in rec.spec.__dict__.items()},
            "picks": list(rec.codes), "objective_before": rec.loss_before, "objective_after": rec.loss_after,
            "reasons": dict(words), **{n: (list(s.picks) if s else None) for n, s in sets(rec).items() if n != "main"}}
