"""Landmark survival rows and label placement (views.landmark).

Synthetic stages pin the rules (a dashed line never crosses cohorts, medians sit on 50%, hollow
figures stay but are marked); the engine test reads its figures from the evidence.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from evidence import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from sequencing.ranges import RangePoint
from tests.sequencing.fixture_base import fixture_index
from tests.views.test_board import _point as board_point
from views import landmark
from views.landmark import LandmarkRow

# A landmark figure: the board tests' hand-made point as a 5-year study's figure counted from
# CAR-T infusion (endpoint and assessment set by `rate` and `median`).
LANDMARK: dict[str, Any] = dict(
    outcome_id="o",
    cohort_id="c",
    cohort_label="Cohort",
    source_short="Study A 5-year (Author 2024)",
    value=50.0,
    n=100,
    location="Table 2",
    study="study-a",
    time_origin="cart_infusion",
    endpoint="",
    response_assessment=None,
)


def point(**changes: Any) -> RangePoint:
    return board_point(**(LANDMARK | changes))


def rate(endpoint: str, months: float, value: float, **changes: Any) -> RangePoint:
    return point(
        endpoint=endpoint,
        timepoint_months=months,
        value=value,
        outcome_id=f"{changes.get('study', 'study-a')}-{endpoint}-{months}-{value}",
        **changes,
    )


def median(endpoint: str, months: float | None, **changes: Any) -> RangePoint:
    fields: dict[str, Any] = {
        "endpoint": endpoint,
        "value": months,
        "value_months": months,
        "not_reached": months is None,
        "unit": "months",
        "outcome_id": f"{changes.get('study', 'study-a')}-{endpoint}-{months}",
    }
    return point(**(fields | changes))


def rows_of(stage: Any) -> list[LandmarkRow]:
    """The rows of a synthetic stage (its figures' words resolved against a small index)."""
    return landmark.landmark_rows(stage, fixture_index())


def stage(*points: RangePoint, title: str = "CAR-T") -> Any:
    by_endpoint: dict[str, list[RangePoint]] = {}
    for p in points:
        by_endpoint.setdefault(p.endpoint, []).append(p)
    ranges = [SimpleNamespace(endpoint=e, points=ps) for e, ps in by_endpoint.items()]
    return SimpleNamespace(title=title, id="cart", ranges=ranges)


def _x(row: LandmarkRow) -> float:
    assert row.x is not None
    return row.x


def _lines(rows: list[LandmarkRow]) -> dict[str, list[LandmarkRow]]:
    lines: dict[str, list[LandmarkRow]] = {}
    for row in rows:
        if row.line:
            lines.setdefault(row.line, []).append(row)
    return lines


def test_a_dashed_line_joins_only_one_studys_own_times() -> None:
    rows = rows_of(
        stage(
            rate("os_rate", 12, 70, study="study-a"),
            rate("os_rate", 24, 60, study="study-a"),
            rate("os_rate", 60, 45, study="study-a"),
            rate("os_rate", 24, 55, study="study-b", source_short="Study B"),
            rate("os_rate", 60, 40, study="study-b", source_short="Study B"),
            rate("os_rate", 36, 50, study="study-c", source_short="Study C"),
        )
    )
    lines = _lines(rows)
    assert len(lines) == 2
    for joined in lines.values():
        assert len({r.study for r in joined}) == 1
    by_study = {joined[0].study: sorted(_x(r) for r in joined) for joined in lines.values()}
    assert by_study == {"study-a": [12, 24, 60], "study-b": [24, 60]}
    # A study with one reported time is a point, never part of a line.
    assert [r.line for r in rows if r.study == "study-c"] == [""]


def test_no_line_across_endpoints_subgroups_arms_or_time_origins() -> None:
    rows = rows_of(
        stage(
            rate("pfs_rate", 12, 40),
            rate("os_rate", 24, 60),
            rate("os_rate", 36, 50, subgroup="Early failure"),
            rate("os_rate", 48, 45, arm="Axi-cel"),
            rate("os_rate", 60, 42, time_origin="randomisation"),
        )
    )
    assert not _lines(rows)


def test_one_point_per_time_in_a_line_the_latest_analysis() -> None:
    early = rate("os_rate", 24, 58, analysis_order=1, in_band=False)
    late = rate("os_rate", 24, 54, analysis_order=2)
    rows = rows_of(stage(early, late, rate("os_rate", 60, 42, analysis_order=2)))
    (joined,) = _lines(rows).values()
    assert sorted((r.x, r.y) for r in joined) == [(24, 54), (60, 42)]
    # The earlier analysis is still drawn, hollow, outside the line.
    earlier = next(r for r in rows if r.y == 58)
    assert earlier.hollow and earlier.line == ""


def test_medians_sit_on_the_fifty_percent_line_at_their_time() -> None:
    rows = rows_of(
        stage(
            rate("os_rate", 24, 54),
            median("median_os", 25.8, ci_low=16.2, ci_high=47.3, ci_level=95.0),
            median("median_os2", 4.7),
        )
    )
    medians = [r for r in rows if r.kind == "median"]
    assert {(r.x, r.y) for r in medians} == {(25.8, 50.0), (4.7, 50.0)}
    first = next(r for r in medians if r.x == 25.8)
    assert (first.ci_low, first.ci_high) == (16.2, 47.3)
    assert first.value_text.startswith("median ")
    assert all(r.family == "OS" for r in medians)


def test_a_median_not_reached_is_listed_but_not_drawn() -> None:
    rows = rows_of(stage(rate("os_rate", 24, 54), median("median_os", None)))
    missing = [r for r in rows if r.kind == "median"]
    assert len(missing) == 1 and missing[0].x is None
    assert missing[0].label == "median not reached"
    assert all(r.kind == "rate" for r in landmark.plotted(rows))


def test_median_days_are_months_on_the_axis() -> None:
    days = median("median_pfs", 3.0, value=91.3, unit="days", ci_low=30.4375, ci_high=60.875)
    rows = rows_of(stage(rate("pfs_rate", 6, 20), days))
    (row,) = [r for r in rows if r.kind == "median"]
    assert row.ci_low == pytest.approx(1.0) and row.ci_high == pytest.approx(2.0)


def test_medians_only_join_a_measure_that_has_rates() -> None:
    assert rows_of(stage(median("median_os", 12.0))) == []
    rows = rows_of(stage(rate("os_rate", 24, 54), median("median_pfs", 6.0)))
    assert {r.family for r in rows} == {"OS"}


def test_hollow_points_are_kept_and_marked() -> None:
    hollow = rate("pfs_rate", 12, 33, in_band=False, hollow_reason="cohort pools treatments")
    rows = rows_of(stage(rate("pfs_rate", 12, 46), hollow))
    marked = next(r for r in rows if r.y == 33)
    assert marked.hollow and marked.hollow_reason == "cohort pools treatments"
    assert not next(r for r in rows if r.y == 46).hollow
    table = landmark.table(rows)
    assert "no: cohort pools treatments" in {t["Sets the band"] for t in table}
    assert "shown hollow (cohort pools treatments)" in landmark.alt_text("T", rows)


def test_rates_without_a_time_or_a_value_are_left_out() -> None:
    rows = rows_of(
        stage(rate("os_rate", 24, 54), point(endpoint="os_rate", value=None, timepoint_months=12))
    )
    assert [r.x for r in rows] == [24]


def _boxes_overlap(rows: list[LandmarkRow], x_max: float, width_px: float) -> bool:
    """Labels as placed, in the placer's own pixel model, overlapping each other."""
    boxes = []
    for r in rows:
        if r.label_pos == "none":
            continue
        assert r.label_x is not None and r.label_y is not None
        px = r.label_x / x_max * width_px
        py = (100 - r.label_y) / 100 * landmark.PANEL_HEIGHT_PX
        width = len(r.label) * 7.4
        left = {"right": px + 11, "left": px - 11 - width, "center": px - width / 2}
        boxes.append((left[r.label_pos], py - 8, left[r.label_pos] + width, py + 8))
    return any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


@pytest.mark.parametrize("width", [landmark.PANEL_WIDTH_PX, landmark.NARROW_PANEL_WIDTH_PX])
def test_labels_of_close_medians_do_not_overlap(width: float) -> None:
    rows = rows_of(
        stage(
            rate("os_rate", 24, 54),
            rate("os_rate", 60, 42.6),
            median("median_os", 25.8, study="s1"),
            median("median_os", 27.5, study="s2"),
            median("median_os", 26.4, study="s3"),
        )
    )
    placed = landmark.place_labels(landmark.plotted(rows), 72, width_px=width)
    assert {r.label_pos for r in placed} <= {"right", "left", "center", "none"}
    if width == landmark.PANEL_WIDTH_PX:
        assert all(r.label_pos != "none" for r in placed)
    assert not _boxes_overlap(placed, 72, width)
    # Overlapping median CIs are drawn a few pixels apart; the medians stay on 50%.
    medians = [r for r in placed if r.kind == "median"]
    assert len({r.ci_y for r in medians}) == 3
    assert {r.y for r in medians} == {50.0}


def test_a_label_near_the_right_edge_goes_left() -> None:
    rows = rows_of(stage(rate("os_rate", 24, 54), rate("os_rate", 60, 42.6)))
    placed = landmark.place_labels(landmark.plotted(rows), 66)
    assert next(r for r in placed if r.x == 60).label_pos in ("left", "center")


@pytest.mark.parametrize(
    ("months", "end"), [(6, 12), (12, 18), (24, 30), (36, 42), (48, 60), (60, 72), (0, 12)]
)
def test_time_axis_ends_past_the_last_time(months: float, end: int) -> None:
    assert landmark.months_axis_max(months) == end


def test_time_axis_title_names_a_shared_starting_point() -> None:
    rows = rows_of(stage(rate("os_rate", 6, 58), rate("pfs_rate", 6, 20)))
    assert landmark.time_axis_title(rows) == "Months from CAR-T infusion"
    mixed = rows_of(
        stage(rate("os_rate", 6, 58), rate("os_rate", 12, 40, time_origin="not_stated"))
    )
    assert "as each study counts it" in landmark.time_axis_title(mixed)


def test_the_engine_joins_zuma1_two_and_five_year_os(base: EvidenceBase) -> None:
    """With CAR-T planned, the CAR-T stage has ZUMA-1's 2- and 5-year OS: one line, one study."""
    assessment = assess(PatientProfile(prior_lines=2, cart_plan="planned"), base)
    found = []
    for strategy in assessment.strategies:
        if not strategy.applicable:
            continue
        for one in strategy.stages:
            rows = landmark.landmark_rows(one, engine_index(base))
            for joined in _lines(rows).values():
                assert len({r.study for r in joined}) == 1
                found.append(joined)
    assert found, "no stage of this scenario joins a study's own landmark rates"
    times = {tuple(sorted(_x(r) for r in joined)) for joined in found}
    expected = sorted(
        o.timepoint_months
        for o in base.outcomes.values()
        if base.cohorts[o.cohort].study == "zuma-1"
        and o.endpoint.value == "os_rate"
        and o.timepoint_months is not None
    )
    assert tuple(expected) in times
