"""``aizone`` command line: a few verbs, each calling one pure build function."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable


def _boundaries() -> list:
    from aizone.build import boundaries

    return boundaries.build()


def _gazetteer() -> list:
    from aizone.build import gazetteer

    out = gazetteer.build()
    return [out, out.with_name(out.name + ".meta.json")]


def _mapfiles() -> list:
    from aizone.build import basemap

    return basemap.build()


def _datapackage() -> list:
    from aizone.build import datapackage

    return datapackage.write()


def _heis() -> list:
    from aizone.build import heis

    return heis.build()  # reads the transcription outside the repository; not part of "all"


def _all() -> list:
    return _boundaries() + _gazetteer() + _mapfiles() + _datapackage()


# `aizone build <target>`; add a target here when another module gains a build() step. Order matters for
# "all": map files are derived from the boundary layer and the strategy table.
BUILDS: dict[str, Callable[[], list]] = {"boundaries": _boundaries, "gazetteer": _gazetteer, "mapfiles": _mapfiles,
                                         "datapackage": _datapackage, "heis": _heis, "all": _all}


def _evidence(as_json: bool) -> int:
    """Print the evidence measures (aizone.coverage): what the methods page shows, for scripts and reviews."""
    import json

    from aizone import coverage

    cov = coverage.compute()
    if as_json:
        print(json.dumps({"measures": [m.__dict__ for m in cov.measures()], **cov.as_dict()}, ensure_ascii=False,
                         indent=2))
        return 0
    for m in cov.measures():
        value = f"{100 * m.value:.1f} %" if m.target.endswith("%") else f"{m.value:g}"
        print(f"{'met ' if m.met else 'NOT '} {m.key:<18} {value:>9}  goal {m.target:<8} {m.detail}")
    print(f"AI-industry scale (actual core or related figure) published for {cov.ai_industry} of {cov.candidates} "
          "city candidates")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aizone")
    verbs = parser.add_subparsers(dest="verb", required=True)
    b = verbs.add_parser("build", help="rebuild derived data")
    b.add_argument("target", choices=sorted(BUILDS))
    e = verbs.add_parser("evidence", help="print how much of the candidate ranking rests on evidence")
    e.add_argument("--json", action="store_true")
    verbs.add_parser("sign", help="check the hand-kept tables and write their sidecars")
    from aizone.recommend import command as recommend  # `aizone recommend`: its own module

    recommend.add_parser(verbs).set_defaults(run=recommend.run)
    args = parser.parse_args(argv)
    if getattr(args, "run", None):
        return args.run(args)
    if args.verb == "evidence":
        return _evidence(args.json)
    if args.verb == "sign":
        from aizone.build import sign

        return sign.main([])
    start = time.perf_counter()
    written = BUILDS[args.target]()
    for path in written:
        print(path)
    print(f"{args.target}: {len(written)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
