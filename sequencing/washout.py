"""Tafasitamab washout arithmetic beside what was observed, with its limits stated.

The expected fraction of antibody left follows first-order elimination from the terminal
half-life read from the evidence base (endpoint "half_life"). The observed washouts are the
"median_washout" outcomes (DESCAR-T as prior line and as bridge). No guideline sets a washout
interval, and the output says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evidence.figure import months_to_days, to_months
from evidence.formatting import interval_text, n_text, number, share_text, value_text
from evidence.models import Outcome
from sequencing.fit import CohortFit
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile
from sequencing.ranges import RangePoint, make_point

__all__ = [
    "CURVE_AFTER_LEUKAPHERESIS_DAYS",
    "CURVE_MIN_DAYS",
    "THRESHOLDS",
    "Washout",
    "build_washout",
    "day_reaching",
    "fraction_remaining",
    "half_life_days",
]

THRESHOLDS: dict[str, float] = {"50%": 0.5, "25%": 0.25, "10%": 0.10, "3%": 0.03}
CURVE_MIN_DAYS = 120
CURVE_AFTER_LEUKAPHERESIS_DAYS = 14


@dataclass(frozen=True, slots=True)
class Washout:
    days_since_last_dose: int
    half_life_days: float
    half_life_outcome_id: str
    fraction_today: float
    leukapheresis_in_days: int | None
    fraction_at_leukapheresis: float | None
    thresholds: dict[str, float]
    curve: list[tuple[int, float]]
    observed: list[RangePoint]
    statements: list[str]


def half_life_days(outcome: Outcome) -> float:
    """The half-life record's value in days."""
    assert outcome.value is not None
    if outcome.unit == "days":
        return outcome.value
    months = to_months(outcome.value, outcome.unit)
    assert months is not None
    return months_to_days(months)


def fraction_remaining(days: float, half_life: float) -> float:
    """First-order elimination: the share of antibody left `days` after the last dose."""
    if days <= 0:
        return 1.0
    return float(0.5 ** (days / half_life))


def day_reaching(fraction: float, half_life: float) -> float:
    """The day after the last dose on which the expected share falls to `fraction`."""
    return half_life * math.log2(1 / fraction)


def _describe_observed(p: RangePoint) -> str:
    where = f"{p.cohort_label} ({p.source_short}" + (f", {n_text(p.n)})" if p.n else ")")
    interval = interval_text(p)
    return f"{where}: median washout {value_text(p)}" + (f" ({interval})" if interval else "")


def build_washout(
    profile: PatientProfile,
    index: EngineIndex,
    fits: dict[str, CohortFit],
    leukapheresis_in_days: int | None,
) -> Washout | None:
    """None when no tafasitamab dose is recorded or the evidence base has no half-life."""
    if profile.days_since_last_tafasitamab is None or index.half_life is None:
        return None
    record = index.half_life
    half_life = half_life_days(record)
    days = profile.days_since_last_tafasitamab
    today = fraction_remaining(days, half_life)
    at_leuka = None
    if leukapheresis_in_days is not None:
        at_leuka = fraction_remaining(days + leukapheresis_in_days, half_life)
    last_day = max(
        CURVE_MIN_DAYS, days + (leukapheresis_in_days or 0) + CURVE_AFTER_LEUKAPHERESIS_DAYS
    )
    curve = [(day, round(fraction_remaining(day, half_life), 4)) for day in range(last_day + 1)]
    thresholds = {label: round(day_reaching(f, half_life), 1) for label, f in THRESHOLDS.items()}
    observed = [
        make_point(o, fits[o.cohort].grade if o.cohort in fits else "outside", index)
        for o in index.washout_outcomes
    ]

    source = index.base.source_of(record.cohort).short
    statements = [
        "No published guideline sets a washout interval between tafasitamab and CD19 CAR-T "
        "leukapheresis; the figures below are arithmetic and observation, not a rule.",
        f"Expected share left assumes first-order (exponential) elimination with the "
        f"{number(half_life)}-day terminal half-life ({source}). This is a simplification: it "
        "ignores dose, schedule, body weight, target-mediated clearance and antibody bound in "
        "tissue, and serum levels say nothing directly about CD19 epitope occupancy on "
        "lymphoma cells.",
        f"Today, {days} days after the last dose, about {share_text(today)} is expected to remain.",
    ]
    if at_leuka is not None and leukapheresis_in_days is not None:
        statements.append(
            f"At leukapheresis in {leukapheresis_in_days} days (day {days + leukapheresis_in_days}"
            f" after the last dose) about {share_text(at_leuka)} is expected to remain."
        )
    statements.append(
        "Expected to fall under "
        + ", ".join(f"{label} on day {number(value)}" for label, value in thresholds.items())
        + " after the dose."
    )
    for p in observed:
        statements.append("Observed: " + _describe_observed(p) + ".")
    if not observed:
        statements.append("No observed washout interval is recorded in the evidence base.")
    for finding in index.findings_by_topic.get("washout", ()):
        statements.append(finding.text)
    return Washout(
        days_since_last_dose=days,
        half_life_days=half_life,
        half_life_outcome_id=record.id,
        fraction_today=today,
        leukapheresis_in_days=leukapheresis_in_days,
        fraction_at_leukapheresis=at_leuka,
        thresholds=thresholds,
        curve=curve,
        observed=observed,
        statements=statements,
    )
