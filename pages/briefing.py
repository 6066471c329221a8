"""Briefing export: any figure as a slide, an image or a PDF, and the whole briefing pack in one click."""

from datetime import date

import pandas as pd
import streamlit as st

from aizone import briefing, candidates, export
from aizone.config import LANGS
from aizone.i18n import pick, t
from aizone.ui import data, frame
from aizone.ui.datecommit import guard_downloads
from aizone.ui.urlstate import parse_date, url_widget

FORMATS = ("png", "svg", "pdf", "pptx")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
SOURCES = ("pilot_zones", "strategy_members", "macro_regions", "province_stats", "boundaries", "gazetteer", "guideline")


def _stamp() -> tuple:
    """Cache key: the checksums the sidecars record, so an edited, re-signed table is picked up."""
    return tuple(o.checksum for o in data.origins(*SOURCES))


@st.cache_resource(show_spinner=False, max_entries=24)
def _figure(key: str, lang: str, as_of: date, picks: tuple, stamp: tuple) -> export.ExportFigure:
    params = {"picks": picks} if key == "scenario" else {}
    return briefing.build(key, lang, as_of, **params)


@st.cache_data(show_spinner=False, max_entries=48)
def _file(key: str, lang: str, as_of: date, picks: tuple, preset: str, grey: bool, fmt: str, stamp: tuple) -> bytes:
    f = _figure(key, lang, as_of, picks, stamp)
    spec = f.spec(briefing.deck_spec(lang, as_of, preset, grey, [f]))
    if fmt == "pptx":
        return export.to_pptx([f], spec)
    return export.render(f.fig, spec, fmt)


@st.cache_resource(show_spinner=False, max_entries=4)
def _pack(lang: str, as_of: date, picks: tuple, preset: str, grey: bool, stamp: tuple, _on_progress=None
          ) -> briefing.Pack:
    params = {"scenario": {"picks": picks}} if picks else {}
    return briefing.build_pack(lang, as_of, preset=preset, greyscale=grey, params=params, on_progress=_on_progress)


@st.cache_data(show_spinner=False)
def _candidates(stamp: tuple) -> pd.DataFrame:
    """Cities a scenario may add: every city-level unit not yet a zone (the candidates page's universe)."""
    return candidates.universe(gaz=data.gaz(), zones=data.table("pilot_zones"), macro=data.table("macro_regions"),
                               members=data.table("strategy_members"))[["adcode", "short_zh", "name_en"]]


def _ask_for_pack() -> None:
    st.session_state["briefing_pack_asked"] = True


