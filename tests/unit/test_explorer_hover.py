"""aizone.explorer.hover: escaped marker text and the terse city hover built from one date's statuses."""

from __future__ import annotations

from datetime import date

import pytest

from aizone import explorer
from aizone.explorer import hover
from aizone.explorer.layers import row_status
from aizone.i18n import t


@pytest.fixture(scope="module")
def tb() -> explorer.Tables:
    return explorer.load_tables()


def test_data_text_never_becomes_markup():
    assert hover.esc("<b>R&D</b>") == "&lt;b&gt;R&amp;D&lt;/b&gt;"
    r = {"name_zh": "<script>", "name_en": "<script>", "date": None, "confidence": "confirmed"}
    text = hover.miit_marker(r, "en")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Unknown" in text  # a missing date says so


def test_city_facts_follow_the_status_handed_down(tb):
    early, late = date(2018, 12, 31), date(2030, 1, 1)  # the first windows open on 2019-01-01
    before = hover.city_facts(tb, row_status(tb, early)).set_index("adcode")
    after = hover.city_facts(tb, row_status(tb, late)).set_index("adcode")
    assert before["zone"].isna().all()  # no zone before the first approval
    assert after.loc["330500", "zone"] == ("330521", "approved")  # Deqing's zone is named on Huzhou
    # hubs are undated: on every date
    hub_city = explorer.city_of(tb.hub_rows["adcode"].iloc[0], tb)
    assert "hubs" in before.loc[hub_city, "programmes"] and "hubs" in after.loc[hub_city, "programmes"]


def test_city_hover_omits_absent_facts_and_zero_counts(tb):
    on = date(2030, 1, 1)
    facts = hover.city_facts(tb, row_status(tb, on))
    ind = explorer.indicator(tb, "zones", "city", on)
    text = hover.city_hover(tb, facts, "en", ind)
    assert len(text) == len(tb.city_list)
    label = t("explorer.hover_ind.zones", "en")
    zero = next(c for c, v in ind.values.items() if v == 0)
    assert label in text["330100"] and label not in text[zero]  # the colour already says 0
    assert "<b>" not in "".join(text.values())  # terse: no bold in the city hover
