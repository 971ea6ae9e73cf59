"""Outcome ranges per endpoint: the matched cohorts' figures side by side, never pooled.

What a band holds is decided by what each figure measures (typed fields of the evidence, never
words in prose):
- one band is one endpoint, one kind of response (best, end of treatment...) and one timepoint;
  a band never mixes best and end-of-treatment response;
- a stage takes only figures of the treatment it is about (`measured`): in a tafa-len-before-
  CAR-T cohort, the response after CAR-T infusion is the CAR-T's, not tafa-len's (seed 003);
- one study counts once: the analyses of one group of patients (L-MIND primary, 3-year, 5-year,
  its label subset) are one cohort; its latest analysis reporting the figure sets it, earlier
  ones are shown as its history and never widen the band;
- a cohort that mixes CAR-T-naive and post-CAR-T patients, or pools treatments, is shown but
  never sets a band;
- per cohort, endpoint, assessment and timepoint the most specific subgroup whose conditions all
  hold for the patient is kept (ties kept: e.g. an abstract and a results section that disagree).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from evidence.figure import Maturity, is_whole_cohort, to_months
from evidence.formatting import number
from evidence.models import (
    ENDPOINT_LABELS,
    MEDIAN_ENDPOINTS,
    RESPONDER_ENDPOINTS,
    RESPONSE_ASSESSMENT_LABELS,
    RESPONSE_ENDPOINTS,
    TIME_ORIGIN_LABELS,
    CartExposure,
    Endpoint,
    MeasuredTreatment,
    Outcome,
    ResponseAssessment,
    TimeOrigin,
)
from sequencing.conditions import describe, evaluate_all
from sequencing.fit import CohortFit
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile

__all__ = [
    "MATCHED_GRADES",
    "RANGE_ENDPOINTS",
    "TIME_ENDPOINTS",
    "EndpointRange",
    "RangePoint",
    "band_label",
    "build_ranges",
    "cohort_points",
    "endpoint_range",
    "in_band",
    "latest_analyses",
    "make_point",
    "most_specific",
]

TIME_ENDPOINTS = MEDIAN_ENDPOINTS | frozenset(
    {
        Endpoint.median_followup,
        Endpoint.median_washout,
        Endpoint.median_treatment_duration,
        Endpoint.median_time_cart_to_treatment,
        Endpoint.median_time_to_failure,
        Endpoint.median_time_to_best_response,
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
ALL_PATIENTS = "All patients"

# Why a figure is shown but does not set the band.
HOLLOW_EARLIER_ANALYSIS = "earlier analysis of the same study"
HOLLOW_MIXED_EXPOSURE = "cohort mixes CAR-T-naive and post-CAR-T patients"
HOLLOW_MIXED_TREATMENTS = "cohort pools several treatments"
HOLLOW_SELECTED_SUBGROUP = "subgroup chosen by outcome"
HOLLOW_COUNT = "a count of patients, not a rate"


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
    measured: str = MeasuredTreatment.cohort_treatment.value
    time_origin: str | None = None
    response_assessment: str | None = None
    study: str = ""
    analysis: str = ""
    analysis_order: int = 1
    ci_level: float | None = None
    # Why the figure does not set the band ("" when it does).
    hollow_reason: str = ""
    cart_exposure: str = CartExposure.not_reported.value
    pct_prior_cart: float | None = None
    # Whether the figure is immature and why (`evidence.figure.maturity`).
    maturity: Maturity = field(default_factory=lambda: Maturity(False))
    # The kind of publication the figure was read from (`evidence.models.Publication`).
    publication: str = ""
    # Authors' caveats that qualify the figure (finding ids), shown with it.
    caveat_ids: tuple[str, ...] = ()


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
    response_assessment: str | None = None
    # The time origin shared by every figure of the band, or None when they differ.
    time_origin: str | None = None
    cohorts: int = 0  # studies that set the band
    patients: int | None = None  # their patients, None when a study gives no n
    name: str = ""  # the label without the stage, for display under the stage's heading


def most_specific(outcomes: Iterable[Outcome], profile: PatientProfile) -> list[Outcome]:
    """Per (endpoint, assessment, arm, timepoint): the matching outcomes with the most
    conditions, ties kept. Only outcomes whose conditions all hold (True) are candidates."""
    best: dict[tuple[str, str | None, str | None, float | None], tuple[int, list[Outcome]]] = {}
    for outcome in outcomes:
        if outcome.superseded_by is not None:
            continue
        if outcome.conditions and evaluate_all(outcome.conditions, profile) is not True:
            continue
        assessment = outcome.response_assessment.value if outcome.response_assessment else None
        key = (outcome.endpoint.value, assessment, outcome.arm, outcome.timepoint_months)
        size = len(outcome.conditions)
        held = best.get(key)
        if held is None or size > held[0]:
            best[key] = (size, [outcome])
        elif size == held[0]:
            held[1].append(outcome)
    return [outcome for _, group in best.values() for outcome in group]


def in_band(outcome: Outcome) -> bool:
    """Whether a figure's subgroup may set the ends of a band for this patient.

    A subgroup the profile cannot express (no conditions, e.g. "complete responders") describes
    patients chosen by how they did: it is shown, but it does not widen the band.
    """
    return (
        bool(outcome.conditions)
        or outcome.endpoint in RESPONDER_ENDPOINTS
        or is_whole_cohort(outcome)
    )


def _hollow_reason(outcome: Outcome, index: EngineIndex) -> str:
    cohort = index.base.cohorts[outcome.cohort]
    if cohort.cart_exposure == CartExposure.some:
        return HOLLOW_MIXED_EXPOSURE
    if cohort.mixed_treatments:
        return HOLLOW_MIXED_TREATMENTS
    if not in_band(outcome):
        return HOLLOW_SELECTED_SUBGROUP
    if outcome.unit == "patients" and outcome.endpoint in RESPONSE_ENDPOINTS:
        return HOLLOW_COUNT
    return ""


def _pct_prior_cart(outcome: Outcome, index: EngineIndex) -> float | None:
    cohort = index.base.cohorts[outcome.cohort]
    shares = [b.value for b in cohort.baseline if b.feature == "pct_prior_cart"]
    return shares[0] if shares else None


def _months_shown(outcome: Outcome) -> float | None:
    """A time on the months scale for a band and a chart: as printed when in months; a
    conversion from days or years is shown to two decimals (it is not a printed figure)."""
    if outcome.endpoint not in TIME_ENDPOINTS:
        return None
    months = to_months(outcome.value, outcome.unit)
    if months is None or outcome.unit == "months":
        return months
    return round(months, 2)


def make_point(outcome: Outcome, grade: str, index: EngineIndex) -> RangePoint:
    """The display record of one outcome for a cohort graded `grade`."""
    cohort = index.base.cohorts[outcome.cohort]
    source = index.source_of[outcome.cohort]
    hollow = _hollow_reason(outcome, index)
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
        value_months=_months_shown(outcome),
        ci_low=outcome.ci_low,
        ci_high=outcome.ci_high,
        ci_high_not_reached=outcome.ci_high_not_reached,
        ci_method=outcome.ci_method,
        n=index.n_of.get(outcome.id),
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
        in_band=not hollow,
        note=outcome.note,
        range_low=outcome.range_low,
        range_high=outcome.range_high,
        range_kind=outcome.range_kind,
        measured=outcome.measured.value,
        time_origin=outcome.time_origin.value if outcome.time_origin else None,
        response_assessment=(
            outcome.response_assessment.value if outcome.response_assessment else None
        ),
        study=cohort.study,
        analysis=cohort.analysis,
        analysis_order=cohort.analysis_order,
        ci_level=outcome.ci_level,
        hollow_reason=hollow,
        cart_exposure=cohort.cart_exposure.value,
        pct_prior_cart=_pct_prior_cart(outcome, index),
        maturity=index.maturity_of.get(outcome.id, Maturity(False)),
        publication=(outcome.publication or source.publication).value,
        caveat_ids=tuple(f.id for f in index.caveats_of.get(outcome.id, ())),
    )


def band_label(
    endpoint: Endpoint, timepoint: float | None, assessment: str | None, stage: str = ""
) -> str:
    """e.g. 'Overall response rate (best response)', 'PFS rate at 18 months (CAR-T)'."""
    label = ENDPOINT_LABELS[endpoint]
    if timepoint is not None:
        label = label.replace("at a timepoint", f"at {number(timepoint)} months")
    qualifiers = []
    if assessment is not None and assessment != ResponseAssessment.not_stated.value:
        qualifiers.append(RESPONSE_ASSESSMENT_LABELS[ResponseAssessment(assessment)])
    if stage:
        qualifiers.append(stage)
    return f"{label} ({', '.join(qualifiers)})" if qualifiers else label


def latest_analyses(points: Iterable[RangePoint]) -> dict[str, int]:
    """Each study's latest analysis among these figures."""
    latest: dict[str, int] = {}
    for p in points:
        latest[p.study] = max(latest.get(p.study, 0), p.analysis_order)
    return latest


