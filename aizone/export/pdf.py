"""PDF: figures and pages of words (cover, sources) as one document, fonts embedded by cairo."""

from __future__ import annotations

import io
from typing import Sequence

import plotly.graph_objects as go

from aizone.export.contract import PRESETS, ExportFigure, ExportSpec, check
from aizone.export.render import Job, render_many
from aizone.export.text import as_of_text, esc, wrap
from aizone.figures import theme


def text_page(spec: ExportSpec, heading: str, lines: Sequence[str], lead: str = "", cover: bool = False) -> go.Figure:
    """A page of words (deck cover, sources) drawn by the same renderer, so the PDF pack is one typeface.

    Render it with ``body_only=True``: the page states its own date and, on the cover, the sources.
    """
    p = PRESETS[spec.preset]
    width = p.width - 2 * p.pad_px
    height = p.height - 2 * p.pad_px
    fig = go.Figure()
    fig.update_layout(template="aizone", xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[0, 1]),
                      # prepare() scales the left and bottom margins (tick-label room) by the preset's font scale
                      margin=dict(l=p.pad_px / p.font_scale, r=p.pad_px, t=p.pad_px, b=p.pad_px / p.font_scale),
                      plot_bgcolor="white", showlegend=False)

    def add(text_lines: list[str], y: float, size: float, colour: str, anchor: str = "top") -> None:
        fig.add_annotation(xref="paper", yref="paper", x=0, y=y, xanchor="left", yanchor=anchor, showarrow=False,
                           align="left", text="<br>".join(esc(s) for s in text_lines),
                           font=dict(size=size / p.font_scale, color=colour))  # prepare() scales fonts back up

    foot = [as_of_text(spec)] + ([spec.source_line] if cover else [])
    foot_lines = [s for ln in foot for s in wrap(ln, p.footer_px, width)]
    add(foot_lines, 0, p.footer_px, theme.MUTED, "bottom")
    if cover:
        big = p.title_px * 1.4
        title_lines = wrap(heading, big, width)
        add(title_lines, 0.62, big, theme.INK, "bottom")
        # the accent bar sits clear above the title's top line, however many lines the title takes
        bar = 0.62 + (len(title_lines) * big * 1.3 + 0.5 * p.pad_px) / height
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=0, x1=0.08, y0=bar, y1=bar + 10 / height,
                      fillcolor=theme.ZONE, line=dict(width=0))
        if lead:
            add(wrap(lead, p.subtitle_px, width), 0.57, p.subtitle_px, theme.MUTED)
        return fig
    add(wrap(heading, p.title_px, width), 1, p.title_px, theme.INK)
    room = height - p.title_px * 1.6 - len(foot_lines) * p.footer_px * 1.4 - 24
    size = p.footer_px * 1.15
    while size > 10:
        body = []
        for ln in lines:  # one paragraph per entry, a hanging bullet, a little air between entries
            parts = wrap(ln, size, width - size * 1.2)
            body += ["• " + parts[0]] + ["   " + s for s in parts[1:]] + [" "]
        if len(body) * size * 1.45 <= room:
            break
        size -= 1
    add(body, 1 - (p.title_px * 1.6 + 12) / height, size, theme.INK)
    return fig


def to_pdf(figures: Sequence[ExportFigure], spec: ExportSpec, *, pages_before: Sequence[tuple[go.Figure, ExportSpec]] = (),
           pages_after: Sequence[tuple[go.Figure, ExportSpec]] = ()) -> bytes:
    """Figures (and optional text pages from ``text_page``) as one PDF, one page each, fonts embedded by cairo."""
    from pypdf import PdfReader, PdfWriter

    check(spec)
    parts = render_many([Job(f, s, "pdf", body_only=True) for f, s in pages_before]
                        + [Job(f.fig, f.spec(spec), "pdf") for f in figures]
                        + [Job(f, s, "pdf", body_only=True) for f, s in pages_after])
    if len(parts) == 1:
        return parts[0]
    w = PdfWriter()
    for b in parts:
        for page in PdfReader(io.BytesIO(b)).pages:
            w.add_page(page)
    w.add_metadata({"/Title": spec.title, "/Producer": "aizone", "/CreationDate": "D:19800101000000Z"})
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
