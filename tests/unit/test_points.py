"""aizone.points: reading, coordinate columns, datum conversion, joining to units, rejected rows by line."""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizone import datum
from aizone import points as P

from synthetic_units import two_counties


# ------------------------------------------------------------------------------------------ synthetic units


@pytest.fixture(scope="module")
def two() -> P.Units:
    return two_counties()


def _csv(rows: list[str], header: str = "name,lng,lat") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------------ columns

@pytest.mark.parametrize("cols,expected", [
    (["名称", "经度", "纬度"], ("经度", "纬度")),
    (["名称", "经度（GCJ-02）", "纬度（GCJ-02）"], ("经度（GCJ-02）", "纬度（GCJ-02）")),
    (["Name", "LNG", "LAT"], ("LNG", "LAT")),
    (["lon", "lat"], ("lon", "lat")),
    (["Longitude ", "Latitude"], ("Longitude ", "Latitude")),
    (["id", "X", "Y"], ("X", "Y")),
    (["x", "y", "经度", "纬度"], ("经度", "纬度")),  # the Chinese pair wins over x/y
    (["name", "lat"], None),
    (["名称", "地址"], None),
])
def test_detect_columns(cols, expected):
    assert P.detect_columns(cols) == expected


# ------------------------------------------------------------------------------------------ formats

def test_csv_lines_and_rejections(two):
    data = _csv(["a,116.4,39.9", "b,abc,39.9", "", "c,,39.9", "d,２１６.4,39.9", "e,116，4,39.9", "f,116.6,39.7",
                 "g,2.35,48.85"])
    r = P.parse_points(data, "wgs84")
    assert r.ok and r.columns == ("lng", "lat") and r.kind == "csv"
    j = P.join_points(r, two)
    assert list(j["line"]) == [2, 7, 8]  # line 7: a full-width comma read as a decimal comma
    assert list(j["county_adcode"]) == ["110101", "110101", "130102"]
    assert list(j["name"]) == ["a", "e", "f"]
    rej = r.rejected_frame("en")
    assert list(zip(rej["line"], rej["reason"])) == [(3, "not_number"), (5, "missing"), (6, "out_of_range"),
                                                     (9, "outside_china")]
    assert "not numbers: abc, 39.9" in rej["message"].iloc[0]
    assert P.counts(j, "city").set_index("adcode")["count"].to_dict() == {"110000": 2, "130100": 1}


def test_decimal_comma_and_fullwidth_digits(two):
    data = "名称;经度;纬度\n甲;116,4;39,9\n乙;１１６.６;３９.７\n".encode("utf-8")
    r = P.parse_points(data)
    j = P.join_points(r, two)
    assert list(j["county_adcode"]) == ["110101", "130102"] and not r.rejected


def test_gbk_csv():
    data = "名称,经度,纬度\n北京,116.4,39.9\n".encode("gbk")
    r = P.parse_points(data)
    assert r.ok and len(r.points) == 1 and r.points["名称"].iloc[0] == "北京"


def test_xlsx(two):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["名称", "经度", "纬度"])
    ws.append(["甲", 116.4, 39.9])
    ws.append([None, None, None])
    ws.append(["乙", "n/a", 39.9])
    ws.append(["丙", 116.6, 39.7])
    buf = io.BytesIO()
    wb.save(buf)
    r = P.parse_points(buf.getvalue())
    assert r.kind == "xlsx"
    j = P.join_points(r, two)
    assert list(j["line"]) == [2, 5] and [x.line for x in r.rejected] == [4]


def test_geojson(two):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [116.4, 39.9]}},
        {"type": "Feature", "properties": {"name": "b"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},
        {"type": "Feature", "properties": {"name": "c"}, "geometry": {"type": "Point", "coordinates": [116.6, 39.7]}},
    ]}
    r = P.parse_points(json.dumps(fc).encode())
    assert r.kind == "geojson" and r.columns == ("lon", "lat")
    j = P.join_points(r, two)
    assert list(j["line"]) == [1, 3] and [(x.line, x.reason) for x in r.rejected] == [(2, "missing")]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty_file"),
    (b"name,address\nx,y\n", "no_columns"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old_xls"),
    (b"PK\x03\x04 broken zip", "bad_xlsx"),
    (b'{"type": "Feature", "geometry": ', "bad_geojson"),
    (b"\x00\x01\x02\x03" * 100, "not_table"),
])
def test_bad_files_refused_without_exception(data, reason):
    r = P.parse_points(data)
    assert not r.ok and r.problem[0] == reason and r.points.empty
    assert P.message(reason, "zh", mb=1) and P.message(reason, "en", mb=1)


def test_ten_megabytes_of_rows_and_the_size_limit(two):
    rng = np.random.default_rng(3)
    n = 450_000
    lon = np.round(rng.uniform(116.05, 116.95, n), 6).astype(str)
    lon[::1000] = "x"
    body = "\n".join(f"p{i},{a},39.8" for i, a in enumerate(lon))
    data = ("name,lng,lat\n" + body + "\n").encode()
    assert len(data) > 10_000_000
    r = P.parse_points(data)
    j = P.join_points(r, two)
    assert len(j) + len(r.rejected) == n and len(r.rejected) == n // 1000
    assert r.rejected[0].line == 2 and r.rejected[1].line == 1002
    small = P.parse_points(data, max_bytes=1_000_000)
    assert small.problem == ("too_large", {"mb": 0})


