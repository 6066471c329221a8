"""Tied scores shown as one place range, and the rank range read in words (aizone.ranking)."""

from __future__ import annotations

import pandas as pd
import pytest

from aizone import candidates as cand
from aizone import eligibility as elig
from aizone import ranking
from aizone.eligibility import FAIL, PASS, UNKNOWN


def test_ties_count_the_units_sharing_a_score_and_their_last_place():
    score = pd.Series([50.0, 37.5, 37.5, 37.5, 10.0], index=list("abcde"))
    got = ranking.ties(score)
    assert got["tied"].tolist() == [1, 3, 3, 3, 1]
    assert got["tie_last"].tolist() == [1, 4, 4, 4, 5]


@pytest.mark.parametrize("lang, expected", [("zh", "8–17（10 个并列）"), ("en", "8–17 (10 tied)")])
def test_a_shared_score_reads_as_a_place_range(lang, expected):
    assert ranking.rank_text({"rank": 8, "tied": 10}, lang) == expected
    assert ranking.rank_text({"rank": 7, "tied": 1}, lang) == "7"
    assert ranking.places({"rank": 8, "tied": 10}) == "8–17" and ranking.places({"rank": 7, "tied": 1}) == "7"
    assert ranking.rank_label({"rank": 8, "tied": 10}, lang) == ("排名（10 个并列）" if lang == "zh" else "Rank (10 tied)")
    assert ranking.rank_label({"rank": 7, "tied": 1}, lang) == ("排名" if lang == "zh" else "Rank")


def row(rank, best, worst, n_unknown, tied=1):
    return {"rank": rank, "best": best, "worst": worst, "n_unknown": n_unknown, "tied": tied}


def test_the_range_sentence_names_its_causes():
    both = ranking.range_sentence(row(8, 3, 210, 2, tied=10), 4, "en")
    assert both.startswith("Could rank between 3 and 210 because 2 of its 4 criteria are unknown")
    assert "202 other units" in both, "worst - rank units could overtake it"
    own = ranking.range_sentence(row(8, 3, 8, 2), 4, "en")
    assert own == "Could rank between 3 and 8 because 2 of its 4 criteria are unknown."
    others = ranking.range_sentence(row(8, 8, 12, 0), 4, "en")
    assert "all 4 of its criteria are known" in others and "4 other units" in others
    fixed = ranking.range_sentence(row(8, 8, 8, 0, tied=10), 4, "en")
    assert fixed == "Rank 8–17 (10 tied) whatever the unknowns turn out to be."
    zh = ranking.range_sentence(row(8, 3, 210, 2, tied=10), 4, "zh")
    assert "第 3 至第 210 名" in zh and "4 项准则中有 2 项未知" in zh and "202 个单位" in zh


def test_score_table_groups_ties_within_each_path():
    keys = [c.key for c in elig.criteria(elig.CITY)]
    county = [c.key for c in elig.criteria(elig.COUNTY)]
    matrix = pd.DataFrame({"path": [elig.CITY] * 3 + [elig.COUNTY] * 2,
                           **{c: [PASS, PASS, FAIL, None, None] for c in keys},
                           **{c: [None, None, None, PASS, UNKNOWN] for c in county}},
                          index=["c1", "c2", "c3", "k1", "k2"])
    table = elig.score_table(matrix)
    assert table.loc[["c1", "c2", "c3"], "tied"].tolist() == [2, 2, 1]
    assert table.loc["c1", "tie_last"] == 2 and table.loc["c3", "rank"] == 3
    assert table.loc[["k1", "k2"], "tied"].tolist() == [1, 1], "counties are not tied with cities"


def test_the_markdown_card_says_what_the_page_says():
    keys = [c.key for c in elig.criteria(elig.CITY)]
    matrix = pd.DataFrame({"path": elig.CITY, **{c: [PASS, PASS, UNKNOWN] for c in keys}}, index=["330200", "370200", "320200"])
    matrix[keys[0]] = [PASS, PASS, FAIL]
    table = elig.score_table(matrix)
    units = cand.universe().set_index("adcode")
    s = table.loc["330200"]
    md = cand.card_markdown("330200", units.loc["330200"], s, elig.assess({}, elig.CITY), "en")
    assert "rank 1–2 (2 tied)" in md
    assert cand.rank_sentence(s, "en") in md.splitlines()
    assert ranking.rank_text(s, "en") == cand.ranking_view(units.reset_index(), table, matrix, "en").iloc[0, 0]
