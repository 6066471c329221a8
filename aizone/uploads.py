"""The analyst's own indicator table: parse an uploaded CSV/XLSX into checked, adcode-keyed rows.

Uploads come from Chinese Excel far more often than from careful scripts, so the parser is forgiving about
form (encoding, delimiter, header spelling, units, title rows above the header) and strict about content
(every value is a number where a number is meant, every city is one prefecture-level unit). It never
raises on what is in the file: every problem becomes a reason code with a Chinese and an English message,
and one bad row never costs the good ones.

Rules, in the order they apply
------------------------------
* **Size** first: a file over ``max_bytes`` is refused before a byte is parsed; so is a sheet with more
  than ``max_rows`` data rows (the file is for ~370 cities, and each unknown name costs a fuzzy search).
* **Kind** from the content, not the file name: a zip is read as XLSX (first sheet, values as last saved,
  no formulas evaluated), an OLE2 file is an old ``.xls`` (asked to be re-saved), anything else is text.
* **Encoding**: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then GBK, then GB18030. Text is
  decoded with GB18030 in both of the last cases (a superset of GBK); the report names the narrower one
  that fits, which is what the user picked in Excel's "Save as".
* **Delimiter**: comma, tab, semicolon, bar or full-width comma, whichever yields the recognisable header;
  ``csv.Sniffer``'s guess breaks ties.
* **Header**: the first of the first ten non-blank rows that names a key column (city name or adcode).
  Non-blank rows above it (a title, the upper row of a two-row merged header) are skipped with a warning,
  and the row directly above lends its text to columns it spans (``产业规模（亿元）`` over ``核心``/``相关``).
  A row directly below whose key cell is empty and whose cells name indicators is a sub-header and is
  merged the same way. Line numbers are spreadsheet rows as the user sees them: the first row is line 1.
* **Columns** are matched case- and space-insensitively on Chinese or English names after units in
  brackets are set aside. Money is stored in bn CNY: the unit is read from the header (十亿/bn = 1,
  亿 = 0.1, 百万/million = 0.001, 万 = 1e-5, 元/CNY = 1e-9); a header without one is read as 亿元 when it
  is Chinese and bn CNY when it is Latin, with a warning either way. Unrecognised columns are named in a
  warning and ignored.
* **Rows**: a name goes through :class:`aizone.gazetteer.Resolver`, prefecture level preferred; provinces
  and counties are refused with their city as the suggestion. With both a name and a code, the code
  decides and the name must not point elsewhere. Empty cells (and 无数据/不详/NA/-) stay unknown, never 0.
  Yes/no columns store 1/0 (or a count, for plans). Negative figures, non-numbers, fractions where a
  count is meant, and a second row for a city already seen (by adcode) are rejected; a row that gives no
  figure at all is rejected as empty.

The downloadable report goes through :func:`aizone.tabular_export.to_csv_bytes`, so a cell starting with
= + - @ tab or CR gets a leading apostrophe (unless it is a plain number) and never runs as a formula.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Iterable, Iterator

import pandas as pd

from .i18n import t
from .tabular_export import to_csv_bytes

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
MAX_COLS = 1000  # columns read per row
# An XLSX is a zip: its unpacked XML, not its size on disk, is what parsing costs.
MAX_UNZIPPED = 60 * 1024 * 1024
HEADER_SEARCH = 10  # non-blank rows searched for the header row
_SHOWN = 40  # characters of a cell quoted in a message
_TRAILING_BLANKS = 2000  # blank rows tolerated past the row limit before reading stops

SOURCE_USER = "user"


# --------------------------------------------------------------------------------------------- columns

@dataclass(frozen=True)
class Indicator:
    name: str
    kind: str  # money | count | flag (yes/no or a count) | year
    dtype: str
    aliases: tuple[str, ...]


# Names are those the eligibility engine reads (``aizone.candidates.INDICATORS``); a test keeps them in step.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("ai_core_bn", "money", "Float64", (
        "ai_core_bn", "ai core", "ai core industry", "ai core industry scale", "ai core industry size",
        "core ai industry", "core industry", "人工智能核心产业规模", "人工智能核心产业", "人工智能核心产业营收",
        "人工智能核心产业产值", "核心产业规模", "核心产业", "ai核心产业规模", "ai核心产业", "核心")),
    Indicator("ai_related_bn", "money", "Float64", (
        "ai_related_bn", "ai related", "ai related industry", "ai related industry scale", "ai related industry size",
        "related industry", "ai-related industry", "人工智能相关产业规模", "人工智能相关产业", "人工智能带动相关产业规模",
        "带动相关产业规模", "相关产业规模", "相关产业", "ai相关产业规模", "ai相关产业", "相关")),
    Indicator("ai_universities", "count", "Int64", (
        "ai_universities", "ai universities", "universities", "universities with ai schools", "人工智能高校",
        "人工智能高校数", "人工智能相关高校数", "设有人工智能学院的高校数", "开设人工智能专业的高校数", "人工智能专业高校数",
        "人工智能学院数", "高校数", "高校数量", "高校")),
    Indicator("ai_rd_institutes", "count", "Int64", (
        "ai_rd_institutes", "ai_institutes", "ai institutes", "institutes", "research institutes",
        "ai research institutes", "ai r&d institutes", "人工智能研发机构", "人工智能研发机构数", "高水平人工智能研发机构数",
        "高水平人工智能研发机构", "人工智能创新团队", "研发机构", "研发机构数", "科研机构", "科研机构数", "科研院所",
        "人工智能研究院")),
    Indicator("nidz", "count", "Int64", (
        "nidz", "demonstration zones", "national independent innovation demonstration zones", "国家自主创新示范区",
        "自主创新示范区", "国家自创区", "自创区")),
    Indicator("htz", "count", "Int64", (
        "htz", "high-tech zones", "high tech zones", "national high-tech zones", "国家高新区", "国家高新技术产业开发区",
        "国家级高新区", "高新区", "高新区数")),
    Indicator("ai_priority", "flag", "Int64", (
        "ai_priority", "ai priority", "ai priority industry", "人工智能为重点产业", "人工智能是否为重点产业",
        "人工智能列为重点产业", "是否将人工智能列为重点产业", "重点产业")),
    Indicator("ai_plan", "flag", "Int64", (
        "ai_plan", "has_ai_plan", "ai plan", "ai plans", "local ai plan", "人工智能规划", "人工智能专项规划",
        "是否有人工智能规划", "是否出台人工智能规划", "是否有人工智能专项规划", "地方人工智能规划", "专项规划",
        "是否有专项规划", "人工智能政策")),
    Indicator("data_centres", "count", "Int64", (
        "data_centres", "data centres", "data centers", "data platforms", "computing centres", "数据中心",
        "大数据中心", "数据平台", "计算中心", "算力中心", "云计算中心", "数据中心数")),
    Indicator("open_platforms", "count", "Int64", (
        "open_platforms", "open platforms", "ai open platforms", "open innovation platforms",
        "ai open innovation platforms", "开放创新平台", "开放创新平台数", "开放平台", "人工智能开放创新平台",
        "国家人工智能开放创新平台", "国家新一代人工智能开放创新平台")),
    Indicator("ai_scenarios", "count", "Int64", (
        "ai_scenarios", "ai scenarios", "application scenarios", "应用场景", "人工智能应用场景", "特色应用场景",
        "应用场景数")),
    Indicator("year", "year", "Int64", ("year", "data year", "年份", "年度", "数据年份", "统计年份", "年")),
)
BY_NAME = {i.name: i for i in INDICATORS}
NAME_KEY, CODE_KEY = "name", "adcode"
_KEY_ALIASES = {
    NAME_KEY: ("city", "city name", "name", "prefecture", "城市", "城市名称", "城市名", "名称", "地区", "地区名称",
               "地市", "地级市", "市", "市州"),
    CODE_KEY: ("adcode", "code", "city code", "division code", "代码", "行政区划代码", "区划代码", "城市代码",
               "行政代码", "地区代码", "行政区代码"),
}
_LATIN_UNITS = {"bn", "billion", "mn", "million", "cny", "rmb", "yuan", "count", "number", "no", "of", "num"}
_TRAILING_UNIT = re.compile(r"(单位)?(十亿元|百万元|亿元|万元|十亿|百万|亿|万|元|人民币|个|所|家|项|数量)$")
# (pattern on the NFKC, case-folded header with punctuation as spaces, scale to bn CNY); first match wins
_UNITS = (
    (re.compile(r"十亿"), 1.0), (re.compile(r"百万"), 1e-3), (re.compile(r"亿"), 0.1), (re.compile(r"万"), 1e-5),
    (re.compile(r"(?<![a-z])(bn|billion)(?![a-z])"), 1.0), (re.compile(r"(?<![a-z])(mn|million)(?![a-z])"), 1e-3),
    (re.compile(r"元|(?<![a-z])(cny|rmb|yuan)(?![a-z])"), 1e-9),
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def header_key(text: str) -> str:
    """What a header means once case, width, spacing, punctuation, bracketed notes and units are set aside."""
    s = _nfkc(text)
    s = re.sub(r"\(.*?\)|\[.*?\]|【.*?】|〔.*?〕|<.*?>", " ", s)
    s = re.sub(r"[\W_]+", " ", s)
    s = "".join(w for w in s.split() if w not in _LATIN_UNITS)
    while True:
        stripped = _TRAILING_UNIT.sub("", s)
        if stripped == s or not stripped:
            return s
        s = stripped


def unit_scale(text: str) -> float | None:
    """Multiplier from the header's money unit to bn CNY, or None when the header names no unit."""
    s = re.sub(r"[\W_]+", " ", _nfkc(text))
    for pattern, scale in _UNITS:
        if pattern.search(s):
            return scale
    return None


