"""Every page as a first-time reader sees it: zh and en, on a laptop (1366×768) and a desktop (1920×1080).

The rendered DOM is read, not the script: what reaches the reader is what Streamlit and plotly made of it.
It fails on an error box or dialog, on map labels whose boxes overlap, on a choice of a segmented control
cut off by its column (a format nobody sees cannot be chosen), and, in the Chinese view, on the literal
texts a missing value or an untranslated widget leaves behind ("None", "nan", "Choose an option").
One browser and one server serve all 28 views; pages that draw nothing new are not waited on for long.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tools.loadtest import STATE_JS, default_page, pages_of

ROOT = Path(__file__).resolve().parents[2]
PAGES = pages_of(ROOT / "app.py")
HOME = default_page(ROOT / "app.py")
VIEWPORTS = ((1366, 768), (1920, 1080))
FORBIDDEN_ZH = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|Choose an option|Choose options")

# Everything the reader can read: page text, table cells (the data grid keeps an accessible copy of the
# visible cells), widget placeholders, and each map's label boxes. Error dialogs are any modal open.
READ_JS = """() => {
  const main = document.querySelector('[data-testid="stApp"]');
  const texts = [main ? main.innerText : document.body.innerText];
  document.querySelectorAll('[role="gridcell"], [role="columnheader"], td, th').forEach(c => texts.push(c.textContent));
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(i => texts.push(i.placeholder));
  const labels = [];
  document.querySelectorAll('.js-plotly-plot .geo').forEach((geo, g) => {
    geo.querySelectorAll('.scattergeo text, .textpoint text').forEach(el => {
      const b = el.getBoundingClientRect(), s = el.textContent.trim();
      if (s && b.width > 0 && b.height > 0 && getComputedStyle(el).opacity !== '0')
        labels.push({g, s, x: b.left, y: b.top, w: b.width, h: b.height});
    });
  });
  const clipped = [];  // options of a button group reaching past the element that holds it
  document.querySelectorAll('[data-testid="stButtonGroup"]').forEach(g => {
    const box = (g.closest('[data-testid="stElementContainer"]') || g.parentElement).getBoundingClientRect();
    g.querySelectorAll('button').forEach(b => {
      const r = b.getBoundingClientRect();
      if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)) clipped.push(b.innerText);
    });
  });
  const dialogs = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], .modal-dialog, #plotly-notifier .notifier-note')]
    .filter(d => d.getBoundingClientRect().width > 0).map(d => d.innerText.slice(0, 200));
  return {text: texts.join('\\n'), labels, dialogs, clipped};
}"""


def overlaps(labels: list[dict], tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of labels on the same map whose boxes intersect by more than ``tolerance`` pixels each way."""
    hits = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["g"] != b["g"]:
                continue
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > tolerance and dy > tolerance:
                hits.append((a["s"], b["s"]))
    return hits


def wait_settled(page, path: str, timeout: float = 180) -> dict:
    """The script finished, every chart is plotted and any geo map drew its areas, twice in a row."""
    t0, calm = time.time(), 0
    while time.time() - t0 < timeout:
        st = page.evaluate(STATE_JS)
        on_page = st["path"].rstrip("/").endswith("/" + path) or (path == HOME and st["path"] == "/")
        ready = on_page and st["state"] == "notRunning" and st["h1"] and st["plotted"] >= st["charts"] \
            and (not st["geo"] or st["drawn"])
        calm = calm + 1 if ready or st["exceptions"] or st["alerts"] else 0
        if calm >= 3:
            return st
        page.wait_for_timeout(300)
    raise AssertionError(f"{path} did not settle in {timeout:.0f} s: {st}")


def test_unit_overlaps_finds_touching_boxes_only():
    a = {"g": 0, "s": "合肥", "x": 0, "y": 0, "w": 20, "h": 10}
    assert overlaps([a, dict(a, s="苏州", x=15)]) == [("合肥", "苏州")]
    assert overlaps([a, dict(a, s="苏州", x=21)]) == []
    assert overlaps([a, dict(a, s="苏州", g=1)]) == [], "labels on different maps never collide"


@pytest.mark.browser
@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_reads_clean(browser, app_server, size, artifacts):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = ctx.new_page()
    problems: list[str] = []
    t0 = time.time()
    try:
        for lang in ("zh", "en"):
            for path in PAGES:
                page.goto(f"{app_server}/{'' if path == HOME else path}?lang={lang}")
                st = wait_settled(page, path)
                got = page.evaluate(READ_JS)
                where = f"{path} {lang} {size[0]}x{size[1]}"
                if st["exceptions"] or st["alerts"] or got["dialogs"]:
                    problems.append(f"{where}: error shown {st['alerts'] or got['dialogs'] or 'exception'}")
                if lang == "zh":
                    found = sorted(set(FORBIDDEN_ZH.findall(got["text"])))
                    if found:
                        problems.append(f"{where}: untranslated or missing-value text {found}")
                if got["clipped"]:
                    problems.append(f"{where}: choices cut off by their column {got['clipped']}")
                clash = overlaps(got["labels"])
                if clash:
                    problems.append(f"{where}: map labels overlap {clash[:4]}")
                if problems and not (artifacts / f"dom_{path}_{lang}_{size[0]}.png").exists():
                    page.screenshot(path=str(artifacts / f"dom_{path}_{lang}_{size[0]}.png"))
    finally:
        ctx.close()
    print(f"\n{2 * len(PAGES)} views at {size[0]}x{size[1]} in {time.time() - t0:.0f} s")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_copy_link_and_chinese_modebar(page, app_server):
    """The sidebar's 复制链接 copies the page's own address with its choices (in place of plotly's cloud
    "Share chart"), and the map's modebar speaks Chinese in the Chinese view."""
    page.goto(f"{app_server}/balance?lang=zh&measure=per_trn_gdp")
    wait_settled(page, "balance")
    page.wait_for_function("() => document.querySelectorAll('.modebar-btn').length > 3", timeout=60_000)
    titles = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))")
    assert "缩放" in titles and "平移" in titles, titles
    assert not [x for x in titles if re.search(r"Zoom|Pan|Reset|Share|Download", x or "")], titles
    button = page.get_by_test_id("aizone-copylink")
    assert button.inner_text() == "复制链接"
    button.click()
    copied = button.get_attribute("data-copied")
    assert copied == page.url and "measure=per_trn_gdp" in copied, (copied, page.url)
