"""Washout arithmetic on the fixture evidence base: the half-life is read from its record, the
observed washouts are the tafa-len cohorts' median_washout records."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.loader import EvidenceBase
from sequencing.assess import assess
from sequencing.profile import PatientProfile
from sequencing.washout import Washout, day_reaching, fraction_remaining
from tests.sequencing.fixture_base import FIXTURE, fixture_index, with_outcomes

DOSED = PatientProfile(
    prior_lines=2,
    days_since_last_tafasitamab=14,
    cart_plan="planned",
    cd19_status="positive",
    cd19_method="ihc",
)


def washout(
    profile: PatientProfile = DOSED, days: int | None = 20, base: EvidenceBase = FIXTURE
) -> Washout:
    w = assess(profile, base, leukapheresis_in_days=days).washout
    assert w is not None
    return w


def test_half_life_is_read_from_the_evidence() -> None:
    assert fixture_index().half_life is FIXTURE.outcomes["pk-half-life"]
    w = washout()
    assert (w.half_life_outcome_id, w.half_life_days) == ("pk-half-life", 17.0)
    assert w.thresholds == {"50%": 17.0, "25%": 34.0, "10%": 56.5, "3%": 86.0}
    # A half-life given in months is converted to days.
    in_months = with_outcomes({"pk-half-life": {"value": 1.0, "unit": "months"}})
    assert washout(base=in_months).half_life_days == 30.4375


def test_fractions_today_and_at_leukapheresis() -> None:
    w = washout()
    assert math.isclose(w.fraction_today, 0.5 ** (14 / 17))
    assert w.fraction_at_leukapheresis == 0.25  # day 34: two half-lives
    assert w.curve[0] == (0, 1.0)
    assert w.curve[17] == (17, 0.5)
    assert w.curve[-1][0] == max(120, 14 + 20 + 14)
    assert washout(days=None).fraction_at_leukapheresis is None


def test_statements() -> None:
    assert washout().statements == [
        "No published guideline sets a washout interval between tafasitamab and CD19 CAR-T "
        "leukapheresis; the figures below are arithmetic and observation, not a rule.",
        "Expected share left assumes first-order (exponential) elimination with the 17-day "
        "terminal half-life (REG). This is a simplification: it ignores dose, schedule, body "
        "weight, target-mediated clearance and antibody bound in tissue, and serum levels say "
        "nothing directly about CD19 epitope occupancy on lymphoma cells.",
        "Today, 14 days after the last dose, about 57% is expected to remain.",
        "At leukapheresis in 20 days (day 34 after the last dose) about 25% is expected to remain.",
        "Expected to fall under 50% on day 17, 25% on day 34, 10% on day 56.5, 3% on day 86 "
        "after the dose.",
        "Observed: REG tafa-len before CAR-T (REG, n=20): median washout 40 days (range 10–90).",
        "Washout before leukapheresis varied between centres.",
    ]


def test_observed_washouts_carry_the_grade_of_their_cohort() -> None:
    [planned] = washout().observed
    assert (planned.outcome_id, planned.cohort_id, planned.grade) == (
        "pre-washout",
        "pre-tl",
        "partial",
    )
    declined = DOSED.model_copy(update={"cart_plan": "declined"})
    [point] = washout(declined).observed
    assert point.grade == "outside"


def test_without_an_observed_washout_it_says_so() -> None:
    outcomes = {k: v for k, v in FIXTURE.outcomes.items() if k != "pre-washout"}
    w = washout(base=dataclasses.replace(FIXTURE, outcomes=outcomes))
    assert w.observed == []
    assert "No observed washout interval is recorded in the evidence base." in w.statements


def test_no_washout_without_a_dose_or_a_half_life() -> None:
    undosed = DOSED.model_copy(update={"days_since_last_tafasitamab": None})
    assert assess(undosed, FIXTURE).washout is None
    outcomes = {k: v for k, v in FIXTURE.outcomes.items() if k != "pk-half-life"}
    assert assess(DOSED, dataclasses.replace(FIXTURE, outcomes=outcomes)).washout is None


@given(st.floats(min_value=0, max_value=3000), st.floats(min_value=0.01, max_value=400))
def test_residual_falls_as_days_rise(days: float, more: float) -> None:
    hl = 17.0
    assert fraction_remaining(days + more, hl) < fraction_remaining(days, hl) or (
        fraction_remaining(days, hl) == 0.0
    )
    assert 0.0 <= fraction_remaining(days, hl) <= 1.0


@settings(deadline=None)  # wall-clock deadlines flake on a loaded machine
@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=1, max_value=500))
def test_assessed_residual_falls_as_days_rise(days: int, more: int) -> None:
    early = washout(DOSED.model_copy(update={"days_since_last_tafasitamab": days}), None)
    later = min(days + more, 3650)
    late = washout(DOSED.model_copy(update={"days_since_last_tafasitamab": later}), None)
    assert late.fraction_today <= early.fraction_today
    if early.fraction_today > 0:
        assert late.fraction_today < early.fraction_today


def test_day_reaching_inverts_fraction() -> None:
    for f in (0.5, 0.25, 0.1, 0.03):
        assert math.isclose(fraction_remaining(day_reaching(f, 17.0), 17.0), f)
