"""The teaching cases: valid profiles, the seed-000 case read from its source, contrasts covered.

These tests read the real evidence base on purpose: a teaching case is only useful if the real
records show the contrast it was written for (its rules fire, its strategies apply, and the
endpoint the fellow predicts has a published span to reveal).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sequencing import assess
from sequencing.cases import CASES, CASES_BY_ID

SEED_000 = (
    Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_046e611114b807d0.txt"
)


# What each case was written to contrast, as its assessment must show it: the strategies that
# apply, rules that must fire and rules that must stay silent.
CONTRASTS: dict[str, tuple[set[str], set[str], set[str]]] = {
    "seed-000-roundtable": ({"tafa_len_definitive"}, {"EARLY-RELAPSE"}, {"TRANSPLANT-ELIGIBLE"}),
    "early-cart-failure": (
        {"tafa_len_after_cart"},
        {"CART-FAILURE-EARLY"},
        {"CART-FAILURE-LATE", "CD19-NEGATIVE-AFTER-CART"},
    ),
    "late-cart-failure": ({"tafa_len_after_cart"}, {"CART-FAILURE-LATE"}, {"CART-FAILURE-EARLY"}),
    "refractory-bulky-double-hit": (
        {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
        {"DOUBLE-HIT", "BULKY", "PRIMARY-REFRACTORY", "ECOG-POOR", "TEMPO-RAPID"},
        set(),
    ),
    "transplant-eligible-early-relapse": (
        {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
        {"TRANSPLANT-ELIGIBLE", "EARLY-RELAPSE"},
        {"LATE-RELAPSE-ASCT", "ECOG-POOR"},
    ),
    "cart-after-recent-tafa-len": (
        {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
        {"TAFA-BEFORE-LEUKAPHERESIS", "CD19-NEGATIVE-BEFORE-CART", "CD19-TEST-AFTER-TAFA"},
        {"CD19-UNKNOWN-BEFORE-CART"},
    ),
}


@pytest.mark.parametrize("case_id", CONTRASTS)
def test_each_case_shows_its_contrast(case_id: str, base) -> None:
    case = CASES_BY_ID[case_id]
    applicable, fire, silent = CONTRASTS[case_id]
    assessment = assess(case.profile(), base, leukapheresis_in_days=case.leukapheresis_in_days)
    assert {s.id for s in assessment.strategies if s.applicable} == applicable
    fired = {c.rule_id for c in assessment.considerations}
    assert fire <= fired, fire - fired
    assert not (silent & fired), silent & fired


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_case_has_a_published_span_to_reveal(case, base) -> None:
    """The endpoint the fellow predicts has a band with ends in a strategy that applies."""
    assessment = assess(case.profile(), base, leukapheresis_in_days=case.leukapheresis_in_days)
    spans = [
        (r.label, r.low, r.high)
        for s in assessment.strategies
        if s.applicable
        for r in s.ranges
        if r.endpoint == case.predict_endpoint and r.low is not None
    ]
    assert spans, f"{case.id}: no published span for {case.predict_endpoint}"


def test_the_library_covers_the_contrasts_the_issue_asks_for() -> None:
    profiles = {case.id: case.profile() for case in CASES}
    early = profiles["early-cart-failure"].months_cart_to_failure
    late = profiles["late-cart-failure"].months_cart_to_failure
    assert early is not None and early <= 6
    assert late is not None and late > 6
    bad = profiles["refractory-bulky-double-hit"]
    assert bad.bulky and bad.double_hit and bad.response_to_last_line == "refractory"
    fit = profiles["transplant-eligible-early-relapse"]
    relapse = fit.months_first_line_to_progression
    assert fit.transplant_eligible and relapse is not None and relapse <= 12
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