def test_outside_china_hint(two):
    r = P.parse_points(_csv(["a,2.35,48.85", "b,-74.0,40.7", "c,116.4,39.9"]))
    P.join_points(r, two)
    assert [h[0] for h in r.hints] == ["outside_hint"]


def test_swapped_hint():
    r = P.parse_points(_csv(["a,39.9,116.4", "b,39.7,116.6"]))
    assert ("swapped_hint", {"n": 2}) in r.hints


# ------------------------------------------------------------------------------------------ datum

@pytest.mark.parametrize("src", ["gcj02", "bd09"])
def test_points_near_a_county_line_land_right_only_when_converted(two, src):
    """Points 150-250 m either side of the line 116.5 °E, given in GCJ-02 or BD-09 (shifted ~500 m east)."""
    wgs_lon = np.array([116.4975, 116.4983, 116.5017, 116.5025])
    wgs_lat = np.full(4, 39.75)
    x, y = datum.convert(wgs_lon, wgs_lat, "wgs84", src)
    data = _csv([f"p{i},{float(a)!r},{float(b)!r}" for i, (a, b) in enumerate(zip(x, y))])
    right = P.join_points(P.parse_points(data, src), two)
    assert list(right["county_adcode"]) == ["110101", "110101", "130102", "130102"]
    assert np.allclose(right["lon"], wgs_lon, atol=1e-7)
    wrong = P.join_points(P.parse_points(data, "wgs84"), two)
    assert list(wrong["county_adcode"]) != list(right["county_adcode"])


def test_unknown_datum_is_an_error():
    with pytest.raises(datum.DatumError):
        P.parse_points(_csv(["a,116.4,39.9"]), "NAD27")


# ------------------------------------------------------------------------------------------ shipped units

@pytest.fixture(scope="module")
def shipped() -> P.Units:
    return P.default_units(date(2021, 12, 31))


def test_join_to_shipped_units(shipped):
    from aizone import gazetteer

    gaz = gazetteer.load().set_index(["adcode", "level"])
    rows = []
    for code in ("330521", "500103", "440304", "110112"):  # 德清县, 渝中区, 福田区, 通州区
        lon, lat = gaz.loc[(code, "county"), ["lon", "lat"]]
        rows.append(f"{code},{lon},{lat}")
    r = P.parse_points(_csv(rows, "code,lon,lat"))
    j = P.join_points(r, shipped)
    assert list(j["county_adcode"]) == ["330521", "500103", "440304", "110112"]
    assert list(j["city_adcode"]) == ["330500", "500000", "440300", "110000"]
    assert list(j["macro_region"]) == ["east", "west", "east", "east"]
    assert "YRD" in j["strategies"].iloc[0].split("|") and "CY" in j["strategies"].iloc[1].split("|")
    assert "GBA" in j["strategies"].iloc[2].split("|") and "JJJ" in j["strategies"].iloc[3].split("|")
    assert list(j["zone_status"]) == ["approved"] * 4  # Deqing (county zone), Chongqing, Shenzhen, Beijing


# ------------------------------------------------------------------------------------------ properties

_cell = st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.sampled_from(["", " ", "116.4", "39.9", "１１６", "1e400", "-0", "NaN", "°", "12,5"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_cell, _cell, _cell), max_size=30), src=st.sampled_from(datum.DATUMS))
def test_parser_accounts_for_every_row(rows, src):
    df = pd.DataFrame(rows, columns=["name", "经度", "纬度"], dtype=object).astype(str) if rows else \
        pd.DataFrame(columns=["name", "经度", "纬度"])
    table = P.Table(df.apply(lambda s: s.str.strip()) if rows else df, pd.Series(range(2, len(df) + 2)), "csv")
    r = P.parse_table(table, src)
    assert r.ok
    assert len(r.points) + len(r.rejected) == len(df)
    lines = sorted(list(r.points["line"]) + [x.line for x in r.rejected])
    assert lines == list(range(2, len(df) + 2))
    assert r.points["lon"].between(-180.1, 180.1).all() and r.points["lat"].between(-90.1, 90.1).all()
    for x in r.rejected:
        assert x.message("zh") and x.message("en")


@settings(max_examples=100, deadline=None)
@given(blob=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(blob):
    r = P.parse_points(blob)
    assert r.ok or r.problem[0] in P.MESSAGES


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False).map(repr), _cell,
                                st.text(alphabet="0123456789.,-+eE０１２３４５６７８９，．　° ", max_size=10)),
                      max_size=40))
def test_fast_path_reads_a_cell_as_the_normalising_path_does(cells):
    """to_numbers normalises only cells that are not plain numbers; reading every cell the slow way agrees."""
    import unicodedata as ud

    from aizone.points import core

    series = pd.Series(cells, dtype=object).astype(str)
    vals, empty = core.to_numbers(series)
    slow = core._normal_text(series.map(lambda s: ud.normalize("NFKC", s).strip()))
    ok = slow.str.fullmatch(core._NUM).to_numpy(dtype=bool)
    expect = np.full(len(slow), np.nan)
    expect[ok] = slow[ok].astype(float).to_numpy() if ok.any() else []
    assert np.array_equal(vals, expect, equal_nan=True)
    assert np.array_equal(empty, (slow == "").to_numpy())
