"""Load test: N analysts at once, each a real headless Chromium session walking through the pages.

    python -m tools.loadtest --sessions 20 --seconds 120            # one local server
    python -m tools.loadtest --sessions 20 --seconds 120 --replicas 2  # deploy/run-replicas.sh + nginx
    python -m tools.loadtest --url http://127.0.0.1:8080 --pids 1234,1235  # an existing deployment

Why it is built this way: Streamlit's cost is per session (a script run per page view, a websocket each),
so only real browsers give the real load; one Chromium with a context per session keeps 20 of them within
memory. Sessions move between pages through the sidebar like a person (the websocket session stays), with
a pause between views and a fresh visit (new session) now and then. A view counts as done when the script
has finished, the page's title is shown and, on pages with a geo map, the map's shapes are drawn.

Errors: Streamlit exception boxes, error alerts, uncaught page errors, failed requests and HTTP >= 400,
views that never finish, and a page in the wrong language (half the sessions ask for English). Server memory is sampled from /proc; it "levels off" when the median of the last
third of the run is within 10 % of the middle third's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from aizone.config import ROOT
from tools.harness import CHROMIUM_ARGS, free_port, start_server, wait_healthy

LEVEL_TOLERANCE = 0.10

STATE_JS = """() => {
  const CHARTS = '[data-testid="stPlotlyChart"], [data-testid="stBidiComponentRegular"]:not(:has(.aizone-copylink, .aizone-datecommit))';
  const app = document.querySelector('[data-testid="stApp"]');
  const h1 = document.querySelector('section[data-testid="stMain"] h1, h1');
  return {
    path: location.pathname,
    state: app ? app.getAttribute('data-test-script-state') : null,
    h1: h1 ? h1.innerText : '',
    // st.plotly_chart, and the maps kept mounted by aizone.ui.livemap (the other custom components, the
    // sidebar's copy-link button and the briefing's date watcher, draw no chart)
    charts: document.querySelectorAll(CHARTS).length,
    // a live map is two stacked plotly charts (areas below, markers on top): plotted when both are
    plotted: [...document.querySelectorAll(CHARTS)]
        .filter(el => { const p = [...el.querySelectorAll('.js-plotly-plot')]; return p.length && p.every(gd => gd.data); })
        .length,
    // a geo figure is known from its traces before plotly has fetched the topojson and drawn anything
    geo: [...document.querySelectorAll('.js-plotly-plot')].filter(gd => (gd.data || []).some(
        t => t.type === 'scattergeo' || t.type === 'choropleth')).length,
    drawn: document.querySelectorAll('.js-plotly-plot .choroplethlocation, .js-plotly-plot .scattergeo path.point').length,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    alerts: [...document.querySelectorAll('[data-testid="stAlertContentError"]')].map(e => e.innerText.slice(0, 200)),
  };
}"""


def pages_of(app: Path = ROOT / "app.py") -> list[str]:
    """The registered pages' url paths, in the order app.py lists them (new pages are picked up)."""
    return re.findall(r'url_path="([a-z_]+)"', app.read_text(encoding="utf-8"))


def default_page(app: Path = ROOT / "app.py") -> str:
    """The page served at "/" (its sidebar link is the bare root)."""
    m = re.search(r'url_path="([a-z_]+)"[^)]*default=True', app.read_text(encoding="utf-8"))
    return m.group(1) if m else ""


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (and its reaped children), from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    vals = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
    return sum(vals) - idle, sum(vals)


# ------------------------------------------------------------------------------------------------ servers


