"""Page frame shared by every page: language, safe error display, source footer.

A broken data file must give a clear message naming the file and the problem, never a traceback, and
must not take the other pages down; ``guard`` is how each page runs its body.
"""

from __future__ import annotations

import contextlib
import re
from typing import Callable, Iterable, Iterator

import streamlit as st

from aizone import config, integrity, provenance
from aizone.config import DEFAULT_LANG, LANGS
from aizone.i18n import t
from aizone.schemas import DataError
from aizone.ui.urlstate import url_widget

LANG_LABELS = {"zh": "中文", "en": "English"}
# How every table shows a missing value: st.dataframe would otherwise draw a literal "None".
MISSING = "—"

# Errors that mean "the data is wrong", as opposed to a bug: shown as a message, not a traceback.
DATA_ERRORS: tuple[type[BaseException], ...] = (DataError, provenance.ProvenanceError, FileNotFoundError, OSError, ValueError)


def language() -> str:
    """The language toggle lives in the sidebar on every page and in the URL (?lang=en)."""
    lang = url_widget(st.sidebar.segmented_control, "语言 / Language", key="lang", default=DEFAULT_LANG,
                      options=LANGS, format_func=LANG_LABELS.get, required=True, persist=True)
    return lang if lang in LANGS else DEFAULT_LANG


_ENTERED = "_aizone_entry_script_ran"  # set by app.py in every session it runs in
_RETRIED = "_aizone_entry_script_retried"  # this session has already rerun once for want of the mark


def entered() -> None:
    """app.py's mark that this session's runs go through it (navigation, language, page config)."""
    st.session_state[_ENTERED] = True


def _ensure_entry_script() -> None:
    """A deep link on a freshly started server must still run app.py.

    With a ``pages/`` folder beside the entry script, Streamlit starts in its legacy mode and runs a
    requested page file directly until the first ``st.navigation`` call anywhere in the process. A page run
    that finds the process in that mode switches it to ``st.navigation`` mode and reruns, so app.py routes
    to the same URL. That check alone is process-wide: when several deep links arrive together on a cold
    server, the first switches the process while the others are already running their page files in the
    legacy mode, and they went through in Chinese with Streamlit's file-name navigation. So a session
    where app.py has never run (no mark) reruns as well.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:  # the process is still in the legacy mode: leave it, run app.py
        PagesManager.uses_pages_directory = False
        st.rerun()
    if not st.session_state.get(_ENTERED) and not st.session_state.get(_RETRIED):
        # started in the legacy mode before another session left it; one rerun at most, so that a page
        # file run on its own (a test harness) cannot loop
        st.session_state[_RETRIED] = True
        st.rerun()


def current_lang() -> str:
    _ensure_entry_script()
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


@contextlib.contextmanager
def guard(lang: str) -> Iterator[None]:
    """Run a page body; a data problem becomes a readable error box naming the file, row and column.

    Any other exception is a bug unless a shipped file no longer matches its provenance record: then that
    file is named (a hand-edited table or a damaged GeoParquet breaks code far from the loader, as a
    KeyError or a pyarrow error). With intact data the exception propagates, so bugs still show in tests.
    After the message the run stops: the rest of the page (its source footer too) reads the same files.
    A body that ran cleanly is followed by a check of the provenance sidecars, because pages build their
    source footer after the guarded body: a broken sidecar stops the run there with a warning naming it.
    """
    try:
        yield
    except DATA_ERRORS as e:  # noqa: PERF203
        message = _data_text(str(e))
        suspects = integrity.damaged()
        if suspects and not any(s.split(" (")[0].rsplit("/", 1)[-1] in message for s in suspects):
            # e.g. "adcode 990100 is not in the gazetteer": the code came from an edited table; say which
            message += "\n\n" + t("reliability.suspects", lang, files="; ".join(suspects[:5]))
        _stop_with(message, lang)
    except Exception as e:  # noqa: BLE001 — re-raised below unless the data is damaged
        suspects = integrity.damaged()
        if not suspects:
            raise
        detail = f"{type(e).__name__}: {_data_text(str(e))[:300]}"
        _stop_with(t("reliability.damaged", lang, error=detail, files="; ".join(suspects[:5])), lang)
    else:
        broken = integrity.sidecar_problems()
        if broken:
            st.warning(plain(t("reliability.sidecars", lang, problems="; ".join(broken[:5]))), icon="⚠️")
            st.stop()


@contextlib.contextmanager
def progress_status(label: str, done_label: str, describe: Callable[[str], str], step_text: Callable[..., str]
                    ) -> Iterator[Callable[[int, int, str], None]]:
    """An ``st.status`` box with a progress bar for a long job; yields the ``on_progress(done, total, step)``
    callback the job reports to (``describe`` names a step, ``step_text`` formats done/total/step)."""
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0)

        def on_progress(done: int, total: int, step: str) -> None:
            bar.progress(min(done / total, 1.0), text=step_text(done=done, total=total, step=describe(step)))

        yield on_progress
        status.update(label=done_label, state="complete", expanded=False)


def _data_text(text: str) -> str:
    """Paths relative to the data directory: the message names the file without showing the server's layout."""
    for root in {str(config.DATA.resolve()), str(config.DATA)}:
        text = text.replace(root + "/", "data/").replace(root, "data")
    return text


def _stop_with(message: str, lang: str) -> None:
    st.error(f"**{t('error.data_title', lang)}**\n\n{plain(message)}\n\n{t('error.data_hint', lang)}", icon="⚠️")
    st.stop()


def plain(text: str) -> str:
    """Show messages literally: a file name or cell text must never become markdown or HTML."""
    for ch in "\\`*_{}[]()#+-.!|<>$~":
        text = text.replace(ch, "\\" + ch)
    return text


_URL = re.compile(r"^https?://\S+$")


def link(url: str, label: str) -> str:
    """A markdown link to a source, or "" when ``url`` is not a plain http(s) URL (a cell could hold anything;
    its parentheses are escaped so they cannot end the link early)."""
    if not url or not _URL.match(url):
        return ""
    safe = url.replace("(", "%28").replace(")", "%29")
    return f"[{label}]({safe})"


def footer(origins: Iterable[provenance.Origin], lang: str) -> None:
    origins = list(origins)
    if not origins:
        return
    st.divider()
    st.caption(plain(provenance.citation(origins, lang)))
    st.caption(t("footer.note", lang))


_plain = plain  # older name
