"""Starting the app the way a browser meets it: a free loopback port, Debian's chromium flags, a Streamlit
server started on a script and waited for until healthy. Shared by the bench, the load test and the tests."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from aizone.config import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")


def streamlit_command(script: Path, port: int, *extra: str) -> list[str]:
    """``streamlit run`` of ``script`` on loopback, headless (``extra`` are more flags)."""
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
            "--server.port", str(port), "--server.headless", "true", *extra]


def start_server(script: Path = ROOT / "app.py", *, env: dict | None = None, stdout=subprocess.DEVNULL,
                 extra: tuple[str, ...] = (), timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """Start a server on a free port; return (process, url) once healthy. A server that never gets healthy
    is killed and RuntimeError raised."""
    port = free_port()
    proc = subprocess.Popen(streamlit_command(script, port, *extra), cwd=ROOT, env=env, stdout=stdout,
                            stderr=subprocess.STDOUT if stdout is not subprocess.DEVNULL else subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=timeout)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


@contextlib.contextmanager
def serving(cmd: list[str], url: str, log: Path, what: str, timeout: float = 90, stop_wait: float = 10, **popen):
    """Run ``cmd`` with its output in ``log`` until ``url`` answers its health check, yield the process, stop it.

    A server that never answers fails the caller (AssertionError) with the log's tail: what went wrong is in there.
    """
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, **popen)
    try:
        try:
            wait_healthy(url, timeout=timeout)
        except RuntimeError:
            raise AssertionError(f"{what} did not start:\n" + log.read_text(errors="replace")[-3000:]) from None
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(stop_wait)
        except subprocess.TimeoutExpired:
            proc.kill()
