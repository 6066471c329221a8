"""Point upload core (issue 18 item 2): the analyst's own points read, converted to WGS-84 and joined to units.

No streamlit here; see :mod:`aizone.points.core` for the rules and :mod:`aizone.points.read` for the formats.
"""

from aizone.points.core import (MESSAGES, PointReport, Rejection, Units, build_units, counts, county_attributes,
                                default_units, detect_columns, join_points, locate, message, parse_points,
                                parse_table)
from aizone.points.read import FileProblem, Table, read_table

__all__ = ["MESSAGES", "FileProblem", "PointReport", "Rejection", "Table", "Units", "build_units", "counts",
           "county_attributes", "default_units", "detect_columns", "join_points", "locate", "message",
           "parse_points", "parse_table", "read_table"]
