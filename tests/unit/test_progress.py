"""Progress logic on the shipped zone table: the two cumulative curves, batches, pace, outcome, time travel."""

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from aizone import progress, zones
from aizone.config import GUIDELINE
from aizone.figures import charts_progress

Z = zones.load()
START = progress.timeline_start(Z)
END = date(2026, 11, 25)


def test_counts_on_known_dates():
    assert progress.counts_on(Z, date(2019, 12, 31)) == progress.Counts(certain=7, possible=7)
    assert progress.counts_on(Z, date(2020, 6, 30)) == progress.Counts(certain=11, possible=11)
    assert progress.counts_on(Z, date(2021, 12, 31)) == progress.Counts(certain=18, possible=18)
    # inside the windows: Chongqing, Chengdu, Xi'an, Jinan were published on 2020-03-09, signed in 2020
    c = progress.counts_on(Z, date(2020, 3, 8))
    assert (c.certain, c.uncertain) == (7, 4)
    # Beijing, Tianjin and Hangzhou are dated only to windows opening on 2019-01-01: possible, not certain
    assert progress.counts_on(Z, date(2019, 1, 31)) == progress.Counts(0, 3)
    assert progress.counts_on(Z, date(2018, 12, 31)) == progress.Counts(0, 0)


def test_cumulative_series_bounds_and_end():
    s = progress.cumulative(Z, START, END)
    assert s["date"].iloc[0] == START == date(2019, 1, 1) and s["date"].iloc[-1] == END
    assert (s["certain"] <= s["possible"]).all()
    assert s["certain"].is_monotonic_increasing and s["possible"].is_monotonic_increasing
    assert s["certain"].iloc[0] == 0 and s["certain"].iloc[-1] == 18 == len(Z)
    assert (s["possible"] > s["certain"]).any(), "some dates are uncertain: the band is not empty"
    # the step series agrees with zones.headline on every step day and the day before it
    for d in s["date"]:
        for day in (d, d - timedelta(days=1)):
            hl = zones.headline(Z, day)
            c = progress.counts_on(Z, day)
            assert (c.certain, c.uncertain) == (hl.approved, hl.uncertain), day


@settings(max_examples=60, deadline=None)
@given(hst.dates(min_value=date(2018, 6, 1), max_value=date(2027, 1, 1)))
def test_counts_match_status_for_any_day(day):
    st = zones.status_on(Z, day)
    c = progress.counts_on(Z, day)
    assert c.certain == (st == zones.APPROVED).sum()
    assert c.possible == st.isin([zones.APPROVED, zones.UNCERTAIN]).sum()
    assert 0 <= c.certain <= c.possible <= len(Z)


def test_batches_derived_from_dates():
    found = progress.batches(Z)
    assert [b.label("en") for b in found] == ["2019", "Mar 2020", "Sep 2020", "Mar 2021", "Dec 2021"]
    assert [b.label("zh") for b in found] == ["2019年", "2020年3月", "2020年9月", "2021年3月", "2021年12月"]
    assert [b.size for b in found] == [7, 4, 2, 2, 3]
    assert [b.cumulative for b in found] == [7, 11, 13, 15, 18]
    ids = [i for b in found for i in b.zone_ids]
    assert sorted(ids) == sorted(Z["zone_id"]) and len(set(ids)) == len(ids)


def test_batches_follow_the_data_not_a_list():
    # If the four 2019 letters dated only to windows had exact dates, 2019 would no longer be one batch.
    assert [b.label("en") for b in progress.batches(Z)][0] == "2019"
    z = Z.copy()
    exact = {"PZ01": "2019-02-15", "PZ03": "2019-10-16", "PZ05": "2019-10-16", "PZ06": "2019-10-16"}
    for zid, day in exact.items():
        i = z.index[z["zone_id"] == zid][0]
        z.loc[i, ["date_earliest", "date_latest"]] = pd.Timestamp(day)
        z.loc[i, "date_basis"] = "letter"
    labels = [b.label("en") for b in progress.batches(z)]
    assert "2019" not in labels and labels[:3] == ["Feb 2019", "May 2019", "Nov 2019"]


