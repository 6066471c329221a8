"""The candidates' verdicts put into words and tables for people: status labels, card lines, the ranking table.

Everything here is text in the reader's language; nothing decides a verdict (that is ``aizone.eligibility``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pandas as pd

from aizone import ranking, rounding, tables
from aizone.candidates.facts import platform_counts
from aizone.eligibility import BY_KEY, FAIL, PASS, UNKNOWN, Verdict, condition_summary, criteria, groups
from aizone.i18n import normalise_lang, pick, t

ICONS = {PASS: "✓", FAIL: "✗", UNKNOWN: "?"}  # in common fonts; colour emoji are often missing offline


def money(value_bn: float, lang: str) -> str:
    """Thresholds are stored in billion CNY; Chinese readers expect 亿元."""
    if normalise_lang(lang) == "zh":
        return f"{value_bn * 10:,.4g} 亿元"
    return f"CNY {value_bn:,.4g} bn"


def status_label(status: str, lang: str) -> str:
    return f"{ICONS[status]} {t(f'candidates.status.{status}', lang)}"


def condition_cell(counts: dict[str, int], lang: str) -> str:
    """'✓ 2 pass · ? 1 unknown': icon, number and word, so the cell reads without colour."""
    parts = [t(f"candidates.cell.{s}", lang, icon=ICONS[s], n=counts[s]) for s in (PASS, FAIL, UNKNOWN) if counts.get(s)]
    return " · ".join(parts)


def explain(v: Verdict, lang: str) -> str:
    """One sentence: why this status, from the reason code and its numbers."""
    p = dict(v.params)
    ind = p.get("indicator")
    if v.reason == "no_record" and ind == "open_platforms":
        n = _platforms_read()
        if n["total"] is not None:
            return t("candidates.absent.open_platforms", lang, located=n["located"], named=n["named"], total=n["total"],
                     unnamed=n["total"] - n["named"], unlocated=n["named"] - n["located"])
    if v.reason == "no_record" and ind:
        return t(f"candidates.absent.{ind}", lang)
    if v.reason in ("above", "below", "lower_bound", "province_below"):
        p["value"] = money(float(p["value"]), lang)
        p["min"] = money(float(p["min"]), lang)
        p["year"] = p.get("year") or "—"
    if ind:
        p["what"] = t(f"candidates.ind.{ind}", lang)
    return t(f"candidates.reason.{v.reason}", lang, **p)


@lru_cache(maxsize=1)
def _platforms_read() -> dict[str, int | None]:
    return platform_counts()


@lru_cache(maxsize=64)
def table_cite(name: str | None, lang: str) -> str:
    """The shipped table's short citation (its sidecar), so a "not in the list" line still names the list."""
    try:
        return tables.origin(name).cite(lang) if name in tables.TABLES else t("candidates.src.shipped", lang)
    except (OSError, ValueError):
        return t("candidates.src.shipped", lang)


def caveat_text(code: str | None, lang: str) -> str:
    return t(f"candidates.caveat.{code}", lang) if code else ""


def card_rows(verdicts: list[Verdict], lang: str) -> pd.DataFrame:
    """One line per evidence item (a criterion without evidence still gets its line): the printable card."""
    out = []
    for v in verdicts:
        c = BY_KEY[v.criterion]
        base = {
            "condition": c.condition, "clause": pick(c.clause.clause_zh, c.clause.clause_en, lang),
            "criterion": t(f"candidates.crit.{c.key}", lang), "quote": c.quote_zh,
            "status": status_label(v.status, lang), "why": explain(v, lang),
        }
        items = [(r, False) for r in v.evidence] + [(r, True) for r in v.context]
        if not items:
            out.append({**base, "evidence": "", "year": None, "source": "", "url": None, "confidence": "", "note": ""})
        for r, ctx in items:
            note = caveat_text(r.get("caveat"), lang)
            if ctx:
                note = (t("candidates.context", lang) + (" · " + note if note else ""))
            value = r.get("value")
            detail = r.get("detail") or ""
            if r.get("indicator") in ("ai_core_bn", "ai_related_bn", "ai_other_bn") and value is not None:
                kind = t(f"candidates.kind.{r.get('kind') or 'actual'}", lang)
                detail = f"{detail} = {money(float(value), lang)} ({kind})"
            elif r.get("source") == "user" and value is not None:
                detail = f"{t('candidates.ind.' + str(r.get('indicator')), lang)} = {float(value):g}" + (
                    f" ({detail})" if detail else "")
            src = r.get("source") or "shipped"
            source = t(f"candidates.src.{src}", lang) if src == "user" else table_cite(r.get("table"), lang)
            out.append({**base, "evidence": detail, "year": r.get("year"), "source": source, "url": r.get("url"),
                        "confidence": t(f"conf.{r['confidence']}", lang) if r.get("confidence") else "", "note": note})
    df = pd.DataFrame(out)
    # Text, not numbers: a blank stays blank on screen (a missing year or link must not read "None").
    df["year"] = ["" if y is None or pd.isna(y) else str(int(y)) for y in df["year"]]
    df["url"] = ["" if u is None or pd.isna(u) else str(u) for u in df["url"]]
    return df


