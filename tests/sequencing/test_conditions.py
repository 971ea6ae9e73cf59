from __future__ import annotations

from typing import Any

import pytest

from evidence.models import Condition
from sequencing.conditions import describe, evaluate, evaluate_all, format_value
from sequencing.profile import PatientProfile


def cond(field: str, op: str, value: Any) -> Condition:
    return Condition(field=field, op=op, value=value)


CASES = [
    # (profile fields, condition, expected)
    ({"ecog": 2}, cond("ecog", "<=", 1), False),
    ({"ecog": 1}, cond("ecog", "<=", 1), True),
    ({"ecog": 3}, cond("ecog", "in", [2, 3]), True),
    ({"ecog": 1}, cond("ecog", "in", [2, 3]), False),
    ({"double_hit": True}, cond("double_hit", "==", False), False),
    ({}, cond("double_hit", "!=", True), True),
    (
        {"response_to_last_line": "refractory"},
        cond("response_to_last_line", "==", "refractory"),
        True,
    ),
    ({}, cond("age", ">=", 70), None),
    ({"age": 71}, cond("age", ">=", 70), True),
    ({}, cond("ldh_elevated", "==", True), None),
    ({}, cond("months_first_line_to_progression", "<=", 12), None),
    (
        {"months_first_line_to_progression": 8},
        cond("months_first_line_to_progression", "<=", 12),
        True,
    ),
    (
        {"months_first_line_to_progression": 30},
        cond("months_first_line_to_progression", "<=", 12),
        False,
    ),
    # Primary refractory with no month count: progression within 12 months is inferred.
    (
        {"primary_refractory": True, "response_to_last_line": "refractory"},
        cond("months_first_line_to_progression", "<=", 12),
        True,
    ),
    (
        {"primary_refractory": True, "response_to_last_line": "refractory"},
        cond("months_first_line_to_progression", ">", 3),
        None,
    ),
    (
        {"prior_cart": True, "prior_lines": 3, "months_cart_to_failure": 9},
        cond("months_cart_to_failure", ">", 6),
        True,
    ),
    (
        {"prior_cart": True, "prior_lines": 3, "months_cart_to_failure": 6},
        cond("months_cart_to_failure", "<=", 6),
        True,
    ),
    ({}, cond("months_cart_to_failure", "<=", 6), None),
    # "unknown" CD19 answers are unknown, not a value.
    ({}, cond("cd19_status", "==", "negative"), None),
    ({"cd19_status": "negative"}, cond("cd19_status", "==", "negative"), True),
    ({"cd19_status": "positive", "cd19_method": "unknown"}, cond("cd19_method", "==", "ihc"), None),
    # A text field compared with a number cannot be judged.
    ({}, cond("symptom_tempo", ">", 1), None),
]


@pytest.mark.parametrize(("fields", "condition", "expected"), CASES)
def test_evaluate(fields: dict[str, Any], condition: Condition, expected: bool | None) -> None:
    assert evaluate(condition, PatientProfile(**fields)) is expected


def test_evaluate_all_three_valued() -> None:
    p = PatientProfile(ecog=2)
    assert evaluate_all([], p) is True
    assert evaluate_all([cond("ecog", ">=", 2), cond("bulky", "==", False)], p) is True
    assert evaluate_all([cond("ecog", ">=", 2), cond("age", ">", 50)], p) is None
    assert evaluate_all([cond("age", ">", 50), cond("ecog", "<", 2)], p) is False


def test_describe_and_format() -> None:
    assert describe(cond("ecog", "<=", 1)) == "ECOG performance status ≤ 1"
    assert describe(cond("cart_plan", "in", ["planned", "possible_later"])) == (
        "CAR-T plan is one of planned, possible later"
    )
    assert format_value(9.0) == "9"
    assert format_value(True) == "yes"
    assert format_value(None) == "not given"


def test_no_eval_in_module() -> None:
    import inspect

    import sequencing.conditions as module

    source = inspect.getsource(module)
    assert "eval(" not in source.replace("evaluate(", "").replace("_eval", "")


DAY_30 = Condition(field="months_cart_to_failure", op="<=", value=30, unit="days")


@pytest.mark.parametrize(
    ("months", "expected"),
    [(0.5, True), (0.98, True), (1.0, False), (4.0, False)],
)
def test_a_cut_stated_in_days_is_compared_in_days(months: float, expected: bool) -> None:
    """DESCAR-T's very early failure (day 0-30): 1 month is 30.4 days, after day 30."""
    profile = PatientProfile(prior_lines=2, prior_cart=True, months_cart_to_failure=months)
    assert evaluate(DAY_30, profile) is expected


def test_a_cut_in_days_reads_as_the_source_states_it() -> None:
    assert describe(DAY_30) == "Time from CAR-T infusion to failure ≤ 30 days"


def test_only_fields_counted_in_months_take_a_unit() -> None:
    with pytest.raises(ValueError, match="only for fields counted in months"):
        Condition(field="ecog", op="<=", value=1, unit="days")
