from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sequencing import Assessment, PatientProfile, assess
from tests.sequencing.conftest import BASE, SCENARIOS, scenario

profiles = st.fixed_dictionaries(
    {},
    optional={
        "age": st.integers(18, 100),
        "prior_lines": st.integers(1, 10),
        "response_to_last_line": st.sampled_from(["refractory", "relapsed"]),
        "primary_refractory": st.booleans(),
        "months_first_line_to_progression": st.floats(0, 600),
        "bulky": st.booleans(),
        "ecog": st.integers(0, 4),
        "double_hit": st.booleans(),
        "ldh_elevated": st.none() | st.booleans(),
        "transplant_eligible": st.booleans(),
        "symptom_tempo": st.sampled_from(["slow", "moderate", "rapid"]),
        "prior_cart": st.booleans(),
        "months_cart_to_failure": st.none() | st.floats(0, 600),
        "cart_plan": st.sampled_from(["planned", "possible_later", "not_candidate", "declined"]),
        "cd19_status": st.sampled_from(["positive", "negative", "unknown"]),
        "cd19_method": st.none() | st.sampled_from(["ihc", "flow", "unknown"]),
        "days_since_last_tafasitamab": st.none() | st.integers(0, 3650),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(profiles, st.none() | st.integers(0, 365))
def test_every_valid_profile_is_assessed(fields: dict[str, Any], days: int | None) -> None:
    try:
        profile = PatientProfile(**fields)
    except ValidationError:
        return  # invalid combinations are the CLI's business
    result = assess(profile, BASE, leukapheresis_in_days=days)
    assert isinstance(result, Assessment)
    assert len(result.fits) == sum(1 for c in BASE.cohorts.values() if not c.reference_only)
    assert len(result.strategies) == 4
    assert any(s.applicable for s in result.strategies)
    for c in result.considerations:
        for record_id in c.evidence:
            assert record_id in BASE.outcomes or record_id in BASE.findings
    json.dumps(result.to_dict())
    if profile.days_since_last_tafasitamab is not None:
        assert result.washout is not None


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenarios_serialise(name: str) -> None:
    data = assess(scenario(name), BASE, leukapheresis_in_days=10).to_dict()
    text = json.dumps(data)
    assert set(data) >= {
        "profile",
        "fits",
        "strategies",
        "considerations",
        "washout",
        "matched_cohorts",
    }
    assert data["profile"] == scenario(name).model_dump(mode="json")
    for cohort in data["matched_cohorts"]:
        for point in cohort["outcomes"]:
            assert "doi" in point and "value" in point
    assert "NaN" not in text


def test_negative_leukapheresis_days_is_refused() -> None:
    with pytest.raises(ValueError):
        assess(scenario("plain"), BASE, leukapheresis_in_days=-1)


def test_index_is_built_once() -> None:
    from sequencing.index import engine_index

    assert engine_index(BASE) is engine_index(BASE)