class Deployment:
    """The app under test: one Streamlit server, or replicas behind nginx via deploy/run-replicas.sh."""

    def __init__(self, replicas: int = 1, data: str | None = None):
        self.replicas = replicas
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        if data:
            self.env["AIZONE_DATA"] = data
        self.procs: list[subprocess.Popen] = []
        self.run_dir: Path | None = None
        self.url = ""
        self.pids: list[int] = []
        self.replica_urls: list[str] = []  # each replica directly, to warm them all before the clock starts

    def start(self) -> "Deployment":
        if self.replicas <= 1:
            proc, self.url = start_server(ROOT / "app.py", env=self.env)
            self.procs.append(proc)
            self.pids = [proc.pid]
            return self
        self.run_dir = Path(tempfile.mkdtemp(prefix="aizone-replicas-"))
        port = free_port()
        env = dict(self.env, REPLICAS=str(self.replicas), LISTEN_PORT=str(port), RUN_DIR=str(self.run_dir),
                   PYTHON=sys.executable)
        subprocess.run(["bash", str(ROOT / "deploy" / "run-replicas.sh"), "start"], cwd=ROOT, env=env, check=True,
                       timeout=180)
        self.url = f"http://127.0.0.1:{port}"
        self.pids = [int(p.read_text()) for p in sorted(self.run_dir.glob("replica-*.pid"))]
        self.replica_urls = [f"http://127.0.0.1:{p.read_text().strip()}" for p in sorted(self.run_dir.glob("replica-*.port"))]
        wait_healthy(self.url)
        return self

    def stop(self) -> None:
        for p in self.procs:
            p.terminate()
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
        if self.run_dir is not None:
            env = dict(self.env, RUN_DIR=str(self.run_dir))
            subprocess.run(["bash", str(ROOT / "deploy" / "run-replicas.sh"), "stop"], cwd=ROOT, env=env, timeout=60)
            for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                shutil.rmtree(self.run_dir / d, ignore_errors=True)
            (self.run_dir / "cookie_secret").unlink(missing_ok=True)  # logs stay for inspection


# ------------------------------------------------------------------------------------------------ results


@dataclass
class View:
    session: int
    page: str
    seconds: float
    map_seconds: float | None
    ok: bool


