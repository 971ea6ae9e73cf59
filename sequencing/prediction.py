"""Predict-then-reveal: how a fellow's expected range sits against the published ranges.

Feedback compares spans only (overlap or not); it never scores against a single 'right' number,
because the evidence gives ranges from different cohorts, not one answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sequencing.assess import Assessment
from sequencing.ranges import EndpointRange

__all__ = ["SCALES", "Feedback", "feedback"]

# Slider scales for predictions, by unit.
SCALES: dict[str, tuple[float, float, float]] = {"%": (0.0, 100.0, 1.0), "months": (0.0, 60.0, 0.5)}


@dataclass(frozen=True)
class Feedback:
    strategy_title: str
    endpoint_range: EndpointRange
    overlaps: bool | None  # None: the range is open (not reached) or has no matched value
    text: str


def _overlap(low: float, high: float, endpoint_range: EndpointRange) -> bool | None:
    months = endpoint_range.low_months is not None
    span_low = endpoint_range.low_months if months else endpoint_range.low
    span_high = endpoint_range.high_months if months else endpoint_range.high
    if span_low is None or span_high is None:
        return None
    return low <= span_high and high >= span_low


def feedback(assessment: Assessment, endpoint: str, low: float, high: float) -> list[Feedback]:
    """One item per applicable strategy that has matched figures for the endpoint."""
    items = []
    for strategy in assessment.strategies:
        if not strategy.applicable:
            continue
        for endpoint_range in strategy.ranges:
            if endpoint_range.endpoint != endpoint or not endpoint_range.points:
                continue
            overlaps = _overlap(low, high, endpoint_range)
            text = {
                True: "Your range overlaps the published span.",
                False: "Your range lies outside the published span: look at which cohorts "
                "drive it and how well they fit.",
                None: "The published figures here are not reached or unmatched: no span to "
                "compare with.",
            }[overlaps]
            items.append(Feedback(strategy.title, endpoint_range, overlaps, text))
    return items