_FIELD_OF: dict[str, str] = {}
for _ind in INDICATORS:
    for _a in _ind.aliases:
        _FIELD_OF.setdefault(header_key(_a), _ind.name)
for _k, _aliases in _KEY_ALIASES.items():
    for _a in _aliases:
        _FIELD_OF[header_key(_a)] = _k


def field_of(header: str) -> str | None:
    """The indicator or key a header names (``name``/``adcode`` for the keys), or None."""
    return _FIELD_OF.get(header_key(header)) if header else None


# --------------------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Notice:
    """A file-level error (nothing parsed) or a warning (parsed, but look here)."""

    code: str
    message_zh: str
    message_en: str
    line: int | None = None
    column: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(frozen=True)
class Rejection:
    """One problem with one data row; a row with two bad cells has two."""

    line: int
    column: str
    value: str
    reason_code: str
    message_zh: str
    message_en: str
    suggestions: tuple[str, ...] = ()
    suggestions_en: tuple[str, ...] = ()
    field: str = ""
    letter: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


def _empty_accepted() -> pd.DataFrame:
    cols = {"row": pd.Series([], dtype="Int64"), "adcode": pd.Series([], dtype="string"),
            "name_input": pd.Series([], dtype="string"), "name_zh": pd.Series([], dtype="string"),
            "name_en": pd.Series([], dtype="string")}
    for ind in INDICATORS:
        cols[ind.name] = pd.Series([], dtype=ind.dtype)
    cols["source"] = pd.Series([], dtype="string")
    return pd.DataFrame(cols)


