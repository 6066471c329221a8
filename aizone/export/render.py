"""Drawing: kaleido driving Debian's chromium, kept open between calls; cairo turns its SVG into PDF.

A cold browser costs seconds per image, so it stays up. plotly's geo renderer wants a world topojson from
a CDN even when it draws none, so kaleido is pointed at the project's own empty one in ``static/``. PDFs
are drawn from the SVG by cairo, not by chromium: chromium prints CFF-flavoured OpenType (Noto Sans CJK)
as nameless Type 3 glyphs, cairo embeds the font itself (its subsets are then repaired: ``pdffonts``).
Output is deterministic: plotly's random plot id is pinned in SVG and PDF dates are fixed, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from aizone.config import STATIC
from aizone.export.contract import FORMATS, PRESETS, ExportError, ExportSpec, Fmt
from aizone.export.layout import prepare

TOPOJSON_URL = STATIC.resolve().as_uri() + "/"
pio.defaults.topojson = TOPOJSON_URL  # plotly's own to_image/write_image stay offline too

_lock = threading.Lock()
RENDER_TABS = 2


def _kaleido():
    try:
        import kaleido
    except ImportError as e:  # pragma: no cover - the export extra is missing
        raise ExportError("image export needs the 'export' extra (kaleido): pip install -e '.[export]'") from e
    if not kaleido._global_server.is_running():  # noqa: SLF001 - public start/stop, no public 'is running'
        # two tabs: a pack's images render two at a time
        kaleido.start_sync_server(n=RENDER_TABS, mathjax=False, silence_warnings=True)
    return kaleido


def _draw(d: dict, fmt: str, scale: float) -> bytes:
    lay = d["layout"]
    with _lock:
        k = _kaleido()
        try:
            return k.calc_fig_sync(d, opts=dict(format=fmt, width=lay["width"], height=lay["height"], scale=scale),
                                   topojson=TOPOJSON_URL)
        except Exception as e:  # kaleido wraps browser failures in its own types
            raise ExportError(f"the renderer failed: {type(e).__name__}: {e}") from e


_UID = re.compile(rb'id="defs-([0-9a-f]+)"')


def stable_svg(svg: bytes) -> bytes:
    """plotly names clip paths and gradients after a random per-plot id; pin it so SVGs compare byte for byte.

    Only the id's uses are replaced (``defs-…``, ``clip…xy``, ``#g…-legendfill``: always after a letter, ``-``
    or ``#`` and never followed by a digit, point or comma). The id is six hex digits, often digits only, and a
    plain replace would also rewrite any coordinate containing those digits ("364.515625" -> "364.aizone").
    """
    m = _UID.search(svg)
    if m:
        svg = re.sub(rb"(?<=[A-Za-z#-])" + re.escape(m.group(1)) + rb"(?![0-9.,])", b"aizone", svg)
    return svg


def svg_to_pdf(svg: bytes, page_in: tuple[float, float]) -> bytes:
    import cairosvg

    from aizone.export.pdffonts import repair

    out = cairosvg.svg2pdf(bytestring=svg, output_width=page_in[0] * 96, output_height=page_in[1] * 96)
    return _strip_pdf_dates(repair(out))


def _strip_pdf_dates(pdf: bytes) -> bytes:
    return re.sub(rb"/CreationDate \(D:[0-9+\-Z']+\)", b"/CreationDate (D:19800101000000Z)", pdf)


def _draw_many(jobs: Sequence[tuple[dict, str, float]]) -> list[bytes]:
    """Several figures in one go, spread over the renderer's tabs (one at a time would leave a core idle)."""
    if len(jobs) == 1:
        d, fmt, scale = jobs[0]
        return [_draw(d, fmt, scale)]
    import tempfile
    from pathlib import Path

    with _lock, tempfile.TemporaryDirectory(prefix="aizone-export-") as tmp:
        k = _kaleido()
        items = [dict(fig=d, path=str(Path(tmp) / f"{i}.{fmt}"), topojson=TOPOJSON_URL,
                      opts=dict(format=fmt, width=d["layout"]["width"], height=d["layout"]["height"], scale=scale))
                 for i, (d, fmt, scale) in enumerate(jobs)]
        try:
            k.write_fig_from_object_sync(items, cancel_on_error=True)
        except Exception as e:  # kaleido wraps browser failures in its own types
            raise ExportError(f"the renderer failed: {type(e).__name__}: {e}") from e
        return [Path(it["path"]).read_bytes() for it in items]


@dataclass(frozen=True)
class Job:
    """One file to render: the figure, its spec, the format, and whether to leave the words off (PPTX)."""

    fig: go.Figure
    spec: ExportSpec
    fmt: str = "png"
    body_only: bool = False
    size: tuple[int, int] | None = None


def render_many(jobs: Sequence[Job]) -> list[bytes]:
    """Like ``render`` for each job, with the browser work done in one parallel batch."""
    for j in jobs:
        if j.fmt not in FORMATS:
            raise ExportError(f"unknown format {j.fmt!r}; choose one of {', '.join(FORMATS)}")
    dicts = [prepare(j.fig, j.spec, body_only=j.body_only, size=j.size) for j in jobs]
    raw = _draw_many([(d, "png" if j.fmt == "png" else "svg", PRESETS[j.spec.preset].scale if j.fmt == "png" else 1)
                      for d, j in zip(dicts, jobs)])
    out = []
    for d, j, b in zip(dicts, jobs, raw):
        if j.fmt == "png":
            out.append(b)
            continue
        svg = stable_svg(b)
        if j.fmt == "svg":
            out.append(svg)
            continue
        p = PRESETS[j.spec.preset]
        w, h = d["layout"]["width"], d["layout"]["height"]
        out.append(svg_to_pdf(svg, (p.page_in[0], p.page_in[0] * h / w)))
    return out


def render(fig: go.Figure, spec: ExportSpec, fmt: Fmt = "png", *, body_only: bool = False,
           size: tuple[int, int] | None = None) -> bytes:
    """One figure to PNG, SVG or PDF under the contract (raises ExportError when it is not met)."""
    return render_many([Job(fig, spec, fmt, body_only, size)])[0]



def warm() -> None:
    """Start the renderer ahead of the first click (the browser takes a second or two to come up)."""
    with _lock:
        _kaleido()
