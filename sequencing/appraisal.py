"""Appraisal cards: design, n, the biases a reader must weigh, and the source's own conflicts.

The bias notes by design follow shared/DOMAIN.md ("Reading the evidence honestly"): selection,
immortal time, IPW balancing only measured covariates, single-arm trials without a comparator,
second-hand figures. Source-specific biases come from the evidence base (findings, topic "bias").
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence import EvidenceBase
from evidence.models import DESIGN_LABELS, Design

__all__ = ["DESIGN_BIASES", "AppraisalCard", "appraise"]

DESIGN_BIASES: dict[Design, tuple[str, ...]] = {
    Design.randomised_trial: (
        "Randomised: balances measured and unmeasured factors, but only for patients like those "
        "enrolled (check eligibility: ECOG, transplant intent, timing of relapse).",
    ),
    Design.single_arm_trial: (
        "Single arm (often registrational): no comparator; trial eligibility selects fitter "
        "patients than those treated in routine care.",
    ),
    Design.matched_comparison: (
        "Matched comparison: matching or weighting balances only the covariates that were "
        "measured; unmeasured confounding remains.",
    ),
    Design.registry: (
        "Registry: selection bias (only patients who reached the treatment are seen), "
        "immortal-time bias, missing data; IPW balances only measured covariates.",
    ),
    Design.retrospective_cohort: (
        "Retrospective: selection bias, immortal-time bias, heterogeneous response assessment "
        "and follow-up.",
    ),
    Design.case_series: ("Case series: anecdotal; no denominator for how often it happens.",),
    Design.preclinical: ("Preclinical: in vitro or animal data; clinical relevance unproven.",),
    Design.label: ("Drug label: regulatory summary of the pivotal trial.",),
    Design.guideline: ("Guideline: consensus built on the evidence above, not new data.",),
    Design.expert_opinion: (
        "Expert opinion: individual experience; reports trial figures second-hand, with errors "
        "possible (see known errors).",
    ),
}


@dataclass(frozen=True)
class AppraisalCard:
    source_id: str
    short: str
    citation: str
    design: str
    cohorts: list[tuple[str, int | None]]  # (label, n)
    biases: list[str]
    bias_records: list[str]  # finding ids with topic "bias"
    conflicts: list[tuple[str, str]]  # outcome id pairs, each once
    cautions: list[str]
    second_hand: bool


def appraise(base: EvidenceBase, source_id: str) -> AppraisalCard:
    source = base.sources[source_id]
    cohort_ids = [c for c, s in base.cohort_source.items() if s == source_id]
    conflicts: list[tuple[str, str]] = []
    for cohort_id in cohort_ids:
        for outcome in base.outcomes_of(cohort_id):
            for other in outcome.conflicts_with:
                pair = (min(outcome.id, other), max(outcome.id, other))
                if pair not in conflicts:
                    conflicts.append(pair)
    bias_records = [
        f_id
        for f_id, finding in base.findings.items()
        if finding.topic == "bias" and base.finding_source[f_id] == source_id
    ]
    return AppraisalCard(
        source_id=source_id,
        short=source.short,
        citation=source.citation,
        design=DESIGN_LABELS[source.design],
        cohorts=[(base.cohorts[c].label, base.cohorts[c].n) for c in cohort_ids],
        biases=list(DESIGN_BIASES[source.design]),
        bias_records=bias_records,
        conflicts=conflicts,
        cautions=[source.caution] if source.caution else [],
        second_hand=source.cited_in is not None,
    )
