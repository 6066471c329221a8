"""Regional balance in words and tables for people: the takeaways and the localised views of a ``Balance``.

Kept apart from the computation in ``aizone.balance`` (which re-exports these names): this is wording and
formatting, the other is arithmetic over the tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import pandas as pd

from aizone import rounding, strategies
from aizone.i18n import normalise_lang, pick, t

if TYPE_CHECKING:
    from aizone.balance import Balance
    from aizone.inequality import Indices

# ----------------------------------------------------------------------------------------- takeaways


_pct = rounding.percent


def _list(items: Sequence[str], lang: str) -> str:
    items = [str(i) for i in items]
    if normalise_lang(lang) == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def takeaways(b: Balance, lang: str) -> list[str]:
    """Three to six sentences built only from the numbers in ``b`` (templates in locales/balance.json)."""
    if b.total == 0:
        return [t("balance.tk_none", lang, date=b.as_of.isoformat() if b.as_of else "—")]
    out = []
    mac = b.macro[b.macro["gap_pp"].notna()]
    if len(mac):
        under = mac.loc[mac["gap_pp"].astype(float).idxmin()]
        over = mac.loc[mac["gap_pp"].astype(float).idxmax()]
        if abs(float(under["gap_pp"])) < 0.05 and abs(float(over["gap_pp"])) < 0.05:
            out.append(t("balance.tk_macro_even", lang))
        else:
            out.append(t("balance.tk_macro_under", lang, region=t(f"macro.{under['macro_region']}", lang),
                         pop_share=_pct(float(under["pop_share"])), zone_share=_pct(float(under["zone_share"])),
                         gap=rounding.text(abs(float(under["gap_pp"])), "pp"), ratio=rounding.text(under["ratio"], "rate")))
            out.append(t("balance.tk_macro_over", lang, region=t(f"macro.{over['macro_region']}", lang),
                         pop_share=_pct(float(over["pop_share"])), zone_share=_pct(float(over["zone_share"])),
                         gap=rounding.text(over["gap_pp"], "pp")))
    st = b.strategies[b.strategies["strategy_id"].isin(strategies.STRATEGIES)]
    top_n = int(st["zones"].max())
    any_n = int(b.strategies.loc[b.strategies["strategy_id"] == "any", "zones"].iloc[0])
    if top_n > 0:
        names = [t(f"strategy.{s}", lang) for s in st.loc[st["zones"] == top_n, "strategy_id"]]
        key = "balance.tk_strategy" if len(names) == 1 else "balance.tk_strategy_tie"
        out.append(t(key, lang, strategy=_list(names, lang), n=top_n, total=b.total, in_any=any_n, none=b.total - any_n))
    else:
        out.append(t("balance.tk_strategy_none", lang, total=b.total))
    prov = b.provinces
    empty = prov[prov["zones"] == 0].sort_values("population", ascending=False, na_position="last")
    if len(empty):
        top = empty.head(3)
        names = [pick(z, e, lang) for z, e in zip(top["short_zh"], top["name_en"])]
        pop_known = empty["population"].notna().all()
        share = _pct(float(empty["pop_share"].sum())) if pop_known else "—"
        out.append(t("balance.tk_no_zone", lang, n=len(empty), total=len(prov), pop_share=share, names=_list(names, lang)))
    else:
        out.append(t("balance.tk_all_provinces", lang, total=len(prov)))
    gdp = _gdp_takeaways(b, lang)
    if gdp:
        out.append(" ".join(gdp))
    ix = b.by_province
    if ix.gini is not None:
        k = min(3, int((prov["zones"] > 0).sum()))
        top_share = prov.nlargest(k, "zones")["zones"].sum() / max(1, int(prov["zones"].sum()))
        key = "balance.tk_concentration" if k > 1 else "balance.tk_concentration_one"
        out.append(t(key, lang, gini=rounding.text(ix.gini, "index"), theil=rounding.text(ix.theil, "index"), k=k, top_share=_pct(float(top_share))))
    return out[:6]


def _gdp_takeaways(b: Balance, lang: str) -> list[str]:
    """The same comparison against the economy: the macro region whose zone share falls furthest below its
    share of GDP, and which regions have no GDP figure (their share cannot be judged)."""
    mac = b.macro
    known = mac[mac["gdp_share"].notna()]
    out = []
    if len(known):
        gap = (known["zone_share"].astype(float) - known["gdp_share"].astype(float)) * 100
        row = known.loc[gap.idxmin()]
        out.append(t("balance.tk_macro_gdp", lang, region=t(f"macro.{row['macro_region']}", lang),
                     gdp_share=_pct(float(row["gdp_share"])), zone_share=_pct(float(row["zone_share"])),
                     gap=rounding.text(gap.min(), "pp", signed=True)))
    missing = [t(f"macro.{k}", lang) for k in mac.loc[mac["gdp_share"].isna(), "macro_region"]]
    if missing and len(known):
        out.append(t("balance.tk_macro_gdp_missing", lang, regions=_list(missing, lang)))
    return out


# ------------------------------------------------------------------------------- tables for people


def _names_short(n: int, names: str, lang: str, limit: int = 6) -> str:
    if not n:
        return ""
    sep = "、" if normalise_lang(lang) == "zh" else ", "
    parts = [p for p in names.split(sep) if p]
    more = "…" if len(parts) > limit else ""
    return t("balance.missing_parts", lang, n=n, names=sep.join(parts[:limit]) + more)


def _pop(v, lang: str):
    """Population in 万人 (zh) or millions (en); missing stays missing."""
    return pd.NA if pd.isna(v) else rounding.value(float(v) / (1e4 if normalise_lang(lang) == "zh" else 1e6), "amount")


def _gdp(v, lang: str):
    """GDP in 亿元 (zh) or CNY billions (en)."""
    return pd.NA if pd.isna(v) else rounding.value(float(v) * (10 if normalise_lang(lang) == "zh" else 1), "amount")


def _rates(df: pd.DataFrame, lang: str, gdp_rate: bool = True, middle: dict | None = None) -> dict:
    """Shares and rates in reading order (the comparison first), then ``middle`` columns, then the raw totals."""
    def pct(col):
        return rounding.column([rounding.percent_value(v) for v in df[col]], "percent").set_axis(df.index)

    cols = {
        t("balance.col_zone_share", lang): pct("zone_share"),
        t("balance.col_pop_share", lang): pct("pop_share"),
        t("balance.col_gap_pp", lang): rounding.column(df["gap_pp"], "pp"),
        t("balance.col_gdp_share", lang): pct("gdp_share"),
        t("balance.col_per_100m", lang): rounding.column(df["per_100m"], "rate"),
    }
    if gdp_rate:
        cols[t("balance.col_per_trn_gdp", lang)] = rounding.column(df["per_trn_gdp"], "rate")
    cols.update(middle or {})
    cols[t("balance.col_population", lang)] = pd.array([_pop(v, lang) for v in df["population"]], dtype="Float64")
    cols[t("balance.col_gdp", lang)] = pd.array([_gdp(v, lang) for v in df["gdp_bn"]], dtype="Float64")
    return cols


def _scope_label(v, lang: str) -> str:
    return "" if pd.isna(v) else t(f"balance.scope.{v}", lang)


def views(b: Balance, lang: str) -> dict[str, pd.DataFrame]:
    """Localised tables for display and download: shares in percent, population in 万人/millions, missing kept empty.

    Keys: macro, strategies, provinces, zones, indices.
    """
    mac = b.macro
    macro_v = pd.DataFrame({
        t("balance.col_macro", lang): [t(f"macro.{k}", lang) for k in mac["macro_region"]],
        t("balance.col_zones", lang): mac["zones"],
        **_rates(mac, lang, middle={t("balance.col_provinces", lang): mac["provinces"],
                                    t("balance.col_provinces_with_zone", lang): mac["provinces_with_zone"]}),
    })
    st_ = b.strategies
    label = {"any": t("balance.row_any", lang), "none": t("balance.row_none", lang)}
    strat_v = pd.DataFrame({
        t("balance.col_strategy", lang): [label.get(k) or t(f"strategy.{k}", lang) for k in st_["strategy_id"]],
        t("balance.col_zones", lang): st_["zones"],
        **_rates(st_, lang, gdp_rate=False, middle={t("balance.col_n_full", lang): st_["n_full"],
                                                    t("balance.col_n_partial", lang): st_["n_partial"],
                                                    t("balance.col_n_core", lang): st_["n_core"]}),
        t("balance.col_missing_pop", lang): [
            _names_short(int(n) if pd.notna(n) else 0, zh if normalise_lang(lang) == "zh" else en, lang)
            for n, zh, en in zip(st_["missing_pop_n"], st_["missing_pop_zh"], st_["missing_pop_en"])],
    })
    prov = b.provinces
    prov_v = pd.DataFrame({
        t("balance.col_province", lang): [pick(z, e, lang) for z, e in zip(prov["name_zh"], prov["name_en"])],
        t("balance.col_macro", lang): [t(f"macro.{k}", lang) for k in prov["macro_region"]],
        t("balance.col_zones", lang): prov["zones"],
        **_rates(prov, lang, middle={t("balance.col_adcode", lang): prov["adcode"]}),
    })
    s = b.sites
    names = [pick(z, e, lang) for z, e in zip(s.get("name_zh", s["unit_zh"]), s.get("name_en", s["unit_en"]))]
    zones_v = pd.DataFrame({
        t("balance.col_zone", lang): names,
        t("balance.col_adcode", lang): s["adcode"],
        t("balance.col_macro", lang): [t(f"macro.{k}", lang) if pd.notna(k) else t("balance.outside_31", lang)
                                       for k in s["macro_region"]],
        **{t(f"strategy.{k}", lang): [_scope_label(v, lang) for v in s[f"scope_{k}"]] for k in strategies.STRATEGIES},
        t("balance.col_n_strategies", lang): s["n_strategies"],
    })
    return {"macro": macro_v, "strategies": strat_v, "provinces": prov_v, "zones": zones_v,
            "indices": indices_view(b, lang)}


def indices_view(b: Balance, lang: str) -> pd.DataFrame:
    def val(ix: Indices, attr: str):
        v = getattr(ix, attr)
        return rounding.value(v, "index")

    p, m = b.by_province, b.by_macro
    rows = [("gini", "gini"), ("theil", "theil"), ("hhi", "hhi"), ("hhi_norm", "hhi_norm")]
    return pd.DataFrame({
        t("balance.col_index", lang): [t(f"balance.index.{k}", lang) for k, _ in rows],
        t("balance.col_over_provinces", lang, n=p.n): pd.array([val(p, a) for _, a in rows], dtype="Float64"),
        t("balance.col_over_macro", lang, n=m.n): pd.array([val(m, a) for _, a in rows], dtype="Float64"),
    })


def candidates_view(c: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Candidate cities with their macro region and strategy scopes, for the page's table and download."""
    return pd.DataFrame({
        t("balance.col_city", lang): [pick(z, e, lang) for z, e in zip(c["unit_zh"], c["unit_en"])],
        t("balance.col_adcode", lang): c["adcode"],
        t("balance.col_macro", lang): [t(f"macro.{k}", lang) for k in c["macro_region"]],
        **{t(f"strategy.{k}", lang): [_scope_label(v, lang) for v in c[f"scope_{k}"]] for k in strategies.STRATEGIES},
        t("balance.col_n_strategies", lang): c["n_strategies"],
    })
