"""Outcome ranges per endpoint: the matched cohorts' figures side by side, never pooled.

For each cohort, endpoint, arm (and timepoint, for rates) the most specific subgroup whose
conditions all hold for the patient is kept: the one with most conditions; ties are all kept
(e.g. an abstract and a results section that disagree). Subgroups whose conditions are False are
dropped; superseded records are skipped. A range spans only cohorts graded "fits" or "partial".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from evidence.models import ENDPOINT_LABELS, Endpoint, Outcome
from sequencing.conditions import describe, evaluate_all
from sequencing.fit import CohortFit
from sequencing.index import EngineIndex, conditions_key
from sequencing.profile import PatientProfile

DAYS_PER_MONTH = 30.4375

TIME_ENDPOINTS = frozenset(
    {
        Endpoint.median_pfs,
        Endpoint.median_os,
        Endpoint.median_dor,
        Endpoint.median_dfs,
        Endpoint.median_efs,
        Endpoint.median_pfs2,
        Endpoint.median_os2,
        Endpoint.median_dor2,
        Endpoint.median_followup,
        Endpoint.median_washout,
        Endpoint.median_treatment_duration,
        Endpoint.median_time_cart_to_treatment,
        Endpoint.half_life,
    }
)

# The endpoints a strategy shows, in display order.
RANGE_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint.orr,
    Endpoint.cr_rate,
    Endpoint.median_pfs,
    Endpoint.median_os,
    Endpoint.median_efs,
    Endpoint.median_dor,
    Endpoint.median_pfs2,
    Endpoint.median_os2,
    Endpoint.median_dor2,
    Endpoint.pfs_rate,
    Endpoint.os_rate,
    Endpoint.efs_rate,
)

MATCHED_GRADES = frozenset({"fits", "partial"})

# Endpoints measured among responders by definition: a "responders" subgroup is their whole.
_RESPONDER_ENDPOINTS = frozenset({Endpoint.median_dor, Endpoint.median_dor2})
ALL_PATIENTS = "All patients"


@dataclass(frozen=True, slots=True)
class RangePoint:
    outcome_id: str
    cohort_id: str
    cohort_label: str
    source_short: str
    subgroup: str
    arm: str | None
    value: float | None
    not_reached: bool
    unit: str
    value_months: float | None
    ci_low: float | None
    ci_high: float | None
    ci_high_not_reached: bool
    ci_method: str | None
    n: int | None
    followup_months: float | None
    design: str
    grade: str
    doi: str | None
    location: str
    quote: str | None
    verified_from: str
    reported_in: str | None
    conflicts_with: list[str]
    source_error: str | None
    timepoint_months: float | None = None
    endpoint: str = ""
    conditions: list[str] = field(default_factory=list)
    in_band: bool = True
    note: str | None = None
    range_low: float | None = None
    range_high: float | None = None
    range_kind: str | None = None


@dataclass(frozen=True, slots=True)
class EndpointRange:
    endpoint: str
    label: str
    unit: str
    points: list[RangePoint]
    low: float | None
    high: float | None
    low_months: float | None
    high_months: float | None
    note: str
    timepoint_months: float | None = None
    stage: str = ""


def to_months(value: float | None, unit: str) -> float | None:
    """A time on the months scale (days / 30.4375, years * 12); None for other units."""
    if value is None:
        return None
    if unit == "months":
        return value
    if unit == "days":
        return round(value / DAYS_PER_MONTH, 2)
    if unit == "years":
        return value * 12
    return None


def most_specific(outcomes: Iterable[Outcome], profile: PatientProfile) -> list[Outcome]:
    """Per (endpoint, arm, timepoint): the matching outcomes with the most conditions, ties kept.

    Only outcomes whose conditions all hold (True) are candidates; False or unknown are dropped.
    """
    best: dict[tuple[str, str | None, float | None], tuple[int, list[Outcome]]] = {}
    for outcome in outcomes:
        if outcome.superseded_by is not None:
            continue
        if outcome.conditions and evaluate_all(outcome.conditions, profile) is not True:
            continue
        key = (outcome.endpoint.value, outcome.arm, outcome.timepoint_months)
        size = len(outcome.conditions)
        held = best.get(key)
        if held is None or size > held[0]:
            best[key] = (size, [outcome])
        elif size == held[0]:
            held[1].append(outcome)
    return [outcome for _, group in best.values() for outcome in group]


def point(outcome: Outcome, grade: str, index: EngineIndex) -> RangePoint:
    """The display record of one outcome for a cohort graded `grade` (memoised per index)."""
    cache: dict[tuple[str, str], RangePoint] = index.memo.setdefault("points", {})
    key = (outcome.id, grade)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _point(outcome, grade, index)
    return found


def _point(outcome: Outcome, grade: str, index: EngineIndex) -> RangePoint:
    base = index.base
    cohort = base.cohorts[outcome.cohort]
    source = index.source_of[outcome.cohort]
    return RangePoint(
        outcome_id=outcome.id,
        cohort_id=cohort.id,
        cohort_label=cohort.label,
        source_short=source.short,
        subgroup=outcome.subgroup,
        arm=outcome.arm,
        value=outcome.value,
        not_reached=outcome.not_reached,
        unit=outcome.unit,
        value_months=(
            to_months(outcome.value, outcome.unit) if outcome.endpoint in TIME_ENDPOINTS else None
        ),
        ci_low=outcome.ci_low,
        ci_high=outcome.ci_high,
        ci_high_not_reached=outcome.ci_high_not_reached,
        ci_method=outcome.ci_method,
        n=_n(outcome, cohort.n, index),
        followup_months=outcome.followup_months,
        design=index.design_label_of[cohort.id],
        grade=grade,
        doi=source.doi,
        location=outcome.location,
        quote=outcome.quote,
        verified_from=outcome.verified_from.value,
        reported_in=outcome.reported_in or cohort.reported_in,
        conflicts_with=list(outcome.conflicts_with),
        source_error=outcome.source_error,
        timepoint_months=outcome.timepoint_months,
        endpoint=outcome.endpoint.value,
        conditions=[describe(c) for c in outcome.conditions],
        in_band=in_band(outcome) and not cohort.mixed_treatments,
        note=outcome.note,
        range_low=outcome.range_low,
        range_high=outcome.range_high,
        range_kind=outcome.range_kind,
    )


def _n(outcome: Outcome, cohort_n: int | None, index: EngineIndex) -> int | None:
    """The patients a figure describes: its denominator, else the subgroup's size where the
    source gives it, else the cohort's n for whole-cohort figures; None rather than a wrong n."""
    if outcome.denominator:
        return outcome.denominator
    if outcome.conditions:
        return index.subgroup_sizes.get((outcome.cohort, conditions_key(outcome)))
    return cohort_n


