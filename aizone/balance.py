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

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import pandas as pd

from aizone import gazetteer, strategies, tables
from aizone import zones as zones_mod
from aizone.inequality import Indices, gini, hhi, hhi_term, indices, lorenz, theil, theil_term  # noqa: F401
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
    cs = inputs.city_stats.assign(**{tables.GDP_COLUMN: tables.gdp_in(inputs.city_stats)}).set_index("adcode")
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


# Indices and the words for people live in their own modules; these names stay reachable as balance.*.
from aizone.balance_text import candidates_view, indices_view, takeaways, views  # noqa: E402,F401
