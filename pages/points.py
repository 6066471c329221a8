"""My points: the analyst's own coordinates converted to WGS-84, joined to units, mapped, counted as evidence."""

from datetime import date

import streamlit as st

from aizone import datum, points
from aizone.i18n import t
from aizone.points import evidence, export, layer
from aizone.tabular_export import sources_table, to_csv_bytes, to_xlsx_bytes
from aizone.ui import data, frame, livemap
from aizone.ui import points as ui_points

MAP_CONFIG = {"topojsonURL": "app/static/", "displaylogo": False, "responsive": True,
              "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
SOURCES = ("boundaries", "pilot_zones", "strategy_members", "macro_regions")
PREVIEW_ROWS = 1_000

lang = frame.current_lang()
with frame.guard(lang):
    st.title(t("points.title", lang))
    st.write(t("points.intro", lang))
    c1, c2 = st.columns(2)
    key = c1.radio(t("points.datum", lang), list(datum.DATUMS), format_func=datum.LABELS.get, horizontal=True,
                   key="points_datum", help=t("points.datum_help", lang))
    as_of = c2.date_input(t("points.as_of", lang), value=date.today(), key="points_as_of")
    f = st.file_uploader(t("points.file", lang), type=["csv", "xlsx", "geojson", "json", "gpkg", "kml", "kmz"],
                         key="points_file", help=t("points.file_help", lang))
    result = ui_points.parsed(f, key, as_of)
    held = ui_points.held_evidence()
    if result is None and held is not None:
        st.info(frame.plain(t("points.evidence_kept", lang, n=len(held["rows"]), name=held["file"])))
        st.button(t("points.evidence_forget", lang), on_click=ui_points.forget_evidence, key="points_forget")
    if result is not None:
        report, joined = result
        if not report.ok:
            code, detail = report.problem
            st.error(points.message(code, lang, **detail))
        else:
            lon, lat = report.columns
            st.caption(frame.plain(t("points.columns_used", lang, lon=lon, lat=lat, datum=datum.LABELS[report.datum])))
            m1, m2 = st.columns(2)
            m1.metric(t("points.accepted", lang), f"{len(joined):,}")
            m2.metric(t("points.rejected", lang), f"{len(report.rejected):,}")
            for code, kw in report.hints:
                st.warning(frame.plain(points.message(code, lang, **kw)))

            # ---------------------------------------------------------------------------------- map
            st.subheader(t("points.map", lang))
            options = layer.views(len(joined))
            view = st.segmented_control(t("points.view", lang), options, default=layer.default_view(len(joined)),
                                        format_func=lambda v: t(f"points.view_{v}", lang), key="points_view",
                                        required=True) or layer.default_view(len(joined))
            if view not in options:
                view = layer.default_view(len(joined))
            livemap.live_chart(ui_points.figure(joined, view, lang), key="points_map",
                               failed=t("common.map_failed", lang), config=MAP_CONFIG)
            st.caption(t("points.map_note", lang, n=f"{layer.MARKER_MAX:,}"))

            # ---------------------------------------------------------------------------------- evidence
            st.subheader(t("points.evidence", lang))
            st.caption(t("points.evidence_note", lang))
            e1, e2 = st.columns(2)
            indicator = e1.selectbox(t("points.evidence_as", lang), ["", *evidence.INDICATORS], key="points_indicator",
                                     format_func=lambda k: t(f"points.ind.{k or 'none'}", lang))
            label = e2.text_input(t("points.evidence_label", lang), key="points_label", max_chars=evidence.LABEL_MAX,
                                  placeholder=t("points.evidence_label_hint", lang))
            ui_points.set_evidence(joined, indicator, label, f.name)
            if indicator:
                st.success(t("points.evidence_on", lang, n=len(ui_points.held_evidence()["rows"])),
                           icon=":material/fact_check:")
            names = ui_points.names(lang)
            per_city = layer.unit_counts(joined, "city").sort_values(ascending=False)
            st.dataframe({t("points.col_adcode", lang): per_city.index,
                          t("points.col_city", lang): [names["city"].get(a, a) for a in per_city.index],
                          t("points.col_count", lang): per_city.to_numpy()},
                         hide_index=True, width="stretch", height=260)

            # ---------------------------------------------------------------------------------- table, downloads
            st.subheader(t("points.table", lang))
            if len(joined) > PREVIEW_ROWS:
                st.caption(t("points.preview", lang, n=f"{PREVIEW_ROWS:,}", total=f"{len(joined):,}"))
            table = export.table(joined, report.datum)
            st.dataframe(table.head(PREVIEW_ROWS), hide_index=True, width="stretch")
            st.caption(frame.plain(export.datum_note(report.datum, lang)))
            stem = export.file_stem(report.datum)
            d1, d2 = st.columns(2)
            d1.download_button(t("points.download", lang), lambda: to_csv_bytes(table), f"{stem}.csv", "text/csv",
                               key="points_csv", width="stretch")
            if len(table) <= export.XLSX_MAX:
                d2.download_button(
                    t("points.download_xlsx", lang),
                    lambda: to_xlsx_bytes(export.sheets(table, report, f.name, lang),
                                          sources_table(data.origins(*SOURCES), lang)),
                    f"{stem}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    key="points_xlsx", width="stretch")
            else:
                d2.caption(t("points.xlsx_too_many", lang, n=f"{export.XLSX_MAX:,}"))
            if report.rejected:
                st.subheader(t("points.rejected_table", lang))
                rej = report.rejected_frame(lang)
                st.dataframe(rej.head(PREVIEW_ROWS), hide_index=True, width="stretch")
                st.download_button(t("points.download_rejected", lang), lambda: to_csv_bytes(rej),
                                   "points_rejected.csv", "text/csv", key="points_rejected_csv")
    frame.footer(data.origins(*SOURCES), lang)
