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
from aizone.export.render import Job, render_many
from aizone.export.text import as_of_text, footer_text
from aizone.figures import theme


EMU_PER_IN = 914400
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class _Box:
    left: float
    top: float
    width: float
    height: float


def _slide_geometry(spec: ExportSpec) -> dict[str, _Box]:
    pw, ph = PRESETS[spec.preset].page_in
    m = 0.45 * pw / 13.333
    k = ph / 7.5
    return {  # room for a two-line subtitle and a four-line footer (note + wrapped sources)
        "title": _Box(m, 0.2 * k, pw - 2 * m, 0.65 * k),
        "subtitle": _Box(m, 0.85 * k, pw - 2 * m, 0.7 * k),
        "body": _Box(m, 1.6 * k, pw - 2 * m, ph - 1.6 * k - 0.95 * k),
        "footer": _Box(m, ph - 0.9 * k, pw - 2 * m, 0.85 * k),
    }


def _emu(v: float) -> int:
    return int(round(v * EMU_PER_IN))


def _textbox(slide, box: _Box, lines: Sequence[str], size_pt: float, colour: str, bold: bool = False, name: str = ""):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    tb = slide.shapes.add_textbox(_emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height))
    if name:
        tb.name = name
    tf = tb.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
        run.font.name = "Noto Sans CJK SC"
        _east_asian_font(run, "Noto Sans CJK SC")
    return tb


def _east_asian_font(run, family: str) -> None:
    """python-pptx sets only the Latin face; CJK text needs <a:ea> or PowerPoint falls back to its own font."""
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for tag in ("ea", "cs"):
        el = rpr.find(ns + tag)
        if el is None:
            from lxml import etree

            el = etree.SubElement(rpr, ns + tag)
        el.set("typeface", family)


def _title(slide, box: _Box, text: str, size_pt: float):
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.text = text
    para = tf.paragraphs[0]
    from pptx.enum.text import PP_ALIGN

    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size = Pt(size_pt)
        run.font.bold = True
        run.font.name = "Noto Sans CJK SC"
        _east_asian_font(run, "Noto Sans CJK SC")
    return shape


def to_pptx(figures: Sequence[ExportFigure], spec: ExportSpec, *, title_slide: tuple[str, str] | None = None,
            sources_slide: tuple[str, Sequence[str]] | None = None) -> bytes:
    """One slide per figure: title, subtitle, as-of and source as slide text, the plot as a picture with alt text."""
    from pptx import Presentation

    check(spec)
    for f in figures:
        check(f.spec(spec), f.fig)
    pw, ph = PRESETS[spec.preset].page_in
    prs = Presentation()
    prs.slide_width, prs.slide_height = _emu(pw), _emu(ph)
    geo = _slide_geometry(spec)
    title_only = prs.slide_layouts[5]
    k = ph / 7.5

    if title_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, _Box(geo["title"].left, 2.2 * k, geo["title"].width, 1.4 * k), title_slide[0], 36)
        lead = title_slide[1] if spec.as_of.isoformat() in title_slide[1] else f"{title_slide[1]}  {as_of_text(spec)}"
        _textbox(s, _Box(geo["title"].left, 3.7 * k, geo["title"].width, 1.6 * k), [lead], 18, theme.MUTED, name="Subtitle")
        _textbox(s, geo["footer"], [spec.source_line], 11, theme.MUTED, name="Source")

    body = geo["body"]
    px_w = PRESETS[spec.preset].width
    px_h = int(round(px_w * body.height / body.width))
    pngs = render_many([Job(f.fig, f.spec(spec), "png", True, (px_w, px_h)) for f in figures])
    for f, png in zip(figures, pngs):
        fs = f.spec(spec)
        s = prs.slides.add_slide(title_only)
        _title(s, geo["title"], fs.title, 26)
        if fs.subtitle:
            _textbox(s, geo["subtitle"], [fs.subtitle], 15, theme.MUTED, name="Subtitle")
        pic = s.shapes.add_picture(io.BytesIO(png), _emu(body.left), _emu(body.top), _emu(body.width), _emu(body.height))
        pic.name = f"Figure {f.key}".strip()
        pic._element.nvPicPr.cNvPr.set("descr", f.alt_text)  # noqa: SLF001 - python-pptx has no alt-text API
        foot = ([fs.note] if fs.note else []) + [footer_text(fs)]
        _textbox(s, geo["footer"], foot, 11, theme.MUTED, name="Source")
        s.notes_slide.notes_text_frame.text = f.alt_text

    if sources_slide is not None:
        s = prs.slides.add_slide(title_only)
        _title(s, geo["title"], sources_slide[0], 26)
        lines = list(sources_slide[1])
        size = 12 if len(lines) <= 12 else 10
        _textbox(s, _Box(geo["subtitle"].left, geo["subtitle"].top, geo["body"].width, ph - geo["subtitle"].top - 0.4 * k),
                 lines, size, theme.INK, name="Sources")

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
