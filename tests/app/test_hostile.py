"""Hostile and random input against every parser and every query parameter of every registered page.

What counts as handled:
* table contracts (schemas.validate / read_csv_text): a frame back, or a DataError whose every problem names
  the file and says what is wrong;
* the name resolver: a Resolution with a message in both languages (an unknown ``within`` area is a
  ValueError with a message: it comes from code, not from a user);
* uploads.parse_upload: never raises; a refused file has an error and every refused row a reason, both
  languages;
* scenarios.from_param / from_json: a scenario or None, every dropped part with a translatable reason;
* URL parameters (aizone.urlparams, and the pages through AppTest): a bad value is dropped silently and the
  widget falls back to its default — a link has nobody to show a message to; candidates' scenario links
  are the exception and show a warning naming the dropped codes.
Nothing a user types may come back as HTML or live markdown: no ``unsafe_allow_html``/``st.html`` on user
data (source check) and no hostile value verbatim in any rendered markdown (AppTest).

Cases are counted; ``AIZONE_HOSTILE=all`` sends every hostile value through every parameter of every page
(``python -m tools.report`` does).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import string
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy
from streamlit.testing.v1 import AppTest

from aizone import gazetteer, i18n, progress, scenarios, schemas, tables, uploads, urlparams
from aizone.resolver import Resolver
from tools.faults import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
FIGURES = os.environ.get("AIZONE_FIGURES_OUT")
FULL = os.environ.get("AIZONE_HOSTILE") == "all"
CASES: Counter = Counter()
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MARKUP = [v for v in HOSTILE if re.search(r"[<>\[\]]|javascript:", v)]


def count(test: str, n: int = 1) -> None:
    CASES[test] += n
    if FIGURES:
        with open(FIGURES, "a", encoding="utf-8") as f:
            f.write(json.dumps({"kind": "hostile", "case": test, "n": n, "ok": True}) + "\n")


# Text that is likely to hurt: HOSTILE values, random unicode (controls and surrogate-free planes), and
# plausible-looking codes and dates.
texts = hs.one_of(
    hs.sampled_from(HOSTILE),
    hs.text(max_size=80),
    hs.text(alphabet=string.digits + "-/. ", max_size=12),
    hs.from_regex(r"[1-9]\d{5}", fullmatch=True),
    hs.dates().map(date.isoformat),
)


@functools.cache
def resolver() -> Resolver:
    return Resolver()


@functools.cache
def vocab() -> scenarios.Vocabulary:
    gaz = gazetteer.load()
    zones = tables.load("pilot_zones")
    return scenarios.Vocabulary.build(gaz[gaz["level"] == "city"], zones, gaz)


# ------------------------------------------------------------------------------------------------ contracts

SCHEMAS = [tables.schema(n) for n in tables.TABLES] + [gazetteer.SCHEMA]


def _check_validate(df: pd.DataFrame, schema: schemas.Schema) -> None:
    try:
        out = schemas.validate(df, schema, f"{schema.name}.csv")
    except schemas.DataError as e:
        assert e.problems and all(p.file == f"{schema.name}.csv" and p.message for p in e.problems)
        assert f"{schema.name}.csv" in str(e)
    else:
        assert list(out.columns)[: len(schema.names)] == schema.names


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_validate_random_frames(schema):
    cols = hs.lists(hs.sampled_from(schema.names + ["<script>", "", "note "]), min_size=0, max_size=len(schema.names) + 2,
                    unique=True)

    @settings(max_examples=30, **SETTINGS)
    @given(cols, hs.data())
    def run(columns, data):
        rows = data.draw(hs.lists(hs.lists(texts, min_size=len(columns), max_size=len(columns)), max_size=5))
        df = pd.DataFrame(rows, columns=columns, dtype=object) if columns else pd.DataFrame(index=range(len(rows)))
        _check_validate(df, schema)
        count("validate_random")

    run()


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_validate_every_hostile_value_in_every_column(schema):
    """A real row of the shipped table with one cell replaced by each hostile value."""
    path = tables.path(schema.name) if schema.name in tables.TABLES else gazetteer.GAZETTEER
    base = schemas.read_csv_text(path).head(1)
    for col in schema.names:
        for v in HOSTILE[::3]:
            df = base.copy()
            df[col] = v
            _check_validate(df, schema)
            count("validate_hostile")


@settings(max_examples=150, **SETTINGS)
@given(hs.one_of(hs.binary(max_size=400), texts.map(lambda s: s.encode("utf-8", "surrogatepass")),
                 hs.lists(texts, max_size=6).map(lambda xs: ("a,b\n" + "\n".join(xs)).encode("utf-8", "surrogatepass"))))
def test_read_csv_text_never_raises_anything_but_data_error(blob):
    try:
        df = schemas.read_csv_text(io.BytesIO(blob), "upload.csv")
    except schemas.DataError as e:
        assert "upload.csv" in str(e)
    else:
        assert isinstance(df, pd.DataFrame)
    count("read_csv_text")


# ------------------------------------------------------------------------------------------------ resolver


@settings(max_examples=250, **SETTINGS)
@given(texts, hs.sampled_from([None, "province", "city", "county"]),
       hs.one_of(hs.none(), hs.sampled_from(["110000", "440000", "广东", "Zhejiang", "320500"]), texts))
def test_resolver(text, level, within):
    try:
        res = resolver().resolve(text, level=level, within=within)
    except ValueError as e:
        assert within is not None and "within" in str(e)
        count("resolver")
        return
    assert res.status in ("ok", "unknown", "ambiguous")
    if res.ok:
        assert re.fullmatch(r"\d{6}", res.adcode)
    for lang in ("zh", "en"):
        msg = res.message(lang)
        assert isinstance(msg, str) and msg
        assert len(msg) < 2000, "an overlong query is not echoed in full"
    count("resolver")


# ------------------------------------------------------------------------------------------------ uploads

HEADERS = ["城市", "adcode", "行政区划代码", "name", "区县", "省份", "级别", "AI核心产业规模（亿元）", "core_industry_bn_cny",
           "人口", "备注", "<b>x</b>", "", "=1+1"]  # 区县/省份/级别: the county path (a county column, level cells)


def _csv(header: list[str], rows: list[list[str]], sep: str) -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in (sep, '"', "\n", "\r")) else c
    return "\n".join(sep.join(cell(c) for c in r) for r in [header, *rows])


def _check_report(rep: uploads.UploadReport) -> None:
    if not rep.ok:
        assert all(n.message("zh") and n.message("en") for n in rep.errors)
    for r in rep.rejected:
        assert r.message("zh") and r.message("en") and r.line >= 1
    for n in rep.warnings:
        assert n.message("zh") and n.message("en")
    assert set(uploads.ACCEPTED_COLUMNS) <= set(rep.accepted.columns)
    assert rep.accepted["source"].eq("user").all() if len(rep.accepted) else True


@settings(max_examples=150, **SETTINGS)
@given(hs.lists(hs.sampled_from(HEADERS), min_size=1, max_size=5), hs.data(), hs.sampled_from([",", "\t", ";", "，"]),
       hs.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_parse_upload_generated_tables(header, data, sep, encoding):
    rows = data.draw(hs.lists(hs.lists(texts, min_size=len(header), max_size=len(header)), max_size=6))
    blob = _csv(header, rows, sep).encode(encoding, "replace")
    _check_report(uploads.parse_upload(blob, "x.csv", resolver=resolver()))
    count("parse_upload")


@settings(max_examples=60, **SETTINGS)
@given(hs.binary(max_size=2000), texts)
def test_parse_upload_random_bytes(blob, filename):
    _check_report(uploads.parse_upload(blob, filename, resolver=resolver()))
    count("parse_upload")


def test_parse_upload_limits_and_formats():
    r = resolver()
    cases = {
        "too large": b"a," * (uploads.MAX_BYTES // 2 + 10),
        "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "zip bomb-ish": b"PK\x03\x04" + b"\0" * 200,
        "many rows": ("城市,AI核心产业规模（亿元）\n" + "北京,1\n" * (uploads.MAX_ROWS + 50)).encode(),
        "wide": (",".join(f"c{i}" for i in range(5000)) + "\n").encode(),
        "nul": b"\x00" * 5000,
        "formula": "城市,AI核心产业规模（亿元）\n=HYPERLINK(\"http://x\"),=1+1\n".encode(),
    }
    for name, blob in cases.items():
        rep = uploads.parse_upload(blob, f"{name}.csv", resolver=r)
        _check_report(rep)
        if name in ("too large", "xls", "zip bomb-ish", "many rows", "nul"):
            assert not rep.ok, name
        count("parse_upload")


# ------------------------------------------------------------------------------------------------ scenarios


def _check_problems(problems: list[scenarios.Problem]) -> None:
    for p in problems:
        for lang in ("zh", "en"):
            msg = i18n.t(f"candidates.err.{p.code}", lang, **{k: str(v) for k, v in p.params.items()})
            assert msg
        assert all(len(str(v)) <= 80 for v in p.params.values()), "echoed parts are shortened"


@settings(max_examples=150, **SETTINGS)
@given(hs.one_of(hs.none(), texts, hs.lists(texts, max_size=60).map(",".join)))
def test_scenario_from_param(text):
    sc, problems = scenarios.from_param(text, vocab())
    assert len(sc.picks) <= scenarios.MAX_PICKS and all(c in vocab().candidates for c in sc.picks)
    _check_problems(problems)
    count("scenario_param")


json_values = hs.recursive(hs.none() | hs.booleans() | hs.integers() | hs.floats() | texts,
                           lambda c: hs.lists(c, max_size=5) | hs.dictionaries(texts, c, max_size=5), max_leaves=20)


@settings(max_examples=150, **SETTINGS)
@given(hs.one_of(
    json_values.map(lambda v: json.dumps(v)),
    hs.fixed_dictionaries({"format": hs.sampled_from(["aizone-scenario", "x"]), "version": hs.sampled_from([1, 2, "1"]),
                           "name": texts, "picks": hs.lists(hs.one_of(texts, hs.integers()), max_size=50)}).map(json.dumps),
    texts, hs.binary(max_size=300)))
def test_scenario_from_json(payload):
    sc, problems = scenarios.from_json(payload, vocab())
    if sc is None:
        assert problems
    else:
        assert len(sc.name) <= scenarios.MAX_NAME and len(sc.picks) <= scenarios.MAX_PICKS
    _check_problems(problems)
    count("scenario_json")


def test_scenario_json_nesting_and_size():
    for payload in ("[" * 100_000 + "]" * 100_000, '{"picks": ["110000"]' + " " * 30_000 + "}", b"\xff\xfe{}"):
        sc, problems = scenarios.from_json(payload, vocab())
        assert sc is None and problems
        _check_problems(problems)
        count("scenario_json")


# ------------------------------------------------------------------------------------------------ URL values

OPTION_SETS = [
    (("zh", "en"), "zh", False, None),
    (("JJJ", "YRD", "YRD-core", "GBA", "YREB", "CY"), [], True, None),
    (None, True, False, lambda s: s == "1"),
    (None, date(2025, 1, 1), False, urlparams.parse_date),
    (None, date(2025, 1, 1), False, lambda s: progress.parse_as_of(s, date(2019, 1, 1), date(2026, 1, 1))),
    (None, 1.0, False, float),
]


@settings(max_examples=250, **SETTINGS)
@given(hs.sampled_from(range(len(OPTION_SETS))), hs.one_of(hs.none(), hs.lists(texts, max_size=80)))
def test_url_values(which, raw):
    options, default, multi, parse = OPTION_SETS[which]
    out = urlparams.from_values(raw, options, default, multi, parse)
    if multi:
        assert isinstance(out, list) and len(out) == len(set(out)) and all(v in options for v in out)
    elif options is not None:
        assert out == default or out in options
    if raw is None or not raw:
        assert out == default
    if raw and all(len(r) > urlparams.MAX_VALUE_CHARS for r in raw):
        assert out == default
    count("url_values")


# ------------------------------------------------------------------------------------------------ no HTML


SOURCE_FILES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("aizone/**/*.py"), ROOT / "app.py"])
# (file, line text) pairs reviewed: constants only, no user data.
HTML_ALLOWED = {("aizone/ui/print.py", "st.html(stylesheet())"),
                ("aizone/ui/geoassets.py", "st.html(BODY, unsafe_allow_javascript=True)")}


def test_no_html_rendering_of_user_data():
    found = []
    for f in SOURCE_FILES:
        for line in f.read_text(encoding="utf-8").splitlines():
            code = line.split("#")[0]
            if re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.v1|components\.html|\.html\(", code):
                found.append((str(f.relative_to(ROOT)), code.strip()))
    unexpected = [x for x in found if x not in HTML_ALLOWED]
    assert not unexpected, f"review these for user data, then allow them here: {unexpected}"
    from aizone.ui import print as printing
    import inspect
    assert not inspect.signature(printing.stylesheet).parameters, "the print stylesheet takes no input"
    from aizone.ui import geoassets
    assert not inspect.signature(geoassets.install).parameters and isinstance(geoassets.BODY, str)
    count("html_sources", len(SOURCE_FILES))


# ------------------------------------------------------------------------------------------------ pages


@contextlib.contextmanager
def recording_keys():
    """Record every query-parameter key a page reads (url_widget and direct st.query_params use)."""
    seen: set[str] = set()
    orig_get, orig_all = QueryParamsProxy.__getitem__, QueryParamsProxy.get_all

    def getitem(self, key):
        seen.add(key)
        return orig_get(self, key)

    def get_all(self, key):
        seen.add(key)
        return orig_all(self, key)

    QueryParamsProxy.__getitem__, QueryParamsProxy.get_all = getitem, get_all
    try:
        yield seen
    finally:
        QueryParamsProxy.__getitem__, QueryParamsProxy.get_all = orig_get, orig_all


def entry_for(page: str) -> str:
    """app.py with ``page`` as the landing page: what a browser opening ``/<page>?params`` gets. (AppTest
    always starts at the default page, and state a first run leaves would hide the URL from later pages.)"""
    src = (ROOT / "app.py").read_text(encoding="utf-8").replace(", default=True", "")
    src = src.replace(f'st.Page("{page}",', f'st.Page("{page}", default=True,')
    return src.replace('st.Page("pages/', f'st.Page("{ROOT}/pages/')


def open_page(page: str, params: dict) -> AppTest:
    at = AppTest.from_string(entry_for(page), default_timeout=240)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


@functools.cache
def page_keys() -> dict[str, tuple[str, ...]]:
    """The query parameters each page reads, found by opening it (so new pages and new widgets are covered)."""
    out = {}
    for page in PAGES:
        with recording_keys() as seen:
            open_page(page, {"lang": "en"})
        out[page] = tuple(sorted(seen | {"lang"}))
    return out


def markdown_bodies(at: AppTest) -> list[tuple[str, bool]]:
    """Every markdown-rendered text (markdown, caption, titles, alerts) with its allow_html flag."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "allow_html") and hasattr(proto, "body"):
            out.append((proto.body, proto.allow_html))
        elif proto is not None and hasattr(proto, "body") and isinstance(getattr(proto, "body"), str):
            out.append((proto.body, False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def check_page(at: AppTest, values: list[str]) -> list[str]:
    problems = [f"traceback: {e.value[:200]}" for e in at.exception]
    problems += [f"error: {e.value[:200]}" for e in at.error]
    if not at.title:
        problems.append("no title")
    for body, allow_html in markdown_bodies(at):
        if allow_html:
            problems.append(f"HTML allowed in {body[:80]!r}")
        for v in values:
            if v in MARKUP and v in body:
                problems.append(f"hostile markup rendered verbatim: {v!r}")
    return problems


def rounds(keys: tuple[str, ...]) -> list[dict]:
    """Assign hostile values to every key: each key gets a different value in each round; the last round repeats."""
    values = [v for v in HOSTILE if len(v) <= 2000]
    n = len(values) if FULL else 4
    out = []
    for r in range(n):
        out.append({k: values[(r * 7 + j * 13) % len(values)] for j, k in enumerate(keys)})
    out.append({k: [values[(j * 5) % len(values)], "<script>alert(1)</script>", "../../etc/passwd"]
                for j, k in enumerate(keys)})
    return out


@pytest.mark.parametrize("page", PAGES)
def test_page_query_params(page):
    keys = page_keys()[page]
    assert "lang" in keys
    failures = []
    for params in rounds(keys):
        at = open_page(page, params)
        vals = [x for v in params.values() for x in (v if isinstance(v, list) else [v])]
        for p in check_page(at, vals):
            failures.append(f"{params}: {p}")
        count("page_params", len(keys))
    assert not failures, "\n".join(failures[:10])


def test_script_in_params_is_never_markup():
    evil = "<script>alert(1)</script>"
    keys = page_keys()[PAGES[0]]
    at = open_page(PAGES[0], {k: evil for k in keys})
    assert not at.exception and not at.error
    for body, allow_html in markdown_bodies(at):
        assert not allow_html
        assert evil not in body
    assert at.session_state["lang"] == "zh", "unknown language falls back to the default"
    count("page_params", len(keys))


def test_hostile_upload_on_the_page():
    """Markup in an uploaded CSV and scenario file goes through the candidates page without becoming markup."""
    page = "pages/candidates.py"
    assert page in PAGES, "the candidates page is registered in app.py"
    at = open_page(page, {"lang": "en"})
    ups = at.get("file_uploader")
    csv_up = next((u for u in ups if ".csv" in list(u.proto.type)), None)
    json_up = next((u for u in ups if list(u.proto.type) == [".json"]), None)
    assert csv_up is not None and json_up is not None, "upload panel and scenario upload are on the page"
    rows = "\n".join(f"{v.replace(',', ' ')},{i}" for i, v in enumerate(MARKUP))
    csv_up.set_value(("<img src=x onerror=alert(1)>.csv", f"城市,AI核心产业规模（亿元）\n北京,5\n{rows}\n".encode(), "text/csv"))
    scenario = {"format": "aizone-scenario", "version": 1, "name": "<script>alert(1)</script>",
                "picks": ["330200", "<img src=x onerror=alert(1)>", "../../etc/passwd", "[x](javascript:alert(1))"]}
    json_up.set_value(("s.json", json.dumps(scenario).encode(), "application/json"))
    at.run()
    problems = check_page(at, MARKUP + ["<img src=x onerror=alert(1)>.csv"])
    assert not problems, problems
    labels = {m.label for m in at.metric}
    assert i18n.t("uploads.metric_accepted", "en") in labels, "the upload was read and its report shown"
    warned = " ".join(w.value for w in at.warning)
    assert warned, "the dropped scenario codes are reported"
    count("upload_page", len(MARKUP) + 1 + len(scenario["picks"]) + 1)


def test_zz_total_cases(request):
    """At least 1,000 cases in a full run of this module (skipped when only part of it ran)."""
    ran = {i.name for i in request.session.items if i.module is request.module}
    every = {"test_validate_random_frames", "test_resolver", "test_parse_upload_generated_tables",
             "test_scenario_from_json", "test_url_values", "test_page_query_params"}
    if not all(any(n.startswith(e) for n in ran) for e in every):
        pytest.skip("partial run")
    total = sum(CASES.values())
    print(f"\nhostile cases: {total} {dict(CASES)}")
    assert total >= 1000, dict(CASES)
