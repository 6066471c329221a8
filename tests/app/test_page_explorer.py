"""The explorer page under AppTest: URL state restores layers, date, zoom and the selected city, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptest import live_map
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/explorer.py"
FULL = dict(miit="1", platforms="1", demo="1", hubs="1", macro_regions="1", areas=["YRD", "GBA", "YREB"],
            indicator="population", level="city", zoom="YRD", as_of="2020-06-30", city="330100")


def run(lang: str, **params) -> AppTest:
    """Open the explorer's URL directly, as a shared link does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.switch_page(PAGE)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def spec(at: AppTest) -> tuple[str, dict]:
    return live_map(at)


def text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]).replace("\\", "")


@pytest.mark.parametrize("lang,city,layer,scope", [
    ("zh", "杭州市", "工信部 人工智能创新应用先导区", "中心区"),
    ("en", "Hangzhou", "MIIT AI application pilot zones", "core area"),
])
def test_full_url_restores_the_view(lang, city, layer, scope):
    at = run(lang, **FULL)
    ss = at.session_state
    assert ss["miit"] and ss["platforms"] and ss["demo"] and ss["hubs"] and ss["macro_regions"] and ss["zones"]
    assert ss["areas"] == ["YRD", "GBA", "YREB"]
    assert (ss["indicator"], ss["level"], ss["zoom"], ss["city"]) == ("population", "city", "YRD", "330100")
    assert str(ss["as_of"]) == "2020-06-30"
    s, fig = spec(at)
    assert len(s) < 100_000, f"a rerun sends {len(s)} bytes of figure"
    names = {tr.get("name") for tr in fig["data"]}
    assert layer in names
    urls = {tr["geojson"] for tr in fig["data"] if "geojson" in tr}
    assert urls and all(isinstance(u, str) and u.startswith("app/static/geo/") for u in urls)
    assert "app/static/geo/city_regional.geojson" in urls, "zoomed: regional level of detail"
    assert "geo2" not in fig["layout"]
    most = next(tr for tr in fig["data"] if tr.get("legendgroup") == "zones")
    assert "440100" not in most["customdata"], "Guangzhou (Sept 2020) is not on the 2020-06-30 map"
    assert [h.value for h in at.subheader] == [city], "the profile card of the city in the URL"
    body = text(at)
    assert "2020-06-30" in body and scope in body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_defaults_and_light_reruns(lang):
    at = run(lang)
    assert at.session_state["zones"] and not at.session_state["miit"] and at.session_state["city"] is None
    s, fig = spec(at)
    assert len(s) < 60_000
    assert "geo2" in fig["layout"], "the national map has the South China Sea inset"
    before = s
    at.checkbox(key="hubs").check().run()
    assert not at.exception
    after, fig2 = spec(at)
    assert after != before and len(after) < 100_000
    assert at.query_params.get("hubs") in ("1", ["1"])
    # choosing a unit in the box is the same as clicking it on the map
    at.selectbox(key="city").set_value("540100").run()
    assert not at.exception
    assert at.query_params.get("city") in ("540100", ["540100"])
    assert [h.value for h in at.subheader] == (["拉萨市"] if lang == "zh" else ["Lhasa"])
    assert any(tr.get("locations") == ["540100"] for tr in spec(at)[1]["data"]), "the chosen city is outlined"


def test_bad_url_values_fall_back_quietly():
    at = run("en", city="999999", zoom="Atlantis", indicator="<script>", level="galaxy", areas=["JJJ", "nope"],
             as_of="yesterday", miit="maybe")
    ss = at.session_state
    assert ss["city"] is None and ss["zoom"] == "national" and ss["indicator"] == "none" and ss["level"] == "province"
    assert ss["areas"] == ["JJJ"] and not ss["miit"]
    assert not re.search(r"[\u4e00-\u9fff]{4,}", " ".join(h.value for h in at.title))


def test_the_line_above_the_map_is_there_on_every_date():
    """Issue 15: the 'N more possibly approved' caption came and went above the map, which moved the map by its
    height on a date step. Where no zone is uncertain, the line says so (the browser test measures the map)."""
    said = [c.value for c in run("en", as_of="2019-06-30").caption]
    other = [c.value for c in run("en", as_of="2020-06-30").caption]
    assert len(said) == len(other)
    i = next(i for i, c in enumerate(said) if "more possibly approved" in c)
    assert other[i] == "Every zone on the map was certainly approved by then (solid markers)"


@pytest.mark.parametrize("lang,card,level_word", [("zh", "朝阳区", "县级"), ("en", "Chaoyang District", "county")])
def test_county_level_hovers_and_selects_counties(lang, card, level_word):
    """level=county: the hit layer is the county layer (hover names county, city, province), every county
    can be chosen, and the card of a county says county and names its city."""
    at = run(lang, level="county", city="110105")
    assert at.session_state["level"] == "county"
    s, fig = spec(at)
    hit = next(tr for tr in fig["data"] if tr.get("meta") == "aizone-hit-layer")
    assert hit["name"] == "counties" and hit["geojson"] == "app/static/geo/county_national_main.geojson"
    assert len(hit["locations"]) > 2800
    chaoyang = [h for c, h in zip(hit["locations"], hit["hovertext"]) if c in ("110105", "220104")]
    assert chaoyang[0].startswith("朝阳区<br>北京" if lang == "zh" else "Chaoyang District<br>Beijing")
    assert ("长春" if lang == "zh" else "Changchun") in chaoyang[1]
    assert len(s) < 200_000, f"a county-level rerun sends {len(s)} bytes of figure"
    assert [h.value for h in at.subheader] == [card]
    caption = " ".join(c.value for c in at.caption)
    assert level_word in caption and ("北京" in caption or "Beijing" in caption)
    assert len(at.selectbox(key="city").options) > 3000, "every county can be chosen at the county level"
    # back to cities: the county's city is selected instead, and the hit layer is the cities again
    at.segmented_control(key="level").set_value("city").run()
    assert not at.exception
    assert at.session_state["city"] == "110000"
    _, fig2 = spec(at)
    hit2 = next(tr for tr in fig2["data"] if tr.get("meta") == "aizone-hit-layer")
    assert hit2["name"] == "cities" and len(hit2["locations"]) < 400
