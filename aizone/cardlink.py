"""Which candidate card a link opens: ``?city=<adcode>`` read, checked, and explained when it cannot open.

Other widgets drop a bad URL value silently (``aizone.urlparams``: a link has nobody to show a message
to). The card is different: opening one city's card is the whole point of such a link, so showing another
city without a word would mislead. A code that opens no card says why (not an adcode, no such unit, already
a pilot zone, not a city-level candidate), and a county-level unit names the path it is assessed on so the
page can open that path instead of refusing the link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from aizone.scenarios import Vocabulary, check_codes

PARAM = "city"
_ADCODE = re.compile(r"[0-9]{6}")  # ASCII only: a full-width ３３０２００ is not quoted back as if it were a code


@dataclass(frozen=True)
class CardLink:
    """The card a link asks for: ``adcode`` and its ``path`` when it opens one; else ``problem``.

    ``problem`` names a locale key ``candidates.cardlink.<problem>``; ``code`` is the six-digit code the
    message may quote (never the raw text, which is anyone's input)."""

    adcode: str | None = None
    path: str | None = None
    problem: str | None = None
    code: str = ""


def read(raw: Sequence[str] | None, vocab: Vocabulary, paths: Mapping[str, str]) -> CardLink:
    """The card for the URL's ``city`` values (``None``: no such parameter); the first value counts.

    ``paths`` maps each candidate's adcode to the path it is assessed on (``city`` / ``county``).
    """
    if not raw:
        return CardLink()
    first = next((str(r).strip() for r in raw if str(r).strip()), "")
    if not first:
        return CardLink()
    if not _ADCODE.fullmatch(first):
        return CardLink(problem="bad_code")
    picks, problems = check_codes([first], vocab)
    if picks and picks[0] in paths:
        return CardLink(adcode=picks[0], path=paths[picks[0]])
    if not problems:  # a candidate of the vocabulary that the page does not assess
        return CardLink(problem="not_candidate", code=picks[0] if picks else "")
    p = problems[0]
    return CardLink(problem=p.code, code=str(p.params.get("code", "")) if p.code != "bad_code" else "")
