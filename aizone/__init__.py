"""aizone: data, geometry and figures for China's national AI innovation-and-development pilot zones.

The package is pure Python (pandas/geopandas/shapely/plotly). Only :mod:`aizone.ui` imports streamlit;
:mod:`aizone.build` runs at build time only (ARCHITECTURE.md).
"""

__version__ = "0.1.0"