ACCEPTED_COLUMNS = tuple(_empty_accepted().columns)


@dataclass
class UploadReport:
    """What became of an upload. ``accepted`` has one row per accepted line: ``row`` (line), ``adcode``,
    the name as given and as matched, every indicator (<NA> where the file gave none) and
    ``source="user"``. ``rejected`` lists every problem of every refused line; ``errors`` are file-level
    (then nothing was parsed); ``warnings`` never cost a row."""

    filename: str
    accepted: pd.DataFrame = field(default_factory=_empty_accepted)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)
    kind: str | None = None  # csv | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    header_line: int | None = None  # last header line (the sub-header when two rows were merged)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    data_lines: list[int] = field(default_factory=list)  # non-blank lines read as data
    n_lines: int = 0  # rows in the file (sheet), blank ones included

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({r.line for r in self.rejected})

    def codes(self) -> set[str]:
        """Every reason code in the report: errors, warnings and row rejections."""
        return {n.code for n in self.errors} | {n.code for n in self.warnings} | {r.reason_code for r in self.rejected}

    def to_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The report as one table, in the user's language: file notices first, then every data line."""
        en = lang == "en"
        rows = []
        for kind, notices in (("error", self.errors), ("warning", self.warnings)):
            for n in notices:
                rows.append({"line": n.line, "status": kind, "column": n.column, "value": "", "adcode": "",
                             "name": "", "reason": n.code, "message": n.message(lang), "suggestions": ""})
        acc = {int(r["row"]): r for r in self.accepted.to_dict("records")}
        by_line: dict[int, list[Rejection]] = {}
        for r in self.rejected:
            by_line.setdefault(r.line, []).append(r)
        for line in sorted(set(acc) | set(by_line)):
            if line in acc:
                a = acc[line]
                rows.append({"line": line, "status": "accepted", "column": "", "value": a["name_input"],
                             "adcode": a["adcode"], "name": a["name_en"] if en else a["name_zh"], "reason": "",
                             "message": "", "suggestions": ""})
            for r in by_line.get(line, []):
                sugg = r.suggestions_en if en else r.suggestions
                rows.append({"line": line, "status": "rejected", "column": r.column, "value": r.value, "adcode": "",
                             "name": "", "reason": r.reason_code, "message": r.message(lang),
                             "suggestions": ("; " if en else "；").join(sugg)})
        frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
        frame["line"] = frame["line"].astype("Int64")
        frame["status"] = [t(f"uploads.status.{s}", lang) for s in frame["status"]]
        return frame.rename(columns={c: t(f"uploads.col.{c}", lang) for c in REPORT_COLUMNS})

    def to_csv_bytes(self, lang: str = "zh") -> bytes:
        """The report as CSV for Excel (UTF-8 with BOM), with formula-like cells neutralised."""
        return to_csv_bytes(self.to_frame(lang))


