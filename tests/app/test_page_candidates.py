"""The candidate page under AppTest, in Chinese and English, with state taken from the URL."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from apptest import run_page

PAGE = "pages/candidates.py"


@pytest.fixture(autouse=True)
def _no_legacy_pages_rerun(monkeypatch):
    """frame.current_lang() reruns once to leave Streamlit's legacy pages/ mode on a live server; under AppTest
    that rerun after switch_page drops the query params (lang, scenarios) this file is testing. Not needed here:
    AppTest always runs app.py first."""
    from aizone.ui import frame

    monkeypatch.setattr(frame, "_ensure_entry_script", lambda: None, raising=False)


def run(lang: str, session: dict | None = None, **params) -> AppTest:
    at = run_page(PAGE, lang, check=False, session=session, timeout=180, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


def ranking(at: AppTest):
    return next(f for f in frames(at) if "名次范围" in f.columns or "Rank range" in f.columns)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_with_scenarios_from_the_url(lang):
    at = run(lang, scenario_a="330200,370200", scenario_b="520100,999999,abc,110000")
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["scenario_a_sel"] == ["330200", "370200"]
    assert at.session_state["scenario_b_sel"] == ["520100"], "bad codes dropped"
    assert at.query_params["scenario_b"] in ("520100", ["520100"]), "the URL is cleaned to what was kept"
    warnings = " ".join(w.value for w in at.warning)
    assert "999999" in warnings and "abc" in warnings and "110000" in warnings
    title = " ".join(x.value for x in at.title)
    if lang == "en":
        assert title == "Candidate assessment"
        assert not re.search(r"[\u4e00-\u9fff]{3,}", " ".join(m.label for m in at.metric)), "untranslated labels"
        m = metrics(at)
        assert m["Units shown"] == "320"
        # 18 zones + 2 (A) and + 1 (B): the same metric twice, side by side
        assert [x.value for x in at.metric if x.label == "Zones (target 20)"] == ["20", "19"]
    else:
        assert title == "候选城市评估"
        assert metrics(at)["显示的单位"] == "320"
    table = ranking(at)
    assert len(table) == 320 and re.match(r"^1(–\d+ ?[（(]\d+ (个并列|tied)[）)])?$", table.iloc[0, 0]), table.iloc[0, 0]
    charts = at.get("plotly_chart")
    assert len(charts) == 3, "evidence bars + two scenario charts"


def test_cell_text_is_never_html():
    at = run("en", scenario_a="330200")
    for md in at.markdown:
        assert not md.proto.allow_html, md.value
    for cap in at.caption:
        assert not cap.proto.allow_html
    cells = " ".join(ranking(at).astype(str).to_numpy().ravel())
    assert "✓" in cells and "pass" in cells and "unknown" in cells, "icons come with words"


def test_filters_path_and_city_card_from_the_url():
    at = run("en", path="county")
    assert metrics(at)["Units shown"] == "30"
    at = run("en", macro=["west"], strategy=["YREB"])
    shown = int(metrics(at)["Units shown"])
    assert 0 < shown < 100
    assert set(ranking(at)["Macro region"]) == {"West"}
    at = run("zh", city="330200")
    subheads = " ".join(s.value for s in at.subheader)
    assert "宁波市" in subheads and "330200" in subheads
    card = next(f for f in frames(at) if "准则" in f.columns)
    assert set(card["判定"].str[0]) <= {"✓", "✗", "?"}
    links = card["来源链接"].fillna("")
    assert (links.str.startswith("http") | (links == "")).all() and (links != "").any()
    assert "None" not in set(card["年份"].astype(str)) | set(links)


def test_weights_from_the_url_and_bad_values():
    at = run("en", w_C1="0", w_C2="0", w_C3="0", w_C4="0")
    assert any("All weights are 0" in w.value for w in at.warning)
    at = run("en", w_C4="3", w_C1="nan", w_C2="99")
    assert at.session_state["w_C4"] == 3.0 and at.session_state["w_C1"] == 1.0 and at.session_state["w_C2"] == 3.0


def test_user_rows_from_the_upload_panel_are_merged():
    from aizone import uploads
    from aizone.resolver import Resolver
    from aizone.ui import upload as upload_ui

    text = "城市,人工智能核心产业规模（亿元）,人工智能相关产业规模（亿元）,年份\n宁波,80,260,2023\n"
    rep = uploads.parse_upload(text.encode("gbk"), "mine.csv", resolver=Resolver())
    at = run("en", session={upload_ui._keys("upload")["report"]: rep}, city="330200")
    assert any("1 cities" in s.value or "1 city" in s.value for s in at.success)
    table = ranking(at)
    ningbo = table[table["Adcode"] == "330200"].iloc[0]
    assert ningbo["User data"].startswith("✎")
    card = next(f for f in frames(at) if "Criterion" in f.columns)
    core = card[card["Criterion"] == "AI core industry above CNY 5 bn"].iloc[0]
    assert core["Verdict"].startswith("✓") and core["Data from"] == "user data"


def test_choosing_a_city_puts_its_card_in_the_url_and_the_url_reopens_it():
    """The card is the view a link shares: the chosen city is written as ?city=<adcode>, the top-ranked
    one too (the default follows the filters, so a link without it would open another card)."""
    at = run("en")
    first = at.selectbox(key="city").value
    assert at.query_params["city"] in (first, [first]), "the card shown on arrival is in the URL"
    at.selectbox(key="city").select("370200").run()
    assert at.query_params["city"] in ("370200", ["370200"])
    at.selectbox(key="city").select(first).run()
    assert at.query_params["city"] in (first, [first]), "choosing the top city again keeps it in the URL"
    again = run("en", city="370200", macro=["west"])  # Qingdao is not in the West: the card still opens
    assert any("Qingdao" in s.value and "370200" in s.value for s in again.subheader)
    assert not again.warning


def test_a_county_level_card_link_opens_its_path():
    at = run("zh", city="429004")
    assert at.session_state["path"] == "county"
    assert any("429004" in s.value for s in at.subheader)
    assert not at.warning


@pytest.mark.parametrize("value, problem, shown", [
    ("999999", "unknown_code", "999999"),
    ("330100", "already_zone", "330100"),  # Hangzhou is a pilot zone
    ("440000", "not_candidate", "440000"),  # a province
    ("<b>x</b>", "bad_code", None),
])
def test_a_card_link_that_opens_no_card_says_why(value, problem, shown):
    from aizone.i18n import t

    for lang in ("zh", "en"):
        at = run(lang, city=value)
        assert not at.error
        warnings = [w.value for w in at.warning]
        expected = t(f"candidates.cardlink.{problem}", lang, code=shown or "")
        assert any(w.replace("\\", "") == expected for w in warnings), warnings
        if shown is None:
            assert not any("<b>" in w for w in warnings), "the raw link text is not echoed"
        top = at.selectbox(key="city").value
        assert at.query_params["city"] in (top, [top]), "the URL now names the card that is shown"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tied_rank_and_the_range_in_words_on_the_card_and_in_its_download(lang):
    at = run(lang, city="330200")  # Ningbo shares its proved score with other cities
    tied = "个并列" if lang == "zh" else "tied"
    label, rank = next((m.label, m.value) for m in at.metric if m.label.startswith(("排名", "Rank (")))
    assert re.fullmatch(r"\d+–\d+", rank) and re.fullmatch(r"(排名|Rank) ?[（(]\d+ " + tied + r"[）)]", label), (label, rank)
    n = re.search(r"\d+", label).group(0)
    in_table = rank + ("（" if lang == "zh" else " (") + n + (" 个并列）" if lang == "zh" else " tied)")
    assert in_table in set(ranking(at).iloc[:, 0]), "the table groups the tie the same way"
    said = [md.value.replace("\\", "") for md in at.markdown]
    sentence = next(s for s in said if s.startswith(("名次可能", "Could rank")))
    assert re.search(r"\d+", sentence) and ("未知" in sentence or "unknown" in sentence)
    from aizone import candidates as cand
    from aizone import eligibility as elig

    units = cand.universe()
    matrix, _ = elig.assess_all(cand.evidence(units), units)
    expected = cand.rank_sentence(elig.score_table(matrix).loc["330200"], lang)
    assert sentence == expected, "the page's line is the card file's line (card_markdown writes rank_sentence)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_what_if_says_whether_each_scenario_is_more_or_less_balanced(lang):
    """Guiyang (West, no zone in Guizhou) evens the spread; the sentence says so with the Gini the table shows."""
    from aizone.i18n import t

    at = run(lang, scenario_a="520100")
    said = [md.value for md in at.markdown]
    head = t("candidates.balance_more", lang, side="A", before="X", after="Y").split("：" if lang == "zh" else ":")[0]
    line = next((s for s in said if s.startswith(head)), None)
    assert line, said
    measures = next(d.value for d in at.dataframe if t("candidates.col.measure", lang) in d.value.columns)
    gini = measures.iloc[0]
    assert f"{gini[t('candidates.col.now', lang)]:.3f}" in line and f"{gini[t('candidates.col.after', lang)]:.3f}" in line
    assert t("candidates.balance_macro_less", lang, before="X", after="Y")[:8] not in line  # regions agree


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_what_if_names_the_four_regions_when_they_disagree(lang):
    """Shijiazhuang evens out the provinces but crowds the East: both halves are said, in one line."""
    from aizone.i18n import t

    at = run(lang, scenario_a="130100")
    head = t("candidates.balance_more", lang, side="A", before="X", after="Y").split("：" if lang == "zh" else ":")[0]
    line = next((md.value for md in at.markdown if md.value.startswith(head)), "")
    assert t("candidates.balance_macro_less", lang, before="X", after="Y").split("X")[0] in line, line
