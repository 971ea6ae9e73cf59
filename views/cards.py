"""The strategy cards: why each strategy applies, its context, and per stage its key ranges.

A card's key ranges are the board's cells (`views.board`): the same span, the same figures, in
full words, so that the card and the board can never disagree. The strategies that do not apply
are the board's list, one line each with the first reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from evidence.formatting import n_text
from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from sequencing.ranges import RangePoint
from sequencing.vocabulary import GRADE_LABELS
from views.basis import cell_basis
from views.board import (
    Board,
    BoardColumn,
    BoardStage,
    Cell,
    NotApplicable,
    NoteView,
    OtherBand,
)
from views.figure import FigureView, figure_view

__all__ = [
    "OPTION_FIGURES",
    "Card",
    "CardOption",
    "CardStage",
    "Cards",
    "KeyRange",
    "build_cards",
    "key_range",
    "option_view",
]

# An option is listed with its first few key figures (response, CR, PFS, OS): a line, not a table.
OPTION_FIGURES = 4


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
class CardOption:
    """A published option after CAR-T failure with its own figures, never banded or ranked."""

    treatment_class: str
    label: str
    source: str
    n: str
    design: str
    fit: str
    figures: tuple[FigureView, ...]


@dataclass(frozen=True, slots=True)
class CardStage:
    id: str
    title: str
    measures: str
    notes: tuple[NoteView, ...]
    ranges: tuple[KeyRange, ...]
    # A stage of options lists them (the board counts them in one cell); None otherwise.
    options: tuple[CardOption, ...] | None = None


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


class _Option(Protocol):
    """What a card reads of a stage's published option (`sequencing.strategies.Option`)."""

    @property
    def treatment_class(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def source_short(self) -> str: ...
    @property
    def n(self) -> int | None: ...
    @property
    def design(self) -> str: ...
    @property
    def grade(self) -> str: ...
    @property
    def figures(self) -> Sequence[RangePoint]: ...


def option_view(option: _Option, index: EngineIndex) -> CardOption:
    return CardOption(
        treatment_class=option.treatment_class,
        label=option.label,
        source=option.source_short,
        n=n_text(option.n),
        design=option.design,
        fit=GRADE_LABELS[option.grade],
        figures=tuple(figure_view(p, index) for p in option.figures[:OPTION_FIGURES]),
    )


def _stage(stage: BoardStage, index: EngineIndex) -> CardStage:
    options = [cell for cell in stage.cells if cell.kind == "options"]
    if options:
        listed = tuple(option_view(o, index) for cell in options for o in cell.options)
        return CardStage(stage.id, stage.title, stage.measures, stage.notes, (), listed)
    ranges = tuple(key_range(cell) for cell in stage.cells)
    return CardStage(stage.id, stage.title, stage.measures, stage.notes, ranges)


def _card(column: BoardColumn, reasons: tuple[str, ...], index: EngineIndex) -> Card:
    stages = tuple(_stage(s, index) for s in column.stages)
    return Card(column.strategy_id, column.title, column.context, reasons, stages)


def build_cards(assessment: Assessment, board: Board, index: EngineIndex) -> Cards:
    """A card per board column (the strategies that apply), with the engine's reasons."""
    reasons: dict[str, tuple[str, ...]] = {s.id: tuple(s.reasons) for s in assessment.strategies}
    cards = tuple(_card(c, reasons.get(c.strategy_id, ()), index) for c in board.columns)
    return Cards(cards, board.not_applicable)
