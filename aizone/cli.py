"""``aizone`` command line: a few verbs, each calling one pure build function."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable


def _boundaries() -> list:
    from aizone import boundaries

    return boundaries.build()


def _gazetteer() -> list:
    from aizone import gazetteer

    out = gazetteer.build()
    return [out, out.with_name(out.name + ".meta.json")]


def _mapfiles() -> list:
    from aizone import basemap

    return basemap.build()


def _all() -> list:
    return _boundaries() + _gazetteer() + _mapfiles()


# `aizone build <target>`; add a target here when another module gains a build() step. Order matters for
# "all": map files are derived from the boundary layer and the strategy table.
BUILDS: dict[str, Callable[[], list]] = {"boundaries": _boundaries, "gazetteer": _gazetteer, "mapfiles": _mapfiles,
                                         "all": _all}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aizone")
    verbs = parser.add_subparsers(dest="verb", required=True)
    b = verbs.add_parser("build", help="rebuild derived data")
    b.add_argument("target", choices=sorted(BUILDS))
    from aizone.recommend import command as recommend  # aizone recommend (own module)
    recommend.add_parser(verbs).set_defaults(run=recommend.run)
    args = parser.parse_args(argv)
    if getattr(args, "run", None):
        return args.run(args)
    start = time.perf_counter()
    written = BUILDS[args.target]()
    for path in written:
        print(path)
    print(f"{args.target}: {len(written)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
