"""Shared fixtures: a real Streamlit server on loopback and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tools.harness import CHROMIUM_ARGS, start_server

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"


def _skip_or_fail(reason: str):
    """In CI a missing browser is a failure, elsewhere a printed skip."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    print(f"\nSKIP browser tests: {reason}", file=sys.stderr)
    pytest.skip(reason)


class Server:
    """A Streamlit server of app.py on loopback, started fresh (the process-wide page mode starts anew)."""

    def __init__(self):
        self.proc, self.url = _start()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _start():
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    # The server's output goes to a file: an unread pipe fills up and stalls a long test session.
    log = tempfile.NamedTemporaryFile(prefix="aizone-server-", suffix=".log", delete=False)
    try:
        return start_server(ROOT / "app.py", env=env, stdout=log, extra=("--browser.gatherUsageStats", "false"),
                            timeout=60)
    except RuntimeError:
        pytest.fail("streamlit server did not start: " + Path(log.name).read_text(errors="replace")[-2000:])


@pytest.fixture(scope="session")
def app_server():
    srv = Server()
    yield srv.url
    srv.stop()


@pytest.fixture()
def fresh_server():
    srv = Server()
    yield srv.url
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    exe = shutil.which("chromium")
    if not exe:
        _skip_or_fail("Debian's chromium is not installed (./run.sh test installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN", accept_downloads=True)
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def offsite(page, app_server) -> list[str]:
    """URLs of the page's requests that would leave the machine (must stay empty: intranets have no internet).

    Inline ``data:`` URLs and the page's own ``blob:`` URLs (Streamlit loads a custom component's script
    from one) never touch the network."""
    urls: list[str] = []
    own = ("data:", app_server, f"blob:{app_server}/")
    page.on("request", lambda r: None if r.url.startswith(own) else urls.append(r.url))
    return urls
