"""A figure's value and one-line summary for the charts' labels and alt texts, through the one
formatter (`evidence.formatting`)."""

from __future__ import annotations

from evidence.formatting import interval_text, n_text, number, value_text
from evidence.models import Outcome
from sequencing.ranges import RangePoint

__all__ = ["point_summary", "point_value"]


def point_value(point: RangePoint | Outcome) -> str:
    """'47%', '55 days (about 1.8 months)', 'not reached'."""
    months = point.value_months if isinstance(point, RangePoint) else None
    return value_text(point, months)


def point_summary(point: RangePoint) -> str:
    parts = [point_value(point)]
    interval = interval_text(point)
    if interval:
        parts.append(interval)
    parts.append(n_text(point.n))
    if point.followup_months:
        parts.append(f"median follow-up {number(point.followup_months)} months")
    return " · ".join(parts)
