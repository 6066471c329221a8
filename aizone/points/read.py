"""Reading an uploaded point file (CSV, XLSX, GeoJSON, GeoPackage, KML or KMZ) into text cells with line numbers.

Nothing here raises on what is in the file: a file that cannot be read at all becomes a :class:`FileProblem`
with a reason code; row-level problems are left to :mod:`aizone.points.core`.

* **Kind** from the content, not the name: a zip is XLSX (first sheet, values as last saved) unless it holds a
  ``.kml`` and no workbook (KMZ), an SQLite file is a GeoPackage, text starting with ``<`` is KML, with ``{``
  GeoJSON, other text is CSV (comma, tab, semicolon or full-width comma, whichever gives most columns).
* **GeoPackage and KML** are read by pyogrio (GDAL), which geopandas already brings: the first GeoPackage layer
  with features, every KML folder in order. Point features give their x/y (a GeoPackage in a projected CRS is
  taken to longitude/latitude first); any other geometry gives empty coordinates, rejected by line as in GeoJSON.
  The datum is still the user's choice: files labelled EPSG:4326 often hold GCJ-02 coordinates.
* **Encoding**: a BOM decides; otherwise UTF-8, then GB18030 (a superset of GBK, what Chinese Excel writes).
* **Line numbers** are what the user sees: in a table the header is line 1 and the first data row line 2 (blank
  rows count, and are skipped); in GeoJSON, GeoPackage and KML the n-th feature is line n.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED = 500 * 1024 * 1024
_DELIMITERS = (",", "\t", ";", "，")


@dataclass
class FileProblem(Exception):
    """The file as a whole cannot be read (reason is a code; see ``aizone.points.core.MESSAGES``)."""

    reason: str
    detail: dict = field(default_factory=dict)


@dataclass
class Table:
    """Text cells (``""`` for empty) with the user-visible line of each row; ``kind`` is csv, xlsx, geojson, gpkg or kml."""

    frame: pd.DataFrame
    lines: pd.Series
    kind: str
    encoding: str = ""


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _text_cells(df: pd.DataFrame) -> pd.DataFrame:
    return df.fillna("").astype(str).apply(lambda s: s.str.strip())


def _drop_blank(df: pd.DataFrame, lines: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    keep = (df != "").any(axis=1).to_numpy(dtype=bool) if len(df.columns) else np.zeros(len(df), dtype=bool)
    return df[keep].reset_index(drop=True), lines[keep].reset_index(drop=True)


def _read_csv(text: str) -> Table:
    head = text[:20_000]
    best, delim = -1, ","
    for d in _DELIMITERS:
        try:
            first = next(csv.reader(io.StringIO(head), delimiter=d), [])
        except csv.Error:
            continue
        if len(first) > best:
            best, delim = len(first), d
    try:
        df = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False, skip_blank_lines=False,
                         engine="c" if len(delim) == 1 and delim.isascii() else "python", on_bad_lines="skip")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as e:
        raise FileProblem("not_table", {"error": str(e)[:200]}) from e
    df.columns = [str(c).strip() for c in df.columns]
    lines = pd.Series(range(2, len(df) + 2), dtype="int64")
    df, lines = _drop_blank(_text_cells(df), lines)
    return Table(df, lines, "csv")


def _cell(v) -> str:
    return "" if v is None else str(v)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                raise FileProblem("too_large", {"mb": MAX_UNZIPPED // 2**20})
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as e:  # openpyxl raises many kinds on a broken or non-xlsx zip
        raise FileProblem("bad_xlsx", {"error": type(e).__name__}) from e
    try:
        if not wb.worksheets:
            raise FileProblem("empty_file")
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    except FileProblem:
        raise
    except Exception as e:
        raise FileProblem("bad_xlsx", {"error": type(e).__name__}) from e
    finally:
        wb.close()
    if not rows:
        raise FileProblem("empty_file")
    width = max(len(r) for r in rows)
    header = [str(c).strip() or f"column_{j + 1}" for j, c in enumerate(rows[0] + [""] * (width - len(rows[0])))]
    body = [r + [""] * (width - len(r)) for r in rows[1:]]
    df = _text_cells(pd.DataFrame(body, columns=header, dtype=object))
    lines = pd.Series(range(2, len(body) + 2), dtype="int64")
    df, lines = _drop_blank(df, lines)
    return Table(df, lines, "xlsx")


def _read_geojson(text: str) -> Table:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise FileProblem("bad_geojson", {"error": str(e)[:200]}) from e
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        obj = {"type": "FeatureCollection", "features": [obj]}
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        raise FileProblem("bad_geojson", {"error": "not a FeatureCollection"})
    records = []
    for feat in obj["features"]:
        rec: dict = {}
        if isinstance(feat, dict):
            props = feat.get("properties")
            if isinstance(props, dict):
                rec.update({str(k): _cell(v) for k, v in props.items() if not isinstance(v, (dict, list))})
            geom = feat.get("geometry")
            coords = geom.get("coordinates") if isinstance(geom, dict) and geom.get("type") == "Point" else None
            ok = isinstance(coords, list) and len(coords) >= 2
            rec["lon"] = _cell(coords[0]) if ok else ""
            rec["lat"] = _cell(coords[1]) if ok else ""
        records.append(rec)
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["lon", "lat"])
    cols = ["lon", "lat"] + [c for c in df.columns if c not in ("lon", "lat")]
    df = _text_cells(df.reindex(columns=cols))
    return Table(df, pd.Series(range(1, len(df) + 1), dtype="int64"), "geojson")


_SQLITE = b"SQLite format 3\x00"
# What GDAL's LIBKML driver adds to every placemark (display settings, not the user's data).
_KML_STYLE = {"id", "tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode", "begin", "end",
              "timestamp", "snippet"}


def _ogr_frame(data: bytes, what: str) -> pd.DataFrame:
    """Every layer's features (GeoPackage: the first layer with any), geometry as lon/lat text, via pyogrio."""
    import warnings

    import pyogrio
    import shapely

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "non conformant file extension": there is no name
            layers = [str(name) for name, _ in pyogrio.list_layers(io.BytesIO(data))]
            frames = []
            for name in layers:
                gdf = pyogrio.read_dataframe(io.BytesIO(data), layer=name)
                if len(gdf) == 0:
                    continue
                if gdf.crs is not None and not gdf.crs.is_geographic:
                    gdf = gdf.to_crs(4326)
                frames.append(gdf)
                if what == "gpkg":
                    break
    except FileProblem:
        raise
    except Exception as e:  # GDAL raises DataSourceError and friends on a broken file
        raise FileProblem(f"bad_{what}", {"error": type(e).__name__}) from e
    if not frames:
        raise FileProblem("empty_file")
    geoms = np.concatenate([np.asarray(f.geometry.values, dtype=object) for f in frames])
    attrs = pd.concat([pd.DataFrame(f.drop(columns=f.geometry.name)) for f in frames], ignore_index=True)
    attrs = attrs.loc[:, attrs.notna().any()]  # KML's many empty style columns
    attrs = attrs.drop(columns=[c for c in attrs.columns if what == "kml" and c in _KML_STYLE])
    is_point = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)
    x = np.where(is_point, shapely.get_x(geoms), np.nan)
    y = np.where(is_point, shapely.get_y(geoms), np.nan)
    lon = np.where(is_point, x.astype(str), "")
    lat = np.where(is_point, y.astype(str), "")
    attrs = attrs.drop(columns=[c for c in attrs.columns if str(c).lower() in ("lon", "lat")])
    return pd.concat([pd.DataFrame({"lon": lon, "lat": lat}), attrs.reset_index(drop=True)], axis=1)