def test_pace_needed_and_actual():
    goal, deadline = progress.target()
    assert (goal, deadline) == (GUIDELINE.target_zones.value, GUIDELINE.target_date.value) == (20, date(2023, 12, 31))
    first = progress.first_approval(Z)
    assert first == date(2019, 5, 22)  # Shanghai's letter; Beijing's window closes on the same day
    p = progress.pace(Z, first)
    years = (deadline - first).days / 365.25
    assert p.count_at_start == 2
    assert p.needed_per_year == pytest.approx(18 / years) == pytest.approx(3.90, abs=0.01)
    assert p.actual_per_year == pytest.approx(16 / years) and not p.on_track
    g = progress.pace(Z, progress.guideline_date())
    assert progress.guideline_date() == date(2020, 9, 29)
    assert g.count_at_start == 13 and g.approved_in_period == 5
    assert g.needed_per_year == pytest.approx(7 / ((deadline - date(2020, 9, 29)).days / 365.25))
    assert g.actual_per_year < g.needed_per_year
    # while approvals ran the pace was well above what was needed
    active = progress.pace(Z, first, date(2021, 12, 7))
    assert active.approved_in_period == 16 and active.actual_per_year > p.needed_per_year
    # a date before the start gives no negative pace
    early = progress.pace(Z, first, date(2019, 1, 1))
    assert early.actual_per_year == 0 and early.approved_in_period == 0


def test_outcome_statement_numbers():
    out = progress.outcome(Z, END)
    assert (out.approved, out.target, out.shortfall, out.uncertain) == (18, 20, 2, 0)
    assert out.share == pytest.approx(0.9) and out.final
    assert out.last == (date(2021, 12, 1), date(2021, 12, 7)) and out.last_text() == "2021-12"
    mid = progress.outcome(Z, date(2020, 6, 30))
    assert (mid.approved, mid.final, mid.reference) == (11, False, date(2020, 6, 30))
    assert progress.outcome(Z, date(2019, 1, 15)).last_text() == "—"


def test_window_label_precision():
    assert progress.window_label(date(2021, 3, 24), date(2021, 3, 24)) == "2021-03-24"
    assert progress.window_label(date(2021, 12, 1), date(2021, 12, 7)) == "2021-12"
    assert progress.window_label(date(2019, 2, 1), date(2019, 12, 31)) == "2019"
    assert progress.window_label(date(2019, 11, 2), date(2020, 3, 9)) == "2019-11-02 – 2020-03-09"
    assert progress.last_approval(Z, date(2019, 6, 1)) == (date(2019, 5, 22), date(2019, 5, 22))


def test_clamp_and_parse_as_of():
    lo, hi = date(2019, 1, 1), date(2026, 11, 25)
    assert progress.clamp(date(2018, 1, 1), lo, hi) == lo
    assert progress.clamp(date(2030, 1, 1), lo, hi) == hi
    assert progress.clamp(date(2020, 6, 30), lo, hi) == date(2020, 6, 30)
    assert progress.parse_as_of("2020-06-30", lo, hi) == date(2020, 6, 30)
    assert progress.parse_as_of("2020-06-30T08:00:00", lo, hi) == date(2020, 6, 30)
    assert progress.parse_as_of("1999-12-31", lo, hi) == lo
    assert progress.parse_as_of("9999-12-31", lo, hi) == hi
    for bad in ("garbage", "", "2020-13-01", "2020-02-30", "<script>"):
        with pytest.raises(ValueError):
            progress.parse_as_of(bad, lo, hi)


def test_key_dates_for_play():
    keys = progress.key_dates(Z, START, END)
    assert keys == sorted(set(keys)) and keys[0] == START and keys[-1] == END
    assert date(2023, 12, 31) in keys
    assert set(progress.change_dates(Z)) <= set(keys)
    # every step of play changes a count, except the start, the deadline and the end
    for a, b in zip(keys, keys[1:]):
        if b not in (END, date(2023, 12, 31)):
            assert progress.counts_on(Z, a) != progress.counts_on(Z, b), (a, b)
    assert progress.next_key_date(END, keys) is None
    assert progress.next_key_date(date(2020, 6, 30), keys) == date(2020, 9, 3)
    assert progress.key_dates(Z, date(2020, 1, 1), date(2020, 12, 31))[0] == date(2020, 1, 1)


