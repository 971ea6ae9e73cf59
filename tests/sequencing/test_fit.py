"""Cohort fit on the fixture evidence base (`tests.sequencing.fixture_base`): grades, checks and
reasons, exactly."""

from __future__ import annotations

from typing import Any

import pytest

from evidence.models import Baseline, Cohort, Criterion, Setting
from sequencing.fit import CohortFit, FeatureCheck, fit_all, fit_cohort
from sequencing.profile import PatientProfile
from tests.sequencing.fixture_base import ADDED, FIXTURE, fixture_index

INDEX = fixture_index()

NAIVE_PLANNED = PatientProfile(prior_lines=2, response_to_last_line="relapsed", cart_plan="planned")
NAIVE_DEFINITIVE = NAIVE_PLANNED.model_copy(update={"cart_plan": "not_candidate"})
EARLY_FAILURE = PatientProfile(
    prior_lines=3,
    response_to_last_line="refractory",
    prior_cart=True,
    months_cart_to_failure=2,
    cart_plan="not_candidate",
)
TL_TRIAL = ("tl-primary", "tl-3y", "tl-5y")
MIXED_TEXT = "mixes CAR-T-naive and post-CAR-T patients (30% had had CAR-T)"


def fit_of(profile: PatientProfile, cohort_id: str) -> CohortFit:
    return next(f for f in fit_all(profile, INDEX) if f.cohort_id == cohort_id)


def grades(profile: PatientProfile) -> dict[str, str]:
    return {fit.cohort_id: fit.grade for fit in fit_all(profile, INDEX)}


def check(fit: CohortFit, feature: str, kind: str) -> FeatureCheck:
    [found] = [c for c in fit.checks if c.feature == feature and c.kind == kind]
    return found


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            NAIVE_PLANNED,
            dict.fromkeys(TL_TRIAL, "fits")
            | {
                "rw-tl": "fits",
                "mixed-tl": "partial",
                # Its one baseline row was measured after tafa-len: nothing decides the fit.
                "pre-tl": "partial",
                "post-tl": "outside",
                "post-other": "outside",
                "cart-arm": "fits",
            },
        ),
        (
            NAIVE_DEFINITIVE,
            dict.fromkeys(TL_TRIAL, "fits")
            | {
                "rw-tl": "fits",
                "mixed-tl": "partial",
                "pre-tl": "outside",
                "post-tl": "outside",
                "post-other": "outside",
                "cart-arm": "outside",
            },
        ),
        (
            EARLY_FAILURE,
            dict.fromkeys(TL_TRIAL, "outside")
            | {
                "rw-tl": "outside",
                "mixed-tl": "partial",
                "pre-tl": "outside",
                "post-tl": "fits",
                "post-other": "partial",
                "cart-arm": "outside",
            },
        ),
    ],
    ids=["cart-naive-cart-planned", "cart-naive-not-a-candidate", "early-cart-failure"],
)
def test_grades_of_every_cohort_of_patients(
    profile: PatientProfile, expected: dict[str, str]
) -> None:
    """The reference-only half-life record describes no patients and is never graded."""
    assert grades(profile) == expected
    assert list(grades(profile)) == [c for c in FIXTURE.cohorts if c != "pk"]


@pytest.mark.parametrize("profile", [NAIVE_PLANNED, EARLY_FAILURE], ids=["cart-naive", "post-cart"])
def test_a_mixed_cohort_partly_fits_both_kinds_of_patient_and_says_the_share(
    profile: PatientProfile,
) -> None:
    fit = fit_of(profile, "mixed-tl")
    assert fit.grade == "partial"
    setting = check(fit, "prior_cart", "setting")
    assert (setting.status, setting.cohort_text) == ("unknown", MIXED_TEXT)
    assert fit.reasons == [f"MIXED-TL cohort: {MIXED_TEXT}."]
    # Its baseline share of prior CAR-T cannot put either kind of patient outside.
    assert check(fit, "prior_cart", "baseline").status == "inside"


def test_every_outside_grade_names_the_check_that_put_the_patient_outside() -> None:
    for profile in (NAIVE_PLANNED, NAIVE_DEFINITIVE, EARLY_FAILURE):
        for fit in fit_all(profile, INDEX):
            assert fit.reasons, fit.cohort_id
            if fit.grade == "outside":
                assert any(c.status == "outside" for c in fit.checks), fit.cohort_id


def test_setting_reasons() -> None:
    assert fit_of(EARLY_FAILURE, "tl-5y").reasons == [
        "TL-TRIAL 5-year analysis: patients who had not had CAR-T; this patient: prior CAR-T yes."
    ]
    assert fit_of(NAIVE_DEFINITIVE, "cart-arm").reasons == [
        "CART-TRIAL CAR-T arm: patients given CAR-T; this patient: CAR-T plan not a candidate."
    ]
    assert fit_of(NAIVE_PLANNED, "post-tl").reasons == [
        "REG tafa-len after CAR-T failure: treated after CAR-T failure; this patient: prior "
        "CAR-T no.",
        "Only patients who progressed after CAR-T (this patient: prior CAR-T no).",
    ]
    assert fit_of(NAIVE_PLANNED, "tl-5y").reasons == [
        "Inside the setting and every criterion TL-TRIAL 5-year analysis reports."
    ]


