"""The zone list on a date: agrees with the headline on every date, in date order, filtered by strategy and region."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from aizone import dated, gazetteer, progress, tables, zonelist, zones

Z = zones.load()
PLACED = zonelist.place(Z, gazetteer.load(), tables.load("strategy_members"), tables.load("macro_regions"))
# every day a count changes, the day before each, year ends and the target date
DATES = sorted({d for c in progress.change_dates(Z) for d in (c, c - timedelta(days=1))}
               | {date(y, 12, 31) for y in range(2018, 2026)} | {date(2021, 6, 30)})


def names(rows: pd.DataFrame, status: str) -> list[str]:
    return rows.loc[rows["status"] == status, "short_zh"].tolist()


@pytest.mark.parametrize("when", DATES, ids=str)
def test_headline_and_list_agree_on_every_date(when):
    hl = zones.headline(Z, when)
    rows = zonelist.on_date(PLACED, when)
    assert (rows["status"] == dated.APPROVED).sum() == hl.approved
    assert (rows["status"] == dated.UNCERTAIN).sum() == hl.uncertain
    assert len(zonelist.visible(rows, later=False)) == hl.approved + hl.uncertain == len(zones.as_of(Z, when))
    assert len(zonelist.visible(rows, later=True)) == len(Z)
    for lang in ("zh", "en"):
        line = zonelist.answer(rows, when, zonelist.Filter(), lang)
        if hl.approved:
            assert (f"已批复 {hl.approved} 个" if lang == "zh" else f"{hl.approved} approved") in line
        if hl.uncertain:
            assert (f"另有 {hl.uncertain} 个" if lang == "zh" else f"{hl.uncertain} more") in line


def test_2020_year_end_lists_13_not_18():
    """The overview's headline said 13 while its table listed all 18 (issue 15, item 6)."""
    rows = zonelist.visible(zonelist.on_date(PLACED, date(2020, 12, 31)), later=False)
    assert len(rows) == zones.headline(Z, date(2020, 12, 31)).approved == 13
    assert "苏州" not in rows["short_zh"].tolist()


def test_rows_are_in_date_order():
    """By the day each approval is certain, then the earliest it can have been: '2019' after 2019's letters."""
    latest = PLACED["date_latest"].tolist()
    assert latest == sorted(latest)
    assert PLACED["short_zh"].tolist()[:7] == ["北京", "上海", "深圳", "德清", "杭州", "天津", "合肥"]
    assert list(zonelist.table(zonelist.on_date(PLACED, date(2026, 1, 1)), "en").iloc[:, 0])[-1] == "Harbin"


def test_strategy_filter_answers_the_question():
    when = date(2021, 6, 30)
    where = zonelist.Filter(strategy="YRD")
    rows = zonelist.on_date(PLACED, when, where)
    assert names(rows, dated.APPROVED) == ["上海", "德清", "杭州", "合肥", "苏州"]
    assert zonelist.answer(rows, when, where, "zh") == "截至 2021-06-30，长三角：已批复 5 个（上海、德清、杭州、合肥、苏州）。"
    assert zonelist.answer(rows, when, where, "en") == (
        "By 2021-06-30, Yangtze River Delta: 5 approved (Shanghai, Deqing County, Hangzhou, Hefei, Suzhou).")


def test_a_county_zone_is_placed_through_its_city():
    deqing = PLACED.set_index("adcode").loc["330521"]
    assert deqing["macro_region"] == "east" and "YRD" in deqing["strategies"]


def test_region_filter_and_possible_approvals():
    when = date(2021, 6, 30)
    where = zonelist.Filter(region="northeast")
    rows = zonelist.on_date(PLACED, when, where)
    assert names(rows, dated.APPROVED) == [] and names(rows, dated.UNCERTAIN) == ["沈阳"]
    assert names(rows, dated.NOT_YET) == ["哈尔滨"]
    assert zonelist.answer(rows, when, where, "zh") == (
        "截至 2021-06-30，东北：尚无已批复的试验区；另有 1 个可能已批复（沈阳：批复日期只知所在区间，该日在区间内）。")


def test_both_filters_together_and_nothing_found():
    where = zonelist.Filter(strategy="YREB", region="west")
    rows = zonelist.on_date(PLACED, date(2026, 1, 1), where)
    assert rows["short_zh"].tolist() == ["重庆", "成都"]
    assert "长江经济带·西部" in zonelist.answer(rows, date(2026, 1, 1), where, "zh")
    empty = zonelist.on_date(PLACED, date(2026, 1, 1), zonelist.Filter(strategy="GBA", region="west"))
    assert empty.empty
    assert zonelist.answer(empty, date(2026, 1, 1), zonelist.Filter("GBA", "west"), "en") == (
        "By 2026-01-01, Greater Bay Area, West: none approved yet.")


@pytest.mark.parametrize("bad", [{"strategy": "XYZ"}, {"region": "south"}, {"strategy": "YRD-core"}])
def test_unknown_filters_raise(bad):
    with pytest.raises(ValueError):
        zonelist.Filter(**bad)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_for_people(lang):
    rows = zonelist.on_date(PLACED, date(2020, 3, 8))
    tab = zonelist.table(rows, lang)
    assert len(tab) == 18 and tab.columns[0] == ("试验区" if lang == "zh" else "Zone")
    status = tab.iloc[:, 1].tolist()
    assert status.count(("已批复" if lang == "zh" else "approved")) == 7
    assert status.count(("尚未批复" if lang == "zh" else "not yet")) == 7
    assert sum(("可能已批复" if lang == "zh" else "possibly approved") in s for s in status) == 4
    strategies = dict(zip(rows["short_zh"], tab.iloc[:, 4]))
    assert pd.isna(strategies["西安"]), "a zone in no strategy is missing (drawn as —), never the text None"
    assert strategies["重庆"] == ("长江经济带、成渝地区双城经济圈" if lang == "zh"
                                 else "Yangtze River Economic Belt, Chengdu-Chongqing")
