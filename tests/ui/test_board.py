"""The board on the Sequencing page (AppTest, real evidence base): for each named scenario the
board renders at the top with a column per applicable strategy, cells found by key, each opening
its figures with their DOI; presenter mode is the board alone (no fit grid, no charts); compare
mode puts both scenarios side by side, with their washout and charts, not in tabs. Expected
titles and figures come from the assessment, never typed here."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from evidence import load
from sequencing import assess
from sequencing.index import engine_index
from tests.ui.apptest import run_page, show_details
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from ui.board import basis, cell_details, cell_label
from views.board import NO_EVIDENCE, Board, build_board

BASE = load()


def _board(name: str) -> Board:
    parsed = url_state.parse_url(params(name))
    assert parsed.a.profile is not None
    assessment = assess(
        parsed.a.profile, BASE, leukapheresis_in_days=parsed.a.leukapheresis_in_days
    )
    return build_board(assessment, engine_index(BASE))


def _markdown(block: Any) -> list[str]:
    return [str(e.value) for e in block if getattr(e, "type", "") == "markdown"]


def _fit_grid_shown(at: AppTest) -> bool:
    return any("Setting" in frame.value.columns for frame in at.dataframe)


def _check_board(at: AppTest, board: Board, scenario: str = "a") -> None:
    root = at.get_by_key(f"board-{scenario}")
    assert root is not None
    for column in board.columns:
        key = f"board-{scenario}-col-{column.strategy_id}"
        block = at.get_by_key(key)
        assert f"#### {column.title}" in _markdown(block)
        for stage in column.stages:
            if all(cell.empty for cell in stage.cells) and stage.all_outside:
                # No figure at all: one line saying why, not four empty cells.
                outside = at.button(key=f"{key}-stage-{stage.id}-outside")
                assert "No published cohort here fits this patient" in outside.label
                continue
            for cell in stage.cells:
                button = at.button(key=f"{key}-stage-{stage.id}-cell-{cell.kind}")
                assert button.label == cell_label(cell)
                assert cell.text in button.label.replace("*", "").replace("\\", "")
                # The figures behind the cell are written only when it is opened.
                assert not _markdown(at.get_by_key(f"{key}-stage-{stage.id}-cell-{cell.kind}"))
                details = cell_details(cell).replace("\\", "")
                assert cell.label in details
                for figure in cell.figures:
                    assert figure.n in details
                    if figure.link:
                        assert figure.link in details
    for warning in board.warnings:
        button = at.button(key=f"board-{scenario}-warning-{warning.rule_id}")
        assert warning.title in button.label
    if board.not_applicable:
        lines = "\n".join(_markdown(at.get_by_key(f"board-{scenario}-not-applicable")))
        for item in board.not_applicable:
            assert item.title in lines and item.short in lines


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_board_renders_at_the_top(name: str) -> None:
    at = run_page("overview", params(name))
    assert not at.exception, at.exception
    _check_board(at, _board(name))
    # The rest of the page follows: cards (collapsed), then the charts and the fit grid, drawn
    # only once switched on (a run without them costs far less: benchmarks/README.md).
    assert not _fit_grid_shown(at) and not at.get("segmented_control")
    assert any("Considerations" in str(h.value) for h in at.subheader)
    show_details(at)
    assert not at.exception, at.exception
    assert _fit_grid_shown(at)
    assert at.segmented_control(key="a-strategy") is not None


@pytest.mark.parametrize("name", SCENARIOS)
def test_presenter_mode_is_the_board_alone(name: str) -> None:
    at = run_page("overview", params(name) | {"presenter": "1"})
    assert not at.exception, at.exception
    _check_board(at, _board(name))
    assert not _fit_grid_shown(at)
    assert not at.get("segmented_control")
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")
    assert not at.get("download_button")
    text = "\n".join(str(m.value) for m in at.markdown)
    assert "**Patient:**" in text
    assert any("Scenario link" in str(c.value) for c in at.caption)


def test_empty_cells_say_so_on_the_page() -> None:
    board = _board("relapsed-cart-planned")
    cell = board.columns[0].stages[0].cells[0]
    empty = type(cell)(cell.kind, "Overall response rate", "x", "ORR", NO_EVIDENCE, empty=True)
    assert cell_label(empty).startswith(f"***{NO_EVIDENCE}***")
    assert basis(empty) == ("no matched cohort", "reports it")


def test_the_partial_mark_is_on_the_cell_label() -> None:
    cells = [
        c for name in SCENARIOS for col in _board(name).columns for s in col.stages for c in s.cells
    ]
    assert any(c.partial for c in cells) and any(not c.partial and not c.empty for c in cells)
    for cell in cells:
        assert ("◐" in cell_label(cell)) == cell.partial


def test_compare_mode_shows_both_boards_washout_and_charts_side_by_side() -> None:
    a = params("recent-tafasitamab")
    at = run_page(
        "overview",
        a | {"compare": "1", "b_prior_lines": "3", "b_days_since_last_tafasitamab": "40"},
        details=True,
    )
    assert not at.exception, at.exception
    assert at.get_by_key("board-a") is not None and at.get_by_key("board-b") is not None
    # The sidebar's form has a tab per scenario; the details have none.
    assert [t.label for t in at.tabs] == ["Scenario A", "Scenario B"]
    assert at.segmented_control(key="a-strategy") and at.segmented_control(key="b-strategy")
    labels = [m.label for m in at.metric]
    assert labels.count("Days since the last dose") == 2
    assert [m.value for m in at.metric if m.label == "Days since the last dose"] == ["14", "40"]


def test_presenter_compare_shows_both_boards() -> None:
    at = run_page(
        "overview",
        params("early-cart-failure")
        | {"compare": "1", "b_months_cart_to_failure": "9", "presenter": "1"},
    )
    assert not at.exception, at.exception
    assert at.get_by_key("board-a") is not None and at.get_by_key("board-b") is not None
    assert not _fit_grid_shown(at)


def test_opening_a_cell_writes_its_figures_and_nothing_before() -> None:
    """A rerun sends what is on screen: the figures behind a cell reach the page only once the
    cell is opened (one dialog), never as hidden content of every cell."""
    at = run_page("overview", params("early-cart-failure"))
    board = _board("early-cart-failure")
    column = board.columns[0]
    stage = column.stages[0]
    cell = next(c for c in stage.cells if not c.empty)
    before = "\n".join(str(m.value) for m in at.markdown)
    figure = cell.figures[0]
    assert figure.quote is None or figure.quote[:30] not in before
    at.button(key=f"board-a-col-{column.strategy_id}-stage-{stage.id}-cell-{cell.kind}").click()
    at.run()
    assert not at.exception, at.exception
    after = "\n".join(str(m.value) for m in at.markdown)
    assert cell_details(cell) in after
