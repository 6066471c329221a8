"""What a fact rests on: the document, where it was read, and how good that copy is.

A ministry cites documents, not web pages. Every sourced row therefore names a document in
``data/tables/documents.csv`` (issuer, title, number, date, the issuer's own address where one was seen),
and the page where the text was actually read is kept apart as *read at*: it is shown on the methods page
and in downloads, never as the source. The grade of a citation follows the document:

* ``official``: a document issued by a government body or its statistics service (a communiqué, a letter,
  a plan, an official yearbook), or any page on the issuer's own site;
* ``media``: a report by state or provincial media (Xinhua, People's Daily, a provincial daily, ...);
* ``reference``: a reference work (Wikipedia, Wikisource, CEIC);
* ``repost``: anything else (self-media, aggregators, unsourced tables).

A row that names no document is graded by the best page it was read at (the same four classes, from the
domain list).

Domains are classed in ``data/reference/source_domains.csv``; its ``never`` class (spam, hijacked and adult
domains that host copied policy text) may not appear in any source cell, and the contract tests fail if one
does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from aizone import config
from aizone.schemas import Column, DataError, Problem, Schema, load_csv

OFFICIAL, MEDIA, REFERENCE, REPOST = "official", "media", "reference", "repost"
QUALITIES = (OFFICIAL, MEDIA, REFERENCE, REPOST)  # best first
NEVER = "never"
REPUTABLE = (OFFICIAL, MEDIA, REFERENCE)

KINDS = ("official", "media", "reference", "compilation")
GRADE_OF_KIND = {"official": OFFICIAL, "media": MEDIA, "reference": REFERENCE, "compilation": REPOST}

DOMAINS_FILE = config.DATA / "reference" / "source_domains.csv"
URL_RE = re.compile(r"https?://[^\s;,，；()（）\"'<>]+")
DOC_ID_RE = re.compile(r"^[A-Z]{2,6}[0-9]?-[0-9A-Z]{2,5}$")  # a digit marks a later pass: IND2-001

SOURCE_DOMAINS = Schema(
    "source_domains",
    (
        Column("domain", "str", required=True, check=lambda s: None if re.match(r"^[a-z0-9.-]+(:\d+)?$", s) else
               "expected a bare lower-case host name such as stats.gov.cn"),
        Column("class", "category", required=True, choices=(*QUALITIES, NEVER)),
        Column("name", "str", description="who runs it (for media and reference works)"),
        Column("reason", "str", required=True, description="why the domain is in this class"),
    ),
    unique=("domain",),
    description="how a web address is graded; a host matches its own row or its nearest parent domain's row",
)


def _doc_id(name: str, required: bool = False) -> Column:
    return Column(name, "str", required=required,
                  check=lambda s: None if DOC_ID_RE.match(s) else "expected a document id such as POP-013",
                  description="the document (documents.csv) the row rests on")


def doc_columns(prefix: str = "") -> tuple[Column, ...]:
    """The citation columns every sourced fact carries, in order: document, a second one, where read.

    A row holding two facts with different documents (population and GDP) carries one group per fact,
    told apart by ``prefix``.
    """
    return (
        _doc_id(f"{prefix}doc_id"),
        _doc_id(f"{prefix}doc_id_2"),
        Column(f"{prefix}read_at", "str", check=_urls_check,
               description="page(s) where the text was read, ' ; '-separated; not the source, kept for checking"),
    )


def cite_prefixes(columns: Iterable[str]) -> tuple[str, ...]:
    """The citation groups of a table: '' for doc_id/read_at, 'pop_' for pop_doc_id/pop_read_at, ..."""
    cols = set(columns)
    return tuple(c[: -len("doc_id")] for c in columns if c.endswith("doc_id") and f"{c[:-len('doc_id')]}read_at" in cols)


def _urls_check(text: str) -> str | None:
    parts = [p.strip() for p in text.split(" ; ") if p.strip()]
    bad = [p for p in parts if not re.match(r"^(https?://\S+|github:\S+)$", p)]
    return f"expected URLs separated by ' ; ', got {bad[0][:60]!r}" if bad else None


DOCUMENTS = Schema(
    "documents",
    (
        _doc_id("doc_id", required=True),
        Column("issuer_zh", "str", required=True, description="发布机关 as printed"),
        Column("title_zh", "str", required=True, description="标题 as printed"),
        Column("kind", "category", required=True, choices=KINDS,
               description="official = issued by a government body or its statistics service (yearbooks included); "
                           "media = a state or provincial media report; reference = a reference work; compilation = "
                           "anything else (self-media, aggregators, unsourced tables, reposts of unknown origin)"),
        Column("doc_number", "str", description="文号, e.g. 国科发规〔2020〕254号; empty where the document has none"),
        Column("doc_date", "date", description="signing or publication date, as precise as known (note says which)"),
        Column("official_url", "url", description="the document on the issuer's own site; only an address seen"),
        Column("official_url_evidence", "str", description="how the address was seen: stored page / quoted by …"),
        Column("read_at", "str", check=_urls_check, description="where the text was actually read (often a reprint)"),
        Column("note", "str"),
    ),
    unique=("doc_id",),
    description="every document a fact rests on: issuer, title, number, date, official address; the copy read",
)


@dataclass(frozen=True)
class Document:
    doc_id: str
    issuer_zh: str
    title_zh: str
    kind: str = "compilation"
    doc_number: str = ""
    doc_date: str = ""
    official_url: str = ""
    read_at: tuple[str, ...] = ()
    note: str = ""

    def cite(self, lang: str = "zh") -> str:
        """'国家统计局《第七次全国人口普查公报（第三号）》（2021-05-11）': issuer, title, number, date."""
        title = self.title_zh if self.title_zh.startswith("《") else f"《{self.title_zh}》"
        bits = [x for x in (self.doc_number, self.doc_date) if x]
        tail = ("（" + "，".join(bits) + "）") if lang == "zh" and bits else (f" ({', '.join(bits)})" if bits else "")
        return f"{self.issuer_zh}{title}{tail}" if lang == "zh" else f"{self.issuer_zh}, {title}{tail}"

    @property
    def link(self) -> str:
        """The address to show as the source: the issuer's own, or none (a reprint is never the source)."""
        return self.official_url


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def split_urls(text) -> tuple[str, ...]:
    return tuple(p.strip() for p in _text(text).split(" ; ") if p.strip())


