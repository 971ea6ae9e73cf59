"""The options a tumor board weighs beside tafa-len and CAR-T at this patient's point, each with
its own figures, unranked.

The kinds of option at each point are the ones DOMAIN.md lists ("The options a board weighs at
each point") and the BSH guideline names (Chaganti, via the leads sheet): after CAR-T failure,
bispecific antibodies, polatuzumab-based therapy, lenalidomide-based therapy, chemotherapy,
radiotherapy, checkpoint inhibitors, allogeneic transplant for selected fit patients, clinical
trials; before CAR-T, salvage and autologous transplant (the standard-care arms that ZUMA-7 and
TRANSFORM randomised CAR-T against), glofitamab + GemOx, bispecifics, polatuzumab-based therapy,
loncastuximab. Tafa-len and CD19 CAR-T are the board's strategy columns, not rows here.

Each kind lists the cohorts of its treatment classes that sit at the patient's point (after CAR-T
failure, or CAR-T-naive), graded for this patient; every cohort keeps its own figures (the
subgroup that matches the patient's months since CAR-T, with its own cut and n), never banded
with another's. The order is fixed by kind of treatment, and within a kind the best-fitting,
then largest cohort leads: neither is a ranking of treatments. A kind whose every cohort excludes
the patient is listed apart with why (allogeneic transplant for a patient not fit for one); a
kind the guideline names with no matching figure says so; a clinical trial is always named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from evidence.models import (
    CD19_DIRECTED,
    NOT_CD19_DIRECTED,
    Cohort,
    Endpoint,
    Finding,
    MeasuredTreatment,
    Setting,
    Tag,
    TreatmentClass,
)
from sequencing.conditions import evaluate_all
from sequencing.fit import CohortFit, fit_cohort
from sequencing.index import EngineIndex, place_of
from sequencing.profile import PatientProfile
from sequencing.ranges import MATCHED_GRADES, RangePoint, cohort_points

__all__ = [
    "OPTION_ENDPOINTS",
    "OPTION_KINDS",
    "OptionCohort",
    "OptionKind",
    "OptionRow",
    "Point",
    "build_options",
    "point_of",
]

Point = Literal["after_cart", "cart_naive"]

# The figures an option is shown with: its own response, progression and survival, and the
# hazard ratios its trial reports (why a guideline chooses between randomised arms).
OPTION_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint.orr,
    Endpoint.cr_rate,
    Endpoint.median_pfs,
    Endpoint.median_efs,
    Endpoint.median_pfs2,
    Endpoint.median_os,
    Endpoint.median_os2,
    Endpoint.pfs_rate,
    Endpoint.efs_rate,
    Endpoint.os_rate,
    Endpoint.hazard_ratio_efs,
    Endpoint.hazard_ratio_pfs,
    Endpoint.hazard_ratio_os,
)
_RATIOS = frozenset(
    {Endpoint.hazard_ratio_efs, Endpoint.hazard_ratio_pfs, Endpoint.hazard_ratio_os}
)


@dataclass(frozen=True, slots=True)
class OptionKind:
    id: str
    title: str
    classes: frozenset[TreatmentClass]
    points: frozenset[Point]
    # Named at every point even with no figure (a clinical trial).
    always: bool = False


def _kind(
    kind_id: str, title: str, classes: set[TreatmentClass], *points: Point, always: bool = False
) -> OptionKind:
    return OptionKind(kind_id, title, frozenset(classes), frozenset(points), always)


T = TreatmentClass
OPTION_KINDS: tuple[OptionKind, ...] = (
    _kind(
        "salvage_autologous_transplant",
        "Salvage, then autologous transplant",
        {T.salvage_autologous_transplant},
        "cart_naive",
    ),
    _kind(
        "bispecific_chemotherapy",
        "Glofitamab + GemOx",
        {T.bispecific_chemotherapy},
        "cart_naive",
    ),
    _kind(
        "bispecific",
        "CD20xCD3 bispecifics",
        {T.cd20xcd3_bispecific},
        "cart_naive",
        "after_cart",
    ),
    _kind(
        "polatuzumab",
        "Polatuzumab-based",
        {T.polatuzumab_based},
        "cart_naive",
        "after_cart",
    ),
    _kind("loncastuximab", "Loncastuximab", {T.cd19_adc}, "cart_naive", "after_cart"),
    _kind("blinatumomab", "Blinatumomab", {T.cd19_bispecific}, "cart_naive", "after_cart"),
    _kind(
        "lenalidomide",
        "Lenalidomide without tafasitamab",
        {T.lenalidomide_based, T.lenalidomide},
        "cart_naive",
        "after_cart",
    ),
    _kind("chemotherapy", "Chemotherapy", {T.chemotherapy}, "cart_naive", "after_cart"),
    _kind("radiotherapy", "Radiotherapy", {T.radiotherapy}, "after_cart"),
    _kind("checkpoint", "Checkpoint inhibitors", {T.checkpoint_inhibitor}, "after_cart"),
    _kind("allogeneic", "Allogeneic transplant", {T.allogeneic_transplant}, "after_cart"),
    _kind(
        "pooled",
        "Any treatment, pooled",
        {T.various},
        "cart_naive",
        "after_cart",
    ),
    _kind("trial", "Clinical trial", set(), "cart_naive", "after_cart", always=True),
)


@dataclass(frozen=True, slots=True)
class OptionCohort:
    """One published cohort of an option, with its own figures (never banded with others)."""

    cohort_id: str
    label: str
    treatment: str
    source_short: str
    design: str
    n: int | None
    grade: str
    reasons: tuple[str, ...]
    figures: tuple[RangePoint, ...]
    # Its source splits outcomes by the time from CAR-T to failure (the figures shown are the
    # subgroup matching this patient where it holds).
    timing_split: bool
    # A figure shown is the subgroup for this patient's months since CAR-T: its label.
    timing_subgroup: str | None
    cart_exposure: str
    treatment_class: TreatmentClass
    # Figures of the same randomised trial's other arm that compare the two (hazard ratios).
    comparisons: tuple[RangePoint, ...] = ()


@dataclass(frozen=True, slots=True)
class OptionRow:
    kind: str
    title: str
    # Targets CD19 (a CD19-negative relapse after CD19 CAR-T questions it); None when the kind
    # pools what was given.
    cd19_directed: bool | None
    cohorts: tuple[OptionCohort, ...]  # fitting or partly fitting, the lead first
    outside: tuple[OptionCohort, ...]  # cohorts whose criteria exclude this patient
    # Guideline statements naming this kind for this patient; approvals by jurisdiction.
    context: tuple[Finding, ...]
    named: bool  # a guideline (or the always-named trial) names it for this patient


def point_of(profile: PatientProfile) -> Point:
    return "after_cart" if profile.prior_cart else "cart_naive"


def _at_point(cohort: Cohort, point: Point) -> bool:
    place = place_of(cohort)
    if point == "after_cart":
        return place == Setting.after_cart
    return place == Setting.cart_naive


def _cd19_directed(classes: frozenset[TreatmentClass]) -> bool | None:
    if classes and classes <= CD19_DIRECTED:
        return True
    if classes and classes <= NOT_CD19_DIRECTED:
        return False
    return None


def _comparisons(
    cohort: Cohort, profile: PatientProfile, index: EngineIndex
) -> tuple[RangePoint, ...]:
    """A comparator arm's trial reports the hazard ratios on the other arm (ZUMA-7: axi-cel vs
    standard care): shown with the standard-care arm too."""
    if cohort.setting != Setting.comparator:
        return ()
    source = index.base.cohort_source[cohort.id]
    siblings = [
        c for c in index.cohorts if index.base.cohort_source[c.id] == source and c.id != cohort.id
    ]
    points: list[RangePoint] = []
    for sibling in siblings:
        fit = fit_cohort(sibling, profile, index)
        points += cohort_points(fit, profile, index, _RATIOS, (MeasuredTreatment.cohort_treatment,))
    return tuple(points)


def _option_cohort(fit: CohortFit, profile: PatientProfile, index: EngineIndex) -> OptionCohort:
    cohort = index.base.cohorts[fit.cohort_id]
    figures = cohort_points(
        fit, profile, index, OPTION_ENDPOINTS, (MeasuredTreatment.cohort_treatment,)
    )
    order = {endpoint.value: i for i, endpoint in enumerate(OPTION_ENDPOINTS)}
    figures.sort(key=lambda p: (order[p.endpoint], p.timepoint_months or 0.0))
    split = any(
        c.field == "months_cart_to_failure"
        for o in index.outcomes_by_cohort.get(cohort.id, ())
        for c in o.conditions
    )
    timed = [
        p.subgroup
        for p in figures
        if any(
            c.field == "months_cart_to_failure"
            for c in index.base.outcomes[p.outcome_id].conditions
        )
    ]
    return OptionCohort(
        cohort_id=cohort.id,
        label=cohort.label,
        treatment=cohort.treatment,
        source_short=fit.source_short,
        design=fit.design,
        n=cohort.n,
        grade=fit.grade,
        reasons=tuple(fit.reasons),
        figures=tuple(figures),
        timing_split=split,
        timing_subgroup=timed[0] if timed else None,
        cart_exposure=cohort.cart_exposure.value,
        treatment_class=cohort.treatment_class,
        comparisons=_comparisons(cohort, profile, index),
    )


_GRADE_RANK = {"fits": 0, "partial": 1, "outside": 2}


def _lead_order(option: OptionCohort, position: int) -> tuple[int, int, int, int]:
    """Best fit, then a figure for this patient's timing, then the larger cohort, then the
    evidence base's order: which cohort leads the row, never a ranking of treatments."""
    timed = 0 if option.timing_subgroup is not None else 1
    return (_GRADE_RANK[option.grade], timed, -(option.n or 0), position)


