"""Production settings: .streamlit/config.toml, the nginx deployment, and what the running server enforces."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit import config as st_config

from aizone import uploads

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
REPLICAS = (ROOT / "deploy" / "run-replicas.sh").read_text(encoding="utf-8")


def test_every_setting_is_an_option_of_this_streamlit():
    """A misspelt option is ignored by Streamlit with only a log line: the setting would silently not apply."""
    known = set(st_config._config_options_template)
    for section, values in CONFIG.items():
        for name in values:
            assert f"{section}.{name}" in known, f"{section}.{name} is not a Streamlit option"


@pytest.mark.parametrize("option, expected", [
    ("server.enableXsrfProtection", True),
    ("server.enableCORS", True),
    ("server.headless", True),
    ("server.runOnSave", False),
    ("server.fileWatcherType", "none"),
    ("server.enableStaticServing", True),
    ("server.enableAgentApi", False),
    ("browser.gatherUsageStats", False),
    ("client.showErrorDetails", "none"),
    ("client.showErrorLinks", False),
    ("client.toolbarMode", "viewer"),
])
def test_setting(option, expected):
    section, name = option.split(".")
    assert CONFIG[section][name] == expected


def test_upload_caps_agree():
    mb = CONFIG["server"]["maxUploadSize"]
    assert 1 <= mb <= 20, "a small cap: uploads are spreadsheets of a few hundred rows"
    assert uploads.MAX_BYTES <= mb * 1024 * 1024, "the app's own cap must be the binding one (it explains itself)"
    m = re.search(r"client_max_body_size\s+(\d+)m;", NGINX)
    assert m and int(m.group(1)) >= mb, "nginx must let through what Streamlit accepts (its default is 1 MB)"


def test_no_external_hosts_in_settings():
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert not re.search(r"https?://", text), "no setting points the app at another host"
    assert "mapbox" not in text.lower()


def test_nginx_config_has_sticky_websocket_proxying():
    assert re.search(r"^\s*(ip_hash|hash\s+\$\S+(\s+consistent)?);", NGINX, re.M), "sticky sessions"
    assert "proxy_http_version 1.1;" in NGINX
    assert re.search(r"proxy_set_header Upgrade \$http_upgrade;", NGINX)
    assert re.search(r"proxy_set_header Connection \$connection_upgrade;", NGINX)
    m = re.search(r"proxy_read_timeout\s+(\d+)([smhd]);", NGINX)
    seconds = int(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    assert seconds >= 3600, "an idle websocket must survive an analyst reading a page"
    assert "server_tokens off;" in NGINX
    for header in ("X-Frame-Options SAMEORIGIN", "X-Content-Type-Options nosniff"):
        assert f"add_header {header}" in NGINX


def test_replicas_listen_on_loopback_only():
    assert "--server.address 127.0.0.1" in REPLICAS
    assert "LISTEN_ADDR:-127.0.0.1" in REPLICAS
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in REPLICAS, "one XSRF secret for every replica"


def test_rendered_nginx_config_is_valid(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / d).mkdir()
    (run_dir / "replica-1.port").write_text("18601\n")
    (run_dir / "replica-2.port").write_text("18602\n")
    env = {"RUN_DIR": str(run_dir), "LISTEN_PORT": "18099", "PATH": "/usr/sbin:/usr/bin:/bin",
           "PYTHON": str(ROOT / ".venv" / "bin" / "python")}
    out = subprocess.run(["bash", str(ROOT / "deploy" / "run-replicas.sh"), "render"], env=env, capture_output=True,
                         text=True, check=True)
    conf = out.stdout
    assert "server 127.0.0.1:18601" in conf and "server 127.0.0.1:18602" in conf
    assert "listen 127.0.0.1:18099;" in conf and "@" not in re.sub(r"#.*", "", conf)
    (run_dir / "nginx.conf").write_text(conf)
    check = subprocess.run([nginx, "-t", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf")], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr


def test_server_refuses_upload_without_xsrf_token(app_server):
    """XSRF protection is in force on the running server: an upload without the token is refused."""
    req = urllib.request.Request(app_server + "/_stcore/upload_file/session/file", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 403


def test_server_health_and_no_agent_api(app_server):
    with urllib.request.urlopen(app_server + "/_stcore/health", timeout=10) as r:
        assert r.status == 200
    req = urllib.request.Request(app_server + "/_stcore/agent/interact", data=b"{}", method="POST",
                                 headers={"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code in (403, 404)


def test_nginx_drops_idle_upstream_connections_before_the_replica_does():
    """uvicorn (Streamlit's server) closes idle keep-alive connections after 5 s; nginx reusing one as it closes
    gets a reset and answers 502 (seen in the two-replica load test)."""
    import uvicorn

    limit = uvicorn.Config(app=None).timeout_keep_alive
    upstream = re.search(r"upstream aizone \{(.*?)\}", NGINX, re.S).group(1)
    if "keepalive " in upstream:
        m = re.search(r"keepalive_timeout\s+(\d+)s;", upstream)
        assert m and int(m.group(1)) < limit, f"upstream keepalive_timeout must be under uvicorn's {limit} s"
