"""The name resolver (aizone.resolver) on the real data/gazetteer.csv.

Names are how users and spreadsheets refer to places; a wrong or silently ambiguous match would put a value
on the wrong city. So the examples below are the ones people actually type, and the property test makes
sure no input can crash a page that resolves names.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aizone import gazetteer
from aizone.resolver import Resolver

STATUSES = {"ok", "unknown", "ambiguous"}


@pytest.fixture(scope="module")
def resolver():
    return Resolver(gazetteer.load())


@pytest.mark.parametrize("text,code", [
    ("北京", "110000"), ("北京市", "110000"), ("Beijing", "110000"), ("beijing", "110000"), ("110000", "110000"),
    ("110100", "110000"), ("  ＢＥＩＪＩＮＧ ", "110000"), ("１１００００", "110000"),
    ("西安", "610100"), ("西安市", "610100"), ("Xi'an", "610100"), ("Xian", "610100"), ("xian", "610100"),
    ("Xī'ān", "610100"), ("xi-an", "610100"),
    ("恩施州", "422800"), ("恩施土家族苗族自治州", "422800"), ("恩施", "422800"), ("Enshi", "422800"),
    ("德清", "330521"), ("德清县", "330521"),
    ("深圳", "440300"), ("重庆", "500000"), ("苏州", "320500"), ("朝阳", "211300"),
    ("Shanxi", "140000"), ("Shaanxi", "610000"), ("香港", "810000"), ("Hong Kong", "810000"), ("澳门", "820000"),
    ("内蒙", "150000"), ("Inner Mongolia", "150000"), ("Hohhot", "150100"), ("Pudong New Area", "310115"),
])
def test_resolves(resolver, text, code):
    r = resolver.resolve(text)
    assert (r.status, r.adcode) == ("ok", code), r.message("en")


def test_same_code_is_not_ambiguous(resolver):
    r = resolver.resolve("北京")
    assert (r.adcode, r.level) == ("110000", "province") and len(r.candidates) == 1
    r = resolver.resolve("北京", level="city")
    assert (r.status, r.adcode, r.level) == ("ok", "110000", "city")
    r = resolver.resolve("110100")
    assert (r.adcode, r.level) == ("110000", "city")


def test_larger_unit_wins_but_others_are_listed(resolver):
    r = resolver.resolve("西安")
    assert r.adcode == "610100"
    assert {c.adcode for c in r.candidates} == {"610100", "220403", "231005"}  # 西安区 in 辽源 and 牡丹江
    assert r.candidates[0].adcode == "610100"
    assert "西安区" in r.message("zh") and "Xi'an District" in r.message("en")


def test_ambiguous_gulou(resolver):
    r = resolver.resolve("鼓楼区")
    assert r.status == "ambiguous" and r.adcode is None
    assert len(r.candidates) >= 3
    assert all(c.level == "county" and c.name_zh == "鼓楼区" and c.parent_zh for c in r.candidates)
    assert {"南京市", "福州市"} <= {c.parent_zh for c in r.candidates}
    zh, en = r.message("zh"), r.message("en")
    assert "鼓楼区" in zh and "南京市" in zh and "请指定" in zh
    assert "Gulou District" in en and "Nanjing" in en and "province or city" in en


def test_chaoyang_district_needs_an_area(resolver):
    r = resolver.resolve("朝阳区")
    assert r.status == "ambiguous"
    assert {c.adcode for c in r.candidates} == {"110105", "220104"}
    assert {c.parent_zh for c in r.candidates} == {"北京市", "长春市"}
    assert resolver.resolve("朝阳区", within="110000").adcode == "110105"
    assert resolver.resolve("朝阳区", within="220100").adcode == "220104"
    assert resolver.resolve("朝阳区", within="北京").adcode == "110105"
    assert resolver.resolve("朝阳区", within="110100").adcode == "110105"


def test_pinyin_collisions_stay_ambiguous(resolver):
    # 德清 (Zhejiang) and 德庆 (Guangdong) are both "Deqing" without tones: no rule can pick one.
    r = resolver.resolve("Deqing")
    assert r.status == "ambiguous" and {"330521", "441226"} <= {c.adcode for c in r.candidates}
    assert resolver.resolve("Deqing", within="330000").adcode == "330521"
    assert resolver.resolve("Deqing County", within="浙江").adcode == "330521"
    r = resolver.resolve("Suzhou")  # 苏州 and 宿州
    assert r.status == "ambiguous" and {"320500", "341300"} <= {c.adcode for c in r.candidates}
    assert "Jiangsu" in r.message("en") and "江苏省" in r.message("zh")


def test_unknown_with_suggestions(resolver):
    for text in ("西按", "Xiaan"):
        r = resolver.resolve(text)
        assert r.status == "unknown" and r.adcode is None
        assert any(s.startswith("西安市") for s in r.suggestions), r.suggestions
        assert any(s.startswith("Xi'an") for s in r.suggestions_en)
        assert 1 <= len(r.suggestions) <= 5
    zh = resolver.resolve("西按").message("zh")
    assert zh.startswith("未找到“西按”") and "您是不是要找" in zh and "西安市" in zh
    en = resolver.resolve("Xiaan").message("en")
    assert en.startswith('Unknown name "Xiaan"') and "did you mean" in en and "Xi'an" in en


def test_unknown_without_suggestions(resolver):
    r = resolver.resolve("zzzzqqqq")
    assert r.status == "unknown" and r.suggestions == []
    assert "6" in r.message("zh") and "adcode" in r.message("en")
    r = resolver.resolve("999999")
    assert r.status == "unknown"


def test_level_and_area_filters_explain_themselves(resolver):
    r = resolver.resolve("德清", level="city")
    assert r.status == "unknown" and any("德清县" in s for s in r.suggestions)
    r = resolver.resolve("深圳", within="110000")
    assert r.status == "unknown" and any("深圳市" in s for s in r.suggestions)
    with pytest.raises(ValueError):
        resolver.resolve("北京", level="town")
    with pytest.raises(ValueError):
        resolver.resolve("北京", within="no such place")


def test_resolve_many_keeps_order(resolver):
    out = resolver.resolve_many(["北京", "鼓楼区", "西按"])
    assert [r.status for r in out] == ["ok", "ambiguous", "unknown"]
    assert [r.query for r in out] == ["北京", "鼓楼区", "西按"]


def test_message_never_echoes_control_characters(resolver):
    r = resolver.resolve("\x00西\x1b按\u200b" + "x" * 200)
    for lang in ("zh", "en"):
        m = r.message(lang)
        assert "\x00" not in m and "\x1b" not in m and len(m) < 400


_texts = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=3000),
    st.sampled_from(["<script>alert(1)</script>", "<b>北京</b>", "\x00\x01\x02", "‮北京", "'; DROP TABLE x;--",
                     "110000\n", "１１０１００", "Ǆ", "ﬁ", "\ufeff深圳", " " * 50, "-", "'''", "鼓楼区" * 30]),
    st.builds(lambda a, b: a + b, st.sampled_from(["北京", "Xi'an", "鼓楼区", "西按", "110100"]), st.text(max_size=5)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_resolve_never_raises(text):
    r = _RESOLVER().resolve(text)
    assert r.status in STATUSES
    assert (r.adcode is not None) == (r.status == "ok")
    assert isinstance(r.message("zh"), str) and isinstance(r.message("en"), str)


_cache: dict = {}


def _RESOLVER() -> Resolver:  # hypothesis forbids function-scoped fixtures; build once per session
    if "r" not in _cache:
        _cache["r"] = Resolver()
    return _cache["r"]


# ------------------------------------------------------------------------------------------ aliases


@pytest.fixture(scope="module")
def aliases():
    from aizone.resolver import load_aliases

    return load_aliases()


def test_alias_table_rows_are_sourced_and_point_at_real_units(aliases):
    from aizone.provenance import read_sidecar
    from aizone.resolver import ALIASES

    read_sidecar(ALIASES, verify=True)
    gaz = gazetteer.load()
    known = set(zip(gaz["adcode"], gaz["level"]))
    for r in aliases.to_dict("records"):
        level = r["level"] if isinstance(r["level"], str) else None
        assert any(code == r["adcode"] and (level is None or lvl == level) for code, lvl in known), r
        assert str(r["source_url"]).startswith("http"), r
        assert isinstance(r["changed"], str) == (r["kind"] == "former_name"), r  # a date for every former name


def test_every_alias_resolves_to_its_unit(resolver, aliases):
    for r in aliases.to_dict("records"):
        res = resolver.resolve(r["alias"], level="city" if r["level"] == "city" else None)
        assert res.status == "ok" and res.adcode == r["adcode"], (r["alias"], res.message("en"))


@pytest.mark.parametrize("text,code", [("Peking", "110000"), ("Tientsin", "120000"), ("Amoy", "350200"),
                                       ("Canton", "440100"), ("Soochow", "320500"), ("Sian", "610100"),
                                       ("襄樊", "420600"), ("哲里木盟", "150500"), ("大庸", "430800")])
def test_old_and_foreign_names(resolver, text, code):
    assert resolver.resolve(text).adcode == code


def test_rivals_of_a_shared_name(resolver):
    r = resolver.rivals("吉林", "220200")
    assert r.status == "ambiguous" and [c.adcode for c in r.candidates] == ["220200", "220000"]
    assert [c.adcode for c in resolver.rivals("朝阳", "211300").candidates] == ["211300", "110105", "220104"]
    assert resolver.rivals("朝阳", "211300", within="辽宁") is None  # the Beijing and Changchun districts are out
    assert resolver.rivals("吉林", "220200", within="吉林") is None  # a province given settles city or province
    assert resolver.rivals("长沙", "430100") is None  # 长沙县 is inside 长沙
    assert resolver.rivals("Xi'an", "610100") is None  # "xian" is only a pinyin alias of the districts 西安区
    assert resolver.rivals("西安", "610100") is not None
    assert resolver.rivals("610100", "610100") is None


def test_suggestions_use_rapidfuzz():
    import aizone.resolver as mod

    assert not hasattr(mod, "difflib") and hasattr(mod, "process")
