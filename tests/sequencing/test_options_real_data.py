"""Issue 17's patients against the REAL evidence base (on purpose: the options a board weighs are
the curated cohorts): every option at the patient's point is a row of its own, unranked, with the
subgroup for the patient's time since CAR-T wherever a source splits by it."""

from __future__ import annotations

from sequencing import PatientProfile, assess
from sequencing.conditions import evaluate_all
from sequencing.index import engine_index
from sequencing.options import OPTION_KINDS, OptionRow
from tests.sequencing.conftest import BASE
from tests.ui.board_scenarios import params
from ui import url_state
from views import report
from views.scenario import build_views

INDEX = engine_index(BASE)


def _profile(name: str) -> PatientProfile:
    parsed = url_state.parse_url(params(name))
    assert parsed.a.profile is not None
    return parsed.a.profile


def _rows(profile: PatientProfile) -> dict[str, OptionRow]:
    return {row.kind: row for row in assess(profile, BASE).options}


def test_the_rows_keep_the_fixed_order_of_kinds() -> None:
    order = [kind.id for kind in OPTION_KINDS]
    for name in ("early-cart-failure", "relapsed-cart-planned", "late-relapse-transplant-eligible"):
        kinds = list(_rows(_profile(name)))
        assert kinds == sorted(kinds, key=order.index), name
        assert kinds[-1] == "trial"  # a clinical trial is always named, with no figures


def test_a_late_relapse_sees_salvage_and_transplant_named_and_no_zuma_7_figure() -> None:
    profile = _profile("late-relapse-transplant-eligible")
    salvage = _rows(profile)["salvage_autologous_transplant"]
    assert salvage.named  # BSH: platinum-based salvage then autologous transplant
    assert not salvage.cohorts  # the randomised trials' arms enrolled early relapses only
    views = build_views(assess(profile, BASE), INDEX)
    text = report.markdown(views, "stamp", "?link")
    figure_lines = [line for line in text.splitlines() if line.startswith("  - ")]
    assert not [line for line in figure_lines if "ZUMA-7" in line and "sets the span" in line]


def test_an_early_relapse_sees_the_standard_care_arms_with_their_hazard_ratios() -> None:
    profile = _profile("transplant-eligible-early-relapse")
    salvage = _rows(profile)["salvage_autologous_transplant"]
    arms = {c.cohort_id: c for c in salvage.cohorts}
    assert {"zuma7-soc", "transform-soc"} <= set(arms)
    ratios = {p.endpoint for c in salvage.cohorts for p in c.comparisons}
    assert "hazard_ratio_efs" in ratios
    assert any(p.endpoint == "median_efs" for p in arms["zuma7-soc"].figures)


def test_at_second_relapse_the_bispecifics_are_a_row_of_their_own_and_said_to_be_mixed() -> None:
    bispecific = _rows(_profile("relapsed-cart-planned"))["bispecific"]
    ids = {c.cohort_id for c in bispecific.cohorts}
    assert "glofitamab-dickinson" in ids
    assert {c.cart_exposure for c in bispecific.cohorts} == {"some"}
    assert all(c.figures for c in bispecific.cohorts if c.cohort_id == "glofitamab-dickinson")


def _timed_correctly(profile: PatientProfile) -> int:
    """Every figure a split cohort shows is the subgroup whose timing holds for the patient."""
    checked = 0
    for row in assess(profile, BASE).options:
        for cohort in row.cohorts:
            for point in cohort.figures:
                conditions = BASE.outcomes[point.outcome_id].conditions
                timing = [c for c in conditions if c.field == "months_cart_to_failure"]
                if timing:
                    assert evaluate_all(timing, profile) is True, point.outcome_id
                    checked += 1
    return checked


def test_early_and_late_failure_see_the_subgroup_of_their_timing_for_every_split_option() -> None:
    early, late = _profile("early-cart-failure"), _profile("late-cart-failure")
    assert _timed_correctly(early) and _timed_correctly(late)
    for profile, subgroup_id in (
        (early, "shumilov-bispecific-post-cart-le3m-orr"),
        (late, "shumilov-bispecific-post-cart-gt6m-orr"),
    ):
        bispecific = _rows(profile)["bispecific"]
        shown = {p.outcome_id for c in bispecific.cohorts for p in c.figures}
        assert subgroup_id in shown
        split = [c for c in bispecific.cohorts if c.timing_split]
        assert split and all(c.timing_subgroup for c in split)


def test_cd19_negative_after_car_t_marks_what_targets_cd19() -> None:
    profile = _profile("cd19-negative-after-cart")
    views = build_views(assess(profile, BASE), INDEX)
    [column] = views.board.columns
    assert column.strategy_id == "tafa_len_after_cart" and column.cd19_mark
    marks = {o.kind: o.cd19 for o in views.board.options}
    assert marks["bispecific"] == ""  # CD20xCD3: does not target CD19
    assert marks["pooled"].startswith("pooled")  # may include CD19-directed treatment
