"""In a real browser every page talks only to its own server: no CDN, map tiles, web fonts or telemetry.

The app runs on intranets without internet, where a request to another host hangs or leaks; plotly's geo
maps fetch a world topojson from a CDN unless told otherwise (STACK-NOTES), and Streamlit would send usage
statistics if allowed. Every registered page is opened and left to draw its maps, and every request the
browser makes (HTTP, websocket) is checked. A script tag in the URL must not run.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.loadtest import STATE_JS, default_page, pages_of

ROOT = Path(__file__).resolve().parents[2]
PAGES = pages_of(ROOT / "app.py")
HOME = default_page(ROOT / "app.py")
LOCAL = {"127.0.0.1"}
# plotly's "Share chart" / "Edit in Chart Studio" buttons upload the chart to plotly's servers
CLOUD = re.compile(r"share|cloud|chart studio|plotly\.com|sendChartToCloud|editInChartStudio", re.I)
LINKS_JS = """() => ({
  buttons: [...document.querySelectorAll('.modebar-btn')].map(b => (b.getAttribute('data-title') || '') + ' '
            + (b.getAttribute('data-val') || '') + ' ' + (b.getAttribute('href') || '')),
  hrefs: [...document.querySelectorAll('a[href]')].map(a => a.href),
})"""


def wait_ready(page, path: str, timeout: float = 240) -> dict:
    """The script finished, charts mounted, and any geo map drawn (then a little idle time for late fetches)."""
    t0 = time.time()
    done_at = None
    while time.time() - t0 < timeout:
        st = page.evaluate(STATE_JS)
        on_page = st["path"].rstrip("/").endswith("/" + path) or (path == HOME and st["path"] == "/")
        if on_page and st["state"] == "notRunning" and st["h1"]:
            done_at = done_at or time.time()
            if (st["geo"] and st["drawn"]) or (not st["geo"] and st["plotted"] >= st["charts"]
                                               and time.time() - done_at > 6):
                page.wait_for_timeout(1500)
                return st
        else:
            done_at = None
        page.wait_for_timeout(200)
    raise AssertionError(f"{path} did not finish in {timeout:.0f} s: {st}")


@pytest.mark.browser
def test_every_page_requests_only_its_own_server(app_server, page, artifacts):
    seen: list[tuple[str, str]] = []
    current = {"path": ""}
    page.on("request", lambda r: seen.append((current["path"], r.url)))
    page.on("websocket", lambda ws: seen.append((current["path"], ws.url)))
    states = {}
    modebars = 0
    for path in PAGES:
        current["path"] = path
        page.goto(f"{app_server}/{'' if path == HOME else path}?lang=en")
        states[path] = wait_ready(page, path)
        assert not states[path]["exceptions"] and not states[path]["alerts"], (path, states[path])
        links = page.evaluate(LINKS_JS)
        assert not [x for x in links["buttons"] if CLOUD.search(x)], (path, links["buttons"])
        outside_links = [h for h in links["hrefs"] if urlparse(h).hostname not in (*LOCAL, None)
                         and not h.startswith(("data:", "blob:"))]
        assert not [h for h in outside_links if "plotly" in h or "chart-studio" in h], (path, outside_links)
        modebars += len(links["buttons"])
    hosts = {}
    for path, url in seen:
        u = urlparse(url)
        if u.scheme in ("data", "blob", "about"):
            continue
        hosts.setdefault(u.hostname, set()).add(path)
    outside = {h: sorted(p) for h, p in hosts.items() if h not in LOCAL}
    assert not outside, f"requests to other hosts: {outside}"
    assert len(seen) > 50, "the pages were really loaded"
    assert modebars > 10, "the modebars were really read"
    maps = [p for p, st in states.items() if st["geo"]]
    assert maps, "at least one page drew a geo map, so the topojson/GeoJSON fetches were exercised"
    (artifacts / "browser_requests.txt").write_text(
        "\n".join(f"{p}\t{u}" for p, u in seen if not u.startswith("data:")), encoding="utf-8")


@pytest.mark.browser
def test_script_in_url_does_not_run(app_server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    evil = "<script>alert(1)</script>"
    for path in (HOME, "explorer", "candidates"):
        if path not in PAGES:
            continue
        q = "&".join(f"{k}={evil}" for k in ("lang", "strategies", "as_of", "city", "scenario_a", "indicator"))
        page.goto(f"{app_server}/{'' if path == HOME else path}?{q}")
        wait_ready(page, path)
        html = page.content()
        assert "<script>alert(1)</script>" not in html, "the value is never put into the page as markup"
    page.wait_for_timeout(1000)
    assert not dialogs, dialogs


@pytest.mark.browser
def test_load_smoke(app_server):
    """The load script itself, small: 2 sessions for 10 s against the test server, no errors."""
    from tools.loadtest import run

    s = run(sessions=2, seconds=10, url=app_server, pids=[], think=0.5, timeout=180)
    assert s["views"] >= 2 and s["views_ok"] == s["views"], s
    assert s["errors"] == 0, s["error_samples"]
    assert s["ready_p95_s"] is not None


@pytest.mark.browser
def test_load_smoke_two_replicas_behind_nginx():
    """deploy/run-replicas.sh with two replicas and nginx on loopback, driven by the load script."""
    import shutil as _sh

    if not (_sh.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    from tools.loadtest import run

    s = run(sessions=2, seconds=10, replicas=2, pages=["progress", "methods"], think=0.5, timeout=180)
    assert s["replicas"] == 2 and len(s["rss_per_server_last_mb"]) == 2
    assert all(x and x > 50 for x in s["rss_per_server_last_mb"]), "both replicas are real Streamlit servers"
    assert s["errors"] == 0, s["error_samples"]
