"""The Content-Security-Policy that deploy/nginx.conf sends fits the app: through nginx (deploy/run-replicas.sh,
one replica) the overview's map and an ordinary plotly chart draw, and the browser reports no CSP violation;
frame-ancestors follows FRAME_ANCESTORS."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tools.harness import free_port

pytestmark = [pytest.mark.browser, pytest.mark.install]

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = "'self' https://portal.example.gov.cn"


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    run_dir = tmp_path_factory.mktemp("replicas")
    os.chmod(run_dir, 0o755)
    # nginx's workers drop root: they must be able to reach static/, and a checkout under a 0700 folder (a
    # `mktemp -d` clone, pytest's own tmp) is out of their reach (403, blank maps). Serve a world-readable copy.
    static = Path(tempfile.mkdtemp(prefix="aizone-static-"))
    shutil.copytree(ROOT / "static", static / "static")
    for p in [static, *static.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    port = free_port()
    env = dict(os.environ, REPLICAS="1", LISTEN_PORT=str(port), RUN_DIR=str(run_dir), PYTHON=sys.executable,
               FRAME_ANCESTORS=ALLOWED, STATIC_DIR=str(static / "static"))
    script = ROOT / "deploy" / "run-replicas.sh"
    start = subprocess.run([str(script), "start"], env=env, capture_output=True, text=True, timeout=300)
    try:
        assert start.returncode == 0, start.stdout + start.stderr
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([str(script), "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(static, ignore_errors=True)


def test_nginx_sends_the_policy_with_the_allow_list(behind_nginx):
    with urllib.request.urlopen(behind_nginx + "/", timeout=10) as r:
        csp = r.headers["Content-Security-Policy"]
    assert csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert csp.endswith(f"frame-ancestors {ALLOWED}")
    assert "http:" not in csp.replace("https://portal.example.gov.cn", ""), "no other origin is allowed"


@pytest.mark.parametrize("path,ready", [
    ("/?lang=en", ".aizone-livemap .geo .scattergeo path.point"),  # the map component, plotly.js from static/
    ("/progress?lang=en", ".js-plotly-plot .main-svg"),  # st.plotly_chart: Streamlit's own plotly bundle
])
def test_pages_work_under_the_policy(page, behind_nginx, path, ready):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
            or "Refused to" in m.text else None)
    page.goto(behind_nginx + path)
    page.wait_for_selector(ready, timeout=90_000)
    page.wait_for_timeout(1500)
    assert violations == [], "\n".join(violations[:5])
