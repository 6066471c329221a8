#!/usr/bin/env bash
# Regenerate the lock files after changing dependencies in pyproject.toml (needs uv: `pip install uv`):
#   requirements/test.lock  app + build + test extras   (./run.sh test, ./run.sh build, ./run.sh bench)
#   requirements/app.lock   the app alone, the same versions (./run.sh app, ./run.sh bundle, the image)
# Both pin every package with its hashes, for CPython 3.11 on any platform; pip installs them with
# --require-hashes, so a changed file on the registry is refused. Then run ./run.sh test and commit.
set -euo pipefail
cd "$(dirname "$0")"
UV=${UV:-uv}
common=(--universal --python-version 3.11 --generate-hashes --no-header --quiet)
"$UV" pip compile ../pyproject.toml --extra build --extra test "${common[@]}" ${UPGRADE:+--upgrade} -o test.lock
"$UV" pip compile ../pyproject.toml "${common[@]}" --constraint test.lock -o app.lock
