"""County-level rows in an indicator upload (issue 18 item 4): a county column, a county's code or a level
cell saying 县 makes a county row, read within the row's city or province; a county name that several
cities share (朝阳区, 西湖区) is refused with the line and the candidates, and the rest of the file is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone.uploads import ACCEPTED_COLUMNS, parse_upload
from aizone.uploads.header import field_of
from upload_files import csv_bytes

HEADER = ["省份", "城市", "区县", "国家高新区", "应用场景"]


def _rows(rep) -> dict[int, tuple[str, str]]:
    return {int(r): (a, lv) for r, a, lv in zip(rep.accepted["row"], rep.accepted["adcode"], rep.accepted["level"])}


def test_county_file_kept_with_its_ambiguous_line_refused():
    rep = parse_upload(csv_bytes([
        HEADER,
        ["北京", "北京市", "朝阳区", 1, 5],
        ["吉林", "长春市", "朝阳区", 0, 2],
        ["", "", "朝阳区", 1, 3],  # line 4: which 朝阳区?
        ["浙江", "湖州市", "德清县", 1, 12],
        ["浙江", "", "安吉县", "", 4],  # the province alone settles it
        ["", "", "西湖区", 0, 2],  # line 7: 杭州 or 南昌
    ]), "counties.csv")
    assert rep.ok and not rep.errors
    assert _rows(rep) == {2: ("110105", "county"), 3: ("220104", "county"), 5: ("330521", "county"),
                          6: ("330523", "county")}
    bad = {r.line: r for r in rep.rejected}
    assert set(bad) == {4, 7}
    for line, codes in ((4, ("110105", "220104")), (7, ("330106", "360103"))):
        r = bad[line]
        assert r.reason_code == "ambiguous_county" and r.column == "区县"
        assert all(any(c in s for s in r.suggestions) for c in codes), r.suggestions
        assert all(c in r.message("en") for c in codes) and "city column" in r.message("en")
    acc = rep.accepted.set_index("adcode")
    assert acc.loc["330521", "ai_scenarios"] == 12 and acc.loc["330521", "htz"] == 1
    assert pd.isna(acc.loc["330523", "htz"]), "an empty cell stays unknown, never 0"
    assert list(rep.accepted.columns) == list(ACCEPTED_COLUMNS)


def test_county_rows_by_code_or_level_cell_and_cities_beside_them():
    rep = parse_upload(csv_bytes([
        ["代码", "名称", "级别", "国家高新区"],
        ["330521", "", "", 1],  # a county's code names its level itself
        ["", "德清县", "县", 1],  # line 3: the same county again
        ["110105", "朝阳区", "", 2],
        ["", "朝阳区", "区", 1],  # line 5: ambiguous without a city
        ["330500", "湖州", "", 1],  # a city row beside the counties
        ["441900", "东莞", "", 1],  # a city-level code stays a city row
    ]), "mixed.csv")
    assert _rows(rep) == {2: ("330521", "county"), 4: ("110105", "county"), 6: ("330500", "city"),
                          7: ("441900", "city")}
    codes = {r.line: r.reason_code for r in rep.rejected}
    assert codes == {3: "duplicate_county", 5: "ambiguous_county"}


def test_county_problems_name_their_cell():
    rep = parse_upload(csv_bytes([
        HEADER,
        ["", "湖州市", "湖州市", 1, 1],  # a city in the county column
        ["", "杭州市", "德清县", 1, 1],  # not in that city
        ["", "朝阳", "双塔区", 1, 1],  # the city cell itself is ambiguous (朝阳市 / 朝阳区)
        ["火星", "", "德清县", 1, 1],  # not a province
        ["", "", "合计", 3, 3],
        ["", "", "德清县", "很多", 1],  # text in a number
    ]), "bad.csv")
    assert rep.accepted.empty
    got = {r.line: (r.reason_code, r.column) for r in rep.rejected}
    assert got[2] == ("not_county", "区县")
    assert got[3][0] in ("unknown_name", "unknown_name_plain") and got[3][1] == "区县"
    assert got[4] == ("ambiguous_level", "城市")
    assert got[5] == ("bad_province", "省份")
    assert got[6] == ("total_row", "区县")
    assert got[7] == ("not_a_number", "国家高新区")
    line3 = next(r for r in rep.rejected if r.line == 3)
    assert any("湖州" in s for s in line3.suggestions), "the county's real city is suggested"


@pytest.mark.parametrize("header", ["区县", "县（市、区）", "County", "district name", "县区名称"])
def test_county_headers(header):
    assert field_of(header) == "county"


def test_county_column_alone_is_a_header_and_city_files_are_unchanged():
    rep = parse_upload(csv_bytes([["区县", "省份", "应用场景"], ["德清县", "浙江", 3]]), "only.csv")
    assert _rows(rep) == {2: ("330521", "county")}
    city = parse_upload(csv_bytes([["城市", "国家高新区"], ["苏州", 2], ["昆山市", 1]]), "cities.csv")
    assert _rows(city) == {2: ("320500", "city")}
    assert [r.reason_code for r in city.rejected] == ["not_city"], "a county in the city column is still refused"
    assert "county column" in city.rejected[0].message("en")
