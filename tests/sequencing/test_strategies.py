"""These tests read the real evidence base on purpose: strategies and their stages are being
reworked, and until they settle these check that the real records reach the right strategy
(DESCAR-T's early/late split, TALOs's refractory subgroup, stages never sharing a band). The
band and fit logic beneath them is tested on the fixture base (`tests.sequencing.fixture_base`).
"""

from __future__ import annotations

import pytest

from sequencing.assess import assess
from sequencing.profile import PatientProfile
from sequencing.strategies import STAGE_AFTER_CART, STAGE_CART, STAGE_TAFA_LEN
from tests.sequencing.conftest import BASE, scenario

EXPECTED = {
    # scenario: applicable strategy ids
    "early_cart_failure": {"tafa_len_after_cart"},
    "late_cart_failure": {"tafa_len_after_cart"},
    "refractory_cart_naive": {"tafa_len_definitive"},
    "relapsed_cart_naive": {"tafa_len_definitive"},
    "transplant_eligible_early_relapse": {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
    "double_hit": {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
    "recent_tafa_cart_planned": {"tafa_len_now_cart_later", "cart_now_tafa_len_later"},
}


@pytest.mark.parametrize(("name", "applicable"), EXPECTED.items())
def test_applicability(name: str, applicable: set[str]) -> None:
    result = assess(scenario(name), BASE)
    assert [s.id for s in result.strategies] == [
        "tafa_len_now_cart_later",
        "cart_now_tafa_len_later",
        "tafa_len_after_cart",
        "tafa_len_definitive",
    ]
    assert {s.id for s in result.strategies if s.applicable} == applicable
    for s in result.strategies:
        assert s.reasons and s.title
        if not s.applicable:
            assert any(r.startswith("Not applicable") for r in s.reasons)


def test_declined_is_definitive() -> None:
    result = assess(scenario("plain", cart_plan="declined"), BASE)
    assert {s.id for s in result.strategies if s.applicable} == {"tafa_len_definitive"}


def test_late_failure_gets_late_figures() -> None:
    result = assess(scenario("late_cart_failure"), BASE)
    after = next(s for s in result.strategies if s.id == "tafa_len_after_cart")
    pfs2 = [
        p
        for r in after.ranges
        if r.endpoint == "median_pfs2"
        for p in r.points
        if p.cohort_id == "descart-post"
    ]
    assert pfs2 and all("Late" in p.subgroup for p in pfs2)
    early = assess(scenario("early_cart_failure"), BASE)
    after = next(s for s in early.strategies if s.id == "tafa_len_after_cart")
    pfs2 = [
        p
        for r in after.ranges
        if r.endpoint == "median_pfs2"
        for p in r.points
        if p.cohort_id == "descart-post"
    ]
    assert pfs2 and all("Early" in p.subgroup for p in pfs2)


def test_refractory_gets_talos_refractory_figures() -> None:
    result = assess(scenario("refractory_cart_naive"), BASE)
    definitive = next(s for s in result.strategies if s.id == "tafa_len_definitive")
    talos = [
        p
        for r in definitive.ranges
        if r.endpoint == "median_pfs"
        for p in r.points
        if p.cohort_id == "talos-all"
    ]
    assert talos and all("efractory" in p.subgroup for p in talos)


def test_stages_are_never_mixed_in_one_band() -> None:
    result = assess(scenario("transplant_eligible_early_relapse"), BASE)
    cart_now = next(s for s in result.strategies if s.id == "cart_now_tafa_len_later")
    stages = {r.stage for r in cart_now.ranges}
    assert STAGE_CART in stages and STAGE_AFTER_CART in stages
    for r in cart_now.ranges:
        tafa = {
            p.cohort_id in BASE.cohorts
            and "tafasitamab" in BASE.cohorts[p.cohort_id].treatment.lower()
            for p in r.points
        }
        assert len(tafa) == 1  # CAR-T and tafa-len figures never share a band
    tl = next(s for s in result.strategies if s.id == "tafa_len_now_cart_later")
    assert STAGE_TAFA_LEN in {r.stage for r in tl.ranges}


def test_ranges_only_from_matched_cohorts_and_no_comparator_arms() -> None:
    result = assess(scenario("early_cart_failure"), BASE)
    grades = {f.cohort_id: f.grade for f in result.fits}
    points = [p for s in result.strategies if s.applicable for r in s.ranges for p in r.points]
    assert points
    for p in points:
        assert grades[p.cohort_id] in ("fits", "partial")
        assert p.arm is None or "tafa" in p.arm.lower()


def test_refractory_to_tafa_len_ends_tafa_len_now_on_the_fixture() -> None:
    """Fixture base: a CAR-T-naive patient whose disease was refractory to tafa-len in the 2nd
    line is not offered tafa-len now; CAR-T now shows the CAR-T given after tafa-len first."""
    from sequencing.strategies import REFRACTORY_TO_TAFA_LEN
    from tests.sequencing.fixture_base import FIXTURE

    profile = PatientProfile(
        prior_lines=2,
        response_to_last_line="refractory",
        cart_plan="planned",
        tafa_len_line=2,
        tafa_len_response="refractory",
    )
    by_id = {s.id: s for s in assess(profile, FIXTURE).strategies}
    assert not by_id["tafa_len_now_cart_later"].applicable
    assert by_id["tafa_len_now_cart_later"].reasons[0] == REFRACTORY_TO_TAFA_LEN.format(line=2)
    cart_now = by_id["cart_now_tafa_len_later"]
    assert cart_now.applicable
    assert [stage.id for stage in cart_now.stages][:2] == ["cart_after_tafa_len", "cart"]
    # The CAR-T trial excluded prior anti-CD19 therapy: tafa-len counts.
    assert "cart-arm" not in cart_now.stages[1].cohort_ids
    responded = profile.model_copy(update={"tafa_len_response": "responded"})
    assert {s.id: s for s in assess(responded, FIXTURE).strategies}[
        "tafa_len_now_cart_later"
    ].applicable
