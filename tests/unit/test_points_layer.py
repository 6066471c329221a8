"""aizone.points.layer / evidence / export: hexagon counts, the map's bytes for a million points, evidence rows,
downloads that name their datum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aizone import basemap, boundaries, candidates
from aizone.figures.maps import Shapes
from aizone.points import evidence, export, layer

BOUND = 200 * 1024  # bytes per rerun for the map layer (issue 18)


# ------------------------------------------------------------------------------------------ hexagons

def test_hexbin_counts_every_point_once_and_caps_the_cells():
    rng = np.random.default_rng(0)
    lon, lat = rng.uniform(75, 134, 200_000), rng.uniform(18, 53, 200_000)
    b = layer.hexbin(lon, lat, max_cells=500)
    assert b.count.sum() == 200_000 and len(b.count) <= 500 and (b.count > 0).all()
    fine = layer.hexbin(lon[:1000], lat[:1000])
    assert fine.size_deg == layer.HEX_START_DEG and fine.count.sum() == 1000


def test_each_point_goes_to_its_nearest_hexagon_centre():
    """Against brute force: the assigned centre is the nearest of all lattice centres (in the scaled plane)."""
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 3, 3000), rng.uniform(0, 3, 3000)
    sx = 0.5
    second, col, row = layer._bin(x, y, sx)
    off = np.where(second, 0.5, 0.0)
    cx, cy = (col + off) * sx, (row + off) * sx * np.sqrt(3)
    gx, gy = np.meshgrid(np.arange(-2, 10) * sx, np.arange(-2, 6) * sx * np.sqrt(3))
    centres = np.r_[np.c_[gx.ravel(), gy.ravel()], np.c_[gx.ravel() + sx / 2, gy.ravel() + sx * np.sqrt(3) / 2]]
    d = np.hypot(x[:, None] - centres[None, :, 0], y[:, None] - centres[None, :, 1]).min(axis=1)
    assert np.allclose(np.hypot(x - cx, y - cy), d, atol=1e-12)


# ------------------------------------------------------------------------------------------ the map's bytes

@pytest.fixture(scope="module")
def setting():
    counties = boundaries.load("county", "regional")
    base = basemap.base_map()
    shapes = {"city": base.cities_main,
              "county": Shapes(boundaries.geojson_url("county", "regional"), tuple(counties["adcode"]))}
    names = {"city": {}, "county": dict(zip(counties["adcode"], counties["adcode"].map(lambda a: "某某县" + a)))}
    return counties, base, shapes, names


@pytest.fixture(scope="module")
def million(setting) -> pd.DataFrame:
    return _million(setting[0])


def _million(counties: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(2)
    n = 1_000_000
    i = rng.integers(0, len(counties), n)
    pts = counties.geometry.representative_point()
    return pd.DataFrame({"lon": pts.x.to_numpy()[i] + rng.normal(0, 0.1, n),
                         "lat": pts.y.to_numpy()[i] + rng.normal(0, 0.1, n),
                         "county_adcode": counties["adcode"].to_numpy()[i],
                         "city_adcode": counties["parent_adcode"].to_numpy()[i]})


def _bytes(fig) -> int:
    from aizone.ui.livemap import payload

    return len(payload(fig, {"topojsonURL": "app/static/"}, "app/static/vendor/plotly.min.js")[0])


@pytest.mark.parametrize("view", ["hex", "city", "county"])
def test_a_million_points_send_at_most_200_kb(setting, million, view):
    counties, base, shapes, names = setting
    joined = million
    fig = layer.figure(joined, view, base=base, shapes=shapes, names=names, lang="zh")
    assert _bytes(fig) <= BOUND
    if view == "county":
        z = fig.data[-1]
        assert len(z.locations) == counties["adcode"].nunique() and max(z.z) == pytest.approx(
            np.log10(joined["county_adcode"].value_counts().max()), abs=1e-3)


def test_markers_at_the_limit_stay_under_the_bound_and_are_escaped(setting, million):
    counties, base, shapes, names = setting
    joined = million.head(layer.MARKER_MAX).assign(名称="<a href='x'>某某人工智能\x01科技有限公司</a>" * 2)
    fig = layer.figure(joined, "markers", base=base, shapes=shapes, names=names, lang="en")
    assert _bytes(fig) <= BOUND
    hover = next(tr for tr in fig.data if tr.type == "scattergeo" and tr.name == "Your points" and tr.geo == "geo").hovertext[0]
    assert hover.startswith("＜a href='…<br>") and "<a" not in hover and "\x01" not in hover
    assert hover.split("<br>")[1] == names["county"][joined["county_adcode"].iloc[0]][: layer.PLACE_CHARS - 1] + "…"
    with pytest.raises(ValueError):
        layer.figure(million.head(layer.MARKER_MAX + 1), "markers", base=base, shapes=shapes, names=names,
                     lang="en")


def test_views_offered():
    assert layer.views(10) == layer.VIEWS and "markers" not in layer.views(layer.MARKER_MAX + 1)
    assert layer.default_view(layer.MARKER_MAX) == "markers" and layer.default_view(layer.MARKER_MAX + 1) == "hex"


# ------------------------------------------------------------------------------------------ evidence

def _joined() -> pd.DataFrame:
    return pd.DataFrame({"county_adcode": ["330521", "330521", "330502", "419001", "110105"],
                         "city_adcode": ["330500", "330500", "330500", "419001", "110000"]})


def test_evidence_rows_count_cities_and_counties_and_never_write_zero():
    rows = evidence.rows(_joined(), "data_centres", " AI companies ")
    got = dict(zip(rows["adcode"], rows["data_centres"]))
    assert got == {"330500": 3, "330521": 2, "330502": 1, "419001": 1, "110000": 1, "110105": 1}
    assert set(rows["caveat"]) == {"user_points"} and set(rows["detail"]) == {"AI companies"}
    assert set(evidence.INDICATORS) <= set(candidates.INDICATORS)
    with pytest.raises(ValueError):
        evidence.rows(_joined(), "ai_core_bn")


def test_a_typed_figure_wins_over_a_count():
    typed = pd.DataFrame({"adcode": ["330500", "320500"], "data_centres": [7, None], "ai_core_bn": [None, 60.0],
                          "source": "user"})
    both = evidence.combine(typed, evidence.rows(_joined(), "data_centres"))
    dc = both.dropna(subset=["data_centres"])
    assert dict(zip(dc["adcode"], dc["data_centres"]))["330500"] == 7 and (dc["adcode"] == "330500").sum() == 1
    assert evidence.combine(None, None) is None and evidence.combine(typed, None) is typed


def test_counted_evidence_reaches_the_engine_labelled():
    from aizone.eligibility import EVIDENCE_COLUMNS

    shipped = pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    ev = candidates.merge_user_data(shipped, evidence.rows(_joined(), "ai_rd_institutes", "AI labs"))
    mine = ev[(ev["adcode"] == "330500") & (ev["indicator"] == "ai_rd_institutes")]
    assert list(mine["value"]) == [3.0] and list(mine["caveat"]) == ["user_points"] and list(mine["detail"]) == ["AI labs"]
    assert ev.attrs["ignored_columns"] == []


# ------------------------------------------------------------------------------------------ downloads

def test_download_names_its_datum():
    joined = pd.DataFrame({"line": [2], "lon": [116.39], "lat": [39.9], "lon_in": [116.4], "lat_in": [39.9],
                           "county_adcode": ["110101"]})
    tab = export.table(joined, "GCJ-02")
    assert list(tab.columns[:5]) == ["line", "lon_wgs84", "lat_wgs84", "lon_input_gcj02", "lat_input_gcj02"]
    assert export.file_stem("gcj02") == "points_joined_wgs84_from_gcj02"
    assert "GCJ-02" in export.datum_note("gcj02", "en") and "EPSG:4326" in export.datum_note("gcj02", "zh")

    class R:
        datum, rejected = "gcj02", [1, 2]

    sheets = export.sheets(tab, R(), "mine.csv", "en")
    about = sheets["about"]
    assert list(about.iloc[:, 1])[:1] == ["mine.csv"] and "GCJ-02" in about.iloc[1, 1] and about.iloc[3, 1] == 2


@pytest.mark.parametrize("view", ["markers", "hex"])
def test_points_in_the_south_china_sea_show_in_the_inset(setting, view):
    counties, base, shapes, names = setting
    joined = pd.DataFrame({"lon": [116.4, 112.3, 114.2], "lat": [39.9, 16.8, 10.4],
                           "county_adcode": ["110101", "460301", "460302"], "city_adcode": ["110000", "460300", "460300"]})
    fig = layer.figure(joined, view, base=base, shapes=shapes, names=names, lang="en")
    inset = [tr for tr in fig.data if tr.type == "scattergeo" and tr.geo == "geo2" and tr.mode == "markers"]
    assert len(inset) == 1 and sorted(inset[0].lat) == pytest.approx([10.4, 16.8], abs=0.1)  # hexagon centres
    assert inset[0].marker.showscale is False


def test_the_workbook_holds_points_about_and_sources():
    import io

    import openpyxl

    from aizone import provenance
    from aizone.tabular_export import sources_table, to_xlsx_bytes

    joined = pd.DataFrame({"line": [2, 3], "lon": [116.39, 121.4], "lat": [39.9, 31.2], "lon_in": [116.4, 121.41],
                           "lat_in": [39.9, 31.21], "county_adcode": ["110101", "310101"], "名称": ["=cmd|' /C calc'!A0", "乙"]})

    class R:
        datum, rejected = "bd09", []

    from aizone.config import DATA

    origins = [provenance.read_sidecar(DATA / "boundaries" / "county_regional.parquet")]
    data = to_xlsx_bytes(export.sheets(export.table(joined, "bd09"), R(), "x.csv", "zh"), sources_table(origins, "zh"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["点位", "说明", "sources"]
    head = [c.value for c in wb["点位"][1]]
    assert head[:5] == ["line", "lon_wgs84", "lat_wgs84", "lon_input_bd09", "lat_input_bd09"]
    assert wb["点位"]["G2"].data_type == "s"  # a formula-looking name stays text
    assert "BD-09" in wb["说明"]["B3"].value
