"""The My points page in AppTest: upload, hints, the map's views and size, evidence for candidates, downloads."""

from __future__ import annotations

import numpy as np
import pytest
from apptest import live_map, run_page

from aizone import datum, gazetteer

PAGE = "pages/points.py"


def _county_points(n: int, src: str = "wgs84", seed: int = 0) -> bytes:
    """``n`` points near county seats (WGS-84 positions, written in ``src``), with a name column."""
    g = gazetteer.load()
    c = g[(g["level"] == "county") & g["adcode"].str.startswith(("11", "31", "44", "33"))]
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(c), n)
    lon = c["lon"].to_numpy()[i] + rng.normal(0, 0.005, n)
    lat = c["lat"].to_numpy()[i] + rng.normal(0, 0.005, n)
    x, y = datum.convert(lon, lat, "wgs84", src)
    rows = [f"公司{k},{a:.6f},{b:.6f}" for k, (a, b) in enumerate(zip(x, y))]
    return ("名称,经度,纬度\n" + "\n".join(rows) + "\nbad,abc,1\n").encode("utf-8")


def _upload(lang: str, data: bytes, name: str = "mine.csv", **params):
    at = run_page(PAGE, lang, **params)
    at.file_uploader[0].upload(name, data, "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_few_points_are_markers_with_names_and_a_rejected_line():
    at = _upload("en", _county_points(40))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Joined"] == "40" and metrics["Rejected"] == "1"
    raw, fig = live_map(at)
    pts = [tr for tr in fig["data"] if tr.get("name") == "Your points"]
    assert len(pts) == 1 and len(pts[0]["lon"]) == 40 and "公司" in pts[0]["hovertext"][0]
    assert at.segmented_control[0].value == "markers"
    frames = [d.value for d in at.dataframe]
    assert any("lon_wgs84" in f.columns and "lon_input_wgs84" in f.columns for f in frames)
    assert any(list(f.get("line", [])) == [42] for f in frames)  # the rejected row, by its line
    assert len(at.get("download_button")) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_many_points_are_counted_not_drawn(lang):
    at = _upload(lang, _county_points(2_500))
    assert at.segmented_control[0].value == "hex" and "markers" not in at.segmented_control[0].options
    raw, fig = live_map(at)
    hexes = [tr for tr in fig["data"] if tr.get("marker", {}).get("symbol") == "hexagon"]
    assert len(hexes) == 1 and sum(hexes[0]["customdata"]) == 2_500
    at.segmented_control[0].set_value("county").run()
    raw, fig = live_map(at)
    counts = fig["data"][-1]
    assert counts["type"] == "choropleth" and counts["geojson"].endswith("county_regional.geojson")
    assert len(raw.encode()) < 200_000


def test_wrong_datum_gives_a_hint():
    """Points around Shenzhen with the code of the county each lies in, written in BD-09, read as WGS-84."""
    from aizone import points

    units = points.default_units()
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(113.85, 114.35, 400), rng.uniform(22.50, 22.75, 400)
    idx = points.locate(units, lon, lat)
    lon, lat, codes = lon[idx >= 0], lat[idx >= 0], units.attrs["county_adcode"].to_numpy()[idx[idx >= 0]]
    x, y = datum.convert(lon, lat, "wgs84", "bd09")
    rows = [f"{c},{float(a)!r},{float(b)!r}" for c, a, b in zip(codes, x, y)]
    at = _upload("en", ("adcode,lng,lat\n" + "\n".join(rows) + "\n").encode())
    shown = [w.value.replace("\\", "") for w in at.warning]
    assert any("BD-09" in w and "“adcode”" in w for w in shown), shown


def test_counts_become_user_evidence_for_the_candidates_page():
    at = _upload("en", _county_points(60))
    at.selectbox(key="points_indicator").set_value("ai_rd_institutes").run()
    at.text_input(key="points_label").input("AI labs").run()
    held = at.session_state["points__evidence"]
    rows = held["rows"]
    assert set(rows.columns) >= {"adcode", "ai_rd_institutes", "detail", "caveat", "source"}
    assert rows["ai_rd_institutes"].min() >= 1 and (rows["detail"] == "AI labs").all()
    assert any("In use as user data" in s.value for s in at.success)

    from apptest import run_page as run
    cand = run("pages/candidates.py", "en", check=False)
    cand.session_state["points__evidence"] = held
    cand.run()
    assert not cand.exception, [e.value for e in cand.exception]
    assert any("Point counts from the My points page" in i.value.replace("\\", "") for i in cand.info)
    assert any("User data merged" in s.value for s in cand.success)


def test_markup_in_the_file_stays_text():
    evil = "<img src=x onerror=alert(1)>"
    body = f"名称,经度,纬度,{evil}\n<script>alert(1)</script>,116.40,39.90,x\n[a](javascript:alert(1)),121.47,31.23,y\n"
    at = _upload("en", body.encode(), name=f"{evil}.csv")
    at.selectbox(key="points_indicator").set_value("data_centres").run()
    shown = [str(e.value) for kind in ("markdown", "caption", "warning", "error", "info", "success", "subheader")
             for e in at.get(kind)]
    assert not any("<img" in s or "<script" in s or "](javascript" in s for s in shown), shown
    assert not at.exception
    raw, fig = live_map(at)
    hover = [tr for tr in fig["data"] if tr.get("name") == "Your points"][0]["hovertext"]
    assert not any("<script" in h or "<img" in h for h in hover)
