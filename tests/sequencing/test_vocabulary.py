"""The vocabulary is the one place for field names, thresholds and number formats."""

from __future__ import annotations

import pytest

from evidence.models import PROFILE_FIELDS
from sequencing import vocabulary
from sequencing.profile import PatientProfile, is_early_cart_failure, is_early_relapse


def test_field_names_agree_with_the_profile_and_the_evidence_model() -> None:
    assert set(vocabulary.FIELDS) == set(PatientProfile.model_fields) == PROFILE_FIELDS
    assert set(vocabulary.FIELD_LABELS) == set(vocabulary.FIELDS)


def test_fields_are_listed_in_the_profile_order() -> None:
    assert list(vocabulary.FIELDS) == list(PatientProfile.model_fields)


@pytest.mark.parametrize(
    ("months", "early"),
    [
        (0.0, True),
        (vocabulary.EARLY_RELAPSE_MONTHS - 0.5, True),
        (vocabulary.EARLY_RELAPSE_MONTHS, True),  # "within 12 months" includes month 12
        (vocabulary.EARLY_RELAPSE_MONTHS + 0.01, False),
        (30.0, False),
    ],
)
def test_early_relapse_threshold_at_its_boundary(months: float, early: bool) -> None:
    assert vocabulary.EARLY_RELAPSE_MONTHS == 12.0
    assert is_early_relapse(PatientProfile(months_first_line_to_progression=months)) is early


def test_early_relapse_unknown_without_months_unless_primary_refractory() -> None:
    assert is_early_relapse(PatientProfile()) is None
    refractory = PatientProfile(primary_refractory=True, response_to_last_line="refractory")
    assert is_early_relapse(refractory) is True


@pytest.mark.parametrize(
    ("months", "early"),
    [
        (0.0, True),
        (vocabulary.EARLY_CART_FAILURE_MONTHS, True),  # "6 months or less"
        (vocabulary.EARLY_CART_FAILURE_MONTHS + 0.01, False),
        (14.0, False),
    ],
)
def test_early_cart_failure_threshold_at_its_boundary(months: float, early: bool) -> None:
    assert vocabulary.EARLY_CART_FAILURE_MONTHS == 6.0
    profile = PatientProfile(prior_cart=True, prior_lines=3, months_cart_to_failure=months)
    assert is_early_cart_failure(profile) is early


def test_early_cart_failure_is_unknown_without_cart() -> None:
    assert is_early_cart_failure(PatientProfile()) is None