def _context(kind: OptionKind, profile: PatientProfile, index: EngineIndex) -> tuple[Finding, ...]:
    """Guideline and approval statements about this kind for this patient (`context_when`)."""
    return tuple(
        f
        for f in index.findings
        if kind.classes & set(f.context_for)
        and (Tag.guideline in f.tags or Tag.approval in f.tags or Tag.licence in f.tags)
        and (not f.context_when or evaluate_all(f.context_when, profile) is True)
    )


def _row(
    kind: OptionKind, profile: PatientProfile, fits: dict[str, CohortFit], index: EngineIndex
) -> OptionRow:
    point = point_of(profile)
    cohorts = [
        c
        for c in index.cohorts
        if c.treatment_class in kind.classes and _at_point(c, point) and not c.reference_only
    ]
    graded = [
        (_option_cohort(fits.get(c.id) or fit_cohort(c, profile, index), profile, index), i)
        for i, c in enumerate(cohorts)
    ]
    matched = sorted(
        (g for g in graded if g[0].grade in MATCHED_GRADES), key=lambda g: _lead_order(*g)
    )
    context = _context(kind, profile, index)
    named = kind.always or any(Tag.guideline in f.tags for f in context)
    return OptionRow(
        kind=kind.id,
        title=kind.title,
        cd19_directed=_cd19_directed(kind.classes),
        cohorts=tuple(g[0] for g in matched),
        outside=tuple(g[0] for g in graded if g[0].grade not in MATCHED_GRADES),
        context=context,
        named=named,
    )


def build_options(
    profile: PatientProfile, fits: Sequence[CohortFit], index: EngineIndex
) -> tuple[OptionRow, ...]:
    """Every kind of option at this patient's point that a cohort or a guideline names, in the
    fixed order of `OPTION_KINDS`."""
    point = point_of(profile)
    by_id = {fit.cohort_id: fit for fit in fits}
    rows = [_row(kind, profile, by_id, index) for kind in OPTION_KINDS if point in kind.points]
    return tuple(row for row in rows if row.cohorts or row.outside or row.named)
