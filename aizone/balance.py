"""Regional balance: where the zones are against where the people and the output are.

The guideline asks that zones serve the national regional strategies and balance East, Central, West and
Northeast. "Balanced" here means *in proportion to population*: a region's share of zones is compared with
its share of the 2020 census population (and, beside it, of 2023 GDP). Choices that change the numbers:

* **Units.** A zone (or candidate city) is placed by its adcode in the gazetteer, so a county zone (德清
  330521) reaches its city (湖州 330500) and province through the hierarchy, never through a name.
* **Strategies overlap** (YREB contains all of the YRD's provinces and the Chengdu-Chongqing area), so they
  are reported one by one, with the membership scope kept (full / partial / core area), and any total
  across strategies counts each zone once.
* **The 31 provinces.** Hong Kong, Macao and Taiwan have no macro region in the source table and no
  comparable statistics, so they are outside the province and macro-region indices (a zone there would be
  counted and reported apart; there is none).
* **Missing statistics** are never 0: a unit without population is left out of the shares and indices and
  listed, and a group total with a missing part is itself missing.
* **Dates.** Only zones certainly approved by the as-of date count (see ``aizone.zones``).

All indices take zone counts and a base (population) per unit:

* Lorenz curve: units sorted by zones per person, cumulative share of base (x) against cumulative share of
  zones (y). Gini = 1 − Σ (x_k − x_{k−1})(y_k + y_{k−1}); 0 when zones follow population exactly; all zones
  in one unit j gives 1 − p_j (p_j = that unit's base share), i.e. 1 − 1/n for n equal units.
* Theil T = Σ s_i ln(s_i / p_i) with s = zone shares, p = base shares and 0·ln 0 = 0; 0 when s = p, and
  ln(1/p_j) when every zone is in unit j (ln n for n equal units).
* HHI = Σ s_i² of zone shares (1/n … 1), normalised HHI* = (HHI − 1/n)/(1 − 1/n) (0 … 1). It ignores the base:
  it measures concentration of zones alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

import pandas as pd

from aizone import gazetteer, strategies, tables
from aizone import zones as zones_mod
from aizone.i18n import normalise_lang, pick, t
from aizone.tables import MACROS

PER_PEOPLE = 1e8  # zones per 100 million people
PER_GDP_BN = 1000.0  # zones per 1 trillion CNY (GDP is stored in billions)
CORE_SCOPES = ("core-area", "demonstration-zone")
MEASURES = ("zones", "per_100m", "per_trn_gdp", "gap_pp")


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Inputs:
    """The reference tables a balance needs; the app passes its cached copies, tests pass modified ones."""

    gaz: pd.DataFrame
    members: pd.DataFrame
    macro: pd.DataFrame
    province_stats: pd.DataFrame
    city_stats: pd.DataFrame

    @classmethod
    def load(cls) -> "Inputs":
        return cls(gazetteer.load(), tables.load("strategy_members"), tables.load("macro_regions"),
                   tables.load("province_stats"), tables.load("city_stats"))


# ---------------------------------------------------------------------------------------------- joins

_LEVEL_PREF = {"city": 0, "county": 1, "province": 2}


def locate(adcodes: Iterable[str], gaz: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer rows for adcodes (a code that is both province and city, like 110000, is taken as a city).

    Old municipal codes (110100) are accepted through the gazetteer's aliases. An unknown code raises,
    because a unit that cannot be placed would silently drop out of every count.
    """
    g = gaz.assign(_pref=gaz["level"].map(_LEVEL_PREF)).sort_values("_pref", kind="stable")
    first = g.drop_duplicates("adcode").set_index("adcode")
    alias = {}
    for code, al in zip(g["adcode"], g["aliases"].fillna("")):
        for a in str(al).split("|"):
            if len(a) == 6 and a.isdigit():
                alias.setdefault(a, code)
    rows = []
    for raw in adcodes:
        code = str(raw)
        code = code if code in first.index else alias.get(code, code)
        if code not in first.index:
            raise ValueError(f"adcode {raw} is not in the gazetteer (data/gazetteer.csv)")
        r = first.loc[code]
        rows.append({"adcode": code, "level": r["level"], "parent_adcode": r["parent_adcode"],
                     "province_adcode": r["province_adcode"], "unit_zh": r["short_zh"], "unit_en": r["name_en"]})
    return pd.DataFrame(rows, columns=["adcode", "level", "parent_adcode", "province_adcode", "unit_zh", "unit_en"])


