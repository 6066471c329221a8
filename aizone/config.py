"""One place for paths and for the rules the guideline sets.

The guideline numbers (target, deadline, thresholds) are policy facts, so each carries the clause it comes
from; pages and exports cite them from here instead of typing them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
