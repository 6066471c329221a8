"""How much of the candidate ranking rests on evidence, and how good the citations are.

These figures answer a planner's first question about the candidates page ("how much of this is known?")
and a reviewer's ("what does it cite?"). One function computes them all, so the methods page, the
``aizone evidence`` command and the contract tests (which hold them as floors) read the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from aizone import candidates, citations, eligibility, tables


@dataclass(frozen=True)
class Measure:
    key: str
    value: float
    target: str  # the goal, in words ('≥ 60 %'), for the printout
    met: bool
    detail: str = ""


@dataclass(frozen=True)
class Coverage:
    candidates: int
    decided_share: float  # pass or fail, of city-path criterion cells
    median_rank_range: float  # worst - best, city candidates
    population: int  # city candidates with a census population
    gdp: int  # city candidates with a GDP figure (2023, else the latest documented year)
    ai_industry: int  # city candidates with any published AI-industry figure (actual)
    zones: int
    zones_official: int
    cited_facts: int
    reputable_facts: int
    by_quality: dict = field(default_factory=dict)
    spam_cells: int = 0
    gdp_other_year: int = 0  # of ``gdp``: figures of a year other than 2023
    unvetted_cells: int = 0  # cells naming a host the domain list does not grade (nobody looked at the page)

    @property
    def reputable_share(self) -> float:
        return self.reputable_facts / self.cited_facts if self.cited_facts else 0.0

    def measures(self) -> list[Measure]:
        n = self.candidates or 1
        return [
            Measure("decided_share", self.decided_share, "≥ 60 %", self.decided_share >= 0.60,
                    "pass or fail, of the city-path criterion cells of the city candidates"),
            Measure("median_rank_range", self.median_rank_range, "≤ 60", self.median_rank_range <= 60,
                    "median of (worst rank - best rank) over the city candidates"),
            Measure("population", self.population / n, "≥ 95 %", self.population / n >= 0.95,
                    f"{self.population} of {self.candidates} city candidates"),
            Measure("gdp", self.gdp / n, "≥ 95 %", self.gdp / n >= 0.95,
                    f"{self.gdp} of {self.candidates} city candidates ({self.gdp_other_year} for a year other than "
                    f"{tables.GDP_YEAR})"),
            Measure("zones_official", self.zones_official, f"= {self.zones}", self.zones_official == self.zones,
                    f"{self.zones_official} of {self.zones} zones rest on an official document (a MOST letter)"),
            Measure("reputable_share", self.reputable_share, "≥ 60 %", self.reputable_share >= 0.60,
                    f"{self.reputable_facts} of {self.cited_facts} cited facts: official, state/provincial media or a "
                    "reference work"),
            Measure("spam_cells", self.spam_cells, "= 0", self.spam_cells == 0, "cells pointing at a never-cite domain"),
            Measure("unvetted_cells", self.unvetted_cells, "= 0", self.unvetted_cells == 0,
                    "cells naming a host on no list of source_domains.csv (spam or not, nobody has looked)"),
        ]

    def as_dict(self) -> dict:
        d = asdict(self)
        d["reputable_share"] = self.reputable_share
        return d


def documents_view(lang: str) -> pd.DataFrame:
    """Every document with its grade and the pages it was read at, for the methods page and downloads."""
    from aizone.i18n import t

    docs = citations.documents(tables.path("documents"))
    rows = []
    for d in docs.values():
        rows.append({
            t("methods.doc.id", lang): d.doc_id,
            t("methods.doc.issuer", lang): d.issuer_zh,
            t("methods.doc.title", lang): d.title_zh,
            t("methods.doc.number", lang): d.doc_number,
            t("methods.doc.date", lang): d.doc_date,
            t("methods.doc.grade", lang): t(f"grade.{citations.document_quality(d)}", lang),
            t("methods.doc.official", lang): d.official_url or None,
            t("methods.doc.read_at", lang): " ; ".join(d.read_at),
        })
    return pd.DataFrame(rows)


def detail(cov: "Coverage", m: Measure, lang: str) -> str:
    """What a measure counts, in the reader's language, with its numbers."""
    from aizone.i18n import t

    n = {"population": cov.population, "gdp": cov.gdp, "zones_official": cov.zones_official,
         "reputable_share": cov.reputable_facts}.get(m.key, 0)
    of = {"population": cov.candidates, "gdp": cov.candidates, "zones_official": cov.zones,
          "reputable_share": cov.cited_facts}.get(m.key, 0)
    return t(f"methods.measure.detail.{m.key}", lang, n=n, of=of, other=cov.gdp_other_year)


