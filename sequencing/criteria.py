"""Eligibility as the engine reads it: the criteria a cohort's source states, and those it
inherits from the study its patients were drawn from.

A criterion holds when its condition holds, or one of its `any_of` conditions (ZUMA-1:
"refractory disease or relapse after autologous transplant"); a criterion the patient profile
cannot express is never judged True or False: it is unknown, so the cohort at most partly fits.
A matched comparison, a label subset or a later analysis inherits the criteria of the cohort it
names in `criteria_from` (RE-MIND's tafa-len arm is L-MIND patients: L-MIND excluded double-hit
lymphoma, so RE-MIND does too).
"""

from __future__ import annotations

from collections.abc import Mapping

from evidence.models import Cohort, Criterion
from sequencing.conditions import evaluate, evaluate_any
from sequencing.profile import PatientProfile

__all__ = ["effective_criteria", "evaluate_criterion", "inherited_from"]


def evaluate_criterion(criterion: Criterion, profile: PatientProfile) -> bool | None:
    """True or False when the profile decides the criterion; None when a field it reads is not
    given, or when the profile cannot express it at all."""
    if criterion.condition is not None:
        return evaluate(criterion.condition, profile)
    if criterion.any_of:
        return evaluate_any(criterion.any_of, profile)
    return None


def inherited_from(cohort: Cohort, cohorts: Mapping[str, Cohort]) -> tuple[Cohort, ...]:
    """The chain of cohorts whose criteria `cohort` inherits, nearest first (the loader has
    checked that it ends and that each exists)."""
    chain: list[Cohort] = []
    current = cohort
    while current.criteria_from is not None and current.criteria_from in cohorts:
        current = cohorts[current.criteria_from]
        if current in chain or current is cohort:
            break
        chain.append(current)
    return tuple(chain)


def effective_criteria(cohort: Cohort, cohorts: Mapping[str, Cohort]) -> tuple[Criterion, ...]:
    """The cohort's own criteria, then those it inherits, each text once."""
    seen: set[str] = set()
    out: list[Criterion] = []
    for owner in (cohort, *inherited_from(cohort, cohorts)):
        for criterion in owner.eligibility:
            if criterion.text not in seen:
                seen.add(criterion.text)
                out.append(criterion)
    return tuple(out)
