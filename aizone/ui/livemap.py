"""A plotly chart that stays mounted across reruns, for maps that follow a date slider.

``st.plotly_chart`` remounts its chart whenever the figure changes (its element id hashes the spec and
the chart keeps its first figure), so every date step was a full ``Plotly.newPlot`` plus React's
teardown of the old chart. This component keeps one plotly div and hands each new figure to
``Plotly.react``. Plotly still redraws the geo subplot (any trace change does), but nothing is torn down
or rebuilt around it. The element must keep its place in the page: an element that appears above it on
some runs only shifts it and makes React mount a new one (the pages keep such slots with ``st.empty``).

plotly.js comes from the plotly package the server already has (the same version the figure JSON is
written for), copied once into ``static/vendor/`` and served by Streamlit's static route: no CDN, so it
works on an intranet. The figure travels as UTF-8 bytes: its JSON is not escaped inside a JSON string,
and Chinese text is not written as \\u escapes.
A click comes back as a selection event shaped like ``st.plotly_chart``'s, so
``profile.selection_to_adcodes`` reads both.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import plotly
import plotly.graph_objects as go
import streamlit as st

from aizone.config import STATIC

log = logging.getLogger(__name__)

VENDOR_DIR = STATIC / "vendor"
CLASS = "aizone-livemap"  # the plotly div; ``data-figure`` on it names the figure drawn last


def plotly_js_name() -> str:
    from plotly.offline import get_plotlyjs_version

    return f"plotly-{get_plotlyjs_version()}.min.js"


def ensure_plotly_js(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Copy plotly.min.js from the installed plotly package into the static folder, once per version.

    The name carries the version, so no browser keeps a stale copy after an upgrade. The copy goes to a
    temporary name and is renamed, so a request never reads half a file."""
    src = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    dest = vendor_dir / plotly_js_name()
    if dest.is_file() and dest.stat().st_size == src.stat().st_size:
        return dest
    vendor_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=vendor_dir, prefix=".plotly-", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


_SPECS: OrderedDict[int, tuple[go.Figure, str]] = OrderedDict()  # id -> (figure, its JSON), newest last
_SPECS_SIZE = 64
_SPECS_LOCK = threading.Lock()


def _spec(fig: go.Figure) -> str:
    """``fig.to_json()``, once per figure object: the explorer hands back the same cached figure for every
    date between two approvals (figures are render-only once built). The entry holds the figure, so its
    id cannot be reused by another object while the entry lives."""
    with _SPECS_LOCK:
        hit = _SPECS.get(id(fig))
        if hit is not None and hit[0] is fig:
            _SPECS.move_to_end(id(fig))
            return hit[1]
    # plotly writes each CJK character as a 6-byte \uXXXX escape; as UTF-8 it is 3 bytes (a third off a
    # Chinese map's rerun). plotly's other escapes (<, >, /) only matter inside HTML, which this is not.
    spec = json.dumps(json.loads(fig.to_json()), ensure_ascii=False, separators=(",", ":"))
    with _SPECS_LOCK:
        _SPECS[id(fig)] = (fig, spec)
        while len(_SPECS) > _SPECS_SIZE:
            _SPECS.popitem(last=False)
    return spec


def payload(fig: go.Figure, config: dict, src: str, failed: str = "") -> tuple[bytes, str]:
    """What the browser receives, and the tag naming this figure and config (a digest of both)."""
    spec = _spec(fig)
    rest = json.dumps({"config": config, "src": src, "failed": failed}, sort_keys=True, ensure_ascii=False)
    tag = hashlib.blake2b((spec + rest).encode(), digest_size=8).hexdigest()
    return f'{{"figure": {spec}, "tag": "{tag}", {rest[1:]}'.encode(), tag


def unpack(raw: bytes | str) -> dict:
    """The payload as a dict (tests read the figure back from the element)."""
    return json.loads(raw)


JS = r"""
const LOADS = (window.__aizonePlotlyLoads = window.__aizonePlotlyLoads || {});

function loadPlotly(src) {
  if (window.Plotly && window.__aizonePlotlySrc === src) return Promise.resolve(window.Plotly);
  if (!LOADS[src]) {
    LOADS[src] = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.async = true;
      s.onload = () => { window.__aizonePlotlySrc = src; resolve(window.Plotly); };
      s.onerror = () => { delete LOADS[src]; s.remove(); reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }
  return LOADS[src];
}

function unpack(raw) {
  if (raw instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(raw));
  if (raw instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(new Uint8Array(raw)));
  return typeof raw === 'string' ? JSON.parse(raw) : raw;
}

function pointOf(p) {
  const out = {curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex};
  if (p.location !== undefined) out.location = p.location;
  if (p.customdata !== undefined) out.customdata = p.customdata;
  if (p.lon !== undefined) { out.lon = p.lon; out.lat = p.lat; }
  return out;
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = unpack(component.data);
  let gd = parentElement.querySelector('.aizone-livemap');
  if (!gd) {
    gd = document.createElement('div');
    gd.className = 'aizone-livemap';
    parentElement.appendChild(gd);
  }
  gd.__aizoneTrigger = setTriggerValue;  // a click reports through the latest render's channel
  const seq = (gd.__aizoneSeq = (gd.__aizoneSeq || 0) + 1);
  loadPlotly(data.src).then((Plotly) => {
    if (seq !== gd.__aizoneSeq) return;  // a newer figure arrived while plotly.js loaded
    return Plotly.react(gd, data.figure.data, data.figure.layout, data.config).then(() => {
      if (!gd.__aizoneBound) {
        gd.__aizoneBound = true;
        gd.on('plotly_click', (ev) => {
          const points = (ev && ev.points ? ev.points : []).map(pointOf);
          gd.__aizoneTrigger('select', {selection: {points}});
        });
      }
      // once the frame holding this figure has been painted (the second frame callback runs after it)
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (seq === gd.__aizoneSeq) gd.setAttribute('data-figure', data.tag);
      }));
    });
  }).catch((err) => {
    gd.removeAttribute('data-figure');
    gd.textContent = data.failed + ' (' + String(err && err.message || err) + ')';
  });
  return () => {
    if (window.Plotly && gd.__aizoneBound) window.Plotly.purge(gd);
    gd.__aizoneBound = false;
  };
}
"""

CSS = f".{CLASS} {{ width: 100%; }}"

_component = st.components.v2.component("aizone_livemap", js=JS, css=CSS, isolate_styles=False)


def live_chart(fig: go.Figure, *, key: str, config: dict, failed: str,
               on_select: Callable[[], None] | None = None) -> str:
    """Draw ``fig`` in the kept chart and return its tag. ``on_select`` runs after a click on a point;
    the event is then ``selection(key)``. ``failed`` is shown if plotly.js cannot be loaded."""
    try:
        ensure_plotly_js()
    except OSError:  # a read-only checkout: the chart says so instead of staying blank
        log.exception("could not place plotly.js in %s", VENDOR_DIR)
    data, tag = payload(fig, config, f"app/static/vendor/{plotly_js_name()}", failed)
    callbacks = {"on_select_change": on_select} if on_select else {"on_select_change": lambda: None}
    _component(key=key, data=data, **callbacks)
    return tag


def selection(key: str):
    """The last click's event (``{"selection": {"points": [...]}}``), or None."""
    state = st.session_state.get(key)
    return None if state is None else getattr(state, "select", None)
