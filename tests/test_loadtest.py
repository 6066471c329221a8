"""The load script's bookkeeping: what counts as an error and what is set apart (and why)."""

from aizone import loadtest


def _res() -> loadtest.Result:
    return loadtest.Result(url="http://x", sessions=1, seconds=1, replicas=1, pages=["overview"])


def test_a_replaced_charts_teardown_error_is_set_apart_and_reported():
    res = _res()
    loadtest._page_error(res, 0, "explorer", "Cannot read properties of undefined (reading 'typesetMath')")
    s = res.summary()
    assert s["errors"] == 0 and s["detached_chart_errors"] == 1


def test_every_other_script_error_counts():
    res = _res()
    for text in ("Unexpected error while fetching from app/static/geo/province_national_main.geojson",
                 "Cannot read properties of undefined (reading 'typesetMath') in my code",
                 "Cannot read properties of undefined (reading 'data')"):
        loadtest._page_error(res, 0, "balance", text)
    s = res.summary()
    assert s["errors"] == 3 and s["errors_by_kind"] == {"page_error": 3} and s["detached_chart_errors"] == 0
