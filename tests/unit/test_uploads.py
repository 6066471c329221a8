"""The upload parser on bad files, a good GBK file, and arbitrary input (hypothesis); the panel is in
tests/app/test_upload_panel.py.

Every file is made here (a 10 MB one included) so nothing large is committed; names are resolved with the
real shipped gazetteer.
"""

from __future__ import annotations

import csv
import io
import random

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizone import uploads
from aizone.uploads import parse_upload
from upload_files import HEADER, csv_bytes

def xlsx_bytes(rows: list[list], merges: tuple[str, ...] = (), extra_sheet: bool = True) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    if extra_sheet:  # only the first sheet is read
        wb.create_sheet("说明").append(["城市", "人工智能核心产业规模"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_rows() -> list[list]:
    return [HEADER, ["北京", "2500", "", "12", "是", "2023"], ["杭州市", "1000", "3000", "5", "否", "2023"],
            ["Xi'an", "300", "", "3", "", ""]]


def check_partition(rep: uploads.UploadReport) -> None:
    """Each data line is accepted or rejected, never both, never neither; lines are in the file."""
    acc = list(rep.accepted["row"].astype(int))
    assert len(acc) == len(set(acc))
    rej = set(rep.rejected_lines)
    assert not set(acc) & rej
    if rep.ok:
        assert set(acc) | rej == set(rep.data_lines)
        assert all(rep.header_line < line <= rep.n_lines for line in rep.data_lines)
    else:
        assert acc == [] and rej == set()
    assert rep.accepted["adcode"].is_unique
    assert (rep.accepted["source"] == "user").all()
    assert list(rep.accepted.columns) == list(uploads.ACCEPTED_COLUMNS)


def junk(n: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)


# --------------------------------------------------------------------------------------------- bad files

BAD_FILES = [
    # (id, builder, file name, reason codes that must appear, accepted rows)
    ("empty", lambda: b"", "a.csv", {"empty_file"}, 0),
    ("whitespace only", lambda: b" \r\n\r\n  \t", "a.csv", {"empty_file"}, 0),
    ("bom only", lambda: b"\xef\xbb\xbf", "a.csv", {"empty_file"}, 0),
    ("header only", lambda: csv_bytes([HEADER], "gbk"), "a.csv", {"header_only"}, 0),
    ("header and blank rows", lambda: csv_bytes([HEADER, ["", ""], []]), "a.csv", {"header_only"}, 0),
    ("10 MB", lambda: csv_bytes(good_rows()) + b"x" * (10 * 1024 * 1024), "big.csv", {"too_large"}, 0),
    ("binary junk", lambda: junk(4000), "a.csv", {"not_table"}, 0),
    ("png named csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + junk(500, 1), "a.csv", {"not_table"}, 0),
    ("NUL bytes", lambda: csv_bytes(good_rows()).replace(b"\r\n", b"\x00\r\n"), "a.csv", {"not_table"}, 0),
    # issue 16: read through charset-normalizer (with a warning) instead of refused or read as GBK garbage
    ("utf-16 without BOM", lambda: csv_bytes(good_rows(), "utf-16-le"), "a.csv", {"encoding_guessed"}, 3),
    ("big5, traditional header", lambda: csv_bytes([["城市", "核心產業規模"], ["臺北", "1"]], "big5"), "a.csv",
     {"encoding_guessed", "unknown_column", "unknown_name"}, 0),
    ("latin-1 name", lambda: csv_bytes([["city", "ai_core_bn"], ["Zürich", "5"], ["Beijing", "1"]], "latin-1"),
     "a.csv", {"unknown_name"}, 1),
    ("old xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk(600, 2), "a.xls", {"xls_unsupported"}, 0),
    ("zip that is not xlsx", lambda: b"PK\x03\x04" + junk(600, 3), "a.xlsx", {"bad_xlsx"}, 0),
    ("no key column", lambda: csv_bytes([["foo", "bar"], ["1", "2"]]), "a.csv", {"no_key_column"}, 0),
    ("merged header rows (group row above)",
     lambda: csv_bytes([["", "产业规模（亿元）", "", ""], ["城市", "核心", "相关", "高校数"], ["北京", "100", "300", "5"]], "gbk"),
     "a.csv", {"header_skipped", "unit_converted"}, 1),
    ("merged header rows (sub-header below)",
     lambda: csv_bytes([["城市", "产业规模（亿元）", "", "高校数"], ["", "核心", "相关", ""], ["北京", "100", "300", "5"]], "gbk"),
     "a.csv", {"header_merged"}, 1),
    ("title row above header",
     lambda: csv_bytes([["2023年各市人工智能数据（单位：亿元）"], HEADER[:3], ["北京", "100", "300"]], "gbk"),
     "a.csv", {"header_skipped"}, 1),
    ("html injection", lambda: csv_bytes([HEADER[:2] + ["<b>备注</b>"], ["<script>alert(1)</script>", "5", "x"],
                                          ["北京", "<img src=x onerror=alert(1)>", ""], ["上海", "1", "<i>ok</i>"]]),
     "a.csv", {"unknown_name", "not_a_number", "unknown_column"}, 1),
    ("formula injection", lambda: csv_bytes([HEADER[:2] + ["=cmd|' /C calc'!A0"], ['=HYPERLINK("http://x","y")', "1", ""],
                                             ["北京", "=1+2", ""], ["杭州", "@SUM(A1:A2)", ""], ["上海", "+1", ""]]),
     "a.csv", {"unknown_name", "not_a_number", "unknown_column"}, 1),
    ("duplicate names", lambda: csv_bytes([HEADER[:2], ["杭州", "1"], ["杭州市", "2"], ["330100", "3"], ["北京", "4"]]),
     "a.csv", {"duplicate_city"}, 2),
    ("unknown names", lambda: csv_bytes([HEADER[:2], ["火星市", "1"], ["杭洲", "2"], ["999999", "3"], ["北京", "4"]]),
     "a.csv", {"unknown_name", "unknown_code"}, 1),
    ("ambiguous names", lambda: csv_bytes([HEADER[:2], ["朝阳区", "1"], ["Suzhou", "2"], ["鼓楼区", "3"], ["苏州", "4"]], "gbk"),
     "a.csv", {"ambiguous_name"}, 1),
    ("negative and non-numeric", lambda: csv_bytes([HEADER, ["北京", "-5", "", "", "", ""], ["上海", "abc", "", "", "", ""],
                                                     ["天津", "1", "", "1.5", "maybe", "1850"], ["重庆", "1,234.5", "", "", "", ""]]),
     "a.csv", {"negative", "not_a_number", "not_integer", "not_yes_no", "bad_year"}, 1),
    ("not a city", lambda: csv_bytes([HEADER[:2], ["广东", "1"], ["昆山", "2"], ["110105", "3"], ["合计", "9"], ["深圳", "1"]]),
     "a.csv", {"not_city", "total_row"}, 1),
    ("name and code disagree", lambda: csv_bytes([["城市", "行政区划代码", "ai_core_bn"], ["南京", "440300", "1"],
                                                  ["北京市", "110100", "2"], ["", "", "3"]]),
     "a.csv", {"name_code_mismatch", "missing_key"}, 1),
    ("row without figures", lambda: csv_bytes([HEADER[:3], ["北京", "", "—"], ["上海", "1", ""]]), "a.csv", {"no_values"}, 1),
    ("unknown column", lambda: csv_bytes([["城市", "备注", "ai_core_bn", ""], ["北京", "x", "1", "stray"]]), "a.csv",
     {"unknown_column", "unnamed_column"}, 1),
    ("tab-delimited utf-16 (Excel 'Unicode text')", lambda: csv_bytes(good_rows(), "utf-16", "\t"), "a.txt", set(), 3),
    ("semicolon-delimited, decimal comma refused", lambda: csv_bytes([["city", "AI core", "ai_related_bn"],
                                                                        ["Beijing", "1,5", "30"], ["Hangzhou", "2", "1,040"],
                                                                        ["Shanghai", "3", "40"]], "utf-8", ";"),
     "a.csv", {"unit_assumed_bn", "not_a_number"}, 2),
    ("xlsx with Chinese text and merged cells",
     lambda: xlsx_bytes([["", "产业规模（亿元）", None, ""], ["城市", "核心", "相关", "行政区划代码"], ["北京", 100, 300.0, 110000],
                         ["杭州市", "50", None, 330100.0], ["朝阳区", 1, 1, None], ["西安", "abc", None, None]],
                        merges=("B1:C1",)), "a.xlsx", {"header_skipped", "ambiguous_name", "not_a_number"}, 2),
    ("xlsx that says csv", lambda: xlsx_bytes(good_rows()), "a.csv", set(), 3),
]


@pytest.mark.parametrize("build,filename,codes,n_accepted", [pytest.param(*c[1:], id=c[0]) for c in BAD_FILES])
def test_bad_files_give_reasons_not_exceptions(build, filename, codes, n_accepted):
    rep = parse_upload(build(), filename)
    assert codes <= rep.codes(), (rep.codes(), [r.message_en for r in rep.rejected], [e.message_en for e in rep.errors])
    assert len(rep.accepted) == n_accepted
    check_partition(rep)
    for item in [*rep.rejected, *rep.errors, *rep.warnings]:  # every message exists in both languages
        assert item.message_zh and item.message_en and item.message_zh != item.message_en
    frame = rep.to_frame("zh")
    assert len(frame) == len(rep.errors) + len(rep.warnings) + len(rep.accepted) + len(rep.rejected)
    assert rep.to_csv_bytes("en").startswith(b"\xef\xbb\xbf")


def test_file_too_large_reads_nothing_and_says_so():
    data = csv_bytes(good_rows()) + b"\n" * (10 * 1024 * 1024)
    rep = parse_upload(data, "big.csv")
    assert [e.code for e in rep.errors] == ["too_large"]
    assert rep.encoding is None and rep.data_lines == [] and rep.accepted.empty
    assert "5.0 MB" in rep.errors[0].message_zh and "10.0 MB" in rep.errors[0].message_en
    assert parse_upload(csv_bytes(good_rows()), "a.csv", max_bytes=50).codes() == {"too_large"}  # configurable


def test_row_cap_is_configurable():
    rows = [HEADER[:2]] + [["北京", "1"]] * 30
    assert "too_many_rows" in parse_upload(csv_bytes(rows), "a.csv", max_rows=10).codes()
    assert "too_many_rows" not in parse_upload(csv_bytes(rows), "a.csv", max_rows=40).codes()


def test_unpacked_xlsx_size_is_capped():
    assert parse_upload(xlsx_bytes(good_rows()), "a.xlsx", max_unzipped=1000).codes() == {"too_large_unzipped"}


@pytest.mark.parametrize("encoding,label", [("gbk", "gbk"), ("gb18030", "gbk"), ("utf-8", "utf-8"),
                                            ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")])
def test_encodings_are_detected_and_named(encoding, label):
    rep = parse_upload(csv_bytes(good_rows(), encoding), "a.csv")
    assert rep.encoding == label
    assert list(rep.accepted["adcode"]) == ["110000", "330100", "610100"]


def test_gb18030_only_characters_are_read_as_gb18030():
    rows = good_rows() + [["𠀀城", "1", "", "", "", ""]]  # outside GBK: needs a four-byte GB18030 sequence
    rep = parse_upload(csv_bytes(rows, "gb18030"), "a.csv")
    assert rep.encoding == "gb18030"
    assert len(rep.accepted) == 3
    assert [r.value for r in rep.rejected] == ["𠀀城"]


def test_good_gbk_csv_gets_the_right_adcodes():
    rows = [["城市", "人工智能核心产业规模（亿元）", "高校数"], ["北京", "2500", "12"], ["杭州市", "1000", "5"],
            ["Xi'an", "300", "3"], ["320500", "800", "4"]]
    rep = parse_upload(csv_bytes(rows, "gbk"), "城市数据.csv")
    assert rep.ok and rep.rejected == [] and rep.encoding == "gbk"
    acc = rep.accepted
    assert list(acc["adcode"]) == ["110000", "330100", "610100", "320500"]
    assert list(acc["row"]) == [2, 3, 4, 5]
    assert list(acc["name_input"]) == ["北京", "杭州市", "Xi'an", "320500"]
    assert list(acc["name_zh"]) == ["北京市", "杭州市", "西安市", "苏州市"]
    assert list(acc["ai_core_bn"]) == [250.0, 100.0, 30.0, 80.0]  # 亿元 -> bn CNY
    assert acc["ai_related_bn"].isna().all()  # not in the file: unknown, never 0
    assert str(acc["ai_universities"].dtype) == "Int64"


def test_adcode_alone_is_accepted():
    rep = parse_upload(csv_bytes([["adcode", "ai_core_bn"], ["330100", "12.5"], ["110100", "1"]]), "a.csv")
    assert list(rep.accepted["adcode"]) == ["330100", "110000"]  # 110100 is Beijing's old city code
    assert list(rep.accepted["ai_core_bn"]) == [12.5, 1.0]


def test_name_and_code_naming_the_same_city_twice_is_a_duplicate_naming_the_first_line():
    rows = [HEADER[:2], ["北京", "1"], ["杭州市", "2"], ["Xi'an", "3"], ["330100", "4"]]
    rep = parse_upload(csv_bytes(rows, "gbk"), "a.csv")
    assert list(rep.accepted["adcode"]) == ["110000", "330100", "610100"]
    [dup] = rep.rejected
    assert (dup.line, dup.reason_code, dup.value) == (5, "duplicate_city", "330100")
    assert "第 3 行" in dup.message_zh and "line 3" in dup.message_en


def test_ambiguous_names_list_candidates():
    rep = parse_upload(csv_bytes([HEADER[:2], ["朝阳区", "1"], ["Suzhou", "2"]]), "a.csv")
    chaoyang, suzhou = rep.rejected
    assert chaoyang.reason_code == suzhou.reason_code == "ambiguous_name"
    assert any("110105" in s for s in chaoyang.suggestions) and any("220104" in s for s in chaoyang.suggestions)
    assert any("320500" in s for s in suzhou.suggestions_en) and any("341300" in s for s in suzhou.suggestions_en)
    assert "朝阳区" in chaoyang.message_zh and chaoyang.line == 2 and chaoyang.column == "城市"


def test_unknown_name_suggests_close_cities():
    [r] = parse_upload(csv_bytes([HEADER[:2], ["杭洲", "1"]]), "a.csv").rejected
    assert r.reason_code == "unknown_name" and r.suggestions[0].startswith("杭州市")


def test_county_is_refused_with_its_city_as_suggestion():
    [r] = parse_upload(csv_bytes([HEADER[:2], ["昆山", "1"]]), "a.csv").rejected
    assert r.reason_code == "not_city" and r.suggestions == ("苏州市",)


def test_rejection_names_line_column_and_value():
    rows = [["城市", "备注", "高校数"], ["北京", "", "-3"], ["上海", "", "两所"]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    neg, nan = rep.rejected
    assert (neg.line, neg.column, neg.letter, neg.value, neg.reason_code) == (2, "高校数", "C", "-3", "negative")
    assert (nan.line, nan.value, nan.reason_code) == (3, "两所", "not_a_number")
    assert [w.column for w in rep.warnings if w.code == "unknown_column"] == ["备注"]


def test_merged_header_reads_units_from_the_upper_row():
    rows = [["城市", "产业规模（亿元）", "", "高校数"], ["", "核心", "相关", ""], ["北京", "100", "300", "5"]]
    rep = parse_upload(xlsx_bytes(rows, merges=("A1:A2", "B1:C1", "D1:D2")), "a.xlsx")
    assert rep.header_line == 2 and rep.data_lines == [3]
    row = rep.accepted.iloc[0]
    assert (row["ai_core_bn"], row["ai_related_bn"], row["ai_universities"]) == (10.0, 30.0, 5)


def test_units_from_headers():
    assert uploads.unit_scale("人工智能核心产业规模（亿元）") == 0.1
    assert uploads.unit_scale("AI core (bn CNY)") == 1.0
    assert uploads.unit_scale("ai_core_bn") == 1.0
    assert uploads.unit_scale("核心产业（十亿元）") == 1.0
    assert uploads.unit_scale("核心产业（万元）") == 1e-5
    assert uploads.unit_scale("core industry (CNY)") == 1e-9
    assert uploads.unit_scale("核心产业规模") is None
    rep = parse_upload(csv_bytes([["city", "AI core industry (RMB million)"], ["Beijing", "2500"]]), "a.csv")
    assert rep.accepted["ai_core_bn"].iloc[0] == 2.5


@pytest.mark.parametrize("header,field", [("城市", "name"), (" City ", "name"), ("ADCODE", "adcode"),
                                          ("行政区划代码", "adcode"), ("人工智能核心产业规模（亿元）", "ai_core_bn"),
                                          ("AI Core Industry (bn CNY)", "ai_core_bn"), ("ai_related_bn", "ai_related_bn"),
                                          ("是否有人工智能规划", "ai_plan"), ("has_ai_plan", "ai_plan"),
                                          ("ai_institutes", "ai_rd_institutes"), ("国家高新区数量", "htz"),
                                          ("Year", "year"), ("开放创新平台数（个）", "open_platforms"), ("备注", None), ("", None)])
def test_header_names(header, field):
    assert uploads.field_of(header) == field


def test_yes_no_and_empty_markers():
    rows = [["city", "has_ai_plan", "ai_core_bn", "year"], ["北京", "是", "不详", "2023年"], ["上海", "no", "1", ""],
            ["天津", "2", "n/a", ""], ["重庆", "", "2", ""], ["深圳", "maybe", "1", ""]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    acc = rep.accepted
    assert list(acc["ai_plan"].astype(object).fillna("?")) == [1, 0, 2, "?"]  # yes/no, or how many plans
    assert acc["ai_core_bn"].isna().tolist() == [True, False, True, False]
    assert acc["year"].iloc[0] == 2023
    assert [(r.line, r.reason_code) for r in rep.rejected] == [(6, "not_yes_no")]


def test_indicators_are_the_ones_the_eligibility_engine_reads():
    from aizone import candidates

    names = {i.name for i in uploads.INDICATORS} - {"year"}
    assert names == set(candidates.INDICATORS)


def test_report_csv_neutralises_formulas_but_not_negative_numbers():
    rows = [["城市", "ai_core_bn", "=SUM(1)"], ['=HYPERLINK("http://evil","x")', "1", ""], ["北京", "-5", ""],
            ["上海", "@cmd", ""], ["天津", "+cmd", ""], ["重庆", "\t=1", ""], ["深圳", "-2+3", ""]]
    rep = parse_upload(csv_bytes(rows), "a.csv")
    text = rep.to_csv_bytes("en").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "-5" in cells  # a plain negative number stays a number
    for c in cells:
        assert not c.startswith(("=", "+", "@", "\t", "\r")), c
        assert not c.startswith("-") or c == "-5", c
    assert "'=SUM(1)" in cells and "'-2+3" in cells and "'@cmd" in cells and "'=1" in cells  # tab trimmed


def test_html_stays_literal_text():
    rep = parse_upload(csv_bytes([["城市", "ai_core_bn"], ["<script>alert(1)</script>", "1"]]), "a.csv")
    [r] = rep.rejected
    assert r.value == "<script>alert(1)</script>"  # kept as text; the UI shows it only in st.dataframe


def test_report_frame_in_both_languages():
    rep = parse_upload(csv_bytes([HEADER[:2], ["北京", "1"], ["火星", "2"]]), "a.csv")
    zh, en = rep.to_frame("zh"), rep.to_frame("en")
    assert list(zh.columns)[:2] == ["行号", "状态"] and list(en.columns)[:2] == ["Line", "Status"]
    assert set(en["Status"]) == {"warning", "accepted", "rejected"}
    assert list(en.loc[en["Status"] != "warning", "Line"]) == [2, 3]


def test_long_and_control_character_cells_are_trimmed_in_messages():
    name = "\x1b[31m" + "长" * 300
    [r] = parse_upload(csv_bytes([HEADER[:2], [name, "1"]]), "a.csv").rejected
    assert "\x1b" not in r.value and len(r.value) <= 41 and len(r.message_en) < 300


# --------------------------------------------------------------------------------------------- properties

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data):
    check_partition(parse_upload(data, "x.csv"))


@FAST
@given(st.binary(max_size=2000), st.sampled_from([b"city,ai_core_bn\n", "城市,高校数\r\n".encode("gbk"), b"\xef\xbb\xbfadcode\t"]))
def test_bytes_after_a_valid_header_never_raise(tail, head):
    check_partition(parse_upload(head + tail, "x.csv"))


@FAST
@given(st.binary(max_size=1500))
def test_arbitrary_zip_payload_never_raises(tail):
    check_partition(parse_upload(b"PK\x03\x04" + tail, "x.xlsx"))


KNOWN = {"北京": "110000", "杭州市": "330100", "Xi'an": "610100", "330100": "330100", "上海": "310000", "苏州": "320500"}
NAMES = [*KNOWN, "朝阳区", "Suzhou", "合计", "广东", "火星市", "", "=1+2", "<script>x</script>"]
# Junk cells avoid header words (年, 市, 核心 ...) so a data row is never mistaken for a sub-header.
JUNK = st.text(alphabet="abxyz 中文测试<>=@+-!&;,.\"'\n0123456789", max_size=8)
VALUE = st.one_of(st.sampled_from(["", "0", "1", "2.5", "-3", "1,000", "是", "否", "NA", "—", "=1+2", "1e3"]), JUNK,
                  st.integers(-5, 10**7).map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr))
COLUMNS = ["ai_core_bn", "人工智能相关产业规模（亿元）", "高校数", "has_ai_plan", "year", "备注"]


@st.composite
def tables(draw):
    cols = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
    n = draw(st.integers(0, 8))
    rows = [[draw(st.one_of(st.sampled_from(NAMES), JUNK))] + [draw(VALUE) for _ in cols] for _ in range(n)]
    return ["城市", *cols], rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "xlsx"]), st.sampled_from([",", "\t", ";"]))
def test_every_row_is_accepted_or_rejected_exactly_once(table, encoding, delimiter):
    header, rows = table
    if encoding == "xlsx":
        data = xlsx_bytes([header, *rows], extra_sheet=False)
    else:
        data = csv_bytes([header, *rows], encoding, delimiter)
    rep = parse_upload(data, "t.xlsx" if encoding == "xlsx" else "t.csv")
    check_partition(rep)

    def shown(c: str) -> bool:  # openpyxl writes "=..." as a formula, which has no saved value to read back
        return bool(c.strip()) and not (encoding == "xlsx" and c.startswith("="))

    nonblank = [i + 2 for i, r in enumerate(rows) if any(shown(c) for c in r)]
    if not nonblank:
        assert rep.codes() & {"header_only"}
        return
    assert rep.ok, [e.message_en for e in rep.errors]
    assert rep.header_line == 1
    assert rep.data_lines == nonblank  # line = spreadsheet row, also with quoted line breaks in cells
    for a in rep.accepted.to_dict("records"):
        given_name = rows[a["row"] - 2][0].strip()
        assert a["name_input"] == given_name
        if given_name in KNOWN:
            assert a["adcode"] == KNOWN[given_name]
        for ind in uploads.INDICATORS:
            v = a[ind.name]
            assert v is pd.NA or pd.isna(v) or isinstance(v, (bool,)) or v >= 0
    for r in rep.rejected:
        given_name = rows[r.line - 2][0].strip()
        if r.reason_code == "ambiguous_name":
            assert given_name in ("朝阳区", "Suzhou")
