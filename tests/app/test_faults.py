"""A damaged data file gives a message naming it, never a traceback, and pages that do not read it still work.

Each case is a copy of the data directory with one file damaged (tools.faults), and the app is run
against it through ``AIZONE_DATA`` as a server would be started. Paths are read from ``AIZONE_DATA`` at
import, so the harness re-imports ``aizone`` for each case and clears Streamlit's caches, and puts the
original modules back afterwards (other tests in the same process keep theirs).

Two levels: every fault against the loader the app uses (fast, all cases), and every registered page under
AppTest for a sample of faults (all of them with ``AIZONE_FAULTS=all``; ``python -m tools.report``
runs that). Copies live under ``build/`` because the methods page shows paths relative to the repository;
``test_data_dir_outside_repo`` covers the other case.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from aizone import integrity, provenance
from tools import faults as rel

ROOT = Path(__file__).resolve().parents[2]
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
WORK = ROOT / "build" / "faults"
SHIPPED = ROOT / "data"
FIGURES = os.environ.get("AIZONE_FIGURES_OUT")  # the figures command collects case counts here

FAULTS = rel.all_faults(SHIPPED)
# Files the pages never read (their sidecars are checked, their contents not): the name overrides and the
# seats of government feed the gazetteer build; the guideline text is cited through its sidecar; the regional/county layers and the outline
# are build inputs of static/geo (the browser draws those). Damage to their contents goes unnoticed by design,
# and the full run checks that it does (so this list stays true). The name aliases are read by the resolver,
# which a page builds only when a file is uploaded (test_loader_names_the_file covers their contract); the seats
# feed the gazetteer build.
NOT_READ = {"reference/name_overrides.csv", "reference/name_aliases.csv", "reference/seats.csv",
            "sources/guideline_2020_254.txt", "boundaries/outline.parquet", "datapackage.json",
            "boundaries/city_regional.parquet", "boundaries/county_national.parquet",
            "boundaries/county_regional.parquet", "boundaries/province_regional.parquet"}
# Views besides each page's default, so files read only there are exercised too.
EXTRA_VIEWS = {"pages/explorer.py": {"zoom": "YRD", "indicator": "gdp", "level": "city"}}
# A table cut inside its last (free-text) cell keeps every row's field count; schemas.read_csv_text catches it
# by the missing final line break, so no truncation passes silently any more.

APP_SAMPLE = [
    "tables/pilot_zones.csv:truncated",
    "tables/pilot_zones.csv:bad_sidecar",
    "gazetteer.csv:not_utf8",
    "tables/strategy_members.csv:bad_adcode",
    "tables/city_stats.csv:missing_column",
    "tables/high_tech_zones.csv:unknown_adcode",
    "boundaries/province_national.parquet:random_bytes",
    "boundaries/strategies_national.parquet:missing_column",
    "boundaries/strategies_regional.parquet:missing",
    "sources/guideline_2020_254.txt:bad_sidecar",
]


def _record(kind: str, case: str, ok: bool) -> None:
    if FIGURES:
        with open(FIGURES, "a", encoding="utf-8") as f:
            f.write(json.dumps({"kind": kind, "case": case, "ok": ok}) + "\n")


@pytest.fixture()
def workdir():
    WORK.mkdir(parents=True, exist_ok=True)
    d = Path(tempfile.mkdtemp(dir=WORK))
    yield d
    rel.remove(d)


def test_shipped_data_is_intact():
    assert integrity.damaged(SHIPPED) == [], "the checks below tell damage from bugs by the sidecar checksums"


def test_fault_list_covers_every_file_and_mode():
    files = {f.rel for f in FAULTS}
    assert files == set(integrity.shipped_files(SHIPPED))
    tables = [f for f in files if f.startswith("tables/")]
    assert len(tables) >= 15
    for t in tables:
        modes = {f.mode for f in FAULTS if f.rel == t}
        assert {"missing", "truncated", "not_utf8", "missing_column", "bad_sidecar"} <= modes, t
        kinds = {c.kind for c in rel.csv_schema(t).columns}
        if kinds & {"adcode", "adcodes", "int", "float"}:  # documents.csv has neither
            assert modes & {"bad_adcode", "text_in_number"}, t
        assert modes & {"bad_category", "duplicate_key"}, t
    for b in (f for f in files if f.endswith(".parquet")):
        assert {"missing", "truncated", "random_bytes", "missing_column", "bad_sidecar"} <= {
            f.mode for f in FAULTS if f.rel == b}, b


def test_broken_copy_leaves_shipped_files_alone(workdir):
    f = rel.Fault("tables/pilot_zones.csv", "truncated", "")
    before = (SHIPPED / f.rel).read_bytes()
    d = rel.broken_copy(f, workdir / "data", SHIPPED)
    assert (SHIPPED / f.rel).read_bytes() == before
    assert not (d / f.rel).is_symlink() and len((d / f.rel).read_bytes()) < len(before)
    assert (d / "gazetteer.csv").is_symlink()
    assert integrity.damaged(d) == ["tables/pilot_zones.csv (changed)"]


@pytest.mark.parametrize("fault", [pytest.param(f, id=f.id) for f in FAULTS if f.mode != "unknown_adcode"])
def test_loader_names_the_file(fault, workdir):
    d = rel.broken_copy(fault, workdir / "data", SHIPPED)
    ok = False
    try:
        with pytest.raises((ValueError, OSError)) as err:
            if fault.touches_sidecar:
                provenance.read_sidecar(d / fault.rel)
            else:
                rel.load_file(fault.rel, d)
        assert fault.name in str(err.value), str(err.value)
        assert "Traceback" not in str(err.value)
        ok = True
    finally:
        _record("fault_loader", fault.id, ok)


# ------------------------------------------------------------------------------------------------ app level


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@contextlib.contextmanager
def app_on(data_dir: Path):
    """Import aizone afresh with AIZONE_DATA=data_dir (as a new server would), and restore everything after."""
    saved = {k: m for k, m in sys.modules.items() if k == "aizone" or k.startswith("aizone.")}
    old = os.environ.get("AIZONE_DATA")
    os.environ["AIZONE_DATA"] = str(data_dir)
    for k in saved:
        del sys.modules[k]
    _clear_caches()
    try:
        yield
    finally:
        for k in [k for k in sys.modules if k == "aizone" or k.startswith("aizone.")]:
            del sys.modules[k]
        sys.modules.update(saved)
        if old is None:
            os.environ.pop("AIZONE_DATA", None)
        else:
            os.environ["AIZONE_DATA"] = old
        _clear_caches()


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _outcome(at: AppTest) -> dict:
    return {"exceptions": [str(e.value) for e in at.exception],
            "errors": [unescape(e.value) for e in at.error],
            "warnings": [unescape(w.value) for w in at.warning],
            "titles": [m.value for m in at.title]}


def entry_for(page: str) -> str:
    """app.py landing on ``page`` (what a browser opening /<page>?params gets)."""
    src = (ROOT / "app.py").read_text(encoding="utf-8").replace(", default=True", "")
    src = src.replace(f'st.Page("{page}",', f'st.Page("{page}", default=True,')
    return src.replace('st.Page("pages/', f'st.Page("{ROOT}/pages/')


def visit_all(lang: str = "en") -> dict[str, dict]:
    """One session walks through every registered page, as an analyst would; then the extra views."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.query_params["lang"] = lang
    out = {}
    for i, page in enumerate(PAGES):
        if i:
            at.switch_page(page)
        at.run()
        out[page] = _outcome(at)
    for page, params in EXTRA_VIEWS.items():
        if page in PAGES:
            extra = AppTest.from_string(entry_for(page), default_timeout=240)
            for k, v in {"lang": lang, **params}.items():
                extra.query_params[k] = v
            out[f"{page}?{'&'.join(f'{k}={v}' for k, v in params.items())}"] = _outcome(extra.run())
    return out


