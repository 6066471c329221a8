"""aizone.ui.frame: text from the data is shown literally, and a source link only for a plain http(s) URL."""

from __future__ import annotations

import pytest

from aizone.ui import frame


def test_link_to_a_plain_url_escapes_its_parentheses():
    assert frame.link("https://example.org/a_(b)", "Source") == "[Source](https://example.org/a_%28b%29)"


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "ftp://example.org/x", "https://a b", "see https://x.org"])
def test_no_link_for_anything_else(url):
    assert frame.link(url, "Source") == ""


def test_plain_text_cannot_become_markdown():
    assert frame.plain("[x](y) *b*") == "\\[x\\]\\(y\\) \\*b\\*"
