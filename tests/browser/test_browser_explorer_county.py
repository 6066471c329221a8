"""The explorer's county level in a real browser: the level switch, a county's hover label, and a click that
selects the county (the card says county and names its city)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LIVE_TAG = "() => (document.querySelector('.aizone-livemap') || {dataset: {}}).dataset.figure || ''"
LABELS = "() => [...document.querySelectorAll('.aizone-livemap-stack .hoverlayer .hovertext')].map(e => e.textContent)"
# A point well inside a county's painted polygon (the base plane paints the hit layer's edges), far from markers.
COUNTY_POINT = """(code) => {
  const markers = [...document.querySelectorAll('.aizone-livemap .scattergeo path.point')].map((m) => {
    const r = m.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
  for (const el of document.querySelectorAll('.aizone-livemap-base .geo:not(.geo2) .choropleth path')) {
    const tr = el.closest('.trace').__data__[0].trace;
    if (tr.name !== 'counties' || !el.__data__ || el.__data__.loc !== code) continue;
    const r = el.getBoundingClientRect(), inv = el.getScreenCTM().inverse();
    const fill = (x, y) => el.isPointInFill(new DOMPoint(x, y).matrixTransform(inv));
    for (let y = r.y + 2; y < r.bottom; y += 2) for (let x = r.x + 2; x < r.right; x += 2) {
      if (![[0, 0], [6, 0], [-6, 0], [0, 6], [0, -6]].every(([dx, dy]) => fill(x + dx, y + dy))) continue;
      if (markers.every(([mx, my]) => Math.hypot(mx - x, my - y) > 30)) return {x: Math.round(x), y: Math.round(y)};
    }
  }
  return null;
}"""
HIT_NAME = "() => (document.querySelector('.aizone-livemap-base').data || []).filter(t => t.meta === undefined && t.hoverinfo === 'skip' && t.type === 'choropleth').map(t => t.name)"  # noqa: E501


def test_level_switch_hover_and_click_a_county(page, app_server):
    page.goto(f"{app_server}/explorer?lang=en")
    page.wait_for_selector(".aizone-livemap .scattergeo path.point", timeout=90_000)
    page.wait_for_function(f"() => ({LIVE_TAG})() !== ''", timeout=60_000)
    assert "counties" not in page.evaluate(HIT_NAME)
    tag = page.evaluate(LIVE_TAG)
    page.locator("[data-testid='stSidebar'] button").filter(has_text="Counties").first.click()
    page.wait_for_function("() => location.search.includes('level=county')", timeout=60_000)
    page.wait_for_function(f"(t) => ({LIVE_TAG})() !== t", arg=tag, timeout=90_000)
    page.wait_for_function(f"() => ({HIT_NAME})().includes('counties')", timeout=60_000)
    n = page.evaluate("() => document.querySelectorAll('.aizone-livemap-base .geo:not(.geo2) .choropleth path').length")
    assert n > 2800, f"{n} paths: the county layer's edges are painted"

    xy = page.evaluate(COUNTY_POINT, "652824")  # Ruoqiang: large at the national view, far from every marker
    assert xy, "a point inside Ruoqiang County away from the markers"
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_function(f"() => ({LABELS})().some(t => t.includes('Ruoqiang'))", timeout=10_000)
    label = page.evaluate(LABELS)[0]
    assert "Bayingolin" in label and "Xinjiang" in label and "若羌" not in label, label

    page.mouse.click(xy["x"], xy["y"])
    page.wait_for_function("() => location.search.includes('city=652824')", timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stMain] h3')].some(h => h.textContent.includes('Ruoqiang'))",
                           timeout=60_000)
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').innerText.includes('county · Bayingolin')",
                           timeout=30_000)  # the card's caption: level, city, province
