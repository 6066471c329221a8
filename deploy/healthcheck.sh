#!/bin/sh
# Exit 0 when the server answers /_stcore/health with "ok" within 5 s (Docker HEALTHCHECK, systemd, monitoring).
# No curl in the image: the venv's Python asks.  AIZONE_HEALTH_URL overrides the address.
URL=${AIZONE_HEALTH_URL:-http://127.0.0.1:${AIZONE_PORT:-8501}/_stcore/health}
exec "${AIZONE_VENV:-/opt/aizone/venv}/bin/python" -c '
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        sys.exit(0 if r.status == 200 and r.read().strip() == b"ok" else 1)
except Exception as e:
    print("unhealthy:", e, file=sys.stderr)
    sys.exit(1)
' "$URL"
