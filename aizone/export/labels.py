"""Map labels at export size: each zone's name moved off its neighbours' names and markers."""

from __future__ import annotations

import math
import re

from aizone.export.mapframe import MAIN_BOUNDS, albers
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
    bx0, by0, bx1, by1 = MAIN_BOUNDS
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
    chosen: dict[tuple[int, int], str] = {}
    for lab in sorted(labels, key=lambda o: (-o["crowd"], o["x"])):
        best, best_cost = lab["first"], None
        for n, cand in enumerate((lab["first"],) + tuple(p for p in _POSITIONS if p != lab["first"])):
            b0 = label_box(lab["x"], lab["y"], cand, lab["w"], lab["h"], lab["r"])
            box = (b0[0] - 12, b0[1] - 3, b0[2] + 12, b0[3] + 3)  # keep a gap: two touching names read as one
            # overlapping text is worst, then text over a marker, then a name that could be a neighbour's
            cost = sum(overlap(box, b) for b in placed) * 10 + sum(overlap(box, m) for m in markers) * 4
            # a name about as near another marker as its own is read as that marker's name
            own = _dist(b0, lab["x"], lab["y"])
            for m in markers:
                mx_, my_ = (m[0] + m[2]) / 2, (m[1] + m[3]) / 2
                if abs(mx_ - lab["x"]) + abs(my_ - lab["y"]) > 1:
                    cost += max(0.0, own + 14 - _dist(b0, mx_, my_)) * 25
            cost += 0 if gx0 <= box[0] and box[2] <= gx1 else 500
            cost += n * 0.5  # prefer the figure's own choice, then the order above
            if best_cost is None or cost < best_cost:
                best, best_cost = cand, cost
            if cost < 1:
                break
        placed.append(label_box(lab["x"], lab["y"], best, lab["w"], lab["h"], lab["r"]))
        chosen[(lab["trace"], lab["i"])] = best
    for ti, tr in enumerate(d["data"]):
        mine = {i: p for (t_, i), p in chosen.items() if t_ == ti}
        if mine:
            n = len(tr["lon"])
            old = tr.get("textposition")
            base = old if isinstance(old, list) else [old or "top center"] * n
            tr["textposition"] = [mine.get(i, base[i]) for i in range(n)]
