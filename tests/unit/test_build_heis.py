"""aizone.build.heis: the MOE list's transcription to a table of schools with city adcodes."""

from __future__ import annotations

import pytest

from aizone.build import heis

HEAD = "学校名称,学校标识码,主管部门,所在地,办学层次,备注\n"


def _write(tmp_path, body: str):
    p = tmp_path / "list.csv"
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def test_locations_resolve_to_cities_inside_and_outside_the_listing_province(tmp_path):
    src = _write(tmp_path, "河北省（3所）,,,,,\n"
                           "河北大学,4113010075,河北省,保定市,本科,\n"
                           "河北工业大学,4113010080,河北省,天津市,本科,\n"
                           "河北传媒学院,4113012784,河北省教育厅,石家庄市,本科,民办\n"
                           "江苏省（1所）,,,,,\n"
                           "昆山杜克大学,4132016406,江苏省教育厅,昆山市,本科,中外合作办学及内地与港澳合作办学\n")
    out = {r["school_zh"]: r for r in heis.rows(heis.read(src))}
    assert out["河北大学"]["city_adcode"] == "130600"
    assert (out["河北工业大学"]["city_adcode"], out["河北工业大学"]["province_adcode"]) == ("120000", "120000")
    assert out["昆山杜克大学"]["city_adcode"] == "320500", "a county-level city goes to its prefecture"
    assert out["河北传媒学院"]["remark"] == "民办" and out["河北传媒学院"]["doc_id"] == heis.DOC_ID


def test_a_heading_count_that_disagrees_with_its_rows_stops_the_build(tmp_path):
    src = _write(tmp_path, "河北省（2所）,,,,,\n河北大学,4113010075,河北省,保定市,本科,\n")
    with pytest.raises(ValueError, match="heading counts"):
        heis.read(src)


def test_an_unknown_location_stops_the_build_instead_of_dropping_the_school(tmp_path):
    src = _write(tmp_path, "河北省（1所）,,,,,\n某学院,4113019999,河北省,不存在市,专科,\n")
    with pytest.raises(LookupError, match="不存在市"):
        heis.rows(heis.read(src))
