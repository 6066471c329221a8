"""``./run.sh app``: the README's first command. It serves on 127.0.0.1 unless AIZONE_ADDRESS says otherwise,
and passes extra arguments to ``streamlit run``, directly or after ``--``. Runs through the venv run.sh made
(``.venv``, or AIZONE_VENV): in CI, ``./run.sh test`` has set it up, so this also checks that the app set of the
lock installs into it. Cost: ~10-30 s (the first `app` set-up is a pip check of the locked set)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tools.harness import free_port, serving

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("AIZONE_VENV", ROOT / ".venv"))


def _listening(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    out = set()
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.rsplit(":", 1)
            if state == "0A" and int(p, 16) == port:  # LISTEN
                out.add({"0100007F": "127.0.0.1", "00000000": "0.0.0.0"}.get(addr, addr))
    return out


@pytest.mark.parametrize("form", ["direct", "after --"])
def test_run_sh_app_listens_on_loopback_and_passes_arguments(tmp_path, form):
    if not (VENV / "bin" / "python").exists():
        pytest.skip(f"no venv made by run.sh at {VENV} (./run.sh test makes it)")
    port = free_port()
    extra = ["--server.port", str(port), "--server.headless", "true"]
    args = ["./run.sh", "app", *(["--"] if form == "after --" else []), *extra]
    env = {k: v for k, v in os.environ.items() if k not in ("AIZONE_ADDRESS", "PYTHONPATH")}
    env["AIZONE_VENV"] = str(VENV)
    log = tmp_path / "app.log"
    with serving(args, f"http://127.0.0.1:{port}", log, "./run.sh app", timeout=600, stop_wait=15, cwd=ROOT, env=env,
                 start_new_session=True):
        deadline = time.time() + 5
        while not _listening(port) and time.time() < deadline:
            time.sleep(0.2)
        assert _listening(port) == {"127.0.0.1"}, f"listens on {_listening(port)}, not loopback only"
