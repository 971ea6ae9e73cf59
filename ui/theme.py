"""Colours, the favicon and presenter-mode styling. Nothing here is built from user input."""

from functools import cache

from PIL import Image, ImageDraw

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


@cache
def favicon() -> Image.Image:
    """Drawn here, not fetched: a Material or emoji icon would make the browser call a font CDN."""
    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((2, 2, 62, 62), radius=14, fill="#0072B2")
    draw.line((16, 44, 32, 20, 48, 44), fill="#FFFFFF", width=7)
    return image
