"""Ways the app's inputs go wrong, made on purpose: broken copies of the data directory, hostile text.

The app reads every file from ``AIZONE_DATA`` at start-up, so a fault is tested the way it happens on a
server: a copy of the data directory in which exactly one file is damaged (the rest are symlinks to the
shipped files, so a case costs one small write), and the app started against that copy. Hostile inputs are
plain lists and generators here so the tests, the figures command and anyone reproducing a report use the
same cases. Nothing here imports streamlit.
"""

from __future__ import annotations

import io
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from aizone import citations, config, gazetteer, resolver, tables
from aizone.build import gazetteer as build_gazetteer
from aizone.integrity import SIDECAR, shipped_files
from aizone.schemas import Schema


# ------------------------------------------------------------------------------------------------ faults


@dataclass(frozen=True)
class Fault:
    """One damaged file: ``rel`` is its path inside the data directory, ``mode`` how it is damaged."""

    rel: str
    mode: str
    what: str  # one line a report can show

    @property
    def name(self) -> str:
        return Path(self.rel).name

    @property
    def id(self) -> str:
        return f"{self.rel}:{self.mode}"

    @property
    def touches_sidecar(self) -> bool:
        return self.mode in ("bad_sidecar", "missing_sidecar")


CSV_MODES = ("missing", "empty", "truncated", "not_utf8", "bad_adcode", "unknown_adcode", "text_in_number",
             "bad_category", "duplicate_key", "missing_column", "bad_sidecar", "missing_sidecar")
PARQUET_MODES = ("missing", "truncated", "random_bytes", "missing_column", "bad_adcode", "bad_sidecar")

_WHAT = {
    "missing": "file deleted",
    "empty": "file emptied (0 bytes)",
    "truncated": "file cut in the middle of a line",
    "not_utf8": "saved as GBK instead of UTF-8 (what Excel does on a Chinese Windows)",
    "bad_adcode": "an adcode cell holds '11AB00'",
    "unknown_adcode": "an adcode cell holds 990100, which has the right shape but is no unit",
    "text_in_number": "a number cell holds 'n/a (see note)'",
    "bad_category": "a category cell (e.g. confidence) holds a word outside its list",
    "duplicate_key": "the first row pasted twice",
    "missing_column": "a required column deleted",
    "random_bytes": "file overwritten with random bytes of the same length",
    "bad_sidecar": "provenance sidecar is not JSON",
    "missing_sidecar": "provenance sidecar deleted",
}


def csv_schema(rel: str) -> Schema | None:
    """The contract a shipped CSV is loaded with, or None for files the app never loads as a table."""
    name = Path(rel).name
    if rel.startswith("tables/") and name.endswith(".csv"):
        return tables.schema(name[:-4])
    if rel == "gazetteer.csv":
        return gazetteer.SCHEMA
    if rel == "reference/name_overrides.csv":
        return build_gazetteer.OVERRIDES_SCHEMA
    if rel == "reference/source_domains.csv":
        return citations.SOURCE_DOMAINS
    if rel == "reference/name_aliases.csv":
        return resolver.ALIAS_SCHEMA
    if rel == "reference/seats.csv":
        return build_gazetteer.SEATS_SCHEMA
    return None


def _applies(rel: str, mode: str) -> bool:
    schema = csv_schema(rel)
    if mode in ("bad_adcode", "unknown_adcode"):
        if rel.endswith(".parquet"):  # the strategy areas are keyed by layer name, not adcode
            return mode == "bad_adcode" and not Path(rel).name.startswith("strategies_")
        return schema is not None and any(c.kind in ("adcode", "adcodes") for c in schema.columns)
    if mode == "text_in_number":
        return schema is not None and any(c.kind in ("int", "float") for c in schema.columns)
    if mode == "bad_category":
        return schema is not None and any(c.kind == "category" for c in schema.columns)
    if mode == "duplicate_key":
        return schema is not None and bool(schema.unique)
    if mode == "missing_column":
        return schema is not None or rel.endswith(".parquet")
    if mode in ("empty", "not_utf8"):
        return rel.endswith(".csv")
    if mode == "random_bytes":
        return rel.endswith(".parquet")
    return True


def faults_for(rel: str) -> list[Fault]:
    modes = PARQUET_MODES if rel.endswith(".parquet") else CSV_MODES
    return [Fault(rel, m, _WHAT[m]) for m in modes if _applies(rel, m)]


