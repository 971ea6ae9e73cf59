"""Colours and presenter-mode styling. Constants only: nothing here is built from user input."""

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "fits": "#009E73",  # bluish green
    "partial": "#E69F00",  # orange
    "outside": "#7F7F7F",  # grey
}
FIT_LABELS = {"fits": "Fits", "partial": "Partly fits", "outside": "Outside"}
FIT_SHAPES = {"fits": "circle", "partial": "diamond", "outside": "cross"}
SEVERITY_ICONS = {
    "warning": ":material/warning:",
    "caution": ":material/error:",
    "info": ":material/info:",
}

PRESENTER_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stAppViewContainer"] { background: #ffffff; color: #000000; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
h1 { font-size: 2.6rem !important; } h2 { font-size: 2.0rem !important; }
h3 { font-size: 1.6rem !important; }
[data-testid="stMarkdownContainer"] p, li { font-size: 1.25rem; line-height: 1.5; }
[data-testid="stCaptionContainer"] { color: #222222 !important; font-size: 1.05rem; }
</style>
"""
