"""Landmark survival: the rates cohorts report at fixed times, on one time axis per stage.

Each point is one cohort's reported rate at one time (6, 12, 24, 60 months...) with its CI. A
median is where that cohort's curve crosses 50%, so it is drawn on the 50% line at its time. No
curve is drawn through cohorts: a dashed line joins only one study's own reported points of one
endpoint (one group of patients, one subgroup and arm, counted from one starting point).

The rows are built here from each figure's view (`views.figure`: its words resolved once) and the
engine's point (its study, time and analysis), with where each label goes; `ui.landmark` draws
them (the chart, then the same rows as a table).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from evidence import models
from evidence.formatting import number
from evidence.models import (
    SURVIVAL_MEASURES,
    TIME_ORIGIN_LABELS,
    TIMEPOINT_RATE_ENDPOINTS,
    TimeOrigin,
)
from sequencing.index import EngineIndex
from sequencing.ranges import RangePoint
from views.figure import FigureView, figure_view
from views.labels import figure_label

__all__ = [
    "FAMILIES",
    "FAMILY_TITLES",
    "MEDIAN_ENDPOINTS",
    "MEDIAN_Y",
    "NARROW_PANEL_WIDTH_PX",
    "PANEL_HEIGHT_PX",
    "PANEL_WIDTH_PX",
    "RATE_ENDPOINTS",
    "LandmarkPanel",
    "LandmarkRow",
    "StageLandmark",
    "alt_text",
    "families",
    "landmark_points",
    "landmark_rows",
    "landmark_x_max",
    "months_axis_max",
    "place_labels",
    "plotted",
    "stage_landmark",
    "table",
    "time_axis_title",
]

# Rates at a fixed time, and the medians of the same survival measure, by measure.
RATE_ENDPOINTS: dict[str, str] = {
    e.value: measure for e, measure in SURVIVAL_MEASURES.items() if e in TIMEPOINT_RATE_ENDPOINTS
}
MEDIAN_ENDPOINTS: dict[str, str] = {
    e.value: measure for e, measure in SURVIVAL_MEASURES.items() if e in models.MEDIAN_ENDPOINTS
}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(SURVIVAL_MEASURES.values()))
FAMILY_TITLES: dict[str, str] = {
    "PFS": "Progression-free survival (% alive without progression)",
    "OS": "Overall survival (% alive)",
    "EFS": "Event-free survival (% alive without an event)",
    "DFS": "Disease-free survival (% without relapse)",
}
MEDIAN_Y = 50.0

LabelPosition = Literal["right", "left", "center", "none"]


@dataclass(frozen=True, slots=True)
class LandmarkRow:
    """One figure on a landmark panel: a rate at its time, or a median on the 50% line."""

    kind: Literal["rate", "median"]
    family: str  # PFS, OS, EFS, DFS
    endpoint: str
    measure: str  # 'OS rate at 24 months', 'Median OS'
    x: float | None  # months: the rate's time, or the median (None: not reached)
    y: float | None  # the rate in %, or 50 for a median
    ci_low: float | None  # the rate's CI in %, or the median's in months
    ci_high: float | None
    ci_high_open: bool  # a median's CI whose upper end was not reached
    cohort: str  # the row label (source, subgroup, arm, n)
    short: str  # the study as a chart label
    study: str
    fit_label: str
    hollow: bool  # shown, not setting the band
    hollow_reason: str
    time_origin: str  # from when, in words
    value_text: str
    ci_text: str
    label: str  # the text beside the mark
    line: str = ""  # the key of the dashed line through one study's own times ('' if none)
    outcome_id: str = ""
    # Where the label goes (`place_labels`): beside, above or below its mark, or nowhere.
    label_pos: LabelPosition = "none"
    label_x: float | None = None
    label_y: float | None = None
    ci_y: float | None = None  # where a median's CI is drawn (a few pixels apart per median)


class _Band(Protocol):
    @property
    def endpoint(self) -> str: ...
    @property
    def points(self) -> Sequence[RangePoint]: ...


class _Stage(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def ranges(self) -> Sequence[_Band]: ...


def _short(point: RangePoint) -> str:
    """The study as a chart label: 'ZUMA-1 5-year', or its first word and arm, 'DESCAR-T ·
    Axi-cel' (the full name is in the tooltip and the table)."""
    if point.arm:
        return f"{point.source_short.split(' ')[0]} · {point.arm}"
    return point.source_short.split(" (")[0]