def _retire_earlier_analyses(
    points: Sequence[RangePoint], latest: Mapping[str, int] | None = None
) -> list[RangePoint]:
    """A study's latest analysis sets its figure; earlier ones become history. `latest` may
    span the bands of other response assessments of the same endpoint and time (L-MIND's
    primary ORR, its assessment not stated, is history beside its 5-year best ORR)."""
    latest = dict(latest_analyses(points)) | dict(latest or {})
    out = []
    for p in points:
        if p.analysis_order < latest[p.study] and p.in_band:
            out.append(_replace_hollow(p, HOLLOW_EARLIER_ANALYSIS))
        else:
            out.append(p)
    return out


def _replace_hollow(p: RangePoint, reason: str) -> RangePoint:
    return replace(p, in_band=False, hollow_reason=reason)


def _patients(points: Sequence[RangePoint]) -> tuple[int, int | None]:
    """Studies setting the band and their patients (the largest n each study's figures give)."""
    by_study: dict[str, int | None] = {}
    for p in points:
        if not p.in_band:
            continue
        held = by_study.get(p.study)
        by_study[p.study] = p.n if held is None else max(held, p.n or 0)
    if not by_study:
        return 0, None
    counts = list(by_study.values())
    if any(n is None for n in counts):
        return len(by_study), None
    return len(by_study), sum(n for n in counts if n is not None)


