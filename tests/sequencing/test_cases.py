"""The teaching cases: valid profiles, the seed-000 case read from its source, contrasts covered."""

from __future__ import annotations

from pathlib import Path

import pytest

from sequencing import assess
from sequencing.cases import CASES, CASES_BY_ID

SEED_000 = (
    Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_046e611114b807d0.txt"
)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_case_is_a_valid_profile_and_assesses(case, base) -> None:  # type: ignore[no-untyped-def]
    assessment = assess(case.profile(), base, leukapheresis_in_days=case.leukapheresis_in_days)
    assert assessment.strategies


def test_the_library_covers_the_contrasts_the_issue_asks_for() -> None:
    profiles = {case.id: case.profile() for case in CASES}
    assert profiles["early-cart-failure"].months_cart_to_failure <= 6  # type: ignore[operator]
    assert profiles["late-cart-failure"].months_cart_to_failure > 6  # type: ignore[operator]
    bad = profiles["refractory-bulky-double-hit"]
    assert bad.bulky and bad.double_hit and bad.response_to_last_line == "refractory"
    fit = profiles["transplant-eligible-early-relapse"]
    assert fit.transplant_eligible and fit.months_first_line_to_progression <= 12  # type: ignore[operator]
    recent = profiles["cart-after-recent-tafa-len"]
    assert recent.cart_plan == "planned" and recent.days_since_last_tafasitamab is not None


@pytest.mark.skipif(not SEED_000.exists(), reason="../shared is not beside the project")
def test_seed_case_features_are_in_the_seed() -> None:
    text = SEED_000.read_text()
    case = CASES_BY_ID["seed-000-roundtable"]
    for phrase in (
        "68-year-old man",
        "ECOG performance status was 1",
        "6 cycles of R-CHOP",
        "Eight months later",
        "opted not to pursue CAR",
        "elevated lactate",
    ):
        assert phrase in text
    assert case.features["age"] == 68 and case.features["cart_plan"] == "declined"
