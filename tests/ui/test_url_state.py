"""The scenario URL: round trip, and every kind of malformed parameter (table-driven)."""

from __future__ import annotations

import pytest

from sequencing.profile import PatientProfile
from ui.url_state import (
    CART_LINES_REASON,
    MAX_LINK_BYTES,
    MAX_LINK_PARAMETERS,
    link_refusal,
    parse_url,
    url_params,
)

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
    assert not parsed.a.derived and not parsed.a.blocking
    assert parsed.a.profile == profile
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
    ("params", "fields"),
    [
        ({"prior_cart": "true"}, {"prior_cart", "months_cart_to_failure"}),  # months needed
        ({"months_cart_to_failure": "4"}, {"prior_cart", "months_cart_to_failure"}),  # no CAR-T
        ({"cd19_method": "flow"}, {"cd19_method", "cd19_status"}),  # method without a result
        (
            {"primary_refractory": "true", "response_to_last_line": "relapsed"},
            {"primary_refractory", "response_to_last_line", "prior_lines"},
        ),
        (  # a malformed value must not resolve a contradiction by falling back
            {"prior_cart": "banana", "months_cart_to_failure": "3"},
            {"prior_cart", "months_cart_to_failure"},
        ),
    ],
)
def test_inconsistent_combinations_block_and_keep_the_links_values(params, fields) -> None:
    parsed = parse_url(params)
    assert parsed.a.profile is None
    assert parsed.a.blocking
    assert fields == set(parsed.a.blocking[0].fields)
    assert all(problem.message for problem in parsed.a.blocking)
    for name, value in parsed.a.given.items():  # nothing the link said is dropped
        assert parsed.a.values[name] == value
    assert set(parsed.a.given) == {n for n in params if n not in parsed.a.malformed}


@pytest.mark.parametrize(
    "params",
    [
        {"prior_cart": "true", "months_cart_to_failure": "3"},
        {"prior_cart": "true", "months_cart_to_failure": "3", "prior_lines": "1"},
        {"prior_cart": "true", "months_cart_to_failure": "3", "prior_lines": "zero"},
    ],
)
def test_prior_cart_derives_two_lines_and_says_so(params: dict[str, str]) -> None:
    parsed = parse_url(params)
    assert parsed.a.profile is not None
    assert parsed.a.profile.prior_cart and parsed.a.profile.months_cart_to_failure == 3
    assert parsed.a.profile.prior_lines == 2
    assert parsed.a.derived == {"prior_lines": (2, CART_LINES_REASON)}
    assert (
        "prior_lines: prior CAR-T counts as a line, so at least 2 lines (derived)."
        in parsed.a.warnings
    )


def test_more_lines_after_cart_are_kept() -> None:
    parsed = parse_url({"prior_cart": "1", "months_cart_to_failure": "8", "prior_lines": "4"})
    assert parsed.a.profile is not None and parsed.a.profile.prior_lines == 4
    assert not parsed.a.derived and not parsed.a.warnings


def test_scenario_b_derives_from_its_own_cart() -> None:
    parsed = parse_url({"compare": "1", "b_prior_cart": "yes", "b_months_cart_to_failure": "2"})
    assert parsed.a.profile == PatientProfile()
    assert parsed.b is not None and parsed.b.profile is not None
    assert parsed.b.profile.prior_lines == 2 and "prior_lines" in parsed.b.derived
    assert any(w.startswith("Scenario B, b_prior_lines:") for w in parsed.b.warnings)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("cd19_method", "IHC", "ihc"),
        ("cd19_method", "Flow", "flow"),
        ("cart_plan", "Planned", "planned"),
        ("cart_plan", "NOT_CANDIDATE", "not_candidate"),
        ("response_to_last_line", "REFRACTORY", "refractory"),
        ("symptom_tempo", " Rapid ", "rapid"),
        ("cd19_status", "Positive", "positive"),
        ("bulky", "TRUE", True),
        ("bulky", "Yes", True),
        ("ldh_elevated", "No", False),
        ("ldh_elevated", "None", None),
    ],
)
def test_words_are_read_without_regard_to_case(name: str, raw: str, value: object) -> None:
    params = {name: raw} | ({"cd19_status": "positive"} if name == "cd19_method" else {})
    parsed = parse_url(params)
    assert not parsed.a.warnings
    assert parsed.a.profile is not None
    assert getattr(parsed.a.profile, name) == value


def test_a_malformed_value_says_the_default_may_not_be_this_patient() -> None:
    parsed = parse_url({"ecog": "banana", "compare": "1", "b_ecog": "x"})
    assert parsed.a.warnings == [
        "ecog: not a valid value; the scenario uses the default (1), which may not be this patient."
    ]
    assert parsed.a.malformed == ["ecog"] and parsed.a.profile == PatientProfile()
    parsed = parse_url({"ecog": "3", "compare": "1", "b_ecog": "x"})
    assert parsed.b is not None and parsed.b.profile is not None
    assert parsed.b.profile.ecog == 3
    assert parsed.b.warnings == [
        "Scenario B, b_ecog: not a valid value; scenario B uses scenario A's value (3), which "
        "may not be this patient."
    ]


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


# --- repeated parameters and over-long links (issue 18) ---------------------------------------


def test_a_repeated_parameter_is_refused_not_last_value_wins() -> None:
    parsed = parse_url({"ecog": ["1", "3"], "prior_lines": "2"})
    assert "ecog" not in parsed.a.values and "ecog" in parsed.a.malformed
    assert parsed.a.values["prior_lines"] == 2
    (warning,) = parsed.a.warnings
    assert warning.startswith("ecog: given 2 times") and "may not be this patient" in warning
    assert "3" not in warning.split("(")[0]  # the values are not echoed


def test_a_repeated_parameter_in_scenario_b_and_flags() -> None:
    parsed = parse_url({"compare": ["1", "1"], "presenter": "1"})
    assert parsed.b is None and any("compare: given more than once" in w for w in parsed.warnings)
    parsed = parse_url({"compare": "1", "b_bulky": ["true", "false"], "bulky": "true"})
    assert parsed.b is not None and "bulky" in parsed.b.malformed
    assert any(w.startswith("Scenario B, b_bulky: given 2 times") for w in parsed.b.warnings)
    leuka = parse_url({"leukapheresis_in_days": ["3", "4"]})
    assert leuka.a.leukapheresis_in_days is None
    assert any("given 2 times" in w for w in leuka.a.warnings)


def test_a_real_link_is_well_inside_the_link_limits() -> None:
    a = PROFILES[2]
    query = "&".join(f"{k}={v}" for k, v in url_params(a, 10, a, 12, presenter=True).items())
    assert link_refusal(query) is None
    assert len(query) * 4 < MAX_LINK_BYTES and query.count("&") * 3 < MAX_LINK_PARAMETERS


@pytest.mark.parametrize(
    ("query", "what"),
    [
        ("&".join(f"ecog={i % 4}" for i in range(1001)), "1001 parameters"),
        ("&".join(f"x{i}=1" for i in range(MAX_LINK_PARAMETERS + 1)), "201 parameters"),
        ("age=" + "7" * (MAX_LINK_BYTES + 1), "characters"),
    ],
    ids=["over-streamlits-1000", "over-ours", "too-many-bytes"],
)
def test_an_over_long_link_is_refused_with_a_message(query: str, what: str) -> None:
    refusal = link_refusal(query)
    assert refusal is not None and what in refusal and "not the link's patient" in refusal