def _line_key(point: RangePoint) -> str:
    """One study's own points of one endpoint: same patients, subgroup, arm and time origin."""
    return "|".join(
        [point.study, point.endpoint, point.subgroup, point.arm or "", point.time_origin or ""]
    )


def _row(point: RangePoint, figure: FigureView, family: str) -> LandmarkRow:
    rate = point.endpoint in RATE_ENDPOINTS
    if rate:
        x, y, low, high = point.timepoint_months, figure.x, figure.x_low, figure.x_high
        value, label = figure.value, f"{figure.value} {_short(point)}"
    else:
        x, y, low, high = figure.x, MEDIAN_Y, figure.x_low, figure.x_high
        value = f"median {figure.value}"
        label = f"median {number(x)}" if x is not None else "median not reached"
    return LandmarkRow(
        kind="rate" if rate else "median",
        family=family,
        endpoint=point.endpoint,
        measure=figure.name,
        x=x,
        y=y,
        ci_low=low,
        ci_high=high,
        ci_high_open=not rate and point.ci_high_not_reached,
        cohort=figure_label(figure),
        short=_short(point),
        study=point.study,
        fit_label=figure.fit,
        hollow=not figure.in_span,
        hollow_reason=figure.hollow_reason,
        time_origin=figure.time_origin,
        value_text=value,
        ci_text=figure.interval,
        label=label,
        outcome_id=point.outcome_id,
    )


def _lines(pairs: Sequence[tuple[str, RangePoint]]) -> dict[int, str]:
    """The rate rows a dashed line may join (by position): per study, endpoint, subgroup, arm and
    origin, one point per time (the latest analysis), and only where that gives two times."""
    chosen: dict[str, dict[float, tuple[int, int]]] = {}
    for position, (_, point) in enumerate(pairs):
        time = point.timepoint_months
        if point.endpoint not in RATE_ENDPOINTS or time is None or point.value is None:
            continue
        by_time = chosen.setdefault(_line_key(point), {})
        held = by_time.get(time)
        if held is None or point.analysis_order > held[0]:
            by_time[time] = (point.analysis_order, position)
    return {
        position: key
        for key, by_time in chosen.items()
        if len(by_time) >= 2
        for _order, position in by_time.values()
    }


def landmark_points(stage: _Stage) -> list[tuple[str, RangePoint]]:
    """(measure, point) for each landmark rate of a stage, and each median of a measure that
    has one; nothing when the stage reports no rate at a fixed time."""
    rates = [
        (RATE_ENDPOINTS[p.endpoint], p)
        for r in stage.ranges
        if r.endpoint in RATE_ENDPOINTS
        for p in r.points
        if p.value is not None and p.timepoint_months is not None and p.unit == "%"
    ]
    present = {family for family, _ in rates}
    medians = [
        (MEDIAN_ENDPOINTS[p.endpoint], p)
        for r in stage.ranges
        if MEDIAN_ENDPOINTS.get(r.endpoint) in present
        for p in r.points
    ]
    return rates + medians


def landmark_rows(stage: _Stage, index: EngineIndex) -> list[LandmarkRow]:
    """The rows of a stage's landmark panels and its table, by measure, rates first, by time."""
    pairs = landmark_points(stage)
    lines = _lines(pairs)
    rows = [
        replace(_row(p, figure_view(p, index), family), line=lines.get(position, ""))
        for position, (family, p) in enumerate(pairs)
    ]
    order = {family: i for i, family in enumerate(FAMILIES)}
    rows.sort(
        key=lambda r: (
            order[r.family],
            r.kind != "rate",
            r.x if r.x is not None else float("inf"),
            r.cohort,
        )
    )
    return rows