def all_faults(data_dir: Path | None = None) -> list[Fault]:
    """Every fault case for every shipped table, the gazetteer and every boundary file."""
    out: list[Fault] = []
    for rel in shipped_files(data_dir):
        if rel.endswith(".csv") or rel.endswith(".parquet"):
            out += faults_for(rel)
        else:  # texts kept for citation (the guideline): only their sidecar is read at run time
            out += [Fault(rel, m, _WHAT[m]) for m in ("missing", "bad_sidecar")]
    return out


def load_file(rel: str, data_dir: Path) -> object:
    """Read one shipped file the way the app does (same loader, same checks); raises what the app would see."""
    from aizone import boundaries
    from aizone.schemas import load_csv

    root = Path(data_dir)
    path = root / rel
    name = Path(rel).name
    if rel.endswith(".csv"):
        schema = csv_schema(rel)
        return load_csv(path, schema) if schema else path.read_bytes()
    if rel.startswith("boundaries/"):
        stem = name.removesuffix(".parquet")
        if stem == "outline":
            return boundaries.load_outline(root=root / "boundaries")
        if stem == "maritime":
            return boundaries.load_maritime(root=root / "boundaries")
        if stem.startswith("strategies_"):
            return boundaries.load_strategy_areas(stem.removeprefix("strategies_"), root=root / "boundaries")
        level, lod = stem.split("_", 1)
        return boundaries.load(level, lod, root=root / "boundaries")
    return path.read_bytes()


def link_tree(src: Path, dest: Path) -> Path:
    """Mirror ``src`` into ``dest`` as symlinks per file (cheap, read-only: the shipped files cannot be hit)."""
    src, dest = Path(src).resolve(), Path(dest)
    for p in sorted(src.rglob("*")):
        target = dest / p.relative_to(src)
        if p.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif p.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(p, target)
    return dest


