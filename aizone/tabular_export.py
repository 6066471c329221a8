"""Tables as downloads (CSV, XLSX) that are safe to open in a spreadsheet and carry their sources.

Cell text comes from sourced tables and from names people type, so a cell could begin with ``=``, ``+``,
``-`` or ``@`` and run as a formula when a planner opens the file (CSV/formula injection, OWASP). In CSV such
text gets a leading apostrophe, which spreadsheets read as "this is text"; numbers (also "-3.5" held as
text) are left alone so values stay usable. In XLSX every string is written as a text cell, which a
spreadsheet never evaluates, so the text is kept exactly. Missing values stay empty cells, never 0.
"""

from __future__ import annotations

import io
import re
from typing import Iterable, Mapping

import pandas as pd

from aizone import provenance

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise_cell(value: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would run as a formula; anything else is returned unchanged."""
    if not isinstance(value, str) or not value or not value.startswith(TRIGGERS):
        return value
    if _NUMBER.match(value.strip()):
        return value
    return "'" + value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) made formula-safe; numeric columns are untouched."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])
                or pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; missing values as empty cells."""
    return neutralise(df).to_csv(index=False, na_rep="").encode("utf-8-sig")


def sources_table(origins: Iterable[provenance.Origin], lang: str) -> pd.DataFrame:
    """One row per distinct origin, for the sources sheet of a workbook."""
    rows, seen = [], set()
    for o in origins:
        if o.checksum and o.checksum in seen:
            continue
        seen.add(o.checksum)
        rows.append({"citation": o.cite(lang), "title": o.title, "producer": o.producer, "url": o.url,
                     "accessed": o.accessed, "licence": o.licence, "checksum": o.checksum})
    if not rows:
        raise provenance.ProvenanceError("a download needs at least one source")
    return pd.DataFrame(rows)


def sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case."""
    base = _SHEET_BAD.sub("_", str(name)).strip("'") or "sheet"
    base = base[:31]
    cand, i = base, 2
    while cand.lower() in taken:
        suffix = f" ({i})"
        cand, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(cand.lower())
    return cand


def _cell_value(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return v.item()
    return v


def _write_sheet(ws, df: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([str(c) for c in df.columns])
    for c in ws[1]:
        c.data_type = "s"
    for row in df.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
    for r in ws.iter_rows(min_row=1):
        for c in r:
            if isinstance(c.value, str):
                c.data_type = "s"  # text, never a formula, whatever it starts with
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200) if v is not None and v is not pd.NA])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame], sources: pd.DataFrame) -> bytes:
    """A workbook with one sheet per table and a final "sources" sheet; a workbook without sources is refused."""
    from openpyxl import Workbook

    if sources is None or len(sources) == 0:
        raise ValueError("an XLSX download needs a non-empty sources table")
    wb = Workbook()
    wb.remove(wb.active)
    taken = {"sources"}
    for name, df in sheets.items():
        _write_sheet(wb.create_sheet(sheet_name(name, taken)), df)
    _write_sheet(wb.create_sheet("sources"), sources)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
