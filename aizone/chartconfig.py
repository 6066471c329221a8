"""The plotly config every chart in the app gets: no cloud, no logo, plotly's own strings in the reader's language.

plotly.js shows a "Share chart" button by default (``showSendToCloud``) that offers to upload the chart to
Plotly Cloud; a ministry tool on an intranet must never offer that, so it is switched off here for every
chart, live maps and ``st.plotly_chart`` alike. plotly.js takes a locale as plain data (``config.locales``),
so the Chinese modebar needs no extra script: the dictionary is built from ``locales/plotly.json``, whose
English texts are plotly's own source strings. The camera's picture is named in the reader's language too
(plotly's own default is ``newplot.png``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aizone.i18n import catalogue, normalise_lang, t

PREFIX = "plotly."
ZH_LOCALE = "zh-CN"
CLOUD_BUTTONS = ("sendChartToCloud", "editInChartStudio")
CAMERA_TITLE = "Download plot as a png"  # plotly's own words, translated by locales/plotly.json
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')  # what Windows, macOS or a shell would refuse or mangle in a file name
BASE = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
        "plotlyServerURL": ""}


@lru_cache(maxsize=1)
def zh_dictionary() -> dict[str, str]:
    return {v["en"]: v["zh"] for k, v in catalogue().items() if k.startswith(PREFIX)}


def plotly_config(lang: str, extra: dict | None = None) -> dict:
    """``extra`` (a page's own keys: zoom, buttons removed) on top of the app-wide rules, which always win."""
    cfg = dict(extra or {})
    removed = list(cfg.get("modeBarButtonsToRemove", []))
    cfg.update(BASE)
    cfg["modeBarButtonsToRemove"] = removed + [b for b in CLOUD_BUTTONS if b not in removed]
    cfg.setdefault("toImageButtonOptions", {"filename": image_filename(t("common.image_file.chart", lang))})
    if normalise_lang(lang) == "zh":
        cfg["locale"] = ZH_LOCALE
        cfg["locales"] = {ZH_LOCALE: {"dictionary": zh_dictionary()}}
    return cfg


def image_filename(*parts: object) -> str:
    """A picture's file name (no extension) from its parts, e.g. a page's name and its date: joined by ``_``,
    with characters a file system would refuse or a shell would split on made ``_`` too."""
    return "_".join(filter(None, (_UNSAFE.sub("_", str(p)).strip("_") for p in parts if p is not None)))


def camera_title(lang: str) -> str:
    """The camera button's tooltip: the live maps draw their own button, which plotly does not translate."""
    return t(PREFIX + CAMERA_TITLE, lang)
