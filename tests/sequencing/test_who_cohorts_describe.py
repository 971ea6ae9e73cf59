"""Issue 15's patients against the REAL evidence base (evidence/data, on purpose): each cohort
describes only the patients its criteria admit, "not reported" never grades "fits", and each
figure shows its own n and maturity. The fit logic itself is tested on the fixture base
(tests/sequencing/test_criteria.py); these check the curated records reach it."""

from __future__ import annotations

from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from sequencing.ranges import MATCHED_GRADES
from tests.sequencing.conftest import BASE
from views.scenario import build_views

INDEX = engine_index(BASE)


def _grades(profile: PatientProfile) -> dict[str, str]:
    return {fit.cohort_id: fit.grade for fit in assess(profile, BASE).fits}


def _in_a_band(profile: PatientProfile) -> set[str]:
    """Cohorts whose figures set a band of an applicable strategy for this patient."""
    return {
        point.cohort_id
        for strategy in assess(profile, BASE).strategies
        if strategy.applicable
        for band in strategy.ranges
        for point in band.points
        if point.in_band and point.grade in MATCHED_GRADES
    }


def test_a_relapsed_patient_without_a_transplant_at_most_partly_fits_zuma_1() -> None:
    """ZUMA-1 required refractory disease or relapse after autologous transplant."""
    relapsed = PatientProfile(prior_lines=3, response_to_last_line="relapsed", cart_plan="planned")
    zuma1 = {k: v for k, v in _grades(relapsed).items() if k.startswith("zuma1")}
    assert zuma1 and set(zuma1.values()) == {"partial"}  # transplant history not given
    no_asct = relapsed.model_copy(update={"prior_autologous_transplant": False})
    assert {v for k, v in _grades(no_asct).items() if k.startswith("zuma1")} == {"outside"}


def test_a_double_hit_patient_is_outside_re_mind_and_in_no_band_from_it() -> None:
    """RE-MIND's and RE-MIND2's tafa-len arms are L-MIND patients: L-MIND excluded double-hit."""
    double_hit = PatientProfile(prior_lines=2, double_hit=True, cart_plan="not_candidate")
    grades = _grades(double_hit)
    for cohort in ("remind-tafa-len", "remind2-tafa-len", "lmind", "lmind-5y"):
        assert grades[cohort] == "outside", cohort
    assert not _in_a_band(double_hit) & {"remind-tafa-len", "remind2-tafa-len"}


def test_allogeneic_transplant_is_never_offered_as_fitting_a_transplant_ineligible_patient() -> (
    None
):
    after_cart = PatientProfile(
        prior_lines=3, prior_cart=True, months_cart_to_failure=3, cart_plan="not_candidate"
    )
    [allo] = [row for row in assess(after_cart, BASE).options if row.kind == "allogeneic"]
    assert not allo.cohorts and {c.cohort_id for c in allo.outside} >= {"zurko-allo-hct"}
    fit = after_cart.model_copy(update={"transplant_eligible": True})
    [allo] = [row for row in assess(fit, BASE).options if row.kind == "allogeneic"]
    assert "zurko-allo-hct" in {c.cohort_id for c in allo.cohorts}


def test_ruckdeschel_mixes_car_t_naive_and_post_car_t_patients_and_sets_no_band() -> None:
    naive = PatientProfile(prior_lines=2, cart_plan="not_candidate")
    assert BASE.cohorts["ruckdeschel-all"].cart_exposure.value == "some"
    assert "ruckdeschel-all" not in _in_a_band(naive)


def test_progression_at_4_months_after_first_line_gets_no_late_relapse_advice() -> None:
    early = PatientProfile(
        prior_lines=1, months_first_line_to_progression=4, transplant_eligible=True
    )
    result = assess(early, BASE)
    cited = {e for c in result.considerations for e in c.evidence}
    cited |= {e for s in result.strategies for n in s.context for e in n.evidence}
    cited |= {f.id for row in result.options for f in row.context}
    assert "bsh-chaganti-late-relapse-salvage-asct" not in cited
    late = early.model_copy(update={"months_first_line_to_progression": 30})
    result = assess(late, BASE)
    assert "bsh-chaganti-late-relapse-salvage-asct" in {
        f.id for row in result.options for f in row.context
    }


def test_car_t_after_tafa_len_median_os_is_flagged_immature() -> None:
    """8.1 months from infusion on a median follow-up of 2.8 months (DESCAR-T, seed 003)."""
    views = build_views(assess(PatientProfile(prior_lines=2, cart_plan="planned"), BASE), INDEX)
    stage = next(s for c in views.board.columns for s in c.stages if s.id == "cart_after_tafa_len")
    survival = next(c for c in stage.cells if c.kind == "survival")
    assert survival.text == "8.1 months" and survival.immature
    assert survival.figures[0].maturity == (
        "immature: median 8.1 months, beyond the median follow-up of 2.8 months"
    )


def test_bicar_glofitamab_65_9_is_never_shown_with_n_67() -> None:
    outcome = BASE.outcomes["sesques-bicar-glofitamab-best-orr"]
    assert outcome.value == 65.9 and BASE.cohorts[outcome.cohort].n == 67
    assert INDEX.n_of[outcome.id] is None
    after_cart = PatientProfile(
        prior_lines=3, prior_cart=True, months_cart_to_failure=10, cart_plan="not_candidate"
    )
    views = build_views(assess(after_cart, BASE), INDEX)
    shown = [
        f
        for option in views.board.options
        for cohort in option.cohorts
        for f in cohort.figures
        if f.outcome_id == outcome.id
    ]
    assert shown and all(f.n == "n not given" for f in shown)
