"""``./run.sh app -- --server.port N`` reaches streamlit as an option (it used to become a script argument)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("chromium") or not shutil.which("fc-list"), reason="run.sh would install chromium")
def test_app_options_after_double_dash_reach_streamlit(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "streamlit"):  # stand-ins: they print what they were given
        f = venv / "bin" / name
        f.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
        f.chmod(0o755)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (venv / f".aizone-{digest}-base").touch()  # set up already: nothing is installed
    out = subprocess.run([str(ROOT / "run.sh"), "app", "--", "--server.port", "8600"], capture_output=True, text=True,
                         env=dict(os.environ, AIZONE_VENV=str(venv)), timeout=60, check=True).stdout.split("\n")
    assert "--server.port" in out and out[out.index("--server.port") + 1] == "8600", out
    assert "--" not in out, "nothing after the script name is left for app.py"
