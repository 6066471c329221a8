"""Repair the CJK font subsets cairo writes into a PDF, so that every character it lists is drawn.

cairo (Debian's libcairo 1.16) subsets a CID-keyed CFF font such as Noto Sans CJK by keeping every glyph's
charstring as it is and replacing the subroutines it believes unused by empty ones. Its scan misses some
calls, and a glyph that calls a dropped subroutine is drawn as nothing: "如" vanished from the sources page of
every briefing pack while the PDF's text layer still held it. The charstrings being the originals, giving
them back the original font's subroutines and then inlining those (fontTools' desubroutinize) yields a subset
that needs no subroutines at all. The original is found by the subset's PostScript name among the installed
font files; a font that cannot be found is left as cairo wrote it.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


@functools.lru_cache(maxsize=1)
def _installed_cff_fonts() -> dict[str, tuple[str, int]]:
    """PostScript name -> (file, index in a collection) of every installed CFF-flavoured OpenType font.

    Read from the font files themselves (their name tables), not through fontconfig's command-line tools:
    the app's image installs fonts without the ``fontconfig`` package that carries ``fc-list``.
    """
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, tuple[str, int]] = {}
    for root in FONT_DIRS:
        for path in sorted(Path(root).expanduser().rglob("*")):
            if path.suffix.lower() not in (".otf", ".ttc", ".otc"):
                continue
            try:
                fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc") \
                    else [TTFont(str(path), lazy=True)]
                for i, font in enumerate(fonts):
                    if "CFF " in font:
                        name = font["name"].getDebugName(6)
                        if name:
                            found.setdefault(name, (str(path), i))
            except Exception:  # noqa: BLE001 - an unreadable font file is as good as none
                continue
    return found


@functools.lru_cache(maxsize=8)
def _original(postscript_name: str):
    """The installed font's CFF top dict for a PostScript name, or None (no such font here)."""
    from fontTools.ttLib import TTCollection, TTFont

    where = _installed_cff_fonts().get(postscript_name)
    if where is None:
        return None
    path, index = where
    font = TTCollection(path).fonts[index] if path.lower().endswith((".ttc", ".otc")) else TTFont(path)
    cff = font["CFF "].cff
    return cff[cff.fontNames[0]]


def _repaired(data: bytes, postscript_name: str) -> bytes | None:
    from fontTools.cffLib import CFFFontSet

    orig = _original(postscript_name)
    if orig is None or not hasattr(orig, "FDArray"):
        return None
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    if not hasattr(top, "FDArray"):
        return None
    by_name = {getattr(fd, "FontName", None): fd for fd in orig.FDArray}
    for fd in top.FDArray:
        src = by_name.get(getattr(fd, "FontName", None))
        if src is None:
            return None  # not a subset of this font after all
        if hasattr(src.Private, "Subrs"):
            fd.Private.Subrs = src.Private.Subrs
    charstrings = top.CharStrings
    for name in charstrings.keys():
        cs = charstrings[name]
        cs.globalSubrs = orig.GlobalSubrs
    cff.desubroutinize()
    out = io.BytesIO()
    cff.compile(out, _NoFont())
    return out.getvalue()


class _NoFont:
    """What CFFFontSet.compile asks of the font around a bare CFF: keep the font box cairo wrote."""

    recalcBBoxes = False


def _descriptors(resources, seen: set[int]):
    """Font descriptors reachable from a resource dictionary, form XObjects included."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        for desc_font in font.get("/DescendantFonts") or []:
            desc = desc_font.get_object().get("/FontDescriptor")
            if desc is not None and id(desc.get_object()) not in seen:
                seen.add(id(desc.get_object()))
                yield desc.get_object()
    for xobj in (resources.get("/XObject") or {}).values():
        xobj = xobj.get_object()
        if id(xobj) not in seen:
            seen.add(id(xobj))
            yield from _descriptors(xobj.get("/Resources"), seen)


def repair(pdf: bytes) -> bytes:
    """The PDF with each embedded CID-keyed CFF subset rebuilt without subroutines (unchanged if none)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    changed = False
    seen: set[int] = set()
    for page in writer.pages:
        for desc in _descriptors(page.get("/Resources"), seen):
            ff = desc.get("/FontFile3")
            if ff is None or ff.get_object().get("/Subtype") != "/CIDFontType0C":
                continue
            stream = ff.get_object()
            fixed = _repaired(stream.get_data(), str(desc.get("/FontName", "")).lstrip("/").split("+", 1)[-1])
            if fixed is not None:
                stream.set_data(fixed)
                changed = True
    if not changed:
        return pdf
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
