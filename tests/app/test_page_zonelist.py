"""The zone list on the overview and progress pages: follows the date, filters by strategy and region, in the URL."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from aizone import zones
from apptest import run_page

Z = zones.load()


def url(at: AppTest, key: str) -> list[str]:
    if key not in at.query_params:
        return []
    v = at.query_params[key]
    return [v] if isinstance(v, str) else list(v)


def answer(at: AppTest) -> str:
    return at.info[-1].value


def listed(at: AppTest) -> list[str]:
    return at.dataframe[-1].value.iloc[:, 0].tolist()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_list_follows_the_date(lang):
    """At 2020-12-31 the headline said 13 and the table listed all 18 (issue 15, item 6)."""
    at = run_page("pages/overview.py", lang, as_of="2020-12-31")
    metric = next(m.value for m in at.metric if m.label == ("已批复试验区" if lang == "zh" else "Zones approved"))
    assert metric == "13" and len(listed(at)) == 13
    assert ("已批复 13 个" if lang == "zh" else "13 approved") in answer(at)
    assert listed(at)[0] == ("北京市" if lang == "zh" else "Beijing")
    at.slider(key="as_of").set_value(date(2021, 12, 31)).run()
    assert len(listed(at)) == 18 and ("已批复 18 个" if lang == "zh" else "18 approved") in answer(at)


def test_strategy_and_region_filters_go_to_the_url():
    at = run_page("pages/overview.py", "zh", as_of="2021-06-30")
    at.selectbox(key="list_strategy").set_value("YRD").run()
    assert url(at, "list_strategy") == ["YRD"]
    assert answer(at) == "截至 2021-06-30，长三角：已批复 5 个（上海、德清、杭州、合肥、苏州）。"
    assert listed(at) == ["上海市", "德清县", "杭州市", "合肥市", "苏州市"]
    at.selectbox(key="list_region").set_value("central").run()
    assert url(at, "list_region") == ["central"] and listed(at) == ["合肥市"]
    at.selectbox(key="list_strategy").set_value("").run()
    assert url(at, "list_strategy") == [], "the default is left out of the URL"
    assert listed(at) == ["合肥市", "武汉市", "长沙市", "郑州市"]


def test_a_link_reopens_the_same_list_on_the_progress_page():
    at = run_page("pages/progress.py", "en", as_of="2021-06-30", list_region="northeast", list_later="1")
    assert at.selectbox(key="list_region").value == "northeast" and at.toggle(key="list_later").value is True
    assert answer(at).startswith("By 2021-06-30, Northeast: none approved yet; 1 more possibly approved (Shenyang")
    status = dict(zip(listed(at), at.dataframe[-1].value.iloc[:, 1]))
    assert status == {"Shenyang": "possibly approved (within its date window)", "Harbin": "not yet"}
    at.toggle(key="list_later").set_value(False).run()
    assert listed(at) == ["Shenyang"] and url(at, "list_later") == []


def test_no_zone_in_the_area_says_so():
    at = run_page("pages/overview.py", "en", list_strategy="GBA", list_region="west")
    assert answer(at).endswith("Greater Bay Area, West: none approved yet.")
    assert any(c.value == "No zone in this area." for c in at.caption)


@pytest.mark.parametrize("params", [{"list_strategy": "<script>"}, {"list_region": "south"}, {"list_later": "yes"}])
def test_bad_filter_values_fall_back(params):
    at = run_page("pages/overview.py", "en", **params)
    assert len(listed(at)) == len(Z)
    assert all(k not in at.query_params for k in params)
