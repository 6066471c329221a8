"""The balance page in both languages, on today's data and on past dates taken from the URL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aizone import balance, rounding, tables, zones
from aizone.i18n import t

ROOT = Path(__file__).resolve().parents[2]
DATA_DATE = pd.Timestamp(tables.origin("pilot_zones").accessed).date()


def _run(lang: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/balance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _metric(at: AppTest, key: str, lang: str) -> str:
    return next(m.value for m in at.metric if m.label == t(key, lang))


def _expected(when: date) -> balance.Balance:
    return balance.on_date(zones.load(), when, balance.Inputs.load())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_today(lang):
    at = _run(lang)
    b = _expected(DATA_DATE)
    assert at.title[0].value == t("balance.title", lang)
    assert _metric(at, "balance.metric_zones", lang) == str(b.total)
    assert _metric(at, "balance.metric_gini", lang) == rounding.text(b.by_province.gini, "index")
    body = "\n".join(m.value for m in at.markdown)
    for sentence in balance.takeaways(b, lang):
        assert sentence.split("：")[0].split(":")[0][:8] in body
    charts = at.get("plotly_chart")
    assert len(charts) == 5
    map_chart = next(c for c in charts if "topojsonURL" in (c.proto.config or ""))
    assert json.loads(map_chart.proto.config)["topojsonURL"] == "app/static/"
    spec = json.loads(map_chart.proto.spec)
    assert any(tr.get("type") == "choropleth" and tr.get("colorbar", {}).get("title", {}).get("text")
               == t("balance.measure.per_100m", lang) for tr in spec["data"])
    assert len(at.get("download_button")) >= 6  # a CSV per table and the XLSX with sources
    assert len(at.latex) == 4  # gap/rate, Gini, Theil, HHI formulas in the methods section
    assert at.dataframe[0].value.columns[0] == t("balance.col_macro", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_on_a_past_date_from_the_url(lang):
    at = _run(lang, as_of="2020-06-30")
    past, now = _expected(date(2020, 6, 30)), _expected(DATA_DATE)
    shown = int(_metric(at, "balance.metric_zones", lang))
    assert shown == past.total < now.total
    assert _as_of_widget(at).value == date(2020, 6, 30)


def _as_of_widget(at: AppTest):
    """The shared time-travel slider when it exists, else the page's own date box; both on key "as_of"."""
    return next(w for w in list(at.slider) + list(at.date_input) if w.key == "as_of")


def test_unreadable_date_falls_back_to_the_data_date():
    at = _run("en", as_of="yesterday")
    assert _as_of_widget(at).value == DATA_DATE
    assert _metric(at, "balance.metric_zones", "en") == str(_expected(DATA_DATE).total)


@pytest.mark.parametrize("bad", ["2030-01-01", "2018-12-31"])
def test_out_of_range_dates_stay_in_range(bad):
    at = _run("en", as_of=bad)
    value = _as_of_widget(at).value
    assert date(2019, 1, 1) <= value <= max(date.today(), DATA_DATE)
    assert _metric(at, "balance.metric_zones", "en") == str(_expected(value).total)


def test_before_the_first_zone_the_page_says_so():
    at = _run("zh", as_of="2019-01-02")
    assert _metric(at, "balance.metric_zones", "zh") == "0"
    assert any(i.value == t("balance.no_indices", "zh") for i in at.info)
    assert not at.get("plotly_chart")


def test_measure_from_the_url_and_candidate_table():
    at = _run("en", measure="gap_pp")
    spec = json.loads(next(c for c in at.get("plotly_chart") if "topojsonURL" in (c.proto.config or "")).proto.spec)
    assert any(tr.get("colorbar", {}).get("title", {}).get("text") == t("balance.measure.gap_pp", "en") for tr in spec["data"])
    n_tables = len(at.dataframe)
    at.session_state["balance_candidates"] = True  # open the lazy expander
    at.session_state["lang"] = "en"  # AppTest loses the sidebar language on a rerun; a browser keeps it
    at.run()
    assert not at.exception
    assert len(at.dataframe) == n_tables + 1
    cand = at.dataframe[-1].value
    assert cand.columns[0] == t("balance.col_city", "en") and len(cand) > 300
    assert not set(cand[t("balance.col_adcode", "en")]) & set(zones.load()["adcode"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_values_read_as_a_dash_not_none(lang):
    """The strategy table has gaps (Chengdu-Chongqing's population, the "any"/"none" rows): st.dataframe
    draws a gap as a literal "None" unless told otherwise (issue 15, item 3)."""
    at = _run(lang)
    frames = at.dataframe
    assert len(frames) >= 4
    assert all(f.proto.placeholder == "—" for f in frames), [f.proto.placeholder for f in frames]
