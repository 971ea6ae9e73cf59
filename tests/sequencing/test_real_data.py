"""These tests read the real evidence base (`evidence/data/`) on purpose: each checks that a
published figure the tumor board relies on reaches the patient it describes, by record id.

The engine's logic is tested on the small fixture base (`tests.sequencing.fixture_base`); here
the question is whether the real records are typed so that the logic does the right thing
(DESCAR-T's early/late split, Qualls's mixed cohort, L-MIND's 5-year update, DESCAR-T's
pre-CAR-T set measured from CAR-T infusion). When a record changes on purpose, change the test.
"""

from __future__ import annotations

import pytest

from evidence.loader import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.appraisal import appraise
from sequencing.fit import fit_all
from sequencing.index import EngineIndex
from sequencing.ranges import HOLLOW_EARLIER_ANALYSIS, HOLLOW_MIXED_EXPOSURE, EndpointRange
from sequencing.rule_check import problems
from sequencing.strategies import Strategy

EARLY_FAILURE = PatientProfile(
    prior_lines=3,
    response_to_last_line="refractory",
    prior_cart=True,
    months_cart_to_failure=2,
    cart_plan="not_candidate",
)
LATE_FAILURE = EARLY_FAILURE.model_copy(update={"months_cart_to_failure": 9.0})
RELAPSED_CART_PLANNED = PatientProfile(
    prior_lines=2, response_to_last_line="relapsed", cart_plan="planned"
)
RELAPSED_DEFINITIVE = RELAPSED_CART_PLANNED.model_copy(update={"cart_plan": "not_candidate"})


def strategy(profile: PatientProfile, base: EvidenceBase, strategy_id: str) -> Strategy:
    return next(s for s in assess(profile, base).strategies if s.id == strategy_id)


def stage_ranges(s: Strategy, stage_id: str) -> list[EndpointRange]:
    return next(stage for stage in s.stages if stage.id == stage_id).ranges


def test_the_real_rules_and_evidence_agree(index: EngineIndex) -> None:
    assert problems(index) == []


@pytest.mark.parametrize(
    ("profile", "pfs2", "n"),
    [
        (EARLY_FAILURE, "descart-post-early-failure-median-pfs2", 42),
        (LATE_FAILURE, "descart-post-late-failure-median-pfs2", 10),
    ],
    ids=["early", "late"],
)
def test_descart_pfs2_switches_with_the_months_to_cart_failure(
    base: EvidenceBase, profile: PatientProfile, pfs2: str, n: int
) -> None:
    after = strategy(profile, base, "tafa_len_after_cart")
    points = [
        p
        for r in after.ranges
        if r.endpoint == "median_pfs2"
        for p in r.points
        if p.cohort_id == "descart-post"
    ]
    assert [(p.outcome_id, p.n, p.in_band) for p in points] == [(pfs2, n, True)]


def test_descart_dor2_has_no_n_of_its_own(index: EngineIndex) -> None:
    """A duration of response counts responders: never the cohort's 52."""
    assert index.base.cohorts["descart-post"].n == 52
    assert index.n_of["descart-post-median-dor2"] is None


@pytest.mark.parametrize("profile", [EARLY_FAILURE, RELAPSED_DEFINITIVE], ids=["post", "naive"])
def test_qualls_mixed_cohort_partly_fits_and_never_sets_a_band(
    index: EngineIndex, profile: PatientProfile
) -> None:
    fit = next(f for f in fit_all(profile, index) if f.cohort_id == "qualls-all")
    assert fit.grade == "partial"
    setting = next(c for c in fit.checks if c.kind == "setting")
    assert setting.cohort_text == (
        "mixes CAR-T-naive and post-CAR-T patients (29.2% had had CAR-T)"
    )


def test_qualls_figures_are_hollow_in_the_tafa_len_bands(base: EvidenceBase) -> None:
    definitive = strategy(RELAPSED_DEFINITIVE, base, "tafa_len_definitive")
    qualls = [p for r in definitive.ranges for p in r.points if p.cohort_id == "qualls-all"]
    assert qualls
    assert {p.hollow_reason for p in qualls} == {HOLLOW_MIXED_EXPOSURE}


def test_lmind_5_year_analysis_sets_the_best_response_rate(base: EvidenceBase) -> None:
    definitive = strategy(RELAPSED_DEFINITIVE, base, "tafa_len_definitive")
    [best] = [
        r
        for r in stage_ranges(definitive, "tafa_len")
        if r.endpoint == "orr" and r.response_assessment == "best"
    ]
    lmind = {p.outcome_id: p for p in best.points if p.study == "l-mind"}
    assert list(lmind) == ["lmind-5y-best-orr"]
    assert lmind["lmind-5y-best-orr"].in_band and lmind["lmind-5y-best-orr"].value == 57.5
    # Wherever L-MIND appears in the tafa-len stage, only its latest analysis sets the band.
    for r in stage_ranges(definitive, "tafa_len"):
        studies = [p for p in r.points if p.study == "l-mind"]
        latest = max((p.analysis_order for p in studies), default=0)
        for p in studies:
            if p.analysis_order < latest:
                assert p.hollow_reason == HOLLOW_EARLIER_ANALYSIS, p.outcome_id


def test_cart_planned_patient_sees_descart_cart_after_tafa_len_from_infusion(
    base: EvidenceBase,
) -> None:
    now_later = strategy(RELAPSED_CART_PLANNED, base, "tafa_len_now_cart_later")
    assert now_later.applicable
    stage = next(s for s in now_later.stages if s.id == "cart_after_tafa_len")
    assert stage.title == "CAR-T after tafa-len"
    assert "descart-pre" in stage.cohort_ids
    os_band = next(r for r in stage.ranges if r.endpoint == "median_os")
    assert os_band.time_origin == "cart_infusion"
    assert os_band.label.endswith("(CAR-T after tafa-len), from CAR-T infusion")
    assert [p.outcome_id for p in os_band.points] == ["descart-pre-median-os"]
    assert {p.measured for r in stage.ranges for p in r.points} == {"later_cart"}


def test_second_line_cart_trials_fit_a_transplant_eligible_early_relapse(
    index: EngineIndex,
) -> None:
    profile = PatientProfile(
        prior_lines=1,
        months_first_line_to_progression=8,
        transplant_eligible=True,
        cart_plan="planned",
    )
    grades = {f.cohort_id: f.grade for f in fit_all(profile, index)}
    assert grades["zuma7-axicel"] == "fits"
    assert grades["transform-lisocel"] == "fits"
    assert grades["lmind"] == "outside"  # L-MIND enrolled patients not eligible for transplant
    ecog2 = profile.model_copy(update={"ecog": 2})
    assert {f.cohort_id: f.grade for f in fit_all(ecog2, index)}["zuma7-axicel"] == "outside"


def test_lmind_excluded_double_hit(index: EngineIndex) -> None:
    profile = RELAPSED_DEFINITIVE.model_copy(update={"double_hit": True})
    lmind = next(f for f in fit_all(profile, index) if f.cohort_id == "lmind")
    assert lmind.grade == "outside"
    assert any("double-hit" in r.lower() for r in lmind.reasons)


def test_descart_appraisal_card_shows_its_own_conflicts(base: EvidenceBase) -> None:
    card = appraise(base, "descart-camus-2024")
    assert card.design == "Registry"
    assert (
        "descart-post-ipw-vs-other-median-pfs2-abstract",
        "descart-post-ipw-vs-other-median-pfs2-results",
    ) in card.conflicts
    assert card.cautions
