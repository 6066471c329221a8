"""Explorer layers, the selection → adcode step, and the profile card, on the shipped data."""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace
from datetime import date
from types import SimpleNamespace

import pandas as pd
import plotly.io as pio
import pytest

from aizone import basemap, explorer, zones
from aizone.figures import theme
from aizone.unit_card import city_profile, selection_to_adcodes

FAR = date(2030, 1, 1)  # after every dated row
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


@pytest.fixture(scope="module")
def base():
    return basemap.base_map(embed=False)


# ----------------------------------------------------------------------------------------------- selection


def test_selection_from_choropleth_click():
    event = {"selection": {"points": [{"curve_number": 6, "point_number": 120, "point_index": 120, "location": "330100",
                                       "z": 0, "customdata": None, "properties": {"adcode": "330100"}}],
                           "point_indices": [120], "box": [], "lasso": []}}
    assert selection_to_adcodes(event) == ["330100"]


def test_selection_from_scattergeo_click():
    event = {"selection": {"points": [{"curve_number": 9, "point_index": 2, "lon": 120.1, "lat": 30.2,
                                       "location": None, "customdata": "330100"}]}}
    assert selection_to_adcodes(event) == ["330100"]
    # customdata given as a list per point; the first entry is the adcode
    assert selection_to_adcodes({"selection": {"points": [{"customdata": ["440300", "x"]}]}}) == ["440300"]


def test_selection_accepts_attribute_objects_aliases_and_keeps_order():
    sel = SimpleNamespace(selection=SimpleNamespace(points=[
        {"location": "110100"}, {"customdata": "330100"}, {"location": "110000"}, {"customdata": 510100},
    ]))
    assert selection_to_adcodes(sel) == ["110000", "330100", "510100"], "110100 is Beijing's alias; duplicates dropped"
    assert selection_to_adcodes({"points": [{"location": "420100"}]}) == ["420100"], "the selection part alone"


@pytest.mark.parametrize("event", [
    None, {}, {"selection": {}}, {"selection": {"points": []}}, {"selection": {"points": None}},
])
def test_selection_empty(event):
    assert selection_to_adcodes(event) == []


@pytest.mark.parametrize("event", [
    "330100", 42, ["330100"], {"selection": "330100"}, {"selection": {"points": "330100"}},
    {"selection": {"points": [1, None, "330100", {"location": "abc"}, {"customdata": ["12"]}, {"location": 1234567},
                              {"customdata": []}, {"location": True}, {"location": "33010"}, {"location": "<b>1</b>"}]}},
])
def test_selection_garbage_gives_nothing(event):
    assert selection_to_adcodes(event) == []


# ----------------------------------------------------------------------------------------------- layers


def _n_codes(series) -> int:
    return sum(len(explorer.split_codes(v)) for v in series)


def test_miit_layer_is_only_miit(tb):
    d = explorer.miit_layer(tb, FAR)
    assert len(d) == _n_codes(tb.miit["city_adcodes"]), "one row per city the MIIT table names"
    assert d["miit_zone_id"].str.fullmatch(r"MZ\d\d").all()
    assert "zone_id" not in d.columns
    assert set(d["name_zh"]) <= set(tb.miit["name_zh"])
    assert not set(d["name_zh"]) & set(tb.zones["name_zh"]), "no MOST zone name in the MIIT layer"
    assert not d["name_zh"].str.contains("创新发展试验区").any()
    # 2020-06-30: only the first batch (2019: Shanghai-Pudong, Shenzhen, Jinan + Qingdao)
    early = explorer.miit_layer(tb, date(2020, 6, 30))
    assert sorted(early["adcode"]) == ["310000", "370100", "370200", "440300"]


def test_most_layer_follows_the_date(tb):
    for when in (date(2019, 1, 31), date(2019, 6, 30), date(2020, 6, 30), date(2021, 12, 31), FAR):
        d = explorer.most_layer(tb, when)
        hl = zones.headline(tb.zones, when)
        assert len(d) == hl.approved + hl.uncertain
        assert set(d["zone_id"]) <= set(tb.zones["zone_id"])
    assert len(explorer.most_layer(tb, date(2018, 12, 31))) == 0
    assert set(explorer.most_layer(tb, date(2019, 1, 31))["status"]) == {"uncertain"}  # windows open on 2019-01-01
    assert len(explorer.most_layer(tb, FAR)) == len(tb.zones) == 18
    mid = explorer.most_layer(tb, date(2019, 6, 30))
    assert set(mid.loc[mid["status"] == "uncertain", "adcode"]) >= {"120000"}, "Tianjin: known only to the year"


