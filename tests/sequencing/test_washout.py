from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from sequencing.assess import assess
from sequencing.index import EngineIndex
from sequencing.washout import day_reaching, fraction_remaining
from tests.sequencing.conftest import BASE, scenario


def test_half_life_is_read_from_the_evidence(index: EngineIndex) -> None:
    record = index.half_life
    assert record is not None and record.endpoint.value == "half_life"
    w = assess(scenario("recent_tafa_cart_planned"), BASE).washout
    assert w is not None
    assert w.half_life_outcome_id == record.id
    assert w.half_life_days == record.value
    assert math.isclose(w.thresholds["50%"], record.value or 0, abs_tol=0.1)


def test_fractions_today_and_at_leukapheresis(index: EngineIndex) -> None:
    w = assess(scenario("recent_tafa_cart_planned"), BASE, leukapheresis_in_days=20).washout
    assert w is not None
    hl = w.half_life_days
    assert math.isclose(w.fraction_today, 0.5 ** (14 / hl))
    assert w.fraction_at_leukapheresis is not None
    assert math.isclose(w.fraction_at_leukapheresis, 0.5 ** (34 / hl))
    assert w.curve[0] == (0, 1.0)
    assert w.curve[-1][0] == max(120, 14 + 20 + 14)
    assert list(w.thresholds) == ["50%", "25%", "10%", "3%"]


def test_statements_say_no_guideline_and_simplification() -> None:
    w = assess(scenario("recent_tafa_cart_planned"), BASE).washout
    assert w is not None
    text = " ".join(w.statements)
    assert "No published guideline sets a washout interval" in text
    assert "simplification" in text and "first-order" in text


def test_observed_washouts_are_tafasitamab_records(index: EngineIndex) -> None:
    w = assess(scenario("recent_tafa_cart_planned"), BASE).washout
    assert w is not None and w.observed
    for p in w.observed:
        assert index.base.outcomes[p.outcome_id].endpoint.value == "median_washout"
        assert "tafasitamab" in index.base.cohorts[p.cohort_id].treatment.lower()


def test_no_washout_without_a_dose() -> None:
    assert assess(scenario("plain"), BASE).washout is None


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
    early = assess(scenario("recent_tafa_cart_planned", days_since_last_tafasitamab=days), BASE)
    late_days = min(days + more, 3650)
    late = assess(scenario("recent_tafa_cart_planned", days_since_last_tafasitamab=late_days), BASE)
    assert early.washout is not None and late.washout is not None
    assert late.washout.fraction_today <= early.washout.fraction_today
    if early.washout.fraction_today > 0:
        assert late.washout.fraction_today < early.washout.fraction_today


def test_day_reaching_inverts_fraction() -> None:
    for f in (0.5, 0.25, 0.1, 0.03):
        assert math.isclose(fraction_remaining(day_reaching(f, 17.0), 17.0), f)
