"""The strategy cards (views.cards) on the named scenarios: a card per board column, its key
ranges the board's cells (the same spans and figures), its reasons the engine's, and the
strategies that do not apply the board's list."""

from __future__ import annotations

import pytest

from tests.ui.board_scenarios import SCENARIOS
from tests.views.scenarios import named_views
from views.basis import cell_basis, rests_on
from views.board import NO_EVIDENCE, NO_SPAN, Cell
from views.cards import CardStage, key_range


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_card_per_column_with_the_boards_cells(name: str) -> None:
    views = named_views()[name]
    cards, board = views.cards, views.board
    assert [c.strategy_id for c in cards.applicable] == [c.strategy_id for c in board.columns]
    assert cards.not_applicable == board.not_applicable
    for card, column in zip(cards.applicable, board.columns, strict=True):
        assert card.context == column.context
        # Every strategy stage, the board's ones included (others, e.g. the CAR-T trials graded
        # after tafa-len, are off the board: OFF_BOARD_STAGES).
        stages = {s.id: s for s in card.stages}
        assert set(stages) >= {s.id for s in column.stages}
        for board_stage in column.stages:
            stage = stages[board_stage.id]
            assert (stage.id, stage.title, stage.notes) == (
                board_stage.id,
                board_stage.title,
                board_stage.notes,
            )
            _same_as_cells(stage, board_stage.cells)


def _same_as_cells(stage: CardStage, cells: tuple[Cell, ...]) -> None:
    assert [k.text for k in stage.ranges] == [c.text for c in cells]
    for key, cell in zip(stage.ranges, cells, strict=True):
        assert key.basis == cell_basis(cell)
        assert key.figures == tuple(f for f in cell.figures if f.in_span)
        assert key.empty == cell.empty
        assert key.others == cell.others


def test_reasons_are_the_engines() -> None:
    views = named_views()["early-cart-failure"]
    reasons: dict[str, tuple[str, ...]] = {
        s.id: tuple(s.reasons) for s in views.assessment.strategies
    }
    assert views.cards.applicable
    for card in views.cards.applicable:
        assert card.reasons == reasons[card.strategy_id] and card.reasons


def test_a_cell_without_evidence_says_so_on_the_card() -> None:
    empty = key_range(Cell("cr", "CR rate", "CR rate", "CR", NO_EVIDENCE, empty=True))
    assert (empty.text, empty.figures, empty.basis, empty.empty) == (NO_EVIDENCE, (), "", True)
    keys = [
        k
        for views in named_views().values()
        for card in views.cards.applicable
        for stage in card.stages
        for k in stage.ranges
    ]
    assert keys and all(k.figures for k in keys if not k.empty and k.text != NO_SPAN)


def test_basis_words() -> None:
    assert rests_on(1, 83) == "1 cohort, n=83"
    assert rests_on(3, 747) == "3 cohorts, n=747"
    assert rests_on(2, None, 120) == "2 cohorts, n at least 120 (some cohorts give no n)"
    assert rests_on(2, None) == "2 cohorts, n not given"
