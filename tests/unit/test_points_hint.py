"""aizone.points.hint: another datum named when it fits the points clearly better; silent otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from aizone import datum
from aizone import points as P
from aizone.points import hint

from synthetic_units import two_counties


@pytest.fixture(scope="module")
def two() -> P.Units:
    return two_counties()


def _csv(lon, lat, codes=None) -> bytes:
    head = "name,lng,lat" + (",adcode" if codes is not None else "")
    rows = [f"p{i},{float(a)!r},{float(b)!r}" + (f",{codes[i]}" if codes is not None else "")
            for i, (a, b) in enumerate(zip(lon, lat))]
    return ("\n".join([head, *rows]) + "\n").encode()


def _coastal(src: str):
    """WGS-84 points 200 m inside the western and eastern edges of the coverage, written in ``src``."""
    lat = np.linspace(39.6, 39.9, 10)
    lon = np.r_[np.full(5, 116.0024), np.full(5, 116.9976)]
    return datum.convert(lon, lat, "wgs84", src)


def test_points_that_fall_into_the_sea_name_the_datum_that_keeps_them_on_land(two):
    x, y = _coastal("gcj02")
    r = P.parse_points(_csv(x, y), "wgs84")
    P.join_points(r, two)
    codes = [h[0] for h in r.hints]
    assert "datum_inside_hint" in codes
    kw = dict(r.hints)["datum_inside_hint"]
    assert kw["datum"] == "GCJ-02" and kw["chosen"] == "WGS-84" and kw["n"] >= 3
    assert "GCJ-02" in P.message("datum_inside_hint", "en", **kw) and "GCJ-02" in P.message("datum_inside_hint", "zh", **kw)


def test_the_right_choice_gives_no_datum_hint(two):
    x, y = _coastal("gcj02")
    r = P.parse_points(_csv(x, y), "gcj02")
    j = P.join_points(r, two)
    assert len(j) == 10 and not [h for h in r.hints if h[0].startswith("datum_")]


def test_inland_points_say_nothing(two):
    rng = np.random.default_rng(0)
    x, y = datum.convert(rng.uniform(116.1, 116.4, 50), rng.uniform(39.6, 39.9, 50), "wgs84", "bd09")
    r = P.parse_points(_csv(x, y), "wgs84")
    P.join_points(r, two)
    assert r.hints == []  # wrong, but nothing in the points shows it: the test stays silent rather than guess


def test_a_code_column_that_agrees_under_another_datum(two):
    """Points 100-300 m either side of the county line, with the code of the county each truly lies in."""
    lon = np.r_[np.linspace(116.4966, 116.4990, 6), np.linspace(116.5010, 116.5034, 6)]
    lat = np.linspace(39.6, 39.9, 12)
    codes = ["110101"] * 6 + ["130102"] * 6
    x, y = datum.convert(lon, lat, "wgs84", "bd09")
    r = P.parse_points(_csv(x, y, codes), "gcj02")
    P.join_points(r, two)
    kw = dict(r.hints)["datum_code_hint"]
    assert kw["datum"] == "BD-09" and kw["column"] == "adcode" and kw["n"] == 12 and kw["m"] < 12
    right = P.parse_points(_csv(x, y, codes), "bd09")
    P.join_points(right, two)
    assert "datum_code_hint" not in dict(right.hints)


def test_code_column_needs_codes():
    import pandas as pd

    assert hint.code_column(pd.DataFrame({"adcode": ["110101", "x"], "名称": ["a", "b"]})) is None
    assert hint.code_column(pd.DataFrame({"行政区划代码": ["110101", "330521", ""]})) == "行政区划代码"


def test_sample_is_deterministic_and_spread():
    s = hint._sample(1_000_000, 1000)
    assert len(s) == 1000 and s[0] == 0 and s[-1] == 999_999 and np.all(np.diff(s) > 0)


def test_a_column_of_county_names_read_with_the_resolver():
    """Points around Shanghai's centre with their district's name, written in GCJ-02, read as WGS-84."""
    from aizone import gazetteer
    from aizone.resolver import Resolver

    units = P.default_units()
    rng = np.random.default_rng(4)
    lon, lat = rng.uniform(121.38, 121.56, 600), rng.uniform(31.15, 31.32, 600)
    idx = P.locate(units, lon, lat)
    keep = idx >= 0
    g = gazetteer.load()
    names = dict(zip(g.loc[g["level"] == "county", "adcode"], g.loc[g["level"] == "county", "name_zh"]))
    districts = [names[c] for c in units.attrs["county_adcode"].to_numpy()[idx[keep]]]
    x, y = datum.convert(lon[keep], lat[keep], "wgs84", "gcj02")
    body = "名称,区县,lng,lat\n" + "\n".join(f"p{i},{d},{float(a)!r},{float(b)!r}"
                                           for i, (d, a, b) in enumerate(zip(districts, x, y)))
    r = P.parse_points(body.encode(), "wgs84")
    P.join_points(r, units, resolver=Resolver())
    kw = dict(r.hints)["datum_code_hint"]
    assert kw["datum"] == "GCJ-02" and kw["column"] == "区县" and kw["n"] > kw["m"]
    quiet = P.parse_points(body.encode(), "wgs84")
    P.join_points(quiet, units)  # without a resolver, names are not read
    assert "datum_code_hint" not in dict(quiet.hints)
    assert hint.name_column(r.points) == ("区县", "county")
