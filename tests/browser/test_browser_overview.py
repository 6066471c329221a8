"""The overview in a real browser: map drawn offline, 18 zone markers, the South China Sea inset, a screenshot."""

import pytest

pytestmark = pytest.mark.browser

MAP_POINTS = ".js-plotly-plot .geo .scattergeo path.point"


def _dom(page):
    """What the kept map shows, over its two planes (areas and legend below, what answers the pointer on top)."""
    return page.evaluate("""() => {
      const stack = document.querySelector('.aizone-livemap-stack');
      return {
        geos: [...stack.querySelectorAll('.geolayer > g')].map(g => g.getAttribute('class')),
        points: stack.querySelectorAll('.geolayer > g.geo:not(.geo2) .scattergeo path.point').length,
        inset_paths: stack.querySelectorAll('.geolayer > g.geo2 path').length,
        labels: [...stack.querySelectorAll('.scattergeo text')].map(t => t.textContent),
      }}""")


@pytest.mark.parametrize("lang,first,inset", [("zh", "北京", "南海诸岛"), ("en", "Beijing", "South China Sea Islands")])
def test_overview_map_offline(page, app_server, offsite, artifacts, lang, first, inset):
    outside = offsite
    page.goto(f"{app_server}/?lang={lang}&strategies=JJJ&strategies=YRD&strategies=GBA&strategies=CY")
    page.wait_for_selector(MAP_POINTS, timeout=60_000)
    page.wait_for_timeout(1500)
    dom = _dom(page)
    # the base plane: main map and South China Sea inset; the top plane: the main map's markers only
    assert dom["geos"] == ["geo geo", "geo geo2", "geo geo"], "main map, inset, and the markers' plane"
    assert dom["points"] == 18
    assert dom["inset_paths"] > 10, "inset draws provinces and the maritime line"
    assert first in dom["labels"] and inset in dom["labels"]
    assert outside == [], f"requests left the machine: {outside[:5]}"
    # the strategy areas were fetched from our own static files, not embedded
    page.screenshot(path=str(artifacts / f"overview_{lang}.png"), full_page=True)


def test_deep_link_on_a_fresh_server_runs_the_entry_script(page, fresh_server):
    """Opening /methods?lang=en before any other page must still get navigation, language and layout."""
    page.goto(f"{fresh_server}/methods?lang=en")
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(1000)
    body = page.inner_text("body")
    assert "Methods and sources" in body and "National overview" in body  # page title + app.py's navigation
    assert "语言 / Language" in body


def test_deep_links_opened_together_on_a_fresh_server_all_run_the_entry_script(browser, fresh_server):
    """Several bookmarks opened at once after a restart: each gets app.py's navigation and its language.

    The first page run switches the whole process out of Streamlit's pages/ mode; the others are already
    running their page files by then and must rerun through app.py as well.
    """
    wanted = {"/methods?lang=en": "Methods and sources", "/candidates?lang=en": "Candidate assessment",
              "/balance?lang=en": "Regional balance"}
    contexts = [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in wanted]
    try:
        pages = [c.new_page() for c in contexts]
        for pg, path in zip(pages, wanted):
            pg.goto(fresh_server + path, wait_until="commit")  # all sessions start before any page has run
        for pg, (path, title) in zip(pages, wanted.items()):
            pg.wait_for_function(H1_STARTS, arg=title, timeout=180_000)
            nav = pg.locator("[data-testid='stSidebarNav']").inner_text()
            assert "National overview" in nav and "candidates" not in nav, (path, nav[:80])
    finally:
        for c in contexts:
            c.close()


H1_STARTS = "(p) => { const h = document.querySelector('h1'); return !!h && h.innerText.startsWith(p); }"


def test_language_survives_page_switches(page, app_server):
    page.goto(f"{app_server}/?lang=en")
    page.wait_for_selector("h1", timeout=60_000)
    page.get_by_role("link", name="Methods and sources").click()
    page.wait_for_function(H1_STARTS, arg="Methods", timeout=60_000)
    assert "lang=en" in page.url
    page.get_by_text("中文", exact=True).click()
    page.wait_for_function(H1_STARTS, arg="方法", timeout=60_000)
    page.get_by_role("link", name="全国概览").click()
    page.wait_for_function(H1_STARTS, arg="国家", timeout=60_000)
