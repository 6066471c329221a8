"""The words around an exported figure: how wide they run, where they wrap, the as-of and footer lines.

plotly annotations never wrap by themselves and the renderer cannot be asked how wide a line is, so
widths are estimated from the font's shape (``theme.text_width``).
"""

from __future__ import annotations

import re

from aizone.export.contract import ExportSpec
from aizone.figures.theme import text_width  # noqa: F401  (re-exported: the wrap below and the layout use it)
from aizone.i18n import t


def wrap(text: str, px: float, max_width: float) -> list[str]:
    """Greedy wrap that breaks Latin at spaces and CJK anywhere; plotly annotations never wrap by themselves."""
    lines: list[str] = []
    for para in text.split("\n"):
        tokens = []
        for tok in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", para):
            while text_width(tok, px) > max_width and len(tok) > 1:  # a URL longer than the line
                cut = max(1, int(len(tok) * max_width / text_width(tok, px)) - 1)
                tokens.append(tok[:cut])
                tok = tok[cut:]
            tokens.append(tok)
        line = ""
        for tok in tokens:
            if line and text_width((line + tok).rstrip(), px) > max_width:
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
        lines.append(line.rstrip())
    return lines


def esc(text: str) -> str:
    """plotly reads a small HTML subset in text; data-derived words must stay words."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_of_text(spec: ExportSpec) -> str:
    return t("briefing.as_of", spec.lang, date=spec.as_of.isoformat())


def footer_text(spec: ExportSpec) -> str:
    """The line that travels with every figure: as-of date and sources."""
    sep = "  |  " if spec.lang == "en" else "　|　"
    return as_of_text(spec) + sep + spec.source_line

