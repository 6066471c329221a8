"""The "Copy link" control: the page's address, query parameters and all, so a colleague opens the same view.

It replaces plotly's cloud "Share chart" button (switched off in ``aizone.chartconfig``): sharing stays on the
intranet. The address is read in the browser (``window.location``), where it is always current; the server
only knows the parameters of its last run.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from aizone.i18n import t

ASSETS = Path(__file__).resolve().parent / "assets"
HTML = '<button type="button" class="aizone-copylink" data-testid="aizone-copylink"></button>'

_component = st.components.v2.component(
    "aizone_copylink", html=HTML, js=(ASSETS / "copylink.js").read_text(encoding="utf-8"),
    css=(ASSETS / "copylink.css").read_text(encoding="utf-8"), isolate_styles=False)


def copy_link(lang: str, *, key: str = "copy_link") -> None:
    _component(key=key, data={"label": t("common.copy_link", lang), "done": t("common.copy_link_done", lang),
                              "help": t("common.copy_link_help", lang)})
