"""The app runs from a read-only tree and still draws its maps: nothing is written into the code at run time
(plotly.js is placed at install time by ``python -m aizone.ui.vendor``; the map component's script and style are
files Streamlit serves from the package). The tree is a copy of the checkout mounted read-only over itself in a
private mount namespace (as root: ``unshare -m``; root ignores file modes), or made ``chmod a-w`` otherwise.
Also checked: no file in the copy appears or changes while both maps are drawn."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tools.harness import free_port, streamlit_command, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.install]

ROOT = Path(__file__).resolve().parents[2]
TREE = ["app.py", "pages", "static", "data", ".streamlit", "aizone"]
POINTS = ".aizone-livemap .geo .scattergeo path.point"


def _listing(tree: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(tree)): (p.stat().st_size, p.stat().st_mtime_ns) for p in tree.rglob("*")}


def _can_mount_read_only() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as d:
        probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                                f"mount --bind -o ro {d} {d} && mount -o remount,bind,ro {d} {d} && ! touch {d}/x"],
                               capture_output=True)
        return probe.returncode == 0


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    copy = tmp_path_factory.mktemp("ro") / "aizone"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in TREE:
        src = ROOT / part
        (shutil.copytree(src, copy / part, ignore=ignore) if src.is_dir() else shutil.copy2(src, copy / part))
    assert list((copy / "static" / "vendor").glob("plotly-*.min.js")), "run.sh places plotly.js before the tests"
    for p in [copy, *copy.rglob("*")]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _listing(copy)
    port = free_port()
    cmd = streamlit_command(copy / "app.py", port)
    if _can_mount_read_only():
        script = (f'mount --bind -o ro "{copy}" "{copy}" && mount -o remount,bind,ro "{copy}" "{copy}" && '
                  'exec "$@"')
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *cmd]
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
    log = tmp_path_factory.mktemp("log") / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, cwd=copy, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=90)
    except RuntimeError:
        proc.kill()
        pytest.fail("server did not start from the read-only tree: " + log.read_text(errors="replace")[-2000:])
    yield url, copy, log
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    assert _listing(copy) == before, "the app wrote into its own tree"
    for p in [copy, *copy.rglob("*")]:  # let pytest clean up
        p.chmod(p.stat().st_mode | stat.S_IWUSR)


def test_the_server_imports_the_read_only_copy(read_only_server):
    url, copy, log = read_only_server
    out = subprocess.run([sys.executable, "-c", "import aizone; print(aizone.__file__)"], cwd=copy,
                         env=dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1"),
                         capture_output=True, text=True).stdout
    assert out.startswith(str(copy))


@pytest.mark.parametrize("path", ["/?lang=en", "/explorer?lang=en&as_of=2021-12-31"])
def test_maps_draw_from_a_read_only_tree(page, read_only_server, path):
    url, copy, log = read_only_server
    assets = []
    page.on("response", lambda r: assets.append((r.status, r.url)) if "bidi-components" in r.url
            or "/vendor/" in r.url else None)
    page.goto(url + path)
    page.wait_for_selector(POINTS, timeout=90_000)
    assert page.locator(POINTS).count() > 0
    # the component's script and style came as files from its asset_dir, plotly.js from static/vendor
    served = {u.rsplit("/", 1)[-1] for s, u in assets if s == 200}
    assert {"livemap.js", "livemap.css"} <= served or path != "/?lang=en", assets
    assert not [u for s, u in assets if s >= 400], assets
    text = log.read_text(errors="replace")
    assert "Read-only file system" not in text and "Permission denied" not in text, text[-2000:]
