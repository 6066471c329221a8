"""The candidates page's county section under AppTest: the county paragraph's candidates with their evidence,
how little is known said plainly, and the user's county rows shown there (not merged into the cities)."""

from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from apptest import run_page

PAGE = "pages/candidates.py"


@pytest.fixture(autouse=True)
def _no_legacy_pages_rerun(monkeypatch):
    from aizone.ui import frame

    monkeypatch.setattr(frame, "_ensure_entry_script", lambda: None, raising=False)


def run(lang: str, session: dict | None = None) -> AppTest:
    return run_page(PAGE, lang, session=session, timeout=180)


def county_table(at: AppTest):
    return next(d.value for d in at.dataframe if "区县" in d.value.columns or "County" in d.value.columns)


@pytest.mark.parametrize("lang,head,scarce,deqing", [
    ("zh", "县域", "县域证据很少", "德清县（湖州市，浙江省）"),
    ("en", "Counties", "County evidence is scarce", "Deqing County (Huzhou, Zhejiang)"),
])
def test_county_section(lang, head, scarce, deqing):
    at = run(lang)
    assert head in [h.value for h in at.header]
    assert any(scarce in i.value for i in at.info)
    table = county_table(at)
    assert table.iloc[0, 0] == deqing, "the one county zone leads, as the reference"
    assert 10 <= len(table) < 60, "only counties the tables record something about"
    codes = set(table.iloc[:, 1])
    assert {"310115", "120116", "130730"} <= codes  # MIIT zones (浦东, 滨海新区), a computing-hub start area
    assert not any(c.endswith("00") for c in codes), "no city-level rows"


def test_user_county_rows_reach_the_county_section_only():
    from aizone import uploads
    from aizone.resolver import Resolver
    from aizone.ui import upload as upload_ui

    text = "省份,城市,区县,应用场景,数据中心\n浙江,湖州市,安吉县,6,2\n,,朝阳区,1,1\n浙江,宁波市,,,3\n"
    rep = uploads.parse_upload(text.encode("utf-8"), "mine.csv", resolver=Resolver())
    assert [r.reason_code for r in rep.rejected] == ["ambiguous_county"]
    at = run("en", session={upload_ui._keys("upload")["report"]: rep})
    assert any("1 counties" in s.value for s in at.success), [s.value for s in at.success]
    assert any("1 cit" in s.value for s in at.success), "the city row still merges into the city ranking"
    table = county_table(at)
    anji = table[table["Adcode"] == "330523"].iloc[0]
    assert anji["Sound intelligent infrastructure"] == "✓" and anji["Distinctive application scenarios"] == "✓"
    assert "Distinctive AI application scenarios: 6" in anji["What is recorded"] and anji["Documents"] == "uploaded by you"


def test_upload_panel_says_which_rows_are_counties():
    from aizone import uploads
    from aizone.ui import upload as upload_ui

    rep = uploads.parse_upload("城市,区县,应用场景\n湖州市,德清县,3\n宁波市,,2\n".encode(), "m.csv")
    zh = upload_ui.accepted_view(rep, "zh")
    assert list(zh["级别"]) == ["县级", "地级"]
    city_only = uploads.parse_upload("城市,应用场景\n宁波市,2\n".encode(), "c.csv")
    assert "Level" not in upload_ui.accepted_view(city_only, "en").columns, "a city file's view is unchanged"
