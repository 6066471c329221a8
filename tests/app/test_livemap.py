"""The kept-mounted map (aizone.ui.livemap): plotly.js served from our own static folder, the payload, and
pages keeping the map in one place so the browser updates it instead of mounting a new chart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from apptest import live_map, live_maps, run_page

from aizone.ui import livemap

PACKAGE_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def test_plotly_js_is_copied_once_under_a_versioned_name(tmp_path):
    from plotly.offline import get_plotlyjs_version

    dest = livemap.ensure_plotly_js(tmp_path)
    assert dest.name == f"plotly-{get_plotlyjs_version()}.min.js"
    assert dest.read_bytes() == PACKAGE_JS.read_bytes()
    stamp = dest.stat().st_mtime_ns
    assert livemap.ensure_plotly_js(tmp_path) == dest and dest.stat().st_mtime_ns == stamp, "not copied again"
    dest.write_bytes(b"half a fi")  # an interrupted copy from an older release of this code
    livemap.ensure_plotly_js(tmp_path)
    assert dest.stat().st_size == PACKAGE_JS.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == [dest.name], "no temporary file left behind"
    dest.chmod(0o600)  # an old copy only its owner could read: nginx serving static/ got a 403
    livemap.ensure_plotly_js(tmp_path)
    assert dest.stat().st_mode & 0o777 == 0o644


def test_payload_carries_the_figure_unescaped_and_a_tag_naming_it():
    fig = go.Figure(go.Scattergeo(lon=[116.4], lat=[39.9], text=["北京"], customdata=["110000"]))
    raw, tag = livemap.payload(fig, {"displaylogo": False}, "app/static/vendor/x.js", "失败")
    back = livemap.unpack(raw)
    assert back["figure"] == json.loads(fig.to_json())
    assert back["config"] == {"displaylogo": False} and back["src"] == "app/static/vendor/x.js"
    assert back["failed"] == "失败" and back["tag"] == tag
    assert b'"figure": {' in raw, "the figure's JSON is not a string inside the JSON"
    assert "北京".encode() in raw, "CJK as UTF-8, not \\u escapes"
    wordy = go.Figure(go.Scattergeo(lon=[116.4], lat=[39.9], text=["北京市人工智能创新发展试验区" * 100]))
    assert len(livemap.payload(wordy, {}, "x.js")[0]) < len(wordy.to_json()) - 2000
    assert livemap.payload(fig, {"displaylogo": False}, "app/static/vendor/x.js", "失败")[1] == tag
    moved = go.Figure(go.Scattergeo(lon=[116.5], lat=[39.9], text=["北京"], customdata=["110000"]))
    assert livemap.payload(moved, {"displaylogo": False}, "app/static/vendor/x.js", "失败")[1] != tag
    assert livemap.payload(fig, {"displaylogo": True}, "app/static/vendor/x.js", "失败")[1] != tag


def test_component_script_reaches_nothing_outside_the_app():
    for script in (livemap.JS, livemap.MODULE_JS):
        assert not re.search(r"https?://", script), "no CDN: the scripts come from app/static/vendor"
    assert "Plotly.react" in livemap.MODULE_JS and "plotly_click" in livemap.MODULE_JS
    assert "aizone-hit-layer" in livemap.MODULE_JS and "__HIT_LAYER__" not in livemap.MODULE_JS


def test_the_component_script_is_a_file_served_by_streamlit_not_part_of_every_render():
    """Inline, the script travelled with every rerun of a map page (18 KB of a ~90 KB date step). It is now
    the file aizone/ui/assets/livemap.js, which Streamlit serves from the component's asset_dir."""
    assert livemap.MODULE_JS == (livemap.ASSETS / "livemap.js").read_text(encoding="utf-8")
    assert "export default function" in livemap.MODULE_JS
    raw, _ = livemap.payload(go.Figure(), {}, "p.js", "")
    assert "module" not in livemap.unpack(raw) and b"Plotly.react" not in raw, "a render carries the figure, not the script"


def _path_of(node, want, path=()):
    """Index path of the first livemap element under ``node`` (AppTest's tree)."""
    proto = getattr(node, "proto", None)
    if getattr(proto, "component_name", None) == want:
        return path
    for i, child in sorted(getattr(node, "children", {}).items()):
        found = _path_of(child, want, path + (i,))
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("page", ["pages/explorer.py", "pages/overview.py"])
def test_the_map_keeps_its_place_whether_or_not_some_zones_are_uncertain(page):
    # 2020-01-01: four zones may or may not have been approved; 2020-06-30: none is uncertain.
    at = run_page(page, "en", as_of="2020-01-01")
    assert "4 more" in " ".join(c.value for c in at.caption), "the uncertain-zones line is shown on this date"
    where = _path_of(at.main, livemap.NAME)
    assert where is not None
    at.slider[0].set_value(__import__("datetime").date(2020, 6, 30)).run()
    assert not at.exception
    assert _path_of(at.main, livemap.NAME) == where


def test_explorer_sends_one_live_map_under_the_byte_aim():
    at = run_page("pages/explorer.py", "zh")
    assert len(live_maps(at)) == 1
    raw, fig = live_map(at)
    assert len(raw.encode()) < 60_000
    assert fig["data"] and "geo2" in fig["layout"]


def test_a_figure_is_serialised_once_and_a_new_one_again():
    fig = go.Figure(go.Scattergeo(lon=[116.4], lat=[39.9]))
    first = livemap.payload(fig, {}, "s.js")[1]
    fig.data[0].lon = (120.0,)  # not done by the app (figures are render-only), but shows the cache at work
    assert livemap.payload(fig, {}, "s.js")[1] == first, "the same object: its JSON is not rebuilt"
    other = go.Figure(go.Scattergeo(lon=[120.0], lat=[39.9]))
    assert livemap.payload(other, {}, "s.js")[1] != first


@pytest.mark.parametrize("lang,title,name", [
    ("zh", "下载为 PNG 图片", "人工智能试验区地图探索_2021-12-31"),
    ("en", "Download plot as a png", "aizone_map_explorer_2021-12-31"),
])
def test_the_maps_camera_speaks_the_readers_language_and_names_the_date(lang, title, name):
    """Issue 15: the live map draws its own camera button (both planes in one picture), which plotly does not
    translate; it said "Download plot as a png" and saved ``map.png`` on the Chinese page. The server names
    both, and the file says which map and which date."""
    at = run_page("pages/explorer.py", lang, as_of="2021-12-31")
    (_, sent), = live_maps(at)
    assert sent["image"] == {"title": title, "filename": name}
    assert (sent["config"].get("locale") == "zh-CN") == (lang == "zh"), "plotly's own strings in Chinese too"


def test_the_camera_name_is_not_part_of_the_figures_tag():
    """A date step that leaves the map as it was must keep its tag (the browser skips the redraw), though the
    file name now carries the new date."""
    fig = go.Figure(go.Scattergeo(lon=[116.4], lat=[39.9]))
    a = livemap.payload(fig, {}, "s.js", "", {"title": "t", "filename": "x_2020-06-30"})
    b = livemap.payload(fig, {}, "s.js", "", {"title": "t", "filename": "x_2020-07-01"})
    assert a[1] == b[1] and livemap.unpack(b[0])["image"]["filename"] == "x_2020-07-01"
