"""What became of an upload: file-level notices, row rejections, the accepted rows, and the report as a table.

Every problem is a reason code with a Chinese and an English message (``uploads.reason.*`` in the locales);
the downloadable report goes through :func:`aizone.tabular_export.to_csv_bytes`, so a cell starting with
= + - @ tab or CR gets a leading apostrophe (unless it is a plain number) and never runs as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import t
from ..tabular_export import to_csv_bytes
from .header import INDICATORS

SOURCE_USER = "user"


class Fatal(Exception):
    """The file is refused as a whole; ``code`` names the message (``uploads.reason.<code>``)."""

    def __init__(self, code: str, **kw):
        super().__init__(code)
        self.code, self.kw = code, kw


def messages(template: str, kw: dict) -> tuple[str, str]:
    """Both messages from one template whose language-specific fields end in _zh/_en."""
    zh = {k.removesuffix("_zh"): v for k, v in kw.items() if not k.endswith("_en")}
    en = {k.removesuffix("_en"): v for k, v in kw.items() if not k.endswith("_zh")}
    return t(f"uploads.reason.{template}", "zh", **zh), t(f"uploads.reason.{template}", "en", **en)


@dataclass(frozen=True)
class Notice:
    """A file-level error (nothing parsed) or a warning (parsed, but look here)."""

    code: str
    message_zh: str
    message_en: str
    line: int | None = None
    column: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(frozen=True)
class Rejection:
    """One problem with one data row; a row with two bad cells has two."""

    line: int
    column: str
    value: str
    reason_code: str
    message_zh: str
    message_en: str
    suggestions: tuple[str, ...] = ()
    suggestions_en: tuple[str, ...] = ()
    field: str = ""
    letter: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_zh


def empty_accepted() -> pd.DataFrame:
    cols = {"row": pd.Series([], dtype="Int64"), "adcode": pd.Series([], dtype="string"),
            "level": pd.Series([], dtype="string"), "name_input": pd.Series([], dtype="string"), "name_zh": pd.Series([], dtype="string"),
            "name_en": pd.Series([], dtype="string")}
    for ind in INDICATORS:
        cols[ind.name] = pd.Series([], dtype=ind.dtype)
    cols["source"] = pd.Series([], dtype="string")
    return pd.DataFrame(cols)


ACCEPTED_COLUMNS = tuple(empty_accepted().columns)


@dataclass
class UploadReport:
    """What became of an upload. ``accepted`` has one row per accepted line: ``row`` (line), ``adcode``,
    ``level`` (``city``, or ``county`` for a county row), the name as given and as matched, every indicator (<NA> where the file gave none) and
    ``source="user"``. ``rejected`` lists every problem of every refused line; ``errors`` are file-level
    (then nothing was parsed); ``warnings`` never cost a row."""

    filename: str
    accepted: pd.DataFrame = field(default_factory=empty_accepted)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)
    kind: str | None = None  # csv | xlsx
    encoding: str | None = None
    guessed_encoding: bool = False  # charset-normalizer's reading, not the deterministic path's
    delimiter: str | None = None
    header_line: int | None = None  # last header line (the sub-header when two rows were merged)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    data_lines: list[int] = field(default_factory=list)  # non-blank lines read as data
    n_lines: int = 0  # rows in the file (sheet), blank ones included

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({r.line for r in self.rejected})

    def codes(self) -> set[str]:
        """Every reason code in the report: errors, warnings and row rejections."""
        return {n.code for n in self.errors} | {n.code for n in self.warnings} | {r.reason_code for r in self.rejected}

    def to_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The report as one table, in the user's language: file notices first, then every data line."""
        en = lang == "en"
        rows = []
        for kind, notices in (("error", self.errors), ("warning", self.warnings)):
            for n in notices:
                rows.append({"line": n.line, "status": kind, "column": n.column, "value": "", "adcode": "",
                             "name": "", "reason": n.code, "message": n.message(lang), "suggestions": ""})
        acc = {int(r["row"]): r for r in self.accepted.to_dict("records")}
        by_line: dict[int, list[Rejection]] = {}
        for r in self.rejected:
            by_line.setdefault(r.line, []).append(r)
        for line in sorted(set(acc) | set(by_line)):
            if line in acc:
                a = acc[line]
                rows.append({"line": line, "status": "accepted", "column": "", "value": a["name_input"],
                             "adcode": a["adcode"], "name": a["name_en"] if en else a["name_zh"], "reason": "",
                             "message": "", "suggestions": ""})
            for r in by_line.get(line, []):
                sugg = r.suggestions_en if en else r.suggestions
                rows.append({"line": line, "status": "rejected", "column": r.column, "value": r.value, "adcode": "",
                             "name": "", "reason": r.reason_code, "message": r.message(lang),
                             "suggestions": ("; " if en else "；").join(sugg)})
        frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
        frame["line"] = frame["line"].astype("Int64")
        frame["status"] = [t(f"uploads.status.{s}", lang) for s in frame["status"]]
        return frame.rename(columns={c: t(f"uploads.col.{c}", lang) for c in REPORT_COLUMNS})

    def to_csv_bytes(self, lang: str = "zh") -> bytes:
        """The report as CSV for Excel (UTF-8 with BOM), with formula-like cells neutralised."""
        return to_csv_bytes(self.to_frame(lang))


REPORT_COLUMNS = ("line", "status", "column", "value", "adcode", "name", "reason", "message", "suggestions")
