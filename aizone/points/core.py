"""The analyst's own points: coordinates found, parsed, converted to WGS-84 and joined to the units they fall in.

Pure functions (no streamlit); the page calls :func:`parse_points` then :func:`join_points`.

* **Columns**: the first matching pair of 经度/纬度, lng|lon|long|longitude / lat|latitude, or x/y (case-,
  space- and bracket-insensitive: ``经度（GCJ-02）`` is 经度). A file with none of them is refused whole.
* **Rows** (each reported with its line, never raising): empty coordinate cells → ``missing``; text that is
  not a number (full-width digits and a decimal comma are read) → ``not_number``; outside -180..180 / -90..90
  → ``out_of_range``; after conversion, not inside any county of the boundary layer → ``outside_china``.
* **Datum**: the user's choice (WGS-84, GCJ-02, BD-09), converted with :mod:`aizone.datum`. A hint is given
  when many points look swapped (lat in the lon column) or fall outside China, or when another datum fits the
  points clearly better (:mod:`aizone.points.hint`).
* **Join**: an STRtree over the county coverage; a point on a shared border goes to the lower adcode.
  Each county carries its city, province, macro region, strategy regions and pilot-zone status on a date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import shapely

from aizone import datum
from aizone.points import hint
from aizone.points.read import FileProblem, Table, read_table

_PAIRS = (("经度", "纬度"), ("lng", "lat"), ("lon", "lat"), ("long", "lat"), ("longitude", "latitude"), ("x", "y"))

MESSAGES = {
    "missing": ("坐标为空", "coordinates are empty"),
    "not_number": ("坐标不是数字：{value}", "coordinates are not numbers: {value}"),
    "out_of_range": ("坐标超出经纬度范围：{value}", "coordinates out of range: {value}"),
    "outside_china": ("不在中国境内任何县级单位内：{value}", "not inside any county of China: {value}"),
    "no_columns": ("未找到坐标列（经度/纬度、lng/lat 或 x/y）", "no coordinate columns found (经度/纬度, lng/lat or x/y)"),
    "too_large": ("文件超过 {mb} MB", "file is larger than {mb} MB"),
    "empty_file": ("文件为空", "the file is empty"),
    "not_table": ("无法读取为表格", "cannot be read as a table"),
    "bad_xlsx": ("无法读取 XLSX 文件", "cannot read the XLSX file"),
    "old_xls": ("旧版 .xls 文件，请另存为 .xlsx 或 CSV", "old .xls file: save it as .xlsx or CSV"),
    "bad_geojson": ("不是有效的 GeoJSON 点要素集合", "not a valid GeoJSON FeatureCollection of points"),
    "bad_gpkg": ("无法读取 GeoPackage 文件", "cannot read the GeoPackage file"),
    "bad_kml": ("无法读取 KML/KMZ 文件", "cannot read the KML/KMZ file"),
    "swapped_hint": ("{n} 个点的经纬度似乎颠倒了（纬度列的值像经度）", "{n} points look swapped (the latitude column holds longitudes)"),
    "outside_hint": ("{n} 个点落在中国境外：坐标系或列是否选错？", "{n} points fall outside China: is the datum or a column wrong?"),
    "datum_inside_hint": ("按 {datum} 读取时，抽样的 {of} 个点中多 {n} 个落在中国的县级单位内：这些坐标可能是 {datum}，而不是所选的 {chosen}。",
                          "Read as {datum}, {n} more of {of} sampled points fall inside a Chinese county: the coordinates may be {datum}, not {chosen}."),
    "datum_code_hint": ("按 {datum} 读取时，抽样的 {of} 个点中有 {n} 个落在“{column}”列所写的区划内，按所选的 {chosen} 只有 {m} 个：这些坐标可能是 {datum}。",
                        "Read as {datum}, {n} of {of} sampled points land in the unit their column “{column}” names; read as {chosen}, {m} do: the coordinates may be {datum}."),
}


def message(code: str, lang: str = "zh", **kw) -> str:
    zh, en = MESSAGES[code]
    return (zh if lang == "zh" else en).format(**kw)


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKC", str(name)).strip().lower()
    s = re.sub(r"[(\[（【].*?[)\]）】]", "", s)  # units or datum in brackets
    return re.sub(r"[\s_\-:：]", "", s)


def detect_columns(columns) -> tuple[str, str] | None:
    """(lon column, lat column) as named in the file, or None."""
    keys = {}
    for c in columns:
        keys.setdefault(_key(c), c)
    for lon, lat in _PAIRS:
        if lon in keys and lat in keys:
            return keys[lon], keys[lat]
    return None


_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _normal_text(s: pd.Series) -> pd.Series:
    s = s.map(lambda v: unicodedata.normalize("NFKC", v).strip().replace("°", ""))
    return s.str.replace(r"^([+-]?\d+),(\d+)$", r"\1.\2", regex=True)


def to_numbers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Floats (NaN where not a number) and a mask of empty cells. Full-width digits and a decimal comma read.

    Plain numbers take the fast path; only the other cells are normalised (NFKC, degree sign, decimal comma),
    which leaves a plain number unchanged, so both paths read a cell the same way.
    """
    text = cells.astype(str).str.strip()
    ok = np.array(text.str.fullmatch(_NUM), dtype=bool)
    if not ok.all():
        slow = ~ok
        text = text.copy()
        text[slow] = _normal_text(text[slow])
        ok[slow] = text[slow].str.fullmatch(_NUM).to_numpy(dtype=bool)
    empty = (text == "").to_numpy()
    vals = np.full(len(text), np.nan)
    if ok.any():
        vals[ok] = text[ok].astype(float).to_numpy()
    return vals, empty