def measures_view(cov: "Coverage", lang: str) -> pd.DataFrame:
    from aizone.i18n import t

    def fmt(m: Measure) -> str:
        if m.key in ("decided_share", "population", "gdp", "reputable_share"):
            return f"{100 * m.value:.1f} %"
        return f"{m.value:g}"

    ms = cov.measures()
    return pd.DataFrame({
        t("methods.measure.what", lang): [t(f"methods.measure.{m.key}", lang) for m in ms],
        # no-break spaces: a figure and its unit ("15.3 %", "≥ 60 %") never wrap apart in a narrow column
        t("methods.measure.value", lang): [fmt(m).replace(" ", "\u00a0") for m in ms],
        t("methods.measure.target", lang): [m.target.replace(" ", "\u00a0") for m in ms],
        t("methods.measure.met", lang): [t("methods.measure.yes" if m.met else "methods.measure.no", lang)
                                         for m in ms],
        t("methods.measure.detail", lang): [detail(cov, m, lang) for m in ms],
    })


def decided_by_criterion(matrix: pd.DataFrame, path: str = eligibility.CITY) -> pd.DataFrame:
    """Per criterion of ``path``: how many units pass, fail, or are unknown, in guideline order."""
    part = matrix[matrix["path"] == path]
    rows = []
    for c in eligibility.criteria(path):
        counts = part[c.key].value_counts()
        rows.append({"criterion": c.key, **{s: int(counts.get(s, 0)) for s in eligibility.STATUSES}})
    return pd.DataFrame(rows)


def headline(matrix: pd.DataFrame, evidence: pd.DataFrame, lang: str) -> str:
    """The plain statement the candidates page opens with: what the evidence can and cannot decide."""
    from aizone.i18n import t

    city = matrix[matrix["path"] == eligibility.CITY]
    n = len(city)
    codes = set(city.index.astype(str))
    ind = evidence[evidence["indicator"].isin(("ai_core_bn", "ai_related_bn")) & (evidence["kind"] == "actual")
                   & (evidence["bound"] != "at-most")
                   & evidence["value"].notna() & evidence["adcode"].isin(codes)]
    by = decided_by_criterion(matrix)
    cells = int(by[list(eligibility.STATUSES)].to_numpy().sum()) or 1
    decided = int(by[[eligibility.PASS, eligibility.FAIL]].to_numpy().sum())
    never = [t(f"candidates.crit.{k}", lang) for k, u in zip(by["criterion"], by[eligibility.UNKNOWN]) if u == n]
    sep = "、" if lang == "zh" else "; "
    return t("candidates.headline", lang, decided=f"{100 * decided / cells:.0f}", n=n, ai=int(ind["adcode"].nunique()),
             never=sep.join(never) if never else t("candidates.none", lang))


def _city_candidates() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    units = candidates.universe()
    units = units[units["path"] == eligibility.CITY].reset_index(drop=True)
    ev = candidates.evidence(units)
    matrix, _ = eligibility.assess_all(ev, units)
    return units, ev, matrix


def citation_quality(tabs: dict[str, pd.DataFrame] | None = None) -> tuple[dict[str, int], int, int]:
    """(facts per quality, spam cells, unvetted cells) over every shipped table; one fact = one citation group
    of one row."""
    tabs = tabs or tables.load_all()
    docs = citations.documents(tables.path("documents"))
    domains = citations.domains()
    counts = {q: 0 for q in citations.QUALITIES}
    spam = unvetted = 0
    for name, df in tabs.items():
        spam += len(citations.never_cited(df, name, domains))
        unvetted += len(citations.unvetted(df, name, domains))
        if name == "documents":
            continue
        for prefix in citations.cite_prefixes(df.columns):
            for r in df.to_dict("records"):
                q = citations.row_quality(r, docs, domains, prefix)
                if q:
                    counts[q] += 1
    return counts, spam, unvetted


def compute() -> Coverage:
    units, ev, matrix = _city_candidates()
    keys = [c.key for c in eligibility.criteria(eligibility.CITY)]
    cells = matrix[keys].to_numpy().ravel()
    decided = float(((cells == eligibility.PASS) | (cells == eligibility.FAIL)).mean()) if len(cells) else 0.0
    scores = eligibility.score_table(matrix)
    width = float((scores["worst"] - scores["best"]).median()) if len(scores) else 0.0
    stats = tables.load("city_stats").set_index("adcode")
    codes = units["adcode"].astype(str)
    pop = int(codes.map(stats["population_2020_census"]).notna().sum())
    gdp = int(codes.map(stats[tables.GDP_COLUMN]).notna().sum())
    gdp_other = gdp - int(codes.map(tables.gdp_in(stats)).notna().sum())
    ind = ev[ev["indicator"].isin(("ai_core_bn", "ai_related_bn")) & (ev["kind"] == "actual") & (ev["bound"] != "at-most")
             & ev["value"].notna()]
    ai = int(ind["adcode"].nunique())
    counts, spam, unvetted = citation_quality()
    zones = tables.load("pilot_zones")
    docs = citations.documents(tables.path("documents"))
    official = sum(citations.row_quality(r, docs) == citations.OFFICIAL for r in zones.to_dict("records"))
    cited = sum(counts.values())
    reputable = sum(counts[q] for q in citations.REPUTABLE)
    return Coverage(len(units), decided, width, pop, gdp, ai, len(zones), int(official), cited, reputable, counts, spam,
                    gdp_other, unvetted)
