"""The data behind the outcome-range charts: per endpoint band, each figure a row on the chart's
axis (months for times) with its CI, fit and whether it sets the band, the band itself, the text
alternative and the table; per strategy, its stages' bands and landmark panels.

Built from each figure's view (`views.figure`: its words resolved once); `ui.ranges` and
`ui.charts` only draw what is here. The heading's span is the board's (`views.board.span_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence.formatting import value_text
from sequencing.index import EngineIndex
from sequencing.ranges import MATCHED_GRADES, EndpointRange, RangePoint
from sequencing.strategies import Stage, Strategy
from views.basis import rests_on
from views.board import banded, span_text
from views.figure import FigureView, figure_view
from views.labels import figure_label, unique
from views.landmark import StageLandmark, stage_landmark

__all__ = [
    "OUTSIDE_ONLY",
    "RANGES_CAPTION",
    "ChartRow",
    "FigureRow",
    "RangeChart",
    "StageCharts",
    "StrategyCharts",
    "figure_rows",
    "range_chart",
    "range_words",
    "strategy_charts",
]

OUTSIDE_ONLY = "only cohorts outside this patient's profile report it"
# How to read the charts, above them. The interval is named in each figure's own words (its
# printed CI level, or a range or IQR), never assumed to be a 95% CI.
RANGES_CAPTION = (
    "Each point is one published cohort (or the subgroup that matches this patient), with its "
    "interval as the source gives it (the table names it: a CI at its printed level, a range or "
    "an IQR). The shaded band spans the cohorts that fit or partly fit: a span of separate "
    "studies, not a pooled estimate; one study counts once. Hollow marks are shown for context "
    "but do not set the band (earlier analyses of the same study, cohorts mixing CAR-T-naive "
    "and post-CAR-T patients, subgroups chosen by outcome, weighted comparison sets, cohorts "
    "pooling several treatments)."
)


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One figure as a point on the chart: x and its CI on the chart's axis."""

    row: str  # unique label
    x: float
    ci_low: float | None
    ci_high: float | None
    fit_label: str
    in_band: bool  # hollow marks are shown but do not set the band
    label: str  # the value beside the point, as the source gave it


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure as a row of the table beside the charts (their text alternative)."""

    cohort: str
    figure: FigureView
    analysis: str

    def record(self) -> dict[str, str]:
        f = self.figure
        return {
            "Cohort": self.cohort,
            "Value": f.value,
            "Interval": f.interval,
            "n": f.n,
            "Measures": f.measured,
            "Analysis": self.analysis,
            "Counted": f.time_origin,
            "Fit": f.fit,
            "Sets the band": "yes" if f.in_span else f"no: {f.hollow_reason}",
            "Maturity": f.maturity,
            "Design": f.design,
            "Follow-up": f.followup,
            "Where": f.location,
            "Link": f.link or "",
        }


@dataclass(frozen=True, slots=True)
class RangeChart:
    key: str  # unique within a strategy: endpoint, timepoint, stage
    title: str  # the band's label
    words: str  # its span and what it rests on
    axis_title: str
    band: tuple[float, float] | None  # the span of the figures setting it, on the axis
    domain_max: float | None  # 100 for rates; None: past the largest value
    rows: tuple[ChartRow, ...]  # the figures with a point to draw
    not_plotted: tuple[str, ...]  # e.g. medians not reached
    alt_text: str
    table: tuple[FigureRow, ...]


def range_words(endpoint_range: EndpointRange) -> str:
    """'33–60% (4 cohorts, n=747)': the band's span as the board writes it, what it rests on,
    and how many figures are shown beside it without setting it."""
    if not any(p.grade in MATCHED_GRADES for p in endpoint_range.points):
        return OUTSIDE_ONLY
    setting = banded(endpoint_range)
    text = span_text(endpoint_range)
    if setting:
        text += f" ({rests_on(endpoint_range.cohorts, endpoint_range.patients)})"
    others = len(endpoint_range.points) - len(setting)
    return text + (f"; {others} more shown hollow, not in the band" if others else "")


def figure_rows(
    points: Sequence[RangePoint], figures: Sequence[FigureView]
) -> tuple[FigureRow, ...]:
    """Each figure with a unique row label: the same label twice (e.g. abstract and results
    disagree) gets its location, then its id."""
    labels = unique(
        [figure_label(f) for f in figures],
        [[f.location for f in figures], [f.outcome_id for f in figures]],
    )
    return tuple(
        FigureRow(label, f, p.analysis) for label, f, p in zip(labels, figures, points, strict=True)
    )


def _is_time(endpoint_range: EndpointRange) -> bool:
    return endpoint_range.low_months is not None or endpoint_range.unit in ("months", "days")


def _band(endpoint_range: EndpointRange) -> tuple[float, float] | None:
    time = _is_time(endpoint_range)
    low = endpoint_range.low_months if time else endpoint_range.low
    high = endpoint_range.high_months if time else endpoint_range.high
    return None if low is None or high is None else (float(low), float(high))


def _chart_row(row: FigureRow, point: RangePoint) -> ChartRow | None:
    f = row.figure
    if f.x is None:
        return None
    return ChartRow(row.cohort, f.x, f.x_low, f.x_high, f.fit, f.in_span, value_text(point))


def range_chart(endpoint_range: EndpointRange, index: EngineIndex) -> RangeChart:
    points = list(endpoint_range.points)
    table = figure_rows(points, [figure_view(p, index) for p in points])
    drawn = [_chart_row(row, p) for row, p in zip(table, points, strict=True)]
    axis = "months" if _is_time(endpoint_range) else endpoint_range.unit
    alt = "; ".join(f"{r.cohort}: {r.figure.summary}, {r.figure.fit.lower()}" for r in table)
    return RangeChart(
        key=f"{endpoint_range.endpoint}-{endpoint_range.timepoint_months}-{endpoint_range.stage}",
        title=endpoint_range.label,
        words=range_words(endpoint_range),
        axis_title=f"{endpoint_range.label} ({axis})",
        band=_band(endpoint_range),
        domain_max=100.0 if endpoint_range.unit == "%" else None,
        rows=tuple(r for r in drawn if r is not None),
        not_plotted=tuple(row.cohort for row, r in zip(table, drawn, strict=True) if r is None),
        alt_text=f"{endpoint_range.label}. {alt}.",
        table=table,
    )


@dataclass(frozen=True, slots=True)
class StageCharts:
    id: str
    title: str
    ranges: tuple[RangeChart, ...]
    landmark: StageLandmark | None


@dataclass(frozen=True, slots=True)
class StrategyCharts:
    id: str
    title: str
    stages: tuple[StageCharts, ...]

    @property
    def empty(self) -> bool:
        return not any(stage.ranges for stage in self.stages)


def _stage(stage: Stage, index: EngineIndex, narrow: bool) -> StageCharts:
    charts = tuple(range_chart(r, index) for r in stage.ranges if r.points)
    return StageCharts(stage.id, stage.title, charts, stage_landmark(stage, index, narrow))


def strategy_charts(strategy: Strategy, index: EngineIndex, narrow: bool = False) -> StrategyCharts:
    """Per stage, each band with figures, then the stage's rates at fixed times on one time axis.
    `narrow`: drawn in half the page (compare mode)."""
    stages = tuple(_stage(s, index, narrow) for s in strategy.stages)
    return StrategyCharts(strategy.id, strategy.title, stages)
