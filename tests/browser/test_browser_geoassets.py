"""A map whose boundary file is still on its way for the chart it replaced must still draw.

plotly.js marks a GeoJSON URL 'pending' while one chart fetches it; another chart wanting it meanwhile
polls for 5 s and gives up ("Unexpected error while fetching"). A page switch mounts a new map, so on a slow
link the second map came up blank (seen in the load test). aizone.ui.geoassets makes it fetch instead.
A rerun that keeps the map (a layer toggle) queues its draw behind the pending one: it must draw too.
"""

import pytest

pytestmark = pytest.mark.browser

HELD = "**/city_national_main.geojson"


def _toggle_while_held(page, app_server) -> list:
    """Open the explorer with the network holding the city layer's file, then toggle a layer (a rerun) while
    it is held. Returns the held requests, to be released by the caller."""
    held = []
    page.route(HELD, lambda route: held.append(route))
    page.goto(f"{app_server}/explorer?lang=en")
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stCheckbox"]', timeout=60_000)
    for _ in range(300):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the explorer map asks for the city layer"
    page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').nth(2).click()  # a layer: a rerun
    page.wait_for_function("() => location.search.includes('platforms=1')", timeout=30_000)
    return held


def test_a_remounted_map_does_not_give_up_on_a_pending_boundary_file(page, app_server):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    held = _toggle_while_held(page, app_server)
    # away and back: a new map, while the first one's request is still held
    page.get_by_role("link", name="National overview").click()
    page.wait_for_function("() => !location.pathname.includes('explorer')", timeout=30_000)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    page.get_by_role("link", name="Map explorer").click()
    page.wait_for_function("() => location.pathname.includes('explorer')", timeout=30_000)
    page.wait_for_timeout(6_500)  # longer than plotly's 5 s wait for a pending file
    assert len(held) >= 2, "the new chart asked for the file itself instead of waiting on the old chart's request"
    for route in held:
        route.continue_()
    page.unroute(HELD)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length > 0",
                           timeout=30_000)
    page.wait_for_timeout(1_000)
    assert not [e for e in errors if "Unexpected error while fetching" in e], errors
    cities = page.evaluate("() => document.querySelectorAll('.js-plotly-plot .choroplethlocation').length")
    assert cities > 370, f"the city layer is drawn ({cities} shapes)"


def test_a_rerun_while_the_boundary_file_is_on_its_way_still_draws(page, app_server):
    """A layer toggle while the first draw waits for its boundary file: the second draw queues behind the
    first (plotly, reacted again meanwhile, drew no areas at all), and the map comes up whole."""
    held = _toggle_while_held(page, app_server)
    page.wait_for_timeout(1_500)
    for route in held:
        route.continue_()
    page.unroute(HELD)
    page.wait_for_function("() => (document.querySelector('.aizone-livemap').data || [])"
                           ".some(t => t.legendgroup === 'platforms')", timeout=30_000)
    page.wait_for_timeout(500)
    base = page.evaluate("() => document.querySelector('.aizone-livemap-base').textContent")
    assert "did not load" not in base, base
    cities = page.evaluate("() => document.querySelectorAll('.aizone-livemap-base .choroplethlocation').length")
    assert cities > 370, f"the areas are drawn ({cities} shapes)"
