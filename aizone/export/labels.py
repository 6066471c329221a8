"""Map labels at export size: each zone's name moved off its neighbours' names and markers."""

from __future__ import annotations

import math
import re

from aizone.export.mapframe import albers, frame_bounds, frame_ranges
from aizone.export.text import text_width


# Candidate label positions, in the order tried after the figure's own choice.
_POSITIONS = ("middle right", "middle left", "top center", "bottom center", "top right", "top left",
              "bottom right", "bottom left")


def label_box(x: float, y: float, pos: str, w: float, h: float, r: float) -> tuple[float, float, float, float]:
    """Pixel box (x0, y0, x1, y1; y down) of a label plotly draws at ``pos`` around a marker of radius r."""
    v, hz = pos.split(" ")
    gap = r + 3
    if hz == "center":
        x0 = x - w / 2
    elif hz == "right":
        x0 = x + (gap if v == "middle" else r * 0.5)
    else:
        x0 = x - w - (gap if v == "middle" else r * 0.5)
    if v == "middle":
        y0 = y - h / 2
    elif v == "top":
        y0 = y - gap - h
    else:
        y0 = y + gap
    return x0, y0, x0 + w, y0 + h


def _dist(box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return math.hypot(dx, dy)


def overlap(a, b) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


SHRINK = (1.0, 0.9, 0.8, 0.7)  # sizes a crowded name may take, as shares of the map's label size
SHRINK_COST = 300  # what making a name 10 % smaller must save, times ten


def _best(lab: dict, f: float, placed: list, markers: list, gx0: float, gx1: float) -> tuple[str, float, float, int]:
    """The cheapest position for a label at size share ``f``: (position, f, cost, clash), where clash is 0 when
    the name keeps its gap to every other, 1 when it only comes too close, 2 when it overlaps one."""
    w, h = lab["w"] * f, lab["h"] * f
    best = None
    for n, cand in enumerate((lab["first"],) + tuple(p for p in _POSITIONS if p != lab["first"])):
        b0 = label_box(lab["x"], lab["y"], cand, w, h, lab["r"])
        box = (b0[0] - 12, b0[1] - 3, b0[2] + 12, b0[3] + 3)  # keep a gap: two touching names read as one
        # overlapping text is worst, then text over a marker, then a name that could be a neighbour's
        text_overlap = sum(overlap(box, b) for b in placed)
        cost = text_overlap * 10 + sum(overlap(box, m) for m in markers) * 4
        # a name about as near another marker as its own is read as that marker's name
        own = _dist(b0, lab["x"], lab["y"])
        for m in markers:
            mx_, my_ = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
            if abs(mx_ - lab["x"]) + abs(my_ - lab["y"]) > 1:
                cost += max(0.0, own + 14 - _dist(b0, mx_, my_)) * 25
        cost += 0 if gx0 <= box[0] and box[2] <= gx1 else 500
        cost += n * 0.5  # prefer the figure's own choice, then the order above
        if best is None or cost < best[2]:
            best = (cand, f, cost, 0 if not text_overlap else (2 if any(overlap(b0, b) for b in placed) else 1))
        if cost < 1:
            break
    return best


def _arrange(order: list[dict], placed: list, markers: list, gx0: float, gx1: float
             ) -> tuple[float, dict[tuple[int, int], tuple[str, float]]]:
    """Greedy in ``order``, then each name reconsidered with all the others in place (the first pass cannot
    know that a neighbour's choice leaves a later name no free side). Returns (overlap left, choices)."""
    chosen: dict[tuple[int, int], tuple[str, float]] = {}
    boxes: dict[tuple[int, int], tuple] = {}
    for _ in range(3):
        for lab in order:
            key = (lab["trace"], lab["i"])
            others = placed + [b for k, b in boxes.items() if k != key]
            # a name that finds no free place at full size tries a little smaller before it overlaps another
            options = [_best(lab, f, others, markers, gx0, gx1) for f in SHRINK]
            # overlapping another name is worst; otherwise the cost decides, with full size preferred
            pos, f = min(options, key=lambda o: (o[3] == 2, o[2] + (1 - o[1]) * SHRINK_COST))[:2]
            boxes[key] = label_box(lab["x"], lab["y"], pos, lab["w"] * f, lab["h"] * f, lab["r"])
            chosen[key] = (pos, f)
    found = list(boxes.values())
    left = sum(overlap(a, b) for i, a in enumerate(found) for b in found[i + 1:] + placed)
    return left, chosen


def place_labels(d: dict, width: float, height: float, margin: dict) -> None:
    """Move map labels off each other and off markers at export size.

    Labels placed for the app's screen collide once fonts grow for a slide, and which labels exist
    depends on the data (a scenario adds cities anywhere), so the choice is made here, greedily, from
    the same projection plotly uses: crowded labels first, each taking the first free position.
    """
    layout = d["layout"]
    dom = (layout.get("geo") or {}).get("domain")
    if not dom:
        return
    pw, ph = width - margin["l"] - margin["r"], height - margin["t"] - margin["b"]
    gx0 = margin["l"] + dom["x"][0] * pw
    gx1 = margin["l"] + dom["x"][1] * pw
    gy_top = margin["t"] + (1 - dom["y"][1]) * ph
    gy_bot = margin["t"] + (1 - dom["y"][0]) * ph
    bx0, by0, bx1, by1 = frame_bounds(*frame_ranges(layout))
    k = min((gx1 - gx0) / (bx1 - bx0), (gy_bot - gy_top) / (by1 - by0))
    cx, cy = (gx0 + gx1) / 2, (gy_top + gy_bot) / 2
    mx, my = (bx0 + bx1) / 2, (by0 + by1) / 2

    def px(lon, lat):
        x, y = albers(lon, lat)
        return cx + (x - mx) * k, cy - (y - my) * k

    labels, markers, fixed = [], [], []
    for ti, tr in enumerate(d["data"]):
        if tr.get("type") != "scattergeo" or tr.get("geo", "geo") != "geo" or tr.get("lon") is None:
            continue
        mode = tr.get("mode") or "markers"
        size = (tr.get("marker") or {}).get("size", 8)
        font = (tr.get("textfont") or {}).get("size") or 16
        texts = tr.get("text") or []
        pos = tr.get("textposition")
        for i, (lon, lat) in enumerate(zip(tr["lon"], tr["lat"])):
            if lon is None or lat is None:
                continue
            x, y = px(lon, lat)
            r = (size[i] if isinstance(size, list) else size) / 2
            if "markers" in mode:
                markers.append((x - r, y - r, x + r, y + r))
            if "text" in mode and i < len(texts) and texts[i]:
                txt = re.sub(r"<[^>]+>", "", str(texts[i]))
                w, h = text_width(txt, font), font * 1.2
                if "markers" not in mode:  # a bare label (a place name without marker): others avoid it
                    fixed.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
                    continue
                first = pos[i] if isinstance(pos, list) and i < len(pos) else (pos or "top center")
                labels.append(dict(trace=ti, i=i, x=x, y=y, r=r, w=w, h=h, first=first))
    if not labels:
        return
    for lab in labels:
        lab["crowd"] = sum(1 for o in labels if abs(o["x"] - lab["x"]) < 90 and abs(o["y"] - lab["y"]) < 60)
    placed: list[tuple] = list(fixed)
    inset = layout.get("geo2", {}).get("domain")
    if inset:
        placed.append((margin["l"] + inset["x"][0] * pw, margin["t"] + (1 - inset["y"][1]) * ph,
                       margin["l"] + inset["x"][1] * pw, margin["t"] + (1 - inset["y"][0]) * ph))
    # Crowded names first, west to east and east to west; whichever leaves fewer names overlapping wins.
    chosen = min((_arrange(sorted(labels, key=lambda o: (-o["crowd"], sign * o["x"])), placed, markers, gx0, gx1)
                  for sign in (1, -1)), key=lambda r: r[0])[1]
    for ti, tr in enumerate(d["data"]):
        mine = {i: c for (t_, i), c in chosen.items() if t_ == ti}
        if mine:
            n = len(tr["lon"])
            old = tr.get("textposition")
            base = old if isinstance(old, list) else [old or "top center"] * n
            tr["textposition"] = [mine[i][0] if i in mine else base[i] for i in range(n)]
            if any(f < 1 for _, f in mine.values()):
                size = (tr.get("textfont") or {}).get("size") or 16
                tr["textfont"]["size"] = [size * (mine[i][1] if i in mine else 1) for i in range(n)]