def test_platform_demo_hub_layers_match_their_tables(tb):
    p = explorer.platform_layer(tb, FAR)
    assert len(p) + explorer.platform_unlocated(tb) == len(tb.platforms) == 17
    early = explorer.platform_layer(tb, date(2018, 6, 30))
    assert set(early["year"]) <= {2017, 2018} and len(early) == int(((tb.platforms["year"] <= 2018)
                                                                     & tb.platforms["host_city_adcode"].notna()).sum())
    d = explorer.demo_zone_layer(tb, FAR)
    assert len(d) == _n_codes(tb.demo_zones["member_adcodes"])
    old = explorer.demo_zone_layer(tb, date(2010, 1, 1))
    assert set(old["name_zh"]) == set(tb.demo_zones.loc[tb.demo_zones["approval_year"].isna()
                                                        | (tb.demo_zones["approval_year"] <= 2009), "name_zh"])
    h = explorer.hub_layer(tb)
    assert len(h) == _n_codes(tb.hubs["adcodes"]) == 19  # the clusters' start areas as the approvals name them


def test_macro_layer_covers_each_mainland_province_once(tb):
    m = explorer.macro_layer(tb)
    codes = [c for v in m.values() for c in v]
    assert len(codes) == len(set(codes)) == 31
    assert set(m) == {"east", "central", "west", "northeast"}
    assert "440000" in m["east"] and "510000" in m["west"] and "230000" in m["northeast"]


def test_indicators(tb):
    pop = explorer.indicator(tb, "population", "province", FAR).values
    assert pop["330000"] == 64567588 and len(pop) == 31
    z = explorer.indicator(tb, "zones", "province", FAR).values
    assert z.sum() == 18 and z["330000"] == 2, "Hangzhou and Deqing"
    zc = explorer.indicator(tb, "zones", "city", FAR).values
    assert zc.sum() == 18 and zc["330500"] == 1, "Deqing counts for Huzhou"
    assert zc["540100"] == 0, "a true zero, not unknown"
    assert explorer.indicator(tb, "zones", "province", date(2020, 6, 30)).values.sum() == \
        zones.headline(tb.zones, date(2020, 6, 30)).approved
    per = explorer.indicator(tb, "zones_per_100m", "province", FAR).values
    assert per["110000"] == pytest.approx(1 / 21893095 * 1e8)
    city_pop = explorer.indicator(tb, "population", "city", FAR).values
    assert pd.isna(city_pop["542500"]), "Ngari's population is not in the data: unknown, never 0"
    assert city_pop["230100"] == 10009854  # Harbin: Heilongjiang's census communiqué
    assert city_pop["330100"] == 11936010
    ht = explorer.indicator(tb, "high_tech_zones", "province", FAR).values
    assert ht.sum() == len(tb.high_tech) - int((tb.high_tech["approval_year"] > FAR.year).sum())
    with pytest.raises(ValueError):
        explorer.indicator(tb, "nonsense", "province", FAR)


def test_display_units():
    assert explorer.display_value("population", 11936010, "zh") == "1,194 万人"
    assert explorer.display_value("population", 11936010, "en") == "11.9 million"
    assert explorer.display_value("gdp", 2005.9, "zh") == "20,059 亿元"
    assert explorer.display_value("gdp", None, "en") == "Unknown"


# ----------------------------------------------------------------------------------------------- figure


def _spec(fig) -> tuple[str, dict]:
    s = pio.to_json(fig, validate=False)
    return s, json.loads(s)


def test_figure_layers_distinct_and_light(tb, base):
    view = explorer.View(as_of=FAR, layers=explorer.LAYERS, strategies=explorer.STRATEGY_LAYERS,
                         indicator="population", level="province", city="330100", lang="zh")
    s, spec = _spec(explorer.figure(view, tb, base))
    assert len(s) < 120_000, "geometry travels as URLs; ids, colours and hover text only"  # embedded geometry is MBs
    assert all(isinstance(tr.get("geojson"), str) and tr["geojson"].startswith("app/static/")
               for tr in spec["data"] if "geojson" in tr), "no embedded geometry"
    markers = {tr["name"]: tr["marker"]["symbol"] for tr in spec["data"]
               if tr["type"] == "scattergeo" and tr.get("name") and tr.get("lon") and "marker" in tr}  # not legend swatches
    symbols = {n: (s if isinstance(s, str) else s[0]) for n, s in markers.items()}
    assert len(symbols) == 5 and len(set(symbols.values())) == 5, f"one marker shape per programme: {symbols}"
    names = {tr.get("name") for tr in spec["data"]}
    for k in ("东部", "长三角", "长江经济带", "长三角中心区（27城）"):
        assert k in names, k
    assert "geo2" in spec["layout"], "national view keeps the South China Sea inset"


