"""The citation model: documents, read-at pages, grades, the never-cite list."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import citations, config, tables
from aizone.citations import MEDIA, NEVER, OFFICIAL, REFERENCE, REPOST, Document
from aizone.schemas import DataError

DOMAINS = {"gov.cn": OFFICIAL, "stats.gov.cn": OFFICIAL, "people.com.cn": MEDIA, "wikipedia.org": REFERENCE,
           "spam.example": NEVER, "edu.cn": OFFICIAL, "www.edu.cn": MEDIA}


@pytest.mark.parametrize("url, cls", [
    ("http://www.stats.gov.cn/x.html", OFFICIAL),
    ("https://tjj.hangzhou.gov.cn/art/1.html", OFFICIAL),  # any *.gov.cn is a government site
    ("http://cq.people.com.cn/n2/x.html", MEDIA),  # a parent domain's row decides
    ("https://zh.wikipedia.org/wiki/X", REFERENCE),
    ("https://m.spam.example/a", NEVER),
    ("https://www.edu.cn/a", MEDIA),  # the nearer row wins over edu.cn
    ("https://rgzn.nuist.edu.cn/a", OFFICIAL),
    ("https://tjgb.hongheiku.com/djs/1.html", REPOST),
    ("github:owner/repo@abc file.ts", REPOST),
    ("not a url", REPOST),
])
def test_domain_class(url, cls):
    assert citations.domain_class(url, DOMAINS) == cls


def test_a_lookalike_host_is_not_its_suffix():
    # 'notgov.cn' must not be read as 'gov.cn'
    assert citations.domain_class("http://notgov.cn/a", DOMAINS) == REPOST


def _doc(**kw) -> Document:
    base = dict(doc_id="POP-001", issuer_zh="国家统计局", title_zh="第七次全国人口普查公报（第三号）")
    return Document(**{**base, **kw})


def test_document_grade_follows_what_the_document_is_not_where_it_was_read():
    # a census communiqué read at a reprint is still the communiqué
    assert citations.document_quality(_doc(kind="official", read_at=("http://tjgb.hongheiku.com/a",)), DOMAINS) == OFFICIAL
    assert citations.document_quality(_doc(kind="media"), DOMAINS) == MEDIA
    assert citations.document_quality(_doc(kind="reference"), DOMAINS) == REFERENCE
    assert citations.document_quality(_doc(kind="compilation", read_at=("http://x.people.com.cn/a",)), DOMAINS) == REPOST
    # a page on the issuer's own site is an official publication, whatever the kind says
    assert citations.document_quality(_doc(kind="compilation", official_url="http://www.stats.gov.cn/a.html"),
                                      DOMAINS) == OFFICIAL
    # an address on a repost site in official_url does not lift anything
    assert citations.document_quality(_doc(kind="compilation", official_url="http://tjgb.hongheiku.com/a"), DOMAINS) == REPOST


def test_row_grade_takes_the_best_document_and_falls_back_to_read_at():
    docs = {"POP-001": _doc(read_at=("http://a.example/x",)),
            "POP-002": _doc(doc_id="POP-002", official_url="https://tjj.sc.gov.cn/a")}
    assert citations.row_quality({"doc_id": "POP-001", "doc_id_2": "POP-002"}, docs, DOMAINS) == OFFICIAL
    assert citations.row_quality({"doc_id": "", "read_at": "https://zh.wikipedia.org/a ; http://b.example"}, docs,
                                 DOMAINS) == REFERENCE
    assert citations.row_quality({"pop_doc_id": "POP-002", "gdp_read_at": "http://b.example"}, docs, DOMAINS,
                                 prefix="pop_") == OFFICIAL
    assert citations.row_quality({"doc_id": None, "read_at": None}, docs, DOMAINS) == ""


def test_cite_names_issuer_title_number_and_date_and_never_a_reprint():
    d = _doc(doc_number="", doc_date="2021-05-11", read_at=("http://repost.example/a",))
    c = citations.cite({"doc_id": "POP-001"}, "zh", docs={"POP-001": d})
    assert c.quality == REPOST  # _doc's kind defaults to compilation
    assert c.text == "国家统计局《第七次全国人口普查公报（第三号）》（2021-05-11）"
    assert c.link == ""  # the reprint is kept as read_at, never as the link
    assert c.read_at == ("http://repost.example/a",)
    en = citations.cite({"doc_id": "POP-001"}, "en", docs={"POP-001": d})
    assert en.text.startswith("国家统计局, 《")


def test_cite_prefixes():
    assert citations.cite_prefixes(["a", "pop_doc_id", "pop_read_at", "gdp_doc_id", "gdp_read_at"]) == ("pop_", "gdp_")
    assert citations.cite_prefixes(["doc_id", "doc_id_2", "read_at"]) == ("",)


def test_never_cited_names_row_and_column():
    df = pd.DataFrame({"read_at": ["http://ok.example/a", "https://www.spam.example/b"], "note": ["", "see http://spam.example"]})
    problems = citations.never_cited(df, "t.csv", DOMAINS)
    assert [(p.row, p.column) for p in problems] == [(3, "read_at"), (3, "note")]


def test_a_host_on_no_list_is_graded_repost_but_reported_as_not_looked_at():
    assert citations.domain_class("https://www.carvedtea.example/law/1.html", DOMAINS) == REPOST
    assert citations.listed_class("https://www.carvedtea.example/law/1.html", DOMAINS) is None
    assert citations.listed_class("http://data.stats.gov.cn./x", DOMAINS) == OFFICIAL  # trailing dot of a FQDN
    assert citations.listed_class("http://www.hunan.gov.cn/x", DOMAINS) == OFFICIAL
    assert citations.listed_class("http://www.hunan.gov.cn:8080/x", DOMAINS) == OFFICIAL
    df = pd.DataFrame({"read_at": ["https://www.people.com.cn/a ; https://www.carvedtea.example/b", ""],
                       "note": ["", "copy at http://spam.example/c"]})
    problems = citations.unvetted(df, "t.csv", DOMAINS)
    assert [(p.row, p.column) for p in problems] == [(2, "read_at")]
    assert "carvedtea.example" in str(problems[0])


def test_a_row_repeating_its_documents_pages_is_reported():
    docs = {"POP-001": _doc(read_at=("https://a.example/1",))}
    df = pd.DataFrame({"doc_id": ["POP-001", "POP-001"], "doc_id_2": ["", ""],
                       "read_at": ["https://a.example/1 ; https://b.example/2", "https://b.example/2"]})
    problems = citations.repeated_read_at(df, "t.csv", docs)
    assert [(p.row, p.column) for p in problems] == [(2, "read_at")] and "a.example/1" in str(problems[0])


def test_unknown_document_reference_is_an_error_naming_row_and_column():
    df = pd.DataFrame({"doc_id": ["POP-001", "POP-404"], "gdp_doc_id_2": ["", "GDP-009"]})
    with pytest.raises(DataError) as e:
        citations.check_references(df, "t.csv", {"POP-001": _doc()})
    text = str(e.value)
    assert "t.csv, row 3, column 'doc_id'" in text and "POP-404" in text and "GDP-009" in text


def test_document_id_and_read_at_forms_are_checked_at_load(tmp_path):
    bad = tmp_path / "documents.csv"
    bad.write_text("doc_id,issuer_zh,title_zh,kind,doc_number,doc_date,official_url,official_url_evidence,read_at,note\n"
                   "pop1,国家统计局,公报,official,,2021-05-11,,,www.example.com,\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        citations.documents(bad)
    assert "column 'doc_id'" in str(e.value) and "column 'read_at'" in str(e.value)


@pytest.mark.parametrize("doc_id,ok", [("POP-013", True), ("IND2-001", True), ("IND22-001", False), ("2IND-001", False)])
def test_document_ids_may_mark_a_later_pass_with_one_digit(doc_id, ok):
    assert bool(citations.DOC_ID_RE.match(doc_id)) is ok


def test_a_research_aside_in_an_issuer_or_title_cell_is_reported_with_row_and_column():
    df = pd.DataFrame({"issuer": ["眉山市人民政府 (gazette)", "武汉市人民政府"],
                       "title_zh": ["宿迁数智新城建设行动方案(2026—2028年)", "方案 [title approximated]"]})
    problems = citations.research_asides(df, "plans.csv")
    assert sorted((p.row, p.column) for p in problems) == [(2, "issuer"), (3, "title_zh")]
    assert "(gazette)" in str(problems[0]) + str(problems[1])
