"""Columns: which indicator or key a header names, its money unit, and where the header row is.

Headers are matched case- and space-insensitively on Chinese or English names after units in brackets are
set aside; the header row is the first of the first ten non-blank rows that names a key column (city name or
adcode), helped by a merged row above it or a sub-header below it (see ``aizone.uploads``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import cell_text, is_blank, is_number_text, nfkc, quote

HEADER_SEARCH = 10  # non-blank rows searched for the header row


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
PROVINCE_KEY, LEVEL_KEY = "province", "level"  # settle a name that several units share
COUNTY_KEY = "county"  # a county column makes its rows county rows, each read within the row's city or province
KEYS = frozenset({NAME_KEY, CODE_KEY, COUNTY_KEY})  # a header row names at least one of these
_KEY_ALIASES = {
    NAME_KEY: ("city", "city name", "name", "prefecture", "城市", "城市名称", "城市名", "名称", "地区", "地区名称",
               "地市", "地级市", "市", "市州"),
    CODE_KEY: ("adcode", "code", "city code", "division code", "代码", "行政区划代码", "区划代码", "城市代码",
               "行政代码", "地区代码", "行政区代码"),
    PROVINCE_KEY: ("province", "省", "省份", "所属省份", "所在省份", "省区", "所属省", "省级行政区"),
    LEVEL_KEY: ("level", "级别", "行政级别", "层级", "城市级别", "行政区级别"),
    COUNTY_KEY: ("county", "district", "county name", "district name", "county/district", "county-level unit",
                 "区县", "县区", "区县名称", "县区名称", "县（市、区）", "县(市、区)", "区（县）", "县市区", "县级单位", "县级行政区",
                 "县", "区", "县名", "区名"),
}
_LATIN_UNITS = {"bn", "billion", "mn", "million", "cny", "rmb", "yuan", "count", "number", "no", "of", "num"}
_TRAILING_UNIT = re.compile(r"(单位)?(十亿元|百万元|亿元|万元|十亿|百万|亿|万|元|人民币|个|所|家|项|数量)$")
# (pattern on the NFKC, case-folded header with punctuation as spaces, scale to bn CNY); first match wins
_UNITS = (
    (re.compile(r"十亿"), 1.0), (re.compile(r"百万"), 1e-3), (re.compile(r"亿"), 0.1), (re.compile(r"万"), 1e-5),
    (re.compile(r"(?<![a-z])(bn|billion)(?![a-z])"), 1.0), (re.compile(r"(?<![a-z])(mn|million)(?![a-z])"), 1e-3),
    (re.compile(r"元|(?<![a-z])(cny|rmb|yuan)(?![a-z])"), 1e-9),
)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")



def header_key(text: str) -> str:
    """What a header means once case, width, spacing, punctuation, bracketed notes and units are set aside."""
    s = nfkc(text)
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
    s = re.sub(r"[\W_]+", " ", nfkc(text))
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

# --------------------------------------------------------------------------------------------- header row

def letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass
class Col:
    j: int
    header: str  # as the user wrote it (both rows when merged)
    field: str | None
    scale: float | None = None


def _ffill(row: list, width: int) -> list[str]:
    out, last = [], ""
    for j in range(width):
        v = cell_text(row[j]) if j < len(row) else ""
        last = v or last
        out.append(last)
    return out


def header_columns(leaf: list, group: list | None, width: int) -> list[Col]:
    """Column meanings from a header row, helped by the row above it (merged cells are empty but the
    first, so the upper row is forward-filled across the columns it spans)."""
    top = _ffill(group, width) if group is not None else [""] * width
    cols = []
    for j in range(width):
        own = cell_text(leaf[j]) if j < len(leaf) else ""
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
        cols.append(Col(j, quote(shown), f, scale))
    return cols


def find_header(rows: list[list]) -> tuple[int, int | None, int | None] | None:
    """(index of the header row, index of a row above it to borrow from, index of a sub-header below), or None
    when none of the first HEADER_SEARCH non-blank rows names a key column."""
    nonblank = [i for i, r in enumerate(rows) if not is_blank(r)]
    for i in nonblank[:HEADER_SEARCH]:
        fields = {field_of(cell_text(c)) for c in rows[i]}
        if fields & KEYS:
            above = i - 1 if i > 0 and not is_blank(rows[i - 1]) else None
            below = i + 1 if i + 1 < len(rows) and _is_subheader(rows[i], rows[i + 1]) else None
            return i, above, below
    return None


def _is_subheader(header: list, nxt: list) -> bool:
    if is_blank(nxt):
        return False
    keys = [j for j, c in enumerate(header) if field_of(cell_text(c)) in KEYS]
    if any(j < len(nxt) and cell_text(nxt[j]) for j in keys):
        return False
    texts = [cell_text(c) for c in nxt]
    if any(is_number_text(s) or isinstance(c, (int, float)) and not isinstance(c, bool) for s, c in zip(texts, nxt) if s):
        return False
    top = _ffill(header, len(nxt))
    # a cell of punctuation alone (—, -) is a blank figure, not a column name
    return any(s and header_key(s) and (field_of(s) or field_of(top[j] + s)) for j, s in enumerate(texts))
