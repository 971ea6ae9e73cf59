"""Exact CIs against values the sources themselves report, and the count-from-percentage rule."""

from __future__ import annotations

import pytest

from evidence.ci import clopper_pearson, events_from_percentage


@pytest.mark.parametrize(
    ("events", "denominator", "low", "high"),
    [
        (46, 80, 45.9, 68.5),  # L-MIND best ORR 57.5% (95% CI 45.9-68.5), leads sheet
        (51, 76, 55.4, 77.5),  # RE-MIND tafa-len ORR 67.1% (55.4-77.5), leads sheet
        (26, 76, 23.7, 46.0),  # RE-MIND lenalidomide ORR 34.2% (23.7-46.0), leads sheet
        (10, 76, 6.5, 22.9),  # RE-MIND lenalidomide CR 13.2% (6.5-22.9), leads sheet
    ],
)
def test_clopper_pearson_matches_published_intervals(events, denominator, low, high) -> None:
    computed_low, computed_high = clopper_pearson(events, denominator)
    assert round(computed_low, 1) == low
    assert round(computed_high, 1) == high


def test_extremes_are_bounded() -> None:
    assert clopper_pearson(0, 10)[0] == 0.0
    assert clopper_pearson(10, 10)[1] == 100.0


@pytest.mark.parametrize(
    ("percentage", "denominator", "events"),
    [(47.0, 83, 39), (57.5, 80, 46), (48.2, 83, 40), (50.0, 2, 1), (33.0, 100, 33)],
)
def test_events_from_percentage_when_unique(percentage, denominator, events) -> None:
    assert events_from_percentage(percentage, denominator) == events


def test_events_from_percentage_refuses_ambiguity() -> None:
    # 1% of 250 could be 2 or 3 patients (0.8% and 1.2% both print as 1%).
    assert events_from_percentage(1.0, 250) is None
    assert events_from_percentage(12.3, 7) is None  # no whole count gives 12.3% of 7
