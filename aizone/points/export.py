"""The joined points as a download: coordinate columns that name their datum, and a note saying what was done.

A table of coordinates without its datum is the mistake this page exists to prevent, so the datum is in the
column names (``lon_wgs84``; ``lon_input_gcj02`` for the file's own values), in the file name, and, in the
workbook, on an "about" sheet beside the sources.
"""

from __future__ import annotations

import pandas as pd

from aizone import datum
from aizone.i18n import t

XLSX_MAX = 200_000  # rows; beyond this the workbook takes minutes and hundreds of MB to write: CSV only


def table(joined: pd.DataFrame, src: str) -> pd.DataFrame:
    """``joined`` with its coordinate columns renamed after their datum."""
    src = datum.normalise(src)
    return joined.rename(columns={"lon": "lon_wgs84", "lat": "lat_wgs84",
                                  "lon_in": f"lon_input_{src}", "lat_in": f"lat_input_{src}"})


def file_stem(src: str) -> str:
    return f"points_joined_wgs84_from_{datum.normalise(src)}"


def datum_note(src: str, lang: str) -> str:
    src = datum.normalise(src)
    return t("points.datum_note", lang, src=datum.LABELS[src], code=src)


def sheets(tab: pd.DataFrame, report, filename: str, lang: str) -> dict[str, pd.DataFrame]:
    """The workbook's sheets: the points, then what was done to them."""
    about = pd.DataFrame({
        t("points.about_item", lang): [t(f"points.about_{k}", lang) for k in ("file", "datum", "accepted", "rejected")],
        t("points.about_value", lang): [filename, datum_note(report.datum, lang), len(tab), len(report.rejected)],
    })
    return {t("points.sheet_points", lang): tab, t("points.sheet_about", lang): about}