def unit_name(row, lang: str) -> str:
    return str(pick(row["name_zh"], row["name_en"], lang))


def unit_label(row, lang: str) -> str:
    """'宁波市（浙江）' / 'Ningbo (Zhejiang)': names repeat across provinces, so the province goes along."""
    prov = pick(row["province_zh"], row["province_en"], lang)
    return f"{unit_name(row, lang)}（{prov}）" if normalise_lang(lang) == "zh" else f"{unit_name(row, lang)} ({prov})"


def strategies_text(codes: str, lang: str) -> str:
    sep = "、" if normalise_lang(lang) == "zh" else ", "
    return sep.join(t(f"strategy.{c}", lang) for c in str(codes or "").split(";") if c)


def ranking_view(units: pd.DataFrame, scores: pd.DataFrame, matrix: pd.DataFrame, lang: str,
                 user_codes: Iterable[str] = ()) -> pd.DataFrame:
    """The ranking table in the reader's language, in rank order; every cell is plain text or a number."""
    u = units.set_index("adcode").to_dict("index")
    status = matrix.to_dict("index")
    user_codes = set(user_codes)
    col = {k: t(f"candidates.col.{k}", lang) for k in
           ("rank", "range", "city", "adcode", "province", "macro", "strategies", "score", "score_max", "unknown", "user")}
    rows = []
    for code, s in zip(scores.index, scores.to_dict("records")):
        unit, path = u[code], s["path"]
        summary = condition_summary(status[code], path)
        row = {
            col["rank"]: ranking.rank_text(s, lang),
            col["range"]: f"{int(s['best'])}–{int(s['worst'])}",
            col["city"]: unit_name(unit, lang),
            col["province"]: pick(unit["province_zh"], unit["province_en"], lang),
            col["macro"]: t(f"macro.{unit['macro_region']}", lang),
            col["score"]: rounding.value(s["score"], "score"),
            col["score_max"]: rounding.value(s["score_max"], "score"),
            col["unknown"]: int(s["n_unknown"]),
        }
        for g in groups(path):
            row[t(f"candidates.cond.{g}", lang)] = condition_cell(summary[g], lang)
        row[col["strategies"]] = strategies_text(unit["strategies"], lang)
        row[col["user"]] = t("candidates.user_yes", lang) if code in user_codes else ""
        row[col["adcode"]] = code
        rows.append(row)
    return pd.DataFrame(rows)


def rank_sentence(score, lang: str) -> str:
    """The card's line on its rank range, in words (the page shows the same line)."""
    return ranking.range_sentence(score, len(criteria(score["path"])), lang)


def card_markdown(adcode: str, unit, score, verdicts: list[Verdict], lang: str) -> str:
    """The city card as a Markdown file: everything on screen, for printing or sending on."""
    rows = card_rows(verdicts, lang)
    lines = [f"# {unit_label(unit, lang)} · {adcode}", ""]
    lines.append(t("candidates.card_score", lang, score=rounding.text(score["score"], "score"),
                   score_max=rounding.text(score["score_max"], "score"),
                   rank=ranking.rank_text(score, lang), best=int(score["best"]), worst=int(score["worst"])))
    lines.append("")
    lines.append(rank_sentence(score, lang))
    lines.append("")
    for clause, part in rows.groupby("clause", sort=False):
        lines.append(f"## {clause}")
        for crit, items in part.groupby("criterion", sort=False):
            first = items.iloc[0]
            lines.append(f"- **{crit}** — {first['status']}: {first['why']}")
            lines.append(f"  - 「{first['quote']}」")
            for _, it in items.iterrows():
                if not it["evidence"] and not it["url"]:
                    continue
                bits = [str(it["evidence"])]
                if it["year"]:
                    bits.append(str(it["year"]))
                if it["url"]:
                    bits.append(str(it["url"]))
                if it["confidence"]:
                    bits.append(str(it["confidence"]))
                if it["note"]:
                    bits.append(str(it["note"]))
                lines.append("  - " + " · ".join(bits))
        lines.append("")
    unknown = [c for c, s in zip(rows["criterion"], rows["status"]) if s.startswith(ICONS[UNKNOWN])]
    if unknown:
        lines.append(f"## {t('candidates.unknowns', lang)}")
        lines += [f"- {c}" for c in dict.fromkeys(unknown)]
    return "\n".join(lines) + "\n"
