"""Progress page and the overview's time travel under AppTest, in both languages, with dates preset in the URL."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aizone import progress, provenance, tables, zones
from apptest import live_map, run_page

ROOT = Path(__file__).resolve().parents[2]
Z = zones.load()
DEFAULT = progress.clamp(pd.Timestamp(provenance.read_sidecar(tables.path("pilot_zones")).accessed).date(),
                         progress.timeline_start(Z), date.today())


def run(page: str, lang: str, **params) -> AppTest:
    return run_page(page, lang, **params)


def url(at: AppTest, key: str) -> list[str]:
    v = at.query_params[key]
    return [v] if isinstance(v, str) else list(v)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def box(at: AppTest):
    """The date box beside the slider (a new widget for every date: its key names the date)."""
    return next(d for d in at.date_input if (d.key or "").startswith("as_of__box_"))


def presets(at: AppTest):
    return next(b for b in at.button_group if (b.key or "").startswith("as_of__preset_"))


def zone_trace(at: AppTest) -> dict:
    """The zones' markers on the overview's map."""
    _, fig = live_map(at)
    return next(tr for tr in fig["data"] if tr.get("legendgroup") == "zones")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_default_states_the_outcome(lang):
    at = run("pages/progress.py", lang)
    assert at.slider(key="as_of").value == DEFAULT
    statement = at.info[0].value
    assert "18" in statement and "90%" in statement and "2021-12" in statement and "2023-12-31" in statement
    m = metrics(at)
    certain = "已确定批复" if lang == "zh" else "Certainly approved"
    assert m[certain] == "18"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(a["text"].startswith("<b>2019") for a in chart["layout"]["annotations"])
    table = at.dataframe[-1].value
    assert len(table) == 18
    dates = table.iloc[:, 2].tolist()
    assert any(("仅知年份" if lang == "zh" else "year only") in d for d in dates)
    assert any(("复函日期" if lang == "zh" else "letter date") in d for d in dates)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_as_of_from_url(lang):
    at = run("pages/progress.py", lang, as_of="2020-06-30")
    assert at.slider(key="as_of").value == date(2020, 6, 30)
    assert url(at, "as_of") == ["2020-06-30"]
    certain = "已确定批复" if lang == "zh" else "Certainly approved"
    assert metrics(at)[certain] == str(progress.counts_on(Z, date(2020, 6, 30)).certain) == "11"
    assert "2020-06-30" in at.subheader[0].value and "11" in at.subheader[0].value
    status = at.dataframe[-1].value.iloc[:, 1]
    assert (status == ("已批复" if lang == "zh" else "approved")).sum() == 11


def test_progress_uncertain_zones_are_counted_apart():
    at = run("pages/progress.py", "en", as_of="2020-03-08")
    m = metrics(at)
    assert (m["Certainly approved"], m["Including possible"]) == ("7", "11")
    assert any("4 more" in c.value for c in at.caption)


@pytest.mark.parametrize("bad", ["garbage", "2020-02-30", ""])
def test_bad_url_dates_fall_back_to_default(bad):
    at = run("pages/progress.py", "en", as_of=bad)
    assert at.slider(key="as_of").value == DEFAULT
    assert "as_of" not in at.query_params, "an invalid date is dropped from the URL"


def test_out_of_range_url_dates_are_clamped():
    at = run("pages/progress.py", "zh", as_of="1990-01-01")
    assert at.slider(key="as_of").value == progress.timeline_start(Z) == date(2019, 1, 1)
    assert metrics(at)["已确定批复"] == "0"
    at = run("pages/progress.py", "zh", as_of="2099-01-01")
    assert at.slider(key="as_of").value == zones.data_date() <= date.today(), "never past the data's date"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_follows_the_date(lang):
    at = run("pages/overview.py", lang, as_of="2020-06-30")
    hl = zones.headline(Z, date(2020, 6, 30))
    zones_label = "已批复试验区" if lang == "zh" else "Zones approved"
    assert metrics(at)[zones_label] == str(hl.approved) == "11"
    assert len(zone_trace(at)["lon"]) == 11


def test_overview_uncertain_zones_are_hollow():
    at = run("pages/overview.py", "en", as_of="2020-03-08")
    assert metrics(at)["Zones approved"] == "7"
    assert metrics(at)["Latest approval"] == "2019", "the last certain approval is known only to the year"
    assert any("4 more" in c.value for c in at.caption)
    symbols = zone_trace(at)["marker"]["symbol"]
    assert len(symbols) == 11 and symbols.count("circle-open") == 4


def test_overview_garbage_date_is_default():
    at = run("pages/overview.py", "zh", as_of="garbage")
    assert at.slider(key="as_of").value == DEFAULT
    assert metrics(at)["已批复试验区"] == "18"


def test_moving_the_slider_updates_url_and_headline():
    at = run("pages/overview.py", "en")
    at.slider(key="as_of").set_value(date(2019, 12, 31)).run()
    assert url(at, "as_of") == ["2019-12-31"]
    assert metrics(at)["Zones approved"] == "7"


def test_play_button_starts_from_the_beginning_and_pauses():
    at = run("pages/progress.py", "en", as_of=date.today().isoformat())  # the end of the range
    at.button(key="as_of__btn").click().run()
    assert at.session_state["as_of__playing"] is True
    assert at.slider(key="as_of").value == date(2019, 1, 1), "at the end, play restarts from the first date"
    assert at.button(key="as_of__btn").label == "⏸"
    at.button(key="as_of__btn").click().run()
    assert at.session_state["as_of__playing"] is False
    assert at.button(key="as_of__btn").label == "▶"


def test_moving_the_slider_stops_play():
    at = run("pages/progress.py", "en", as_of="2020-01-01")
    at.button(key="as_of__btn").click().run()
    assert at.session_state["as_of__playing"] is True
    assert at.slider(key="as_of").value == date(2020, 1, 1), "mid-range, play continues from the current date"
    at.slider(key="as_of").set_value(date(2020, 9, 3)).run()
    assert at.session_state["as_of__playing"] is False


def test_presets_set_the_date_and_show_which_one_is_chosen():
    at = run("pages/progress.py", "en", as_of="2020-06-30")
    assert presets(at).value is None, "no preset is lit for a date that is none of them"
    labels = [o.content for o in presets(at).proto.options]
    assert labels[:2] == ["End 2019", "End 2020"] and "Target 2023-12-31" in labels
    assert labels[-1] == f"Latest data {zones.data_date().isoformat()}"
    presets(at).set_value(date(2020, 12, 31)).run()
    assert at.slider(key="as_of").value == date(2020, 12, 31) and url(at, "as_of") == ["2020-12-31"]
    assert metrics(at)["Certainly approved"] == "13"
    assert box(at).value == date(2020, 12, 31)
    at.slider(key="as_of").set_value(date(2023, 12, 31)).run()
    assert presets(at).value == date(2023, 12, 31), "the target date is lit"


def test_the_date_box_sets_the_date_and_follows_the_slider():
    at = run("pages/overview.py", "zh", as_of="2020-06-30")
    assert box(at).value == date(2020, 6, 30)
    box(at).set_value(date(2021, 3, 24)).run()
    assert at.slider(key="as_of").value == date(2021, 3, 24) and url(at, "as_of") == ["2021-03-24"]
    assert metrics(at)["已批复试验区"] == "15"
    at.slider(key="as_of").set_value(date(2019, 12, 31)).run()
    assert box(at).value == date(2019, 12, 31)
    assert box(at).max == zones.data_date()


def test_a_preset_stops_play():
    at = run("pages/progress.py", "en", as_of="2020-01-01")
    at.button(key="as_of__btn").click().run()
    assert at.session_state["as_of__playing"] is True
    presets(at).set_value(date(2021, 12, 31)).run()
    assert at.session_state["as_of__playing"] is False and at.slider(key="as_of").value == date(2021, 12, 31)
