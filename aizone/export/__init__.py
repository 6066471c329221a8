"""The one export contract: any figure to a slide, an image, a PDF or a deck that can go in front of leadership.

One concern per module: ``contract`` (presets, spec, what an export must carry), ``text`` (measuring and
wrapping the words), ``layout`` (the figure dict at export size), ``mapframe`` and ``labels`` (a China map's
frame, inset and names), ``greyscale``, ``render`` (kaleido and cairo), ``pdf`` and ``pptx``. Pages import
from here.
"""

from aizone.export.contract import (FORMATS, PRESETS, ExportError, ExportFigure, ExportSpec, Fmt, Preset, check,
                                    filename, is_china_map, source_line)
from aizone.export.greyscale import grey
from aizone.export.layout import prepare
from aizone.export.pdf import text_page, to_pdf
from aizone.export.pptx import stable_zip, to_pptx
from aizone.export.render import Job, render, render_many, stable_svg, warm
from aizone.export.text import footer_text, wrap

__all__ = [
    "ExportError", "ExportFigure", "ExportSpec", "FORMATS", "Fmt", "Job", "PRESETS", "Preset", "check", "filename",
    "footer_text", "grey", "is_china_map", "prepare", "render", "render_many", "source_line", "stable_svg",
    "stable_zip", "text_page", "to_pdf", "to_pptx", "warm", "wrap",
]