def test_a_comparator_arm_is_judged_where_it_sits() -> None:
    """Other treatments after CAR-T failure: outside for a CAR-T-naive patient; for a post-CAR-T
    patient it reports nothing else to judge, so it partly fits."""
    assert check(fit_of(NAIVE_PLANNED, "post-other"), "prior_cart", "setting").status == "outside"
    after = fit_of(EARLY_FAILURE, "post-other")
    assert after.reasons == [
        "REG other treatments after CAR-T failure reports nothing this patient can be judged on "
        "beyond its setting: it partly fits."
    ]


def test_double_hit_and_transplant_eligibility_are_outside_tl_trial_with_their_reasons() -> None:
    profile = NAIVE_PLANNED.model_copy(update={"double_hit": True, "transplant_eligible": True})
    fit = fit_of(profile, "tl-5y")
    assert fit.grade == "outside"
    assert fit.reasons == [
        "TL-TRIAL excluded double-hit lymphoma (this patient: double-hit lymphoma (MYC and BCL2 "
        "rearranged) yes).",
        "TL-TRIAL enrolled patients not eligible for transplant (this patient: transplant "
        "eligible yes).",
    ]
    dh = check(fit, "double_hit", "eligibility")
    assert (dh.status, dh.patient_value) == ("outside", "yes")


def test_ecog_2_is_outside_the_cart_trial() -> None:
    fit = fit_of(NAIVE_PLANNED.model_copy(update={"ecog": 2}), "cart-arm")
    assert fit.grade == "outside"
    assert fit.reasons == [
        "CART-TRIAL enrolled ECOG 0-1 only (this patient: ECOG performance status 2)."
    ]
    assert fit_of(NAIVE_PLANNED.model_copy(update={"ecog": 0}), "cart-arm").grade == "fits"


def test_a_tafasitamab_dose_is_prior_anti_cd19_therapy_for_the_cart_trial() -> None:
    dosed = NAIVE_PLANNED.model_copy(update={"days_since_last_tafasitamab": 30})
    fit = fit_of(dosed, "cart-arm")
    assert fit.grade == "outside"
    assert check(fit, "prior_anti_cd19", "eligibility").status == "outside"
    ticked = NAIVE_PLANNED.model_copy(update={"prior_anti_cd19": True})
    assert fit_of(ticked, "cart-arm").grade == "outside"


def test_the_anti_cd19_reason_shows_the_value_it_was_judged_on() -> None:
    dosed = NAIVE_PLANNED.model_copy(update={"days_since_last_tafasitamab": 30})
    fit = fit_of(dosed, "cart-arm")
    assert fit.reasons == [
        "CART-TRIAL excluded prior anti-CD19 therapy (this patient: prior anti-CD19 therapy yes)."
    ]
    assert check(fit, "prior_anti_cd19", "eligibility").patient_value == "yes"


def test_primary_refractory_is_outside_tl_trial() -> None:
    profile = NAIVE_PLANNED.model_copy(
        update={"primary_refractory": True, "response_to_last_line": "refractory"}
    )
    assert fit_of(profile, "tl-5y").grade == "outside"


# ---- when a baseline feature was measured ------------------------------------------------------

REFRACTORY_BEFORE_LEUKAPHERESIS = (
    "100% with disease refractory to the last line (measured before leukapheresis, after the "
    "cohort's own treatment began: not used to judge fit)"
)


def _with_baseline_measured(cohort_id: str, measured_at: str) -> Cohort:
    """The cohort with REG's "100% refractory" baseline, measured at `measured_at`."""
    [item] = FIXTURE.cohorts["pre-tl"].baseline
    assert item.feature == "pct_refractory_last_line" and item.value == 100.0
    moved = Baseline.model_validate(item.model_dump() | {"measured_at": measured_at})
    return FIXTURE.cohorts[cohort_id].model_copy(update={"baseline": [moved]})


def test_a_baseline_measured_before_leukapheresis_cannot_put_a_patient_outside() -> None:
    """REG's before-CAR-T cohort was 100% refractory at CAR-T eligibility, after tafa-len: that
    says nothing about a relapsed patient deciding on tafa-len."""
    fit = fit_of(NAIVE_PLANNED, "pre-tl")
    refractory = check(fit, "response_to_last_line", "baseline")
    assert (refractory.status, refractory.cohort_text) == (
        "unknown",
        REFRACTORY_BEFORE_LEUKAPHERESIS,
    )
    # Not outside; and with nothing else to judge on, not "fits" either: "?" is not "fits".
    assert fit.grade == "partial"
    assert fit.reasons == [
        "REG tafa-len before CAR-T reports nothing this patient can be judged on beyond its "
        "setting: it partly fits."
    ]


