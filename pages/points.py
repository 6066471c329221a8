"""My points: the analyst's own coordinates converted to WGS-84 and joined to counties, cities and strategies."""

from datetime import date

import pandas as pd
import streamlit as st

from aizone import datum, points
from aizone.i18n import pick, t
from aizone.tabular_export import to_csv_bytes
from aizone.ui import data, frame
from aizone.ui import points as ui_points

lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("points.title", lang))
    st.write(t("points.intro", lang))
    c1, c2 = st.columns(2)
    key = c1.radio(t("points.datum", lang), list(datum.DATUMS), format_func=datum.LABELS.get, horizontal=True,
                   key="points_datum", help=t("points.datum_help", lang))
    as_of = c2.date_input(t("points.as_of", lang), value=date.today(), key="points_as_of")
    f = st.file_uploader(t("points.file", lang), type=["csv", "xlsx", "geojson", "json", "gpkg", "kml", "kmz"], key="points_file",
                         help=t("points.file_help", lang))
    result = ui_points.parsed(f, key, as_of)
    if result is not None:
        report, joined = result
        if not report.ok:
            code, detail = report.problem
            st.error(points.message(code, lang, **detail))
        else:
            lon, lat = report.columns
            st.caption(t("points.columns_used", lang, lon=lon, lat=lat, datum=datum.LABELS[report.datum]))
            m1, m2 = st.columns(2)
            m1.metric(t("points.accepted", lang), f"{len(joined):,}")
            m2.metric(t("points.rejected", lang), f"{len(report.rejected):,}")
            for code, kw in report.hints:
                st.warning(frame.plain(points.message(code, lang, **kw)))
            gaz = data.gaz()
            city = gaz[gaz["level"] == "city"].set_index("adcode")
            per_city = points.counts(joined, "city")
            per_city.insert(1, t("points.col_city", lang),
                            [pick(city["name_zh"].get(a, a), city["name_en"].get(a, a), lang) for a in per_city["adcode"]])
            per_city = per_city.rename(columns={"count": t("points.col_count", lang)})
            st.subheader(t("points.table", lang))
            st.dataframe(joined, hide_index=True, width="stretch")
            st.download_button(t("points.download", lang), to_csv_bytes(joined), "points_joined.csv", "text/csv")
            st.subheader(t("points.by_city", lang))
            st.dataframe(per_city.sort_values(per_city.columns[-1], ascending=False), hide_index=True, width="stretch")
            if report.rejected:
                st.subheader(t("points.rejected_table", lang))
                rej = report.rejected_frame(lang)
                st.dataframe(rej, hide_index=True, width="stretch")
                st.download_button(t("points.download_rejected", lang), to_csv_bytes(rej), "points_rejected.csv",
                                   "text/csv")
    frame.footer(data.origins("boundaries", "pilot_zones", "strategy_members", "macro_regions"), lang)