def test_miit_trace_never_holds_most_rows(tb, base):
    view = explorer.View(as_of=FAR, layers=("zones", "miit"), lang="en")
    _, spec = _spec(explorer.figure(view, tb, base))
    by_name = {tr["name"]: tr for tr in spec["data"] if tr["type"] == "scattergeo" and tr.get("name")}
    miit, most = by_name["MIIT AI application pilot zones"], by_name["MOST AI pilot zones"]
    assert len(miit["customdata"]) == _n_codes(tb.miit["city_adcodes"])
    assert len(most["customdata"]) == 18
    assert all("Innovation Application" in h for h in miit["hovertext"])
    assert not any("Innovation Application" in h for h in most["hovertext"])


def test_english_hover_and_legend(tb, base):
    view = explorer.View(as_of=FAR, layers=explorer.LAYERS, strategies=("GBA",), lang="en")
    _, spec = _spec(explorer.figure(view, tb, base))
    for tr in spec["data"]:
        if tr.get("name") and tr["name"] != "cities":
            assert not CJK.search(tr["name"]), tr["name"]
    hit = next(tr for tr in spec["data"] if tr.get("name") == "cities")
    hz = hit["hovertext"][hit["locations"].index("330100")]
    assert hz.startswith("杭州市 Hangzhou") and "YRD core" in hz and "MIIT zone" in hz, hz


def test_zoom_uses_regional_detail(tb, base):
    view = explorer.View(as_of=FAR, strategies=("GBA",), zoom="GBA", indicator="gdp", level="city")
    _, spec = _spec(explorer.figure(view, tb, base))
    urls = {tr["geojson"] for tr in spec["data"] if isinstance(tr.get("geojson"), str)}
    assert "app/static/geo/city_regional.geojson" in urls and "app/static/geo/strategies_regional.geojson" in urls
    assert not any("national" in u for u in urls)
    assert "geo2" not in spec["layout"] and not any(tr.get("geo") == "geo2" for tr in spec["data"])
    (x0, x1), (y0, y1) = explorer.zoom_bounds("GBA")
    for lon, lat in (tb.point["440300"], tb.point["810000"], tb.point["440100"]):
        assert x0 < lon < x1 and y0 < lat < y1
    assert x1 - x0 < 10 and spec["layout"]["geo"]["lonaxis"]["range"] == [x0, x1]
    # the base map is cached: zooming must not have taken the inset off the national map
    _, national = _spec(explorer.figure(explorer.View(as_of=FAR), tb, base))
    assert "geo2" in national["layout"] and any(tr.get("geo") == "geo2" for tr in national["data"])


def test_zone_layer_on_a_past_date(tb, base):
    _, spec = _spec(explorer.figure(explorer.View(as_of=date(2020, 6, 30)), tb, base))
    most = next(tr for tr in spec["data"] if tr.get("name") == "科技部 人工智能创新发展试验区")
    assert "440100" not in most["customdata"] and "330100" in most["customdata"], "Guangzhou came in Sept 2020"


# ----------------------------------------------------------------------------------------------- profile


def test_profile_hangzhou(tb):
    p = city_profile("330100", "zh", as_of=date(2021, 12, 31), tb=tb)
    assert p.name == "杭州市" and p.level == "city" and p.province == "浙江省"
    (z,) = p.zones
    assert z.zone_id == "PZ05" and z.status == "approved" and z.basis == "year" and z.date == "2019"
    assert "国科函规〔2019〕184号" in z.document and "科技部" in z.document  # the letter, named as the source
    assert all(u.startswith("http") for u in z.sources)  # only an official address is ever a link
    assert any("仅知年份" in f for f in p.flags), "an approximate date is flagged"
    scopes = {s.strategy_id: s.scope for s in p.strategies}
    assert scopes == {"YRD": "core-area", "YREB": "full"}
    kinds = [i.kind for i in p.programmes]
    assert kinds.count("miit") == 1 and kinds.count("platforms") == 2 and "demo_zones" in kinds
    miit = next(i for i in p.programmes if i.kind == "miit")
    assert "先导区" in miit.value and "试验区" not in miit.value
    pop = next(i for i in p.indicators if i.kind == "population")
    assert pop.value == "1,194 万人" and pop.when == "2020" and "浙江省第七次全国人口普查公报" in pop.source.text and pop.confidence == "confirmed"