def months_axis_max(months: float) -> int:
    """A time axis end past `months` with a little room: 12, 18, 24... 48, then whole years."""
    wanted = max(months * 1.08, 12.0)
    step = 6 if wanted <= 48 else 12
    return int(math.ceil(wanted / step) * step)


def landmark_x_max(rows: Iterable[LandmarkRow]) -> int:
    """The shared time-axis end of a stage's panels: past every time, median and median CI."""
    ends = [v for r in rows for v in (r.x, r.ci_high if r.kind == "median" else None)]
    return months_axis_max(max((v for v in ends if v is not None), default=12.0))


# Label placement, in the pixels of a panel at about the narrowest width it is shown at (a
# 1366-pixel screen with the sidebar open), so that a wider screen only adds room.
PANEL_WIDTH_PX = 860.0
NARROW_PANEL_WIDTH_PX = 380.0  # half the page, in compare mode
PANEL_HEIGHT_PX = 240.0
_CHAR_PX = 7.4  # 13-pixel text
_LINE_PX = 16.0
_POINT_PX = 8.0  # half a point's width
_TICK_HALF_PX = (3.0, 15.0)  # a median's bar: half its width and height
_GAP_PX = 11.0
_MEDIAN_LEVELS = 3
_CI_STACK_PERCENT = 2.5  # 6 pixels

_Box = tuple[float, float, float, float]  # left, top, right, bottom
_Candidate = tuple[LabelPosition, float, float, _Box]  # position, text x, text middle, box


def _overlaps(box: _Box, others: Iterable[_Box]) -> bool:
    left, top, right, bottom = box
    return any(
        left < o_right and o_left < right and top < o_bottom and o_top < bottom
        for o_left, o_top, o_right, o_bottom in others
    )


def _box(left: float, mid: float, width: float) -> _Box:
    """A line of text's box from its left edge and its middle."""
    return (left, mid - _LINE_PX / 2, left + width, mid + _LINE_PX / 2)


def _centre_inside(cx: float, width: float, width_px: float) -> float:
    """A centred label's middle, moved sideways to stay inside the panel near an edge."""
    return min(max(cx, width / 2), width_px - width / 2)


@dataclass(frozen=True, slots=True)
class _Panel:
    """A panel's pixel scale: months and % to pixels from the top left."""

    x_max: float
    width_px: float
    height_px: float

    def px(self, x: float) -> float:
        return x / self.x_max * self.width_px

    def py(self, y: float) -> float:
        return (100.0 - y) / 100.0 * self.height_px


def _stack_median_intervals(rows: Sequence[LandmarkRow]) -> list[LandmarkRow]:
    """ci_y: where a median's CI is drawn, a few pixels apart for each median of a panel, so
    that overlapping intervals stay apart (the median's own bar stays on the 50% line)."""
    medians = sorted(
        (i for i, r in enumerate(rows) if r.kind == "median"), key=lambda i: rows[i].x or 0.0
    )
    heights = {
        position: MEDIAN_Y + (k + 1) // 2 * (1 if k % 2 else -1) * _CI_STACK_PERCENT
        for k, position in enumerate(medians)
    }
    return [replace(r, ci_y=heights.get(i, r.y)) for i, r in enumerate(rows)]


