"""Reading text uploads in encodings beyond UTF-8 and GBK (aizone.uploads.read): the deterministic path keeps
deciding for UTF-8/GBK files; Big5, cp1252 from English Excel and UTF-16 read right through charset-normalizer,
with a warning that the encoding was guessed. Every file is made here."""

from __future__ import annotations

import pytest

from aizone.uploads import parse_upload
from aizone.uploads.read import _suspect
from upload_files import HEADER, csv_bytes

# Names that are written the same in simplified and traditional characters, so Big5 can carry them.
BIG5_ROWS = [["城市", "ai_core_bn", "ai_universities"], ["北京", "12.5", "3"], ["上海", "9", "2"],
             ["香港", "4", "1"], ["西安市", "2", "1"]]
ENGLISH_ROWS = [["City", "AI core industry (bn CNY)", "Universities"], ["Beijing", "250", "12"],
                ["Xi\u2019an", "30", "3"], ["Hangzhou", "100", "5"], ["Nanjing", "80", "4"]]


def _read(rows, encoding, delimiter=","):
    return parse_upload(csv_bytes(rows, encoding, delimiter), "a.csv")


@pytest.mark.parametrize("encoding", ["big5", "utf-16-le", "utf-16-be"])
def test_chinese_text_in_other_encodings_reads_right(encoding):
    rep = _read(BIG5_ROWS, encoding)
    assert rep.ok, rep.errors
    assert list(rep.accepted["adcode"]) == ["110000", "310000", "810000", "610100"]
    assert list(rep.accepted["ai_core_bn"].astype(float)) == [12.5, 9.0, 4.0, 2.0]  # a Latin header: bn CNY
    assert "encoding_guessed" in rep.codes()
    assert rep.encoding.replace("-", "_").startswith(encoding.replace("-", "_")[:5])


def test_cp1252_from_english_excel_reads_right():
    data = csv_bytes(ENGLISH_ROWS, "cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the curly apostrophe of Xi’an is byte 0x92: GBK would swallow the next letter
    rep = parse_upload(data, "cities.csv")
    assert rep.ok, rep.errors
    assert list(rep.accepted["name_input"]) == ["Beijing", "Xi\u2019an", "Hangzhou", "Nanjing"]
    assert list(rep.accepted["adcode"]) == ["110000", "610100", "330100", "320100"]
    assert "encoding_guessed" in rep.codes() and rep.rejected == []
    warning = next(w for w in rep.warnings if w.code == "encoding_guessed")
    assert rep.encoding in warning.message_en and "UTF-8" in warning.message_zh


def test_utf16_excel_unicode_text_with_bom_stays_deterministic():
    rep = _read(BIG5_ROWS, "utf-16", "\t")  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    assert rep.encoding == "utf-16" and rep.delimiter == "\t"
    assert "encoding_guessed" not in rep.codes() and len(rep.accepted) == 4


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_utf8_and_gbk_files_never_ask_the_guesser(encoding, monkeypatch):
    from aizone.uploads import read

    def refuse(data):
        raise AssertionError("charset-normalizer consulted for a file the deterministic path reads")
        yield  # pragma: no cover

    monkeypatch.setattr(read, "_guesses", refuse)
    rows = [HEADER, ["北京", "2500", "", "12", "是", "2023"], ["亳州", "3", "", "1", "否", "2023"],
            ["乌鲁木齐", "40", "", "2", "", ""]]
    rep = _read(rows, encoding)
    assert rep.ok and len(rep.accepted) == 3 and "encoding_guessed" not in rep.codes()


def test_suspect_readings():
    assert _suspect("城市,\ue000\ue001", "gbk")  # private use: Big5 read as GBK
    assert _suspect("c\x00i\x00t\x00y", "utf-8")  # NULs: UTF-16 read as one byte per character
    latin_as_gbk = "Xi抋n,Z黵ich,Caf閟".encode("gbk").decode("gbk")
    assert _suspect(latin_as_gbk, "gbk")  # single-byte text read as GBK pairs: CJK outside GB2312
    assert not _suspect("城市,北京,亳州,乌鲁木齐,鄂尔多斯", "gbk")
    assert not _suspect("Xi抋n", "utf-8")  # outside the GBK path the GB2312 test does not apply


def test_no_reading_finds_a_key_column_keeps_the_deterministic_error():
    rep = parse_upload(csv_bytes([["foo", "bar"], ["1", "2"]], "gbk"), "a.csv")
    assert rep.codes() == {"no_key_column"}


def test_a_dash_under_the_header_is_a_blank_figure_not_a_sub_header():
    # found by the property test in test_uploads.py: '—' + the column above it used to name a column
    rep = parse_upload(csv_bytes([["城市", "ai_core_bn"], ["", "—"], ["北京", ""]]), "a.csv")
    assert rep.header_line == 1 and rep.data_lines == [2, 3] and "header_merged" not in rep.codes()
