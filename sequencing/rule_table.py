"""The feature rules as data: a profile condition, a severity, a wording and an evidence selector.

A rule fires when all its `when` conditions hold for the patient (the evidence model's own
`Condition`, evaluated three-valued). Its evidence is found by typed fields and explicit tags,
never by words in prose: the tafa-len figures whose subgroup conditions name the feature, the
eligibility criteria on the feature, and the findings carrying the rule's tags. Wording carries
no digits (a test checks): every figure comes from a record, with its significance, at run
time. Figures and strength of association are from TALOs 2026 (seed 001) and the cohorts'
eligibility from their sources; `sequencing.rule_check` proves every selector matches a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from evidence.models import Condition, Tag, TreatmentClass

__all__ = ["FEATURE_RULES", "FeatureRule", "Selector", "Severity"]

Severity = Literal["info", "caution", "warning"]


@dataclass(frozen=True, slots=True)
class Selector:
    """Which records a rule cites."""

    # Tafa-len figures whose subgroup conditions name this field and hold for the patient.
    subgroup_field: str | None = None
    # Eligibility criteria of tafa-len cohorts on these fields.
    criteria_fields: tuple[str, ...] = ()
    # Only the criteria this patient fails (e.g. "double-hit excluded" for a double-hit patient).
    criteria_violated_only: bool = False
    # The cohorts whose criteria are cited, by treatment: tafa-len's by default; a feature that
    # bears on every strategy shown also cites CAR-T's (ECOG: the CAR-T trials' own limits).
    criteria_of: tuple[TreatmentClass, ...] = (TreatmentClass.tafa_len,)
    # Findings carrying any of these tags.
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True, slots=True)
class FeatureRule:
    id: str
    when: tuple[Condition, ...]
    severity: Severity
    title: str
    # Placeholders: {figures} {strength} {criteria} {criteria_outside} {findings} {no_data} and
    # profile fields.
    text: str
    evidence: Selector
    # A stronger severity when these conditions also hold (e.g. ECOG 3 or worse).
    escalate_when: tuple[Condition, ...] = field(default=())
    escalate_to: Severity | None = None


def _is(field_name: str, value: bool | int | str, op: str = "==") -> Condition:
    return Condition.model_validate({"field": field_name, "op": op, "value": value})


FEATURE_RULES: tuple[FeatureRule, ...] = (
    FeatureRule(
        id="TEMPO-RAPID",
        when=(_is("symptom_tempo", "rapid"),),
        severity="warning",
        title="Rapidly progressing symptoms",
        text=(
            "Symptoms are progressing rapidly. Tafa-len works slowly and suits disease that can "
            "wait a month or two for a response{findings}.{no_data}"
        ),
        evidence=Selector(
            subgroup_field="symptom_tempo", tags=(Tag.symptom_tempo, Tag.response_kinetics)
        ),
    ),
    FeatureRule(
        id="PRIMARY-REFRACTORY",
        when=(_is("primary_refractory", True),),
        severity="caution",
        title="Primary refractory disease",
        text=("Primary refractory disease and outcomes on tafa-len{figures}.{strength}{criteria}"),
        evidence=Selector(
            subgroup_field="primary_refractory",
            criteria_fields=("primary_refractory", "months_first_line_to_progression"),
        ),
    ),
    FeatureRule(
        id="REFRACTORY-LAST-LINE",
        when=(_is("response_to_last_line", "refractory"),),
        severity="caution",
        title="Refractory to the last line",
        text=(
            "Disease refractory to the last line and outcomes on tafa-len, against relapsed "
            "disease{figures}.{strength}"
        ),
        evidence=Selector(subgroup_field="response_to_last_line"),
    ),
    FeatureRule(
        id="DOUBLE-HIT",
        when=(_is("double_hit", True),),
        severity="warning",
        title="Double-hit lymphoma",
        text=(
            "Double-hit lymphoma (MYC and BCL2 rearranged) and outcomes on "
            "tafa-len{figures}.{strength}{criteria}"
        ),
        evidence=Selector(
            subgroup_field="double_hit",
            criteria_fields=("double_hit",),
            criteria_violated_only=True,
        ),
    ),
    FeatureRule(
        id="BULKY",
        when=(_is("bulky", True),),
        severity="caution",
        title="Bulky disease",
        text="Bulky disease and outcomes on tafa-len{figures}.{strength}{criteria}",
        evidence=Selector(
            subgroup_field="bulky", criteria_fields=("bulky",), criteria_violated_only=True
        ),
    ),
    FeatureRule(
        id="ECOG-POOR",
        when=(_is("ecog", 2, ">="),),
        severity="caution",
        title="Reduced performance status",
        text=(
            "Performance status ECOG {ecog}.{criteria_outside} Outcomes on tafa-len by "
            "performance status{figures}.{strength}"
        ),
        evidence=Selector(
            subgroup_field="ecog",
            criteria_fields=("ecog",),
            criteria_violated_only=True,
            criteria_of=(TreatmentClass.tafa_len, TreatmentClass.cd19_cart),
        ),
        escalate_when=(_is("ecog", 3, ">="),),
        escalate_to="warning",
    ),
)
