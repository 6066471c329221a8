"""Widgets whose state lives in the URL as codes, so a copied link reopens the same view in any language.

Streamlit's ``bind="query-params"`` writes the *formatted label* of a selection widget into the URL (so a
Chinese link would say 京津冀 and fail for an English reader); here the URL holds option codes
(``?lang=en&strategies=JJJ&strategies=GBA``), values from the URL are checked against the options, and
anything invalid is dropped silently back to the default (the pure part is ``aizone.urlparams``).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import streamlit as st

from aizone import urlparams
from aizone.i18n import t

# Streamlit's own placeholders are English ("Choose an option"); every selection widget gets the reader's.
PLACEHOLDERS = {"selectbox": "common.choose_one", "multiselect": "common.choose_many"}


def _from_url(key: str, options: Sequence[Any] | None, default: Any, multi: bool, parse: Callable[[str], Any] | None):
    raw = st.query_params.get_all(key) if key in st.query_params else None
    return urlparams.from_values(raw, options, default, multi, parse)


def _to_url(key: str, value: Any, default: Any, fmt: Callable[[Any], str] | None, keep_default: bool = False) -> None:
    f = fmt or str
    if (value == default and not keep_default) or value is None or value == []:
        if key in st.query_params:
            del st.query_params[key]
        return
    new = [f(v) for v in value] if isinstance(value, (list, tuple)) else f(value)
    current = st.query_params.get_all(key)
    if (new if isinstance(new, list) else [new]) != current:
        st.query_params[key] = new


def url_widget(widget: Callable, label: str, *, key: str, default: Any, options: Sequence[Any] | None = None,
               multi: bool = False, parse: Callable[[str], Any] | None = None, fmt: Callable[[Any], str] | None = None,
               persist: bool = False, keep_default: bool = False, **kwargs) -> Any:
    """Render ``widget`` with its initial value taken from the URL and its changes written back as codes.

    ``persist`` keeps the value across page switches (the language): Streamlit clears the URL on a page
    switch and resets a session-state-seeded widget, so the value is kept in a shadow key and re-seeded
    before the widget is drawn on every run.

    ``keep_default`` writes the value even when it equals the default: for a default that depends on other
    state (the top of a filtered ranking), leaving it out would make the link open something else.
    """
    shadow = f"_persist_{key}"
    if persist:
        if shadow not in st.session_state:
            st.session_state[shadow] = _from_url(key, options, default, multi, parse)
        st.session_state[key] = st.session_state[shadow]

        def keep() -> None:
            st.session_state[shadow] = st.session_state[key]

        kwargs["on_change"] = keep
    elif key not in st.session_state:
        st.session_state[key] = _from_url(key, options, default, multi, parse)
    if options is not None:
        kwargs["options"] = list(options)
    kwargs.setdefault("placeholder", placeholder(widget))
    if kwargs["placeholder"] is None:
        del kwargs["placeholder"]
    value = widget(label, key=key, **kwargs)
    _to_url(key, value, default, fmt, keep_default)
    return value


def placeholder(widget: Callable) -> str | None:
    """The reader's-language placeholder for a selectbox or multiselect (None for other widgets)."""
    key = PLACEHOLDERS.get(getattr(widget, "__name__", ""))
    return t(key, st.session_state.get("lang", "")) if key else None


parse_date = urlparams.parse_date
