"""These tests read the real evidence base on purpose: each rule is checked against the records
it is meant to cite (TALOs's subgroups, DESCAR-T's CAR-T-failure split, the washout and CD19
findings), so a re-tagged or removed record shows up here as a silent rule.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sequencing.assess import assess
from sequencing.conditions import describe
from sequencing.considerations import RULE_IDS, RULES, TEMPLATES
from sequencing.profile import PatientProfile
from tests.sequencing.conftest import BASE, SCENARIOS, scenario

# (rule id, profile fields, leukapheresis in days, expected severity or None for silent)
TABLE: list[tuple[str, dict[str, Any], int | None, str | None]] = [
    ("TEMPO-RAPID", SCENARIOS["rapid_tempo"], None, "warning"),
    ("TEMPO-RAPID", SCENARIOS["plain"], None, None),
    ("TRANSPLANT-ELIGIBLE", SCENARIOS["transplant_eligible_early_relapse"], None, "warning"),
    ("TRANSPLANT-ELIGIBLE", SCENARIOS["plain"], None, None),
    ("EARLY-RELAPSE", SCENARIOS["transplant_eligible_early_relapse"], None, "caution"),
    (
        "EARLY-RELAPSE",
        SCENARIOS["transplant_eligible_early_relapse"] | {"months_first_line_to_progression": 30},
        None,
        None,
    ),
    ("EARLY-RELAPSE", SCENARIOS["plain"], None, None),
    (
        "LATE-RELAPSE-ASCT",
        SCENARIOS["transplant_eligible_early_relapse"] | {"months_first_line_to_progression": 30},
        None,
        "info",
    ),
    ("LATE-RELAPSE-ASCT", SCENARIOS["transplant_eligible_early_relapse"], None, None),
    (
        "PRIMARY-REFRACTORY",
        {"primary_refractory": True, "response_to_last_line": "refractory"},
        None,
        "caution",
    ),
    ("PRIMARY-REFRACTORY", SCENARIOS["refractory_cart_naive"], None, None),
    ("REFRACTORY-LAST-LINE", SCENARIOS["refractory_cart_naive"], None, "caution"),
    ("REFRACTORY-LAST-LINE", SCENARIOS["relapsed_cart_naive"], None, None),
    ("DOUBLE-HIT", SCENARIOS["double_hit"], None, "warning"),
    ("DOUBLE-HIT", SCENARIOS["plain"], None, None),
    ("BULKY", SCENARIOS["plain"] | {"bulky": True}, None, "caution"),
    ("BULKY", SCENARIOS["plain"], None, None),
    ("ECOG-POOR", SCENARIOS["plain"] | {"ecog": 2}, None, "caution"),
    ("ECOG-POOR", SCENARIOS["plain"] | {"ecog": 3}, None, "warning"),
    ("ECOG-POOR", SCENARIOS["plain"] | {"ecog": 1}, None, None),
    ("CART-FAILURE-EARLY", SCENARIOS["early_cart_failure"], None, "warning"),
    ("CART-FAILURE-EARLY", SCENARIOS["late_cart_failure"], None, None),
    ("CART-FAILURE-LATE", SCENARIOS["late_cart_failure"], None, "info"),
    ("CART-FAILURE-LATE", SCENARIOS["early_cart_failure"], None, None),
    ("POST-CART-COMPARISON", SCENARIOS["early_cart_failure"], None, "info"),
    ("POST-CART-COMPARISON", SCENARIOS["plain"], None, None),
    (
        "CD19-NEGATIVE-BEFORE-CART",
        SCENARIOS["plain"] | {"cd19_status": "negative"},
        None,
        "warning",
    ),
    ("CD19-NEGATIVE-BEFORE-CART", SCENARIOS["plain"], None, None),
    ("CD19-UNKNOWN-BEFORE-CART", SCENARIOS["rapid_tempo"], None, "info"),
    ("CD19-UNKNOWN-BEFORE-CART", SCENARIOS["relapsed_cart_naive"], None, None),
    (
        "CD19-NEGATIVE-AFTER-CART",
        SCENARIOS["early_cart_failure"] | {"cd19_status": "negative"},
        None,
        "warning",
    ),
    ("CD19-NEGATIVE-AFTER-CART", SCENARIOS["early_cart_failure"], None, None),
    (
        "CD19-EQUIVOCAL-AFTER-CART",
        SCENARIOS["early_cart_failure"] | {"cd19_status": "equivocal", "cd19_method": "flow"},
        None,
        "caution",
    ),
    ("CD19-EQUIVOCAL-AFTER-CART", SCENARIOS["early_cart_failure"], None, None),
    (
        "CD19-EQUIVOCAL-BEFORE-CART",
        SCENARIOS["plain"] | {"cd19_status": "equivocal", "cd19_method": "flow"},
        None,
        "caution",
    ),
    ("CD19-EQUIVOCAL-BEFORE-CART", SCENARIOS["plain"], None, None),
    ("CD19-UNKNOWN-AFTER-CART", SCENARIOS["early_cart_failure"], None, "caution"),
    (
        "CD19-UNKNOWN-AFTER-CART",
        SCENARIOS["early_cart_failure"] | {"cd19_status": "positive"},
        None,
        None,
    ),
    ("TAFA-BEFORE-LEUKAPHERESIS", SCENARIOS["recent_tafa_cart_planned"], 7, "warning"),
    (
        "TAFA-BEFORE-LEUKAPHERESIS",
        SCENARIOS["recent_tafa_cart_planned"] | {"cart_plan": "possible_later"},
        None,
        "caution",
    ),
    ("TAFA-BEFORE-LEUKAPHERESIS", SCENARIOS["recent_tafa_cart_planned"], 400, None),
    (
        "TAFA-BEFORE-LEUKAPHERESIS",
        SCENARIOS["recent_tafa_cart_planned"] | {"cart_plan": "declined"},
        None,
        None,
    ),
    ("TAFA-BEFORE-LEUKAPHERESIS", SCENARIOS["plain"], None, None),
    ("CD19-TEST-AFTER-TAFA", SCENARIOS["recent_tafa_cart_planned"], None, "caution"),
    (
        "CD19-TEST-AFTER-TAFA",
        SCENARIOS["recent_tafa_cart_planned"] | {"cd19_status": "negative", "cd19_method": "flow"},
        None,
        "warning",
    ),
    ("CD19-TEST-AFTER-TAFA", SCENARIOS["plain"], None, None),
    ("LEN-TOXICITY", SCENARIOS["plain"], None, "info"),
]


def _fired(fields: dict[str, Any], days: int | None) -> dict[str, Any]:
    result = assess(PatientProfile(**fields), BASE, leukapheresis_in_days=days)
    return {c.rule_id: c for c in result.considerations}


@pytest.mark.parametrize(
    ("rule_id", "fields", "days", "severity"),
    TABLE,
    ids=[f"{r}-{i}" for i, (r, *_) in enumerate(TABLE)],
)
def test_rule(rule_id: str, fields: dict[str, Any], days: int | None, severity: str | None) -> None:
    fired = _fired(fields, days)
    if severity is None:
        assert rule_id not in fired
        return
    c = fired[rule_id]
    assert c.severity == severity
    assert c.title and c.text
    assert c.evidence, f"{rule_id} cites no evidence"
    for record_id in c.evidence:
        assert record_id in BASE.outcomes or record_id in BASE.findings, record_id


def test_every_rule_is_in_the_table() -> None:
    assert set(RULE_IDS) == {row[0] for row in TABLE}
    assert len(RULE_IDS) == len(set(RULE_IDS))


def test_severities_match_the_registry() -> None:
    allowed = {rule_id: sev for _, ids in RULES for rule_id, sev in ids.items()}
    for rule_id, _, _, severity in TABLE:
        if severity is not None:
            assert severity in allowed[rule_id]


# Names that contain digits but are not figures.
_NAMES = re.compile(r"CD19|CD20|CD3|FMC63|4G7|R144|BCL2")


def test_templates_carry_no_figures() -> None:
    for key, template in TEMPLATES.items():
        assert not re.search(r"\d", _NAMES.sub("", template)), key


def test_figures_in_text_come_from_records() -> None:
    """The late-failure PFS2 figure in the rule text is the record's value."""
    c = _fired(SCENARIOS["late_cart_failure"], None)["CART-FAILURE-LATE"]
    values = [BASE.outcomes[i].value for i in c.evidence if BASE.outcomes[i].value is not None]
    assert values, "the rule cites no figure with a value"
    for value in values:
        assert f"{value:g}" in c.text


def test_cart_failure_split_comes_from_the_record_condition() -> None:
    c = _fired(SCENARIOS["early_cart_failure"], None)["CART-FAILURE-EARLY"]
    outcome = BASE.outcomes[c.evidence[0]]
    split = next(x for x in outcome.conditions if x.field == "months_cart_to_failure")
    source = BASE.source_of(outcome.cohort).short
    assert f"(as {source} split it: {describe(split)})" in c.text


def test_warnings_come_first() -> None:
    result = assess(scenario("double_hit", symptom_tempo="rapid", bulky=True), BASE)
    order = {"warning": 0, "caution": 1, "info": 2}
    severities = [order[c.severity] for c in result.considerations]
    assert len(set(severities)) > 1  # something to order
    assert severities == sorted(severities)
