"""The Content-Security-Policy that fits this app (sent by nginx: deploy/nginx.conf, deploy/README.md).

    python -m aizone.ui.csp [--frame-ancestors "'self' https://portal.example"]

Everything comes from the app's own origin; nothing from elsewhere (the app works offline). What Streamlit
needs: 'unsafe-inline' styles (its CSS-in-JS and the map component's style), 'unsafe-eval' (plotly.js and
Streamlit's chart libraries compile functions), blob: scripts and workers (Streamlit loads inline component
code from blob URLs), data:/blob: images and fonts, and its websocket (same origin; ws:/wss: for browsers that
do not count a websocket as 'self'). Inline scripts are not allowed wholesale: the two there are (Streamlit's
index.html and ``aizone.ui.geoassets``) are named by their SHA-256, computed here from the installed versions,
so the policy is rendered again after an upgrade (deploy/run-replicas.sh and the image do it at start).
``frame-ancestors`` is the allow-list of pages that may embed the app ('self' unless told).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from pathlib import Path


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_script_hashes() -> list[str]:
    import streamlit

    from aizone.ui.geoassets import SCRIPT

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r"<script>(.*?)</script>", index, re.S)
    return sorted({_sha(s) for s in [*found, SCRIPT]})


def policy(frame_ancestors: str = "'self'") -> str:
    if re.search(r"[;\"\n\r,]", frame_ancestors):
        raise ValueError("frame-ancestors: CSP sources separated by spaces, without ; \" , or newlines")
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' blob: " + " ".join(inline_script_hashes()),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "media-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors.strip() or chr(39) + 'self' + chr(39)}",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aizone.ui.csp", description=__doc__.splitlines()[0])
    ap.add_argument("--frame-ancestors", default="'self'", help="who may embed the app (default: %(default)s)")
    print(policy(ap.parse_args(argv).frame_ancestors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
