from __future__ import annotations

import pytest

from evidence.loader import EvidenceBase
from evidence.models import Baseline, CartExposure, Cohort, Criterion, Setting
from sequencing.fit import fit_all, fit_cohort
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile
from tests.sequencing.conftest import SCENARIOS, scenario


def grades(profile: PatientProfile, index: EngineIndex) -> dict[str, str]:
    return {fit.cohort_id: fit.grade for fit in fit_all(profile, index)}


def _cohorts(index: EngineIndex, setting: Setting, tafa_len: bool = True) -> list[str]:
    return [
        c.id
        for c in index.cohorts
        if c.setting == setting
        and not c.reference_only
        and c.cart_exposure != CartExposure.some
        and (not tafa_len or c.id in index.tafa_len_cohorts)
    ]


def _mixed(index: EngineIndex) -> list[str]:
    return [c.id for c in index.cohorts if c.cart_exposure == CartExposure.some]


@pytest.mark.parametrize("name", ["early_cart_failure", "relapsed_cart_naive"])
def test_mixed_cohorts_partly_fit_both_kinds_of_patient(index: EngineIndex, name: str) -> None:
    """Real data: Qualls 2023 (29.2% prior CAR-T) is mixed, so it partly fits a CAR-T-naive and
    a post-CAR-T patient alike, and says the share."""
    assert "qualls-all" in _mixed(index)
    fits = {f.cohort_id: f for f in fit_all(scenario(name), index)}
    for cohort_id in _mixed(index):
        fit = fits[cohort_id]
        assert fit.grade in ("partial", "outside"), cohort_id
        setting = next(c for c in fit.checks if c.kind == "setting")
        assert setting.status == "unknown" and "mixes" in setting.cohort_text
    assert fits["qualls-all"].grade == "partial"
    assert "29.2%" in next(c for c in fits["qualls-all"].checks if c.kind == "setting").cohort_text


def test_every_scenario_grades_every_cohort_of_patients(index: EngineIndex) -> None:
    patients = [c.id for c in index.cohorts if not c.reference_only]
    for name in SCENARIOS:
        fits = fit_all(scenario(name), index)
        assert [f.cohort_id for f in fits] == patients
        for fit in fits:
            assert fit.grade in ("fits", "partial", "outside")
            assert fit.reasons, (name, fit.cohort_id)
            if fit.grade == "outside":
                assert any(c.status == "outside" for c in fit.checks) or (
                    fit.cohort_id in {c.id for c in index.cohorts if c.selected_by_outcome}
                )


@pytest.mark.parametrize("name", ["early_cart_failure", "late_cart_failure"])
def test_after_cart_patients_fit_only_after_cart_cohorts(index: EngineIndex, name: str) -> None:
    g = grades(scenario(name), index)
    for cohort_id in _cohorts(index, Setting.cart_naive, tafa_len=False):
        assert g[cohort_id] == "outside"
    for cohort_id in _cohorts(index, Setting.cart, tafa_len=False):
        assert g[cohort_id] == "outside"
    after = _cohorts(index, Setting.after_cart)
    assert after and any(g[c] in ("fits", "partial") for c in after)


@pytest.mark.parametrize("name", ["refractory_cart_naive", "relapsed_cart_naive"])
def test_cart_naive_patients_are_outside_after_cart_cohorts(index: EngineIndex, name: str) -> None:
    g = grades(scenario(name), index)
    for cohort_id in _cohorts(index, Setting.after_cart, tafa_len=False):
        assert g[cohort_id] == "outside"
    naive = _cohorts(index, Setting.cart_naive)
    assert any(g[c] in ("fits", "partial") for c in naive)


def test_not_candidate_is_outside_cart_and_pre_cart_cohorts(index: EngineIndex) -> None:
    g = grades(scenario("relapsed_cart_naive"), index)
    for setting in (Setting.cart, Setting.before_cart, Setting.bridge_to_cart):
        for cohort_id in _cohorts(index, setting, tafa_len=False):
            assert g[cohort_id] == "outside"


def test_double_hit_is_outside_lmind_with_its_reason(index: EngineIndex) -> None:
    fits = {f.cohort_id: f for f in fit_all(scenario("double_hit"), index)}
    lmind = fits["lmind"]
    assert lmind.grade == "outside"
    assert any("double-hit" in r.lower() for r in lmind.reasons)
    check = next(c for c in lmind.checks if c.feature == "double_hit" and c.kind == "eligibility")
    assert check.status == "outside" and check.patient_value == "yes"


def test_ecog2_is_outside_zuma7_with_criterion_text(index: EngineIndex) -> None:
    profile = scenario("transplant_eligible_early_relapse", ecog=2)
    fit = {f.cohort_id: f for f in fit_all(profile, index)}["zuma7-axicel"]
    assert fit.grade == "outside"
    assert any("ECOG" in r and "2" in r for r in fit.reasons)


