"""The one placement rule (``aizone.figures.labels``) on the real maps: the 18 zones' names apart, in zh and
en, at the app's sizes (overview, explorer) and at every export preset; close markers pushed apart."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from aizone import basemap, briefing, explorer, export, gazetteer, zones
from aizone.explorer.figure import MAP_WIDTHS
from aizone.figures import labels, layers, maps
from aizone.figures.labels import grow, label_box, overlap
from aizone.figures.projection import Frame, Pixels, albers, albers_inverse, mercator, mercator_inverse
from aizone.figures.theme import text_width

AS_OF = briefing.default_as_of()
HANGZHOU, DEQING = "330100", "330521"


def boxes(d: dict, frame: Frame) -> list[tuple[str, tuple]]:
    """(name, pixel box) of every marker's label on the main map, as plotly will draw it at ``frame``."""
    pix = Pixels(d["layout"], frame)
    out = []
    for tr in d["data"]:
        if tr.get("type") != "scattergeo" or tr.get("geo", "geo") != "geo" or "text" not in (tr.get("mode") or ""):
            continue
        size = tr["textfont"]["size"]
        msize = tr["marker"]["size"]
        for i, (lon, lat, text, pos) in enumerate(zip(tr["lon"], tr["lat"], tr["text"], tr["textposition"])):
            px = size[i] if isinstance(size, list) else size
            x, y = pix.px(lon, lat)
            out.append((text, label_box(x, y, pos, text_width(text, px) * labels.WIDTH_SLACK, px,
                                        (msize[i] if isinstance(msize, list) else msize) / 2)))
    return out


def clashes(d: dict, frame: Frame, gap: float = 1.0) -> list[tuple[str, str]]:
    got = boxes(d, frame)
    return [(a, b) for i, (a, ba) in enumerate(got) for b, bb in got[i + 1:] if overlap(grow(ba, gap), bb)]


def marker_points(d: dict, frame: Frame, name: str) -> dict[str, tuple[float, float, float]]:
    """adcode -> (x, y, radius) of the markers of the trace called ``name``."""
    pix = Pixels(d["layout"], frame)
    tr = next(t for t in d["data"] if t.get("name") == name)
    return {c: (*pix.px(lon, lat), tr["marker"]["size"] / 2) for c, lon, lat in zip(tr["customdata"], tr["lon"], tr["lat"])}


@pytest.fixture(scope="module")
def app_maps() -> dict[str, dict]:
    """The overview's map with every zone, as the page builds it, in both languages."""
    z, gaz = zones.as_of(zones.load(), AS_OF), gazetteer.load()
    return {lang: maps.china_map(basemap.base_map(), inset_label="南海诸岛", height=720,
                                 points=[layers.zone_layer(z, gaz, lang, "zones")]).to_dict() for lang in ("zh", "en")}


def test_projection_round_trips():
    for lon, lat in ((73.5, 39.0), (120.15, 30.27), (134.0, 48.0), (109.5, 18.3)):
        assert albers_inverse(*albers(lon, lat)) == pytest.approx((lon, lat), abs=1e-9)
        assert mercator_inverse(*mercator(lon, lat, 118.0), 118.0) == pytest.approx((lon, lat), abs=1e-9)


def test_pixels_match_what_plotly_drew():
    """plotly.js 4.1 in chromium put Beijing (116.4, 39.9) at (499.71, 300.08) on the overview's 906×720 map
    (its ``projection([lon, lat])``): the range box's fit and the map's centre as plotly sets them."""
    d = maps.china_map(basemap.base_map(), inset_label="x", height=720, widths=()).to_dict()
    pix = Pixels(d["layout"], Frame(906, 720))
    assert pix.px(116.4, 39.9) == pytest.approx((499.71, 300.08), abs=0.3)
    assert pix.lonlat(*pix.px(120.15, 30.27)) == pytest.approx((120.15, 30.27), abs=1e-6)


