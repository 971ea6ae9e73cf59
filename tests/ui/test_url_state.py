"""The scenario URL: round trip, and every kind of malformed parameter (table-driven)."""

from __future__ import annotations

import pytest

from sequencing.profile import PatientProfile
from ui.url_state import parse_url, url_params

PROFILES = [
    PatientProfile(),
    PatientProfile(
        prior_lines=3,
        response_to_last_line="refractory",
        prior_cart=True,
        months_cart_to_failure=4.5,
        cart_plan="not_candidate",
        ecog=2,
        bulky=True,
    ),
    PatientProfile(
        age=71,
        prior_lines=2,
        days_since_last_tafasitamab=21,
        cart_plan="planned",
        cd19_status="negative",
        cd19_method="flow",
        ldh_elevated=False,
    ),
    PatientProfile(
        prior_lines=1,
        primary_refractory=True,
        response_to_last_line="refractory",
        months_first_line_to_progression=2,
        transplant_eligible=True,
        ecog=0,
        double_hit=True,
        symptom_tempo="rapid",
    ),
]


@pytest.mark.parametrize("profile", PROFILES)
def test_round_trip(profile: PatientProfile) -> None:
    parsed = parse_url(url_params(profile, leukapheresis_a=10))
    assert not parsed.warnings and not parsed.a.warnings
    assert PatientProfile(**(PatientProfile().model_dump() | parsed.a.values)) == profile
    assert parsed.a.leukapheresis_in_days == 10


def test_compare_round_trip() -> None:
    a, b = PROFILES[1], PROFILES[1].model_copy(update={"months_cart_to_failure": 9.0})
    parsed = parse_url(url_params(a, None, b, None, presenter=True))
    assert parsed.presenter
    assert parsed.b is not None
    assert parsed.b.values["months_cart_to_failure"] == 9.0
    assert parsed.a.values["months_cart_to_failure"] == 4.5


def test_scenario_b_starts_from_a() -> None:
    parsed = parse_url({"ecog": "2", "compare": "1", "b_bulky": "true"})
    assert parsed.b is not None
    merged = PatientProfile(**(PatientProfile().model_dump() | parsed.a.values | parsed.b.values))
    assert merged.ecog == 2 and merged.bulky


BAD = [
    ("ecog", "7"),
    ("ecog", "-1"),
    ("ecog", "two"),
    ("ecog", "1.5"),
    ("prior_lines", "0"),
    ("prior_lines", "11"),
    ("prior_lines", "true"),
    ("age", "17"),
    ("age", "nan"),
    ("age", "1e3"),
    ("months_first_line_to_progression", "-3"),
    ("months_first_line_to_progression", "inf"),
    ("bulky", "maybe"),
    ("double_hit", "2"),
    ("transplant_eligible", ""),
    ("response_to_last_line", "better"),
    ("symptom_tempo", "<script>alert(1)</script>"),
    ("cart_plan", "x" * 10_000),
    ("cd19_status", "positive'); DROP TABLE"),
    ("days_since_last_tafasitamab", "9" * 400),
    ("ldh_elevated", "[x](javascript:alert(1))"),
]


@pytest.mark.parametrize(("name", "raw"), BAD, ids=[f"{n}={r[:12]}" for n, r in BAD])
def test_bad_value_warns_names_the_parameter_and_falls_back(name: str, raw: str) -> None:
    parsed = parse_url({name: raw})
    assert name not in parsed.a.values
    assert any(w.startswith(f"{name}:") for w in parsed.a.warnings)
    if len(raw) > 2:  # the value itself is never repeated back
        assert all(raw not in w for w in parsed.a.warnings + parsed.warnings)


def test_unknown_parameters_are_counted_not_echoed() -> None:
    parsed = parse_url({"<img src=x>": "1", "patient_name": "Jane Doe"})
    assert parsed.warnings == ["2 unknown URL parameter(s) ignored."]


@pytest.mark.parametrize(
    ("params", "dropped"),
    [
        ({"prior_cart": "true"}, {"prior_cart"}),  # CAR-T needs >= 2 lines and months
        ({"months_cart_to_failure": "4"}, {"months_cart_to_failure"}),  # months without CAR-T
        ({"cd19_method": "flow"}, {"cd19_method"}),  # method without a result
        (
            {"primary_refractory": "true", "response_to_last_line": "relapsed"},
            {"primary_refractory", "response_to_last_line"},
        ),
    ],
)
def test_inconsistent_combinations_fall_back_with_a_clinical_message(params, dropped) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_url(params)
    assert dropped.isdisjoint(parsed.a.values)
    assert parsed.a.warnings
    PatientProfile(**(PatientProfile().model_dump() | parsed.a.values))  # valid after fallback


@pytest.mark.parametrize("raw", ["-1", "400", "soon", "3.5"])
def test_bad_leukapheresis_day(raw: str) -> None:
    parsed = parse_url({"leukapheresis_in_days": raw})
    assert parsed.a.leukapheresis_in_days is None
    assert parsed.a.warnings


@pytest.mark.parametrize(("flag", "raw"), [("compare", "yes please"), ("presenter", "2")])
def test_bad_flags_switch_off(flag: str, raw: str) -> None:
    parsed = parse_url({flag: raw})
    assert parsed.b is None and not parsed.presenter
    assert parsed.warnings
