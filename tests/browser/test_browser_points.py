"""My points in a real browser: 3,000 uploaded points drawn offline as hexagon counts, then as county counts."""

from __future__ import annotations

import numpy as np
import pytest

from aizone import gazetteer
from aizone.i18n import t
from aizone.points import layer

pytestmark = pytest.mark.browser

STACK = ".aizone-livemap-stack"
COUNT = """(sel) => document.querySelectorAll(sel).length"""


def _points(n: int = 3_000) -> tuple[bytes, int]:
    """WGS-84 points near county seats in four provinces, and the number of hexagons they fill."""
    g = gazetteer.load()
    c = g[(g["level"] == "county") & g["adcode"].str.startswith(("11", "32", "44", "51"))]
    rng = np.random.default_rng(5)
    i = rng.integers(0, len(c), n)
    lon = np.round(c["lon"].to_numpy()[i] + rng.normal(0, 0.003, n), 6)
    lat = np.round(c["lat"].to_numpy()[i] + rng.normal(0, 0.003, n), 6)
    body = "名称,lng,lat\n" + "\n".join(f"p{k},{a},{b}" for k, (a, b) in enumerate(zip(lon, lat))) + "\n"
    return body.encode(), len(layer.hexbin(lon, lat).count)


def test_points_as_hexagons_then_county_counts(page, app_server, offsite, artifacts, tmp_path):
    data, cells = _points()
    f = tmp_path / "points.csv"
    f.write_bytes(data)
    page.goto(f"{app_server}/points?lang=en")
    page.locator(".st-key-points_file input[type=file]").set_input_files(str(f), timeout=90_000)
    hexes = f"{STACK} .scattergeo path.point"
    page.wait_for_function(f"() => ({COUNT})('{hexes}') > 0", timeout=90_000)
    page.wait_for_timeout(1000)
    drawn = page.evaluate(COUNT, hexes)
    assert drawn == cells, f"{drawn} hexagons drawn, {cells} filled"
    areas = f"{STACK} path.choroplethlocation"
    before = page.evaluate(COUNT, areas)
    page.locator(".st-key-points_view button", has_text=t("points.view_county", "en")).click()
    page.wait_for_function(f"() => ({COUNT})('{areas}') >= {before} + 2800", timeout=90_000)
    page.wait_for_timeout(1000)
    assert page.evaluate(COUNT, hexes) == 0, "the hexagons left with the view"
    assert page.locator("[data-testid='stException']").count() == 0
    assert offsite == [], f"requests left the machine: {offsite[:5]}"
    page.screenshot(path=str(artifacts / "points_county_en.png"), full_page=True)