def test_profile_follows_the_date(tb):
    assert city_profile("330100", "en", as_of=date(2019, 6, 30), tb=tb).zones[0].status == "uncertain"
    before = city_profile("330100", "en", as_of=date(2018, 12, 31), tb=tb)
    assert before.zones[0].status == "not_yet" and not before.has_zone
    assert any("not yet" in i.value for i in before.programmes if i.kind == "miit")


def test_profile_city_without_zone(tb):
    p = city_profile("540100", "en", tb=tb)  # Lhasa
    assert p.name == "Lhasa" and p.zones == () and not p.has_zone
    assert p.strategies == ()
    assert not any(i.kind in ("miit", "platforms") for i in p.programmes)
    gdp = next(i for i in p.indicators if i.kind == "gdp")
    assert gdp.value != "Unknown" and "China City Statistical Yearbook" not in gdp.source.text  # documents are cited in Chinese
    ngari = city_profile("542500", "en", tb=tb)  # 阿里地区: no census figure; GDP only for 2024
    assert next(i for i in ngari.indicators if i.kind == "population").value == "Unknown", "said so, never 0"
    assert not any("No population or GDP" in f for f in ngari.flags)
    for text in [p.name] + [s.scope_text for s in p.strategies] + [i.label for i in p.indicators] + list(p.flags):
        assert not CJK.search(text), text


def test_profile_county_zone_city_and_alias(tb):
    huzhou = city_profile("330500", "zh", tb=tb)
    assert [z.zone_id for z in huzhou.zones] == ["PZ07"], "Deqing's zone shows on its city"
    beijing = city_profile("110100", "zh", tb=tb)
    assert beijing.adcode == "110000" and beijing.zones[0].zone_id == "PZ01"
    assert next(i for i in beijing.indicators if i.kind == "population").value == "2,189 万人"
    with pytest.raises(ValueError):
        city_profile("999999", "zh", tb=tb)


def test_profile_partial_strategy_member(tb):
    cq = city_profile("500000", "en", tb=tb)
    scopes = {s.strategy_id: s.scope for s in cq.strategies}
    assert scopes.get("CY") == "partial" and scopes.get("YREB") == "full"


def test_unit_labels_every_option_once_per_language(tb):
    """The city selectbox formats every option on each rerun, so the labels are a lookup built once."""
    opts = tb.unit_options
    assert len(opts) == len(set(opts)) > 370
    everything = tb.options_at("county")  # the county level offers every county as well
    assert len(everything) == len(set(everything)) > 3000 and set(opts) <= set(everything)
    assert tb.options_at("city") is opts and tb.options_at("province") is opts
    zh, en = tb.unit_labels("zh"), tb.unit_labels("en")
    assert set(zh) == set(en) == set(everything)
    assert zh["220104"] == "朝阳区（长春市）" and en["110105"] == "Chaoyang District (Beijing)"
    assert tb.unit_labels("zh") is zh  # built once
    assert zh["110000"] == "北京市" and en["110000"] == "Beijing"  # a municipality is labelled as the city
    assert zh["330521"] == "德清县（湖州市）" and en["330521"] == "Deqing County (Huzhou)"  # a county names its city
    assert en["440000"] == "Guangdong (province)"


@pytest.mark.parametrize("ind", ["zones", "high_tech_zones"])  # counted from the zones' statuses; by year
def test_one_date_state_draws_one_figure(tb, base, ind):
    """The figure cache keys on ``date_state``: every date in a state must draw the figure of any other date
    in it, or a slider move would show a stale map. Checked at the two ends of each state over 2019–2024."""
    from datetime import timedelta

    view = explorer.View(as_of=FAR, layers=tuple(explorer.LAYERS), strategies=("JJJ", "YRD"), indicator=ind,
                         level="city", lang="en")
    days = [date(2019, 1, 1) + timedelta(days=14 * i) for i in range(135)]
    groups: dict[tuple, list[date]] = {}
    for d in days:
        groups.setdefault(explorer.date_state(replace(view, as_of=d), tb), []).append(d)
    assert len(groups) >= 8, "the zones, MIIT and platform layers change many times over these years"
    spec = lambda d: explorer.figure(replace(view, as_of=d), tb, base).to_json()  # noqa: E731
    for ds in groups.values():
        if len(ds) > 1:
            assert spec(ds[0]) == spec(ds[-1]), f"{ds[0]} and {ds[-1]} share a state but draw different maps"


