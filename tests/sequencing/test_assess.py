"""One assessment end to end on the fixture evidence base; the property test draws only valid
profiles, so every example is assessed and checked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from sequencing import Assessment, PatientProfile, assess
from sequencing.index import engine_index
from sequencing.profile import cart_still_an_option, consistency_problems
from sequencing.ranges import MATCHED_GRADES
from sequencing.strategies import STAGES
from tests.sequencing.fixture_base import FIXTURE

PATIENT_COHORTS = [c.id for c in FIXTURE.cohorts.values() if not c.reference_only]


@st.composite
def valid_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Field values a tumor board could state together (see `profile.consistency_problems`)."""
    prior_cart = draw(st.booleans())
    fields: dict[str, Any] = {
        "prior_cart": prior_cart,
        "prior_lines": draw(st.integers(2 if prior_cart else 1, 10)),
        "months_cart_to_failure": draw(st.floats(0, 600)) if prior_cart else None,
        "age": draw(st.none() | st.integers(18, 100)),
        "response_to_last_line": draw(st.sampled_from(["refractory", "relapsed"])),
        "months_first_line_to_progression": draw(st.none() | st.floats(0, 600)),
        "bulky": draw(st.booleans()),
        "ecog": draw(st.integers(0, 4)),
        "double_hit": draw(st.booleans()),
        "ldh_elevated": draw(st.none() | st.booleans()),
        "transplant_eligible": draw(st.booleans()),
        "symptom_tempo": draw(st.sampled_from(["slow", "moderate", "rapid"])),
        "cart_plan": draw(
            st.sampled_from(["planned", "possible_later", "not_candidate", "declined"])
        ),
        "cd19_status": draw(st.sampled_from(["positive", "negative", "unknown"])),
        "days_since_last_tafasitamab": draw(st.none() | st.integers(0, 3650)),
        "prior_anti_cd19": draw(st.booleans()),
    }
    fields["primary_refractory"] = draw(st.booleans())
    if fields["primary_refractory"] and fields["prior_lines"] == 1:
        fields["response_to_last_line"] = "refractory"
    methods = ["ihc", "flow", "unknown"] if fields["cd19_status"] != "unknown" else ["unknown"]
    fields["cd19_method"] = draw(st.none() | st.sampled_from(methods))
    return fields


@settings(max_examples=150, deadline=None)
@given(valid_profiles(), st.none() | st.integers(0, 365))
def test_every_valid_profile_is_assessed(fields: dict[str, Any], days: int | None) -> None:
    profile = PatientProfile(**fields)  # never raises: the strategy draws valid combinations
    assert consistency_problems(profile) == []
    event(f"prior CAR-T: {profile.prior_cart}")
    event(f"CAR-T plan: {profile.cart_plan}")
    result = assess(profile, FIXTURE, leukapheresis_in_days=days)
    assert isinstance(result, Assessment)

    # Every cohort of patients is graded, in evidence-base order, with its reasons.
    assert [f.cohort_id for f in result.fits] == PATIENT_COHORTS
    grades = {f.cohort_id: f.grade for f in result.fits}
    for fit in result.fits:
        assert fit.reasons, fit.cohort_id
        if fit.grade == "outside":
            assert any(c.status == "outside" for c in fit.checks), fit.cohort_id
    assert grades["mixed-tl"] == "partial"  # never fits, never outside, whoever the patient is
    if profile.prior_cart:
        assert all(grades[c] == "outside" for c in ("tl-primary", "tl-3y", "tl-5y", "rw-tl"))
        assert grades["post-tl"] in MATCHED_GRADES
    else:
        assert grades["post-tl"] == "outside"
        assert (grades["pre-tl"] == "outside") is not cart_still_an_option(profile)

    # Bands: ends are the span of the points that set them; stages never mix measured effects.
    event(f"applicable: {sorted(s.id for s in result.strategies if s.applicable)}")
    assert any(s.applicable for s in result.strategies)
    for strategy in result.strategies:
        for stage in strategy.stages:
            measured = STAGES[stage.id].measured.value
            for r in stage.ranges:
                # A stage's figures are all of the treatment it is about (later_cart only in
                # "CAR-T after tafa-len", never in "Tafa-len itself").
                assert {p.measured for p in r.points} == {measured}
                assert len({p.response_assessment for p in r.points}) == 1
                values = [
                    v
                    for p in r.points
                    if p.in_band
                    and (v := p.value_months if r.unit == "months" else p.value) is not None
                ]
                assert (r.low, r.high) == ((min(values), max(values)) if values else (None, None))
                assert r.cohorts == len({p.study for p in r.points if p.in_band})
                for p in r.points:
                    assert p.in_band is (p.hollow_reason == "")
                    assert p.grade in MATCHED_GRADES
                    assert p.cohort_id != "mixed-tl" or not p.in_band

    # Every cited record exists; the whole assessment serialises.
    for c in result.considerations:
        for record_id in c.evidence:
            assert record_id in FIXTURE.outcomes or record_id in FIXTURE.findings
    text = json.dumps(result.to_dict())
    assert "NaN" not in text
    assert (result.washout is None) is (profile.days_since_last_tafasitamab is None)


PLANNED = PatientProfile(
    prior_lines=2, days_since_last_tafasitamab=14, cart_plan="planned", cd19_status="positive"
)


def test_to_dict_has_every_part() -> None:
    data = assess(PLANNED, FIXTURE, leukapheresis_in_days=10).to_dict()
    assert set(data) == {
        "profile",
        "leukapheresis_in_days",
        "fits",
        "strategies",
        "considerations",
        "washout",
        "matched_cohorts",
        "options",
    }
    assert data["profile"] == PLANNED.model_dump(mode="json")
    assert data["leukapheresis_in_days"] == 10
    assert data["washout"]["days_since_last_dose"] == 14
    matched = {m["cohort_id"]: m for m in data["matched_cohorts"]}
    assert list(matched) == ["tl-primary", "tl-3y", "tl-5y", "rw-tl", "mixed-tl", "pre-tl"]
    assert [p["outcome_id"] for p in matched["pre-tl"]["outcomes"]] == [
        "pre-orr-own",
        "pre-orr-cart",
        "pre-pfs-cart",
        "pre-os-cart",
        "pre-washout",
    ]
    json.dumps(data)


def test_negative_leukapheresis_days_is_refused() -> None:
    with pytest.raises(ValueError, match="days >= 0"):
        assess(PLANNED, FIXTURE, leukapheresis_in_days=-1)


def test_index_is_built_once_per_base() -> None:
    assert engine_index(FIXTURE) is engine_index(FIXTURE)