def test_the_same_baseline_measured_before_the_cohorts_treatment_puts_him_outside() -> None:
    cohort = _with_baseline_measured("pre-tl", "before_cohort_treatment")
    fit = fit_cohort(cohort, NAIVE_PLANNED, INDEX)
    assert fit.grade == "outside"
    assert fit.reasons == [
        "REG tafa-len before CAR-T: 100% with disease refractory to the last line; this "
        "patient: response to the last line relapsed."
    ]
    refractory = NAIVE_PLANNED.model_copy(update={"response_to_last_line": "refractory"})
    assert fit_cohort(cohort, refractory, INDEX).grade == "fits"


def test_for_a_cart_cohort_before_leukapheresis_is_before_its_treatment() -> None:
    cohort = _with_baseline_measured("cart-arm", "before_leukapheresis")
    assert fit_cohort(cohort, NAIVE_PLANNED, INDEX).grade == "outside"
    at_infusion = _with_baseline_measured("cart-arm", "at_cart_infusion")
    assert fit_cohort(at_infusion, NAIVE_PLANNED, INDEX).grade == "fits"


def test_unknown_features_are_unknown_not_outside() -> None:
    """RW-TL reports a median age: a patient without an age is unknown there, still fitting."""
    fit = fit_of(NAIVE_PLANNED, "rw-tl")
    age = check(fit, "age", "baseline")
    assert (age.status, age.patient_value, age.cohort_text) == (
        "unknown",
        "not given",
        "median age 74",
    )
    assert fit.grade == "fits"
    aged = fit_of(NAIVE_PLANNED.model_copy(update={"age": 80}), "rw-tl")
    assert check(aged, "age", "baseline").status == "inside"


# ---- synthetic cohorts borrowing a fixture cohort's id (and so its source) ----------------------


def _grade(cohort: Cohort, profile: PatientProfile) -> CohortFit:
    return fit_cohort(cohort.model_copy(update={"id": "rw-tl"}), profile, INDEX)


def _cohort(**fields: Any) -> Cohort:
    data: dict[str, Any] = dict(
        id="x",
        label="Synthetic",
        treatment="Tafasitamab + lenalidomide",
        treatment_class="tafa_len",
        setting=Setting.cart_naive,
        cart_exposure="none",
        study="x",
    )
    return Cohort.model_validate(ADDED | data | fields)


def _share(feature: str, value: float) -> Cohort:
    item = Baseline.model_validate(
        dict(
            feature=feature,
            value=value,
            measured_at="before_cohort_treatment",
            location="Table 1",
            verified_from="abstract",
        )
    )
    return _cohort(baseline=[item])


def test_baseline_mix_rules() -> None:
    dh = PatientProfile(double_hit=True)
    assert _grade(_share("pct_double_hit", 0), dh).grade == "outside"
    rare = _grade(_share("pct_double_hit", 8), dh)
    assert rare.grade == "fits"
    assert (
        "Few patients in Synthetic had double-hit lymphoma (8%): this patient has." in rare.reasons
    )
    bulky = PatientProfile(bulky=True)
    assert _grade(_share("pct_bulky", 30), bulky).grade == "fits"
    relapsed = PatientProfile(response_to_last_line="relapsed")
    assert _grade(_share("pct_refractory_last_line", 100), relapsed).grade == "outside"
    almost = _grade(_share("pct_refractory_last_line", 95), relapsed)
    assert almost.grade == "fits"
    assert almost.reasons[0] == (
        "Almost every patient in Synthetic had disease refractory to the last line (95%): this "
        "patient has not."
    )


def test_selected_by_outcome_is_never_matched() -> None:
    c = _cohort(
        label="Responders only",
        treatment="CD19 CAR-T",
        treatment_class="cd19_cart",
        setting=Setting.cart,
        selected_by_outcome=True,
    )
    fit = _grade(c, PatientProfile(cart_plan="planned"))
    assert fit.grade == "outside"
    assert fit.reasons[0].startswith("Responders only was selected by its outcome")


def test_cohort_without_information_partly_fits() -> None:
    fit = _grade(_cohort(label="Bare"), PatientProfile())
    assert fit.grade == "partial"
    assert fit.reasons == [
        "Bare reports nothing this patient can be judged on beyond its setting: it partly fits."
    ]


def test_eligibility_unknown_gives_partial() -> None:
    criterion = Criterion.model_validate(
        dict(
            condition={"field": "age", "op": "<=", "value": 80},
            text="Enrolled patients aged 80 or younger",
            location="Methods",
            verified_from="abstract",
        )
    )
    c = _cohort(label="Age-limited", eligibility=[criterion])
    unknown = _grade(c, PatientProfile())
    assert unknown.grade == "partial"
    assert unknown.reasons == [
        "Unknown whether the patient meets: Enrolled patients aged 80 or younger (age not given)."
    ]
    assert _grade(c, PatientProfile(age=70)).grade == "fits"
    assert _grade(c, PatientProfile(age=85)).grade == "outside"