def test_cached_spec_reuses_a_state_and_not_across_states(tb, base):
    import plotly.graph_objects as go

    tb2 = explorer.load_tables()  # a fresh cache
    v = explorer.View(as_of=date(2020, 6, 30), layers=("zones", "miit"))
    a = explorer.cached_spec(v, tb2, base)
    assert explorer.cached_spec(replace(v, as_of=date(2020, 7, 1)), tb2, base) is a  # no approval between
    later = explorer.cached_spec(replace(v, as_of=FAR), tb2, base)
    as_dict = lambda fig: json.loads(go.Figure(fig).to_json())  # noqa: E731  (validated: the dict is a valid figure)
    assert later is not a and as_dict(later) != as_dict(a)
    assert as_dict(later) == as_dict(explorer.figure(replace(v, as_of=FAR), tb2, base))
    assert explorer.cached_spec(replace(v, lang="en"), tb2, base) is not a  # the view is in the key


def test_macro_regions_stay_visible_over_an_indicator(tb, base):
    """Alone, macro regions tint the provinces; with an indicator on, a tint under the opaque choropleth could
    not be seen, so they become coloured edges drawn above it."""
    alone = _spec(explorer.figure(explorer.View(as_of=FAR, layers=("macro",)), tb, base))[1]["data"]
    over = _spec(explorer.figure(explorer.View(as_of=FAR, layers=("macro",), indicator="population"), tb, base))[1]["data"]
    macro = lambda data: [i for i, tr in enumerate(data)  # noqa: E731
                          if tr.get("legendgroup") == "macro" and tr["type"] == "choropleth"]
    assert len(macro(alone)) == len(macro(over)) == 4
    swatches = [tr for tr in over if tr.get("legendgroup") == "macro" and tr["type"] == "scattergeo"]
    assert [tr["line"]["color"] for tr in swatches] == [over[i]["marker"]["line"]["color"] for i in macro(over)]
    assert all(tr["showlegend"] for tr in swatches) and not any(over[i].get("showlegend") for i in macro(over))
    for i in macro(alone):
        assert alone[i]["colorscale"][0][1] != "rgba(0,0,0,0)" and alone[i]["marker"]["opacity"] < 1
    choro = next(i for i, tr in enumerate(over) if tr.get("colorbar"))
    assert min(macro(over)) > choro, "edges are drawn above the indicator's colours"
    for i in macro(over):
        tr = over[i]
        assert tr["colorscale"][0][1] == "rgba(0,0,0,0)"  # no fill
        assert tr["marker"]["line"]["color"] in theme.MACRO_COLOURS.values()
        assert tr["marker"]["line"]["width"] >= 1.5


def _cold(tb: explorer.Tables) -> explorer.Tables:
    """The same tables with empty figure caches (the layer parts, the per-language zone layer, the figures);
    undated lookups (memberships, points) are shared, as they are built once per data set anyway."""
    for lookup in ("cities", "city_code", "point", "hub_rows", "names", "city_memberships", "programme_cities",
                   "city_strategies"):
        getattr(tb, lookup)  # built once on ``tb`` and shared
    cold = explorer.Tables(**{f.name: getattr(tb, f.name) for f in fields(explorer.Tables)})
    for k, v in tb.__dict__.items():
        if k not in {f.name for f in fields(explorer.Tables)} and k not in ("_parts", "_zone_points", "_figures"):
            cold.__dict__[k] = v
    return cold


SWEEP_VIEWS = (
    explorer.View(as_of=FAR),
    explorer.View(as_of=FAR, layers=tuple(explorer.LAYERS), strategies=("JJJ", "YRD", "YRD-core"), indicator="zones",
                  level="city", city="330521", lang="en"),
    explorer.View(as_of=FAR, layers=("zones", "miit", "macro"), zoom="GBA", indicator="population"),
)


