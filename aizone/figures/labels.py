"""Where each place name and marker goes on a map, so that no name covers another and no marker hides another.

One rule for every map: the app's (overview, explorer, balance) and every export (PNG, SVG, PDF, PPTX). A
figure is seen at sizes the code does not choose: the app's map is as wide as the reader's window, an export
as large as its preset, and names keep their pixel size while the land grows or shrinks under them. So the
rule takes the frames a figure will be seen at (``Frame``) and gives each name one of plotly's positions
around its marker (``textposition``) that is free in all of them: crowded names first, each reconsidered once
the others are placed; a name with no side that keeps ``NAME_GAP`` from every other tries a little smaller
(never under ``MIN_PX``) before it may come nearer.

Markers of one layer that would overlap (Hangzhou and Deqing are about 40 km apart) are first pushed apart
just enough, at the smallest frame: apart there, they are apart at every larger one. Their hover and click
still name their own unit; only the dot moves.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from aizone.figures.projection import Frame, Pixels
from aizone.figures.theme import text_width

# Candidate label positions, in the order tried after the figure's own choice.
POSITIONS = ("middle right", "middle left", "top center", "bottom center", "top right", "top left",
             "bottom right", "bottom left")
SHRINK = (1.0, 0.9, 0.8, 0.7)  # sizes a crowded name may take, as shares of its own size
MIN_PX = 9  # a name never gets smaller than this (the app's names are 12 px, a slide's far larger)
SHRINK_COST = 300  # what making a name 10 % smaller must save, times ten
# The app's main column, in px, on a 1280-wide laptop and on a 1920-wide desktop, sidebar open (Streamlit's
# wide layout): the widths a full-width map is seen at.
MAIN_COLUMN = (820, 1460)
NAME_GAP = 3  # px: two names never come closer than this each side (touching names read as one)
ROOM = (12, 3)  # px: the room a name would like around it, left/right and above/below
MARKER_GAP = 2  # px between the edges of two markers of one layer, at the smallest frame
ASCENT, DESCENT = 1.16, 0.29  # a name's box above and below its baseline, in font sizes (Noto Sans CJK)
WIDTH_SLACK = 1.1  # ``theme.text_width`` is a guess from the font's shape; Latin runs up to this much wider


def label_box(x: float, y: float, pos: str, w: float, px: float, r: float) -> tuple[float, float, float, float]:
    """Pixel box (x0, y0, x1, y1; y down) of a name ``w`` wide in a ``px`` font that plotly draws at ``pos``
    around a marker of radius r: plotly.js's ``textPointPosition`` (the text moves r / 0.8 + 1 off the
    marker's centre, on its baseline) and the browser's box for Noto Sans CJK text (``ASCENT``, ``DESCENT``)."""
    v, hz = pos.split(" ")
    off = r / 0.8 + 1 if r else 0.0
    x0 = x - w / 2 if hz == "center" else (x + off if hz == "right" else x - off - w)
    base = {"top": y - off - 0.25 * px, "middle": y + 0.25 * px, "bottom": y + off + 0.75 * px}[v]
    return x0, base - ASCENT * px, x0 + w, base + DESCENT * px


def overlap(a, b) -> float:
    """Area two boxes share (0 when they only touch or are apart)."""
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def grow(box, dx: float, dy: float | None = None) -> tuple[float, float, float, float]:
    """The box with ``dx`` more on the left and right, ``dy`` (or ``dx``) above and below."""
    dy = dx if dy is None else dy
    return box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy


def screens(height: float, widths: Sequence[float]) -> tuple[Frame, ...]:
    """The frames an app map is seen at: its fixed height, at each width its column takes between a
    laptop and a wide desktop (one more width between them, where a name could pass through another)."""
    lo, hi = min(widths), max(widths)
    ws = sorted({lo, (lo + hi) / 2, hi, *widths})
    return tuple(Frame(float(w), float(height)) for w in ws)


# ----------------------------------------------------------------------------------------------- markers


def _spread(xy: list[list[float]], radii: list[float]) -> bool:
    """Push overlapping markers apart along the line between them, each half the way; True if any moved."""
    moved = False
    for _ in range(60):
        step = False
        for i in range(len(xy)):
            for j in range(i + 1, len(xy)):
                dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
                d = math.hypot(dx, dy)
                need = radii[i] + radii[j] + MARKER_GAP
                if d >= need - 1e-6:
                    continue
                ux, uy = (dx / d, dy / d) if d > 1e-9 else (1.0, 0.0)
                push = (need - d) / 2 + 0.01
                xy[i][0] -= ux * push
                xy[i][1] -= uy * push
                xy[j][0] += ux * push
                xy[j][1] += uy * push
                step = moved = True
        if not step:
            break
    return moved


def _radius(tr: dict, i: int) -> float:
    size = (tr.get("marker") or {}).get("size", 8)
    return (size[i] if isinstance(size, list) else size) / 2


def _main_points(tr: dict) -> bool:
    return tr.get("type") == "scattergeo" and tr.get("geo", "geo") == "geo" and tr.get("lon") is not None


def spread_markers(d: dict, frame: Frame) -> None:
    """Move apart the markers of each labelled layer that would overlap at ``frame`` (the smallest the
    figure is seen at). A moved trace is replaced by a copy: traces may be shared with a cache."""
    pix = Pixels(d["layout"], frame)
    for ti, tr in enumerate(d["data"]):
        if not _main_points(tr) or "markers" not in (tr.get("mode") or "markers") or "text" not in (tr.get("mode") or ""):
            continue
        idx = [i for i, (lon, lat) in enumerate(zip(tr["lon"], tr["lat"])) if lon is not None and lat is not None]
        xy = [list(pix.px(tr["lon"][i], tr["lat"][i])) for i in idx]
        if not _spread(xy, [_radius(tr, i) for i in idx]):
            continue
        lon, lat = list(tr["lon"]), list(tr["lat"])
        for i, (x, y) in zip(idx, xy):
            new = pix.lonlat(x, y)
            if math.hypot(*(a - b for a, b in zip(pix.px(lon[i], lat[i]), (x, y)))) > 0.05:
                lon[i], lat[i] = round(new[0], 4), round(new[1], 4)
        d["data"][ti] = dict(tr, lon=lon, lat=lat)


# ----------------------------------------------------------------------------------------------- names


def _overlaps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``overlap`` of boxes on the last axis, broadcast over the others."""
    dx = np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0])
    dy = np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1])
    return np.where((dx > 0) & (dy > 0), dx * dy, 0.0)


