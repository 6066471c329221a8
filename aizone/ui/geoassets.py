"""Keep a map from failing when its boundary file is still on its way for another chart.

plotly.js keeps every GeoJSON it fetched in ``window.PlotlyGeoAssets``, and marks a URL ``'pending'`` while
the first chart fetches it. A second chart that wants the same URL meanwhile does not fetch: it polls the
mark for 5 s and then gives up with "Unexpected error while fetching from <url>", leaving its map blank. In
this app that happens whenever a chart is replaced before its first fetch ends: a page switch or a rerun that
remounts the map, on a slow intranet link or a busy server (the load test hit it with 20 sessions).

The fix runs once per browser tab: the asset store is wrapped so a ``'pending'`` mark reads as absent, and a
second chart starts its own request (the browser's cache answers it once the first one lands) instead of
giving up. Nothing else changes: the store, the data and plotly's own fetch are plotly's.
"""

from __future__ import annotations

import streamlit as st

MARKER = "aizone-geo-assets"

SCRIPT = """
(() => {
  if (window.__aizoneGeoAssets) return;
  const store = window.PlotlyGeoAssets || {topojson: {}};
  window.PlotlyGeoAssets = new Proxy(store, {
    get(target, key) { const v = target[key]; return v === 'pending' ? undefined : v; },
  });
  window.__aizoneGeoAssets = true;
})();
"""

# The element holds no content; hide its container so it takes no room on the page (or on paper).
STYLE = f'[data-testid="stElementContainer"]:has(#{MARKER}) {{ display: none; }}'


BODY = f'<style>{STYLE}</style><span id="{MARKER}"></span><script>{SCRIPT}</script>'  # constants only


def install() -> None:
    """Called from app.py on every run; the script itself acts once per tab."""
    st.html(BODY, unsafe_allow_javascript=True)
