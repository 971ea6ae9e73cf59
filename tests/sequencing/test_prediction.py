"""Predict-then-reveal feedback compares spans, never a single right answer."""

from __future__ import annotations

from sequencing import PatientProfile, assess
from sequencing.prediction import feedback

POST_CART = PatientProfile(
    prior_lines=3, prior_cart=True, months_cart_to_failure=3, cart_plan="not_candidate"
)


def test_overlap_and_miss(base) -> None:  # type: ignore[no-untyped-def]
    assessment = assess(POST_CART, base)
    items = feedback(assessment, "median_pfs2", 0.0, 60.0)
    assert items and all(item.overlaps for item in items)
    span_high = max(i.endpoint_range.high_months or 0 for i in items)
    missed = feedback(assessment, "median_pfs2", span_high + 10, span_high + 20)
    assert missed and not any(item.overlaps for item in missed)


def test_no_feedback_for_strategies_that_do_not_apply(base) -> None:  # type: ignore[no-untyped-def]
    items = feedback(assess(POST_CART, base), "median_efs", 0.0, 60.0)
    assert all("CAR-T now" not in item.strategy_title for item in items)
