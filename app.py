"""aizone entry script: page config, language, navigation. Pages live in pages/ and stay thin."""

import streamlit as st

from aizone.i18n import t
from aizone.ui import frame, geoassets
from aizone.ui.copylink import copy_link
from aizone.ui.print import inject as print_layout

st.set_page_config(page_title="aizone", page_icon="🗺️", layout="wide")
print_layout()
geoassets.install()  # a map must not give up on a boundary file another chart is still fetching
frame.entered()
lang = frame.language()
with st.sidebar:  # every view, maps included, is shared by its address (no plotly cloud)
    copy_link(lang)

PAGES = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), url_path="overview", default=True),
    st.Page("pages/progress.py", title=t("nav.progress", lang), url_path="progress"),
    st.Page("pages/balance.py", title=t("nav.balance", lang), url_path="balance"),
    st.Page("pages/explorer.py", title=t("nav.explorer", lang), url_path="explorer"),
    st.Page("pages/candidates.py", title=t("nav.candidates", lang), url_path="candidates"),
    st.Page("pages/recommend.py", title=t("nav.recommend", lang), url_path="recommend"),
    st.Page("pages/briefing.py", title=t("nav.briefing", lang), url_path="briefing"),
    st.Page("pages/points.py", title=t("nav.points", lang), url_path="points"),
    st.Page("pages/methods.py", title=t("nav.methods", lang), url_path="methods"),
]
st.navigation(PAGES).run()