@dataclass
class Result:
    url: str
    sessions: int
    seconds: float
    replicas: int
    pages: list[str]
    views: list[View] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    rss: list[tuple[float, list[float | None]]] = field(default_factory=list)  # (t, MB per server)
    notes: list[str] = field(default_factory=list)
    probes: int = 0  # base-path probes answered 404 (see _PROBE)
    aborted: list[str] = field(default_factory=list)  # requests the browser cancelled
    detached: list[str] = field(default_factory=list)  # script errors of charts already taken off the page
    stale_media: list[str] = field(default_factory=list)  # 404s for images of the page just left
    server_cpu_s: float | None = None  # CPU seconds the servers used during the run
    machine_busy: float | None = None  # share of all cores busy (servers + browsers + anything else)
    wall_s: float | None = None

    def error(self, session: int, kind: str, page: str, detail: str) -> None:
        self.errors.append({"session": session, "kind": kind, "page": page, "detail": detail[:300]})

    # -- summary
    def summary(self) -> dict:
        ready = [v.seconds for v in self.views if v.ok]
        maps = [v.map_seconds for v in self.views if v.ok and v.map_seconds is not None]
        kinds: dict[str, int] = {}
        for e in self.errors:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        total = [sum(x for x in mb if x) for _, mb in self.rss]
        n = len(total)
        mid = total[n // 3: 2 * n // 3] if n >= 6 else []
        last = total[2 * n // 3:] if n >= 6 else []
        mid_med = statistics.median(mid) if mid else None
        last_med = statistics.median(last) if last else None
        growth = (last_med - mid_med) / mid_med if mid_med else None
        return {
            "url": self.url, "sessions": self.sessions, "seconds": self.seconds, "replicas": self.replicas,
            "pages": self.pages, "views": len(self.views), "views_ok": len(ready),
            "errors": len(self.errors), "errors_by_kind": kinds,
            "ready_p50_s": _pct(ready, 50), "ready_p95_s": _pct(ready, 95),
            "map_views": len(maps), "map_p50_s": _pct(maps, 50), "map_p95_s": _pct(maps, 95),
            "rss_start_mb": round(total[0], 1) if total else None, "rss_mid_median_mb": _r(mid_med),
            "rss_last_median_mb": _r(last_med), "rss_peak_mb": round(max(total), 1) if total else None,
            "rss_growth_last_vs_mid": round(growth, 3) if growth is not None else None,
            "rss_levelled": growth is not None and growth <= LEVEL_TOLERANCE,
            "rss_per_server_last_mb": [_r(x) for x in self.rss[-1][1]] if self.rss else [],
            "server_cpu_s": self.server_cpu_s, "wall_s": self.wall_s, "cores": os.cpu_count(),
            "machine_busy": self.machine_busy,
            "base_path_probes_404": self.probes,
            "requests_aborted_by_browser": len(self.aborted),
            "aborted_samples": sorted(set(self.aborted))[:10],
            "detached_chart_errors": len(self.detached),
            "stale_media_404": len(self.stale_media),
            "notes": self.notes,
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _pct(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (k - lo), 2)


def print_summary(s: dict, out=sys.stdout) -> None:
    w = out.write
    w(f"\nload test: {s['sessions']} sessions x {s['seconds']:.0f} s against {s['url']} "
      f"({s['replicas']} server{'s' if s['replicas'] > 1 else ''}); pages: {', '.join(s['pages'])}\n")
    w(f"  page views      {s['views']} ({s['views_ok']} finished)\n")
    w(f"  errors          {s['errors']} {s['errors_by_kind'] or ''}\n")
    w(f"  page ready      p50 {s['ready_p50_s']} s   p95 {s['ready_p95_s']} s\n")
    w(f"  map drawn       p50 {s['map_p50_s']} s   p95 {s['map_p95_s']} s   ({s['map_views']} views with a map)\n")
    w(f"  server RSS      start {s['rss_start_mb']} MB, middle third {s['rss_mid_median_mb']} MB, last third "
      f"{s['rss_last_median_mb']} MB, peak {s['rss_peak_mb']} MB; per server now {s['rss_per_server_last_mb']}\n")
    verdict = "levelled off" if s["rss_levelled"] else "still growing (or too short to tell)"
    w(f"  RSS             {verdict}: last third vs middle third {s['rss_growth_last_vs_mid']:+.1%}\n"
      if s["rss_growth_last_vs_mid"] is not None else "  RSS             too few samples\n")
    if s.get("server_cpu_s") is not None and s.get("wall_s"):
        w(f"  CPU             servers {s['server_cpu_s']} s of {s['wall_s'] * s['cores']:.0f} core-seconds; all cores "
          f"{s['machine_busy']:.0%} busy (the browsers run on the same {s['cores']} cores)\n")
    w(f"  set apart       {s['requests_aborted_by_browser']} requests cancelled by the browser (navigation), "
      f"{s['detached_chart_errors']} script errors of charts already replaced, {s['stale_media_404']} images of the "
      f"page just left that were released before they loaded\n")
    for n in s["notes"]:
        w(f"  note: {n}\n")


# ------------------------------------------------------------------------------------------------ sessions


def page_url(base: str, path: str, home: str, lang: str) -> str:
    """The default page lives at "/" (Streamlit answers /<its url_path> with "page not found")."""
    return f"{base}/{'' if path == home else path}?lang={lang}"


POLL_S = 0.25  # each poll runs a query in every session's page: with 20 tabs on 2 cores, 0.1 s cost the browsers CPU


async def _wait_view(page, path: str, before_h1: str, timeout: float, home: str,
                     has_map: bool | None) -> tuple[dict, float | None, float]:
    """Poll until the script finished on ``path`` with a title, its charts mounted and, on a page with a
    geo map, the map's shapes drawn. ``has_map`` None (not known yet) waits for the page to stay still."""
    t0 = time.perf_counter()
    seen_done = None
    stable, last = 0.0, None
    while True:
        st = await page.evaluate(STATE_JS)
        now = time.perf_counter() - t0
        on_page = st["path"].rstrip("/").endswith("/" + path) or (path == home and st["path"] == "/")
        done = on_page and st["state"] == "notRunning" and st["h1"] and (st["h1"] != before_h1 or not before_h1)
        if st["exceptions"] or st["alerts"]:
            return st, None, now
        if done:
            if seen_done is None:
                seen_done = now
            mounted = st["plotted"] >= st["charts"]
            if st["geo"] and st["drawn"]:
                return st, now, seen_done
            if has_map is False and mounted and now - seen_done >= 0.3:
                return st, None, seen_done
            if has_map is None:  # discovery: the plotly bundle can take seconds to arrive after the run
                key = (st["charts"], st["plotted"], st["geo"], st["drawn"])
                stable = stable + POLL_S if key == last else 0.0
                last = key
                if mounted and not st["geo"] and stable >= 5:
                    return st, None, seen_done
        else:
            seen_done = None
        if now > timeout:
            raise TimeoutError(f"not finished after {timeout:.0f} s (state {st['state']}, path {st['path']}, "
                               f"charts {st['charts']}/{st['plotted']}, geo {st['geo']}, drawn {st['drawn']})")
        await asyncio.sleep(POLL_S)


async def discover_maps(browser, base: str, pages: list[str], timeout: float) -> dict[str, bool]:
    """Which pages draw a geo map: one unhurried visit each before the clock starts (also warms the server)."""
    home = default_page()
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await ctx.new_page()
    out = {}
    try:
        for path in pages:
            await page.goto(page_url(base, path, home, "zh"), timeout=timeout * 1000)
            st, map_s, _ = await _wait_view(page, path, "", timeout, home, None)
            out[path] = map_s is not None
    finally:
        await ctx.close()
    return out


# Opened at /<page>, Streamlit's front end first looks for its server under that path (/<page>/_stcore/health,
# /<page>/_stcore/host-config), gets 404 and then uses the root: expected, counted apart from errors.
_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
_PROBE = re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")


# plotly.js finishing a plot whose chart was already removed (a page switch or a rerun while its boundary file
# was still loading): Plotly.purge cleared the chart's context, the pending draw then reads it. Nothing on the
# screen is affected; counted apart, like cancelled requests. Only this exact message qualifies.
_DETACHED = re.compile(r"^Cannot read properties of undefined \(reading 'typesetMath'\)$")


def _page_error(res: Result, i: int, page: str, e) -> None:
    text = str(e)
    if _DETACHED.match(text):
        res.detached.append(f"{page}: {text}")
        return
    res.error(i, "page_error", page, text)


def _failed(res: Result, i: int, page: str, r) -> None:
    """A request the browser itself cancelled (navigation, a chart replaced) is not a server failure; kept apart."""
    if "ERR_ABORTED" in (r.failure or ""):
        res.aborted.append(f"{page}: {r.url.split('?')[0]}")
        return
    res.error(i, "request_failed", page, f"{r.url} {r.failure}")


_MEDIA = re.compile(r"/media/[0-9a-f]+\.\w+$")


def _response(res: Result, i: int, page: str, r, asked_on: dict | None = None) -> None:
    if r.status < 400:
        return
    origin = (asked_on or {}).pop(r.request, page)
    if r.status == 404 and _MEDIA.search(r.url.split("?")[0]) and origin != page:
        # An image of the page just left, still loading when the next page's run released it (Streamlit keeps
        # a session's media only while a run shows it): nothing on screen is missing.
        res.stale_media.append(f"{origin} -> {page}: {r.url.split('/')[-1]}")
        return
    if r.status == 404 and _PROBE.search(r.url.split("?")[0]):
        res.probes += 1
        return
    res.error(i, f"http_{r.status}", page, r.url)


async def run_session(i: int, browser, base: str, pages: list[str], deadline: float, res: Result, think: float,
                      revisit_every: int, timeout: float, verbose: bool, maps: dict[str, bool]) -> None:
    lang = "zh" if i % 2 == 0 else "en"
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN" if lang == "zh" else "en-US")
    page = await ctx.new_page()
    current = {"page": "", "shown": ""}  # the page asked for, and the last one seen finished on screen
    page.on("pageerror", lambda e: _page_error(res, i, current["page"], e))
    page.on("requestfailed", lambda r: _failed(res, i, current["page"], r))
    # request -> the page on screen when it was made: during a page switch the old page (and its images)
    # is still displayed until the new run replaces it
    asked_on: dict = {}
    page.on("request", lambda r: asked_on.__setitem__(r, current["shown"] or current["page"]) if "/media/" in r.url else None)
    page.on("response", lambda r: _response(res, i, current["page"], r, asked_on))
    rng = random.Random(i)
    home = default_page()
    order = pages[i % len(pages):] + pages[: i % len(pages)]
    n = 0
    h1 = ""
    try:
        while time.time() < deadline:
            path = order[n % len(order)]
            current["page"] = path
            fresh = n == 0 or (revisit_every and n % revisit_every == 0)
            t0 = time.perf_counter()
            try:
                if fresh:
                    await page.goto(page_url(base, path, home, lang), timeout=timeout * 1000)
                    h1 = ""
                else:
                    href = "/" if path == home else f"/{path}"
                    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="{href}"]').first
                    await link.click(timeout=timeout * 1000)
                st, map_s, ready_s = await _wait_view(page, path, h1, timeout, home, maps.get(path))
                current["shown"] = path
                ready_s = time.perf_counter() - t0 if fresh else ready_s
                map_s = (time.perf_counter() - t0) if (fresh and map_s is not None) else map_s
                ok = not st["exceptions"] and not st["alerts"]
                if st["exceptions"]:
                    res.error(i, "exception_box", path, str(st["exceptions"]))
                for a in st["alerts"]:
                    res.error(i, "error_alert", path, a)
                h1 = st["h1"]
                if ok and bool(_CJK.search(h1)) != (lang == "zh"):
                    res.error(i, "wrong_language", path, f"asked for {lang}, title {h1[:60]!r}")
                    ok = False
                res.views.append(View(i, path, round(ready_s, 3), None if map_s is None else round(map_s, 3), ok))
                if verbose:
                    print(f"[{i:02d}] {path:<11} {ready_s:6.2f} s map {map_s and round(map_s, 2)} {h1[:40]!r}", flush=True)
            except Exception as e:  # noqa: BLE001 — a stuck view is a result, not a crash of the run
                res.error(i, "timeout" if "not finished" in str(e) or "Timeout" in type(e).__name__ else "driver",
                          path, f"{type(e).__name__}: {e}")
                res.views.append(View(i, path, time.perf_counter() - t0, None, False))
                h1 = ""
                current["shown"] = ""
                n = -1  # start over with a fresh visit
            n += 1
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    finally:
        await ctx.close()


async def sample_rss(pids: list[int], res: Result, t0: float, stop: asyncio.Event, every: float) -> None:
    cpu0 = [cpu_seconds(p) for p in pids]
    busy0, total0 = machine_busy()
    while not stop.is_set():
        res.rss.append((round(time.time() - t0, 1), [rss_mb(p) for p in pids]))
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except asyncio.TimeoutError:
            pass
    res.rss.append((round(time.time() - t0, 1), [rss_mb(p) for p in pids]))
    cpu1 = [cpu_seconds(p) for p in pids]
    busy1, total1 = machine_busy()
    res.server_cpu_s = round(sum(b - a for a, b in zip(cpu0, cpu1) if a is not None and b is not None), 1)
    res.machine_busy = round((busy1 - busy0) / max(total1 - total0, 1), 3)
    res.wall_s = round(time.time() - t0, 1)


async def drive(url: str, pids: list[int], sessions: int, seconds: float, replicas: int, pages: list[str],
                think: float = 2.0, revisit_every: int = 10, timeout: float = 120, sample_every: float = 2.0,
                verbose: bool = False, warm: list[str] | None = None, ramp: float = 60.0) -> Result:
    """Sessions start evenly over ``ramp`` seconds and each then runs ``seconds``: the last third of the ramp
    onwards all of them are open at once. Twenty cold starts in the same second (each parses ~10 MB of
    Streamlit's JavaScript) measure the two cores the browsers share, not the server."""
    from playwright.async_api import async_playwright

    exe = shutil.which("chromium")
    if not exe:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    res = Result(url, sessions, seconds, replicas, pages)
    stop = asyncio.Event()
    step = min(ramp, seconds / 2) / max(sessions, 1)  # a short smoke run ramps over half its length
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            maps = await discover_maps(browser, url, pages, timeout)
            res.notes.append("pages with a geo map: " + (", ".join(k for k, v in maps.items() if v) or "none"))
            for replica in warm or []:  # sticky routing sent the discovery to one replica: warm the others too
                await discover_maps(browser, replica, pages, timeout)
            if warm:
                res.notes.append(f"every page visited once on each of the {len(warm)} replicas before the clock")
            t0 = time.time()
            sampler = asyncio.create_task(sample_rss(pids, res, t0, stop, sample_every))
            tasks = []
            res.notes.append(f"sessions started one every {step:.1f} s; each ran {seconds:.0f} s "
                             f"(all {sessions} open together from {step * (sessions - 1):.0f} s to {seconds:.0f} s)")
            for i in range(sessions):
                tasks.append(asyncio.create_task(run_session(i, browser, url, pages, time.time() + seconds, res, think,
                                                             revisit_every, timeout, verbose, maps)))
                if i < sessions - 1:
                    await asyncio.sleep(step)
            await asyncio.gather(*tasks)
        finally:
            await browser.close()
    stop.set()
    await sampler
    late = time.time() - t0 - seconds - step * (sessions - 1)
    if late > 5:
        res.notes.append(f"last views finished {late:.0f} s after the time limit")
    return res


def _run_coroutine(coro):
    """asyncio.run, also from a thread that already runs an event loop (a test session using Playwright's
    sync API): then the load runs in a thread of its own and its result or exception comes back here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(coro)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = e

    th = threading.Thread(target=target, name="loadtest")
    th.start()
    th.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def run(sessions: int = 20, seconds: float = 120, replicas: int = 1, url: str | None = None,
        pids: list[int] | None = None, pages: list[str] | None = None, data: str | None = None, **kw) -> dict:
    """Run a load test and return its summary (starting and stopping the servers unless ``url`` is given)."""
    pages = pages or pages_of()
    dep = None
    if url is None:
        dep = Deployment(replicas, data).start()
        url, pids = dep.url, dep.pids
        kw.setdefault("warm", dep.replica_urls)
    try:
        res = _run_coroutine(drive(url, pids or [], sessions, seconds, replicas if dep else len(pids or []) or 1,
                                   pages, **kw))
    finally:
        if dep is not None:
            dep.stop()
    s = res.summary()
    if dep is not None and dep.run_dir is not None:
        s["notes"].append(f"nginx and replica logs kept in {dep.run_dir}")
    s["error_samples"] = res.errors[:10]
    s["rss_series"] = res.rss
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.loadtest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--replicas", type=int, default=1, help="start this many replicas behind nginx (deploy/)")
    ap.add_argument("--url", help="drive an already running deployment instead of starting one")
    ap.add_argument("--pids", default="", help="server PIDs to sample RSS from when --url is given (comma-separated)")
    ap.add_argument("--pages", default="", help="url paths to cycle through (default: every page in app.py)")
    ap.add_argument("--think", type=float, default=2.0, help="mean pause between page views, seconds")
    ap.add_argument("--ramp", type=float, default=60.0, help="start the sessions evenly over this many seconds")
    ap.add_argument("--revisit-every", type=int, default=10, help="every n-th view is a fresh visit (new session)")
    ap.add_argument("--timeout", type=float, default=120, help="a view not finished after this is an error")
    ap.add_argument("--data", help="AIZONE_DATA for the servers started here")
    ap.add_argument("--json", help="also write the summary (with the RSS series) to this file")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    pids = [int(x) for x in a.pids.split(",") if x.strip()]
    pages = [x.strip() for x in a.pages.split(",") if x.strip()] or None
    s = run(a.sessions, a.seconds, a.replicas, a.url, pids, pages, a.data, think=a.think, ramp=a.ramp,
            revisit_every=a.revisit_every, timeout=a.timeout, verbose=a.verbose)
    print_summary(s)
    if s["error_samples"]:
        print("  first errors:")
        for e in s["error_samples"]:
            print(f"    [{e['session']:02d}] {e['kind']} on {e['page']}: {e['detail'][:160]}")
    if a.json:
        Path(a.json).write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if s["errors"] == 0 else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