def test_date_text_never_makes_a_window_look_exact():
    for _, r in Z.iterrows():
        for lang in ("zh", "en"):
            text = progress.date_text(r, lang)
            assert str(r["date"]) in text
            if r["date_earliest"] != r["date_latest"]:
                assert r["date_earliest"].date().isoformat() in text and r["date_latest"].date().isoformat() in text
    tianjin = Z[Z["zone_id"] == "PZ03"].iloc[0]
    assert progress.date_text(tianjin, "en") == "2019 (year only; between 2019-01-01 and 2019-12-31)"
    shanghai = Z[Z["zone_id"] == "PZ02"].iloc[0]
    assert progress.date_text(shanghai, "zh") == "2019-05-22（复函日期）"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart(lang):
    names = pd.Series(Z["name_en"].tolist() if lang == "en" else Z["name_zh"].tolist(), index=Z["zone_id"])
    fig = charts_progress.progress_chart(Z, names, date(2020, 6, 30), lang)
    assert fig.layout.template.layout.font.family.startswith("Noto Sans CJK SC")
    by_name = {tr.name: tr for tr in fig.data if tr.name}
    certain = next(tr for tr in fig.data if tr.name == ("已确定批复" if lang == "zh" else "Certainly approved"))
    assert certain.line.shape == "hv" and certain.y[-1] == 11, "coloured curve stops at the as-of date"
    target = next(n for n in by_name if "20" in n and ("Target" in n or "目标" in n))
    assert list(by_name[target].y) == [20, 20]
    markers = next(tr for tr in fig.data if tr.mode == "markers")
    assert len(markers.x) == 18
    tianjin = markers.hovertext[list(markers.customdata).index("PZ03")]
    assert ("仅知年份" if lang == "zh" else "year only") in tianjin and "2019-12-31" in tianjin
    notes = " ".join(a.text for a in fig.layout.annotations)
    for label in (("2019年", "2020年3月", "2021年12月") if lang == "zh" else ("2019", "Mar 2020", "Dec 2021")):
        assert label in notes
    assert "2023-12-31" in notes and "2020-06-30" in notes
    assert any(s.type == "line" and s.x0 == s.x1 for s in fig.layout.shapes), "as-of / deadline markers"


def test_time_range_default_and_end_are_the_data_date():
    """The slider opens on, and the range (and ▶ play) stops at, the day the zone list was checked: past it
    the data vouches for nothing (issue 15: the slider and play ran on to today)."""
    from aizone import progress as pr
    from aizone import zones as zn

    z = zn.load()
    r = pr.time_range(z, date(2026, 11, 25), date(2027, 3, 1))
    assert r.lo == date(2019, 1, 1) and r.hi == date(2026, 11, 25) and r.default == date(2026, 11, 25)
    assert r.keys[0] == r.lo and r.keys[-1] == r.hi and r.default in r.keys
    assert pr.time_range(z, date(2030, 1, 1), date(2027, 3, 1)).default == date(2027, 3, 1)  # clamped to today


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_batch_label_starts_inside_the_plot(lang):
    """Placed above-left of its step like other crowded batches, the 2019 label ran off the figure's left edge
    in English; its box now starts at the time axis's start."""
    names = pd.Series(Z["name_en"].tolist() if lang == "en" else Z["name_zh"].tolist(), index=Z["zone_id"])
    fig = charts_progress.progress_chart(Z, names, date(2026, 11, 25), lang)
    first = next(a for a in fig.layout.annotations if a.text.startswith("<b>2019"))
    assert first.axref == "x" and first.xanchor == "left"
    assert pd.Timestamp(first.ax) >= pd.Timestamp(fig.layout.xaxis.range[0])
    assert pd.Timestamp(first.ax) < pd.Timestamp(first.x), "the leader line runs from the box down to the step"


def test_presets_are_year_ends_target_and_the_data_date():
    r = progress.time_range(Z, date(2026, 12, 4), date(2026, 12, 5))
    got = progress.presets(r.lo, r.hi)
    assert [(p.day, p.kind) for p in got] == (
        [(date(y, 12, 31), "year_end") for y in (2019, 2020, 2021, 2022)] + [(date(2023, 12, 31), "target")]
        + [(date(y, 12, 31), "year_end") for y in (2024, 2025)] + [(date(2026, 12, 4), "latest")])
    assert all(r.lo <= p.day <= r.hi for p in got), "no preset past the data's date"


def test_presets_merge_a_year_end_that_is_the_data_date():
    got = progress.presets(date(2019, 1, 1), date(2021, 12, 31))
    assert [(p.day.isoformat(), p.kind) for p in got] == [("2019-12-31", "year_end"), ("2020-12-31", "year_end"),
                                                          ("2021-12-31", "latest")]
    assert progress.presets(date(2019, 1, 1), date(2019, 6, 1)) == [progress.Preset(date(2019, 6, 1), "latest")]


def test_the_range_never_reaches_past_the_data_date():
    """The slider, the presets and ▶ stop at the day the list was checked, even when today is later."""
    r = progress.time_range(Z, date(2026, 12, 4), date(2027, 6, 1))
    assert r.hi == r.default == r.keys[-1] == date(2026, 12, 4)