@dataclass
class Rejection:
    line: int
    reason: str
    value: str = ""

    def message(self, lang: str = "zh") -> str:
        return message(self.reason, lang, value=self.value)


@dataclass
class PointReport:
    """What a file gave: accepted points (WGS-84) with their original cells, rejections by line, hints."""

    points: pd.DataFrame  # line, lon, lat (WGS-84), lon_in, lat_in, + the file's other columns
    rejected: list[Rejection] = field(default_factory=list)
    hints: list[tuple[str, dict]] = field(default_factory=list)
    columns: tuple[str, str] | None = None
    datum: str = "wgs84"
    kind: str = ""
    problem: tuple[str, dict] | None = None  # the whole file refused

    @property
    def ok(self) -> bool:
        return self.problem is None

    def rejected_frame(self, lang: str = "zh") -> pd.DataFrame:
        return pd.DataFrame({"line": [r.line for r in self.rejected], "reason": [r.reason for r in self.rejected],
                             "message": [r.message(lang) for r in self.rejected]})


def _empty_points() -> pd.DataFrame:
    return pd.DataFrame({"line": pd.Series(dtype="int64"), "lon": pd.Series(dtype=float),
                         "lat": pd.Series(dtype=float)})


def parse_table(table: Table, src_datum: str = "wgs84") -> PointReport:
    """Coordinates found, parsed and converted to WGS-84; every bad row becomes a Rejection with its line."""
    key = datum.normalise(src_datum)
    report = PointReport(_empty_points(), datum=key, kind=table.kind)
    cols = detect_columns(table.frame.columns)
    if cols is None:
        report.problem = ("no_columns", {})
        return report
    report.columns = cols
    df, lines = table.frame, table.lines.to_numpy()
    lon, lon_empty = to_numbers(df[cols[0]])
    lat, lat_empty = to_numbers(df[cols[1]])
    raw = (df[cols[0]].astype(str) + ", " + df[cols[1]].astype(str)).to_numpy()
    missing = lon_empty | lat_empty
    not_number = ~missing & (np.isnan(lon) | np.isnan(lat))
    out_of_range = ~missing & ~not_number & ((np.abs(lon) > 180) | (np.abs(lat) > 90))
    bad = missing | not_number | out_of_range
    for mask, reason in ((missing, "missing"), (not_number, "not_number"), (out_of_range, "out_of_range")):
        report.rejected += [Rejection(int(lines[i]), reason, str(raw[i])[:60]) for i in np.flatnonzero(mask)]
    good = ~bad
    numeric = ~missing & ~not_number
    swapped = numeric & (np.abs(lat) > 60) & (np.abs(lat) <= 180) & (np.abs(lon) <= 60)
    if swapped.sum() and swapped.sum() >= 0.5 * numeric.sum():
        report.hints.append(("swapped_hint", {"n": int(swapped.sum())}))
    x, y = datum.convert(lon[good], lat[good], key, "wgs84")
    others = df.loc[good, [c for c in df.columns if c not in cols]].reset_index(drop=True)
    pts = pd.DataFrame({"line": lines[good].astype("int64"), "lon": x, "lat": y,
                        "lon_in": lon[good], "lat_in": lat[good]})
    report.points = pd.concat([pts, others], axis=1)
    report.rejected.sort(key=lambda r: r.line)
    return report


def parse_points(data: bytes, src_datum: str = "wgs84", max_bytes: int | None = None) -> PointReport:
    """Read and parse an uploaded file; never raises on its content."""
    try:
        table = read_table(data) if max_bytes is None else read_table(data, max_bytes)
    except FileProblem as e:
        return PointReport(_empty_points(), datum=datum.normalise(src_datum), problem=(e.reason, e.detail))
    return parse_table(table, src_datum)


# --------------------------------------------------------------------------------------------- join

@dataclass(frozen=True)
class Units:
    """The county coverage and, per county, the attributes a point inherits (built once, reused per upload)."""

    tree: shapely.STRtree
    attrs: pd.DataFrame  # one row per county, same order as the tree's geometries
    geoms: np.ndarray  # the tree's geometries, prepared (each point is tested against a prepared polygon)


