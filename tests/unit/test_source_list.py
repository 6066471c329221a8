"""The deck's sources slide, as words: each document's issuer, title, number and its own date, no paths."""

from __future__ import annotations

import json
import re

import pytest

from aizone import briefing, citations, provenance, source_list, tables
from aizone.citations import Document

AS_OF = briefing.default_as_of()


@pytest.fixture(scope="module")
def every_origin() -> list[provenance.Origin]:
    names = ("pilot_zones", "guideline", "boundaries", "strategy_members", "strategy_areas", "macro_regions",
             "province_stats", "gazetteer")
    return list(briefing.origins(*names))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_guideline_line_names_issuer_number_and_its_own_date(lang):
    (line,) = source_list.lines(briefing.origins("guideline"), lang)
    assert re.search(r"^科技部.*《.*工作指引.*》.*国科发规〔2020〕254号.*2020-09-29$", line), line
    checked = briefing.origins("guideline")[0].accessed
    assert checked not in line and "核对" not in line and "checked" not in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_shows_a_repository_path_command_or_licence(every_origin, lang):
    lines = source_list.lines(every_origin, lang)
    assert len(lines) == len({o.cite(lang) for o in every_origin})
    for ln in lines:
        # a folder of this repository, or a file name with its extension after a slash
        assert not re.search(r"\b(data|shared|static|aizone|tools|tests|pages)/|/[\w.<>-]*\.[a-z]{2,8}\b", ln), ln
        for leak in (".csv", ".txt", ".json", ".parquet", "github", "http", "python -m", "aizone build",
                     "licence", "许可", "sha256"):
            assert leak not in ln, f"{leak!r} in {ln!r}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_table_is_summarised_by_its_documents_count_and_date_span(lang):
    docs = citations.shipped_documents()
    z = tables.load("pilot_zones")
    ids = {v for c in ("doc_id", "doc_id_2") for v in z[c].dropna().astype(str) if v}
    dates = sorted(docs[i].doc_date for i in ids if docs[i].doc_date)
    (line,) = source_list.lines(briefing.origins("pilot_zones"), lang)
    assert str(len(ids)) in line and dates[0] in line and dates[-1] in line, line
    assert line.startswith(briefing.origins("pilot_zones")[0].cite(lang))


def test_a_summary_is_headed_by_an_official_issuer_even_when_compilations_outnumber_it():
    ds = [Document(f"C-{i}", "汇编网页", f"某表{i}", "compilation", doc_date="2024") for i in range(3)]
    ds += [Document("S-1", "某省统计局", "2023年某省国民经济和社会发展统计公报", "official", doc_date="2024-03-01")]
    text = source_list._summary(ds, "zh")  # noqa: SLF001 - the summarising rule itself
    assert "某省统计局" in text and "汇编网页" not in text and "4" in text


def test_a_document_without_a_date_says_so_and_is_given_none():
    doc = Document("ZONE-999", "某市人民政府", "关于某事的通知", "official", doc_number="某府发〔2020〕1号")
    assert source_list.document_text(doc, "zh") == "某市人民政府《关于某事的通知》，某府发〔2020〕1号，日期未注明"
    assert source_list.document_text(doc, "en").endswith("某府发〔2020〕1号, undated")


def test_the_pack_lines_are_the_source_list_lines():
    figs, _ = briefing.collect("en", AS_OF, keys=["overview_map", "zones_by_year"])
    assert briefing.source_lines(figs, "en") == source_list.lines([o for f in figs for o in f.origins], "en")


def test_the_sidecar_path_is_read_but_never_written(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    o = provenance.Origin(producer="p", url="https://example.org/x", accessed="2026-11-25", licence="MIT",
                          cite_zh="甲", cite_en="A", path="/elsewhere")
    side = provenance.write_sidecar(f, o)
    assert "path" not in json.loads(side.read_text(encoding="utf-8"))
    assert provenance.read_sidecar(f).path == str(f)
