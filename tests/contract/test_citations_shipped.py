"""The citation model on the shipped data: no never-cite cell, every document exists, official addresses are official."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import citations, config, tables
from aizone.citations import NEVER, OFFICIAL



@pytest.fixture(scope="module")
def shipped():
    return tables.load_all()


def test_no_shipped_cell_cites_a_never_cite_domain(shipped):
    problems = []
    for name, df in shipped.items():
        problems += citations.never_cited(df, tables.path(name).name)
    gaz = pd.read_csv(config.DATA / "gazetteer.csv", dtype=str, keep_default_na=False)
    problems += citations.never_cited(gaz, "gazetteer.csv")
    assert not problems, "\n".join(map(str, problems))


def test_every_read_at_host_has_been_looked_at(shipped):
    """A host on no list is graded repost by default; a hijacked domain would pass unseen. Every host a shipped
    cell names is therefore listed with what it is (source_domains.csv), spam ones as never."""
    problems = []
    for name, df in shipped.items():
        problems += citations.unvetted(df, tables.path(name).name)
    assert not problems, f"{len(problems)} cells:\n" + "\n".join(map(str, problems[:40]))


def test_every_address_in_any_shipped_data_file_is_on_a_graded_host():
    """Not only the tables: reference lists (name_aliases.csv) and sidecars cite pages too, and a reader of the
    data package sees them all."""
    problems = []
    for path in sorted(config.DATA.rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".json", ".txt", ".md"):
            for url in citations.URL_RE.findall(path.read_text(encoding="utf-8")):
                grade = citations.listed_class(url)
                if grade is None or grade == NEVER:
                    problems.append(f"{path.relative_to(config.DATA)}: {url} ({grade or 'not graded'})")
    assert not problems, f"{len(problems)} addresses:\n" + "\n".join(problems)


def test_a_row_lists_only_the_pages_its_documents_do_not(shipped):
    docs = citations.documents(tables.path("documents"))
    problems = []
    for name, df in shipped.items():
        if name != "documents":
            problems += citations.repeated_read_at(df, tables.path(name).name, docs)
    assert not problems, "\n".join(map(str, problems[:40]))


def test_every_document_a_table_names_exists(shipped):
    docs = citations.documents(tables.path("documents"))
    for name, df in shipped.items():
        citations.check_references(df, tables.path(name).name, docs)


def test_official_addresses_are_on_official_domains_and_say_how_they_were_seen():
    for d, r in zip(citations.documents(tables.path("documents")).values(),
                    tables.load("documents").to_dict("records")):
        if d.official_url:
            assert citations.domain_class(d.official_url) == OFFICIAL, (d.doc_id, d.official_url)
            assert r["official_url_evidence"] is not pd.NA and str(r["official_url_evidence"]).strip(), d.doc_id


def test_the_never_cite_list_holds_the_known_spam_domains():
    never = {d for d, c in citations.domains().items() if c == NEVER}
    assert {"cellarbarbryantparkhotel.com", "moonvisionstudio.com", "chicagoconstructionaccidentattorneys.com",
            "17168cn.cn", "414w.com", "zzndh.com"} <= never


def test_issuer_and_title_cells_hold_the_document_not_research_remarks(shipped):
    """A Chinese reader sees '发布机关《标题》' on cards, tables and slides: an English aside such as
    '(reported by …)' or '[title approximated]' belongs in the note, where the methods page shows it."""
    problems = citations.research_asides(shipped["documents"], "documents.csv")
    assert not problems, "\n".join(map(str, problems))