def in_band(outcome: Outcome) -> bool:
    """Whether a figure may set the ends of a band for this patient.

    A subgroup the profile cannot express (no conditions, e.g. "complete responders") describes
    patients chosen by how they did: it is shown, but it does not widen the band.
    """
    if outcome.conditions or outcome.endpoint in _RESPONDER_ENDPOINTS:
        return True
    return outcome.subgroup.strip().lower() in (ALL_PATIENTS.lower(), "all", "overall")


def _label(endpoint: Endpoint, timepoint: float | None) -> str:
    label = ENDPOINT_LABELS[endpoint]
    if timepoint is not None:
        label = label.replace("at a timepoint", f"at {timepoint:g} months")
    return label


def endpoint_range(
    endpoint: Endpoint,
    points: Sequence[RangePoint],
    timepoint: float | None = None,
    stage: str = "",
) -> EndpointRange:
    """The span of the points' values (months for time endpoints); a band, not an estimate."""
    is_time = endpoint in TIME_ENDPOINTS
    values = [p.value_months if is_time else p.value for p in points if p.in_band]
    known = [v for v in values if v is not None]
    low = min(known) if known else None
    high = max(known) if known else None
    cohorts = {p.cohort_id for p in points}
    notes = [
        f"Span of {len(points)} figure(s) from {len(cohorts)} cohort(s); "
        "not pooled, not a prediction."
    ]
    if any(p.not_reached for p in points):
        notes.append("At least one median was not reached: the upper end may be higher.")
    if any(p.conflicts_with for p in points):
        notes.append("The source gives conflicting figures: both are shown.")
    if any(p.source_error for p in points):
        notes.append("A figure carries a known error of its source.")
    if not all(p.in_band for p in points):
        notes.append(
            "Figures from subgroups chosen by outcome (e.g. responders), weighted "
            "comparison sets, or cohorts pooling several treatments are shown but do "
            "not set the band."
        )
    if any(p.grade == "partial" for p in points):
        notes.append("Some cohorts only partly fit this patient.")
    units = {p.unit for p in points}
    unit = "months" if is_time else (units.pop() if len(units) == 1 else "mixed")
    return EndpointRange(
        endpoint=endpoint.value,
        label=f"{_label(endpoint, timepoint)} ({stage})" if stage else _label(endpoint, timepoint),
        unit=unit,
        points=list(points),
        low=low,
        high=high,
        low_months=low if is_time else None,
        high_months=high if is_time else None,
        note=" ".join(notes),
        timepoint_months=timepoint,
        stage=stage,
    )


def cohort_points(
    fit: CohortFit,
    profile: PatientProfile,
    index: EngineIndex,
    endpoints: Iterable[Endpoint] | None = None,
) -> list[RangePoint]:
    """The most specific points of one cohort (optionally only some endpoints)."""
    wanted = frozenset(endpoints) if endpoints is not None else None
    outcomes = [
        o
        for o in index.outcomes_by_cohort.get(fit.cohort_id, ())
        if wanted is None or o.endpoint in wanted
    ]
    return [point(o, fit.grade, index) for o in most_specific(outcomes, profile)]


def build_ranges(
    fits: Iterable[CohortFit],
    profile: PatientProfile,
    index: EngineIndex,
    endpoints: Sequence[Endpoint] = RANGE_ENDPOINTS,
    *,
    stage: str = "",
    arm_ok: Callable[[str | None], bool] | None = None,
) -> list[EndpointRange]:
    """One range per endpoint (and timepoint for rates) over the matched cohorts' points.

    `arm_ok` keeps only the arms of the treatment in question (e.g. not a comparator arm).
    """
    grouped: dict[tuple[Endpoint, float | None], list[RangePoint]] = {}
    wanted = frozenset(endpoints)
    for fit in fits:
        if fit.grade not in MATCHED_GRADES:
            continue
        for p in cohort_points(fit, profile, index, wanted):
            if arm_ok is not None and not arm_ok(p.arm):
                continue
            grouped.setdefault((Endpoint(p.endpoint), p.timepoint_months), []).append(p)
    order = {endpoint: position for position, endpoint in enumerate(endpoints)}
    keys = sorted(grouped, key=lambda k: (order[k[0]], k[1] or 0.0))
    return [endpoint_range(endpoint, grouped[(endpoint, tp)], tp, stage) for endpoint, tp in keys]
