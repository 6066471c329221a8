"""Cached access to the shipped data. Frames are keyed by file mtime so an edited file is picked up;
read-only geometry is a shared resource (cache_data would unpickle a copy on every hit)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from aizone import basemap, explorer, gazetteer, provenance, tables, zonelist, zones
from aizone.config import BOUNDARIES, DATA
from aizone.resolver import Resolver


def _stamp(*paths: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns if p.exists() else -1) for p in paths)


@st.cache_data(show_spinner=False, max_entries=4)
def _zones(stamp: tuple) -> pd.DataFrame:
    return zones.load()


def zone_table() -> pd.DataFrame:
    return _zones(_stamp(tables.path("pilot_zones")))


@st.cache_data(show_spinner=False, max_entries=4)
def _zone_places(stamp: tuple) -> pd.DataFrame:
    return zonelist.place(zone_table(), gaz(), table("strategy_members"), table("macro_regions"))


def zone_places() -> pd.DataFrame:
    """The zones placed in strategies and macro regions, in date order (``aizone.zonelist.place``)."""
    return _zone_places(_stamp(tables.path("pilot_zones"), tables.path("strategy_members"),
                               tables.path("macro_regions"), DATA / "gazetteer.csv"))


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


@st.cache_resource(show_spinner=False, max_entries=4)
def _explorer_tables(stamp: tuple) -> explorer.Tables:
    return explorer.load_tables(table=table, zone_table=zone_table, gaz=gaz)


def explorer_tables() -> explorer.Tables:
    """One Tables per data version (its tables' and the gazetteer's mtimes): its derived lookups
    (memberships, points) and its figure caches are then built once and shared by every session."""
    return _explorer_tables(_stamp(*(tables.path(n) for n in explorer.TABLE_NAMES), DATA / "gazetteer.csv"))


@st.cache_resource(show_spinner=False)
def _base_map():
    return basemap.base_map(embed=False)


@st.cache_resource(show_spinner=False)
def _base_map_without_cities():
    return replace(_base_map(), cities_main=None)


def base_map(cities: bool = True):
    """The shared base map; without its city layer for a map that draws provinces only."""
    return _base_map() if cities else _base_map_without_cities()


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


def _tables_stamp() -> tuple:
    return _stamp(*(tables.path(n) for n in tables.TABLES), DATA / "reference" / "source_domains.csv")


@st.cache_data(show_spinner=False, max_entries=2)
def _coverage(stamp: tuple):
    from aizone import coverage

    return coverage.compute()


def coverage():
    """The evidence measures (aizone.coverage), once per version of the shipped tables."""
    return _coverage(_tables_stamp())
