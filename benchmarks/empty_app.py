"""Baseline for the benchmark: an empty Streamlit page."""

import streamlit as st

v = st.toggle("toggle", key="t")
st.write(f"ready {v}")
