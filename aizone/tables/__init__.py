"""The sourced tables in ``data/tables``, and the only way pages read them: each is checked against its
contract (``aizone.tables.contracts``) at load.

The CSVs were first copied from the research tables and are now edited by hand; a contract is what keeps a
hand edit honest.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from aizone import config, provenance
from aizone.schemas import Schema, load_csv
from aizone.tables.contracts import CONFIDENCE, GDP_COLUMN, GDP_YEAR, MACROS, TABLES, gdp_in

__all__ = ["CONFIDENCE", "GDP_COLUMN", "GDP_YEAR", "MACROS", "TABLES", "gdp_in", "load", "load_all", "origin", "path",
           "schema"]


def _entry(name: str) -> tuple[str, Schema]:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; known: {', '.join(TABLES)}") from None


def path(name: str) -> Path:
    return config.TABLES / _entry(name)[0]


def schema(name: str) -> Schema:
    return _entry(name)[1]


def load(name: str) -> pd.DataFrame:
    """The table checked against its contract; raises schemas.DataError naming file, row and column."""
    return load_csv(path(name), schema(name))


def load_all() -> dict[str, pd.DataFrame]:
    return {name: load(name) for name in TABLES}


def origin(name: str, verify: bool = False) -> provenance.Origin:
    """Where a table came from (its sidecar); ``verify`` also checks the file was not edited without re-signing."""
    return provenance.read_sidecar(path(name), verify=verify)
