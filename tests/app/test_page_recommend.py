"""The recommend page under AppTest: state from the URL, the tables, the map, and the hand-over to the what-if."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from apptest import live_map, run_page

PAGE = "pages/recommend.py"


@pytest.fixture(autouse=True)
def _no_legacy_pages_rerun(monkeypatch):
    """As in test_page_candidates: the legacy-pages rerun would drop the URL under AppTest."""
    from aizone.ui import frame

    monkeypatch.setattr(frame, "_ensure_entry_script", lambda: None, raising=False)


def run(lang: str, **params) -> AppTest:
    return run_page(PAGE, lang, timeout=240, **params)


def frames(at):
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_from_the_url(lang):
    at = run(lang, k="2", objective="theil", level="province", as_of="2023-12-31")
    title = " ".join(x.value for x in at.title)
    assert title == ("下一批试验区推荐" if lang == "zh" else "Recommend the next zones")
    ba, each, sets = frames(at)[:3]
    assert len(each) == 2
    codes = list(each.iloc[:, -1])
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    count_row = ba.iloc[0]
    assert count_row.iloc[1] == "18" and count_row.iloc[2] == "20"
    assert len(sets) == 4
    _, fig = live_map(at)
    names = [tr.get("name") for tr in fig["data"]]
    assert ("推荐城市" if lang == "zh" else "Recommended") in names
    bullets = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(bullets) == 2
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]{2,}", " ".join(b for b in bullets)), "untranslated reason"


def test_constraints_from_the_url_and_bad_values():
    at = run("en", k="3", max_prov="1", exclude=["530100"], include=["520100"], cond=["C1"], mode="could", county="1")
    each = frames(at)[1]
    codes = list(each.iloc[:, -1])
    assert "520100" in codes and "530100" not in codes
    assert len({c[:2] for c in codes}) == len(codes)
    at = run("en", k="1", include=["130100", "140100", "150100"])
    assert list(frames(at)[1].iloc[:, -1]) == ["130100"]
    assert any("only the first 1" in w.value for w in at.warning)
    at = run("en", k="99", objective="nope", level="x", floor="-3")
    assert at.session_state["k"] == 3 and at.session_state["objective"] == "theil"


def test_gini_large_k_says_not_proven():
    at = run("en", k="5", objective="gini")
    assert any("not proven" in i.value for i in at.info)
    assert any("bounds the optimum below by" in c.value for c in at.caption)


def test_infeasible_is_a_warning_not_an_error():
    at = run("en", k="3", cond=["C1", "C2", "C3", "C4"], mode="pass")
    assert any("Fewer than k" in w.value for w in at.warning)


def test_add_to_whatif_links_the_candidates_page_with_the_set():
    at = run("en", k="2")
    codes = list(frames(at)[1].iloc[:, -1])
    from urllib.parse import parse_qs

    links = [el.proto for el in at.get("page_link")]
    assert [l.label for l in links] == ["Add to what-if (scenario A)", "Add to what-if (scenario B)",
                                        "Put in the briefing pack"]
    assert [l.page for l in links] == ["candidates", "candidates", "briefing"]
    assert parse_qs(links[2].query_string)["scenario"] == codes
    assert parse_qs(links[0].query_string) == {"lang": ["en"], "scenario_a": [",".join(codes)]}
    assert parse_qs(links[1].query_string)["scenario_b"] == [",".join(codes)]
    # the candidates page reads that URL: the set is scenario A
    from test_page_candidates import run as run_candidates

    cat = run_candidates("en", scenario_a=",".join(codes))
    assert cat.session_state["scenario_a_sel"] == codes
    assert [x.value for x in cat.metric if x.label == "Zones (target 20)"][0] == "20"


def test_k_change_reruns():
    at = run("en", k="2")
    at.slider(key="k").set_value(4)
    at.run()
    assert not at.exception
    assert len(frames(at)[1]) == 4
    assert at.query_params["k"] in ("4", ["4"])


def test_briefing_page_takes_the_set_from_the_link():
    from apptest import run_page

    at = run("en", k="2")
    codes = list(frames(at)[1].iloc[:, -1])
    bat = run_page("pages/briefing.py", "en", scenario=codes, figure="scenario", as_of="2023-12-31")
    assert list(bat.session_state["scenario"]) == codes
    assert bat.session_state["figure"] == "scenario"


def test_before_the_first_zone_the_indices_stay_unknown():
    at = run("en", k="2", as_of="2019-01-01")
    ba = frames(at)[0]
    assert ba.iloc[0, 1] == "0"
    theil = ba[ba.iloc[:, 0].str.startswith("Theil")].iloc[0]
    assert theil.iloc[1] == "—" and theil.iloc[2] not in ("—", "0.000")
    assert frames(at)[1].iloc[:, 1].isna().all(), "no gain 'on its own' against no zones"
