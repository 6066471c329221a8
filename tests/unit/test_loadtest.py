"""The load script's bookkeeping: what counts as an error and what is set apart (and why)."""

from tools import loadtest


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


class _Req:
    pass


class _Resp:
    def __init__(self, url: str, status: int):
        self.url, self.status, self.request = url, status, _Req()


def test_a_404_for_an_image_of_the_page_just_left_is_set_apart():
    res = _res()
    r = _Resp("http://x/media/ca4da60f0478bc8f332731808f58571f.png", 404)
    loadtest._response(res, 0, "methods", r, {r.request: "briefing"})
    assert res.summary()["errors"] == 0 and res.summary()["stale_media_404"] == 1


def test_a_404_for_an_image_of_the_page_on_screen_counts():
    res = _res()
    r = _Resp("http://x/media/ca4da60f0478bc8f332731808f58571f.png", 404)
    loadtest._response(res, 0, "briefing", r, {r.request: "briefing"})
    other = _Resp("http://x/app/static/geo/province_national_main.geojson", 404)
    loadtest._response(res, 0, "overview", other, {})
    assert res.summary()["errors_by_kind"] == {"http_404": 2}