def test_transplant_eligible_early_relapse_fits_second_line_cart_trials(index: EngineIndex) -> None:
    g = grades(scenario("transplant_eligible_early_relapse"), index)
    assert g["zuma7-axicel"] == "fits"
    assert g["transform-lisocel"] == "fits"
    assert g["pilot-lisocel"] == "outside"  # transplant not intended
    assert g["lmind"] == "outside"  # not transplant candidates


def test_primary_refractory_without_months_fits_zuma7(index: EngineIndex) -> None:
    profile = scenario(
        "transplant_eligible_early_relapse",
        months_first_line_to_progression=None,
        primary_refractory=True,
        response_to_last_line="refractory",
    )
    assert grades(profile, index)["zuma7-axicel"] == "fits"


def test_unknown_features_are_unknown_not_outside(index: EngineIndex) -> None:
    fit = {f.cohort_id: f for f in fit_all(scenario("relapsed_cart_naive"), index)}["lmind"]
    months = [c for c in fit.checks if c.feature == "months_first_line_to_progression"]
    assert months and all(c.status == "unknown" for c in months)
    assert fit.grade == "partial"


def _synthetic(
    index: EngineIndex, base: EvidenceBase, cohort: Cohort, profile: PatientProfile
) -> str:
    # fit_cohort needs the cohort's source: borrow an existing cohort id's source.
    existing = next(iter(base.cohorts))
    cohort = cohort.model_copy(update={"id": existing})
    return fit_cohort(cohort, profile, index).grade


def test_baseline_mix_rules(index: EngineIndex, base: EvidenceBase) -> None:
    def cohort(feature: str, value: float) -> Cohort:
        return Cohort(
            id="x",
            label="Synthetic",
            treatment="Tafasitamab + lenalidomide",
            setting=Setting.cart_naive,
            cart_exposure="none",
            study="x",
            baseline=[
                Baseline(
                    feature=feature,
                    value=value,
                    measured_at="before_cohort_treatment",
                    location="Table 1",  # type: ignore[arg-type]
                    verified_from="abstract",
                )
            ],
        )  # type: ignore[arg-type]

    dh = PatientProfile(double_hit=True)
    assert _synthetic(index, base, cohort("pct_double_hit", 0), dh) == "outside"
    assert _synthetic(index, base, cohort("pct_double_hit", 8), dh) == "fits"
    bulky = PatientProfile(bulky=True)
    assert _synthetic(index, base, cohort("pct_bulky", 30), bulky) == "fits"
    relapsed = PatientProfile(response_to_last_line="relapsed")
    assert _synthetic(index, base, cohort("pct_refractory_last_line", 100), relapsed) == "outside"


def test_selected_by_outcome_is_never_matched(index: EngineIndex, base: EvidenceBase) -> None:
    c = Cohort(
        id="x",
        label="Responders only",
        treatment="CD19 CAR-T",
        setting=Setting.cart,
        cart_exposure="none",
        study="x",
        selected_by_outcome=True,
    )
    assert _synthetic(index, base, c, PatientProfile(cart_plan="planned")) == "outside"


def test_cohort_without_information_partly_fits(index: EngineIndex, base: EvidenceBase) -> None:
    c = Cohort(
        id="x",
        label="Bare",
        treatment="Tafasitamab + lenalidomide",
        setting=Setting.cart_naive,
        cart_exposure="none",
        study="x",
    )
    existing = next(iter(base.cohorts))
    fit = fit_cohort(c.model_copy(update={"id": existing}), PatientProfile(), index)
    assert fit.grade == "partial"
    assert any("no eligibility" in r for r in fit.reasons)


def test_eligibility_unknown_gives_partial(index: EngineIndex, base: EvidenceBase) -> None:
    c = Cohort(
        id="x",
        label="Age-limited",
        treatment="Tafasitamab + lenalidomide",
        setting=Setting.cart_naive,
        cart_exposure="none",
        study="x",
        eligibility=[
            Criterion(
                condition={"field": "age", "op": "<=", "value": 80},  # type: ignore[arg-type]
                text="Enrolled patients aged 80 or younger",
                location="Methods",
                verified_from="abstract",
            )
        ],
    )  # type: ignore[arg-type]
    assert _synthetic(index, base, c, PatientProfile()) == "partial"
    assert _synthetic(index, base, c, PatientProfile(age=70)) == "fits"
    assert _synthetic(index, base, c, PatientProfile(age=85)) == "outside"


@pytest.mark.parametrize("name", ["refractory_cart_naive", "relapsed_cart_naive"])
def test_comparators_are_judged_where_they_sit(index: EngineIndex, name: str) -> None:
    """DESCAR-T's controls were treated after CAR-T failure: outside for a CAR-T-naive patient."""
    g = grades(scenario(name), index)
    after = [c.id for c in index.cohorts if c.comparator_context == Setting.after_cart]
    assert after
    assert all(g[c] == "outside" for c in after)
