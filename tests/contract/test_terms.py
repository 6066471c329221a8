"""One name per thing: the four macro regions and the YRD's central area each have one term, in both languages.

NBS names the split 东部、中部、西部和东北四大地区; the Yangtze River Delta plan outline (2019) names the 27
cities its 中心区. The retired variants named the same things differently on different pages. The check
reads every locale file, page, core module (exports are built there) and shipped note (sidecars, the data
package, the README); the source tables are left alone, since they quote documents as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TERMS = {"四大地区": ("四大板块", "四大区域", "板块"), "中心区": ("核心区",),
         "macro regions": ("four regions", "four economic regions", "major regions"),
         "core area": ("central area", "core zone")}


def shipped_texts() -> list[Path]:
    files = [*sorted((ROOT / "aizone" / "locales").glob("*.json")), ROOT / "app.py", ROOT / "README.md",
             *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "aizone").rglob("*.py")),
             *sorted((ROOT / "data").rglob("*.meta.json")), ROOT / "data" / "datapackage.json"]
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("term, retired", TERMS.items())
def test_retired_names_are_gone(term, retired):
    pattern = re.compile("|".join(map(re.escape, retired)), re.IGNORECASE)
    hits = []
    for f in shipped_texts():
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            for m in pattern.finditer(line):
                hits.append(f"{f.relative_to(ROOT)}:{n}: {m.group(0)!r} (say {term!r})")
    assert not hits, "\n".join(hits)


def test_the_chosen_names_are_used():
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted((ROOT / "aizone" / "locales").glob("*.json")))
    for term in TERMS:
        assert term in text.lower() or term in text, term
