#!/usr/bin/env bash
# Several aizone replicas on loopback behind Debian's nginx, with sticky sessions (deploy/nginx.conf).
#
#   deploy/run-replicas.sh start    start $REPLICAS Streamlit servers and nginx; prints the URL
#   deploy/run-replicas.sh stop     stop them (pids in $RUN_DIR)
#   deploy/run-replicas.sh status   what is running
#   deploy/run-replicas.sh render   print the nginx config for the current settings
#
# Settings (environment):
#   REPLICAS=2            how many app processes (one per core is a good start)
#   LISTEN_PORT=8080      nginx port;  LISTEN_ADDR=127.0.0.1 (set the intranet address in production)
#   BASE_PORT=            first replica port (8601, 8602, ...); unset: free loopback ports are picked
#   RUN_DIR=/tmp/aizone-replicas   pids, logs, rendered nginx.conf, the shared cookie secret
#   AIZONE_DATA=          data directory (read-only files; every replica reads the same one)
#   PYTHON=.venv/bin/python
#   FRAME_ANCESTORS="'self'"  who may embed the app in a frame: CSP sources, space-separated, e.g.
#                         "'self' https://portal.example.gov.cn"; "'none'" forbids framing altogether
# Replicas listen on 127.0.0.1 only: nothing but nginx can reach them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"  # Streamlit finds .streamlit/config.toml and static/ from the working directory
REPLICAS=${REPLICAS:-2}
LISTEN_PORT=${LISTEN_PORT:-8080}
LISTEN_ADDR=${LISTEN_ADDR:-127.0.0.1}
RUN_DIR=${RUN_DIR:-/tmp/aizone-replicas}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_health() {  # $1 = url, $2 = what
  for _ in $(seq 1 300); do
    if "$PYTHON" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1/_stcore/health" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "run-replicas: $2 did not answer at $1" >&2
  return 1
}

ports() { cat "$RUN_DIR"/replica-*.port 2>/dev/null; }

csp() {  # the Content-Security-Policy nginx sends (aizone/ui/csp.py); FRAME_ANCESTORS: the embedding allow-list
  PYTHONPATH="$ROOT" "$PYTHON" -m aizone.ui.csp --frame-ancestors "${FRAME_ANCESTORS:-"'self'"}"
}

render() {
  local ups=""
  for p in $(ports); do ups+="        server 127.0.0.1:$p max_fails=3 fail_timeout=10s;"$'\n'; done
  UPS="$ups" LISTEN="$LISTEN_ADDR:$LISTEN_PORT" RUN="$RUN_DIR" STATIC="${STATIC_DIR:-$ROOT/static}" \
    CSP="$(csp)" "$PYTHON" - "$ROOT/deploy/nginx.conf" <<'PY'
import os, sys
text = open(sys.argv[1], encoding="utf-8").read()
for k, v in (("@UPSTREAMS@", os.environ["UPS"].rstrip("\n")), ("@LISTEN@", os.environ["LISTEN"]), ("@RUN_DIR@", os.environ["RUN"]),
             ("@STATIC_DIR@", os.environ["STATIC"]), ("@CSP@", os.environ["CSP"])):
    text = text.replace(k, v)
sys.stdout.write(text)
PY
}

start() {
  mkdir -p "$RUN_DIR"
  if [ -n "$(ls "$RUN_DIR"/replica-*.pid 2>/dev/null)" ]; then
    echo "run-replicas: $RUN_DIR already has replicas; stop them first" >&2
    exit 1
  fi
  command -v "$NGINX" >/dev/null || { echo "run-replicas: nginx not found (apt-get install nginx-light)" >&2; exit 1; }
  # One XSRF cookie secret for all replicas: a token issued by one is then valid on another.
  if [ ! -s "$RUN_DIR/cookie_secret" ]; then
    (umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))' > "$RUN_DIR/cookie_secret")
  fi
  local secret i port
  secret=$(cat "$RUN_DIR/cookie_secret")
  for i in $(seq 1 "$REPLICAS"); do
    if [ -n "${BASE_PORT:-}" ]; then port=$((BASE_PORT + i - 1)); else port=$(free_port); fi
    echo "$port" > "$RUN_DIR/replica-$i.port"
    # env and nohup exec the interpreter, so $! is the server's own pid (its RSS is what the load test samples).
    env STREAMLIT_SERVER_COOKIE_SECRET="$secret" PYTHONPATH="$ROOT" nohup "$PYTHON" -m streamlit run "$ROOT/app.py" \
      --server.address 127.0.0.1 --server.port "$port" --server.headless true > "$RUN_DIR/replica-$i.log" 2>&1 &
    echo $! > "$RUN_DIR/replica-$i.pid"
  done
  for i in $(seq 1 "$REPLICAS"); do
    wait_health "http://127.0.0.1:$(cat "$RUN_DIR/replica-$i.port")" "replica $i"
  done
  mkdir -p "$RUN_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi}
  render > "$RUN_DIR/nginx.conf"
  "$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
  "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
  wait_health "http://$LISTEN_ADDR:$LISTEN_PORT" "nginx"
  echo "aizone: $REPLICAS replicas ($(ports | tr '\n' ' ')) behind nginx at http://$LISTEN_ADDR:$LISTEN_PORT"
}

stop() {
  if [ -s "$RUN_DIR/nginx.pid" ]; then
    "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
  fi
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || continue
    for _ in $(seq 1 30); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$(cat "$f")" 2>/dev/null || true
    rm -f "$f" "${f%.pid}.port"
  done
  rm -f "$RUN_DIR/nginx.pid"
}

status() {
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || { echo "no replicas in $RUN_DIR"; return; }
    local pid; pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=stopped; fi
    echo "$(basename "$f" .pid): pid $pid port $(cat "${f%.pid}.port") $state"
  done
  [ -s "$RUN_DIR/nginx.pid" ] && echo "nginx: pid $(cat "$RUN_DIR/nginx.pid") at http://$LISTEN_ADDR:$LISTEN_PORT"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  render) render ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