def _marks(rows: Sequence[LandmarkRow], panel: _Panel) -> list[_Box]:
    """Every mark a label must keep clear of: points, median bars, CI bars, dashed lines."""
    marks: list[_Box] = []
    for r in rows:
        cx, cy = panel.px(r.x or 0.0), panel.py(r.y or 0.0)
        half_w, half_h = (_POINT_PX, _POINT_PX) if r.kind == "rate" else _TICK_HALF_PX
        marks.append((cx - half_w, cy - half_h, cx + half_w, cy + half_h))
    # CI bars: upright through a rate, along its own height for a median.
    for r in rows:
        if r.ci_low is None or r.ci_high is None:
            continue
        if r.kind == "rate":
            cx = panel.px(r.x or 0.0)
            marks.append((cx - 2, panel.py(r.ci_high), cx + 2, panel.py(r.ci_low)))
        else:
            high = panel.x_max if r.ci_high_open else r.ci_high
            cy = panel.py(r.ci_y if r.ci_y is not None else MEDIAN_Y)
            marks.append((panel.px(r.ci_low), cy - 2, panel.px(high), cy + 2))
    # The dashed lines through one study's times, as a trail of small boxes.
    for key in {r.line for r in rows if r.line}:
        joined = sorted((panel.px(r.x or 0.0), panel.py(r.y or 0.0)) for r in rows if r.line == key)
        for (x0, y0), (x1, y1) in itertools.pairwise(joined):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 6))
            for k in range(steps + 1):
                cx, cy = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                marks.append((cx - 2, cy - 2, cx + 2, cy + 2))
    return marks


def _candidates(row: LandmarkRow, panel: _Panel) -> list[_Candidate]:
    """Where a label may go, in order of preference."""
    cx, cy = panel.px(row.x or 0.0), panel.py(row.y or 0.0)
    width = len(row.label) * _CHAR_PX
    found: list[_Candidate] = []
    if row.kind == "rate":
        beside = _POINT_PX + 2 + _LINE_PX / 2
        for mid in (cy, cy - beside, cy + beside):  # level, then diagonally up, down
            found.append(("right", cx, mid, _box(cx + _GAP_PX, mid, width)))
            found.append(("left", cx, mid, _box(cx - _GAP_PX - width, mid, width)))
            if mid != cy:
                at = _centre_inside(cx, width, panel.width_px)
                found.append(("center", at, mid, _box(at - width / 2, mid, width)))
        return found
    for level in range(_MEDIAN_LEVELS):
        for sign in (-1, 1):
            mid = cy + sign * (_TICK_HALF_PX[1] + 2 + _LINE_PX / 2 + level * _LINE_PX)
            at = _centre_inside(cx, width, panel.width_px)
            found.append(("center", at, mid, _box(at - width / 2, mid, width)))
    return found


def place_labels(
    rows: Sequence[LandmarkRow],
    x_max: float,
    width_px: float = PANEL_WIDTH_PX,
    height_px: float = PANEL_HEIGHT_PX,
) -> list[LandmarkRow]:
    """One panel's rows with where each text label goes: label_pos 'right' or 'left' (of a
    rate's point, level with it or diagonally), 'center' (above or below; a median's label
    stacks up to three deep), or 'none' where no place is free (the tooltip and the table still
    name it); label_x (months) and label_y (%) anchor the text. Greedy, rates first, each label
    kept clear of every mark, CI bar, dashed line and label placed before."""
    panel = _Panel(x_max, width_px, height_px)
    out = _stack_median_intervals(rows)
    marks = _marks(out, panel)
    placed: list[_Box] = []
    order = sorted(range(len(out)), key=lambda i: (out[i].kind != "rate", out[i].x or 0.0))
    for i in order:
        row = replace(out[i], label_pos="none", label_x=out[i].x, label_y=out[i].y)
        for position, at, mid, box in _candidates(row, panel):
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            if inside and not _overlaps(box, marks + placed):
                label_x = at / width_px * x_max
                label_y = 100.0 - mid / height_px * 100.0
                row = replace(row, label_pos=position, label_x=label_x, label_y=label_y)
                placed.append(box)
                break
        out[i] = row
    return out


def plotted(rows: Iterable[LandmarkRow]) -> list[LandmarkRow]:
    return [r for r in rows if r.x is not None and r.y is not None]