def host(url: str) -> str:
    """The host of an address, without user, port or the root's trailing dot (they name the same site)."""
    m = re.match(r"^[a-z]+://([^/?#]+)", _text(url).lower())
    return m.group(1).split("@")[-1].rsplit(":", 1)[0].rstrip(".") if m else ""


@lru_cache(maxsize=4)
def _domains(path: str) -> dict[str, str]:
    df = load_csv(Path(path), SOURCE_DOMAINS)
    return dict(zip(df["domain"].astype(str), df["class"].astype(str)))


def domains(path: Path | None = None) -> dict[str, str]:
    return _domains(str(path or DOMAINS_FILE))


def domain_class(url: str, table: Mapping[str, str] | None = None) -> str:
    """The class of a web address: its host's row, else its nearest parent domain's, else repost.

    ``*.gov.cn`` hosts are government sites unless listed otherwise. A ``github:`` transcription is a repost.
    """
    table = domains() if table is None else table
    return listed_class(url, table) or REPOST


def listed_class(url: str, table: Mapping[str, str] | None = None) -> str | None:
    """The class the domain list gives a web address (its host's row or its nearest parent's), or None for a
    host nobody has looked at: such a host is graded repost but is not *vetted*."""
    table = domains() if table is None else table
    h = host(url)
    if not h:
        return None
    parts = h.split(".")
    for i in range(len(parts) - 1):
        cls = table.get(".".join(parts[i:]))
        if cls:
            return cls
    return OFFICIAL if h.endswith(".gov.cn") or h == "gov.cn" else None


def documents(path: Path | None = None) -> dict[str, Document]:
    df = load_csv(Path(path or config.TABLES / "documents.csv"), DOCUMENTS)
    out = {}
    for r in df.to_dict("records"):
        out[r["doc_id"]] = Document(r["doc_id"], _text(r["issuer_zh"]), _text(r["title_zh"]), _text(r["kind"]),
                                    _text(r["doc_number"]),
                                    _text(r["doc_date"]), _text(r["official_url"]), split_urls(r["read_at"]),
                                    _text(r["note"]))
    return out


def document_quality(doc: Document, table: Mapping[str, str] | None = None) -> str:
    """A document's grade is what it is (an official document, a media report, ...), not where it was read:
    a census communiqué read at a reprint is still the communiqué. An official address lifts anything to
    official (a page on a government site is an official publication)."""
    if doc.official_url and domain_class(doc.official_url, table) == OFFICIAL:
        return OFFICIAL
    return GRADE_OF_KIND.get(doc.kind, REPOST)


def best(classes: Iterable[str]) -> str:
    ranked = [c for c in classes if c in QUALITIES]
    return min(ranked, key=QUALITIES.index) if ranked else REPOST


def row_docs(row: Mapping[str, object], docs: Mapping[str, Document], prefix: str = "") -> list[Document]:
    ids = (_text(row.get(f"{prefix}doc_id")), _text(row.get(f"{prefix}doc_id_2")))
    return [docs[d] for d in ids if d and d in docs]


def row_quality(row: Mapping[str, object], docs: Mapping[str, Document], table: Mapping[str, str] | None = None,
                prefix: str = "") -> str:
    """The grade of one fact: its best document's, or, with no document named, the best page it was read at.

    Empty when the fact names neither (an empty value needs no source).
    """
    ds = row_docs(row, docs, prefix)
    if ds:
        return best(document_quality(d, table) for d in ds)
    urls = split_urls(row.get(f"{prefix}read_at"))
    return best(domain_class(u, table) for u in urls) if urls else ""