def _own_copy(path: Path) -> bytes:
    """Replace a symlink by a real file so damaging it leaves the shipped file alone; return its bytes."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)
    return data


def _first(schema: Schema, kinds: tuple[str, ...]) -> str:
    return next(c.name for c in schema.columns if c.kind in kinds)


def _edit_csv(path: Path, schema: Schema, edit: Callable[[pd.DataFrame, Schema], pd.DataFrame]) -> None:
    raw = pd.read_csv(io.BytesIO(_own_copy(path)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path.write_text(edit(raw, schema).to_csv(index=False), encoding="utf-8")


def _set_cell(col_kinds: tuple[str, ...], value: str) -> Callable[[pd.DataFrame, Schema], pd.DataFrame]:
    def edit(df: pd.DataFrame, schema: Schema) -> pd.DataFrame:
        col = _first(schema, col_kinds)
        df.loc[df.index[0], col] = value
        return df
    return edit


def _duplicate_first(df: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    return pd.concat([df, df.iloc[[0]]], ignore_index=True)


def _drop_required(df: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    col = next((c.name for c in schema.columns if c.required), schema.columns[0].name)
    return df.drop(columns=[col])


def _cut_mid_line(data: bytes) -> bytes:
    """About 60 % of the bytes, ending inside a line (a cut at a line end would just be a shorter table)."""
    cut = int(len(data) * 0.6)
    while cut > 1 and data[cut - 1:cut] in (b"\n", b"\r"):
        cut -= 1
    nl = data.rfind(b"\n", 0, cut)
    if cut - nl < 3:  # make sure a few characters of the cut line remain
        cut = nl + 3
    return data[:cut]


def _edit_parquet(path: Path, edit: Callable[[pa.Table], pa.Table]) -> None:
    table = pq.read_table(io.BytesIO(_own_copy(path)))
    pq.write_table(edit(table), path)


def _parquet_drop(table: pa.Table) -> pa.Table:
    keep = [c for c in table.column_names if c not in ("adcode", "layer")] or table.column_names[1:]
    return table.select(keep)


def _parquet_bad_code(table: pa.Table) -> pa.Table:
    col = "adcode" if "adcode" in table.column_names else table.column_names[0]
    values = table[col].to_pylist()
    values[0] = "11AB00"
    return table.set_column(table.column_names.index(col), col, pa.array(values, pa.string()))


def apply(fault: Fault, data_dir: Path, seed: int = 7) -> None:
    """Damage ``fault.rel`` inside ``data_dir`` (a link_tree copy)."""
    path = Path(data_dir) / fault.rel
    side = path.with_name(path.name + SIDECAR)
    m = fault.mode
    if m == "missing":
        path.unlink()
    elif m == "missing_sidecar":
        side.unlink()
    elif m == "bad_sidecar":
        side.unlink()
        side.write_text('{"producer": "hand edit", "url": ', encoding="utf-8")
    elif m == "empty":
        _own_copy(path)
        path.write_bytes(b"")
    elif m == "truncated":
        data = _own_copy(path)
        path.write_bytes(_cut_mid_line(data) if path.suffix == ".csv" else data[: len(data) // 2])
    elif m == "random_bytes":
        n = len(_own_copy(path))
        path.write_bytes(random.Random(seed).randbytes(n))
    elif m == "not_utf8":
        text = _own_copy(path).decode("utf-8-sig")
        path.write_bytes(text.encode("gb18030"))
    elif path.suffix == ".parquet":
        _edit_parquet(path, {"missing_column": _parquet_drop, "bad_adcode": _parquet_bad_code}[m])
    else:
        schema = csv_schema(fault.rel)
        if schema is None:
            raise ValueError(f"no contract known for {fault.rel}")
        edit = {"bad_adcode": _set_cell(("adcode", "adcodes"), "11AB00"),
                "unknown_adcode": _set_cell(("adcode", "adcodes"), "990100"),
                "text_in_number": _set_cell(("int", "float"), "n/a (see note)"),
                "bad_category": _set_cell(("category",), "probably"),
                "duplicate_key": _duplicate_first,
                "missing_column": _drop_required}[m]
        _edit_csv(path, schema, edit)


def broken_copy(fault: Fault, dest: Path, src: Path | None = None) -> Path:
    """A data directory at ``dest`` that is the shipped one except for the single damaged file."""
    link_tree(Path(src or config.DATA), Path(dest))
    apply(fault, Path(dest))
    return Path(dest)


def clean_copy(dest: Path, src: Path | None = None) -> Path:
    return link_tree(Path(src or config.DATA), Path(dest))


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# ------------------------------------------------------------------------------------------------ hostile text

# Values a URL parameter, a form field or a spreadsheet cell can carry when someone is careless or malicious.
HOSTILE: tuple[str, ...] = (
    "", " ", "\t", "\n", "null", "None", "NaN", "nan", "inf", "-inf", "-1", "0", "1e309", "9" * 400,
    "2023-02-30", "2023-13-01", "0000-00-00", "9999-12-31", "1900-01-01", "20230101", "2023/01/01", "23-1-1",
    "2023-01-01T25:61:61", "2023-01-01; DROP TABLE zones", "٢٠٢٣-٠١-٠١",
    "000000", "999999", "110100", "11010", "1100000", "abcdef", "１１００００", "110000 ", "110000\x00",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "javascript:alert(1)",
    "[x](javascript:alert(1))", "**bold** _it_ `code` # head", "$\\alpha$", ":red[red]", "{{7*7}}", "${7*7}",
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "file:///etc/passwd", "%2e%2e%2fetc%2fpasswd",
    "http://169.254.169.254/latest/meta-data/", "\\\\server\\share",
    "\u202e\u0645\u0631\u062d\u0628\u0627", "\u200b", "\ufeff", "\x1b[31mred", "\x07\x08\x7f", "\ud7ff\ue000",
    "北京\u0000市", "北京" * 300, "a" * 10_000, "😀" * 50, "Z̴̡̧a̶l̷g̶o̷", "' OR '1'='1", "\"; rm -rf / #",
    "%00", "%ff%fe", "\r\nSet-Cookie: x=1",
)


def hostile_values() -> tuple[str, ...]:
    return HOSTILE


def repeated(value: str, n: int = 3) -> list[str]:
    """The same parameter given several times (``?k=a&k=a&k=a``)."""
    return [value] * n


def random_text(rng: random.Random, max_len: int = 200) -> str:
    """Unicode text with a bias towards the characters that break parsers: controls, CJK, digits, markup."""
    pools = ["0123456789", "-/:.;,|", "<>\"'&=`*_[](){}#!$%\\", "\x00\x01\x1b\x7f\u200b\u202e\ufeff",
             "北京上海天津重庆市省区县自治州", "abcdefghijklmnopqrstuvwxyz", " \t\r\n"]
    n = rng.randint(0, max_len)
    return "".join(rng.choice(rng.choice(pools)) for _ in range(n))


def random_texts(seed: int, n: int, max_len: int = 200) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield random_text(rng, max_len)
