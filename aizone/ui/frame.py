"""Page frame shared by every page: language, safe error display, source footer.

A broken data file must give a clear message naming the file and the problem, never a traceback, and
must not take the other pages down; ``guard`` is how each page runs its body.
"""

from __future__ import annotations

import contextlib
from typing import Iterable, Iterator

import streamlit as st

from aizone import provenance
from aizone.config import DEFAULT_LANG, LANGS
from aizone.i18n import t
from aizone.schemas import DataError
from aizone.ui.urlstate import url_widget

LANG_LABELS = {"zh": "中文", "en": "English"}

# Errors that mean "the data is wrong", as opposed to a bug: shown as a message, not a traceback.
DATA_ERRORS: tuple[type[BaseException], ...] = (DataError, provenance.ProvenanceError, FileNotFoundError, OSError, ValueError)


def language() -> str:
    """The language toggle lives in the sidebar on every page and in the URL (?lang=en)."""
    lang = url_widget(st.sidebar.segmented_control, "语言 / Language", key="lang", default=DEFAULT_LANG,
                      options=LANGS, format_func=LANG_LABELS.get, required=True)
    return lang if lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


@contextlib.contextmanager
def guard(lang: str) -> Iterator[None]:
    """Run a page body; a data problem becomes a readable error box naming the file, row and column."""
    try:
        yield
    except DATA_ERRORS as e:  # noqa: PERF203
        st.error(f"**{t('error.data_title', lang)}**\n\n{plain(str(e))}\n\n{t('error.data_hint', lang)}", icon="⚠️")


def plain(text: str) -> str:
    """Show messages literally: a file name or cell text must never become markdown or HTML."""
    for ch in "\\`*_{}[]()#+-.!|<>$~":
        text = text.replace(ch, "\\" + ch)
    return text


def footer(origins: Iterable[provenance.Origin], lang: str) -> None:
    origins = list(origins)
    if not origins:
        return
    st.divider()
    st.caption(plain(provenance.citation(origins, lang)))
    st.caption(t("footer.note", lang))


_plain = plain  # older name
