"""Response as people count it: a response rate as 100 people, with its CI as a band of icons.

This restates one published figure (how NHS Predict and decision aids draw risk); it is not a
prediction for the patient. Rounding: a rate of X% is "about round(X) of 100", halves rounded up
(46.5 -> 47), clamped to 0-100; the CI ends round the same way. Cells fill row by row from the top
left: the first round(rate) responded; the cells from round(rate)+1 up to round(ci_high) lie within
the CI but did not respond at the reported rate; the rest did not respond. Cells round(ci_low)+1
to round(ci_high) are the CI band (`in_ci`), so the band also covers responders the lower end of
the CI would not count.

The words are the figure's own (`views.figure`): its value, its interval as the source labels it,
its n. `ui.icons` draws them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from evidence.formatting import number
from evidence.models import RESPONSE_ASSESSMENT_LABELS, ResponseAssessment
from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from sequencing.ranges import RangePoint
from views.figure import FigureView, figure_view

__all__ = [
    "CI_BAND",
    "GRID",
    "ICON_WORDS",
    "NOT_RESPONDED",
    "PEOPLE",
    "RESPONDED",
    "RESPONSE_ENDPOINTS",
    "IconCell",
    "IconFigure",
    "icon_cells",
    "icon_figure",
    "icon_figures",
    "people",
]

GRID = 10
PEOPLE = GRID * GRID
RESPONDED = "responded"
CI_BAND = "ci_band"
NOT_RESPONDED = "not"
RESPONSE_ENDPOINTS = ("orr", "cr_rate")
IconKind = Literal["responded", "ci_band", "not"]
ICON_WORDS: dict[str, str] = {
    RESPONDED: "Responded",
    CI_BAND: "Within the CI, not counted as responding",
    NOT_RESPONDED: "Did not respond",
}


@dataclass(frozen=True, slots=True)
class IconCell:
    cell: int  # 1-100
    row: int  # 0 at the top
    column: int
    kind: IconKind
    in_ci: bool  # inside the CI band (outlined)


def people(rate: float) -> int:
    """About how many of 100: halves rounded up, within 0-100."""
    return min(PEOPLE, max(0, math.floor(rate + 0.5)))


def _kind(cell: int, responded: int, high: int) -> IconKind:
    if cell <= responded:
        return "responded"
    return "ci_band" if cell <= high else "not"


def icon_cells(rate: float, ci_low: float | None, ci_high: float | None) -> tuple[IconCell, ...]:
    """100 cells of a 10 x 10 grid. No CI (either end missing): no band."""
    responded = people(rate)
    if ci_low is None or ci_high is None:
        low = high = responded
    else:
        low, high = min(people(ci_low), responded), max(people(ci_high), responded)
    return tuple(
        IconCell(i + 1, i // GRID, i % GRID, _kind(i + 1, responded, high), low < i + 1 <= high)
        for i in range(PEOPLE)
    )


def _outcome_words(point: RangePoint) -> str:
    complete = point.endpoint == "cr_rate"
    assessment = point.response_assessment
    if assessment == ResponseAssessment.end_of_treatment.value:
        return f"were in {'complete ' if complete else ''}response at the end of treatment"
    if assessment == ResponseAssessment.at_timepoint.value and point.timepoint_months:
        return (
            f"were in {'complete ' if complete else ''}response at "
            f"{number(point.timepoint_months)} months"
        )
    words = "had a complete response" if complete else "responded"
    if assessment == ResponseAssessment.best.value:
        words += f" ({RESPONSE_ASSESSMENT_LABELS[ResponseAssessment.best]})"
    return words


def _cohort_words(figure: FigureView) -> str:
    """'TALOs, all patients; TALOs 2026; n=83' (the subgroup named when it is not everyone)."""
    name = figure.cohort
    if figure.subgroup.strip().lower() not in ("all patients", "all", "overall"):
        name += f", {figure.subgroup}"
    if figure.arm:
        name += f", {figure.arm}"
    return f"{name}; {figure.source}; {figure.n}"


def _interval_words(figure: FigureView) -> str:
    return figure.interval or "no confidence interval was reported, so its uncertainty is not shown"


@dataclass(frozen=True, slots=True)
class IconFigure:
    """One response figure as 100 people: what to draw and what to say."""

    outcome_id: str
    label: str  # how it is offered in a list of figures
    rate: float
    ci_low: float | None
    ci_high: float | None
    sentence: str
    legend: str  # the chart's key in words, with the counts (colour is never the only cue)
    in_span: bool

    @property
    def alt_text(self) -> str:
        return f"Icon array of 100 people. {self.sentence} {self.legend}"

    def cells(self) -> tuple[IconCell, ...]:
        return icon_cells(self.rate, self.ci_low, self.ci_high)


def _legend(point: RangePoint, rate: float, low: float | None, high: float | None) -> str:
    responded = people(rate)
    parts = [f"Dark blue: {responded} of 100 {_outcome_words(point).split(' (')[0]}."]
    if low is None or high is None:
        parts.append("No band: the source gives no confidence interval.")
        top = responded
    else:
        bottom, top = min(people(low), responded), max(people(high), responded)
        if top > responded:
            parts.append(f"Light blue: {top - responded} more, still within the CI.")
        parts.append(
            f"Outlined: the CI band, from {bottom} to {top} of 100 (what the interval allows)."
        )
    parts.append(f"Grey: the other {PEOPLE - top}.")
    return " ".join(parts)


def icon_figure(point: RangePoint, index: EngineIndex, band: str = "") -> IconFigure:
    """'In this cohort (...; n=83), about 47 of 100 responded (best response): 47%, 95% CI
    35.9–58.3, exact, computed here.' Only the figure's own numbers, restated. `band`: the label
    of the band it belongs to, which heads its label."""
    if point.value is None:
        raise ValueError("an icon array needs a figure")
    figure = figure_view(point, index)
    rate, low, high = point.value, figure.x_low, figure.x_high
    sentence = (
        f"In this cohort ({_cohort_words(figure)}), about {people(rate)} of 100 "
        f"{_outcome_words(point)}: {figure.value}, {_interval_words(figure)}."
    )
    label = " · ".join(p for p in (band, _cohort_words(figure)) if p)
    if not figure.in_span:
        label += f" · not in the band: {figure.hollow_reason}"
    legend = _legend(point, rate, low, high)
    return IconFigure(point.outcome_id, label, rate, low, high, sentence, legend, figure.in_span)


def icon_figures(assessment: Assessment, index: EngineIndex) -> tuple[IconFigure, ...]:
    """Each response figure (ORR, CR) of the applicable strategies' matched cohorts, once each,
    the figures that set a band first."""
    seen: set[str] = set()
    found: list[IconFigure] = []
    for strategy in assessment.strategies:
        if not strategy.applicable:
            continue
        for stage in strategy.stages:
            for band in stage.ranges:
                if band.endpoint not in RESPONSE_ENDPOINTS:
                    continue
                for point in band.points:
                    if point.value is None or point.unit != "%" or point.outcome_id in seen:
                        continue
                    seen.add(point.outcome_id)
                    found.append(icon_figure(point, index, band.label))
    return tuple(sorted(found, key=lambda f: not f.in_span))