def families(rows: Iterable[LandmarkRow]) -> tuple[str, ...]:
    present = {r.family for r in plotted(rows)}
    return tuple(f for f in FAMILIES if f in present)


_NOT_STATED = TIME_ORIGIN_LABELS[TimeOrigin.not_stated]


def time_axis_title(rows: Sequence[LandmarkRow]) -> str:
    """'Months from CAR-T infusion' when every figure counts from the same stated point."""
    origins = {r.time_origin for r in rows}
    if len(origins) == 1:
        origin = origins.pop()
        if origin and origin != _NOT_STATED:
            return f"Months {origin}"
    return "Months (starting point as each study counts it: see the table)"


def alt_text(title: str, rows: Sequence[LandmarkRow]) -> str:
    parts = []
    for row in rows:
        what = (
            f"{row.measure} {row.value_text}"
            if row.kind == "rate"
            else f"{row.measure}: {row.value_text.removeprefix('median ')}"
        )
        ci = f", {row.ci_text}" if row.ci_text else ""
        hollow = f", shown hollow ({row.hollow_reason})" if row.hollow else ""
        parts.append(f"{row.cohort}: {what}{ci}, {row.fit_label.lower()}{hollow}")
    joined = sorted({r.short for r in rows if r.line})
    lines = (
        " Dashed lines join only one study's own reported times: " + ", ".join(joined) + "."
        if joined
        else ""
    )
    return (
        f"{title}: survival at fixed times, one point per cohort and time, medians on the 50% "
        "line. " + "; ".join(parts) + "." + lines
    )


def table(rows: Sequence[LandmarkRow]) -> list[dict[str, str]]:
    """The chart's rows as a table (its text alternative)."""
    return [
        {
            "Cohort": r.cohort,
            "Measure": r.measure,
            "Months": number(r.x) if r.x is not None else "not reached",
            "Value": r.value_text,
            "Interval": r.ci_text,
            "Counted": r.time_origin,
            "Fit": r.fit_label,
            "Sets the band": "yes" if not r.hollow else f"no: {r.hollow_reason}",
            "Joined by a dashed line": "yes, to the same study's other times" if r.line else "",
        }
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class LandmarkPanel:
    family: str
    title: str
    rows: tuple[LandmarkRow, ...]  # placed
    alt_text: str
    legend: bool  # the last panel of a stage carries the fit legend


@dataclass(frozen=True, slots=True)
class StageLandmark:
    title: str
    axis_title: str
    x_max: int
    panels: tuple[LandmarkPanel, ...]
    missing: tuple[str, ...]  # medians not reached (not drawn)
    table: tuple[dict[str, str], ...]


def stage_landmark(stage: _Stage, index: EngineIndex, narrow: bool = False) -> StageLandmark | None:
    """The stage's landmark panels (one per measure, one time axis) and table; None when the
    stage reports no rate at a fixed time. `narrow`: drawn in half the page (compare mode), so
    labels are placed for half the width."""
    rows = landmark_rows(stage, index)
    shown = plotted(rows)
    if not any(r.kind == "rate" for r in shown):
        return None
    title = f"Survival at fixed times ({stage.title})"
    x_max = landmark_x_max(shown)
    measures = families(shown)
    panels = []
    for family in measures:
        placed = place_labels(
            [r for r in shown if r.family == family],
            x_max,
            width_px=NARROW_PANEL_WIDTH_PX if narrow else PANEL_WIDTH_PX,
        )
        panels.append(
            LandmarkPanel(
                family,
                FAMILY_TITLES[family],
                tuple(placed),
                alt_text(f"{title}, {FAMILY_TITLES[family]}", placed),
                legend=family == measures[-1],
            )
        )
    return StageLandmark(
        title=title,
        axis_title=time_axis_title(shown),
        x_max=x_max,
        panels=tuple(panels),
        missing=tuple(f"{r.cohort}: {r.measure}" for r in rows if r.x is None),
        table=tuple(table(rows)),
    )