lang = frame.current_lang()
with frame.guard(lang):
    export.warm()  # the renderer's browser starts while the reader looks at the page
    stamp = _stamp()
    st.title(t("briefing.page_title", lang))
    st.caption(t("briefing.page_intro", lang))

    default_day = briefing.default_as_of()
    # two rows: at 1366 px one row of four cut the third format and the greyscale label short
    c1, c2 = st.columns([3, 2])
    c4, c3 = st.columns([3, 2], vertical_alignment="bottom")
    preset = url_widget(c1.segmented_control, t("briefing.preset", lang), key="preset", default="slide",
                        options=tuple(export.PRESETS), format_func=lambda k: t(f"briefing.preset.{k}", lang), required=True)
    out_lang = url_widget(c2.segmented_control, t("briefing.export_lang", lang), key="out", default=lang, options=LANGS,
                          format_func=frame.LANG_LABELS.get, required=True)
    grey = url_widget(c3.toggle, t("briefing.greyscale", lang), key="grey", default=False,
                      parse=lambda s: s == "1", fmt=lambda v: "1" if v else "0")
    as_of = url_widget(c4.date_input, t("briefing.as_of_date", lang), key="as_of", default=default_day, parse=parse_date,
                       fmt=lambda d: d.isoformat(), min_value=date(2019, 1, 1), max_value=default_day,
                       format="YYYY-MM-DD")
    preset = preset or "slide"
    out_lang = out_lang or lang
    guard_downloads(t("briefing.as_of_date", lang), as_of, t("briefing.stale", lang))

    cands = _candidates(stamp)
    labels = {a: str(pick(z, e, lang)) for a, z, e in zip(cands["adcode"], cands["short_zh"], cands["name_en"])}
    picks = url_widget(st.multiselect, t("briefing.fig.scenario", lang), key="scenario", default=[],
                       options=tuple(sorted(labels, key=lambda a: labels[a])), multi=True,
                       format_func=lambda a: labels.get(a, a), max_selections=10)
    picks = tuple(picks or ())

    why = briefing.available()
    keys = [k for k in briefing.FIGURES if not why[k] and (k != "scenario" or picks)]
    fig_key = url_widget(st.selectbox, t("briefing.figure", lang), key="figure", default=keys[0], options=tuple(keys),
                         format_func=lambda k: t(f"briefing.fig.{k}", lang))
    missing = [k for k in briefing.FIGURES if why[k]]
    if missing:
        st.caption(t("briefing.unavailable", lang, why="; ".join(f"{t(f'briefing.fig.{k}', lang)} ({why[k]})" for k in missing)))

    try:
        f = _figure(fig_key, out_lang, as_of, picks, stamp)
        with st.spinner(t("briefing.preview", lang)):
            png = _file(fig_key, out_lang, as_of, picks, preset, grey, "png", stamp)
        st.image(png, caption=f.alt_text, width="stretch")
        spec = f.spec(briefing.deck_spec(out_lang, as_of, preset, grey, [f]))
        cols = st.columns(len(FORMATS))
        for col, fmt in zip(cols, FORMATS):
            col.download_button(
                t("briefing.download", lang, fmt=fmt.upper(), date=as_of.isoformat()),
                data=(lambda fmt=fmt: _file(fig_key, out_lang, as_of, picks, preset, grey, fmt, stamp)),
                file_name=export.filename(spec, fig_key, fmt), mime=MIME[fmt], key=f"dl_{fmt}", on_click="ignore",
                width="stretch",
            )
    except export.ExportError as e:
        st.error(t("briefing.export_failed", lang, why=frame._plain(str(e))))

    st.divider()
    st.subheader(t("briefing.pack_header", lang))
    st.caption(t("briefing.pack_intro", lang))
    # A callback, not the button's return value: it survives a rerun that happens before the body runs.
    st.button(t("briefing.build_pack", lang), type="primary", key="build_pack", on_click=_ask_for_pack)
    if st.session_state.pop("briefing_pack_asked", False):
        with frame.progress_status(
                t("briefing.build_pack", lang), t("briefing.pack_done", lang),
                lambda k: t("briefing.pack_render", lang) if k == "render" else t(f"briefing.fig.{k}", lang),
                lambda **kw: t("briefing.pack_step", lang, **kw)) as step:
            st.session_state["briefing_pack"] = (_pack(out_lang, as_of, picks, preset, grey, stamp, step),
                                                 (out_lang, as_of, picks, preset, grey))
    got = st.session_state.get("briefing_pack")
    if got and got[1] == (out_lang, as_of, picks, preset, grey):
        pack = got[0]
        st.success(t("briefing.pack_ready", lang, n=len(pack.figures)))
        for note in pack.notes:
            st.caption(frame._plain(note))
        base = f"aizone_briefing_{as_of.isoformat()}_{out_lang}{'_grey' if grey else ''}_{preset}"
        d1, d2 = st.columns(2)
        d1.download_button(t("briefing.pack_pptx", lang, date=as_of.isoformat()), data=pack.pptx, file_name=base + ".pptx", mime=MIME["pptx"],
                           key="pack_pptx", on_click="ignore", width="stretch")
        d2.download_button(t("briefing.pack_pdf", lang, date=as_of.isoformat()), data=pack.pdf, file_name=base + ".pdf", mime=MIME["pdf"],
                           key="pack_pdf", on_click="ignore", width="stretch")
    st.caption(t("briefing.print_hint", lang))

frame.footer(data.origins("pilot_zones", "boundaries", "gazetteer"), lang)
