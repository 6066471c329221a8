"""The container's parts, tested outside a container (no Docker engine runs here; deploy/README.md says so):
the entrypoint starts the app with the whole root filesystem read-only and a tmpfs for $AIZONE_STATE (as root,
in a private mount namespace: the same conditions as ``read_only: true`` plus ``tmpfs`` in compose.yaml), the
health check answers for it and fails without it, and the files (Dockerfile, compose.yaml, the systemd unit,
the nginx config rendered for compose) hold what they promise."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tools.harness import free_port, serving

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _can_make_root_read_only() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount --bind / / && mount -o remount,bind,ro / / && ! touch /.aizone-probe"],
                           capture_output=True)
    return probe.returncode == 0


def _env(state: Path, port: int) -> dict:
    return dict(os.environ, AIZONE_ROOT=str(ROOT), AIZONE_VENV=sys.prefix, AIZONE_STATE=str(state),
                AIZONE_PORT=str(port), AIZONE_ADDRESS="127.0.0.1", PYTHONPATH=str(ROOT))


def _health(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(DEPLOY / "healthcheck.sh")], env=env, capture_output=True, text=True, timeout=30)


def test_entrypoint_serves_with_a_read_only_root_and_the_health_check_follows(tmp_path):
    if not _can_make_root_read_only():
        pytest.skip("needs root and unshare to mount / read-only in a private namespace")
    state = Path(tempfile.mkdtemp(prefix="aizone-state-"))
    port = free_port()
    env = _env(state, port)
    assert _health(env).returncode == 1, "nothing listens yet: unhealthy"
    log = tmp_path / "entrypoint.log"
    script = ('mount --bind / / && mount -o remount,bind,ro / / && '
              f'mount -t tmpfs -o size=512m,mode=1777 tmpfs "{state}" && exec sh "$0"')
    url = f"http://127.0.0.1:{port}"
    cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(DEPLOY / "entrypoint.sh")]
    try:
        with serving(cmd, url, log, "the entrypoint's app", env=env):
            done = _health(env)
            assert done.returncode == 0, done.stderr
            with urllib.request.urlopen(url + "/", timeout=10) as r:
                assert r.status == 200
            vendor = next((ROOT / "static" / "vendor").glob("plotly-*.min.js")).name
            with urllib.request.urlopen(f"{url}/app/static/vendor/{vendor}", timeout=10) as r:
                assert r.status == 200
            with urllib.request.urlopen(f"{url}/_stcore/bidi-components/aizone.livemap/livemap.js", timeout=10) as r:
                assert r.status == 200 and b"Plotly.react" in r.read()
    finally:
        shutil.rmtree(state, ignore_errors=True)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "Read-only file system" not in text, text[-3000:]
    assert _health(env).returncode == 1, "stopped: unhealthy again"


def test_entrypoint_refuses_a_state_dir_it_cannot_write(tmp_path):
    cmd = ["sh", str(DEPLOY / "entrypoint.sh")]
    if os.geteuid() == 0:  # root writes through file modes: make the whole root read-only instead
        if not _can_make_root_read_only():
            pytest.skip("needs unshare to mount / read-only in a private namespace")
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c",
               'mount --bind / / && mount -o remount,bind,ro / / && exec sh "$0"', str(DEPLOY / "entrypoint.sh")]
    else:
        (tmp_path / "state").mkdir(mode=0o500)
    done = subprocess.run(cmd, env=_env(tmp_path / "state", free_port()), capture_output=True, text=True, timeout=60)
    assert done.returncode == 78 and "not writable" in done.stderr


def test_image_and_compose_files_say_what_deploy_readme_promises():
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG DEBIAN=debian:12", docker, re.M)
    app_stage = docker.split("AS app", 1)[1].split("AS nginx", 1)[0]
    assert re.search(r"^USER 10001", app_stage, re.M), "the app runs as a non-root user"
    assert "HEALTHCHECK" in app_stage and "healthcheck.sh" in app_stage
    assert "--require-hashes -r /src/requirements/app.lock" in docker
    assert "aizone.ui.vendor" in docker, "plotly.js placed at build time"
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    import yaml  # no `docker compose config` here (no compose plugin): the YAML and its merge keys at least

    services = yaml.safe_load(compose)["services"]
    assert services["app"]["build"]["target"] == "app" and services["nginx"]["build"]["target"] == "nginx"
    assert services["app"]["read_only"] is True and services["nginx"]["read_only"] is True
    assert services["nginx"]["depends_on"]["app"]["condition"] == "service_healthy"
    for needle in ("read_only: true", "tmpfs:", "/run/aizone", "restart: unless-stopped", "healthcheck:",
                   "replicas: ${REPLICAS:-2}", "STREAMLIT_SERVER_COOKIE_SECRET", "service_healthy"):
        assert needle in compose, needle
    unit = (DEPLOY / "aizone@.service").read_text(encoding="utf-8")
    for needle in ("Restart=always", "User=aizone", "ProtectSystem=strict", "AIZONE_ADDRESS=127.0.0.1",
                   "healthcheck.sh", "AIZONE_PORT=%i"):
        assert needle in unit, needle


def test_nginx_config_for_compose_is_valid_and_sticky(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    out = subprocess.run([sys.executable, str(DEPLOY / "render-nginx.py"), "--upstream", "127.0.0.1:8501",
                          "--upstream", "127.0.0.1:8502", "--listen", "127.0.0.1:18080", "--run-dir", str(tmp_path),
                          "--static", str(ROOT / "static"), "--frame-ancestors", "'self' https://portal.example"],
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True).stdout
    assert "@" not in re.sub(r"#.*", "", out).replace("$proxy_add", ""), "every token rendered"
    assert "hash $aizone_route consistent" in out and "frame-ancestors 'self' https://portal.example" in out
    if not nginx:
        pytest.skip("nginx is not installed")
    conf = tmp_path / "nginx.conf"
    conf.write_text(out, encoding="utf-8")
    for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / d).mkdir()
    done = subprocess.run([nginx, "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
