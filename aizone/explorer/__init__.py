"""The map explorer: what each national programme contributes to the map on a date, and the figure.

Time travel: the as-of date decides which MOST zones are shown (approved / possibly approved, by
:mod:`aizone.dated`'s rule); the other programmes follow it as far as their tables carry a date or year,
and rows without one are always shown (the page says so).

One module per concern: ``tables`` (the loaded tables and their lookups), ``layers`` (each programme's
rows and markers on a date), ``indicators`` (the choropleth's values), ``hover`` (hover text),
``geometry`` (where areas come from, the zoom frame), ``cache`` (the date state a figure depends on) and
``figure`` (the map). This package re-exports what pages and other modules use.
"""

from aizone.explorer.cache import date_state
from aizone.explorer.figure import View, cached_spec, figure, figure_spec, notes
from aizone.explorer.geometry import NATIONAL, STRATEGY_LAYERS, ZOOMS, zoom_bounds
from aizone.explorer.indicators import INDICATORS, UNIT_LEVELS, display_value, indicator
from aizone.explorer.layers import (LAYERS, POINT_LAYERS, demo_zone_layer, hub_layer, macro_layer, miit_layer,
                                    most_layer, platform_layer, platform_unlocated)
from aizone.explorer.tables import (TABLE_NAMES, Tables, city_of, load_tables, source_names, split_codes,
                                    unit_for_selection)

__all__ = [
    "INDICATORS", "LAYERS", "NATIONAL", "POINT_LAYERS", "STRATEGY_LAYERS", "TABLE_NAMES", "UNIT_LEVELS", "ZOOMS",
    "Tables", "View", "cached_spec", "city_of", "date_state", "demo_zone_layer", "display_value", "figure",
    "figure_spec", "hub_layer", "indicator", "load_tables", "macro_layer", "miit_layer", "most_layer", "notes",
    "platform_layer", "platform_unlocated", "source_names", "split_codes", "unit_for_selection", "zoom_bounds",
]
