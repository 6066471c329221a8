"""Chinese-first, complete English: every user-facing string lives in ``aizone/locales/<area>.json``.

Each file maps a key to ``{"zh": ..., "en": ...}``; keys are namespaced by area (``overview.title``) so
pages can add their own file without touching others. A test fails if any key lacks either language.
"""

from __future__ import annotations

import json
from functools import lru_cache

from aizone.config import DEFAULT_LANG, LANGS, LOCALES


class MissingTranslation(KeyError):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for f in sorted(LOCALES.glob("*.json")):
        entries = json.loads(f.read_text(encoding="utf-8"))
        for key, value in entries.items():
            if key in merged:
                raise ValueError(f"{f.name}: key {key!r} is defined twice")
            merged[key] = value
    return merged


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **kwargs) -> str:
    """Translate ``key``; ``kwargs`` fill ``{placeholders}``. An unknown key raises so gaps show in tests."""
    entry = catalogue().get(key)
    if entry is None:
        raise MissingTranslation(key)
    text = entry[normalise_lang(lang)]
    return text.format(**kwargs) if kwargs else text


def pick(zh: object, en: object, lang: str) -> object:
    """Choose between a row's Chinese and English columns; falls back to Chinese when English is empty."""
    if normalise_lang(lang) == "en" and en is not None and str(en).strip() and str(en) != "<NA>":
        return en
    return zh


def missing_keys() -> list[str]:
    return [k for k, v in catalogue().items() if any(not str(v.get(l, "")).strip() for l in LANGS)]
