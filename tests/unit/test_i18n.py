import json

import pytest

from aizone import i18n
from aizone.config import LOCALES


def test_every_key_has_both_languages():
    assert i18n.missing_keys() == []
    assert len(i18n.catalogue()) > 50


def test_placeholders_match_between_languages():
    import string

    for key, v in i18n.catalogue().items():
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(v[lang]) if f} for lang in ("zh", "en")}
        assert fields["zh"] == fields["en"], key


def test_unknown_key_raises_and_lang_falls_back():
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("no.such.key", "zh")
    assert i18n.t("nav.overview", "fr") == i18n.t("nav.overview", "zh")
    assert i18n.t("nav.overview", "en") == "National overview"


def test_locale_files_are_valid_json_with_namespaced_keys():
    for f in LOCALES.glob("*.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        assert all("." in k for k in data), f.name


def test_pick_prefers_english_only_when_present():
    assert i18n.pick("北京", "Beijing", "en") == "Beijing"
    assert i18n.pick("北京", "", "en") == "北京"
    assert i18n.pick("北京", None, "en") == "北京"
    assert i18n.pick("北京", "Beijing", "zh") == "北京"
