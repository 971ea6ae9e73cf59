"""What one figure rests on: the patients it counts (its own n) and whether it is mature.

One definition for the engine, the exports and the lint. A figure's n is the number it counts:
its printed denominator; for a duration or rate among responders, the responders (never the
cohort); for a share of deaths, the deaths; for a subgroup, the subgroup's size where the source
gives it; the cohort's n only for a whole-cohort figure whose percentage is a whole share of it
(65.9% is not a share of 67 patients). Otherwise "not given", never a borrowed n.

A median longer than its median follow-up, or a rate at a time beyond it, rests on few patients
still at risk: immature (DOMAIN.md: "A median beyond the median follow-up is immature; say so on
the figure"). The follow-up is the figure's own, else its cohort's median follow-up record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from evidence.models import (
    AMONG_DEATHS,
    AMONG_RESPONDERS,
    MEDIAN_ENDPOINTS,
    TIMEPOINT_RATE_ENDPOINTS,
    Cohort,
    Endpoint,
    Outcome,
)
from evidence.numbers import decimals_of

__all__ = [
    "ALL_PATIENTS",
    "DAYS_PER_MONTH",
    "MONTHS_PER_YEAR",
    "Maturity",
    "cohort_followup",
    "conditions_key",
    "counted_share",
    "figure_n",
    "is_whole_cohort",
    "maturity",
    "months_to_days",
    "subgroup_sizes",
    "to_months",
    "whole_share",
]

ALL_PATIENTS = "All patients"
_WHOLE_COHORT_LABELS = frozenset({"all patients", "all", "overall"})
# Times are compared on one months scale: a month is 365.25 / 12 days.
DAYS_PER_MONTH = 30.4375
MONTHS_PER_YEAR = 12.0
_PER_MONTH = {"months": 1.0, "years": MONTHS_PER_YEAR, "days": 1 / DAYS_PER_MONTH}


def to_months(value: float | None, unit: str) -> float | None:
    """A time on the months scale (days / 30.4375, years * 12); None for other units."""
    if value is None:
        return None
    factor = _PER_MONTH.get(unit)
    return value * factor if factor is not None else None


def months_to_days(months: float) -> float:
    return months * DAYS_PER_MONTH


def is_whole_cohort(outcome: Outcome) -> bool:
    """A figure about every patient of its cohort (no subgroup, no conditions)."""
    return not outcome.conditions and outcome.subgroup.strip().lower() in _WHOLE_COHORT_LABELS


def whole_share(value: float, n: int) -> bool:
    """Whether a percentage printed to its decimals can be k of n patients for a whole k."""
    half_step = 0.5 * 10 ** -decimals_of(value) + 1e-9
    return any(abs(100 * k / n - value) <= half_step for k in range(n + 1))


ConditionsKey = frozenset[tuple[str, str, str]]


def conditions_key(outcome: Outcome) -> ConditionsKey:
    return frozenset((c.field, c.op, repr(c.value)) for c in outcome.conditions)


def subgroup_sizes(outcomes: Iterable[Outcome]) -> dict[tuple[str, ConditionsKey], int]:
    """Counts of patients per subgroup (endpoint 'count', unit 'patients', with conditions), e.g.
    DESCAR-T's 42 early and 10 late CAR-T failures, so that a subgroup's median is shown with its
    own n."""
    return {
        (o.cohort, conditions_key(o)): int(o.value)
        for o in outcomes
        if o.endpoint == Endpoint.patient_count
        and o.unit == "patients"
        and o.conditions
        and o.value is not None
        and o.superseded_by is None
    }


def counted_share(outcome: Outcome) -> bool:
    """A percentage that counts patients (k of n), not an estimate at a time (a Kaplan-Meier
    rate is not a whole share of anything) nor a share of responders or deaths."""
    return (
        outcome.unit == "%"
        and outcome.value is not None
        and outcome.endpoint not in TIMEPOINT_RATE_ENDPOINTS
        and outcome.endpoint not in AMONG_RESPONDERS
        and outcome.endpoint not in AMONG_DEATHS
    )


def figure_n(outcome: Outcome, cohort: Cohort, subgroup_size: int | None = None) -> int | None:
    """The patients (or deaths) the figure counts; None when the source does not give it."""
    if outcome.denominator:
        return outcome.denominator
    if outcome.denominator_not_printed:
        return None
    if outcome.endpoint in AMONG_RESPONDERS or outcome.endpoint in AMONG_DEATHS:
        return None
    if not is_whole_cohort(outcome):
        return subgroup_size
    if cohort.n is None:
        return None
    if (
        outcome.unit == "%"
        and outcome.value is not None
        and not whole_share(outcome.value, cohort.n)
    ):
        return None
    return cohort.n


def cohort_followup(outcomes: Iterable[Outcome]) -> float | None:
    """A cohort's median follow-up in months, from its whole-cohort follow-up record (the
    longest where the source gives more than one)."""
    spans = [
        to_months(o.value, o.unit)
        for o in outcomes
        if o.endpoint == Endpoint.median_followup
        and o.superseded_by is None
        and is_whole_cohort(o)
        and o.value is not None
    ]
    known = [span for span in spans if span is not None]
    return max(known) if known else None


@dataclass(frozen=True, slots=True)
class Maturity:
    """Whether a figure is immature, and why: `why` is "source" (the source says so), "median"
    (a median of `months` beyond the median follow-up) or "timepoint" (a rate at `months`
    beyond it). Words are the presentation layer's."""

    immature: bool
    why: Literal["source", "median", "timepoint"] | None = None
    months: float | None = None
    followup_months: float | None = None  # the follow-up it was judged against


def maturity(outcome: Outcome, followup_months: float | None) -> Maturity:
    """Immature when the source says so, or when a median lies beyond the median follow-up, or
    a rate's time beyond it; otherwise not judged immature (which is not a claim of maturity
    when no follow-up is known)."""
    followup = outcome.followup_months or followup_months
    if outcome.immature_per_source:
        return Maturity(True, "source", None, followup)
    if followup is None:
        return Maturity(False)
    if outcome.endpoint in MEDIAN_ENDPOINTS and outcome.value is not None:
        months = to_months(outcome.value, outcome.unit)
        if months is not None and months > followup:
            return Maturity(True, "median", months, followup)
    timepoint = outcome.timepoint_months
    if (
        outcome.endpoint in TIMEPOINT_RATE_ENDPOINTS
        and timepoint is not None
        and timepoint > followup
    ):
        return Maturity(True, "timepoint", timepoint, followup)
    return Maturity(False, None, None, followup)