@pytest.mark.parametrize("view", SWEEP_VIEWS, ids=["default", "all-layers", "gba-zoom"])
def test_layer_parts_cached_across_dates_draw_what_a_cold_build_draws(tb, base, view):
    """A date-slider rerun reuses each layer's traces while its own rows keep their status: over a sweep of
    dates (each state reached from another one), the warm figure must equal one built from empty caches."""
    from datetime import timedelta

    warm = _cold(tb)
    for d in [date(2019, 1, 1) + timedelta(days=73 * i) for i in range(30)]:
        v = replace(view, as_of=d)
        assert explorer.figure(v, warm, base).to_dict() == explorer.figure(v, _cold(tb), base).to_dict(), d
    assert len(warm._parts) > 5  # the parts were cached and reused, not rebuilt every time


@pytest.mark.parametrize("view", SWEEP_VIEWS, ids=["default", "all-layers", "gba-zoom"])
def test_figure_assembled_without_revalidation_is_what_plotly_validates(tb, base, view):
    """The figure is assembled from trace dicts with plotly's validation off (each trace was validated when
    built); passing the result through plotly's validating constructor must change nothing."""
    import plotly.graph_objects as go

    for d in (date(2019, 6, 1), date(2020, 9, 1), FAR):
        spec = explorer.figure(replace(view, as_of=d), tb, base).to_dict()
        assert go.Figure(spec).to_dict() == spec


def test_colour_bar_ticks_are_plain_numbers_not_si_prefixes():
    """Under a 万人 or 亿元 title, plotly's default "5k / 10k" mixed an SI prefix with a Chinese unit."""
    import datetime as dt

    tb = explorer.load_tables()
    for lang in ("zh", "en"):
        v = explorer.View(as_of=dt.date(2021, 12, 31), layers=("zones",), strategies=(), indicator="population",
                          level="province", zoom=explorer.NATIONAL, city=None, lang=lang)
        fig = explorer.figure(v, tb, basemap.base_map(embed=False))
        bars = [tr.colorbar for tr in fig.data if tr.type == "choropleth" and tr.showscale is not False and tr.colorbar.title.text]
        assert bars and all(b.tickformat == ",~r" for b in bars)


def test_the_hit_layer_written_as_a_dict_is_what_plotly_would_write(tb, base):
    """The city hover layer skips plotly's validation (it is rebuilt for every date): plotly, validating it,
    must write the same trace back."""
    import plotly.graph_objects as go

    spec = explorer.figure_spec(explorer.View(as_of=FAR, indicator="population"), tb, base)
    hit = next(t for t in spec["data"] if t.get("name") == "cities")
    assert len(hit["locations"]) > 300 and len(hit["hovertext"]) == len(hit["locations"])
    assert go.Choropleth(**{k: v for k, v in hit.items() if k != "type"}).to_plotly_json() == hit


def test_point_layers_written_as_dicts_are_what_plotly_would_write(tb, base):
    """The dated point layers skip plotly's validation too; and a demonstration zone's year reads 2009,
    not 2009.0 (the year went through a float column once)."""
    import plotly.graph_objects as go

    spec = explorer.figure_spec(explorer.View(as_of=FAR, layers=tuple(explorer.LAYERS)), tb, base)
    groups = {t.get("legendgroup"): t for t in spec["data"] if t.get("type") == "scattergeo" and t.get("legendgroup")}
    assert {"zones", "miit", "platforms", "demo_zones", "hubs"} <= set(groups)
    for key, tr in groups.items():
        assert len(tr["lon"]) > 0, key
        assert go.Scattergeo(**{k: v for k, v in tr.items() if k != "type"}).to_plotly_json() == tr, key
    demo = groups["demo_zones"]["hovertext"]
    assert any(re.search(r"\((19|20)\d\d\)$", h) for h in demo), demo[:3]
    assert not any(re.search(r"\d{4}\.0\)", h) for h in demo), [h for h in demo if ".0)" in h][:3]


def test_a_gdp_figure_of_another_year_is_labelled_with_it_and_kept_off_the_map(tb):
    """阿里 has GDP only for 2024: the card says so; the 2023 map and its sums leave the unit blank."""
    gdp = next(i for i in city_profile("542500", "zh", tb=tb).indicators if i.kind == "gdp")
    assert gdp.when == "2024" and "2024" in gdp.label and gdp.value != "未知"
    lhasa = next(i for i in city_profile("540100", "en", tb=tb).indicators if i.kind == "gdp")
    assert lhasa.when == "2023" and lhasa.label == "GDP (2023)"
    shown = explorer.indicator(tb, "gdp", "city", FAR).values
    assert pd.isna(shown["542500"]) and not pd.isna(shown["540100"])


