"""Print-friendly pages: what reaches paper is the figures, their captions and the source lines.

Streamlit draws the page inside fixed-height scrolling containers, so a browser's print shows only the
first screenful and includes the sidebar, toolbar and every control. One stylesheet, injected once per
run from app.py, undoes that for ``@media print`` only; the screen is untouched.
"""

from __future__ import annotations

import streamlit as st

# Controls and chrome that mean nothing on paper (data-testid values as of Streamlit 1.67).
HIDE = (
    '[data-testid="stSidebar"]', '[data-testid="stSidebarCollapsedControl"]', '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]', '[data-testid="stDecoration"]', '[data-testid="stStatusWidget"]',
    '[data-testid="stBottom"]', '[data-testid="stSidebarNav"]',
    '[data-testid="stButton"]', '[data-testid="stDownloadButton"]', '[data-testid="stFormSubmitButton"]',
    '[data-testid="stSelectbox"]', '[data-testid="stMultiSelect"]', '[data-testid="stRadio"]',
    '[data-testid="stCheckbox"]', '[data-testid="stSlider"]', '[data-testid="stDateInput"]',
    '[data-testid="stTextInput"]', '[data-testid="stNumberInput"]', '[data-testid="stTextArea"]',
    '[data-testid="stFileUploader"]', '[data-testid="stButtonGroup"]', '[data-testid="stSelectSlider"]',
    '[data-testid="stToggle"]', '[data-testid="stColorPicker"]', '[data-testid="stElementToolbar"]',
    ".modebar", ".modebar-container",
)

# Containers that scroll on screen must grow on paper, or only the first screen prints.
UNCLIP = (
    "html", "body", ".stApp", '[data-testid="stApp"]', '[data-testid="stAppViewContainer"]',
    '[data-testid="stMain"]', '[data-testid="stMainBlockContainer"]', "section.main", ".main",
)

KEEP_WHOLE = (
    '[data-testid="stPlotlyChart"]', '[data-testid="stBidiComponentRegular"]', '[data-testid="stImage"]',
    '[data-testid="stCaptionContainer"]',
    '[data-testid="stMetric"]', '[data-testid="stTable"]',
)


def stylesheet() -> str:
    hide = ",\n    ".join(HIDE)
    unclip = ",\n    ".join(UNCLIP)
    keep = ",\n    ".join(KEEP_WHOLE)
    return f"""<style>
@media print {{
  @page {{ size: A4 landscape; margin: 12mm; }}
  {hide} {{ display: none !important; }}
  {unclip} {{
    overflow: visible !important; height: auto !important; max-height: none !important;
    position: static !important;
  }}
  [data-testid="stMainBlockContainer"], .block-container {{
    padding: 0 !important; max-width: 100% !important; width: 100% !important;
  }}
  {keep} {{ break-inside: avoid; page-break-inside: avoid; }}
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: #374151 !important; }}
  h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
  * {{ -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }}
}}
</style>"""


def inject() -> None:
    """Add the print stylesheet to the current page (call once per run, before the page body)."""
    st.html(stylesheet())
