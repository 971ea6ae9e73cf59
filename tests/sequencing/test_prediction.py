"""Predict-then-reveal feedback compares spans, never a single right answer (fixture base)."""

from __future__ import annotations

import pytest

from sequencing import PatientProfile, assess
from sequencing.prediction import feedback
from tests.sequencing.fixture_base import FIXTURE

EARLY = PatientProfile(
    prior_lines=3, prior_cart=True, months_cart_to_failure=3, cart_plan="not_candidate"
)
LATE = EARLY.model_copy(update={"months_cart_to_failure": 9.0})


@pytest.mark.parametrize(
    ("low", "high", "overlaps"),
    [
        (0.0, 60.0, True),
        (2.0, 2.0, True),  # touching the span (2 months) is overlap
        (0.0, 1.9, False),
        (2.1, 10.0, False),
    ],
)
def test_overlap_with_the_early_failure_pfs2_span(low: float, high: float, overlaps: bool) -> None:
    [item] = feedback(assess(EARLY, FIXTURE), "median_pfs2", low, high)
    assert item.strategy_title == "Tafa-len after CAR-T failure"
    assert (item.endpoint_range.low_months, item.endpoint_range.high_months) == (2.0, 2.0)
    assert item.overlaps is overlaps
    assert item.text.startswith(
        "Your range overlaps" if overlaps else "Your range lies outside the published span"
    )


def test_a_span_not_reached_has_nothing_to_compare_with() -> None:
    [item] = feedback(assess(LATE, FIXTURE), "median_os2", 0.0, 60.0)
    assert item.overlaps is None
    assert item.text.startswith("The published figures here are not reached or unmatched")


def test_no_feedback_without_figures_or_for_strategies_that_do_not_apply() -> None:
    assert feedback(assess(EARLY, FIXTURE), "median_efs", 0.0, 60.0) == []
    planned = PatientProfile(prior_lines=2, cart_plan="planned")
    titles = [i.strategy_title for i in feedback(assess(planned, FIXTURE), "orr", 0.0, 100.0)]
    assert "Tafa-len without planned CAR-T" not in titles
    assert "Tafa-len now, CAR-T if it progresses" in titles
