"""Cached access to the shipped data. Frames are keyed by file mtime so an edited file is picked up;
read-only geometry is a shared resource (cache_data would unpickle a copy on every hit)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from aizone import basemap, gazetteer, provenance, tables, zones
from aizone.config import BOUNDARIES, DATA
from aizone.resolver import Resolver


def _stamp(*paths: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns if p.exists() else -1) for p in paths)


@st.cache_data(show_spinner=False, max_entries=4)
def _zones(stamp: tuple) -> pd.DataFrame:
    return zones.load()


def zone_table() -> pd.DataFrame:
    return _zones(_stamp(tables.path("pilot_zones")))


@st.cache_data(show_spinner=False, max_entries=32)
def _table(name: str, stamp: tuple) -> pd.DataFrame:
    return tables.load(name)


def table(name: str) -> pd.DataFrame:
    return _table(name, _stamp(tables.path(name)))


@st.cache_data(show_spinner=False, max_entries=2)
def _gaz(stamp: tuple) -> pd.DataFrame:
    return gazetteer.load()


def gaz() -> pd.DataFrame:
    return _gaz(_stamp(DATA / "gazetteer.csv"))


@st.cache_resource(show_spinner=False)
def base_map():
    return basemap.base_map(embed=False)


@st.cache_resource(show_spinner=False)
def strategy_shapes():
    return basemap.strategy_shapes(embed=False)


@st.cache_resource(show_spinner=False)
def resolver():
    return Resolver()


def origins(*names: str) -> list[provenance.Origin]:
    """Origins for a source line: table names, 'boundaries', 'gazetteer', 'guideline', 'strategy_areas'."""
    paths = {
        "boundaries": BOUNDARIES / "city_national.parquet",
        "gazetteer": DATA / "gazetteer.csv",
        "guideline": DATA / "sources" / "guideline_2020_254.txt",
        "strategy_areas": BOUNDARIES / "strategies_national.parquet",
    }
    return [provenance.read_sidecar(paths[n] if n in paths else tables.path(n)) for n in names]
