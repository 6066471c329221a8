"""One place for paths and for the rules the guideline sets.

The guideline numbers (target, deadline, thresholds) are policy facts, so each carries the clause it comes
from; pages and exports cite them from here instead of typing them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The app tree (app.py, pages/, static/, data/): the checkout by default; an installed wheel (bundle, image)
# runs with AIZONE_ROOT set to the folder holding app.py.
ROOT = Path(os.environ.get("AIZONE_ROOT") or Path(__file__).resolve().parent.parent)
DATA = Path(os.environ.get("AIZONE_DATA", ROOT / "data"))
TABLES = DATA / "tables"
BOUNDARIES = DATA / "boundaries"
STATIC = ROOT / "static"
LOCALES = Path(__file__).resolve().parent / "locales"

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@dataclass(frozen=True)
class Clause:
    """A rule quoted from the guideline, with where it stands in the text."""

    value: object
    clause_zh: str
    clause_en: str
    quote_zh: str


@dataclass(frozen=True)
class Guideline:
    doc_no: str
    title_zh: str
    title_en: str
    signed: date
    published: date
    supersedes: str
    target_zones: Clause
    target_date: Clause
    core_industry_min_bn_cny: Clause
    related_industry_min_bn_cny: Clause


GUIDELINE = Guideline(
    doc_no="国科发规〔2020〕254号",
    title_zh="国家新一代人工智能创新发展试验区建设工作指引（修订版）",
    title_en="Work Guideline for Building National New-Generation AI Innovation and Development Pilot Zones (revised)",
    signed=date(2020, 9, 29),
    published=date(2020, 10, 29),
    supersedes="国科发规〔2019〕298号",
    target_zones=Clause(20, "一（三）建设目标", "Part 1 (3), targets", "到2023年，布局建设20个左右试验区"),
    target_date=Clause(date(2023, 12, 31), "一（三）建设目标", "Part 1 (3), targets", "到2023年"),
    core_industry_min_bn_cny=Clause(
        5.0, "三（二）产业基础较好", "Part 3 (2), industrial base", "人工智能核心产业规模超过50亿元"
    ),
    related_industry_min_bn_cny=Clause(
        20.0, "三（二）产业基础较好", "Part 3 (2), industrial base", "人工智能相关产业规模超过200亿元"
    ),
)


# --- Eligibility: the application conditions of part 三, as the candidate engine scores them -------------------
@dataclass(frozen=True)
class Condition:
    """One application condition; ``clause.value`` is its default weight in the score (equal unless changed)."""

    key: str
    name_zh: str
    name_en: str
    clause: Clause


@dataclass(frozen=True)
class Eligibility:
    """Thresholds come from the guideline (cited); weights are an analyst's choice, equal by default.

    The guideline gives no weights: it lists conditions a city "should have". Scoring them at all is our
    reading, so the default treats the four conditions alike and the UI lets a user change that.
    """

    scope: Clause
    conditions: tuple[Condition, ...]
    county: Condition
    core_industry_min_bn_cny: Clause
    related_industry_min_bn_cny: Clause
    weight_min: float
    weight_max: float
    weight_step: float

    def default_weights(self) -> dict[str, float]:
        return {c.key: float(c.clause.value) for c in self.conditions}

    def condition(self, key: str) -> Condition:
        for c in (*self.conditions, self.county):
            if c.key == key:
                return c
        raise KeyError(key)


ELIGIBILITY = Eligibility(
    scope=Clause("city", "三 申请条件", "Part 3, conditions", "试验区建设以直辖市、副省级城市、地级市等为主"),
    conditions=(
        Condition("C1", "科教资源丰富", "Rich science and education resources", Clause(
            1.0, "三（一）科教资源丰富", "Part 3 (1), science and education",
            "拥有设立人工智能学院或研究院的高校，拥有人工智能基础研究或关键技术领域的高水平研发机构，"
            "拥有一批高水平的人工智能创新团队")),
        Condition("C2", "产业基础较好", "Sound industrial base", Clause(
            1.0, "三（二）产业基础较好", "Part 3 (2), industrial base",
            "原则上为国家自主创新示范区或国家高新区所在城市，并已明确将发展人工智能作为重点产业方向，"
            "人工智能核心产业规模超过50亿元，人工智能相关产业规模超过200亿元")),
        Condition("C3", "基础设施健全", "Sound infrastructure", Clause(
            1.0, "三（三）基础设施健全", "Part 3 (3), infrastructure",
            "数据资源丰富，拥有相关的数据平台、大数据中心和云计算中心……优先支持已布局国家新一代人工智能开放创新平台的城市")),
        Condition("C4", "支持措施明确", "Clear support measures", Clause(
            1.0, "三（四）支持措施明确", "Part 3 (4), support measures",
            "已出台人工智能发展规划或实施意见，对人工智能发展有明确的政策措施，在人才、资金、项目、基地等方面给予支持")),
    ),
    county=Condition("K", "县域申请", "County path", Clause(
        1.0, "三 申请条件（县域段）", "Part 3, county paragraph",
        "对于人工智能产业优势明显、智能化基础设施健全、应用场景特色突出、具有较强技术研发和成果转化能力的部分县域，"
        "也可申请建设国家新一代人工智能创新发展试验区")),
    core_industry_min_bn_cny=GUIDELINE.core_industry_min_bn_cny,
    related_industry_min_bn_cny=GUIDELINE.related_industry_min_bn_cny,
    weight_min=0.0,
    weight_max=3.0,
    weight_step=0.25,
)
