"""A plotly chart that stays mounted across reruns, for maps that follow a date slider.

``st.plotly_chart`` remounts its chart whenever the figure changes (its element id hashes the spec and
the chart keeps its first figure), so every date step was a full ``Plotly.newPlot`` plus React's
teardown of the old chart. This component keeps its plotly charts mounted and hands each new figure to
``Plotly.react``. The element must keep its place in the page: an element that appears above it on
some runs only shifts it and makes React mount a new one (the pages keep such slots with ``st.empty``).

Two charts, stacked: plotly redraws every trace of a geo chart on any change, so the figure is split in
the browser. The lower chart (``.aizone-livemap-base``) paints what only shows: areas, the inset, the
legend. The upper one (``.aizone-livemap``) holds the main map's traces that answer hover or click (the
markers, the city hover layer), with the lower chart's page box and projection. Each is redrawn only when
its part changed, so a date step redraws the upper chart alone. The legend lists the upper chart's layers
through one-point swatches, and a click on one hides the upper trace as well; the modebar's camera
composes both charts. The figure sent is the whole figure: the split is the browser's business.

The city hover layer (``figures.maps.HIT_LAYER``) is not a plotly trace in the browser: its edges are painted
with the areas, and the script finds the city under the pointer itself and draws plotly's label for it, so a
date step does not redraw 370 polygons.

The component's script and style are real files, ``aizone/ui/assets/livemap.js`` and ``livemap.css``, declared
as the asset_dir of the component ``aizone.livemap`` in ``aizone/pyproject.toml`` (Streamlit components v2) and
served by Streamlit from the installed package; the browser caches them, and a render carries only the figure.
plotly.js comes from the plotly package the server has (the same version the figure JSON is written for),
placed in ``static/vendor/`` at install or image-build time by ``python -m aizone.ui.vendor`` and served by
Streamlit's static route (or nginx): no CDN, so it works on an intranet. Nothing is written at run time: the
app runs from a read-only checkout or image. The figure travels as
UTF-8 bytes: its JSON is not escaped inside a JSON string, and Chinese text is not written as \\u escapes.
A click comes back as a selection event shaped like ``st.plotly_chart``'s, so
``unit_card.selection_to_adcodes`` reads both.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import plotly.graph_objects as go
import streamlit as st
from plotly.utils import PlotlyJSONEncoder
from streamlit.errors import StreamlitAPIException

from aizone.ui.vendor import VENDOR_DIR, ensure_plotly_js, plotly_js_name  # noqa: F401  (ensure_plotly_js: tests)
from aizone import chartconfig
from aizone.i18n import t

log = logging.getLogger(__name__)

CLASS = "aizone-livemap"  # the upper plotly div; ``data-figure`` on it names the figure drawn last
_VENDOR_CHECKED = False


def _check_vendor() -> None:
    """plotly.js is placed at install time (``python -m aizone.ui.vendor``; run.sh, the bundle and the image
    do it). Missing, the map says ``failed`` in the page; the log says why, once."""
    global _VENDOR_CHECKED
    if not _VENDOR_CHECKED:
        _VENDOR_CHECKED = True
        if not (VENDOR_DIR / plotly_js_name()).is_file():
            log.error("%s is missing: run `python -m aizone.ui.vendor` once after installing", VENDOR_DIR / plotly_js_name())


_SPECS: OrderedDict[int, tuple[go.Figure | dict, str]] = OrderedDict()  # id -> (figure, its JSON), newest last
_SPECS_SIZE = 64
_SPECS_LOCK = threading.Lock()


def _spec(fig: go.Figure | dict) -> str:
    """The figure's JSON, once per figure object: the explorer hands back the same cached figure for every
    date between two approvals (figures are render-only once built). The entry holds the figure, so its
    id cannot be reused by another object while the entry lives. A dict is a figure already in plotly's
    terms (``explorer.figure_spec``) and is written as it is."""
    with _SPECS_LOCK:
        hit = _SPECS.get(id(fig))
        if hit is not None and hit[0] is fig:
            _SPECS.move_to_end(id(fig))
            return hit[1]
    # plotly writes each CJK character as a 6-byte \uXXXX escape; as UTF-8 it is 3 bytes (a third off a
    # Chinese map's rerun). plotly's other escapes (<, >, /) only matter inside HTML, which this is not.
    if isinstance(fig, dict):
        spec = json.dumps(fig, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    else:
        spec = json.dumps(json.loads(fig.to_json()), ensure_ascii=False, separators=(",", ":"))
    with _SPECS_LOCK:
        _SPECS[id(fig)] = (fig, spec)
        while len(_SPECS) > _SPECS_SIZE:
            _SPECS.popitem(last=False)
    return spec


def payload(fig: go.Figure | dict, config: dict, src: str, failed: str = "",
            image: dict | None = None) -> tuple[bytes, str]:
    """What the browser receives, and the tag naming this figure and config (a digest of both). ``src`` is
    plotly.js. ``image`` (the camera's tooltip and file name) travels beside them and is not in the tag: a
    file name that carries the date must not make a date step with an unchanged map look like a new figure."""
    spec = _spec(fig)
    rest = json.dumps({"config": config, "src": src, "failed": failed}, sort_keys=True,
                      ensure_ascii=False)
    tag = hashlib.blake2b((spec + rest).encode(), digest_size=8).hexdigest()
    extra = json.dumps({"image": image or {}}, ensure_ascii=False)
    return f'{{"figure": {spec}, "tag": "{tag}", {extra[1:-1]}, {rest[1:]}'.encode(), tag


def unpack(raw: bytes | str) -> dict:
    """The payload as a dict (tests read the figure back from the element)."""
    return json.loads(raw)


ASSETS = Path(__file__).resolve().parent / "assets"  # the component's asset_dir (aizone/pyproject.toml)
NAME = "aizone.livemap"  # <project>.<component>: how Streamlit finds the asset_dir of an installed package
MODULE_JS = (ASSETS / "livemap.js").read_text(encoding="utf-8")
CSS = (ASSETS / "livemap.css").read_text(encoding="utf-8")
JS = MODULE_JS  # the whole module; Streamlit serves it as a file, so a render carries only the figure


def _register():
    """The component with its script and style served as files from ``ASSETS`` by Streamlit
    (``/_stcore/bidi-components/aizone.livemap/livemap.js``): they can be linted, and nothing is written at
    run time. Streamlit finds the asset_dir through the installed distribution's manifest; a checkout used
    without ``pip install`` has none, and then the same files go inline (sent with every render)."""
    try:
        return st.components.v2.component(NAME, js="livemap.js", css="livemap.css", isolate_styles=False)
    except StreamlitAPIException:
        log.warning("aizone is not installed (no component manifest): the map's script goes inline")
        return st.components.v2.component(NAME, js=MODULE_JS, css=CSS, isolate_styles=False)


_component = _register()


def live_chart(fig: go.Figure | dict, *, key: str, config: dict, failed: str,
               on_select: Callable[[], None] | None = None, image_name: str = "") -> str:
    """Draw ``fig`` in the kept chart and return its tag. ``on_select`` runs after a click on a point;
    the event is then ``selection(key)``. ``failed`` is shown if plotly.js cannot be loaded. ``image_name``
    names the camera's picture (``chartconfig.image_filename``; a map's name in the reader's language if empty)."""
    _check_vendor()
    lang = st.session_state.get("lang", "")
    config = chartconfig.plotly_config(lang, config)  # no cloud button, reader's language
    image = {"title": chartconfig.camera_title(lang),
             "filename": image_name or chartconfig.image_filename(t("common.image_file.map", lang))}
    data, tag = payload(fig, config, f"app/static/vendor/{plotly_js_name()}", failed, image)
    callbacks = {"on_select_change": on_select} if on_select else {"on_select_change": lambda: None}
    _component(key=key, data=data, **callbacks)
    return tag


def selection(key: str):
    """The last click's event (``{"selection": {"points": [...]}}``), or None."""
    state = st.session_state.get(key)
    return None if state is None else getattr(state, "select", None)
