"""Row keys: the city (or county) a name or code in a row stands for, or why it stands for none.

A name goes through :class:`aizone.resolver.Resolver`, prefecture level preferred; provinces and counties
are refused with their city as the suggestion; total rows (合计, total) are refused as such. A county row
(a county column, a county code, or a level cell saying 县/区) is read by :func:`resolve_county`, within the
row's city or province: a county name that several cities share (朝阳区) is refused with the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..i18n import t
from .values import cell_text, nfkc, quote

_TOTALS = {"合计", "总计", "小计", "总和", "全国", "全省", "合计数", "total", "sum", "subtotal", "grand total"}


@dataclass(frozen=True)
class Key:
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


def code_text(v: object) -> str:
    s = cell_text(v)
    m = re.fullmatch(r"(\d{6})(\.0+)?", nfkc(s))
    return m.group(1) if m else s


_LEVEL_WORDS = {
    "province": {"省", "省级", "自治区", "直辖市", "province", "provincial"},
    "city": {"市", "地级", "地级市", "地区", "州", "盟", "自治州", "地级行政区", "city", "prefecture",
             "prefecture-level", "prefecture-level city", "prefecture level city"},
    "county": {"县", "区", "县级", "县级市", "市辖区", "旗", "county", "district", "county-level"},
}


def level_of(text: str) -> str | None:
    """The level a level cell names (地级市 = city), or None for an empty or unrecognised cell."""
    word = nfkc(text).strip()
    return next((lvl for lvl, words in _LEVEL_WORDS.items() if word in words), None)


def resolve_key(resolver, text: str, province: str = "", level: str = "") -> Key:
    """A city for what the user typed; prefecture level first, then what else the name could mean.

    A name that is also a province, or the own name of a district or county outside the city (see
    :meth:`aizone.resolver.Resolver.rivals`), is refused as ambiguous with every candidate listed, unless the
    row's province cell puts only one of them in reach or its level cell says 地级市/city."""
    shown = quote(text)
    if nfkc(text).strip() in _TOTALS:
        return Key(None, reason="total_row", kw=(("value", shown),))
    within = province.strip() or None
    if within is not None:
        try:
            resolver.resolve("", within=within)
        except ValueError:
            return Key(None, reason="bad_province", kw=(("value", quote(within)),))
    lvl = level_of(level) if level.strip() else None
    anywhere = resolver.resolve(text, level=lvl if lvl in ("province", "county") else None, within=within)
    city = resolver.resolve(text, level="city", within=within) if anywhere.status != "unknown" and lvl in (
        None, "city") else anywhere
    if city.status == "ok" and lvl is None:
        rivals = resolver.rivals(text, city.adcode, within=within)
        if rivals is not None:
            zh, en = _labels(rivals, "zh"), _labels(rivals, "en")
            return Key(None, reason="ambiguous_level", kw=(("value", shown), ("candidates_zh", "、".join(zh)),
                                                           ("candidates_en", "; ".join(en))),
                       suggestions=zh, suggestions_en=en, candidates=frozenset(c.adcode for c in rivals.candidates))
    if city.status == "ok" and lvl in (None, "city"):
        c = city.candidates[0]
        return Key(city.adcode, c.name_zh, c.name_en, candidates=frozenset({city.adcode}))
    if city.status == "ambiguous" or anywhere.status == "ambiguous":
        res = city if city.status == "ambiguous" else anywhere
        zh, en = _labels(res, "zh"), _labels(res, "en")
        return Key(None, reason="ambiguous_name", kw=(("value", shown), ("candidates_zh", "、".join(zh)),
                                                       ("candidates_en", "; ".join(en))),
                    suggestions=zh, suggestions_en=en, candidates=frozenset(c.adcode for c in res.candidates))
    if anywhere.status == "ok":  # a province or a county, not a city
        c = anywhere.candidates[0]
        parent = anywhere.parents_en[0] if anywhere.parents_en else ""
        level_zh, level_en = t(f"uploads.level.{c.level}", "zh"), t(f"uploads.level.{c.level}", "en")
        sugg = (c.parent_zh,) if c.level == "county" and c.parent_zh else ()
        sugg_en = (parent,) if c.level == "county" and parent else ()
        return Key(None, reason="not_city", kw=(("value", shown), ("name_zh", c.name_zh), ("name_en", c.name_en),
                                                 ("level_zh", level_zh), ("level_en", level_en)),
                    suggestions=sugg, suggestions_en=sugg_en, candidates=frozenset({c.adcode}))
    zh, en = tuple(anywhere.suggestions[:5]), tuple(anywhere.suggestions_en[:5])
    code = "unknown_code" if re.fullmatch(r"\d{6}", nfkc(text).strip()) else "unknown_name"
    return Key(None, reason=code, kw=(("value", shown), ("suggest_zh", "、".join(zh)), ("suggest_en", "; ".join(en))),
                suggestions=zh, suggestions_en=en, template=code if zh else code + "_plain")


