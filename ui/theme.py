"""Colours, the favicon and presenter-mode styling. Nothing here is built from user input."""

from functools import cache

from PIL import Image, ImageDraw

__all__ = [
    "BASE_CSS",
    "BOARD_CSS",
    "FIT_SHAPES",
    "OKABE_ITO",
    "PRESENTER_CSS",
    "SEVERITY_ICONS",
    "favicon",
]

# Every page: Streamlit draws captions at 60 % opacity, #828180 on white (3.9:1), below WCAG
# AA's 4.5:1 for normal text (axe-core, tests/e2e/test_accessibility.py); opaque #5c5b59 is 6.6:1.
BASE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #5c5b59; }
/* The chosen segment of a segmented control: red on pink is 4.47:1; a darker red is 6.2:1. */
[data-variant="segmented_control"][aria-checked="true"],
[data-variant="segmented_control"][aria-checked="true"] * { color: #a02530; }
</style>
"""

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "fits": "#009E73",  # bluish green
    "partial": "#E69F00",  # orange
    "outside": "#7F7F7F",  # grey
}
FIT_SHAPES = {"fits": "circle", "partial": "diamond", "outside": "cross"}
SEVERITY_ICONS = {
    "warning": ":material/warning:",
    "caution": ":material/error:",
    "info": ":material/info:",
}

# The board (ui/board.py): each cell is a popover button whose label is "**figure** *name*
# `basis`"; these rules lay the three out as lines, left-aligned, in dark text. Keys name the
# parts: board-<scenario>-...-cell-<row>, board-<scenario>-warning-<rule>, ...-context.
BOARD_CSS = """
<style>
/* The landing page leads with the board: less air above the title, a smaller title. */
[data-testid="stMainBlockContainer"] { padding-top: 1.6rem; }
/* With less air above the title, Streamlit's white header would hide its top: see through it
   (only its menu button is drawn, at the right, clear of the left-aligned title). */
[data-testid="stHeader"] { background: transparent; }
[data-testid="stMain"] h1 { font-size: 1.75rem; padding: 0.4rem 0 0.1rem 0; }
/* Four cells a row where a stage has room (about 36rem), else two: never three and one. */
[class*="st-key-board-"][class*="-cell-"] {
  flex: 1 1 calc((36rem - 100%) * 999); min-width: calc(25% - 0.5rem);
  max-width: calc(50% - 0.25rem);
}
[class*="st-key-board-"][class*="-cell-options"] { max-width: none; }
[class*="st-key-board-"][class*="-cell-"] button {
  height: 100%; padding: 0.25rem 0.35rem; justify-content: flex-start; align-items: flex-start;
  text-align: left; color: #000000; border: 1px solid #6b6b6b; min-height: 0;
}
[class*="st-key-board-"][class*="-cell-"] button > div { justify-content: flex-start; }
[class*="st-key-board-"][class*="-cell-"] button p,
[class*="st-key-board-"][class*="-cell-"] button [data-testid="stMarkdownContainer"] {
  text-align: left; margin: 0; line-height: 1.18; white-space: normal; overflow: visible;
  text-overflow: clip; overflow-wrap: normal; word-break: normal; hyphens: none;
}
[class*="st-key-board-"][class*="-cell-"] button strong {
  font-size: 1.5rem; line-height: 1.15; font-weight: 700; color: #000000; white-space: nowrap;
}
[class*="st-key-board-"][class*="-cell-"] button em {
  display: block; font-style: normal; font-weight: 400; color: #000000;
}
[class*="st-key-board-"][class*="-cell-"] button em strong { display: block; white-space: normal; }
[class*="st-key-board-"][class*="-cell-"] button code {
  display: block; background: none; padding: 0; font-family: inherit; font-size: 0.85rem;
  color: #1a1a1a; white-space: normal;
}
[class*="st-key-board-"][class*="-cell-"] button [data-testid="stIconMaterial"] { display: none; }
[class*="st-key-board-"][class*="-warning-"] button,
[class*="st-key-board-"][class*="-outside"] button {
  background: #fff1cc; border: 2px solid #8a4b00; color: #000000; justify-content: flex-start;
}
[class*="st-key-board-"][class*="-context"] { min-width: 12rem; flex: 1 1 12rem; }
[class*="st-key-board-"][class*="-context"] button { justify-content: flex-start; }
[class*="st-key-board-"] h4 { padding: 0 0 0.2rem 0; }
/* The other options: one left-aligned row each, the kind in bold, its basis in plain type. */
[class*="st-key-board-"][class*="-options-"] button {
  justify-content: flex-start; text-align: left; padding: 0.1rem 0.4rem; min-height: 0;
  color: #000000; border: 1px solid #6b6b6b;
}
[class*="st-key-board-"][class*="-options-"] button > div { justify-content: flex-start; }
[class*="st-key-board-"][class*="-options-"] button p {
  text-align: left; margin: 0; line-height: 1.2; white-space: normal;
}
[class*="st-key-board-"][class*="-options-"] button code {
  background: none; padding: 0; font-family: inherit; font-size: 0.85rem; color: #1a1a1a;
}
</style>
"""

PRESENTER_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stAppViewContainer"] { background: #ffffff; color: #000000; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 0.9rem 0.5rem; max-width: none; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.4rem; }
[data-testid="stHeader"] { background: transparent; height: 0; }
h1 { font-size: 1.4rem !important; padding: 0 0 0.25rem 0 !important; }
[data-testid="stMain"] [data-testid="stHeading"] { margin-bottom: 0.45rem; }
h2 { font-size: 2.0rem !important; } h3 { font-size: 1.6rem !important; }
[data-testid="stMarkdownContainer"] p, li { font-size: 1.05rem; line-height: 1.35; }
[data-testid="stExpander"] summary p { font-size: 1rem; line-height: 1.25; }
[data-testid="stExpander"] summary { padding-top: 0.1rem; padding-bottom: 0.1rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #1a1a1a !important; font-size: 1.0rem; opacity: 1;
}
[data-testid="stMain"] [class*="st-key-board-"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [class*="st-key-board-"] li { font-size: 1rem; line-height: 1.25; }
[data-testid="stMain"] [class*="st-key-board-"][class*="-cell-"] button p { line-height: 1.15; }
[data-testid="stMain"] [class*="st-key-board-"] h4 { font-size: 1.3rem !important; }
[data-testid="stMain"] [class*="st-key-board-"][class*="-cell-"] button strong {
  font-size: 1.6rem;
}
[data-testid="stMain"] [class*="st-key-board-"][class*="-cell-"] button code {
  font-size: 1rem; color: #000000;
}
[data-testid="stMain"] [class*="-columns-1"] [class*="-cell-"] button strong { font-size: 2.3rem; }
[data-testid="stMain"] [class*="-columns-1"] [class*="-cell-"] button p { font-size: 1.2rem; }
[data-testid="stMain"] [class*="-columns-1"] [class*="-cell-"] button code { font-size: 1.1rem; }
[data-testid="stPopoverBody"] p, [data-testid="stPopoverBody"] li { font-size: 1rem; }
[data-testid="stExpander"] summary { padding-top: 0.15rem; padding-bottom: 0.15rem; }
[class*="st-key-board-"][class*="-col-"][data-testid="stVerticalBlock"] {
  padding: 0.4rem 0.55rem; gap: 0.45rem;
}
[class*="st-key-board-"][class*="-stage-"][data-testid="stVerticalBlock"] { padding: 0; }
[class*="st-key-board-"][class*="-context"] button,
[class*="st-key-board-"][class*="-warning-"] button,
[class*="st-key-board-"][class*="-outside"] button {
  padding-top: 0.1rem; padding-bottom: 0.1rem; min-height: 0;
}
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