def join(sites: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Sites (zones or candidate cities; column ``adcode``) with province, macro region and strategy scopes.

    Adds ``key`` (zone_id if present, else adcode), ``level``, ``parent_adcode``, ``province_adcode``,
    ``macro_region`` (<NA> outside the 31 provinces), ``scope_<ID>`` for each strategy (full / partial /
    core-area / demonstration-zone or <NA>) and ``n_strategies``. A site's own ``province_adcode`` must
    agree with the gazetteer, so a typo in a zone row cannot move it to another province.
    """
    s = sites.reset_index(drop=True).copy()
    s["adcode"] = s["adcode"].astype(str)
    loc = locate(s["adcode"], inputs.gaz)
    if "province_adcode" in s:
        bad = s["province_adcode"].notna() & (s["province_adcode"].astype(str) != loc["province_adcode"].astype(str))
        if bad.any():
            i = int(bad.idxmax())
            raise ValueError(f"site {s.at[i, 'adcode']}: province_adcode {s.at[i, 'province_adcode']} disagrees with the "
                             f"gazetteer ({loc.at[i, 'province_adcode']})")
    s["adcode"] = loc["adcode"]
    for c in ("level", "parent_adcode", "province_adcode", "unit_zh", "unit_en"):
        s[c] = loc[c].values
    s["key"] = s["zone_id"].astype(str) if "zone_id" in s else s["adcode"]
    if s["key"].duplicated().any():
        raise ValueError(f"site listed twice: {s.loc[s['key'].duplicated(), 'key'].iloc[0]}")
    macro = inputs.macro.set_index("province_adcode")["macro_region"]
    s["macro_region"] = s["province_adcode"].map(macro).astype("string")
    units = s[["adcode", "parent_adcode", "province_adcode"]].drop_duplicates("adcode")
    units = units.assign(parent_adcode=units["parent_adcode"].fillna(units["adcode"]))  # a province has no parent
    m = strategies.memberships(units, inputs.members)
    m = m[m["strategy_id"].isin(strategies.STRATEGIES)]
    for sid in strategies.STRATEGIES:
        scope = m[m["strategy_id"] == sid].set_index("adcode")["scope"]
        s[f"scope_{sid}"] = s["adcode"].map(scope).astype("string")
    s["n_strategies"] = s[[f"scope_{k}" for k in strategies.STRATEGIES]].notna().sum(axis=1).astype(int)
    return s


# ------------------------------------------------------------------------------------------- indices


def _clean(counts: Sequence, base: Sequence) -> tuple[list[float], list[float]]:
    c = [float(x) for x in counts]
    b = [float(x) for x in base]
    if len(c) != len(b) or not c:
        raise ValueError("indices need one zone count and one base value per unit, for at least one unit")
    if any(math.isnan(x) or x < 0 for x in c) or any(math.isnan(x) or x <= 0 for x in b):
        raise ValueError("indices need zone counts ≥ 0 and bases > 0 (drop units with missing statistics first)")
    return c, b


def lorenz(counts: Sequence, base: Sequence, labels: Sequence | None = None) -> pd.DataFrame:
    """Lorenz curve points from (0, 0): units by zones per unit of base, ascending (ties keep input order)."""
    x, y, order = _lorenz_points(counts, base)
    labels = list(labels) if labels is not None else list(range(len(order)))
    return pd.DataFrame({"x": x, "y": y, "label": [None] + [labels[i] for i in order]})


def _lorenz_points(counts: Sequence, base: Sequence) -> tuple[list[float], list[float], list[int]]:
    """The Lorenz curve as plain lists (x, y, unit order); shared by ``lorenz`` and ``gini`` (the recommender
    evaluates thousands of Gini values, so no frame is built here)."""
    c, b = _clean(counts, base)
    tc, tb = sum(c), sum(b)
    if tc == 0:
        raise ValueError("a Lorenz curve needs at least one zone")
    order = sorted(range(len(c)), key=lambda i: c[i] / b[i])
    x, y = [0.0], [0.0]
    for i in order:
        x.append(x[-1] + b[i] / tb)
        y.append(y[-1] + c[i] / tc)
    x[-1], y[-1] = 1.0, 1.0  # no float drift at the end point
    return x, y, order


def gini(counts: Sequence, base: Sequence) -> float:
    """Gini from the Lorenz curve by trapezoids: 1 − Σ (x_k − x_{k−1})(y_k + y_{k−1})."""
    x, y, _ = _lorenz_points(counts, base)
    g = 1.0 - sum((x[k] - x[k - 1]) * (y[k] + y[k - 1]) for k in range(1, len(x)))
    return 0.0 if abs(g) < 1e-12 else g


def theil(counts: Sequence, base: Sequence) -> float:
    """Theil T of zone shares against base shares, Σ s ln(s/p), with 0·ln 0 = 0."""
    c, b = _clean(counts, base)
    tc, tb = sum(c), sum(b)
    if tc == 0:
        raise ValueError("the Theil index needs at least one zone")
    v = sum(theil_term(ci, tc, bi, tb) for ci, bi in zip(c, b))
    return 0.0 if abs(v) < 1e-12 else v


def theil_term(count: float, total: float, base: float, total_base: float) -> float:
    """One unit's part of Theil T, s ln(s/p) (0 for no zones). With the totals fixed the index is a sum of
    these, which is what lets ``aizone.recommend`` find the best allocation exactly."""
    if count <= 0:
        return 0.0
    s = count / total
    return s * math.log(s / (base / total_base))


def hhi_term(count: float, total: float) -> float:
    """One unit's part of HHI, s²."""
    return (count / total) ** 2


def hhi(counts: Sequence) -> tuple[float, float]:
    """Herfindahl-Hirschman index of zone shares and its normalised form (0 = even, 1 = all in one unit)."""
    c = [float(x) for x in counts]
    n, tc = len(c), sum(c)
    if tc == 0 or n == 0:
        raise ValueError("HHI needs at least one zone")
    h = sum(hhi_term(x, tc) for x in c)
    norm = (h - 1 / n) / (1 - 1 / n) if n > 1 else 1.0
    return h, (0.0 if abs(norm) < 1e-12 else norm)


@dataclass(frozen=True)
class Indices:
    """Balance indices over one set of units; ``excluded`` are units left out for missing statistics."""

    level: str  # province | macro
    n: int
    zones: int
    gini: float | None
    theil: float | None
    hhi: float | None
    hhi_norm: float | None
    excluded: tuple[str, ...]
    curve: pd.DataFrame | None



def indices(table: pd.DataFrame, level: str, key: str, base: str = "population", count: str = "zones") -> Indices:
    """Indices over the rows of a group table whose base is known; the others are named in ``excluded``."""
    known = table[table[base].notna() & (table[base].astype(float) > 0)]
    excluded = tuple(table.loc[~table.index.isin(known.index), key].astype(str))
    n, total = len(known), int(known[count].sum()) if len(known) else 0
    if n == 0 or total == 0:
        return Indices(level, n, total, None, None, None, None, excluded, None)
    c, b = known[count].astype(float).tolist(), known[base].astype(float).tolist()
    h, hn = hhi(c)
    return Indices(level, n, total, gini(c, b), theil(c, b), h, hn, excluded, lorenz(c, b, known[key].astype(str).tolist()))


# -------------------------------------------------------------------------------------- group tables


def _shares(df: pd.DataFrame, total_zones: int) -> pd.DataFrame:
    """Shares of zones, population and GDP, per-capita rates, and the gap to population in points."""
    out = df.copy()
    pop = out["population"].astype("Float64")
    gdp = out["gdp_bn"].astype("Float64")
    out["zone_share"] = (out["zones"] / total_zones).astype("Float64") if total_zones else pd.Series(pd.NA, index=out.index, dtype="Float64")
    out["pop_share"] = pop / pop.sum(skipna=True)
    out["gdp_share"] = gdp / gdp.sum(skipna=True)
    out["per_100m"] = out["zones"] / (pop / PER_PEOPLE)
    out["per_trn_gdp"] = out["zones"] / (gdp / PER_GDP_BN)
    out["gap_pp"] = (out["zone_share"] - out["pop_share"]) * 100
    out["ratio"] = out["zone_share"] / out["pop_share"]
    return out


def province_table(sites: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """One row per province of the 31 (provinces without a zone included, with 0 zones — a count, not a gap)."""
    mac = inputs.macro[["province_adcode", "macro_region", "name_zh", "name_en"]].rename(columns={"province_adcode": "adcode"})
    ps = inputs.province_stats.set_index("adcode")
    short = inputs.gaz[inputs.gaz["level"] == "province"].set_index("adcode")["short_zh"]
    inside = sites[sites["macro_region"].notna()]
    counts = inside.groupby("province_adcode").size()
    df = mac.assign(
        short_zh=mac["adcode"].map(short),
        zones=mac["adcode"].map(counts).fillna(0).astype(int),
        population=mac["adcode"].map(ps["population_2020_census"]).astype("Float64"),
        gdp_bn=mac["adcode"].map(ps["gdp_2023_cny_bn"]).astype("Float64"),
    )
    df = _shares(df, int(df["zones"].sum()))
    return df.sort_values(["zones", "population"], ascending=[False, False], kind="stable").reset_index(drop=True)


def macro_table(provinces: pd.DataFrame) -> pd.DataFrame:
    """Macro regions summed from provinces; a region with a province lacking a statistic has that total missing."""
    rows = []
    for key in MACROS:
        p = provinces[provinces["macro_region"] == key]
        rows.append({
            "macro_region": key, "provinces": len(p), "provinces_with_zone": int((p["zones"] > 0).sum()),
            "zones": int(p["zones"].sum()),
            "population": p["population"].sum() if p["population"].notna().all() else pd.NA,
            "gdp_bn": p["gdp_bn"].sum() if p["gdp_bn"].notna().all() else pd.NA,
        })
    df = pd.DataFrame(rows)
    df["population"] = df["population"].astype("Float64")
    df["gdp_bn"] = df["gdp_bn"].astype("Float64")
    return _shares(df, int(df["zones"].sum()))


def strategy_areas(inputs: Inputs) -> pd.DataFrame:
    """The units that make up each strategy's area, without nesting (YRD's core cities sit inside its provinces).

    A partial province row only says "finer rows follow" and is dropped; a row inside another full row of the
    same strategy is dropped. Each remaining unit gets statistics only where they exist for exactly that
    area: a whole province (province_stats) or a whole city (city_stats); counties and cities with parts
    left out have none. Hong Kong and Macao are flagged ``outside`` (not in the 31-province totals).
    """
    gaz = inputs.gaz
    loc = locate(inputs.members["member_adcode"].unique(), gaz).set_index("adcode")
    ps = inputs.province_stats.set_index("adcode")
    cs = inputs.city_stats.set_index("adcode")
    in31 = set(inputs.macro["province_adcode"])
    names = gaz.drop_duplicates("adcode").set_index("adcode")
    rows = []
    for sid, grp in inputs.members.groupby("strategy_id", sort=False):
        area = grp[~((grp["member_level"] == "province") & (grp["scope"] == "partial"))]
        whole = set(area.loc[area["scope"] != "partial", "member_adcode"])
        seen = set()
        for _, r in area.iterrows():
            code = r["member_adcode"]
            if code in seen:
                continue
            up = loc.loc[code]
            ancestors = {up["parent_adcode"], up["province_adcode"]} - {code, None}
            if any(a in whole for a in ancestors if isinstance(a, str)):
                continue
            seen.add(code)
            has_excl = pd.notna(r.get("excluded_adcodes")) and str(r.get("excluded_adcodes")).strip() != ""
            pop = gdp = pd.NA
            if r["scope"] != "partial" and not has_excl:
                if r["member_level"] == "province" and code in ps.index:
                    pop, gdp = ps.at[code, "population_2020_census"], ps.at[code, "gdp_2023_cny_bn"]
                elif r["member_level"] == "city" and code in cs.index:
                    pop, gdp = cs.at[code, "population_2020_census"], cs.at[code, "gdp_2023_cny_bn"]
                elif r["member_level"] == "city" and code in ps.index:  # a municipality listed as a city
                    pop, gdp = ps.at[code, "population_2020_census"], ps.at[code, "gdp_2023_cny_bn"]
            rows.append({"strategy_id": sid, "adcode": code, "level": r["member_level"], "scope": r["scope"],
                         "name_zh": names.at[code, "short_zh"], "name_en": names.at[code, "name_en"],
                         "outside": up["province_adcode"] not in in31, "population": pop, "gdp_bn": gdp})
    df = pd.DataFrame(rows)
    df["population"] = df["population"].astype("Float64")
    df["gdp_bn"] = df["gdp_bn"].astype("Float64")
    return df


def strategy_table(sites: pd.DataFrame, inputs: Inputs, national: pd.Series) -> pd.DataFrame:
    """Zones per strategy by scope, plus 'any strategy' (each zone once) and 'no strategy' rows.

    ``national`` holds the 31-province totals (population, gdp_bn) that shares are taken of; a strategy's
    population counts only its mainland part, and is missing when any mainland part lacks statistics
    (the parts are named in ``missing_pop_zh``/``_en`` and ``missing_gdp_zh``/``_en``). Shares of strategies overlap and do not add up.
    """
    areas = strategy_areas(inputs)
    total = len(sites)
    rows = []
    for sid in strategies.STRATEGIES:
        sc = sites[f"scope_{sid}"]
        a = areas[(areas["strategy_id"] == sid) & ~areas["outside"]]
        row = {"strategy_id": sid, "zones": int(sc.notna().sum()), "n_full": int((sc == "full").sum()),
               "n_partial": int((sc == "partial").sum()), "n_core": int(sc.isin(CORE_SCOPES).sum())}
        for col, short in (("population", "pop"), ("gdp_bn", "gdp")):
            gaps = a[a[col].isna()]
            row[col] = pd.NA if len(gaps) or not len(a) else float(a[col].sum())
            row[f"missing_{short}_n"] = len(gaps)
            row[f"missing_{short}_zh"] = "、".join(gaps["name_zh"].astype(str))
            row[f"missing_{short}_en"] = ", ".join(gaps["name_en"].astype(str))
        row["outside_members"] = "; ".join(areas.loc[(areas["strategy_id"] == sid) & areas["outside"], "adcode"])
        rows.append(row)
    inany = sites["n_strategies"] > 0
    rows.append({"strategy_id": "any", "zones": int(inany.sum()), "population": pd.NA, "gdp_bn": pd.NA})
    rows.append({"strategy_id": "none", "zones": int((~inany).sum()), "population": pd.NA, "gdp_bn": pd.NA})
    df = pd.DataFrame(rows)
    for col in ("missing_pop_zh", "missing_pop_en", "missing_gdp_zh", "missing_gdp_en", "outside_members"):
        df[col] = df[col].fillna("").astype(str)
    for col in ("population", "gdp_bn"):
        df[col] = df[col].astype("Float64")
    for col in ("n_full", "n_partial", "n_core", "missing_pop_n", "missing_gdp_n"):
        df[col] = df[col].astype("Int64")
    df["zone_share"] = (df["zones"] / total).astype("Float64") if total else pd.Series(pd.NA, index=df.index, dtype="Float64")
    df["pop_share"] = df["population"] / float(national["population"]) if pd.notna(national["population"]) else pd.NA
    df["gdp_share"] = df["gdp_bn"] / float(national["gdp_bn"]) if pd.notna(national["gdp_bn"]) else pd.NA
    df["per_100m"] = df["zones"] / (df["population"] / PER_PEOPLE)
    df["gap_pp"] = (df["zone_share"] - df["pop_share"]) * 100
    return df


# ------------------------------------------------------------------------------------------- balance


@dataclass(frozen=True)
class Balance:
    as_of: date | None
    sites: pd.DataFrame  # joined zones counted
    provinces: pd.DataFrame
    macro: pd.DataFrame
    strategies: pd.DataFrame
    by_province: Indices
    by_macro: Indices
    outside: pd.DataFrame  # counted zones outside the 31 provinces (Hong Kong, Macao, Taiwan)
    uncertain: int = 0  # zones possibly approved by as_of but not counted
    notes: tuple[str, ...] = field(default_factory=tuple)  # locale keys of notes that apply

    @property
    def total(self) -> int:
        return len(self.sites)


def of_sites(sites: pd.DataFrame, inputs: Inputs, as_of: date | None = None, uncertain: int = 0) -> Balance:
    """Balance of any set of sites (approved zones, or zones plus a scenario's candidate cities)."""
    j = join(sites, inputs)
    prov = province_table(j, inputs)
    mac = macro_table(prov)
    national = pd.Series({"population": prov["population"].sum() if prov["population"].notna().all() else pd.NA,
                          "gdp_bn": prov["gdp_bn"].sum() if prov["gdp_bn"].notna().all() else pd.NA})
    strat = strategy_table(j, inputs, national)
    notes = []
    if prov["population"].isna().any() or prov["gdp_bn"].isna().any():
        notes.append("balance.note_missing_province")
    if strat.loc[strat["strategy_id"].isin(strategies.STRATEGIES), ["population", "gdp_bn"]].isna().any().any():
        notes.append("balance.note_missing_strategy")
    return Balance(as_of=as_of, sites=j, provinces=prov, macro=mac, strategies=strat,
                   by_province=indices(prov, "province", "adcode"), by_macro=indices(mac, "macro", "macro_region"),
                   outside=j[j["macro_region"].isna()], uncertain=uncertain, notes=tuple(notes))


def on_date(zone_table: pd.DataFrame, when: date, inputs: Inputs) -> Balance:
    """Balance of the zones certainly approved by ``when``; possibly approved ones are counted apart."""
    approved = zones_mod.as_of(zone_table, when, include_uncertain=False)
    uncertain = int((zones_mod.status_on(zone_table, when) == zones_mod.UNCERTAIN).sum())
    return of_sites(approved, inputs, as_of=pd.Timestamp(when).date(), uncertain=uncertain)


def candidate_join(inputs: Inputs, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Every city-level unit of the 31 provinces (minus ``exclude``, e.g. current zones) joined like a zone."""
    g = inputs.gaz
    cities = g[(g["level"] == "city") & g["province_adcode"].isin(set(inputs.macro["province_adcode"]))]
    cities = cities[~cities["adcode"].isin(set(map(str, exclude)))]
    return join(cities[["adcode"]].drop_duplicates(), inputs)


# ----------------------------------------------------------------------------------------- takeaways


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


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
                         gap=f"{abs(float(under['gap_pp'])):.1f}", ratio=f"{float(under['ratio']):.2f}"))
            out.append(t("balance.tk_macro_over", lang, region=t(f"macro.{over['macro_region']}", lang),
                         pop_share=_pct(float(over["pop_share"])), zone_share=_pct(float(over["zone_share"])),
                         gap=f"{float(over['gap_pp']):.1f}"))
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
        out.append(t(key, lang, gini=f"{ix.gini:.2f}", theil=f"{ix.theil:.2f}", k=k, top_share=_pct(float(top_share))))
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
                     gap=f"{float(gap.min()):+.1f}"))
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
    return pd.NA if pd.isna(v) else round(float(v) / (1e4 if normalise_lang(lang) == "zh" else 1e6), 1)


def _gdp(v, lang: str):
    """GDP in 亿元 (zh) or CNY billions (en)."""
    return pd.NA if pd.isna(v) else round(float(v) * (10 if normalise_lang(lang) == "zh" else 1), 1)


def _rates(df: pd.DataFrame, lang: str, gdp_rate: bool = True, middle: dict | None = None) -> dict:
    """Shares and rates in reading order (the comparison first), then ``middle`` columns, then the raw totals."""
    def pct(col):
        return (df[col].astype("Float64") * 100).round(1)

    cols = {
        t("balance.col_zone_share", lang): pct("zone_share"),
        t("balance.col_pop_share", lang): pct("pop_share"),
        t("balance.col_gap_pp", lang): df["gap_pp"].astype("Float64").round(1),
        t("balance.col_gdp_share", lang): pct("gdp_share"),
        t("balance.col_per_100m", lang): df["per_100m"].astype("Float64").round(2),
    }
    if gdp_rate:
        cols[t("balance.col_per_trn_gdp", lang)] = df["per_trn_gdp"].astype("Float64").round(2)
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
        return pd.NA if v is None else round(float(v), 3)

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
