"""Second baseline: a Streamlit page with one small plotly scatter (loads Streamlit's plotly.js bundle)."""

import plotly.graph_objects as go
import streamlit as st

v = st.toggle("toggle", key="t")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2] if v else [2, 1, 3], mode="markers")))