def test_explorer_dates_reuse_one_placement():
    """The explorer places its names once, with every zone shown; an earlier date shows some of them where
    they were, apart as before (a date step does not place names again)."""
    tb = explorer.load_tables()
    specs = [explorer.figure_spec(explorer.View(as_of=d, lang="en"), tb, basemap.base_map())
             for d in (zones.data_date(), date(2020, 3, 1))]
    where = [{c: (lon, lat, pos) for c, lon, lat, pos in zip(tr["customdata"], tr["lon"], tr["lat"], tr["textposition"])}
             for tr in (next(t for t in sp["data"] if t.get("legendgroup") == "zones") for sp in specs)]
    assert 5 < len(where[1]) < len(where[0]) == 18
    assert all(where[1][c] == where[0][c] for c in where[1])
    assert clashes(specs[1], Frame(MAP_WIDTHS[0], 600)) == []


@pytest.mark.parametrize("zoom", ["YRD", "GBA"])
def test_explorer_regional_maps_keep_names_apart(zoom):
    """A strategy region's map is a Mercator one: the same rule, another projection."""
    tb = explorer.load_tables()
    d = explorer.figure_spec(explorer.View(as_of=AS_OF, lang="en", zoom=zoom), tb, basemap.base_map())
    for width in MAP_WIDTHS:
        assert clashes(d, Frame(width, 600)) == [], width


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [820, 906, 1180, 1460, 1800], ids=lambda w: f"w{w}")
def test_overview_names_apart_at_every_app_width(app_maps, lang, width):
    d = app_maps[lang]
    assert len(boxes(d, Frame(width, 720))) == 18
    assert clashes(d, Frame(width, 720)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_names_apart_at_laptop_and_desktop(lang):
    tb = explorer.load_tables()
    d = explorer.figure_spec(explorer.View(as_of=AS_OF, lang=lang), tb, basemap.base_map())
    for width in (MAP_WIDTHS[0], 624, 800, MAP_WIDTHS[1]):
        assert clashes(d, Frame(width, 600)) == [], width


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_export_names_apart_on_every_preset(lang, preset):
    f = briefing.build("overview_map", lang, AS_OF)
    d = export.prepare(f.fig, f.spec(briefing.deck_spec(lang, AS_OF, preset, False, [f])))
    lay = d["layout"]
    frame = Frame(lay["width"], lay["height"], lay["margin"])
    assert len(boxes(d, frame)) == 18
    assert clashes(d, frame) == [], "names keep a gap, not only apart: touching reads as one"


def test_close_markers_are_pushed_apart_only_as_far_as_needed(app_maps):
    d = app_maps["en"]
    smallest = Frame(labels.MAIN_COLUMN[0], 720)
    pts = marker_points(d, smallest, "zones")
    (x1, y1, r1), (x2, y2, r2) = pts[HANGZHOU], pts[DEQING]
    assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2, "Hangzhou's and Deqing's dots do not overlap"
    z = zones.load()
    where = layers.unit_points(z["adcode"], gazetteer.load(), z["unit_level"].map(lambda v: "county" if v == "county" else "city"))
    pix = Pixels(d["layout"], smallest)
    true = {c: pix.px(lon, lat) for c, lon, lat in zip(where["adcode"], where["lon"], where["lat"])}
    for code in (HANGZHOU, DEQING):
        moved = math.hypot(pts[code][0] - true[code][0], pts[code][1] - true[code][1])
        assert 0 < moved < 2 * pts[code][2], f"{code} moved, and stays by its place ({moved:.1f} px)"
    room = [c for c in true if min(math.dist(true[c], true[o]) for o in true if o != c) > 2 * pts[c][2] + labels.MARKER_GAP + 1]
    assert len(room) >= 10
    for c in room:  # markers with room keep their place
        assert pts[c][:2] == pytest.approx(true[c], abs=0.5), c


def test_rule_on_a_made_up_crowd():
    """Five names on one spot find five free sides (or get smaller), and never touch."""
    pts = pd.DataFrame({"adcode": list("abcde"), "lon": [118.0, 118.3, 118.1, 118.2, 118.05],
                        "lat": [31.0, 31.1, 30.9, 31.2, 31.05], "text": ["Alpha", "Bravo", "Charlie", "Delta", "Echo"],
                        "hover": list("abcde")})
    layer = maps.PointLayer(key="p", label="p", points=pts, colour="#000", show_text=True)
    d = maps.china_map(basemap.base_map(), inset_label="x", points=[layer], height=600, widths=(700, 1200)).to_dict()
    for w in (700, 950, 1200):
        assert clashes(d, Frame(w, 600)) == [], w
