"""PDF font subsets: every character a PDF lists must also be drawn (cairo's CFF subsets drop some)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import BoundsPen
from pypdf import PdfReader

from aizone import briefing, export
from aizone.export import pdffonts

# "如" came out blank on every pack's sources page (the MACRO-002 title 经济地带是如何划分的？)
TEXT = "经济地带是如何划分的？如果"


def _cjk_svg(text: str) -> bytes:
    fam = "'Noto Sans CJK SC', sans-serif"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="120"><text x="10" y="60" '
            f'style="font-family: {fam}; font-size: 30px;">{text}</text></svg>').encode()


def undrawn(pdf: bytes) -> list[str]:
    """Characters whose glyph in an embedded CFF subset cannot be drawn (a dropped subroutine)."""
    bad = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            for d in font.get("/DescendantFonts") or []:
                ff = d.get_object()["/FontDescriptor"].get_object().get("/FontFile3")
                if ff is None:
                    continue
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(ff.get_object().get_data()), None)
                charstrings = cff[cff.fontNames[0]].CharStrings
                cmap = font["/ToUnicode"].get_object().get_data().decode("latin1")
                chars = {int(g, 16): chr(int(u, 16)) for g, u in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]{4})>", cmap)}
                for i, name in enumerate(charstrings.keys()):
                    try:
                        charstrings[name].draw(BoundsPen(None))
                    except Exception:  # noqa: BLE001 - a broken charstring is what we look for
                        bad.append(chars.get(i, name))
    return bad


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def cairo_pdf() -> bytes:
    import cairosvg

    return cairosvg.svg2pdf(bytestring=_cjk_svg(TEXT))


def test_repair_draws_every_glyph_and_keeps_the_text(cairo_pdf):
    fixed = pdffonts.repair(cairo_pdf)
    assert undrawn(fixed) == []
    assert _text(fixed).replace(" ", "") == _text(cairo_pdf).replace(" ", "")
    assert "如" in _text(fixed)
    # the rebuilt subset carries no empty subroutine stubs: the file gets smaller, not larger
    assert len(fixed) < len(cairo_pdf)


def test_repair_is_deterministic_and_leaves_other_pdfs_alone(cairo_pdf):
    assert pdffonts.repair(cairo_pdf) == pdffonts.repair(cairo_pdf)
    import cairosvg

    plain = cairosvg.svg2pdf(bytestring=b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                         b'<rect width="5" height="5"/></svg>')
    assert pdffonts.repair(plain) == plain


def test_a_font_not_installed_here_is_left_as_cairo_wrote_it(cairo_pdf, monkeypatch):
    monkeypatch.setattr(pdffonts, "_original", lambda name: None)
    assert pdffonts.repair(cairo_pdf) == cairo_pdf


def test_the_packs_sources_page_draws_every_character():
    spec = briefing.deck_spec("zh", date(2026, 12, 4))
    page = export.text_page(spec, "数据来源", ["忻州市统计局《经济地带是如何划分的？》，2019-12-05", TEXT])
    pdf = export.render(page, spec, "pdf", body_only=True)
    assert "如何划分" in _text(pdf).replace(" ", "")
    assert undrawn(pdf) == []