REPORT_COLUMNS = ("line", "status", "column", "value", "adcode", "name", "reason", "message", "suggestions")


# --------------------------------------------------------------------------------------------- reading

class _Fatal(Exception):
    def __init__(self, code: str, **kw):
        super().__init__(code)
        self.code, self.kw = code, kw


def _clean(text: object) -> str:
    """Cell text fit to quote in a message: no control characters, at most _SHOWN characters."""
    s = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(text)).strip()
    return s if len(s) <= _SHOWN else s[:_SHOWN] + "…"


def _blank(row: list) -> bool:
    return all(_text(v) == "" for v in row)


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    return str(v).strip()


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
        if not _blank(row):
            raise _Fatal("too_many_rows", max_rows=limit)
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
    for row in [r for r in rows if not _blank(r)][:HEADER_SEARCH]:
        fields = {field_of(_text(c)) for c in row} - {None}
        best = max(best, (int(bool(fields & {NAME_KEY, CODE_KEY})), len(fields)))
    return best


def _read_text(data: bytes, report: UploadReport, limit: int) -> list[list]:
    decoded = decode(data)
    if decoded is None:
        raise _Fatal("not_table")
    text, report.encoding = decoded
    if _looks_binary(text):
        raise _Fatal("not_table")
    if not text.strip():
        raise _Fatal("empty_file")
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
        raise _Fatal("not_table")
    report.delimiter = max(scored)[2]
    try:
        return _take(_csv_rows(text, report.delimiter), limit)
    except csv.Error as e:
        raise _Fatal("not_table") from e


