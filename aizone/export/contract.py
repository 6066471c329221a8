"""What an export must carry: the size presets, the spec (title, as-of date, source line) and the check.

A figure that leaves the app must say what it shows, when it was true and where it comes from, and a
China map must show the whole national territory. Every export path calls ``check`` first and refuses
(``ExportError``) an export without a source line or an as-of date, and a China map without the South
China Sea inset, instead of quietly producing an image someone would have to fix by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Literal

import plotly.graph_objects as go

from aizone import provenance
from aizone.figures import maps

Fmt = Literal["png", "svg", "pdf"]
FORMATS = ("png", "svg", "pdf")


class ExportError(ValueError):
    """An export that would leave the app without its title, date, source or full national territory."""


@dataclass(frozen=True)
class Preset:
    """Layout size in CSS pixels; ``scale`` gives the PNG's pixel size; the PDF page is ``page_in`` inches."""

    name: str
    width: int
    height: int
    scale: int
    page_in: tuple[float, float]
    font_scale: float  # template sizes (14 px body) are for a screen; a slide read across a room needs more
    title_px: int
    subtitle_px: int
    footer_px: int
    pad_px: int
    label_px: int  # place names and legend on a map: read from the back of a room on a slide

    @property
    def dpi(self) -> float:
        """Layout pixels per inch of the page: turns pixel sizes into PPTX points and inches."""
        return self.width / self.page_in[0]


PRESETS: dict[str, Preset] = {
    # PowerPoint's 16:9 slide is 13.333 x 7.5 in; 1920 x 1080 fills it at 144 dpi, where 2 px make 1 pt:
    # title 26 pt, subtitle 15 pt, sources 11 pt and place names 11 pt, the sizes a projected slide needs.
    "slide": Preset("slide", 1920, 1080, 1, (13.333, 7.5), 1.45, 52, 30, 22, 48, 22),
    # A4 landscape at 300 dpi is 3508 x 2480 px: laid out at half that and rendered at scale 2.
    "a4": Preset("a4", 1754, 1240, 2, (297 / 25.4, 210 / 25.4), 1.4, 38, 24, 17, 56, 20),
    "square": Preset("square", 1080, 1080, 1, (7.5, 7.5), 1.3, 34, 22, 15, 36, 20),
}


@dataclass(frozen=True)
class ExportSpec:
    """Everything an exported figure states besides the plot itself."""

    preset: str
    title: str
    as_of: date | None
    source_line: str
    subtitle: str = ""
    note: str = ""
    lang: str = "zh"
    greyscale: bool = False

    @classmethod
    def from_origins(cls, preset: str, title: str, as_of: date, origins: Iterable[provenance.Origin], lang: str,
                     **kw) -> "ExportSpec":
        """The usual way to make a spec: the source line comes from provenance sidecars, never typed."""
        return cls(preset=preset, title=title, as_of=as_of, source_line=source_line(origins, lang), lang=lang, **kw)

    @property
    def size(self) -> tuple[int, int]:
        p = PRESETS[self.preset]
        return p.width * p.scale, p.height * p.scale


@dataclass(frozen=True)
class ExportFigure:
    """A figure ready for export: plot, the words around it and where its data come from."""

    fig: go.Figure
    title: str
    subtitle: str
    alt_text: str
    origins: tuple[provenance.Origin, ...]
    note: str = ""
    key: str = ""

    def spec(self, base: ExportSpec) -> ExportSpec:
        """This figure's spec inside a deck: the deck's preset, date and language, its own words and sources."""
        return replace(base, title=self.title, subtitle=self.subtitle, note=self.note,
                       source_line=source_line(self.origins, base.lang))


def source_line(origins: Iterable[provenance.Origin], lang: str) -> str:
    try:
        return provenance.citation(origins, lang)
    except provenance.ProvenanceError as e:
        raise ExportError(str(e)) from e


def check(spec: ExportSpec, fig: go.Figure | None = None) -> None:
    """The contract. Every export path calls this first."""
    if spec.preset not in PRESETS:
        raise ExportError(f"unknown preset {spec.preset!r}; choose one of {', '.join(PRESETS)}")
    if not isinstance(spec.source_line, str) or not spec.source_line.strip():
        raise ExportError("an exported figure needs a source line (build it from provenance origins)")
    if not isinstance(spec.as_of, date):
        raise ExportError("an exported figure needs an as-of date")
    if not isinstance(spec.title, str) or not spec.title.strip():
        raise ExportError("an exported figure needs a title")
    if fig is not None and is_china_map(fig) and not _has_inset(fig):
        raise ExportError("a China map must carry the South China Sea inset (南海诸岛); build it with figures.maps.china_map")


def _has_inset(fig: go.Figure) -> bool:
    try:
        return maps.inset_present(fig)
    except AttributeError:  # a layout with no geo2 at all: plotly raises instead of returning None
        return False


def is_china_map(fig: go.Figure) -> bool:
    return any(getattr(tr, "type", "") in ("choropleth", "scattergeo") for tr in fig.data)



def filename(spec: ExportSpec, key: str, fmt: str) -> str:
    """A file name that sorts and says what it is: aizone_<key>_<as-of>_<lang>[_grey]_<preset>.<fmt>."""
    grey = "_grey" if spec.greyscale else ""
    return f"aizone_{key}_{spec.as_of.isoformat()}_{spec.lang}{grey}_{spec.preset}.{fmt}"

