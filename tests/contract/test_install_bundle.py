"""The offline bundle (``./run.sh bundle``, tools/bundle.py): built once per session, installed into a fresh
venv with pip's index switched off and every proxy pointing at a closed port, then served from a read-only
copy of the bundle; the health endpoint, the map component's script and plotly.js must answer.

Cost in CI: the build downloads the locked wheels (~175 MB; ~10-60 s, pip's cache helps), the install ~60 s,
the start ~10 s. Select with ``-m install``; ``-m 'not install'`` leaves it out."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tarfile
import urllib.request
from pathlib import Path

import pytest

from tools.bundle import build
from tools.harness import free_port, serving

pytestmark = pytest.mark.install

OFFLINE = {"PIP_CONFIG_FILE": "/dev/null", "PIP_NO_INDEX": "1",
           **{k: "http://127.0.0.1:9" for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}}


def _read_only(tree: Path) -> None:
    for p in [tree, *tree.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    tarball = build(out, log=lambda *_: None)
    root = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(root, filter="data")
    (top,) = root.iterdir()
    return top


def test_bundle_holds_wheels_for_the_whole_lock_and_the_app(bundle):
    lock = (bundle / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.lower().replace("_", "-") for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    wheels = {w.name.split("-")[0].lower().replace("_", "-") for w in (bundle / "wheels").glob("*.whl")}
    assert "aizone" in wheels
    assert not {p for p in pinned if p not in wheels and p not in {"colorama"}}, "every locked package has a wheel"
    assert (bundle / "app" / "app.py").is_file() and (bundle / "app" / ".streamlit" / "config.toml").is_file()
    assert list((bundle / "app" / "static" / "vendor").glob("plotly-*.min.js")), "plotly.js placed at build time"
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=bundle).returncode == 0


def test_bundle_installs_with_no_index_and_serves_read_only(bundle, tmp_path):
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(OFFLINE)
    done = subprocess.run(["sh", str(bundle / "install.sh"), str(venv)], env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    _read_only(bundle)  # the app must write nothing into its own folder
    port = free_port()
    log = tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    cmd = ["sh", str(bundle / "run.sh"), "--", "--server.port", str(port), "--server.headless", "true"]
    with serving(cmd, url, log, "the bundled app", env=dict(env, VENV=str(venv)), cwd=tmp_path):
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
            assert r.status == 200 and r.read() == b"ok"
        # aizone is imported from the venv (the wheel), not from a checkout
        where = subprocess.run([str(venv / "bin/python"), "-c", "import aizone; print(aizone.__file__)"],
                               capture_output=True, text=True, env=env, cwd=tmp_path).stdout
        assert str(venv) in where
        with urllib.request.urlopen(url + "/", timeout=10) as r:
            assert r.status == 200
        vendor = next((bundle / "app/static/vendor").glob("plotly-*.min.js")).name
        with urllib.request.urlopen(f"{url}/app/static/vendor/{vendor}", timeout=10) as r:
            assert r.status == 200 and len(r.read()) > 1_000_000
    assert "Traceback" not in log.read_text(errors="replace")
