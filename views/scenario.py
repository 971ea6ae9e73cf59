"""Everything shown for one scenario, built once from its assessment: the board, the summary, the
strategy cards, the considerations, the cohort-fit grid and the washout.

`build_views` is a pure function of the assessment and the evidence index, so the app caches its
result across sessions by (patient, evidence version): a room looking at the same patient builds
it once. Pages and exports read these views; none builds a figure's words again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from views.board import Board, build_board
from views.cards import Cards, build_cards
from views.considerations import ConsiderationView, consideration_views
from views.fit import FitGrid, fit_grid
from views.summary import Summary, summarise
from views.washout import WashoutView, washout_view

__all__ = ["ScenarioViews", "build_views"]


@dataclass(frozen=True, slots=True)
class ScenarioViews:
    assessment: Assessment
    board: Board
    summary: Summary
    cards: Cards
    considerations: tuple[ConsiderationView, ...]
    fit: FitGrid
    washout: WashoutView | None  # None without a tafasitamab dose


def build_views(assessment: Assessment, index: EngineIndex) -> ScenarioViews:
    board = build_board(assessment, index)
    return ScenarioViews(
        assessment,
        board,
        summarise(assessment, board, index.base),
        build_cards(assessment, board, index),
        consideration_views(assessment.considerations, index),
        fit_grid(assessment.fits),
        washout_view(assessment.washout, index) if assessment.washout is not None else None,
    )
