"""A million of the analyst's points: converted from GCJ-02 and joined to counties, beside naive baselines.

``python -m tools.bench_points`` prints, on this machine:

* the point pipeline the My points page runs (``aizone.points.parse_points`` then ``join_points``) on a
  1,000,000-row CSV written in GCJ-02, in a fresh child process so its peak RSS is the pipeline's own: read
  and parse, conversion to WGS-84, join to the 2,875 counties, total (targets: 10 s, 2 GB), as wall time and
  as the process's CPU time (on a shared machine the wall time also measures the neighbours: the load
  average is printed beside it);
* in the same run, two baselines on the same points (CPU time): a per-point loop (convert one point, ask the STRtree
  for its county), timed on a sample and extrapolated, and geopandas' ``sjoin`` (predicate ``within``) on
  all of them after the same vectorised conversion;
* the bytes the map sends per rerun for the million points in each aggregated view (hexagons, per city,
  per county), and the time to build each figure (bound: 200 KB).

Figures, not a test; the bounds themselves are tested in tests/unit/test_points_layer.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from aizone import datum, gazetteer

N = 1_000_000


def sample_points(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 points scattered around county seats (about 5 km), the way companies cluster in towns."""
    g = gazetteer.load()
    c = g[g["level"] == "county"]
    rng = np.random.default_rng(seed)
    i = rng.integers(0, len(c), n)
    return c["lon"].to_numpy()[i] + rng.normal(0, 0.05, n), c["lat"].to_numpy()[i] + rng.normal(0, 0.05, n)


def write_csv(path: Path, n: int) -> int:
    lon, lat = sample_points(n)
    x, y = datum.convert(lon, lat, "wgs84", "gcj02")
    pd.DataFrame({"名称": [f"公司{i}" for i in range(n)], "经度": np.round(x, 6), "纬度": np.round(y, 6)}).to_csv(
        path, index=False)
    return path.stat().st_size


def child(path: str) -> None:
    """The page's pipeline, phase by phase, in this process; prints one JSON line."""
    from aizone import points
    from aizone.points import core, read

    def timed(fn, *a):
        w, c = time.perf_counter(), time.process_time()
        out = fn(*a)
        return out, time.perf_counter() - w, time.process_time() - c

    units, t_units, _ = timed(points.default_units)
    data = Path(path).read_bytes()
    table, w_read, c_read = timed(read.read_table, data)
    report, w_parse, c_parse = timed(core.parse_table, table, "gcj02")
    joined, w_join, c_join = timed(points.join_points, report, units)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"units": t_units, "wall": [w_read, w_parse, w_join], "cpu": [c_read, c_parse, c_join],
                      "rss_mb": rss, "joined": len(joined), "rejected": len(report.rejected)}))


def naive_loop(lon: np.ndarray, lat: np.ndarray, units) -> float:
    """Seconds for a per-point loop: one conversion and one tree query with its predicate per point."""
    import shapely

    t0 = time.process_time()
    for x, y in zip(lon, lat):
        a, b = datum.convert(x, y, "gcj02", "wgs84")
        units.tree.query(shapely.Point(float(a), float(b)), predicate="intersects")
    return time.process_time() - t0


def sjoin(lon: np.ndarray, lat: np.ndarray) -> float:
    import geopandas as gpd

    from aizone import boundaries

    counties = boundaries.load("county", "regional")
    t0 = time.process_time()
    a, b = datum.convert(lon, lat, "gcj02", "wgs84")
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(a, b), crs=counties.crs)
    gpd.sjoin(pts, counties[["adcode", "geometry"]], predicate="within", how="left")
    return time.process_time() - t0


def map_bytes(lon: np.ndarray, lat: np.ndarray) -> list[tuple[str, int, float]]:
    from aizone import basemap, boundaries, points
    from aizone.figures.maps import Shapes
    from aizone.points import layer
    from aizone.ui.livemap import payload

    units = points.default_units()
    idx = points.locate(units, lon, lat)
    ok = idx >= 0
    joined = pd.concat([pd.DataFrame({"lon": lon[ok], "lat": lat[ok]}),
                        units.attrs.iloc[idx[ok]].reset_index(drop=True)], axis=1)
    base = basemap.base_map()
    shapes = {"city": base.cities_main, "county": Shapes(boundaries.geojson_url("county", "regional"),
                                                         tuple(units.attrs["county_adcode"]))}
    g = gazetteer.load().drop_duplicates(["adcode", "level"])
    names = {lv: dict(zip(g.loc[g["level"] == lv, "adcode"], g.loc[g["level"] == lv, "name_zh"]))
             for lv in ("city", "county")}
    out = []
    for view in ("hex", "city", "county"):
        t0 = time.perf_counter()
        fig = layer.figure(joined, view, base=base, shapes=shapes, names=names, lang="zh")
        raw, _ = payload(fig, {"topojsonURL": "app/static/"}, "app/static/vendor/plotly.min.js")
        out.append((view, len(raw), time.perf_counter() - t0))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=N, help=f"points (default {N:,})")
    ap.add_argument("--sample", type=int, default=10_000, help="points the per-point loop runs on (default 10,000)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "points.csv"
        size = write_csv(path, args.n)
        out = subprocess.run([sys.executable, "-m", "tools.bench_points", "--child", str(path)], check=True,
                             capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    print(f"{args.n:,} points, GCJ-02, CSV of {size / 1e6:.1f} MB; {r['joined']:,} joined, {r['rejected']:,} rejected;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for what, v in (("wall", r["wall"]), ("CPU", r["cpu"])):
        print(f"  aizone.points {what:4s}  read {v[0]:.2f} s + parse and convert {v[1]:.2f} s + join {v[2]:.2f} s"
              f" = {sum(v):.2f} s (target 10 s)")
    print(f"  peak RSS {r['rss_mb']:,.0f} MB (target 2,048); the county index, built once per server and date:"
          f" {r['units']:.2f} s")

    from aizone import points

    lon, lat = sample_points(args.n)
    x, y = datum.convert(lon, lat, "wgs84", "gcj02")
    units = points.default_units()
    k = min(args.sample, args.n)
    t_loop = naive_loop(x[:k], y[:k], units)
    print(f"  per-point loop, CPU {t_loop:.2f} s for {k:,} points -> {t_loop * args.n / k:.0f} s for {args.n:,}"
          " (extrapolated)")
    print(f"  geopandas sjoin (within), after the same vectorised conversion, CPU {sjoin(x, y):.2f} s")
    print("map layer for these points, bytes sent per rerun (bound 200 KB):")
    for view, nbytes, secs in map_bytes(lon, lat):
        print(f"  {view:7s} {nbytes / 1024:6.1f} KB  (figure built in {secs:.2f} s)")


if __name__ == "__main__":
    main()
