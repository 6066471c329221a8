"""Point upload core (issue 18 item 2): the analyst's own points read, converted to WGS-84 and joined to units.

No streamlit here. :mod:`~aizone.points.core`: the rules (columns, rows, join); :mod:`~aizone.points.read`: the
formats; :mod:`~aizone.points.hint`: which datum the points are probably in; :mod:`~aizone.points.layer`: the
points on the map within a byte bound; :mod:`~aizone.points.evidence`: counts as user evidence for candidates;
:mod:`~aizone.points.export`: the joined table as a download that names its datum.
"""

from aizone.points.core import (MESSAGES, PointReport, Rejection, Units, build_units, counts, county_attributes,
                                default_units, detect_columns, join_points, locate, message, parse_points,
                                parse_table)
from aizone.points.read import FileProblem, Table, read_table

__all__ = ["MESSAGES", "FileProblem", "PointReport", "Rejection", "Table", "Units", "build_units", "counts",
           "county_attributes", "default_units", "detect_columns", "join_points", "locate", "message",
           "parse_points", "parse_table", "read_table"]
