"""Explicit table contracts, checked when a file is loaded.

A contract reads every cell as text first and converts column by column, so a bad cell is reported with
the file, the spreadsheet row (header = row 1), the column and what was expected, instead of a pandas
traceback. Empty cells stay missing (``<NA>``): unknown is never turned into 0.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

ADCODE_RE = re.compile(r"^[1-9]\d{5}$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + f": {self.message}"


class DataError(ValueError):
    """A file broke its contract; ``problems`` lists every bad cell found (up to a limit)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__("; ".join(str(p) for p in problems[:5]) + more)


@dataclass(frozen=True)
class Column:
    """One column: its kind decides how text is converted and what counts as valid."""

    name: str
    kind: str = "str"  # str | int | float | adcode | adcodes | date | url | category | bool
    required: bool = False  # a cell may not be empty
    choices: tuple = ()
    minimum: float | None = None
    check: Callable[[str], str | None] | None = None  # returns an error message or None
    description: str = ""


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # columns that together identify a row
    description: str = ""
    extra_columns_ok: bool = False

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _convert(col: Column, text: str) -> tuple[object, str | None]:
    """Convert one non-empty cell; returns (value, error)."""
    k = col.kind
    if k in ("str", "url"):
        if k == "url" and not re.match(r"^https?://\S+", text):
            return None, f"expected a URL starting with http:// or https://, got {text[:60]!r}"
        return text, None
    if k == "adcode":
        return (text, None) if ADCODE_RE.match(text) else (None, f"expected a 6-digit adcode, got {text[:40]!r}")
    if k == "adcodes":
        parts = [p.strip() for p in text.split(";") if p.strip()]
        bad = [p for p in parts if not ADCODE_RE.match(p)]
        if bad or not parts:
            return None, f"expected 6-digit adcodes separated by ';', got {text[:60]!r}"
        return ";".join(parts), None
    if k == "date":
        return (text, None) if DATE_RE.match(text) else (None, f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {text[:40]!r}")
    if k == "category":
        return (text, None) if text in col.choices else (None, f"expected one of {', '.join(map(str, col.choices))}; got {text[:40]!r}")
    if k == "bool":
        low = text.lower()
        if low in ("true", "1", "yes"):
            return True, None
        if low in ("false", "0", "no"):
            return False, None
        return None, f"expected true/false, got {text[:40]!r}"
    if k in ("int", "float"):
        t = text.replace(",", "")
        try:
            v = float(t)
        except ValueError:
            return None, f"expected a number, got {text[:40]!r}"
        if v != v or v in (float("inf"), float("-inf")):
            return None, f"expected a finite number, got {text[:40]!r}"
        if k == "int":
            if v != int(v):
                return None, f"expected a whole number, got {text[:40]!r}"
            v = int(v)
        if col.minimum is not None and v < col.minimum:
            return None, f"expected a value of at least {col.minimum:g}, got {text[:40]!r}"
        return v, None
    raise ValueError(f"unknown column kind {k!r}")


_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean"}


def validate(raw: pd.DataFrame, schema: Schema, file: str, max_problems: int = 50) -> pd.DataFrame:
    """Check an all-text frame against the contract and return it converted; raise DataError listing bad cells."""
    problems: list[Problem] = []
    missing = [c.name for c in schema.columns if c.name not in raw.columns]
    if missing:
        problems.append(Problem(file, 1, None, f"missing column(s) {', '.join(missing)}; expected columns: {', '.join(schema.names)}"))
    if not schema.extra_columns_ok:
        extra = [c for c in raw.columns if c not in schema.names]
        if extra:
            problems.append(Problem(file, 1, None, f"unexpected column(s) {', '.join(map(str, extra))}"))
    if problems:
        raise DataError(problems)
    out = {}
    for col in schema.columns:
        values = []
        for i, cell in enumerate(raw[col.name].tolist()):
            text = "" if cell is None or (isinstance(cell, float) and cell != cell) else str(cell).strip()
            if not text:
                if col.required:
                    problems.append(Problem(file, i + 2, col.name, "is empty but required"))
                values.append(pd.NA)
                continue
            v, err = _convert(col, text)
            if err is None and col.check is not None:
                err = col.check(text)
            if err:
                problems.append(Problem(file, i + 2, col.name, err))
                v = pd.NA
            values.append(v)
            if len(problems) >= max_problems:
                raise DataError(problems)
        out[col.name] = pd.array(values, dtype=_DTYPES.get(col.kind, "string"))
    df = pd.DataFrame(out, index=raw.index)
    for extra in raw.columns:
        if extra not in out:
            df[extra] = raw[extra].astype("string")
    if schema.unique and not problems:
        dup = df.duplicated(subset=list(schema.unique), keep="first")
        for i in dup[dup].index:
            key = ", ".join(f"{c}={df.at[i, c]}" for c in schema.unique)
            problems.append(Problem(file, int(i) + 2, None, f"duplicate row ({key})"))
    if problems:
        raise DataError(problems)
    return df


def read_csv_text(path: Path | str | io.IOBase, file: str | None = None) -> pd.DataFrame:
    """Read a UTF-8 CSV with every cell as text; a broken file becomes a DataError naming it."""
    name = file or (Path(path).name if not isinstance(path, io.IOBase) else "upload")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if not isinstance(path, io.IOBase):
            _check_field_counts(Path(path), name)
        return df
    except FileNotFoundError as e:
        raise DataError([Problem(name, None, None, "file not found")]) from e
    except UnicodeDecodeError as e:
        raise DataError([Problem(name, None, None, f"not UTF-8 text (byte {e.start}); save it as UTF-8 CSV")]) from e
    except pd.errors.EmptyDataError as e:
        raise DataError([Problem(name, None, None, "file is empty")]) from e
    except pd.errors.ParserError as e:
        m = re.search(r"line (\d+)", str(e))
        row = int(m.group(1)) if m else None
        raise DataError([Problem(name, row, None, f"broken CSV: {e}")]) from e


def _check_field_counts(path: Path, name: str) -> None:
    """pandas pads a short row with empty cells, so a file cut off mid-row would pass as 'unknown' values.

    A cut inside the last cell keeps every field count, so the file's last byte is checked too: every CSV
    this project writes ends with a line break, and a file cut off does not.
    """
    import csv

    with open(path, "rb") as fb:
        fb.seek(0, 2)
        if fb.tell() > 0:
            fb.seek(-1, 2)
            if fb.read(1) not in (b"\n", b"\r"):
                raise DataError([Problem(name, None, None, "does not end with a line break: the file was cut off (or "
                                         "saved without a final line break; add one after the last row)")])
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        for row in reader:
            if row and len(row) != len(header):
                raise DataError([Problem(name, reader.line_num, None,
                                         f"has {len(row)} fields, the header has {len(header)}: the file is truncated or a "
                                         f"cell has an unquoted comma")])


def load_csv(path: Path, schema: Schema) -> pd.DataFrame:
    path = Path(path)
    return validate(read_csv_text(path), schema, path.name)


def describe(schemas: Iterable[Schema]) -> pd.DataFrame:
    """Contracts as a table, for the methods page."""
    rows = []
    for s in schemas:
        for c in s.columns:
            rows.append({"table": s.name, "column": c.name, "kind": c.kind, "required": c.required,
                         "choices": " | ".join(map(str, c.choices)), "description": c.description})
    return pd.DataFrame(rows)
