"""``aizone`` command line: a few verbs, each calling one pure build function."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable


def _boundaries() -> list:
    from aizone import boundaries

    return boundaries.build()


# `aizone build <target>`; add a target here when another module gains a build() step.
BUILDS: dict[str, Callable[[], list]] = {"boundaries": _boundaries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aizone")
    verbs = parser.add_subparsers(dest="verb", required=True)
    b = verbs.add_parser("build", help="rebuild derived data")
    b.add_argument("target", choices=sorted(BUILDS))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = BUILDS[args.target]()
    for path in written:
        print(path)
    print(f"{args.target}: {len(written)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