def _read_xlsx(data: bytes, limit: int) -> list[list]:
    try:
        import openpyxl
    except ImportError as e:  # an optional dependency in this project's packaging
        raise _Fatal("xlsx_unavailable") from e
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                raise _Fatal("too_large_unzipped", mb=MAX_UNZIPPED // (1024 * 1024))
    except zipfile.BadZipFile as e:
        raise _Fatal("bad_xlsx") from e
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a broken or non-xlsx zip
        raise _Fatal("bad_xlsx") from e
    try:
        if not wb.worksheets:
            raise _Fatal("empty_file")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # recorded dimensions may be wrong for files Excel did not write
        return _take((list(r[:MAX_COLS]) for r in ws.iter_rows(values_only=True)), limit)
    except _Fatal:
        raise
    except Exception as e:
        raise _Fatal("bad_xlsx") from e
    finally:
        wb.close()


# --------------------------------------------------------------------------------------------- header

def _letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class _Col:
    j: int
    header: str  # as the user wrote it (both rows when merged)
    field: str | None
    scale: float | None = None


def _ffill(row: list, width: int) -> list[str]:
    out, last = [], ""
    for j in range(width):
        v = _text(row[j]) if j < len(row) else ""
        last = v or last
        out.append(last)
    return out


def _columns(leaf: list, group: list | None, width: int) -> list[_Col]:
    """Column meanings from a header row, helped by the row above it (merged cells are empty but the
    first, so the upper row is forward-filled across the columns it spans)."""
    top = _ffill(group, width) if group is not None else [""] * width
    cols = []
    for j in range(width):
        own = _text(leaf[j]) if j < len(leaf) else ""
        f = field_of(own)
        borrowed = False
        if f is None and top[j]:
            f = field_of(top[j] + own) if own else field_of(top[j])
            borrowed = f is not None
        scale = unit_scale(own) if own else None
        if scale is None and top[j] and f in BY_NAME and BY_NAME[f].kind == "money":
            scale = unit_scale(top[j])
            borrowed = borrowed or scale is not None
        shown = " / ".join(x for x in (top[j], own) if x) if borrowed and top[j] != own else own
        cols.append(_Col(j, _clean(shown), f, scale))
    return cols


def _is_number_text(s: str) -> bool:
    s = _nfkc(s).replace(" ", "")
    return bool(_PLAIN_NUMBER.fullmatch(s) or _THOUSANDS.fullmatch(s))


def _find_header(rows: list[list]) -> tuple[int, int | None, int | None]:
    """(index of the header row, index of a row above it to borrow from, index of a sub-header below)."""
    nonblank = [i for i, r in enumerate(rows) if not _blank(r)]
    for i in nonblank[:HEADER_SEARCH]:
        fields = {field_of(_text(c)) for c in rows[i]}
        if fields & {NAME_KEY, CODE_KEY}:
            above = i - 1 if i > 0 and not _blank(rows[i - 1]) else None
            below = i + 1 if i + 1 < len(rows) and _is_subheader(rows[i], rows[i + 1]) else None
            return i, above, below
    raise _Fatal("no_key_column")


def _is_subheader(header: list, nxt: list) -> bool:
    if _blank(nxt):
        return False
    keys = [j for j, c in enumerate(header) if field_of(_text(c)) in (NAME_KEY, CODE_KEY)]
    if any(j < len(nxt) and _text(nxt[j]) for j in keys):
        return False
    texts = [_text(c) for c in nxt]
    if any(_is_number_text(s) or isinstance(c, (int, float)) and not isinstance(c, bool) for s, c in zip(texts, nxt) if s):
        return False
    top = _ffill(header, len(nxt))
    return any(s and (field_of(s) or field_of(top[j] + s)) for j, s in enumerate(texts))


# --------------------------------------------------------------------------------------------- values

_NA_WORDS = {"", "-", "--", "—", "——", "–", "/", "na", "n/a", "nan", "null", "none", "?", "未知", "不详", "暂无",
             "无数据", "缺失", "…", "..."}
_TRUE = {"是", "有", "yes", "y", "true", "1", "已出台", "已发布", "√", "✓"}
_FALSE = {"否", "无", "没有", "no", "n", "false", "0", "未出台", "×", "✗"}
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_MAX_COUNT = 1_000_000
_MAX_MONEY = 1e9  # bn CNY; far beyond any economy, only here to keep the frame finite


def _parse(ind: Indicator, raw: object, scale: float | None) -> tuple[object, str | None, dict]:
    """(value or pd.NA, reason code or None, message fields)."""
    s = _text(raw)
    low = _nfkc(s).strip()
    if ind.kind == "flag":  # yes/no, or how many (plans): 是 = 1, 否 = 0
        if isinstance(raw, bool):
            return int(raw), None, {}
        if low in _TRUE:
            return 1, None, {}
        if low in _FALSE:
            return 0, None, {}
    if low in _NA_WORDS:
        return pd.NA, None, {}
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        v = float(raw)
    else:
        num = low.replace(" ", "")
        if ind.kind == "year":
            num = num.removesuffix("年")
        if _THOUSANDS.fullmatch(num):  # 1,234.5; a decimal comma (1,5) is refused rather than misread
            num = num.replace(",", "")
        if not _PLAIN_NUMBER.fullmatch(num):
            return pd.NA, "not_yes_no" if ind.kind == "flag" else "not_a_number", {}
        v = float(num)
    if not math.isfinite(v):
        return pd.NA, "not_a_number", {}
    if ind.kind == "year":
        if v != int(v) or not 1990 <= v <= 2100:
            return pd.NA, "bad_year", {}
        return int(v), None, {}
    if v < 0:
        return pd.NA, "negative", {}
    if ind.kind in ("count", "flag"):
        if v != int(v):
            return pd.NA, "not_yes_no" if ind.kind == "flag" else "not_integer", {}
        if v > _MAX_COUNT:
            return pd.NA, "out_of_range", {}
        return int(v), None, {}
    v = v * (scale if scale is not None else 1.0)
    if v > _MAX_MONEY:
        return pd.NA, "out_of_range", {}
    return round(v, 9), None, {}


# --------------------------------------------------------------------------------------------- names

_TOTALS = {"合计", "总计", "小计", "总和", "全国", "全省", "合计数", "total", "sum", "subtotal", "grand total"}


@dataclass(frozen=True)
class _Key:
    adcode: str | None
    name_zh: str = ""
    name_en: str = ""
    reason: str | None = None
    kw: tuple = ()
    suggestions: tuple[str, ...] = ()
    suggestions_en: tuple[str, ...] = ()
    candidates: frozenset = frozenset()  # adcodes a name could mean (for checking it against a code)
    template: str = ""  # message template when it differs from the reason code


def _label(c, parent_en: str, lang: str) -> str:
    if lang == "zh":
        inside = "，".join(x for x in (c.parent_zh if c.parent_zh != c.name_zh else "", c.adcode) if x)
        return f"{c.name_zh}（{inside}）"
    inside = ", ".join(x for x in (parent_en if parent_en != c.name_en else "", c.adcode) if x)
    return f"{c.name_en} ({inside})"


def _labels(res, lang: str, limit: int = 6) -> tuple[str, ...]:
    out = []
    for i, c in enumerate(res.candidates[:limit]):
        parent_en = res.parents_en[i] if i < len(res.parents_en) else ""
        out.append(_label(c, parent_en, lang))
    return tuple(out)


def _code_text(v: object) -> str:
    s = _text(v)
    m = re.fullmatch(r"(\d{6})(\.0+)?", _nfkc(s))
    return m.group(1) if m else s


def _resolve(resolver, text: str) -> _Key:
    """A city for what the user typed; prefecture level first, then what else the name could mean."""
    shown = _clean(text)
    if _nfkc(text).strip() in _TOTALS:
        return _Key(None, reason="total_row", kw=(("value", shown),))
    anywhere = resolver.resolve(text)
    city = resolver.resolve(text, level="city") if anywhere.status != "unknown" else anywhere
    if city.status == "ok":
        c = city.candidates[0]
        return _Key(city.adcode, c.name_zh, c.name_en, candidates=frozenset({city.adcode}))
    if city.status == "ambiguous" or anywhere.status == "ambiguous":
        res = city if city.status == "ambiguous" else anywhere
        zh, en = _labels(res, "zh"), _labels(res, "en")
        return _Key(None, reason="ambiguous_name", kw=(("value", shown), ("candidates_zh", "、".join(zh)),
                                                       ("candidates_en", "; ".join(en))),
                    suggestions=zh, suggestions_en=en, candidates=frozenset(c.adcode for c in res.candidates))
    if anywhere.status == "ok":  # a province or a county, not a city
        c = anywhere.candidates[0]
        parent = anywhere.parents_en[0] if anywhere.parents_en else ""
        level_zh, level_en = t(f"uploads.level.{c.level}", "zh"), t(f"uploads.level.{c.level}", "en")
        sugg = (c.parent_zh,) if c.level == "county" and c.parent_zh else ()
        sugg_en = (parent,) if c.level == "county" and parent else ()
        return _Key(None, reason="not_city", kw=(("value", shown), ("name_zh", c.name_zh), ("name_en", c.name_en),
                                                 ("level_zh", level_zh), ("level_en", level_en)),
                    suggestions=sugg, suggestions_en=sugg_en, candidates=frozenset({c.adcode}))
    zh, en = tuple(anywhere.suggestions[:5]), tuple(anywhere.suggestions_en[:5])
    code = "unknown_code" if re.fullmatch(r"\d{6}", _nfkc(text).strip()) else "unknown_name"
    return _Key(None, reason=code, kw=(("value", shown), ("suggest_zh", "、".join(zh)), ("suggest_en", "; ".join(en))),
                suggestions=zh, suggestions_en=en, template=code if zh else code + "_plain")


@lru_cache(maxsize=1)
def _default_resolver():
    from .gazetteer import Resolver

    return Resolver()


def _fmt(template: str, kw: dict) -> tuple[str, str]:
    """Both messages from one template whose language-specific fields end in _zh/_en."""
    zh = {k.removesuffix("_zh"): v for k, v in kw.items() if not k.endswith("_en")}
    en = {k.removesuffix("_en"): v for k, v in kw.items() if not k.endswith("_zh")}
    return t(f"uploads.reason.{template}", "zh", **zh), t(f"uploads.reason.{template}", "en", **en)


# --------------------------------------------------------------------------------------------- parse

def parse_upload(data: bytes, filename: str = "", resolver=None, max_bytes: int = MAX_BYTES,
                 max_rows: int = MAX_ROWS) -> UploadReport:
    """Read an uploaded table into a report; never raises on the file's content."""
    report = UploadReport(filename=_clean(filename))
    try:
        _parse_into(report, bytes(data), resolver or _default_resolver(), max_bytes, max_rows)
    except _Fatal as e:
        report.errors.append(Notice(e.code, *_fmt(e.code, dict(e.kw))))
        report.accepted = _empty_accepted()
    return report


def _parse_into(report: UploadReport, data: bytes, resolver, max_bytes: int, max_rows: int) -> None:
    if len(data) > max_bytes:
        raise _Fatal("too_large", size=f"{len(data) / 1048576:.1f}", limit=f"{max_bytes / 1048576:.1f}")
    if not data.strip():
        raise _Fatal("empty_file")
    limit = max_rows + HEADER_SEARCH + 200
    if data.startswith(b"PK\x03\x04"):
        report.kind = "xlsx"
        rows = _read_xlsx(data, limit)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _Fatal("xls_unsupported")
    else:
        report.kind = "csv"
        rows = _read_text(data, report, limit)
    report.n_lines = len(rows)
    if all(_blank(r) for r in rows):
        raise _Fatal("empty_file")
    try:
        h, above, below = _find_header(rows)
    except _Fatal:
        hint = report.encoding in ("gbk", "gb18030")
        first = next(r for r in rows if not _blank(r))
        found = "、".join(_clean(_text(c)) for c in first[:8] if _text(c)) or "—"
        raise _Fatal("no_key_column_gbk" if hint else "no_key_column", found=found, encoding=report.encoding or "")
    skipped = [i for i in range(h) if not _blank(rows[i])]
    if skipped:
        lines = "、".join(str(i + 1) for i in skipped)
        report.warnings.append(Notice("header_skipped", *_fmt("header_skipped", {"lines": lines, "line": h + 1}),
                                      line=skipped[0] + 1))
    width = min(max(len(r) for r in rows), MAX_COLS)
    if below is not None:
        cols = _columns(rows[below], rows[h], width)
        report.warnings.append(Notice("header_merged", *_fmt("header_merged", {"top": h + 1, "sub": below + 1}),
                                      line=below + 1))
        last_header = below
    else:
        cols = _columns(rows[h], rows[above] if above is not None else None, width)
        last_header = h
    report.header_line = last_header + 1
    body = [(i + 1, rows[i]) for i in range(last_header + 1, len(rows)) if not _blank(rows[i])]
    report.data_lines = [line for line, _ in body]
    used = _use_columns(cols, body, report)
    if not body:
        raise _Fatal("header_only", line=last_header + 1)
    if len(body) > max_rows:
        raise _Fatal("too_many_rows", max_rows=max_rows)
    _parse_rows(report, body, used, resolver)


def _use_columns(cols: list[_Col], body: list[tuple[int, list]], report: UploadReport) -> dict[str, _Col]:
    used: dict[str, _Col] = {}
    unknown = []
    for c in cols:
        has_data = any(c.j < len(r) and _text(r[c.j]) for _, r in body)
        if c.field is None:
            if c.header:
                unknown.append(c)
            elif has_data:
                report.warnings.append(Notice("unnamed_column", *_fmt("unnamed_column", {"letter": _letter(c.j)}),
                                              line=report.header_line, column=_letter(c.j)))
            continue
        if c.field in used:
            first = used[c.field]
            report.warnings.append(Notice("duplicate_column", *_fmt("duplicate_column", {
                "column": c.header, "letter": _letter(c.j), "first": first.header, "first_letter": _letter(first.j)}),
                line=report.header_line, column=c.header))
            continue
        used[c.field] = c
        report.columns[c.field] = c.header
        ind = BY_NAME.get(c.field)
        if ind is not None and ind.kind == "money":
            if c.scale is None:
                cjk = bool(_CJK.search(c.header))
                c.scale = 0.1 if cjk else 1.0
                code = "unit_assumed_yi" if cjk else "unit_assumed_bn"
                report.warnings.append(Notice(code, *_fmt(code, {"column": c.header}), line=report.header_line,
                                              column=c.header))
            elif c.scale != 1.0:
                report.warnings.append(Notice("unit_converted", *_fmt("unit_converted", {
                    "column": c.header, "factor": f"{c.scale:g}"}), line=report.header_line, column=c.header))
    for c in unknown[:20]:
        report.warnings.append(Notice("unknown_column", *_fmt("unknown_column", {"column": c.header,
                                                                                 "letter": _letter(c.j)}),
                                      line=report.header_line, column=c.header))
    if len(unknown) > 20:
        report.warnings.append(Notice("unknown_column_more", *_fmt("unknown_column_more", {"n": len(unknown) - 20}),
                                      line=report.header_line))
    if not any(f in used for f in BY_NAME):
        report.warnings.append(Notice("no_indicator_column", *_fmt("no_indicator_column", {}),
                                      line=report.header_line))
    return used


def _parse_rows(report: UploadReport, body: list[tuple[int, list]], used: dict[str, _Col], resolver) -> None:
    cache: dict[str, _Key] = {}

    def key_of(text: str) -> _Key:
        if text not in cache:
            cache[text] = _resolve(resolver, text)
        return cache[text]

    def cell(c: _Col | None, row: list) -> object:
        return row[c.j] if c is not None and c.j < len(row) else None

    name_col, code_col = used.get(NAME_KEY), used.get(CODE_KEY)
    seen: dict[str, int] = {}
    records = []
    for line, row in body:
        problems: list[Rejection] = []

        def reject(col: _Col | None, value: object, code: str, kw: dict, sugg=(), sugg_en=(), fld="",
                   template="") -> None:
            shown = _clean(_text(value))
            kw = {"value": shown, **kw}
            problems.append(Rejection(line, col.header if col else "", shown, code, *_fmt(template or code, kw),
                                      tuple(sugg), tuple(sugg_en), fld or (col.field if col else ""),
                                      _letter(col.j) if col else ""))

        name_raw, code_raw = _text(cell(name_col, row)), _code_text(cell(code_col, row))
        key: _Key | None = None
        if not name_raw and not code_raw:
            keycol = name_col or code_col
            reject(keycol, "", "missing_key", {})
        else:
            col = code_col if code_raw else name_col
            key = key_of(code_raw or name_raw)
            if key.adcode is None:
                reject(col, code_raw or name_raw, key.reason, dict(key.kw), key.suggestions, key.suggestions_en,
                       template=key.template)
            elif code_raw and name_raw:
                by_name = key_of(name_raw)
                if by_name.candidates and key.adcode not in by_name.candidates:
                    reject(name_col, name_raw, "name_code_mismatch", {"code": code_raw, "city_zh": key.name_zh,
                                                                      "city_en": key.name_en})
            if key.adcode is not None:
                if key.adcode in seen:
                    reject(col, code_raw or name_raw, "duplicate_city", {"first": seen[key.adcode],
                                                                         "city_zh": key.name_zh, "city_en": key.name_en})
                else:
                    seen[key.adcode] = line
        values = {}
        for ind in INDICATORS:
            c = used.get(ind.name)
            if c is None:
                values[ind.name] = pd.NA
                continue
            raw = cell(c, row)
            v, reason, kw = _parse(ind, raw, c.scale)
            if reason:
                reject(c, raw, reason, {"column": c.header, **kw})
            values[ind.name] = v
        if not problems and all(values[i.name] is pd.NA for i in INDICATORS if i.name != "year"):
            reject(None, "", "no_values", {})
        if problems:
            report.rejected.extend(problems)
            continue
        assert key is not None and key.adcode is not None
        records.append({"row": line, "adcode": key.adcode, "name_input": _clean(name_raw or code_raw),
                        "name_zh": key.name_zh, "name_en": key.name_en, **values, "source": SOURCE_USER})
    frame = _empty_accepted()
    if records:
        frame = pd.DataFrame(records, columns=list(ACCEPTED_COLUMNS))
        for c, dtype in _empty_accepted().dtypes.items():
            frame[c] = frame[c].astype(dtype)
    report.accepted = frame
