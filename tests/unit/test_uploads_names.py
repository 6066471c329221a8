"""Which city a row names (aizone.uploads.names) on the real gazetteer: a name shared across levels is never
credited to one of its units silently; a province or level column settles it; former names and exonyms from
data/reference/name_aliases.csv are read."""

from __future__ import annotations

from collections import defaultdict

import pytest

from aizone import gazetteer
from aizone.uploads import parse_upload
from upload_files import csv_bytes

VALUE = "人工智能核心产业规模（亿元）"


def shared_names() -> dict[str, tuple[str, str]]:
    """Chinese names and short names that one prefecture-level city shares with a province, or with a
    district or county outside that city, found in data/gazetteer.csv: name -> (city adcode, province)."""
    units = gazetteer.load().astype(str).to_dict("records")
    province_name = {u["adcode"]: u["name_zh"] for u in units if u["level"] == "province"}
    by_name: dict[str, list[dict]] = defaultdict(list)
    for u in units:
        for n in {u["name_zh"], u["short_zh"]}:
            by_name[n].append(u)
    out = {}
    for n, us in by_name.items():
        cities = {u["adcode"] for u in us if u["level"] == "city"}
        if len(cities) != 1:
            continue
        (city,) = cities
        if any(u["adcode"] != city and u["level"] != "city" and u["parent_adcode"] != city for u in us):
            prov = next(u["province_adcode"] for u in us if u["adcode"] == city)
            out[n] = (city, province_name[prov])
    return out


SHARED = shared_names()


def test_the_script_finds_the_known_cases():
    assert {"吉林", "海南", "朝阳", "西安", "中山", "大同"} <= set(SHARED)
    assert "长沙" not in SHARED and "北京" not in SHARED  # 长沙县 is inside 长沙; 北京 is one place, one code
    assert 5 <= len(SHARED) <= 40


@pytest.mark.parametrize("name", sorted(SHARED))
def test_shared_name_is_refused_with_its_candidates(name):
    city, _ = SHARED[name]
    rep = parse_upload(csv_bytes([["城市", VALUE], [name, "1"], ["杭州", "2"]]), "a.csv")
    assert list(rep.accepted["adcode"]) == ["330100"]
    (rej,) = rep.rejected
    assert rej.reason_code == "ambiguous_level" and rej.line == 2
    assert len(rej.suggestions) >= 2 and rej.suggestions[0].endswith(f"{city}）")
    assert rej.suggestions[0] in rej.message_zh and rej.suggestions_en[0] in rej.message_en


@pytest.mark.parametrize("name", sorted(SHARED))
def test_a_province_column_settles_it(name):
    city, province = SHARED[name]
    rep = parse_upload(csv_bytes([["省份", "城市", VALUE], [province, name, "1"]]), "a.csv")
    assert list(rep.accepted["adcode"]) == [city], [r.message_en for r in rep.rejected]


def test_a_level_column_settles_it_and_can_ask_for_the_province():
    rows = [["城市", "级别", VALUE], ["吉林", "地级市", "1"], ["朝阳", "city", "2"], ["海南", "省", "3"]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    assert list(rep.accepted["adcode"]) == ["220200", "211300"]
    assert [r.reason_code for r in rep.rejected] == ["not_city"]  # the province 海南 was meant: not a city


def test_full_names_and_latin_names_stay_accepted():
    rows = [["城市", VALUE], ["吉林市", "1"], ["西安市", "2"], ["朝阳市", "3"], ["长沙", "4"], ["Xi'an", "5"],
            ["Nanjing", "6"], ["Chaoyang", "7"]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    assert list(rep.accepted["adcode"]) == ["220200", "610100", "211300", "430100", "320100"]
    # Xi'an and Chaoyang are accepted as cities too: refused only as repeats of 西安市 and 朝阳市
    assert [(r.value, r.reason_code) for r in rep.rejected] == [("Xi'an", "duplicate_city"),
                                                                ("Chaoyang", "duplicate_city")]


def test_latin_name_shared_with_a_province_is_refused():
    rep = parse_upload(csv_bytes([["City", "AI core (bn CNY)"], ["Jilin", "1"], ["Hainan", "2"]]), "a.csv")
    assert rep.accepted.empty
    assert [r.reason_code for r in rep.rejected] == ["ambiguous_level", "ambiguous_level"]


def test_unknown_province_is_named():
    rep = parse_upload(csv_bytes([["省份", "城市", VALUE], ["火星", "吉林", "1"]]), "a.csv")
    assert [(r.reason_code, r.value) for r in rep.rejected] == [("bad_province", "吉林")]
    assert "火星" in rep.rejected[0].message_zh


def test_former_names_and_exonyms_are_read():
    rows = [["城市", VALUE], ["襄樊", "1"], ["伊克昭盟", "2"], ["Peking", "3"], ["Amoy", "4"], ["Soochow", "5"],
            ["思茅", "6"], ["淮阴", "7"]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    # 思茅 and 淮阴 are today also districts (思茅区, 淮阴区), but inside the cities they named: no rival
    assert list(rep.accepted["adcode"]) == ["420600", "150600", "110000", "350200", "320500", "530800", "320800"]
    assert list(rep.accepted["name_zh"]) == ["襄阳市", "鄂尔多斯市", "北京市", "厦门市", "苏州市", "普洱市", "淮安市"]
    assert rep.rejected == []
