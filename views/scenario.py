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
from sequencing.profile import PatientProfile, is_early_cart_failure
from sequencing.vocabulary import WHAT_IF_EARLY_FAILURE_MONTHS, WHAT_IF_LATE_FAILURE_MONTHS
from views.board import Board, build_board
from views.cards import Cards, build_cards
from views.considerations import ConsiderationView, consideration_views
from views.fit import FitGrid, fit_grid
from views.summary import Summary, summarise
from views.washout import WashoutView, washout_view

__all__ = ["ScenarioViews", "build_views", "other_failure_timing"]


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


def other_failure_timing(profile: PatientProfile) -> tuple[str, dict[str, float]] | None:
    """For a patient after CAR-T failure: the compare-mode question and scenario B's change,
    "what if CAR-T had failed later" (or earlier); None for a patient who has not had CAR-T."""
    early = is_early_cart_failure(profile)
    if early is None:
        return None
    if early:
        months = WHAT_IF_LATE_FAILURE_MONTHS
        question = f"What if CAR-T had failed later ({months:g} months after infusion)?"
    else:
        months = WHAT_IF_EARLY_FAILURE_MONTHS
        question = f"What if CAR-T had failed earlier ({months:g} months after infusion)?"
    return question, {"months_cart_to_failure": months}