def source_cells(df: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """(spreadsheet row, column, url) for every address anywhere in a table's text cells."""
    for col in df.columns:
        if df[col].dtype.kind not in "OSU" and str(df[col].dtype) != "string":
            continue
        for i, cell in enumerate(df[col].tolist()):
            for url in URL_RE.findall(_text(cell)):
                yield i + 2, col, url


def never_cited(df: pd.DataFrame, file: str, table: Mapping[str, str] | None = None) -> list[Problem]:
    """Every cell of a table that points at a never-cite domain, as problems naming file, row and column."""
    table = domains() if table is None else table
    return [Problem(file, row, col, f"cites {host(url)}, a domain on the never-cite list (source_domains.csv)")
            for row, col, url in source_cells(df) if domain_class(url, table) == NEVER]


def unvetted(df: pd.DataFrame, file: str, table: Mapping[str, str] | None = None) -> list[Problem]:
    """Every cell naming a host the domain list does not grade: a page must be looked at (and the host listed
    with what was seen) before a table may keep it as a read-at page."""
    table = domains() if table is None else table
    return [Problem(file, row, col, f"names {host(url)}, a host source_domains.csv does not grade; open the page and "
                                    "list the host with what it is")
            for row, col, url in source_cells(df) if listed_class(url, table) is None]


def repeated_read_at(df: pd.DataFrame, file: str, docs: Mapping[str, Document]) -> list[Problem]:
    """Row read-at pages that repeat their document's: a document's copies are listed once, in documents.csv
    (the row's own read_at is for pages read for that row only)."""
    problems = []
    for prefix in cite_prefixes(df.columns):
        for i, r in enumerate(df.to_dict("records")):
            known = {u for d in row_docs(r, docs, prefix) for u in d.read_at}
            for u in split_urls(r.get(f"{prefix}read_at")):
                if u in known:
                    problems.append(Problem(file, i + 2, f"{prefix}read_at",
                                            f"repeats {u}, already a read-at page of the row's document"))
    return problems


ASIDE_RE = re.compile(r"[(\[][^()\[\]]*[A-Za-z]{3,}[^()\[\]]*[)\]]")


def research_asides(df: pd.DataFrame, file: str) -> list[Problem]:
    """Issuer and title cells holding a research remark ('(reported by …)', '[title approximated]', a site name):
    a Chinese reader sees '发布机关《标题》' on cards and slides, so asides belong in the note."""
    return [Problem(file, i + 2, col, f"an aside in the {col} cell ({m.group(0)}): move it to the note")
            for col in ("issuer_zh", "title_zh", "issuer") if col in df.columns
            for i, v in enumerate(df[col].tolist())
            if isinstance(v, str) and re.search(r"[\u4e00-\u9fff]", v) and (m := ASIDE_RE.search(v))]


def check_references(df: pd.DataFrame, file: str, docs: Mapping[str, Document]) -> None:
    """Every doc_id a table names exists in documents.csv."""
    problems = []
    for col in df.columns:
        if not (col.endswith("doc_id") or col.endswith("doc_id_2")):
            continue
        for i, v in enumerate(df[col].tolist()):
            d = _text(v)
            if d and d not in docs:
                problems.append(Problem(file, i + 2, col, f"names document {d!r}, which documents.csv does not hold"))
    if problems:
        raise DataError(problems)


@lru_cache(maxsize=4)
def _shipped_docs(path: str, mtime: float) -> dict[str, Document]:
    return documents(Path(path))


def shipped_documents() -> dict[str, Document]:
    """The shipped documents table, read once per version of the file."""
    p = config.TABLES / "documents.csv"
    return _shipped_docs(str(p), p.stat().st_mtime if p.exists() else 0.0)


@dataclass(frozen=True)
class Cite:
    """How a page shows one fact's source: the document(s) in words, the official link, and the pages read."""

    text: str  # '' when no document is identified
    link: str  # the issuer's own address, or ''
    read_at: tuple[str, ...]
    quality: str  # official | media | reference | repost | '' (nothing cited)


NO_CITE = Cite("", "", (), "")


def cite(row: Mapping[str, object], lang: str = "zh", prefix: str = "",
         docs: Mapping[str, Document] | None = None) -> Cite:
    docs = shipped_documents() if docs is None else docs
    ds = row_docs(row, docs, prefix)
    sep = "；" if lang == "zh" else "; "
    text = sep.join(d.cite(lang) for d in ds)
    link = next((d.official_url for d in ds if d.official_url), "")
    read = tuple(dict.fromkeys([u for d in ds for u in d.read_at] + list(split_urls(row.get(f"{prefix}read_at")))))
    return Cite(text, link, read, row_quality(row, docs, prefix=prefix))


def link(row: Mapping[str, object], prefix: str = "") -> str:
    """The address a page may show as the source: the document's official one, never a reprint."""
    return cite(row, prefix=prefix).link


def cite_rows(df: pd.DataFrame, lang: str = "zh", prefix: str = "") -> list[Cite]:
    docs = shipped_documents()
    return [cite(r, lang, prefix, docs) for r in df.to_dict("records")]