def _shared_origin(points: Sequence[RangePoint]) -> str | None:
    origins = {p.time_origin for p in points}
    return origins.pop() if len(origins) == 1 else None


def _notes(points: Sequence[RangePoint], cohorts: int, patients: int | None) -> list[str]:
    who = f"{cohorts} cohort(s)" + (f", {patients} patients" if patients else "")
    notes = [f"Span of {who}; not pooled, not a prediction."]
    origins = {p.time_origin for p in points if p.time_origin}
    if len(origins) > 1:
        words = sorted(TIME_ORIGIN_LABELS[TimeOrigin(o)] for o in origins)
        notes.append(
            "Figures are counted from different starting points: " + "; ".join(words) + "."
        )
    if any(p.not_reached for p in points):
        notes.append("At least one median was not reached: the upper end may be higher.")
    if any(p.conflicts_with for p in points):
        notes.append("The source gives conflicting figures: both are shown.")
    if any(p.source_error for p in points):
        notes.append("A figure carries a known error of its source.")
    reasons = sorted({p.hollow_reason for p in points if p.hollow_reason})
    if reasons:
        notes.append("Shown hollow, not setting the band: " + "; ".join(reasons) + ".")
    if any(p.grade == "partial" for p in points):
        notes.append("Some cohorts only partly fit this patient.")
    return notes


