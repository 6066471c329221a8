"""Reading view state from URL query parameters, without Streamlit, so it can be tested on hostile input.

A link is input from anyone: a value that does not parse, is not one of the widget's options, is longer
than any real value, or repeats beyond reason is dropped silently and the widget falls back to its
default (a link is not a form, there is nobody to show a message to, and the page must still open).
``aizone.ui.urlstate`` applies this to ``st.query_params``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Sequence

MAX_VALUE_CHARS = 200  # longer than any code, date or number the pages put in a URL
MAX_VALUES = 64  # repeats of one parameter beyond this are ignored
PARSE_ERRORS = (ValueError, TypeError, OverflowError)


def from_values(raw: Sequence[str] | None, options: Sequence[Any] | None, default: Any, multi: bool = False,
                parse: Callable[[str], Any] | None = None) -> Any:
    """The widget value for the raw strings one URL key carried (``None``: key absent).

    Valid values keep their order (duplicates dropped) for a multi-select; a single-value widget takes the
    first valid one. Anything else falls back to ``default``.
    """
    if raw is None:
        return default
    vals = []
    for r in list(raw)[:MAX_VALUES]:
        if not isinstance(r, str) or len(r) > MAX_VALUE_CHARS:
            continue
        try:
            v = parse(r) if parse else r
        except PARSE_ERRORS:
            continue
        try:
            allowed = options is None or v in options
        except TypeError:  # an unhashable parse result against a set of options
            allowed = False
        if allowed:
            vals.append(v)
    if multi:
        out = []
        for v in vals:
            if v not in out:
                out.append(v)
        return out
    return vals[0] if vals else default


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (anything after the tenth character ignored); raises ValueError otherwise."""
    return date.fromisoformat(str(text)[:10])
