"""Reading: bytes to rows of cells, for a text file (encoding and delimiter found) or the first sheet of an XLSX.

The kind comes from the content, not the file name; the encoding is decided by a BOM, else strict UTF-8, then
GBK, then GB18030, and charset-normalizer is asked only when that reading finds no key column or looks wrong
(Big5, cp1252 from English Excel, UTF-16 without a BOM); the delimiter is whichever of comma, tab, semicolon, bar or full-width comma yields the
recognisable header, ``csv.Sniffer``'s guess breaking ties. Reading stops at a row limit, so a huge sheet
costs no more than the limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from itertools import islice
from typing import Iterable, Iterator

from .header import CJK, HEADER_SEARCH, KEYS, field_of
from .report import Fatal, UploadReport
from .values import cell_text, is_blank

MAX_COLS = 1000  # columns read per row
# An XLSX is a zip: its unpacked XML, not its size on disk, is what parsing costs.
MAX_UNZIPPED = 60 * 1024 * 1024
_TRAILING_BLANKS = 2000  # blank rows tolerated past the row limit before reading stops


def decode(data: bytes) -> tuple[str, str] | None:
    """Text and the encoding's name, or None when the bytes are none of the supported encodings."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    try:
        data.decode("gbk")
        return text, "gbk"
    except UnicodeDecodeError:
        return text, "gb18030"


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text[:200_000] if ch < " " and ch not in "\t\r\n" or ch == "\x7f")
    return controls > max(2, len(text[:200_000]) // 100)


def _take(rows: Iterable[list], limit: int) -> list[list]:
    """At most ``limit`` rows; refuse the file when anything but blank rows follows them."""
    out: list[list] = []
    extra = 0
    for row in rows:
        if len(out) < limit:
            out.append(row)
            continue
        if not is_blank(row):
            raise Fatal("too_many_rows", max_rows=limit)
        extra += 1
        if extra > _TRAILING_BLANKS:
            break
    return out


_DELIMITERS = (",", "\t", ";", "|", "，")


def _csv_rows(text: str, delimiter: str) -> Iterator[list]:
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield row[:MAX_COLS]


def _sniff(text: str) -> str | None:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters="".join(_DELIMITERS)).delimiter
    except (csv.Error, TypeError):
        return None


def _score(rows: list[list]) -> tuple[int, int]:
    """How well rows read as our table: (has a key column header, number of recognised headers)."""
    best = (0, 0)
    for row in [r for r in rows if not is_blank(r)][:HEADER_SEARCH]:
        fields = {field_of(cell_text(c)) for c in row} - {None}
        best = max(best, (int(bool(fields & KEYS)), len(fields)))
    return best


def _delimiter(text: str) -> tuple[tuple[int, int], str] | None:
    """The delimiter that reads best as our table, with its score (see _score); None when none parses."""
    sniffed = _sniff(text)
    order = ([sniffed] if sniffed in _DELIMITERS else []) + [d for d in _DELIMITERS if d != sniffed]
    scored = []
    for i, d in enumerate(order):
        try:
            head = list(islice(_csv_rows(text, d), HEADER_SEARCH * 3))
        except csv.Error:
            continue
        scored.append((_score(head), -i, d))
    if not scored:
        return None
    best = max(scored)
    return best[0], best[2]


def _suspect(text: str, encoding: str) -> bool:
    """Whether a decoding reads like the wrong one: private-use or control characters (Big5 or UTF-16 read
    as GBK), or, on the GBK path, CJK characters mostly outside GB2312 (single-byte text, such as cp1252
    from English Excel, read as GBK pairs). Real Chinese tables keep to GB2312 nearly everywhere."""
    sample = text[:200_000]
    if any(unicodedata.category(ch) == "Co" or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
           for ch in sample):
        return True
    if encoding not in ("gbk", "gb18030"):
        return False
    cjk = [ch for ch in sample if CJK.match(ch)]
    rare = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    return rare >= 1 and rare * 5 >= len(cjk)


def _guesses(data: bytes) -> Iterator[tuple[str, str]]:
    """charset-normalizer's readings of the bytes, most plausible first, as (text, encoding)."""
    from charset_normalizer import from_bytes

    for match in from_bytes(data[:1_000_000]):
        try:
            yield data.decode(match.encoding), match.encoding
        except (UnicodeDecodeError, LookupError):
            continue


def read_text(data: bytes, report: UploadReport, limit: int) -> list[list]:
    """Rows of a text file; sets the report's encoding and delimiter.

    The deterministic path (BOM, UTF-8, GBK, GB18030) decides unless it finds no key column or its text
    looks wrong (_suspect); then charset-normalizer's readings are tried, and the first one that finds a
    key column and does not look wrong is taken, with a warning naming the guessed encoding."""
    decoded = decode(data)
    best: tuple[str, str, tuple[tuple[int, int], str]] | None = None
    if decoded is not None:
        found = _delimiter(decoded[0])
        if found is not None:
            best = (*decoded, found)
    if best is None or best[2][0][0] == 0 or _suspect(best[0], best[1]):
        for text, encoding in _guesses(data):
            found = _delimiter(text)
            if found is not None and found[0][0] and not _suspect(text, encoding) and not _looks_binary(text):
                best = (text, encoding, found)
                report.guessed_encoding = True
                break
    if best is None:
        raise Fatal("not_table")
    text, report.encoding, (_, report.delimiter) = best
    if _looks_binary(text):
        raise Fatal("not_table")
    if not text.strip():
        raise Fatal("empty_file")
    try:
        return _take(_csv_rows(text, report.delimiter), limit)
    except csv.Error as e:
        raise Fatal("not_table") from e


def read_xlsx(data: bytes, limit: int, max_unzipped: int = MAX_UNZIPPED) -> list[list]:
    """Rows of the first sheet, values as last saved."""
    try:
        import openpyxl
    except ImportError as e:  # an optional dependency in this project's packaging
        raise Fatal("xlsx_unavailable") from e
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > max_unzipped:
                raise Fatal("too_large_unzipped", mb=max_unzipped // (1024 * 1024))
    except zipfile.BadZipFile as e:
        raise Fatal("bad_xlsx") from e
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a broken or non-xlsx zip
        raise Fatal("bad_xlsx") from e
    try:
        if not wb.worksheets:
            raise Fatal("empty_file")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # recorded dimensions may be wrong for files Excel did not write
        return _take((list(r[:MAX_COLS]) for r in ws.iter_rows(values_only=True)), limit)
    except Fatal:
        raise
    except Exception as e:
        raise Fatal("bad_xlsx") from e
    finally:
        wb.close()
