"""The board in headless Chromium: screenshots at the projector's 1920x1080 in presenter mode and
at a 1366x768 laptop with the sidebar open, for each named scenario, saved to
test-artifacts/screenshots/board-*.png (and the heights to board-heights.json).

Presenter mode must need no scrolling for these typical patients: warnings, strategies and the
other options on one screen. On the laptop the board's strategies (with the warnings above them)
are in the first screen, the other options may follow below; nothing in a cell or an option row
may be cut off or overflow sideways, in either mode.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_for_app
from tests.ui.board_scenarios import SCENARIOS

pytestmark = pytest.mark.e2e

PRESENTER = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}
TOLERANCE_PX = 8  # rounding of fractional layout sizes
HEIGHTS = ARTIFACTS / "board-heights.json"

_MAIN_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
# What the content itself needs (scrollHeight never reports less than the window).
_CONTENT_HEIGHT = """() => Math.round(
  document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().height)"""
# Cells whose content is wider or taller than the cell (text cut off or spilling out).
_OVERFLOWING_CELLS = """() => [...document.querySelectorAll(
    '[class*="st-key-board-"][class*="-cell-"] button,'
    + ' [class*="st-key-board-"][class*="-options-"] button')]
  .filter(b => b.offsetParent !== null)
  .filter(b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
  .map(b => b.innerText.slice(0, 40))"""
# Where the last strategy column ends (the options beside a single column may go on below).
_STRATEGIES_BOTTOM = """() => Math.max(...[...document.querySelectorAll(
    '[class*="st-key-board-a-col-"]')].map(e => e.getBoundingClientRect().bottom))"""
_PAGE_OVERFLOWS_SIDEWAYS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return m.scrollWidth > m.clientWidth + 1; }"""


def _record(name: str, mode: str, height: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    heights = json.loads(HEIGHTS.read_text()) if HEIGHTS.exists() else {}
    heights.setdefault(name, {})[mode] = height
    HEIGHTS.write_text(json.dumps(heights, indent=2, sort_keys=True) + "\n")


def _open(browser, app_url: str, query: str, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(f"{app_url}/?{query}")
    wait_for_app(tab)
    tab.wait_for_selector(".st-key-board-a", timeout=60_000)
    tab.wait_for_timeout(800)  # fonts and the board's style settle
    return context, tab


@pytest.mark.parametrize("name", SCENARIOS)
def test_board_presenter_fits_a_projector(browser, app_url, name: str) -> None:
    context, tab = _open(browser, app_url, f"{SCENARIOS[name]}&presenter=1", PRESENTER)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"board-presenter-{name}.png"))
        height = int(tab.evaluate(_MAIN_HEIGHT))
        _record(name, "presenter 1920x1080, scrollHeight", height)
        _record(name, "presenter 1920x1080, content height", int(tab.evaluate(_CONTENT_HEIGHT)))
        assert tab.locator('[data-testid="stException"]').count() == 0
        assert height <= PRESENTER["height"] + TOLERANCE_PX, f"{name}: {height}px needs scrolling"
        assert not tab.evaluate(_OVERFLOWING_CELLS)
        assert not tab.evaluate(_PAGE_OVERFLOWS_SIDEWAYS)
    finally:
        context.close()


@pytest.mark.parametrize("name", SCENARIOS)
def test_board_fits_a_laptop_with_the_sidebar_open(browser, app_url, name: str) -> None:
    context, tab = _open(browser, app_url, SCENARIOS[name], LAPTOP)
    try:
        assert tab.locator('[data-testid="stSidebar"]').is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"board-laptop-{name}.png"))
        _record(name, "laptop 1366x768, page height", int(tab.evaluate(_MAIN_HEIGHT)))
        assert tab.locator('[data-testid="stException"]').count() == 0
        assert not tab.evaluate(_OVERFLOWING_CELLS)
        assert not tab.evaluate(_PAGE_OVERFLOWS_SIDEWAYS)
        # The strategies (and the warnings above them) in the first screen.
        bottom = round(tab.evaluate(_STRATEGIES_BOTTOM))
        _record(name, "laptop 1366x768, strategies bottom", bottom)
        assert bottom <= LAPTOP["height"] + TOLERANCE_PX, f"{name}: strategies end at {bottom}px"
        # The whole board at the laptop's width: a taller window, the same layout.
        box = tab.locator(".st-key-board-a").bounding_box()
        assert box is not None
        _record(name, "laptop 1366x768, board height", round(box["height"]))
        tall = {"width": LAPTOP["width"], "height": round(box["y"] + box["height"]) + 40}
        tab.set_viewport_size(tall)
        tab.wait_for_timeout(800)
        box = tab.locator(".st-key-board-a").bounding_box()
        assert box is not None
        tab.screenshot(path=str(ARTIFACTS / f"board-laptop-{name}-board.png"), clip=box)
    finally:
        context.close()


def test_a_cell_opens_the_figures_behind_it(browser, app_url) -> None:
    query = f"{SCENARIOS['relapsed-cart-planned']}&presenter=1"
    context, tab = _open(browser, app_url, query, PRESENTER)
    try:
        cell = tab.locator(
            ".st-key-board-a-col-tafa_len_now_cart_later-stage-tafa_len-cell-response button"
        ).first
        cell.click()
        body = tab.locator('[role="dialog"]').first
        body.wait_for(timeout=15_000)
        assert "doi.org" in body.inner_html()
        tab.screenshot(path=str(ARTIFACTS / "board-presenter-cell-opened.png"))
    finally:
        context.close()
