"""Who a cohort describes, on the fixture evidence base and variants of it: criteria that are
"or", criteria the profile cannot check, criteria inherited from the study a cohort was drawn
from, and features in which the patient is unusual that a cohort does not report. "Not reported"
never grades "fits"."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from evidence.loader import EvidenceBase
from evidence.models import Cohort, Criterion
from sequencing.criteria import effective_criteria, evaluate_criterion, inherited_from
from sequencing.fit import UNCHECKABLE, CohortFit, fit_cohort
from sequencing.index import build_index
from sequencing.profile import PatientProfile
from tests.sequencing.fixture_base import ADDED, FIXTURE

NAIVE = PatientProfile(prior_lines=2, response_to_last_line="relapsed", cart_plan="not_candidate")

REFRACTORY_OR_AFTER_ASCT = Criterion.model_validate(
    dict(
        any_of=[
            {"field": "response_to_last_line", "op": "==", "value": "refractory"},
            {"field": "prior_autologous_transplant", "op": "==", "value": True},
        ],
        text="Refractory disease or relapse after autologous transplant",
        location="Eligibility",
        verified_from="abstract",
    )
)
CNS_EXCLUDED = Criterion.model_validate(
    dict(text="Active CNS lymphoma excluded", location="Methods", verified_from="abstract")
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"response_to_last_line": "refractory"}, True),
        ({"response_to_last_line": "relapsed", "prior_autologous_transplant": True}, True),
        ({"response_to_last_line": "relapsed", "prior_autologous_transplant": False}, False),
        # Relapsed with no transplant history given: cannot be decided.
        ({"response_to_last_line": "relapsed"}, None),
    ],
)
def test_any_of_is_three_valued(fields: dict[str, Any], expected: bool | None) -> None:
    assert evaluate_criterion(REFRACTORY_OR_AFTER_ASCT, PatientProfile(**fields)) is expected


def test_a_criterion_the_profile_cannot_express_is_never_decided() -> None:
    assert not CNS_EXCLUDED.checkable
    assert evaluate_criterion(CNS_EXCLUDED, NAIVE) is None


def _base_with(*cohorts: Cohort) -> EvidenceBase:
    """The fixture with extra cohorts (filed under the TL-TRIAL source)."""
    return dataclasses.replace(
        FIXTURE,
        cohorts=FIXTURE.cohorts | {c.id: c for c in cohorts},
        cohort_source=FIXTURE.cohort_source | {c.id: "tl-trial" for c in cohorts},
    )


def _cohort(cohort_id: str, **fields: Any) -> Cohort:
    raw: dict[str, Any] = dict(
        id=cohort_id,
        label=cohort_id.upper(),
        treatment="Tafasitamab + lenalidomide",
        treatment_class="tafa_len",
        setting="cart_naive",
        cart_exposure="none",
        study=cohort_id,
        n=50,
    )
    return Cohort.model_validate(ADDED | raw | fields)


def _fit(cohort: Cohort, profile: PatientProfile, base: EvidenceBase) -> CohortFit:
    return fit_cohort(base.cohorts[cohort.id], profile, build_index(base))


MATCHED = _cohort("matched-tl", study="tl-trial", analysis="matched set", criteria_from="tl-5y")


def test_a_matched_set_inherits_the_trial_criteria_declared_once() -> None:
    base = _base_with(MATCHED)
    criteria = effective_criteria(MATCHED, base.cohorts)
    assert [c.text for c in criteria] == [c.text for c in FIXTURE.cohorts["tl-5y"].eligibility]
    assert [c.id for c in inherited_from(MATCHED, base.cohorts)] == ["tl-5y"]


def test_a_double_hit_patient_is_outside_a_matched_set_of_a_trial_that_excluded_him() -> None:
    """RE-MIND's tafa-len arm is L-MIND patients: L-MIND excluded double-hit lymphoma."""
    base = _base_with(MATCHED)
    fit = _fit(MATCHED, NAIVE.model_copy(update={"double_hit": True}), base)
    assert fit.grade == "outside"
    assert "TL-TRIAL excluded double-hit lymphoma (this patient: double-hit lymphoma" in (
        " ".join(fit.reasons)
    )


def test_a_criterion_the_form_cannot_check_keeps_the_cohort_at_most_partly_fitting() -> None:
    cohort = _cohort(
        "with-cns",
        eligibility=[CNS_EXCLUDED],
        baseline=[
            dict(
                feature="pct_refractory_last_line",
                value=40.0,
                measured_at="before_cohort_treatment",
                location="Table 1",
                verified_from="abstract",
            )
        ],
    )
    fit = _fit(cohort, NAIVE, _base_with(cohort))
    assert fit.grade == "partial"
    [check] = [c for c in fit.checks if c.feature == UNCHECKABLE]
    assert (check.status, check.cohort_text, check.kind) == (
        "unknown",
        "Active CNS lymphoma excluded",
        "eligibility",
    )
    assert (
        "WITH-CNS also required: Active CNS lymphoma excluded (not in the patient form: cannot "
        "be checked)." in fit.reasons
    )


