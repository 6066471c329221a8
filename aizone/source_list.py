"""The sources a reader is shown at the end of a deck: who issued what, under which number, and when.

A sidecar says what a shipped file rests on in one short phrase, and when we last checked it; neither is the
date a reader cites. The document's own date lives in ``data/tables/documents.csv``, so this is the one place
that turns origins into reader-facing lines from that table:

* an origin that is one document (its 文号 in the citation, or its official address given) is shown as that
  document: issuer, title, number, date;
* a table whose rows name their documents is shown by its short label and those documents: each in full when
  there are one or two, else their count, main issuer and the span of their dates;
* anything else (a map dataset, a file we derive) keeps its label, marked undated.

A date is the document's as recorded (a year or month where that is all that is known); a document without
one says so. No repository path, command or licence reaches a line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from aizone import citations, provenance, tables
from aizone.citations import Document
from aizone.i18n import t

FULL_UP_TO = 2  # a table resting on more documents than this is summarised


def _norm_url(url: str) -> str:
    u = url.strip().lower().split("://", 1)[-1]
    return u.removeprefix("www.").rstrip("/")


def _table_of(path: str) -> str:
    p = Path(path).resolve() if path else None
    for name in tables.TABLES:
        if p is not None and tables.path(name).resolve() == p:
            return name
    return ""


def _cited_by_rows(name: str, docs: Mapping[str, Document]) -> list[Document]:
    df = tables.load(name)
    ids: list[str] = []
    for col in df.columns:
        if col.endswith("doc_id") or col.endswith("doc_id_2"):
            ids += [str(v).strip() for v in df[col].tolist() if isinstance(v, str) and v.strip()]
    return [docs[i] for i in dict.fromkeys(ids) if i in docs]


def _named_by(origin: provenance.Origin, docs: Mapping[str, Document]) -> list[Document]:
    urls = {_norm_url(origin.url)} | {_norm_url(str(s.get("url", ""))) for s in origin.sources if isinstance(s, dict)}
    urls.discard("")
    cites = origin.cite_zh + " " + origin.cite_en
    hit = [d for d in docs.values() if (d.doc_number and d.doc_number in cites)]
    return hit or [d for d in docs.values() if d.official_url and _norm_url(d.official_url) in urls]


def documents_of(origin: provenance.Origin, docs: Mapping[str, Document] | None = None) -> tuple[list[Document], bool]:
    """The documents an origin rests on, and whether it *is* one document (rather than a table citing them)."""
    docs = citations.shipped_documents() if docs is None else docs
    name = _table_of(origin.path)
    if name:
        return _cited_by_rows(name, docs), False
    own = _named_by(origin, docs)
    return own[:1], bool(own)


def doc_date(doc: Document, lang: str) -> str:
    return doc.doc_date or t("briefing.source_undated", lang)


def document_text(doc: Document, lang: str) -> str:
    """'科技部《…的通知》，国科发规〔2020〕254号，2020-09-29': issuer, title, number, date, as printed."""
    title = doc.title_zh
    if not title.startswith("《"):
        title = "《" + title.replace("《", "〈").replace("》", "〉") + "》"
    sep = "，" if lang == "zh" else ", "
    head = f"{doc.issuer_zh}{title}" if lang == "zh" else f"{doc.issuer_zh}, {title}"
    return sep.join(x for x in (head, doc.doc_number, doc_date(doc, lang)) if x)


def _summary(ds: Sequence[Document], lang: str) -> str:
    dated = sorted(d.doc_date for d in ds if d.doc_date)
    by = Counter(d.issuer_zh for d in ds)
    # the issuer named is the most frequent among the best-graded documents: a compilation page read for
    # three provinces must not head a line that rests mostly on statistics bureaux' communiqués
    table = citations.domains()
    grades = {d.doc_id: citations.document_quality(d, table) for d in ds}
    top = citations.best(grades.values())
    issuer = Counter(d.issuer_zh for d in ds if grades[d.doc_id] == top).most_common(1)[0][0]
    issuers = issuer if len(by) == 1 else t("briefing.source_issuer_others", lang, issuer=issuer)
    if not dated:
        span = t("briefing.source_undated", lang)
    elif dated[0] == dated[-1]:
        span = dated[0]
    else:
        span = t("briefing.source_span", lang, first=dated[0], last=dated[-1])
    text = t("briefing.source_many", lang, issuers=issuers, n=len(ds), span=span)
    if dated and len(dated) < len(ds):
        text += t("briefing.source_some_undated", lang, k=len(ds) - len(dated))
    return text


def line(origin: provenance.Origin, lang: str, docs: Mapping[str, Document] | None = None) -> str:
    ds, is_one = documents_of(origin, docs)
    if is_one:
        return document_text(ds[0], lang)
    label = origin.cite(lang)
    if not ds:
        return t("briefing.source_label_undated", lang, label=label)
    sep = "；" if lang == "zh" else "; "
    body = sep.join(document_text(d, lang) for d in ds) if len(ds) <= FULL_UP_TO else _summary(ds, lang)
    return t("briefing.source_labelled", lang, label=label, docs=body)


def lines(origins: Iterable[provenance.Origin], lang: str) -> list[str]:
    """One line per origin (the same citation counted once), in the order first met."""
    docs = citations.shipped_documents()
    seen: dict[str, provenance.Origin] = {}
    for o in origins:
        seen.setdefault(o.cite(lang), o)
    return list(dict.fromkeys(line(o, lang, docs) for o in seen.values()))
