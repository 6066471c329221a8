"""Place plotly.js in the app's static folder at install or image-build time, never while serving.

The map component (``aizone.ui.livemap``) loads plotly.js from ``static/vendor/plotly-<version>.min.js``,
the copy shipped inside the installed plotly package (so the figure JSON and the renderer are one version),
served by Streamlit's static route or by nginx. ``./run.sh``, ``./run.sh bundle`` and the Dockerfile run
``python -m aizone.ui.vendor``; the app itself only reads the file, so it runs from a read-only tree.

    python -m aizone.ui.vendor              # into <AIZONE_ROOT or checkout>/static/vendor
    python -m aizone.ui.vendor --dest DIR   # elsewhere (the bundle's tree)
    python -m aizone.ui.vendor --check      # exit 1 if it is missing, write nothing
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from aizone.config import STATIC

VENDOR_DIR = STATIC / "vendor"


def plotly_js_name() -> str:
    from plotly.offline import get_plotlyjs_version

    return f"plotly-{get_plotlyjs_version()}.min.js"


def _package_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _write_once(dest: Path, write: Callable[[str], None], size: int) -> Path:
    """Place a file unless it is there whole. Its name carries its version, so no browser keeps a stale copy
    after an upgrade. It is written to a temporary name and renamed, so a reader never sees half a file, and
    made readable by all (nginx may serve it as another user)."""
    if dest.is_file() and dest.stat().st_size == size:
        if dest.stat().st_mode & 0o044 != 0o044:
            os.chmod(dest, 0o644)
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".aizone-", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def ensure_plotly_js(vendor_dir: Path = VENDOR_DIR) -> Path:
    """plotly.min.js from the installed plotly package, once per version."""
    src = _package_js()
    return _write_once(vendor_dir / plotly_js_name(), lambda tmp: shutil.copyfile(src, tmp), src.stat().st_size)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aizone.ui.vendor", description=__doc__.splitlines()[0])
    ap.add_argument("--dest", type=Path, default=VENDOR_DIR, help="folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="only check that it is there")
    args = ap.parse_args(argv)
    dest = args.dest / plotly_js_name()
    if args.check:
        ok = dest.is_file() and dest.stat().st_size == _package_js().stat().st_size
        print(f"{dest}: {'present' if ok else 'MISSING'}")
        return 0 if ok else 1
    print(ensure_plotly_js(args.dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
