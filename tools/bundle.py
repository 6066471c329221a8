"""``./run.sh bundle``: a self-contained tarball that installs and runs on a machine with no network.

    python -m tools.bundle [--out dist] [--lock requirements/app.lock]

The tarball ``aizone-<version>-<python>-<platform>.tar.gz`` holds one folder:

    wheels/             every package of the lock file, as wheels for this Python and platform, and aizone's own
    requirements.lock   the lock file (exact versions and hashes: pip checks every wheel against it)
    app/                app.py, pages/, static/ (plotly.js placed in static/vendor/), data/, .streamlit/
    deploy/             entrypoint.sh, healthcheck.sh, aizone@.service (systemd), nginx.conf + render-nginx.py
    install.sh          python3 -m venv venv && pip install --no-index --find-links wheels --require-hashes ...
    run.sh              serves app/ on 127.0.0.1:8501 (AIZONE_ADDRESS, extra `streamlit run` arguments)
    SHA256SUMS, README.txt

The wheels match the Python and platform of the machine that builds the bundle (CPython 3.11, Linux x86_64
here: Debian 12's python3). Everything in the lock is published as a wheel, so nothing is compiled on the
target. Built from the working tree: aizone's wheel is built in a scratch copy, nothing is written into the
checkout except the tarball in ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from pathlib import Path

from aizone.config import ROOT

APP_TREE = ["app.py", "pages", "static", "data", ".streamlit"]
# for hosts without containers: the systemd unit and what it runs, nginx's template and renderer
DEPLOY = ["entrypoint.sh", "healthcheck.sh", "aizone@.service", "nginx.conf", "render-nginx.py", "README.md"]
PKG_TREE = ["pyproject.toml", "README.md", "aizone"]

INSTALL_SH = r"""#!/bin/sh
# Install aizone from this folder with no network: a venv beside this script (or in $1), the wheels of
# requirements.lock checked against their hashes, then aizone's own wheel. Needs Debian's python3 (3.11) and
# python3-venv; libcairo2 for exports (chromium and fonts-noto-cjk for PNG/PDF exports).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${1:-$HERE/venv}
export PIP_CONFIG_FILE=/dev/null PIP_NO_INPUT=1  # this host's pip settings (indexes, caps) play no part
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --no-index --find-links "$HERE/wheels" --require-hashes -r "$HERE/requirements.lock"
"$VENV/bin/python" -m pip install --quiet --no-index --no-deps "$HERE"/wheels/aizone-*.whl
"$VENV/bin/python" -m aizone.ui.vendor --dest "$HERE/app/static/vendor" --check >/dev/null
echo "aizone installed in $VENV; start it with $HERE/run.sh"
"""

RUN_SH = r"""#!/bin/sh
# Serve the app of this bundle: http://127.0.0.1:8501 (AIZONE_ADDRESS=0.0.0.0 for every interface; more
# `streamlit run` arguments pass through, e.g. --server.port 8502). VENV=... if install.sh was given one.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${VENV:-$HERE/venv}
export AIZONE_ROOT="$HERE/app"
cd "$HERE/app"  # Streamlit reads .streamlit/config.toml and static/ from here
[ "${1:-}" = "--" ] && shift
exec "$VENV/bin/python" -m streamlit run app.py --server.address "${AIZONE_ADDRESS:-127.0.0.1}" "$@"
"""

README = """aizone {version}: offline bundle built {built} for {tag}

    ./install.sh        # creates ./venv from ./wheels, no network (pip --no-index --require-hashes)
    ./run.sh            # http://127.0.0.1:8501 ; AIZONE_ADDRESS=0.0.0.0 ./run.sh -- --server.port 8080

The app writes nothing into this folder while it runs (the folder may be read-only). Debian packages the
target needs: python3 (3.11), python3-venv, libcairo2; chromium and fonts-noto-cjk for PNG/PDF exports.
Check the files: sha256sum -c SHA256SUMS
"""


def _run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def platform_tag() -> str:
    return f"cp{sys.version_info.major}{sys.version_info.minor}-{sysconfig.get_platform().replace('-', '_')}"


def version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def build(out: Path, lock: Path = ROOT / "requirements" / "app.lock", log=print) -> Path:
    from aizone.ui.vendor import ensure_plotly_js

    out.mkdir(parents=True, exist_ok=True)
    name = f"aizone-{version()}-{platform_tag()}"
    with tempfile.TemporaryDirectory(prefix="aizone-bundle-") as tmp:
        top = Path(tmp) / name
        wheels = top / "wheels"
        wheels.mkdir(parents=True)
        t0 = time.monotonic()
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--require-hashes", "--only-binary=:all:",
              "--dest", str(wheels), "-r", str(lock)])
        log(f"bundle: {len(list(wheels.iterdir()))} wheels downloaded in {time.monotonic() - t0:.0f} s")
        src = Path(tmp) / "src"  # aizone's wheel, built from a scratch copy: the checkout stays untouched
        for part in PKG_TREE:
            _copy(ROOT / part, src / part)
        # the venv's setuptools (from requirements/build.lock) builds it, offline; an older one cannot read
        # `license = "MIT"`, and then pip fetches the pinned floor into an isolated build
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", *(["--no-build-isolation"] if _setuptools_ok() else []),
              "--wheel-dir", str(wheels), str(src)])
        for part in APP_TREE:
            _copy(ROOT / part, top / "app" / part)
        for part in DEPLOY:
            _copy(ROOT / "deploy" / part, top / "deploy" / part)
        shutil.rmtree(top / "app" / "static" / "vendor", ignore_errors=True)
        ensure_plotly_js(top / "app" / "static" / "vendor")
        shutil.copyfile(lock, top / "requirements.lock")
        for fname, text in (("install.sh", INSTALL_SH), ("run.sh", RUN_SH)):
            (top / fname).write_text(text, encoding="utf-8")
            (top / fname).chmod(0o755)
        (top / "README.txt").write_text(README.format(version=version(), tag=platform_tag(),
                                                      built=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
        sums = []
        for p in sorted(top.rglob("*")):
            if p.is_file():
                sums.append(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(top).as_posix()}")
        (top / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
        target = out / f"{name}.tar.gz"
        t1 = time.monotonic()
        with tarfile.open(target, "w:gz", compresslevel=1) as tar:  # wheels are zip files already
            tar.add(top, arcname=name)
        log(f"bundle: {target} ({target.stat().st_size / 1e6:.0f} MB, packed in {time.monotonic() - t1:.0f} s)")
    return target


def _setuptools_ok() -> bool:
    try:
        from importlib.metadata import version as dist_version

        return int(dist_version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


def _copy(src: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".aizone-*.tmp")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dest, ignore=ignore)
    else:
        shutil.copy2(src, dest)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="./run.sh bundle", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="where the tarball goes (default: %(default)s)")
    ap.add_argument("--lock", type=Path, default=ROOT / "requirements" / "app.lock")
    args = ap.parse_args(argv)
    build(args.out, args.lock)
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
