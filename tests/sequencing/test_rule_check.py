"""`rule_check.problems` is silent on an evidence base the rules agree with, and names what is
wrong otherwise: a selector that matches nothing, a CAR-T-failure cut other than the engine's."""

from __future__ import annotations

import dataclasses

from sequencing.index import engine_index
from sequencing.rule_check import problems
from tests.sequencing.fixture_base import (
    EARLY,
    FIXTURE,
    fixture_index,
    with_outcomes,
    without_outcomes,
)


def test_no_problem_on_the_fixture() -> None:
    assert problems(fixture_index()) == []


def test_a_rule_whose_selector_matches_nothing_is_reported() -> None:
    """BULKY cites bulky subgroups and bulky criteria: RW-TL's hazard ratio is the only one."""
    base = without_outcomes("rw-hr-pfs-bulky")
    assert problems(engine_index(base)) == ["rule BULKY: its evidence selector matches no record"]


def test_a_rule_citing_findings_by_tag_without_any_is_reported() -> None:
    findings = {k: v for k, v in FIXTURE.findings.items() if k != "f-bispecific"}
    base = dataclasses.replace(FIXTURE, findings=findings)
    assert problems(engine_index(base)) == [
        "rule POST-CART-COMPARISON: no finding carries the tag 'bispecific'"
    ]


def test_an_evidence_split_at_3_months_is_reported() -> None:
    at_3 = [EARLY | {"value": 3}]
    base = with_outcomes({"post-pfs2-early": {"conditions": at_3}})
    assert problems(engine_index(base)) == [
        "outcome post-pfs2-early: splits CAR-T failure at 3 months, the engine at 6"
    ]


def test_a_split_with_another_operator_is_reported() -> None:
    """`< 6` puts a failure at exactly 6 months in the late group; the engine calls it early."""
    base = with_outcomes({"post-os2-early": {"conditions": [EARLY | {"op": "<"}]}})
    found = problems(engine_index(base))
    assert [problem.split(":")[0] for problem in found] == ["outcome post-os2-early"]