def test_relapse_without_a_transplant_is_at_most_partly_inside_an_or_criterion() -> None:
    """ZUMA-1: refractory disease or relapse after autologous transplant."""
    cohort = _cohort(
        "zuma-like",
        treatment_class="cd19_cart",
        setting="cart",
        eligibility=[REFRACTORY_OR_AFTER_ASCT],
    )
    base = _base_with(cohort)
    planned = NAIVE.model_copy(update={"cart_plan": "planned"})
    unknown = _fit(cohort, planned, base)  # transplant history not given
    assert unknown.grade == "partial"
    assert (
        "Unknown whether the patient meets: Refractory disease or relapse after autologous "
        "transplant (prior autologous transplant not given)." in unknown.reasons
    )
    no_asct = planned.model_copy(update={"prior_autologous_transplant": False})
    outside = _fit(cohort, no_asct, base)
    assert outside.grade == "outside"
    assert outside.reasons == [
        "Refractory disease or relapse after autologous transplant (this patient: response to "
        "the last line relapsed, prior autologous transplant no)."
    ]
    refractory = planned.model_copy(update={"response_to_last_line": "refractory"})
    assert _fit(cohort, refractory, base).grade == "fits"


@pytest.mark.parametrize(
    ("update", "feature", "shown"),
    [
        ({"ecog": 3}, "ecog", "3"),
        ({"double_hit": True}, "double_hit", "yes"),
        ({"transplant_eligible": True}, "transplant_eligible", "yes"),
        ({"tafa_len_line": 1}, "prior_anti_cd19", "yes"),
        ({"prior_loncastuximab": True}, "prior_anti_cd19", "yes"),
    ],
)
def test_unknown_on_a_feature_where_the_patient_is_unusual_never_fits(
    update: dict[str, Any], feature: str, shown: str
) -> None:
    """RW-TL reports a refractory share and a median age only: for a typical patient it fits;
    for one who is unusual in a feature it does not report, the fit is not known."""
    base = FIXTURE
    cohort = base.cohorts["rw-tl"]
    assert _fit(cohort, NAIVE, base).grade == "fits"
    fit = _fit(cohort, NAIVE.model_copy(update=update), base)
    assert fit.grade == "partial"
    [check] = [c for c in fit.checks if c.feature == feature and c.kind == "unreported"]
    assert (check.status, check.patient_value) == ("unknown", shown)
    assert any(r.startswith("RW-TL real-world cohort reports nothing on") for r in fit.reasons)


def test_cd19_features_matter_only_for_cd19_directed_treatments() -> None:
    bispecific = _cohort(
        "bispecific",
        treatment="Glofitamab",
        treatment_class="cd20xcd3_bispecific",
        criteria_not_reported="Fixture: none stated.",
        baseline=[
            dict(
                feature="pct_refractory_last_line",
                value=60.0,
                measured_at="before_cohort_treatment",
                location="Table 1",
                verified_from="abstract",
            )
        ],
    )
    base = _base_with(bispecific)
    unusual = NAIVE.model_copy(update={"prior_loncastuximab": True, "cd19_status": "negative"})
    assert _fit(bispecific, unusual, base).grade == "fits"
    assert _fit(base.cohorts["rw-tl"], unusual, base).grade == "partial"


def test_ecog_3_against_a_share_of_ecog_2_or_more_is_unknown() -> None:
    """A share with ECOG 2 or more does not say whether ECOG 3 was admitted."""
    cohort = _cohort(
        "ecog-share",
        baseline=[
            dict(
                feature="pct_ecog_2_plus",
                value=25.0,
                measured_at="before_cohort_treatment",
                location="Table 1",
                verified_from="abstract",
            )
        ],
    )
    base = _base_with(cohort)
    assert _fit(cohort, NAIVE.model_copy(update={"ecog": 2}), base).grade == "fits"
    fit = _fit(cohort, NAIVE.model_copy(update={"ecog": 3}), base)
    assert fit.grade == "partial"
    [check] = [c for c in fit.checks if c.feature == "ecog"]
    assert check.status == "unknown"
    assert check.cohort_text.endswith("(whether ECOG 3 or 4 was admitted is not stated)")
    assert (
        "ECOG-SHARE does not say whether it admitted patients with ECOG performance status 3."
        in (fit.reasons)
    )
