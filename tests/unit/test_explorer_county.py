"""The explorer's county level: the county hit layer, its hover, the county outline, values by city, notes."""

from __future__ import annotations

from datetime import date

import pytest

from aizone import basemap, explorer
from aizone.explorer.geometry import counties, county_ids
from aizone.explorer.hover import city_facts, county_hover
from aizone.explorer.layers import row_status

FAR = date(2025, 12, 31)


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


def _hit(spec: dict) -> dict:
    hits = [tr for tr in spec["data"] if tr.get("meta") == "aizone-hit-layer"]
    assert len(hits) == 1, "one layer answers the pointer"
    return hits[0]


def test_county_list_follows_the_layer(tb):
    assert [c for c, *_ in tb.county_list] == list(county_ids())
    city = {c: k for c, _, _, k in tb.county_list}
    assert city["330521"] == "330500" and city["110105"] == "110000" and city["441900"] == "441900"


def test_county_hover_names_county_city_and_zone(tb):
    facts = city_facts(tb, row_status(tb, FAR))
    zh, en = county_hover(tb, facts, "zh"), county_hover(tb, facts, "en")
    assert zh["330521"] == "德清县<br>湖州市 · 浙江<br>试验区: 已批复"
    assert en["330502"] == "Wuxing District<br>Huzhou · Zhejiang<br>Pilot zone: approved (Deqing County)", \
        "Huzhou's other districts: the zone is Deqing"
    assert zh["220104"].startswith("朝阳区<br>长春市 · 吉林")
    assert zh["110105"].startswith("朝阳区<br>北京市<br>"), "a municipality's district: no province repeated"
    assert zh["441900"] == "东莞市<br>广东", "a county-level unit that is its own city names no second city"
    assert "Chaoyang" not in zh["110105"] and "朝阳" not in en["110105"], "the reader's language only"
    early = county_hover(tb, city_facts(tb, row_status(tb, date(2019, 1, 1))), "zh")
    assert "试验区" not in early["330521"], "Deqing was approved later"
    assert "<" not in en["110105"].replace("<br>", ""), "names are escaped, only line breaks are markup"


@pytest.mark.parametrize("embed", [False, True])
def test_county_level_figure(tb, embed):
    base = basemap.base_map(embed=embed)
    spec = explorer.figure_spec(explorer.View(as_of=FAR, level="county", city="110105", indicator="gdp"), tb, base)
    hit = _hit(spec)
    assert hit["name"] == "counties" and len(hit["locations"]) == len(county_ids())
    if not embed:
        assert hit["geojson"] == "app/static/geo/county_national_main.geojson"
    else:
        assert len(hit["geojson"]["features"]) >= len(county_ids()) - 2  # the far-south islands clipped off
    outline = spec["data"][spec["data"].index(hit) + 1]
    assert outline["locations"] == ["110105"], "the selected county is outlined itself"
    values = [tr for tr in spec["data"] if tr.get("type") == "choropleth" and tr.get("colorbar")]
    assert values and len(values[0]["locations"]) < 400, "colours stay the city's: no county figures are shipped"


def test_other_levels_keep_the_city_layer(tb):
    base = basemap.base_map()
    for level in ("province", "city"):
        spec = explorer.figure_spec(explorer.View(as_of=FAR, level=level, city="330521"), tb, base)
        hit = _hit(spec)
        assert hit["name"] == "cities" and len(hit["locations"]) < 400
        outline = spec["data"][spec["data"].index(hit) + 1]
        assert outline["locations"] == ["330500"], "off the county level a county is shown by its city"


def test_county_shapes_by_zoom():
    base = basemap.base_map()
    assert counties(base, "YRD").geojson == "app/static/geo/county_regional.geojson"
    assert counties(base).ids == county_ids()


def test_county_notes_and_indicator_level(tb):
    plain = explorer.notes(explorer.View(as_of=FAR, level="county"), tb, "en")
    coloured = explorer.notes(explorer.View(as_of=FAR, level="county", indicator="population"), tb, "zh")
    assert any("County boundaries" in n for n in plain)
    assert any("所在地级市" in n for n in coloured)
    assert not any("县级" in n for n in explorer.notes(explorer.View(as_of=FAR, level="city"), tb, "zh"))
    ind = explorer.indicator(tb, "population", "county", FAR)
    assert ind.level == "city" and ind.values.equals(explorer.indicator(tb, "population", "city", FAR).values)


def test_the_county_hit_layer_is_what_plotly_would_write(tb):
    import plotly.graph_objects as go

    spec = explorer.figure_spec(explorer.View(as_of=FAR, level="county"), tb, basemap.base_map())
    hit = _hit(spec)
    assert len(hit["hovertext"]) == len(hit["locations"])
    assert go.Choropleth(**{k: v for k, v in hit.items() if k != "type"}).to_plotly_json() == hit
