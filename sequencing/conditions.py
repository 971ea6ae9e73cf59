"""Evaluate an evidence `Condition` against a patient profile, three-valued.

A condition is data (a field, an operator, a value), never code: nothing here calls `eval`.
The result is True or False when the patient's field is known, and None when it is unknown
(a field left empty, or a CD19 status/method given as "unknown"), so that "we do not know" is
never silently read as "inside" or "outside".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

from evidence.figure import months_to_days
from evidence.formatting import number
from evidence.models import Condition, ConditionValue
from sequencing.profile import PatientProfile, had_anti_cd19
from sequencing.vocabulary import (
    EARLY_RELAPSE_MONTHS,
    FIELD_LABELS,
    VALUE_WORDS,
)

__all__ = [
    "FIELD_LABELS",
    "describe",
    "evaluate",
    "evaluate_all",
    "evaluate_any",
    "format_value",
    "patient_text",
    "patient_value",
]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

_OP_TEXT = {"==": "is", "!=": "is not", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "in": "is one of"}

# Fields whose string value "unknown" means the same as an empty field.
_UNKNOWN_WORD_FIELDS = frozenset({"cd19_status", "cd19_method"})


def format_value(value: object) -> str:
    """A field value as a clinician reads it: yes/no, 9 rather than 9.0, words for codes."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if isinstance(value, str):
        return VALUE_WORDS.get(value, value)
    return str(value)


def patient_value(profile: PatientProfile, field: str) -> Any:
    """The profile's value of `field`, with "unknown" CD19 answers read as None."""
    value = getattr(profile, field)
    if field == "prior_anti_cd19":
        # A tafasitamab dose date, tafa-len's line, loncastuximab or blinatumomab mean anti-CD19
        # therapy, whether or not the box was ticked.
        return had_anti_cd19(profile)
    if field in _UNKNOWN_WORD_FIELDS and value == "unknown":
        return None
    return value


def patient_text(profile: PatientProfile, field: str) -> str:
    """The patient's value of `field` as a clinician reads it, as the engine judges it (a
    tafasitamab dose date reads as prior anti-CD19 therapy 'yes')."""
    if field == "prior_anti_cd19":
        return format_value(patient_value(profile, field))
    return format_value(getattr(profile, field))


def _compare(op: str, left: Any, right: ConditionValue | list[ConditionValue]) -> bool | None:
    try:
        if op == "in":
            assert isinstance(right, list)
            return any(_compare("==", left, item) for item in right)
        if isinstance(right, list):
            return None
        if isinstance(left, str) != isinstance(right, str):
            return None  # a text field compared with a number: cannot be judged
        return bool(_OPS[op](left, right))
    except TypeError:
        return None


def evaluate(condition: Condition, profile: PatientProfile) -> bool | None:
    """True or False when the patient's field is known, None when it is not.

    One inference is made: a primary refractory patient with no month count given progressed
    within 12 months of first-line therapy (the second-line CAR-T trials' definition of early
    relapse), so a months condition is decided when it gives the same answer anywhere in 0-12.
    """
    value = patient_value(profile, condition.field)
    if value is not None and condition.unit == "days":
        value = months_to_days(value)
    if value is None:
        if condition.field == "months_first_line_to_progression" and profile.primary_refractory:
            edge = EARLY_RELAPSE_MONTHS
            if condition.unit == "days":
                edge = months_to_days(edge)
            low = _compare(condition.op, 0.0, condition.value)
            high = _compare(condition.op, edge, condition.value)
            return low if low is not None and low == high else None
        return None
    return _compare(condition.op, value, condition.value)


def evaluate_any(conditions: Iterable[Condition], profile: PatientProfile) -> bool | None:
    """At least one condition: True if any is True, else None if any is unknown, else False
    (e.g. ZUMA-1: refractory disease, or relapse after autologous transplant)."""
    unknown = False
    for condition in conditions:
        result = evaluate(condition, profile)
        if result is True:
            return True
        if result is None:
            unknown = True
    return None if unknown else False


def evaluate_all(conditions: Iterable[Condition], profile: PatientProfile) -> bool | None:
    """All conditions together: False if any is False, else None if any is unknown, else True."""
    unknown = False
    for condition in conditions:
        result = evaluate(condition, profile)
        if result is False:
            return False
        if result is None:
            unknown = True
    return None if unknown else True


def describe(condition: Condition) -> str:
    """e.g. 'ECOG performance status ≤ 1'."""
    label = FIELD_LABELS.get(condition.field, condition.field)
    if condition.unit is not None:
        # "Months from CAR-T infusion to failure ≤ 30 days": the cut as the source states it.
        label = label.removeprefix("Months from").strip()
        label = f"Time from {label}"
        return f"{label} {_OP_TEXT[condition.op]} {format_value(condition.value)} {condition.unit}"
    return f"{label} {_OP_TEXT[condition.op]} {format_value(condition.value)}"
