"""Map names and markers as chromium draws them (``aizone.figures.labels``): no two names touch on the overview
or the explorer in zh or en on a laptop and a desktop, Hangzhou's and Deqing's markers each answer the
pointer, and the overview's map starts above a laptop's fold."""

from __future__ import annotations

import math

import pytest
from test_browser_dom import VIEWPORTS, overlaps, wait_settled

pytestmark = pytest.mark.browser

# The names and markers of the map's upper plane (what answers the pointer), in page pixels.
MAP_JS = """() => {
  const stack = document.querySelector('.aizone-livemap-stack');
  const main = stack.querySelectorAll('.geolayer > g.geo:not(.geo2)');
  const names = [], points = [];
  main.forEach(geo => {
    geo.querySelectorAll('.scattergeo text').forEach(el => {
      const b = el.getBoundingClientRect(), s = el.textContent.trim();
      if (s && b.width > 0) names.push({g: 0, s, x: b.left, y: b.top, w: b.width, h: b.height});
    });
    geo.querySelectorAll('.scattergeo path.point').forEach(p => {
      const b = p.getBoundingClientRect(), d = p.__data__ || {}, tr = p.closest('.trace');
      const trace = tr && tr.__data__ && tr.__data__[0] ? tr.__data__[0].trace : {};
      points.push({x: b.left + b.width / 2, y: b.top + b.height / 2, r: b.width / 2,
                   code: trace.customdata ? String(trace.customdata[d.i]) : null});
    });
  });
  const box = stack.getBoundingClientRect();
  return {names, points, top: box.top, height: box.height};
}"""
HOVER_JS = """() => [...document.querySelectorAll('.hoverlayer .hovertext')].map(h => h.textContent).join(' | ')"""
HANGZHOU, DEQING = "330100", "330521"


def _open(page, app_server, path: str, lang: str) -> dict:
    page.goto(f"{app_server}/{path}?lang={lang}")
    wait_settled(page, path or "overview")
    page.wait_for_function("() => document.querySelectorAll('.aizone-livemap-stack .scattergeo text').length >= 18",
                           timeout=60_000)
    return page.evaluate(MAP_JS)


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_zone_names_never_touch(browser, app_server, size, artifacts):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = ctx.new_page()
    problems = []
    try:
        for lang in ("zh", "en"):
            for path in ("", "explorer"):
                got = _open(page, app_server, path, lang)
                where = f"{path or 'overview'} {lang} {size[0]}x{size[1]}"
                if len(got["names"]) != 18:
                    problems.append(f"{where}: {len(got['names'])} names, not 18")
                clash = overlaps(got["names"], tolerance=-1.0)  # touching (within 1 px) counts
                if clash:
                    problems.append(f"{where}: names touch {clash}")
                    page.screenshot(path=str(artifacts / f"labels_{path or 'overview'}_{lang}_{size[0]}.png"))
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["", "explorer"], ids=["overview", "explorer"])
def test_close_markers_each_answer_the_pointer(browser, app_server, path):
    """Hangzhou and Deqing are about 40 km apart: on a laptop their dots are pushed apart so that neither
    hides the other, and the pointer on each names that one."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    try:
        _open(page, app_server, path, "zh")
        # Streamlit scrolls its main section, not the window: bring the map into view, then read where it is
        page.evaluate("() => document.querySelector('.aizone-livemap-stack').scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        pts = {p["code"]: p for p in page.evaluate(MAP_JS)["points"]}
        a, b = pts[HANGZHOU], pts[DEQING]
        gap = math.hypot(a["x"] - b["x"], a["y"] - b["y"])
        assert gap >= a["r"] + b["r"], f"the dots overlap: centres {gap:.1f} px apart"
        for code, name in ((HANGZHOU, "杭州"), (DEQING, "德清")):
            page.mouse.move(pts[code]["x"], pts[code]["y"])
            page.wait_for_function("(n) => [...document.querySelectorAll('.hoverlayer .hovertext')]"
                                   ".some(h => h.textContent.includes(n))", arg=name, timeout=10_000)
            other = "德清" if code == HANGZHOU else "杭州"
            assert other not in page.evaluate(HOVER_JS), f"the pointer on {name} names {other} too"
            page.mouse.move(5, 5)
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_map_starts_above_the_laptop_fold(browser, app_server, lang):
    """At 1366×768 the map starts well above the fold, with room to spare for one more row of controls
    above it: its top at most 600 px (it was at 636-666 px with the options above it; now about 460)."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    try:
        got = _open(page, app_server, "", lang)
        assert got["top"] <= 600, f"the map starts at {got['top']:.0f} px"
    finally:
        ctx.close()