def endpoint_range(
    endpoint: Endpoint,
    points: Sequence[RangePoint],
    timepoint: float | None = None,
    stage: str = "",
    assessment: str | None = None,
    latest: Mapping[str, int] | None = None,
) -> EndpointRange:
    """The span of the band-setting points (months for time endpoints); a band, not an estimate."""
    is_time = endpoint in TIME_ENDPOINTS
    points = _retire_earlier_analyses(points, latest)
    values = [p.value_months if is_time else p.value for p in points if p.in_band]
    known = [v for v in values if v is not None]
    low = min(known) if known else None
    high = max(known) if known else None
    cohorts, patients = _patients(points)
    units = {p.unit for p in points}
    unit = "months" if is_time else (units.pop() if len(units) == 1 else "mixed")
    origin = _shared_origin(points)
    label = band_label(endpoint, timepoint, assessment, stage)
    name = band_label(endpoint, timepoint, assessment)
    if origin is not None and origin != TimeOrigin.not_stated.value:
        # Every figure of the band is counted from the same stated point: say which.
        label += f", {TIME_ORIGIN_LABELS[TimeOrigin(origin)]}"
        name += f", {TIME_ORIGIN_LABELS[TimeOrigin(origin)]}"
    return EndpointRange(
        endpoint=endpoint.value,
        label=label,
        name=name,
        unit=unit,
        points=list(points),
        low=low,
        high=high,
        low_months=low if is_time else None,
        high_months=high if is_time else None,
        note=" ".join(_notes(points, cohorts, patients)),
        timepoint_months=timepoint,
        stage=stage,
        response_assessment=assessment,
        time_origin=origin,
        cohorts=cohorts,
        patients=patients,
    )


def cohort_points(
    fit: CohortFit,
    profile: PatientProfile,
    index: EngineIndex,
    endpoints: Iterable[Endpoint] | None = None,
    measured: Iterable[MeasuredTreatment] | None = None,
) -> list[RangePoint]:
    """The most specific points of one cohort (optionally only some endpoints, and only the
    figures of one measured treatment)."""
    wanted = frozenset(endpoints) if endpoints is not None else None
    whose = frozenset(measured) if measured is not None else None
    outcomes = [
        o
        for o in index.outcomes_by_cohort.get(fit.cohort_id, ())
        if (wanted is None or o.endpoint in wanted) and (whose is None or o.measured in whose)
    ]
    return [make_point(o, fit.grade, index) for o in most_specific(outcomes, profile)]


_BandKey = tuple[Endpoint, str | None, float | None]


def build_ranges(
    fits: Iterable[CohortFit],
    profile: PatientProfile,
    index: EngineIndex,
    endpoints: Sequence[Endpoint] = RANGE_ENDPOINTS,
    *,
    stage: str = "",
    measured: MeasuredTreatment = MeasuredTreatment.cohort_treatment,
) -> list[EndpointRange]:
    """One range per endpoint, response assessment and timepoint over the matched cohorts'
    figures of the `measured` treatment."""
    grouped: dict[_BandKey, list[RangePoint]] = {}
    wanted = frozenset(endpoints)
    for fit in fits:
        if fit.grade not in MATCHED_GRADES:
            continue
        for p in cohort_points(fit, profile, index, wanted, (measured,)):
            key = (Endpoint(p.endpoint), p.response_assessment, p.timepoint_months)
            grouped.setdefault(key, []).append(p)
    order = {endpoint: position for position, endpoint in enumerate(endpoints)}
    keys = sorted(grouped, key=lambda k: (order[k[0]], k[1] or "", k[2] or 0.0))
    # One study, one figure per endpoint and time, across response assessments too.
    latest: dict[tuple[Endpoint, float | None], dict[str, int]] = {}
    for (endpoint, _, tp), points in grouped.items():
        held = latest.setdefault((endpoint, tp), {})
        for study, order_ in latest_analyses(points).items():
            held[study] = max(held.get(study, 0), order_)
    return [
        endpoint_range(
            endpoint,
            grouped[(endpoint, assessment, tp)],
            tp,
            stage,
            assessment,
            latest[(endpoint, tp)],
        )
        for endpoint, assessment, tp in keys
    ]
