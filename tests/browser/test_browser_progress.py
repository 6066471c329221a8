"""Time travel in a real browser: the overview map follows the date, keyboard moves it, a reload keeps it; ▶ stops
at the end; screenshots of the overview and progress pages at briefing size in both languages."""

from datetime import date

import pandas as pd
import pytest

from aizone import progress, provenance, tables, zones

pytestmark = pytest.mark.browser

MAIN_POINTS = ".js-plotly-plot .geolayer > g.geo:not(.geo2) .scattergeo path.point"
SLIDER = '[data-testid="stSlider"] input[type="range"]'
Z = zones.load()


def markers_for(day: date) -> int:
    """Zones drawn on ``day``: certain ones filled, possible ones hollow."""
    return progress.counts_on(Z, day).possible


def _slider_date(page) -> date:
    return date.fromisoformat(page.locator(SLIDER).get_attribute("aria-valuetext"))


def _wait_markers(page, n: int) -> None:
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length === n", arg=[MAIN_POINTS, n],
                           timeout=30_000)


def test_overview_date_moves_map_and_survives_reload(page, app_server):
    page.goto(f"{app_server}/?lang=en&as_of=2020-06-30")
    page.wait_for_selector(MAIN_POINTS, timeout=60_000)
    assert _slider_date(page) == date(2020, 6, 30)
    _wait_markers(page, 11)
    assert markers_for(date(2020, 6, 30)) == 11

    slider = page.locator(SLIDER)
    slider.focus()
    page.keyboard.press("ArrowRight")  # one day
    page.wait_for_function("() => location.search.includes('as_of=2020-07-01')", timeout=30_000)
    page.keyboard.press("PageUp")  # a tenth of the range
    # the URL and the slider settle on the same new date (a rerun still in flight may repaint the old one first)
    page.wait_for_function(
        """([sel]) => {
            const m = location.search.match(/as_of=([0-9-]+)/);
            const v = document.querySelector(sel)?.getAttribute('aria-valuetext');
            return m && v && m[1] === v && v !== '2020-07-01';
        }""", arg=[SLIDER], timeout=30_000)
    moved = _slider_date(page)
    assert moved > date(2020, 7, 1)
    expected = markers_for(moved)
    assert expected != 11, f"the step should cross an approval ({moved})"
    _wait_markers(page, expected)
    assert f"as_of={moved.isoformat()}" in page.url

    page.reload()
    page.wait_for_selector(MAIN_POINTS, timeout=60_000)
    assert _slider_date(page) == moved
    _wait_markers(page, expected)
    assert f"as_of={moved.isoformat()}" in page.url


def test_play_steps_through_key_dates_and_stops_at_the_end(page, app_server):
    page.goto(f"{app_server}/progress?lang=en&as_of=2021-12-01")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    button = page.locator('[data-testid="stButton"] button').first
    assert button.inner_text().strip() == "▶"
    checked = pd.Timestamp(provenance.read_sidecar(tables.path("pilot_zones")).accessed).date()
    keys = progress.time_range(Z, checked, date.today()).keys  # the app's stops, the data's date among them
    seen = set()
    button.click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stButton] button')]"
                           ".some(b => b.innerText.trim() === '⏸')", timeout=15_000)
    for _ in range(60):
        page.wait_for_timeout(400)
        seen.add(_slider_date(page))
        if button.inner_text().strip() == "▶" and _slider_date(page) == keys[-1]:  # stopped at the end
            break
    else:
        pytest.fail(f"play did not stop; saw {sorted(seen)}")
    assert _slider_date(page) >= date(2023, 12, 31)
    assert date(2023, 12, 31) in seen or date(2021, 12, 7) in seen, f"stepped through key dates: {sorted(seen)}"
    assert seen <= set(keys) | {date(2021, 12, 1)}, "play only stops on key dates"
    # stopped for good: the date stays put
    end = _slider_date(page)
    page.wait_for_timeout(3_000)
    assert _slider_date(page) == end and button.inner_text().strip() == "▶"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_at_briefing_size(browser, app_server, artifacts, lang):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = ctx.new_page()
    try:
        pg.goto(f"{app_server}/progress?lang={lang}&as_of=2020-06-30")
        pg.wait_for_selector(".js-plotly-plot .scatterlayer path", timeout=60_000)
        pg.wait_for_timeout(1500)
        text = pg.locator(".js-plotly-plot").first.inner_text()
        assert ("2020年3月" if lang == "zh" else "Mar 2020") in text
        pg.locator(".js-plotly-plot").first.screenshot(path=str(artifacts / f"progress_chart_{lang}.png"))
        pg.screenshot(path=str(artifacts / f"progress_{lang}.png"))
        pg.goto(f"{app_server}/?lang={lang}&as_of=2020-03-08")
        pg.wait_for_selector(MAIN_POINTS, timeout=60_000)
        _wait_markers(pg, markers_for(date(2020, 3, 8)))
        pg.wait_for_timeout(1000)
        pg.screenshot(path=str(artifacts / f"overview_as_of_{lang}.png"))
    finally:
        ctx.close()
