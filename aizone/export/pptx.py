"""PPTX: one slide per figure with title, subtitle, as-of and source as slide text and the plot as a
picture with alt text; optional title and sources slides. Parts carry fixed dates, so the same inputs
give the same bytes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from aizone.export.contract import PRESETS, ExportFigure, ExportSpec, check
from aizone.export.layout import Box, page
from aizone.export.render import Job, render_many
from aizone.export.text import as_of_text, footer_text
from aizone.figures import theme


EMU_PER_IN = 914400
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Noto Sans CJK SC is what the renderer draws with; office PCs rarely have it. Chinese text therefore names
# Microsoft YaHei as its East Asian face, with the GB2312 character set and YaHei's PANOSE so that a PC
# without it substitutes another Chinese sans (SimHei) instead of a Japanese or Latin face; the theme's
# Simplified-Chinese slot names SimHei outright.
LATIN_FONT = "Noto Sans CJK SC"
EA_FONT = dict(typeface="Microsoft YaHei", panose="020B0503020204020204", pitchFamily="34", charset="-122")
HANS_FALLBACK = "SimHei"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass
class _Box:
    left: float
    top: float
    width: float
    height: float


def _inches(b: Box, dpi: float) -> _Box:
    return _Box(b.x / dpi, b.y / dpi, b.w / dpi, b.h / dpi)


def _slide_geometry(spec: ExportSpec) -> dict[str, _Box]:
    """Title and sources slides (no figure): the figure slides take their boxes from ``layout.page``."""
    pw, ph = PRESETS[spec.preset].page_in
    m = 0.45 * pw / 13.333
    k = ph / 7.5
    return {
        "title": _Box(m, 0.2 * k, pw - 2 * m, 0.65 * k),
        "subtitle": _Box(m, 0.85 * k, pw - 2 * m, 0.7 * k),
        "body": _Box(m, 1.6 * k, pw - 2 * m, ph - 1.6 * k - 0.95 * k),
        "footer": _Box(m, ph - 0.9 * k, pw - 2 * m, 0.85 * k),
    }


def _emu(v: float) -> int:
    return int(round(v * EMU_PER_IN))


def _fonts(run) -> None:
    """python-pptx sets only the Latin face; CJK text needs <a:ea> or PowerPoint falls back to its own font."""
    from lxml import etree

    run.font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001
    for tag, attrs in (("ea", EA_FONT), ("cs", dict(typeface=LATIN_FONT))):
        el = rpr.find(_A + tag)
        if el is None:
            el = etree.SubElement(rpr, _A + tag)
        for k, v in attrs.items():
            el.set(k, v)


def _flush(tf) -> None:
    """No inner margins: the text starts where the PNG's does."""
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0


def _textbox(slide, box: _Box, lines: Sequence[str], size_pt: float, colour: str, bold: bool = False, name: str = ""):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    tb = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
    if name:
        tb.name = name
    tf = tb.text_frame
    tf.word_wrap = True
    _flush(tf)
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
        _fonts(run)
    return tb


def _title(slide, box: _Box, text: str, size_pt: float, bold: bool = True):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.text = text
    tf.vertical_anchor = MSO_ANCHOR.TOP
    _flush(tf)
    para = tf.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(theme.INK.lstrip("#").upper())
        _fonts(run)
    return shape


def _theme_fonts(prs) -> None:
    """The deck's theme names the same faces, and SimHei for Simplified Chinese, for text typed in later."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for scheme in root.iter(_A + "majorFont", _A + "minorFont"):
        scheme.find(_A + "latin").set("typeface", LATIN_FONT)
        scheme.find(_A + "ea").set("typeface", EA_FONT["typeface"])
        hans = next((f for f in scheme.findall(_A + "font") if f.get("script") == "Hans"), None)
        if hans is None:
            hans = etree.SubElement(scheme, _A + "font", script="Hans")
        hans.set("typeface", HANS_FALLBACK)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def to_pptx(figures: Sequence[ExportFigure], spec: ExportSpec, *, title_slide: tuple[str, str] | None = None,
            sources_slide: tuple[str, Sequence[str]] | None = None) -> bytes:
    """One slide per figure, laid out as the PNG is (``layout.page``): title, subtitle, as-of and source as
    slide text in the PNG's boxes and sizes, the figure's body as a picture with alt text where the PNG has it."""
    from pptx import Presentation
    from pptx.util import Pt

    check(spec)
    for f in figures:
        check(f.spec(spec), f.fig)
    p = PRESETS[spec.preset]
    pw, ph = p.page_in
    prs = Presentation()
    prs.slide_width, prs.slide_height = _emu(pw), _emu(ph)
    _theme_fonts(prs)
    geo = _slide_geometry(spec)
    title_only = prs.slide_layouts[5]
    k = ph / 7.5
    def pt(px: float) -> float:  # a layout pixel size in points, to the half point PowerPoint offers
        return round(px * 72 / p.dpi * 2) / 2

    if title_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, _Box(geo["title"].left, 2.2 * k, geo["title"].width, 1.4 * k), title_slide[0], 36)
        lead = title_slide[1] if spec.as_of.isoformat() in title_slide[1] else f"{title_slide[1]}  {as_of_text(spec)}"
        _textbox(s, _Box(geo["title"].left, 3.7 * k, geo["title"].width, 1.6 * k), [lead], 18, theme.MUTED, name="Subtitle")
        _textbox(s, geo["footer"], [spec.source_line], 11, theme.MUTED, name="Source")

    pages = [page(f.spec(spec)) for f in figures]
    pngs = render_many([Job(f.fig, f.spec(spec), "png", True, (pg.body.w, pg.body.h)) for f, pg in zip(figures, pages)])
    for f, pg, png in zip(figures, pages, pngs):
        fs = f.spec(spec)
        s = prs.slides.add_slide(title_only)
        _title(s, _inches(pg.title, p.dpi), fs.title, pt(p.title_px), bold=False)
        if pg.subtitle is not None:
            _textbox(s, _inches(pg.subtitle, p.dpi), [fs.subtitle], pt(p.subtitle_px), theme.MUTED, name="Subtitle")
        body = _inches(pg.body, p.dpi)
        pic = s.shapes.add_picture(io.BytesIO(png), _emu(body.left), _emu(body.top), _emu(body.width), _emu(body.height))
        pic.name = f"Figure {f.key}".strip()
        pic._element.nvPicPr.cNvPr.set("descr", f.alt_text)  # noqa: SLF001 - python-pptx has no alt-text API
        foot = ([fs.note] if fs.note else []) + [footer_text(fs)]
        _textbox(s, _inches(pg.footer, p.dpi), foot, pt(p.footer_px), theme.MUTED, name="Source")
        s.notes_slide.notes_text_frame.text = f.alt_text

    if sources_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, geo["title"], sources_slide[0], 26)
        lines = list(sources_slide[1])
        size = 14 if len(lines) <= 8 else (12 if len(lines) <= 12 else 10)
        tb = _textbox(s, _Box(geo["subtitle"].left, geo["subtitle"].top, geo["body"].width, ph - geo["subtitle"].top - 0.4 * k),
                      lines, size, theme.INK, name="Sources")
        for para in tb.text_frame.paragraphs:
            para.space_after = Pt(size * 0.6)

    cp = prs.core_properties
    cp.title = spec.title
    cp.author = cp.last_modified_by = "aizone"
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.language = "zh-CN" if spec.lang == "zh" else "en"
    buf = io.BytesIO()
    prs.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates (python-pptx stamps 'now'), keeping order and compression."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()
