"""Everything shown for one scenario, built once from its assessment: the board, the summary.

`build_views` is a pure function of the assessment and the evidence index, so the app caches its
result across sessions by (patient, evidence version): a room looking at the same patient builds
it once. Pages and exports read these views; none builds a figure's words again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from views.board import Board, build_board
from views.summary import Summary, summarise

__all__ = ["ScenarioViews", "build_views"]


@dataclass(frozen=True, slots=True)
class ScenarioViews:
    assessment: Assessment
    board: Board
    summary: Summary


def build_views(assessment: Assessment, index: EngineIndex) -> ScenarioViews:
    board = build_board(assessment, index)
    return ScenarioViews(assessment, board, summarise(assessment, board, index.base))
