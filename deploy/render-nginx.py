"""Render deploy/nginx.conf for one setting: the compose file's nginx (at image build) or a system nginx.

    python deploy/render-nginx.py --upstream app:8501 --listen 8080 --run-dir /run/nginx \
        --static /srv/aizone/static [--frame-ancestors "'self' https://portal.example"] > nginx.conf

deploy/run-replicas.sh renders the same template for replicas on loopback. The Content-Security-Policy comes
from ``python -m aizone.ui.csp`` (hashes of the installed Streamlit's inline scripts), so run this with the
venv that serves the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aizone.ui.csp import policy

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"


def render(upstreams: list[str], listen: str, run_dir: str, static: str, frame_ancestors: str = "'self'") -> str:
    ups = "\n".join(f"        server {u} max_fails=3 fail_timeout=10s;" for u in upstreams)
    text = TEMPLATE.read_text(encoding="utf-8")
    for k, v in (("@UPSTREAMS@", ups), ("@LISTEN@", listen), ("@RUN_DIR@", run_dir), ("@STATIC_DIR@", static),
                 ("@CSP@", policy(frame_ancestors))):
        text = text.replace(k, v)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--upstream", action="append", required=True, help="host:port of a replica (repeat)")
    ap.add_argument("--listen", default="8080")
    ap.add_argument("--run-dir", default="/run/nginx", help="pid, logs and temp files (writable)")
    ap.add_argument("--static", required=True, help="the app's static/ folder, as nginx sees it")
    ap.add_argument("--frame-ancestors", default="'self'")
    a = ap.parse_args(argv)
    sys.stdout.write(render(a.upstream, a.listen, a.run_dir, a.static, a.frame_ancestors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