def resolve_county(resolver, text: str, city: str = "", province: str = "") -> tuple[Key, str]:
    """A county for what the user typed, read within the row's city (or, without one, its province).

    Returns the key and the column it speaks about: ``"county"``, or ``"city"`` when the city cell itself
    is the problem (unknown, or ambiguous like 朝阳). A name several counties in reach share is refused as
    ``ambiguous_county`` with every candidate listed; a city or province name is refused as ``not_county``."""
    shown = quote(text)
    if nfkc(text).strip() in _TOTALS:
        return Key(None, reason="total_row", kw=(("value", shown),)), "county"
    within = None
    if city.strip():
        ck = resolve_key(resolver, city, province)
        if ck.adcode is None:
            return ck, "city"
        within = ck.adcode
    elif province.strip():
        try:
            resolver.resolve("", within=province.strip())
        except ValueError:
            return Key(None, reason="bad_province", kw=(("value", quote(province)),)), "province"
        within = province.strip()
    res = resolver.resolve(text, level="county", within=within)
    if res.status == "ok":
        c = res.candidates[0]
        return Key(res.adcode, c.name_zh, c.name_en, candidates=frozenset({res.adcode})), "county"
    if res.status == "ambiguous":
        zh, en = _labels(res, "zh", limit=8), _labels(res, "en", limit=8)
        return Key(None, reason="ambiguous_county", kw=(("value", shown), ("candidates_zh", "、".join(zh)),
                                                         ("candidates_en", "; ".join(en))),
                   suggestions=zh, suggestions_en=en, candidates=frozenset(c.adcode for c in res.candidates)), "county"
    upper = resolver.resolve(text, within=within)
    if upper.status == "ok" and upper.level in ("city", "province"):
        c = upper.candidates[0]
        return Key(None, reason="not_county", kw=(("value", shown), ("name_zh", c.name_zh), ("name_en", c.name_en),
                                                   ("level_zh", t(f"uploads.level.{c.level}", "zh")),
                                                   ("level_en", t(f"uploads.level.{c.level}", "en"))),
                   candidates=frozenset({c.adcode})), "county"
    zh, en = tuple(res.suggestions[:5]), tuple(res.suggestions_en[:5])
    code = "unknown_code" if re.fullmatch(r"\d{6}", nfkc(text).strip()) else "unknown_name"
    return Key(None, reason=code, kw=(("value", shown), ("suggest_zh", "、".join(zh)), ("suggest_en", "; ".join(en))),
               suggestions=zh, suggestions_en=en, template=code if zh else code + "_plain"), "county"


def is_county_code(resolver, text: str) -> bool:
    """A 6-digit code of a county-level unit (not also a city's code): it names its level by itself."""
    key = nfkc(text).strip()
    if not re.fullmatch(r"\d{6}", key):
        return False
    return resolver.resolve(key, level="county").status == "ok" and resolver.resolve(key, level="city").status != "ok"


@lru_cache(maxsize=1)
def default_resolver():
    from ..resolver import Resolver

    return Resolver()
