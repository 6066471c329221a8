"""What-if scenarios: JSON and URL round trips, hostile input, and what adding a city does to the regional picture."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from aizone import candidates as cand
from aizone import gazetteer, scenarios, tables, zones
from aizone.i18n import t


@pytest.fixture(scope="module")
def ref():
    gaz = gazetteer.load()
    zt = tables.load("pilot_zones")
    units = cand.universe(gaz=gaz, zones=zt)
    return {"gaz": gaz, "zones": zt, "units": units, "vocab": scenarios.Vocabulary.build(units, zt, gaz),
            "members": tables.load("strategy_members"), "macro": tables.load("macro_regions")}


def test_json_round_trip(ref):
    sc = scenarios.Scenario(("330200", "370200", "520100"), "东部两城 + 贵阳")
    back, problems = scenarios.from_json(sc.to_json().encode("utf-8"), ref["vocab"])
    assert back == sc and problems == []
    assert json.loads(sc.to_json())["format"] == scenarios.FORMAT
    assert scenarios.from_json(sc.to_json(), ref["vocab"])[0] == sc, "text works as well as bytes"
    bom = b"\xef\xbb\xbf" + sc.to_json().encode("utf-8")
    assert scenarios.from_json(bom, ref["vocab"])[0] == sc, "a BOM from a Windows editor is fine"


def test_url_round_trip(ref):
    sc = scenarios.Scenario(("330200", "370200"))
    assert sc.to_param() == "330200,370200"
    assert scenarios.from_param(sc.to_param(), ref["vocab"]) == (sc, [])
    assert scenarios.from_param("330200; 370200 ", ref["vocab"])[0] == sc
    assert scenarios.from_param(None, ref["vocab"]) == (scenarios.Scenario(), [])


@pytest.mark.parametrize("data,code", [
    (b"{bad", "bad_json"),
    (b"", "bad_json"),
    (b"[1,", "bad_json"),
    (b"\xff\xfe\x00{", "not_utf8"),
    (b'"330200"', "not_object"),
    (b"42", "not_object"),
    (b'{"picks": "330200"}', "no_picks"),
    (b'{"name": "x"}', "no_picks"),
    (b'{"picks": [{"adcode": "330200"}]}', "no_picks"),
    (b'{"picks": [true]}', "no_picks"),
    (b'{"format": "something-else", "picks": []}', "bad_format"),
    (b'{"version": 2, "picks": []}', "bad_version"),
    (b"[" * 5000 + b"]" * 5000, "bad_json"),  # nesting beyond the decoder's recursion limit
    (b'{"picks": []}' + b" " * 30_000, "too_large"),
])
def test_bad_json_is_a_message_not_an_exception(ref, data, code):
    sc, problems = scenarios.from_json(data, ref["vocab"])
    assert sc is None
    assert [p.code for p in problems] == [code]
    for lang in ("zh", "en"):
        assert t(f"candidates.err.{code}", lang, **problems[0].params)


def test_unknown_and_unfit_codes_are_dropped_with_reasons(ref):
    raw = ["330200", "999999", "abc", "330200", "110000", "110100", "330521", "330100", "330000", "810000", "520100"]
    sc, problems = scenarios.from_json(json.dumps({"picks": raw}).encode(), ref["vocab"])
    assert sc.picks == ("330200", "520100")
    assert [(p.code, p.params.get("code")) for p in problems] == [
        ("unknown_code", "999999"), ("bad_code", "abc"), ("duplicate", "330200"),
        ("already_zone", "110000"), ("already_zone", "110000"),  # 110100 is Beijing's old city code
        ("already_zone", "330521"),  # 德清, the county zone
        ("already_zone", "330100"), ("not_candidate", "330000"), ("not_candidate", "810000"),
    ]
    for p in problems:
        for lang in ("zh", "en"):
            assert p.params.get("code", "") in t(f"candidates.err.{p.code}", lang, **p.params)
    ints, _ = scenarios.from_json(b'{"picks": [330200]}', ref["vocab"])
    assert ints.picks == ("330200",)


def test_scenario_size_is_capped(ref):
    many = ",".join(ref["units"]["adcode"].head(scenarios.MAX_PICKS + 5))
    sc, problems = scenarios.from_param(many, ref["vocab"])
    assert len(sc.picks) == scenarios.MAX_PICKS and problems[-1].code == "too_many"


@settings(max_examples=150, deadline=None)
@given(hs.binary(max_size=400))
def test_from_json_never_raises(ref, data):
    sc, problems = scenarios.from_json(data, ref["vocab"])
    assert sc is not None or problems


@settings(max_examples=150, deadline=None)
@given(hs.text(max_size=300))
def test_from_param_never_raises(ref, text):
    sc, _ = scenarios.from_param(text, ref["vocab"])
    assert set(sc.picks) <= set(ref["units"]["adcode"])


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.one_of(hs.text(max_size=8), hs.integers(), hs.none(), hs.floats(), hs.booleans()), max_size=12),
       hs.one_of(hs.text(max_size=200), hs.none(), hs.integers()))
def test_any_json_object_is_handled(ref, picks, name):
    sc, problems = scenarios.from_json(json.dumps({"picks": picks, "name": name}), ref["vocab"])
    assert sc is None or len(sc.name) <= scenarios.MAX_NAME


# ---------------------------------------------------------------------------------------------- projections


def _approved():
    z = zones.load()
    return zones.as_of(z, z["date_latest"].max(), include_uncertain=False)


def test_the_four_region_gini_is_named_when_it_points_the_other_way(ref):
    """石家庄 evens out provinces (Hebei has no zone) but crowds the East, already over-represented: the
    sentence must not just say "more balanced". 贵阳 evens out both, and nothing more is said."""
    approved = _approved()
    shijiazhuang = scenarios.project(scenarios.Scenario(("130100",)), approved, ref["gaz"], ref["members"], ref["macro"])
    assert shijiazhuang.balance_change()[0] == "more"
    word, before, after = shijiazhuang.macro_disagrees()
    assert word == "less" and after > before
    guiyang = scenarios.project(scenarios.Scenario(("520100",)), approved, ref["gaz"], ref["members"], ref["macro"])
    assert guiyang.macro_disagrees() is None and guiyang.balance_change(over="macro")[0] == "more"


def test_projection_counts_against_the_target(ref):
    p = scenarios.project(scenarios.Scenario(("330200", "370200")), _approved(), ref["gaz"], ref["members"], ref["macro"])
    assert (p.before, p.after, p.target) == (18, 20, 20) and p.gap_to_target == 0
    assert p.macro.set_index("macro_region").loc["east"].tolist() == [9, 11]
    assert p.strategies.set_index("strategy_id").loc["YRD"].tolist() == [5, 6], "宁波 is YRD; 青岛 is in no strategy"
    assert p.new_provinces == () and p.provinces_after == p.provinces_before


def test_a_zone_in_a_western_province_with_none(ref):
    approved = _approved()
    assert "520000" not in set(approved["province_adcode"]), "Guizhou has no zone in the shipped data"
    p = scenarios.project(scenarios.Scenario(("520100",)), approved, ref["gaz"], ref["members"], ref["macro"])
    assert p.new_provinces == ("520000",) and p.provinces_after == p.provinces_before + 1
    m = p.macro.set_index("macro_region")
    assert m.loc["west", "after"] == m.loc["west", "before"] + 1
    assert (m.drop("west")["after"] == m.drop("west")["before"]).all()
    assert p.strategies.set_index("strategy_id").loc["YREB"].tolist() == [9, 10]
    assert p.measures is not None, p.note
    ms = p.measures.set_index(["measure", "over"])
    # Guizhou holds ~2.7 % of the population and had no zone: zones now follow population more closely.
    assert ms.loc[("gini", "province"), "after"] < ms.loc[("gini", "province"), "before"]
    assert ms.loc[("theil", "province"), "after"] < ms.loc[("theil", "province"), "before"]
    assert ms.loc[("gini", "macro"), "after"] < ms.loc[("gini", "macro"), "before"]


def test_an_uncovered_macro_region_and_strategy_become_covered(ref):
    east_only = ref["zones"][ref["zones"]["adcode"].isin(["110000", "310000", "330100"])]
    mianyang = "510700"
    p = scenarios.project(scenarios.Scenario((mianyang,)), east_only, ref["gaz"], ref["members"], ref["macro"])
    assert p.before == 3 and p.after == 4
    assert p.new_macro == ("west",)
    assert p.new_strategies == ("CY",), "绵阳 is in the Chengdu-Chongqing circle and the YREB (already covered)"
    assert p.new_provinces == ("510000",)
    assert p.measures is not None, p.note
    ms = p.measures.set_index(["measure", "over"])
    assert ms.loc[("hhi_norm", "macro"), "before"] == pytest.approx(1.0), "all zones in one region"
    assert ms.loc[("hhi_norm", "macro"), "after"] == pytest.approx(0.5), "shares 3/4 and 1/4 of 4 regions"


def test_projection_without_balance_module_still_counts(ref, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_balance(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "aizone" and fromlist and "balance" in fromlist:
            raise ImportError("balance hidden for the test")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_balance)
    p = scenarios.project(scenarios.Scenario(("520100",)), _approved(), ref["gaz"], ref["members"], ref["macro"])
    assert p.measures is None and p.note == "candidates.note_no_balance"
    assert p.new_provinces == ("520000",)
    assert t(p.note, "en")


def test_projection_says_in_one_word_whether_the_scenario_is_more_balanced(ref):
    """Issue 15: the what-if now says whether a scenario is more or less balanced (readers had to compare
    Gini values themselves)."""
    approved = _approved()
    guiyang = scenarios.project(scenarios.Scenario(("520100",)), approved, ref["gaz"], ref["members"], ref["macro"])
    word, before, after = guiyang.balance_change()
    assert word == "more" and after < before
    # another zone in the province that already holds the most zones concentrates them further
    top = approved["province_adcode"].value_counts().index[0]
    city = ref["gaz"][(ref["gaz"]["level"] == "city") & (ref["gaz"]["adcode"].str[:2] == top[:2])
                      & ~ref["gaz"]["adcode"].isin(approved["adcode"])]["adcode"].iloc[0]
    more = scenarios.project(scenarios.Scenario((city,)), approved, ref["gaz"], ref["members"], ref["macro"])
    assert more.balance_change()[0] in ("less", "same")