def county_attributes(counties: pd.DataFrame, macro: pd.DataFrame | None = None,
                      strategy_rows: pd.DataFrame | None = None, zones: pd.DataFrame | None = None,
                      as_of: date | None = None) -> pd.DataFrame:
    """county_adcode, city_adcode, province_adcode, macro_region, strategies ('|'), zone_id, zone_status."""
    out = pd.DataFrame({"county_adcode": counties["adcode"].astype(str).to_numpy(),
                        "city_adcode": counties["parent_adcode"].astype(str).to_numpy(),
                        "province_adcode": counties["province_adcode"].astype(str).to_numpy()})
    if macro is not None:
        m = dict(zip(macro["province_adcode"].astype(str), macro["macro_region"].astype(str)))
        out["macro_region"] = out["province_adcode"].map(m).fillna("")
    if strategy_rows is not None:
        s = strategy_rows.groupby("adcode")["strategy_id"].agg(lambda v: "|".join(sorted(v)))
        out["strategies"] = out["county_adcode"].map(s).fillna("")
    if zones is not None:
        from aizone import zones as zmod

        status = zmod.status_on(zones, as_of or date.today())
        by_code = {str(c): (z, st) for c, z, st in zip(zones["adcode"], zones["zone_id"], status)}
        hit = [by_code.get(c) or by_code.get(p) for c, p in zip(out["county_adcode"], out["city_adcode"])]
        out["zone_id"] = [h[0] if h else "" for h in hit]
        out["zone_status"] = [h[1] if h else "" for h in hit]
    return out


def build_units(counties, attrs: pd.DataFrame | None = None) -> Units:
    """``counties``: a (Geo)DataFrame with adcode, parent_adcode, province_adcode and geometry in WGS-84."""
    order = np.argsort(counties["adcode"].astype(str).to_numpy(), kind="stable")
    counties = counties.iloc[order].reset_index(drop=True)
    if attrs is None:
        attrs = county_attributes(counties)
    else:
        attrs = attrs.set_index("county_adcode").loc[counties["adcode"].astype(str)].reset_index()
    geoms = np.asarray(counties.geometry.values, dtype=object)
    shapely.prepare(geoms)
    return Units(shapely.STRtree(geoms), attrs, geoms)


def default_units(as_of: date | None = None, lod: str = "regional") -> Units:
    """The shipped county layer with macro regions, strategies and pilot zones (the app caches this)."""
    from aizone import boundaries, strategies, tables, zones

    counties = boundaries.load("county", lod)
    attrs = county_attributes(counties, tables.load("macro_regions"), strategies.memberships(counties),
                              zones.load(), as_of)
    return build_units(counties, attrs)


def locate(units: Units, lon, lat) -> np.ndarray:
    """Index into ``units.attrs`` of the county holding each point, -1 where none does.

    The tree answers bounding boxes only; each candidate pair is then tested against the prepared polygon
    (``intersects_xy``): the tree's own predicate test prepares the query side, which for points gains nothing.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    hit = np.full(len(lon), -1, dtype=np.int64)
    if not len(lon):
        return hit
    p_idx, t_idx = units.tree.query(shapely.points(lon, lat))
    inside = shapely.intersects_xy(units.geoms[t_idx], lon[p_idx], lat[p_idx])
    p_idx, t_idx = p_idx[inside], t_idx[inside]
    # the tree's geometries are sorted by adcode, so the smallest index is the lower adcode on a shared border
    order = np.lexsort((t_idx, p_idx))
    p_idx, t_idx = p_idx[order], t_idx[order]
    first = np.r_[True, p_idx[1:] != p_idx[:-1]] if len(p_idx) else np.array([], dtype=bool)
    hit[p_idx[first]] = t_idx[first]
    return hit


def join_points(report: PointReport, units: Units, resolver=None) -> pd.DataFrame:
    """Accepted points with their units' attributes; points in no county move to ``report.rejected``.
    ``resolver`` (an :class:`aizone.resolver.Resolver`) lets the datum hint read a column of place names."""
    pts = report.points
    idx = locate(units, pts["lon"].to_numpy(), pts["lat"].to_numpy())
    outside = idx < 0
    if outside.any():
        raw = (pts.loc[outside, "lon_in"].astype(str) + ", " + pts.loc[outside, "lat_in"].astype(str)).to_numpy()
        report.rejected += [Rejection(int(line), "outside_china", v) for line, v in zip(pts.loc[outside, "line"], raw)]
        report.rejected.sort(key=lambda r: r.line)
        if outside.sum() >= max(1, 0.2 * len(pts)) and not any(h[0] == "outside_hint" for h in report.hints):
            report.hints.append(("outside_hint", {"n": int(outside.sum())}))
    report.hints += hint.datum_hints(pts, report.datum, units, resolver=resolver)
    inside = pts.loc[~outside].reset_index(drop=True)
    attrs = units.attrs.iloc[idx[~outside]].reset_index(drop=True)
    joined = pd.concat([inside[["line", "lon", "lat"]], attrs, inside.drop(columns=["line", "lon", "lat"])], axis=1)
    report.points = inside
    return joined


def counts(joined: pd.DataFrame, level: str = "city") -> pd.DataFrame:
    """Points per unit (adcode, count), for a choropleth indicator; level is county, city or province."""
    col = {"county": "county_adcode", "city": "city_adcode", "province": "province_adcode"}[level]
    return joined.groupby(col).size().rename("count").reset_index().rename(columns={col: "adcode"})