def _alpha(colour: str) -> float:
    """The alpha of a plotly colour string (``#RRGGBB`` is opaque)."""
    m = re.fullmatch(r"rgba\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*,\s*([\d.]+)\s*\)", colour)
    return float(m.group(1)) if m else 1.0


def _strategy_areas(data: list[dict]) -> list[int]:
    """Indices of the strategy areas' coloured outlines (not their white casings)."""
    return [i for i, tr in enumerate(data) if tr["type"] == "choropleth" and str(tr.get("legendgroup", "")).startswith("strategy-")
            and tr["marker"]["line"]["color"] != "white"]


@pytest.mark.parametrize("layers,ind", [((), "gdp"), (("macro",), "population"), (("macro",), None), ((), None)])
def test_strategy_areas_the_legend_lists_are_drawn(tb, base, layers, ind):
    """Issue 15 item 5: with an indicator on, the strategy areas vanished while the legend listed them
    (``marker.opacity`` dims a choropleth's outline with its fill). Every area listed is drawn with its outline
    at full strength above any indicator; over an indicator it is an outline only, on a white casing."""
    keys = ("YREB", "JJJ", "YRD", "GBA", "CY", "YRD-core")
    view = explorer.View(as_of=FAR, layers=layers, strategies=keys, indicator=ind, lang="en")
    data = _spec(explorer.figure(view, tb, base))[1]["data"]
    areas = _strategy_areas(data)
    assert len(areas) == len(keys)
    listed = {tr["name"]: tr for tr in data if str(tr.get("legendgroup", "")).startswith("strategy-") and tr.get("showlegend")}
    assert len(listed) == len(keys), "one legend entry per area"
    for i in areas:
        tr = data[i]
        assert tr.get("marker", {}).get("opacity", 1) == 1, "the outline is not dimmed with the fill"
        assert _alpha(tr["marker"]["line"]["color"]) == 1 and tr["marker"]["line"]["width"] >= 1.4
        entry = listed[tr["name"]]
        assert entry["legendgroup"] == tr["legendgroup"] and entry["line"]["color"] == tr["marker"]["line"]["color"], \
            "the legend shows the outline's colour, and a click on it hides the area"
        fills = {c for _, c in tr["colorscale"]}
        if ind is not None:
            assert all(_alpha(c) == 0 for c in fills), "over an indicator: outlines only, its colours stay true"
        elif "macro" not in layers:
            assert all(0 < _alpha(c) < 0.5 for c in fills), "alone, the areas are tinted"
    if ind is not None:
        choro = next(i for i, tr in enumerate(data) if tr.get("colorbar"))
        assert min(areas) > choro, "outlines above the indicator's fill"
        casings = [i for i, tr in enumerate(data) if tr["type"] == "choropleth"
                   and str(tr.get("legendgroup", "")).startswith("strategy-") and tr["marker"]["line"]["color"] == "white"]
        assert len(casings) == len(keys) and choro < min(casings) and max(casings) < min(areas)
        assert all(data[c]["marker"]["line"]["width"] > data[a]["marker"]["line"]["width"]
                   for c, a in zip(casings, areas))


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zone_labels_stay_readable_on_the_darkest_provinces(tb, base, lang):
    """Issue 15 item 5: zone names in dark ink over the indicator's darkest blue could not be read. Each map
    label either contrasts with that blue by itself (WCAG 4.5:1) or has plotly's halo, which is drawn in the
    colour contrasting with the text (white around dark ink)."""
    view = explorer.View(as_of=FAR, layers=("zones",), indicator="gdp", lang=lang)
    data = _spec(explorer.figure(view, tb, base))[1]["data"]
    darkest = theme.SEQUENTIAL[-1][1]
    labelled = [tr for tr in data if tr["type"] == "scattergeo" and "text" in tr.get("mode", "") and tr.get("geo") == "geo"]
    assert labelled and any(tr.get("legendgroup") == "zones" for tr in labelled)
    for tr in labelled:
        font = tr.get("textfont", {})
        colour = font.get("color", theme.INK)
        assert _contrast(colour, darkest) >= 4.5 or (font.get("shadow") == "auto" and _contrast(colour, "#FFFFFF") >= 4.5), \
            (tr.get("name"), font)