def _read_ogr(data: bytes, what: str) -> Table:
    df = _text_cells(_ogr_frame(data, what))
    df.columns = [str(c) for c in df.columns]
    return Table(df, pd.Series(range(1, len(df) + 1), dtype="int64"), what)


def _kmz_document(data: bytes) -> bytes | None:
    """The KML inside a KMZ (a zip with a .kml and no workbook), else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if any(n.startswith("xl/") for n in names):
                return None
            kml = [i for i in zf.infolist() if i.filename.lower().endswith(".kml")]
            if not kml or kml[0].file_size > MAX_UNZIPPED:
                return None
            return zf.read(kml[0])
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None


def read_table(data: bytes, max_bytes: int = MAX_BYTES) -> Table:
    """The file's cells as text; raises :class:`FileProblem` when the file as a whole cannot be read."""
    if len(data) > max_bytes:
        raise FileProblem("too_large", {"mb": max_bytes // 2**20})
    if not data.strip():
        raise FileProblem("empty_file")
    if data[:4] == b"PK\x03\x04":
        kml = _kmz_document(data)
        return _read_xlsx(data) if kml is None else _read_ogr(kml, "kml")
    if data.startswith(_SQLITE):
        return _read_ogr(data, "gpkg")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem("old_xls")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as e:
        raise FileProblem("not_table") from e
    if "\x00" in text[:100_000]:
        raise FileProblem("not_table")
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return _read_ogr(data, "kml")  # the bytes as they are: the XML declaration names their encoding
    if text.lstrip().startswith("{"):
        table = _read_geojson(text)
    else:
        table = _read_csv(text)
    table.encoding = encoding
    return table
