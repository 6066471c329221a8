"""The candidates page in a real browser: a scenario file through the page's own uploader."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_scenario_json_upload_in_the_browser(page, app_server, artifacts):
    """Upload a broken and then a valid scenario file through the page's own uploader."""
    # Open the entry page first and wait until app.py has run (language switch drawn): on a server that has
    # never run app.py, Streamlit answers a deep link with its old pages/ auto-discovery instead of st.navigation.
    page.goto(f"{app_server}/?lang=en")
    page.wait_for_selector("text=Candidate assessment", timeout=120_000)
    page.goto(f"{app_server}/candidates?lang=en")
    try:
        page.wait_for_selector("h2:has-text('What-if scenarios')", timeout=180_000)
    except Exception:
        page.screenshot(path=str(artifacts / "candidates_timeout_en.png"), full_page=True)
        raise
    uploader = page.locator("[data-testid='stFileUploader']", has_text="Upload a scenario").first
    uploader.locator("input[type=file]").set_input_files(
        {"name": "broken.json", "mimeType": "application/json", "buffer": b'{"picks": [330200,'})
    page.wait_for_selector("text=not valid JSON", timeout=30_000)
    uploader.locator("input[type=file]").set_input_files(
        {"name": "a.json", "mimeType": "application/json",
         "buffer": b'{"format": "aizone-scenario", "version": 1, "picks": ["520100", "999999"]}'})
    page.wait_for_selector("text=Guiyang (Guizhou)", timeout=30_000)
    page.wait_for_selector("text=There is no unit with adcode 999999", timeout=30_000)
    page.wait_for_function("() => location.search.includes('scenario_a=520100')", timeout=30_000)
    page.screenshot(path=str(artifacts / "candidates_scenario_upload_en.png"), full_page=True)


def test_the_chosen_card_is_in_the_address_and_reopens(page, app_server, artifacts):
    """Choosing a city writes ?city=<adcode> into the address bar; opening that address opens the same card."""
    page.goto(f"{app_server}/?lang=en")
    page.wait_for_selector("text=Candidate assessment", timeout=120_000)
    page.goto(f"{app_server}/candidates?lang=en")
    page.wait_for_selector("h2:has-text('City card')", timeout=180_000)
    page.wait_for_function("() => /[?&]city=\\d{6}/.test(location.search)", timeout=30_000)  # the card shown on arrival
    box = page.get_by_label("Choose a city")
    box.click()
    box.fill("Qingdao")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('city=370200')", timeout=60_000)
    address = page.evaluate("location.href")
    page.goto(address)
    try:
        page.wait_for_selector("h3:has-text('Qingdao (Shandong) · 370200')", timeout=180_000)
    except Exception:
        page.screenshot(path=str(artifacts / "candidates_card_link_en.png"), full_page=True)
        raise
