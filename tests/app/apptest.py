"""Running a page of the app under AppTest the way a user reaches it: app.py first, then the page."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_page(page: str, lang: str, check: bool = True, *, session: dict | None = None, timeout: float = 120,
             **params) -> AppTest:
    """Run app.py with ``params`` in the URL and ``session`` in its state, switch to ``page``; with ``check``
    assert no exception or error box."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    for k, v in (session or {}).items():
        at.session_state[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
    return at


def live_maps(at: AppTest) -> list[tuple[str, dict]]:
    """The maps drawn with ``aizone.ui.livemap`` on the page: (the bytes sent, as text; the payload)."""
    from aizone.ui import livemap

    out = []
    for el in at.get("bidi_component"):
        if el.proto.component_name == "aizone.livemap":
            raw = el.proto.bytes.decode() if el.proto.WhichOneof("data") == "bytes" else el.proto.json
            out.append((raw, livemap.unpack(raw)))
    return out


def live_map(at: AppTest) -> tuple[str, dict]:
    """The page's one live map: (the bytes sent, as text; its plotly figure)."""
    maps = live_maps(at)
    assert len(maps) == 1, f"{len(maps)} live maps on the page"
    raw, payload = maps[0]
    return raw, payload["figure"]