def check_case(fault: rel.Fault, outcome: dict[str, dict]) -> list[str]:
    """Everything that is wrong with how the pages met this fault (empty = handled)."""
    problems = []
    noticed = []
    for page, o in outcome.items():
        if o["exceptions"]:
            problems.append(f"{page}: traceback {o['exceptions'][0][:200]}")
        for e in o["errors"]:
            if fault.name not in e:
                problems.append(f"{page}: error not naming {fault.name}: {e[:200]}")
            if "Traceback" in e or 'File "' in e:
                problems.append(f"{page}: error shows a traceback")
        if o["errors"] or any(fault.name in w and ".meta.json" in w for w in o.get("warnings", [])):
            noticed.append(page)
        elif not o["titles"]:
            problems.append(f"{page}: neither a title nor a message")
    content = fault.mode != "unknown_adcode" and not fault.touches_sidecar
    if (content or fault.touches_sidecar) and fault.rel not in NOT_READ and not noticed:
        problems.append(f"no page noticed {fault.id}")
    if content and fault.rel in NOT_READ and noticed:
        problems.append(f"{fault.rel} is listed as not read, but {noticed} noticed {fault.mode}")
    return problems


def _app_cases():
    wanted = None if os.environ.get("AIZONE_FAULTS") == "all" else set(APP_SAMPLE)
    out = []
    for f in FAULTS:
        if wanted is not None and f.id not in wanted:
            continue
        out.append(pytest.param(f, id=f.id))
    return out


