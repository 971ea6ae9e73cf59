"""The rules and stages checked against the evidence base they read.

A rule whose selector matches no record, or a stage that draws on no cohort, would fall silent
without anyone noticing; a threshold in code that differs from the cut the evidence itself uses
would put a patient in the wrong subgroup. Each is an error here, run by the app before it shows
anything, by `python -m sequencing check` and by the tests.
"""

from __future__ import annotations

from evidence.formatting import number
from evidence.models import Condition
from sequencing.considerations import TAGS_CITED
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile
from sequencing.rule_table import FEATURE_RULES, FeatureRule
from sequencing.strategies import STAGES
from sequencing.vocabulary import EARLY_CART_FAILURE_MONTHS

__all__ = ["problems"]


def _feature_rule_problems(rule: FeatureRule, index: EngineIndex) -> list[str]:
    selector = rule.evidence
    found = 0
    if selector.subgroup_field:
        found += len(index.outcomes_by_field.get(selector.subgroup_field, ()))
    for name in selector.criteria_fields:
        found += len(index.criteria_by_field.get(name, ()))
    for tag in selector.tags:
        found += len(index.findings_by_tag.get(tag, ()))
    if found:
        return []
    return [f"rule {rule.id}: its evidence selector matches no record"]


def _tag_problems(index: EngineIndex) -> list[str]:
    return [
        f"rule {rule_id}: no finding carries the tag {tag.value!r}"
        for rule_id, tags in TAGS_CITED.items()
        for tag in tags
        if not index.findings_by_tag.get(tag)
    ]


# A stage may draw on different cohorts by line of therapy: it must find some for one.
_LINES = tuple(PatientProfile(prior_lines=lines) for lines in (1, 2, 3))


def _stage_problems(index: EngineIndex) -> list[str]:
    return [
        f"stage {spec.id}: no cohort in the evidence base"
        for spec in STAGES.values()
        if not any(spec.cohorts(c, p) for c in index.cohorts for p in _LINES)
    ]


def _cut_problems(index: EngineIndex) -> list[str]:
    """Every split of tafa-len's outcomes by CAR-T failure timing uses the engine's early-failure
    cut, which the early/late rule and the summary name (DESCAR-T, seed 003). Other treatments'
    sources split at their own cuts (30 and 90 days, 2, 3, 6 months): each is shown with its own
    cut, so it needs no agreement with the engine's."""
    problems = []
    for outcome in index.outcomes_by_field.get("months_cart_to_failure", ()):
        if outcome.cohort not in index.tafa_len_cohorts:
            continue
        for condition in outcome.conditions:
            if condition.field == "months_cart_to_failure" and not _uses_cut(condition):
                problems.append(
                    f"outcome {outcome.id}: splits CAR-T failure at {condition.value!r} months, "
                    f"the engine at {number(EARLY_CART_FAILURE_MONTHS)}"
                )
    return problems


def _uses_cut(condition: Condition) -> bool:
    return condition.op in ("<=", ">") and condition.value == EARLY_CART_FAILURE_MONTHS


def problems(index: EngineIndex) -> list[str]:
    """Every problem found (empty when the rules and the evidence agree)."""
    found: list[str] = []
    for rule in FEATURE_RULES:
        found += _feature_rule_problems(rule, index)
    return found + _tag_problems(index) + _stage_problems(index) + _cut_problems(index)
