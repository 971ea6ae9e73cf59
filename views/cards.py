"""The strategy cards: why each strategy applies, its context, and per stage its key ranges.

A card's key ranges are the board's cells (`views.board`): the same span, the same figures, in
full words, so that the card and the board can never disagree. The strategies that do not apply
are the board's list, one line each with the first reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from sequencing.strategies import Strategy
from views.basis import cell_basis
from views.board import (
    Board,
    BoardColumn,
    BoardStage,
    Cell,
    NotApplicable,
    NoteView,
    OtherBand,
    board_stage,
)
from views.figure import FigureView

__all__ = [
    "Card",
    "CardStage",
    "Cards",
    "KeyRange",
    "build_cards",
    "key_range",
]

# An option is listed with its first few key figures (response, CR, PFS, OS): a line, not a table.


@dataclass(frozen=True, slots=True)
class KeyRange:
    """One key row of a stage, as the board's cell holds it."""

    name: str  # the band's name under its stage ('Overall response rate (best response)')
    text: str  # the board cell's span, as the board shows it
    basis: str  # what it rests on: '3 cohorts, n=747; immature'
    figures: tuple[FigureView, ...]  # the figures setting the span
    empty: bool = False
    # Other bands of the same kind for this stage (another response assessment, a rate at
    # another time), each its own span as the board's cell lists it: never merged.
    others: tuple[OtherBand, ...] = ()


@dataclass(frozen=True, slots=True)
class CardStage:
    id: str
    title: str
    measures: str
    notes: tuple[NoteView, ...]
    ranges: tuple[KeyRange, ...]


@dataclass(frozen=True, slots=True)
class Card:
    strategy_id: str
    title: str
    context: tuple[NoteView, ...]  # licence and guideline context: context, not rank
    reasons: tuple[str, ...]
    stages: tuple[CardStage, ...]


@dataclass(frozen=True, slots=True)
class Cards:
    applicable: tuple[Card, ...]
    not_applicable: tuple[NotApplicable, ...]


def key_range(cell: Cell) -> KeyRange:
    return KeyRange(
        name=cell.name,
        text=cell.text,
        basis=cell_basis(cell),
        figures=tuple(f for f in cell.figures if f.in_span),
        empty=cell.empty,
        others=cell.others,
    )


def _stage(stage: BoardStage) -> CardStage:
    ranges = tuple(key_range(cell) for cell in stage.cells)
    return CardStage(stage.id, stage.title, stage.measures, stage.notes, ranges)


def _card(column: BoardColumn, strategy: Strategy, index: EngineIndex) -> Card:
    """Every stage of the strategy, the board's cells included (the stages the board leaves off,
    such as the CAR-T trials graded after tafa-len, are built the same way)."""
    by_id = {s.id: s for s in column.stages}
    stages = tuple(
        _stage(by_id[s.id] if s.id in by_id else board_stage(s, index)) for s in strategy.stages
    )
    return Card(column.strategy_id, column.title, column.context, tuple(strategy.reasons), stages)


def build_cards(assessment: Assessment, board: Board, index: EngineIndex) -> Cards:
    """A card per board column (the strategies that apply), with the engine's reasons."""
    strategies: dict[str, Strategy] = {s.id: s for s in assessment.strategies}
    cards = tuple(_card(c, strategies[c.strategy_id], index) for c in board.columns)
    return Cards(cards, board.not_applicable)
