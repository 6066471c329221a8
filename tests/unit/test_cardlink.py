"""Reading ?city= for the candidate card: a code that opens no card says why; a county-level unit names its path."""

from __future__ import annotations

import pandas as pd

from aizone import cardlink
from aizone.scenarios import Vocabulary

UNITS = pd.DataFrame({"adcode": ["330200", "429004"], "path": ["city", "county"]})
ZONES = pd.DataFrame({"adcode": ["330100"]})
GAZ = pd.DataFrame({"adcode": ["330000", "330100", "330200", "429004", "110000"],
                    "aliases": ["", "", "", "", "110100"]})
VOCAB = Vocabulary.build(UNITS, ZONES, GAZ)
PATHS = dict(zip(UNITS["adcode"], UNITS["path"]))


def read(*raw):
    return cardlink.read(list(raw) if raw else None, VOCAB, PATHS)


def test_no_parameter_is_no_card_and_no_problem():
    assert read() == cardlink.CardLink()
    assert cardlink.read([], VOCAB, PATHS) == cardlink.CardLink()
    assert read(" ") == cardlink.CardLink()


def test_a_candidate_opens_with_its_path():
    assert read("330200") == cardlink.CardLink(adcode="330200", path="city")
    assert read(" 429004\n") == cardlink.CardLink(adcode="429004", path="county")
    assert read("330200", "999999").adcode == "330200", "the first value counts"


def test_each_problem_is_named():
    assert read("999999") == cardlink.CardLink(problem="unknown_code", code="999999")
    assert read("330100") == cardlink.CardLink(problem="already_zone", code="330100")
    assert read("330000") == cardlink.CardLink(problem="not_candidate", code="330000")
    assert read("110100").problem == "not_candidate", "an old code is read as its canonical unit"


def test_text_that_is_not_a_code_is_not_quoted_back():
    for raw in ("<script>alert(1)</script>", "33020", "3302000", "x" * 5000, "３３０２００"):
        link = read(raw)
        assert link.problem == "bad_code" and link.code == "" and link.adcode is None, raw
