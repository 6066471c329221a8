#!/bin/sh
# Start one aizone server in the image (deploy/Dockerfile) or under systemd, with every write kept off the
# code: the app tree and the venv may be read-only; HOME, caches and temporary files (Chromium's profile for
# exports, fontconfig's cache, Streamlit's ~/.streamlit) go under $AIZONE_STATE, a tmpfs or volume.
#
#   AIZONE_ROOT=/opt/aizone/app    the app tree (app.py, pages/, static/, data/, .streamlit/)
#   AIZONE_VENV=/opt/aizone/venv   the venv holding aizone and its locked dependencies
#   AIZONE_STATE=/run/aizone       writable scratch (tmpfs); created if missing
#   AIZONE_ADDRESS=0.0.0.0         in a container the network is the container's own; under systemd: 127.0.0.1
#   AIZONE_PORT=8501
#   STREAMLIT_SERVER_COOKIE_SECRET the same value on every replica (an XSRF token then survives a failover)
# Extra arguments go to `streamlit run`.
set -eu
AIZONE_ROOT=${AIZONE_ROOT:-/opt/aizone/app}
AIZONE_VENV=${AIZONE_VENV:-/opt/aizone/venv}
AIZONE_STATE=${AIZONE_STATE:-/run/aizone}
export AIZONE_ROOT
for d in home cache tmp; do mkdir -p "$AIZONE_STATE/$d" 2>/dev/null || true; done
if ! ( : > "$AIZONE_STATE/tmp/.probe" ) 2>/dev/null; then
  echo "aizone: AIZONE_STATE=$AIZONE_STATE is not writable (mount a tmpfs or volume there)" >&2
  exit 78  # EX_CONFIG: systemd and compose show it; a restart would not help
fi
rm -f "$AIZONE_STATE/tmp/.probe"
export HOME="$AIZONE_STATE/home" XDG_CACHE_HOME="$AIZONE_STATE/cache" TMPDIR="$AIZONE_STATE/tmp"
export MPLCONFIGDIR="$AIZONE_STATE/cache/matplotlib" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
if ! "$AIZONE_VENV/bin/python" -m aizone.ui.vendor --check >/dev/null; then
  echo "aizone: plotly.js is missing in $AIZONE_ROOT/static/vendor (run python -m aizone.ui.vendor at build time)" >&2
  exit 78
fi
cd "$AIZONE_ROOT"  # Streamlit reads .streamlit/config.toml and static/ from here
[ "${1:-}" = "--" ] && shift
exec "$AIZONE_VENV/bin/python" -m streamlit run app.py --server.address "${AIZONE_ADDRESS:-0.0.0.0}" \
  --server.port "${AIZONE_PORT:-8501}" --server.headless true "$@"