def _dists(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distance from each point to each box (0 inside), broadcast."""
    dx = np.maximum(np.maximum(boxes[..., 0] - x, 0), x - boxes[..., 2])
    dy = np.maximum(np.maximum(boxes[..., 1] - y, 0), y - boxes[..., 3])
    return np.hypot(dx, dy)


def _score(lab: dict, f: float, placed: np.ndarray, markers: np.ndarray, bounds: np.ndarray) -> tuple:
    """Every position for a label at size share ``f`` over every frame: (positions, boxes (positions,
    frames, 4), cost, hard, near), where hard marks a position closer than ``NAME_GAP`` to another name and
    near one within its ``ROOM``. ``placed``: (frames, n, 4) boxes of names and the inset; ``markers``:
    (frames, m, 4); ``bounds``: (frames, 2), the map's left and right edge."""
    w, px = lab["w"] * f, lab["px"] * f
    cands = (lab["first"],) + tuple(p for p in POSITIONS if p != lab["first"])
    at = lab["at_np"]  # (frames, 3)
    b0 = np.array([[label_box(x, y, c, w, px, r) for x, y, r in lab["at"]] for c in cands])  # (cands, frames, 4)
    box = b0 + np.array([-ROOM[0], -ROOM[1], ROOM[0], ROOM[1]])
    # overlapping text is worst, then text over a marker, then a name that could be a neighbour's
    near = _overlaps(box[:, :, None, :], placed[None]).sum(-1)  # (cands, frames)
    over_markers = _overlaps(box[:, :, None, :], markers[None]).sum(-1)
    # a name about as near another marker as its own reads as that marker's
    own = _dists(b0, at[None, :, 0], at[None, :, 1])  # (cands, frames)
    mx, my = (markers[..., 0] + markers[..., 2]) / 2, (markers[..., 1] + markers[..., 3]) / 2  # (frames, m)
    other = (np.abs(mx - at[:, None, 0]) + np.abs(my - at[:, None, 1])) > 1
    d_other = _dists(b0[:, :, None, :], mx[None], my[None])  # (cands, frames, m)
    misread = (np.maximum(0.0, own[:, :, None] + 14 - d_other) * other[None]).sum(-1) * 25
    outside = ~((bounds[None, :, 0] <= box[..., 0]) & (box[..., 2] <= bounds[None, :, 1])) * 500.0
    cost = (near * 10 + over_markers * 4 + misread + outside).sum(1) + np.arange(len(cands)) * 0.5
    tight = b0 + np.array([-NAME_GAP, -NAME_GAP, NAME_GAP, NAME_GAP])
    hard = _overlaps(tight[:, :, None, :], placed[None]).sum(-1).sum(1) > 0  # (cands,)
    return cands, b0, cost, hard, near.sum(1) > 0


def _best(lab: dict, f: float, placed: np.ndarray, markers: np.ndarray, bounds: np.ndarray) -> tuple:
    """The cheapest position for a label at size share ``f``: (position, f, cost, clash), where clash is 0
    when the name keeps its room from every other in every frame, 1 when it only comes near one, 2 when it
    comes closer than ``NAME_GAP`` (which outweighs any cost)."""
    cands, _, cost, hard, near = _score(lab, f, placed, markers, bounds)
    key = cost + hard * 1e9
    free = np.flatnonzero(key < 1)  # the figure's own choice, then the order above, if any is free
    n = int(free[0]) if free.size else int(np.argmin(key))
    return cands[n], f, float(cost[n]), 2 if hard[n] else int(bool(near[n]))


def _arrange(order: list[dict], placed: list[list], markers: np.ndarray, bounds: np.ndarray, shrink: Sequence[float]
             ) -> tuple[tuple[int, float], dict[tuple[int, int], tuple[str, float]]]:
    """Greedy in ``order``, then each name reconsidered with all the others in place (the first pass cannot
    know that a neighbour's choice leaves a later name no free side). Returns ((names too close, overlap
    left), choices)."""
    chosen: dict[tuple[int, int], tuple[str, float]] = {}
    boxes: dict[tuple[int, int], list] = {}
    frames = range(len(placed))
    shrink_cost = SHRINK_COST * len(placed)  # costs add up over the frames; a smaller name is smaller in all
    for _ in range(3):
        for lab in order:
            key = (lab["trace"], lab["i"])
            others = np.array([placed[fi] + [b[fi] for k, b in boxes.items() if k != key] for fi in frames],
                              dtype=float).reshape(len(placed), -1, 4)
            # a name that finds no place at full size away from every other name tries a little smaller
            options = [_best(lab, shrink[0], others, markers, bounds)]
            for f in [f for f in shrink[1:] if lab["px"] * f >= MIN_PX] if options[0][3] else ():
                if options[0][3] < 2 and options[0][2] <= (1 - f) * shrink_cost:
                    break  # no smaller size can beat it
                options.append(_best(lab, f, others, markers, bounds))
            pos, f = min(options, key=lambda o: (o[3] == 2, o[2] + (1 - o[1]) * shrink_cost))[:2]
            boxes[key] = [label_box(x, y, pos, lab["w"] * f, lab["px"] * f, r) for x, y, r in lab["at"]]
            chosen[key] = (pos, f)
    found = list(boxes.values())
    close, left = 0, 0.0
    for fi in frames:
        mine = [b[fi] for b in found]
        for i, a in enumerate(mine):
            for b in mine[i + 1:] + placed[fi]:
                close += bool(overlap(grow(a, NAME_GAP), b))
                left += overlap(a, b)
    return (close, left), chosen


def _plain(text) -> str:
    return re.sub(r"<[^>]+>", "", str(text))


def place_labels(d: dict, frames: Sequence[Frame], shrink: Sequence[float] = SHRINK) -> None:
    """Give every marker's name on the main map a position free at each of ``frames`` (traces changed are
    replaced by copies). Bare names without a marker (a place name) stay where they are and others avoid
    them; so does the South China Sea inset."""
    layout = d["layout"]
    if not isinstance(layout.get("geo"), dict):
        return
    pix = [Pixels(layout, fr) for fr in frames]
    labels, markers, fixed = [], [[] for _ in frames], [[] for _ in frames]
    for ti, tr in enumerate(d["data"]):
        if not _main_points(tr):
            continue
        mode = tr.get("mode") or "markers"
        font = (tr.get("textfont") or {}).get("size") or 16
        texts = tr.get("text") or []
        pos = tr.get("textposition")
        for i, (lon, lat) in enumerate(zip(tr["lon"], tr["lat"])):
            if lon is None or lat is None:
                continue
            xy = [p.px(lon, lat) for p in pix]
            r = _radius(tr, i)
            if "markers" in mode:
                for fi, (x, y) in enumerate(xy):
                    markers[fi].append((x - r, y - r, x + r, y + r))
            if "text" in mode and i < len(texts) and texts[i]:
                size = font[i] if isinstance(font, list) else font
                w = text_width(_plain(texts[i]), size) * WIDTH_SLACK
                if "markers" not in mode:
                    for fi, (x, y) in enumerate(xy):
                        fixed[fi].append(label_box(x, y, "middle center", w, size, 0))
                    continue
                first = pos[i] if isinstance(pos, list) and i < len(pos) else (pos or "top center")
                labels.append(dict(trace=ti, i=i, w=w, px=size, first=first, at=[(x, y, r) for x, y in xy]))
    if not labels:
        return
    small = min(range(len(frames)), key=lambda fi: pix[fi].k)  # crowding is judged where the map is smallest
    for lab in labels:
        x, y, _ = lab["at"][small]
        lab["crowd"] = sum(1 for o in labels if abs(o["at"][small][0] - x) < 90 and abs(o["at"][small][1] - y) < 60)
    placed = [list(f) for f in fixed]
    inset = (layout.get("geo2") or {}).get("domain")
    if inset:
        for fi, fr in enumerate(frames):
            m = fr.margin
            pw, ph = fr.width - m.get("l", 0) - m.get("r", 0), fr.height - m.get("t", 0) - m.get("b", 0)
            placed[fi].append((m.get("l", 0) + inset["x"][0] * pw, m.get("t", 0) + (1 - inset["y"][1]) * ph,
                               m.get("l", 0) + inset["x"][1] * pw, m.get("t", 0) + (1 - inset["y"][0]) * ph))
    bounds = np.array([(p.x0, p.x1) for p in pix])
    markers = np.array(markers, dtype=float).reshape(len(frames), -1, 4)
    for lab in labels:
        lab["at_np"] = np.array(lab["at"], dtype=float)
    # Crowded names first, taken west to east, east to west, north to south and south to north; the first
    # order that leaves no name too close wins, else whichever leaves fewest.
    best = None
    for axis, sign in ((0, 1), (0, -1), (1, 1), (1, -1)):
        got = _arrange(sorted(labels, key=lambda o: (-o["crowd"], sign * o["at"][small][axis])), placed, markers,
                       bounds, shrink)
        if best is None or got[0] < best[0]:
            best = got
        if not best[0][0]:
            break
    chosen = best[1]
    for ti, tr in enumerate(d["data"]):
        mine = {i: c for (t_, i), c in chosen.items() if t_ == ti}
        if not mine:
            continue
        n = len(tr["lon"])
        old = tr.get("textposition")
        base = old if isinstance(old, list) else [old or "top center"] * n
        new = dict(tr, textposition=[mine[i][0] if i in mine else base[i] for i in range(n)])
        if any(f < 1 for _, f in mine.values()):
            font = dict(tr.get("textfont") or {})
            size = font.get("size") or 16
            font["size"] = [(size[i] if isinstance(size, list) else size) * (mine[i][1] if i in mine else 1)
                            for i in range(n)]
            new["textfont"] = font
        d["data"][ti] = new


def declutter(d: dict, frames: Sequence[Frame], shrink: Sequence[float] = SHRINK) -> None:
    """Markers apart at the smallest frame, then names placed for all of them: the one rule every map uses."""
    if not frames or not isinstance(d.get("layout", {}).get("geo"), dict):
        return
    smallest = min(frames, key=lambda fr: Pixels(d["layout"], fr).k)
    spread_markers(d, smallest)
    place_labels(d, frames, shrink)


# ----------------------------------------------------------------------------------------------- the app's maps


def _key(d: dict, frames: tuple[Frame, ...]) -> str:
    return json.dumps([d, [(f.width, f.height, sorted(f.margin.items())) for f in frames]], sort_keys=True, default=str)


@lru_cache(maxsize=64)
def _placed(key: str) -> str:
    d, frames = json.loads(key)
    d = dict(d, data=list(d["data"]))
    declutter(d, [Frame(w, h, dict(m)) for w, h, m in frames])
    return json.dumps(d["data"])


def _reduced(d: dict) -> tuple[list[int], list[dict]]:
    """The main map's point traces, with only what placing reads: the rest of a figure never changes the answer."""
    keep = ("type", "geo", "lon", "lat", "mode", "text", "textposition", "textfont")
    idx = [i for i, tr in enumerate(d["data"]) if _main_points(tr)]
    sub = [{k: v for k, v in d["data"][i].items() if k in keep} for i in idx]
    for i, tr in zip(idx, sub):
        tr["marker"] = {"size": (d["data"][i].get("marker") or {}).get("size", 8)}
    return idx, sub


def declutter_app(d: dict, frames: Sequence[Frame]) -> None:
    """``declutter`` for the app's maps, remembered: a rerun with the same names and sizes gets the same
    answer without placing again. Changed traces are replaced by copies (the explorer's are cached)."""
    layout = {k: d["layout"][k] for k in ("geo", "geo2") if isinstance(d["layout"].get(k), dict)}
    idx, sub = _reduced(d)
    if "geo" not in layout or not any("text" in (tr.get("mode") or "") for tr in sub):
        return
    out = json.loads(_placed(_key(dict(layout=layout, data=sub), tuple(frames))))
    for i, old, new in zip(idx, sub, out):
        changed = {k: new[k] for k in ("lon", "lat", "textposition", "textfont") if k in new and new[k] != old.get(k)}
        if changed:
            d["data"][i] = dict(d["data"][i], **changed)


def declutter_figure(fig, frames: Sequence[Frame]) -> None:
    """``declutter_app`` on a plotly figure, in place; only the point traces and the geo layout are read."""
    lay = fig.layout
    data = [tr.to_plotly_json() if tr.type == "scattergeo" else {"type": tr.type} for tr in fig.data]
    d = dict(layout={k: lay[k].to_plotly_json() for k in ("geo", "geo2") if lay[k] is not None}, data=data)
    before = list(d["data"])
    declutter_app(d, frames)
    for i, (old, new) in enumerate(zip(before, d["data"])):
        if new is not old:
            fig.data[i].update({k: new[k] for k in ("lon", "lat", "textposition", "textfont") if new.get(k) != old.get(k)})
