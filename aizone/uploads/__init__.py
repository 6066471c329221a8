"""The analyst's own indicator table: parse an uploaded CSV/XLSX into checked, adcode-keyed rows.

Uploads come from Chinese Excel far more often than from careful scripts, so the parser is forgiving about
form (encoding, delimiter, header spelling, units, title rows above the header) and strict about content
(every value is a number where a number is meant, every city is one prefecture-level unit). It never
raises on what is in the file: every problem becomes a reason code with a Chinese and an English message,
and one bad row never costs the good ones.

Rules, in the order they apply
------------------------------
* **Size** first: a file over ``max_bytes`` is refused before a byte is parsed; so is a sheet with more
  than ``max_rows`` data rows (3,000: room for a county table; each unknown name costs a fuzzy search).
* **Kind** from the content, not the file name: a zip is read as XLSX (first sheet, values as last saved,
  no formulas evaluated), an OLE2 file is an old ``.xls`` (asked to be re-saved), anything else is text.
* **Encoding**: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then GBK, then GB18030. Text is
  decoded with GB18030 in both of the last cases (a superset of GBK); the report names the narrower one
  that fits, which is what the user picked in Excel's "Save as". When that reading finds no key column or
  looks wrong (private-use or control characters; on the GBK path, CJK mostly outside GB2312), the first
  of charset-normalizer's readings that finds a key column is taken instead, with a warning (Big5, cp1252
  from English Excel, UTF-16 without a BOM).
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
* **Rows**: a name goes through :class:`aizone.resolver.Resolver`, prefecture level preferred; provinces
  and counties in the city column are refused with their city as the suggestion. A name that is also a province, or the own
  name of a district or county elsewhere (吉林, 朝阳, 西安), is refused as ambiguous with the candidates,
  unless a province column (省份) puts one of them alone in reach or a level column (级别) says 地级市. With both a name and a code, the code
  decides and the name must not point elsewhere. Empty cells (and 无数据/不详/NA/-) stay unknown, never 0.
  Yes/no columns store 1/0 (or a count, for plans). Negative figures, non-numbers, fractions where a
  count is meant, and a second row for a city already seen (by adcode) are rejected; a row that gives no
  figure at all is rejected as empty.
* **County rows**: a row with a county cell (区县/县（市、区）/county), a county's 6-digit code, or a level cell
  saying 县/区 is a county row (``level = "county"`` in the accepted rows): its name is read within the row's
  city cell, or else its province cell. A county name that several counties in reach share (朝阳区, 西湖区) is
  refused as ``ambiguous_county`` with every candidate; a bad city cell is reported on that cell. City and
  county rows can share a file; each level has its own duplicate check.

The downloadable report goes through :func:`aizone.tabular_export.to_csv_bytes`, so a cell starting with
= + - @ tab or CR gets a leading apostrophe (unless it is a plain number) and never runs as a formula.

Layout: ``read`` (bytes to rows: kind, encoding, delimiter), ``header`` (indicators, units, the header row),
``values`` (cell text and figures), ``names`` (the city of a row), ``report`` (notices, rejections, the
report table), ``parse`` (the pipeline that runs them in the order above).
"""

from .header import BY_NAME, CODE_KEY, HEADER_SEARCH, INDICATORS, NAME_KEY, Indicator, field_of, header_key, unit_scale
from .parse import MAX_BYTES, MAX_ROWS, parse_upload
from .read import MAX_COLS, MAX_UNZIPPED, decode
from .report import ACCEPTED_COLUMNS, REPORT_COLUMNS, SOURCE_USER, Notice, Rejection, UploadReport

__all__ = [
    "ACCEPTED_COLUMNS", "BY_NAME", "CODE_KEY", "HEADER_SEARCH", "INDICATORS", "MAX_BYTES", "MAX_COLS", "MAX_ROWS",
    "MAX_UNZIPPED", "NAME_KEY", "REPORT_COLUMNS", "SOURCE_USER", "Indicator", "Notice", "Rejection", "UploadReport",
    "decode", "field_of", "header_key", "parse_upload", "unit_scale",
]