@pytest.mark.parametrize("fault", _app_cases())
def test_app_level(fault, workdir):
    d = rel.broken_copy(fault, workdir / "data", SHIPPED)
    problems = ["not run"]
    try:
        with app_on(d):
            outcome = visit_all()
        problems = check_case(fault, outcome)
        assert not problems, "\n".join(problems)
    finally:
        _record("fault_app", fault.id, not problems)


def test_intact_copy_runs_every_page_clean(workdir):
    """The harness itself: a symlinked copy of intact data gives no message anywhere."""
    d = rel.clean_copy(workdir / "data", SHIPPED)
    with app_on(d):
        outcome = visit_all()
    bad = {p: o for p, o in outcome.items() if o["exceptions"] or o["errors"] or not o["titles"]}
    assert not bad, bad


def test_guard_lets_bugs_through_when_data_is_intact():
    """A KeyError with every file matching its sidecar is a bug: it must surface, not become a message."""
    script = """
import streamlit as st
from aizone.ui import frame
with frame.guard("en"):
    st.title("x")
    {}["no such key"]
"""
    at = AppTest.from_string(script, default_timeout=60).run()
    assert at.exception, "the KeyError must surface (its text is redacted by showErrorDetails = none)"
    assert not at.error


def test_data_dir_outside_repo():
    with tempfile.TemporaryDirectory() as t:
        d = rel.clean_copy(Path(t) / "data", SHIPPED)
        with app_on(d):
            outcome = visit_all()
    bad = {p: o["errors"] or o["exceptions"] for p, o in outcome.items() if o["exceptions"] or o["errors"]}
    assert not bad, bad


def test_env_var_in_a_fresh_process(workdir):
    """Without the re-import trick: a new interpreter started with AIZONE_DATA set, as the server is."""
    f = rel.Fault("tables/pilot_zones.csv", "missing", "")
    d = rel.broken_copy(f, workdir / "data", SHIPPED)
    code = (
        "import json; from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=240)\n"
        "at.query_params['lang'] = 'en'; at.run()\n"
        "print(json.dumps({'exc': [str(e.value) for e in at.exception], 'err': [e.value for e in at.error]}))\n"
    )
    env = dict(os.environ, AIZONE_DATA=str(d), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert not res["exc"] and res["err"] and "pilot_zones.csv" in unescape(res["err"][0])
