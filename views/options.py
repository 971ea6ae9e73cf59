"""The other options at this patient's point as the board shows them: one row per kind of
treatment, in the engine's fixed order (never a ranking), each with its own cohorts' figures.

A row leads with one cohort (the engine's lead: best fit, then the subgroup for this patient's
time since CAR-T, then the larger cohort) and keeps every other cohort one tap away; a cohort's
figures are never merged with another's. It says when its figures are the subgroup for this
patient's time since CAR-T (with the source's own cut and n), when a source does not split by
it, when a cohort mixes CAR-T-naive and post-CAR-T patients, when the kind targets CD19, and,
for a kind the guideline names but no cohort here matches, "no published figure in this evidence
base". Every figure comes from the assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence.formatting import number
from evidence.models import CD19_DIRECTED, NOT_CD19_DIRECTED, Endpoint
from sequencing.index import EngineIndex
from sequencing.options import OptionCohort, OptionRow
from sequencing.vocabulary import GRADE_LABELS
from views.figure import FigureView, figure_view
from views.records import RecordView, record_views

__all__ = [
    "NO_FIGURE",
    "OptionCohortView",
    "OptionView",
    "headline",
    "option_views",
]

NO_FIGURE = "no published figure in this evidence base"
NO_MATCH = "no published figure here matches this patient"
TIMED = "subgroup for this patient's time since CAR-T"
NOT_SPLIT = "not split by the time since CAR-T"
NAMED = "named by the guideline for this patient"
NO_SHOWN_FIGURE = "no response or survival figure in its matching cohorts"
MIXED = "mixes CAR-T-naive and post-CAR-T patients"
TARGETS_CD19 = "targets CD19"
MAY_TARGET_CD19 = "pooled: may include CD19-directed treatment"

# What a row's headline shows from its lead cohort, in order: response, then progression, then
# survival (PFS2/OS2 where the source counts from the post-CAR-T treatment), each by its short
# name (a rate names its time).
_HEADLINE: tuple[tuple[Endpoint, ...], ...] = (
    (Endpoint.orr,),
    (Endpoint.cr_rate,),
    (Endpoint.median_pfs2, Endpoint.median_pfs, Endpoint.median_efs, Endpoint.pfs_rate),
    (Endpoint.median_os2, Endpoint.median_os, Endpoint.os_rate),
)
_SHORT: dict[Endpoint, str] = {
    Endpoint.orr: "ORR",
    Endpoint.cr_rate: "CR",
    Endpoint.median_pfs2: "median PFS2",
    Endpoint.median_pfs: "median PFS",
    Endpoint.median_efs: "median EFS",
    Endpoint.pfs_rate: "PFS",
    Endpoint.median_os2: "median OS2",
    Endpoint.median_os: "median OS",
    Endpoint.os_rate: "OS",
}


@dataclass(frozen=True, slots=True)
class OptionCohortView:
    cohort_id: str
    label: str
    source: str
    design: str
    n: str  # the cohort's size: "n=92" or "n not given"
    fit: str
    reasons: tuple[str, ...]
    figures: tuple[FigureView, ...]
    comparisons: tuple[FigureView, ...]  # the trial's hazard ratios on the other arm
    timing: str  # TIMED, NOT_SPLIT or "" (a patient who has not had CAR-T)
    mixed: str  # MIXED or ""
    immature: bool
    strength: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OptionView:
    kind: str
    title: str
    cd19: str  # TARGETS_CD19, MAY_TARGET_CD19 or ""
    lead: OptionCohortView | None
    more: tuple[OptionCohortView, ...]
    outside: tuple[OptionCohortView, ...]
    context: tuple[RecordView, ...]  # the guideline naming it; approvals by jurisdiction
    headline: str  # the lead's key figures, e.g. "ORR 29% · PFS 2.2 months"
    empty_text: str  # why there is no figure, when there is none
    named: bool  # a guideline names it for this patient

    @property
    def cohorts(self) -> tuple[OptionCohortView, ...]:
        return ((self.lead,) if self.lead else ()) + self.more


def _cohort_view(option: OptionCohort, index: EngineIndex, after_cart: bool) -> OptionCohortView:
    figures = tuple(figure_view(p, index) for p in option.figures)
    timing = ""
    if after_cart and option.timing_subgroup is not None:
        timing = f"{TIMED}: {option.timing_subgroup}"
    elif after_cart:
        timing = NOT_SPLIT
    return OptionCohortView(
        cohort_id=option.cohort_id,
        label=option.label,
        source=option.source_short,
        design=option.design,
        n=f"n={option.n}" if option.n else "n not given",
        fit=GRADE_LABELS[option.grade],
        reasons=option.reasons,
        figures=figures,
        comparisons=tuple(figure_view(p, index) for p in option.comparisons),
        timing=timing,
        mixed=MIXED if option.cart_exposure == "some" else "",
        immature=any(f.maturity for f in figures),
        strength=tuple(dict.fromkeys(w for f in figures for w in f.strength_short)),
    )


def headline(cohort: OptionCohortView | None) -> str:
    """'ORR 29% · PFS 2.2 months': the lead cohort's first figure of each kind."""
    if cohort is None:
        return ""
    parts = []
    for endpoints in _HEADLINE:
        for endpoint in endpoints:
            found = [f for f in cohort.figures if f.endpoint == endpoint.value]
            if found:
                figure = found[0]
                short = _SHORT[endpoint]
                if figure.timepoint_months is not None:
                    short += f" at {number(figure.timepoint_months)} months"
                parts.append(f"{short} {figure.value}")
                break
    return " · ".join(parts)


def _cd19(row: OptionRow) -> str:
    """Whether the row's treatments target CD19, from its cohorts' treatment classes."""
    classes = {c.treatment_class for c in row.cohorts}
    if not classes or row.kind == "trial":
        return TARGETS_CD19 if row.cd19_directed else ""
    if classes <= CD19_DIRECTED:
        return TARGETS_CD19
    return "" if classes <= NOT_CD19_DIRECTED else MAY_TARGET_CD19


def _option_view(row: OptionRow, index: EngineIndex, after_cart: bool) -> OptionView:
    cohorts = [_cohort_view(c, index, after_cart) for c in row.cohorts]
    lead = next((c for c in cohorts if c.figures), cohorts[0] if cohorts else None)
    more = tuple(c for c in cohorts if c is not lead)
    empty = ""
    if lead is None or not lead.figures:
        empty = NO_MATCH if row.outside else NO_FIGURE
        if lead is not None:  # cohorts that match, none with a response or survival figure
            empty = NO_SHOWN_FIGURE
        if row.outside:
            empty += f" ({len(row.outside)} outside its criteria)"
    return OptionView(
        kind=row.kind,
        title=row.title,
        cd19=_cd19(row),
        lead=lead,
        more=more,
        outside=tuple(_cohort_view(c, index, after_cart) for c in row.outside),
        context=record_views((f.id for f in row.context), index),
        headline=headline(lead),
        empty_text=empty,
        named=row.named and row.kind != "trial",
    )


def option_views(
    rows: Sequence[OptionRow], index: EngineIndex, after_cart: bool
) -> tuple[OptionView, ...]:
    """The rows for a patient after CAR-T failure (`after_cart`: say whether each cohort's
    figures match the time since CAR-T) or one who has not had CAR-T."""
    return tuple(_option_view(row, index, after_cart) for row in rows)
