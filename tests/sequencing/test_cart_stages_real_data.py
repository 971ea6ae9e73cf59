"""The CAR-T side of each strategy, on the real evidence base on purpose: which CAR-T cohorts a
patient's line of therapy draws on, what CAR-T after tafa-len shows, and what else is published
after CAR-T failure (issue: third-line CAR-T, routine care, options after CAR-T failure)."""

from __future__ import annotations

import pytest

from evidence.models import Tag
from sequencing import PatientProfile, assess
from sequencing.strategies import Stage, Strategy
from tests.sequencing.conftest import BASE

ONE_LINE = {
    "prior_lines": 1,
    "months_first_line_to_progression": 8,
    "transplant_eligible": True,
    "cart_plan": "planned",
}
TWO_LINES = {"prior_lines": 2, "response_to_last_line": "relapsed", "cart_plan": "planned"}
THREE_LINES = {"prior_lines": 3, "response_to_last_line": "relapsed", "cart_plan": "planned"}
SECOND_LINE_TRIALS = {"zuma7-axicel", "zuma7-os-axicel", "transform-lisocel"}
THIRD_LINE_TRIALS = {"zuma1-5y", "juliet-lt", "transcend-2y"}
ROUTINE_CARE = {"nastoupil-axicel", "bachy-axicel"}


def _strategy(fields: dict[str, object], strategy_id: str) -> Strategy:
    result = assess(PatientProfile(**fields), BASE)
    return next(s for s in result.strategies if s.id == strategy_id)


def _stage(strategy: Strategy, stage_id: str) -> Stage:
    return next(stage for stage in strategy.stages if stage.id == stage_id)


@pytest.mark.parametrize(
    ("fields", "inside", "not_shown"),
    [
        (ONE_LINE, SECOND_LINE_TRIALS, THIRD_LINE_TRIALS | ROUTINE_CARE),
        (TWO_LINES, THIRD_LINE_TRIALS | ROUTINE_CARE, SECOND_LINE_TRIALS),
        (THREE_LINES, THIRD_LINE_TRIALS | ROUTINE_CARE, SECOND_LINE_TRIALS),
    ],
    ids=["one prior line", "two prior lines", "three prior lines"],
)
def test_cart_now_draws_on_the_trials_of_the_patients_line(
    fields: dict[str, object], inside: set[str], not_shown: set[str]
) -> None:
    stage = _stage(_strategy(fields, "cart_now_tafa_len_later"), "cart")
    matched = set(stage.cohort_ids)
    assert inside <= matched
    assert not (not_shown & matched)
    shown = {p.cohort_id for r in stage.ranges for p in r.points}
    assert not (not_shown & shown)


def test_tafa_len_first_puts_the_patient_outside_juliet() -> None:
    """JULIET excluded prior anti-CD19 therapy: after tafa-len the patient would not have been
    eligible, and the comparison stage says so; ZUMA-1 states no such exclusion."""
    strategy = _strategy(TWO_LINES, "tafa_len_now_cart_later")
    comparison = _stage(strategy, "cart_trials_for_comparison")
    assert "juliet-lt" not in comparison.cohort_ids
    assert "zuma1-5y" in comparison.cohort_ids
    notes = " ".join(note.text for note in comparison.notes)
    assert "JULIET excluded patients with prior anti-CD19 therapy" in notes
    # In CAR-T now (no tafa-len yet), JULIET fits.
    assert "juliet-lt" in _stage(_strategy(TWO_LINES, "cart_now_tafa_len_later"), "cart").cohort_ids


def test_cart_after_tafa_len_is_labelled_as_cart_from_infusion() -> None:
    stage = _stage(_strategy(TWO_LINES, "tafa_len_now_cart_later"), "cart_after_tafa_len")
    assert "descart-pre" in stage.cohort_ids
    labels = {r.label for r in stage.ranges}
    assert "Median OS (CAR-T after tafa-len), from CAR-T infusion" in labels
    assert "Overall response rate (best response, CAR-T after tafa-len)" in labels
    assert all(p.measured == "later_cart" for r in stage.ranges for p in r.points)


def test_other_options_after_cart_failure_are_rows_of_their_own_not_banded() -> None:
    fields = {
        "prior_lines": 3,
        "prior_cart": True,
        "months_cart_to_failure": 3,
        "cart_plan": "not_candidate",
    }
    result = assess(PatientProfile(**fields), BASE)
    kinds = [row.kind for row in result.options]
    assert {"bispecific", "polatuzumab", "allogeneic", "trial"} <= set(kinds)
    # A fixed order by kind of treatment: the engine's catalogue, never by figures.
    from sequencing.options import OPTION_KINDS

    order = [k.id for k in OPTION_KINDS]
    assert kinds == sorted(kinds, key=order.index)
    # Never in tafa-len's band: the tafa-len stage holds tafa-len cohorts only.
    strategy = _strategy(fields, "tafa_len_after_cart")
    tafa = _stage(strategy, "tafa_len_after_cart")
    assert {p.cohort_id for r in tafa.ranges for p in r.points} <= {
        "descart-post",
        "descart-post-ipw",
        "ruckdeschel-post-cart",
    }


def test_cd19_negative_relapse_after_cart_leads_with_the_concern() -> None:
    fields = {
        "prior_lines": 3,
        "prior_cart": True,
        "months_cart_to_failure": 2,
        "cart_plan": "not_candidate",
        "cd19_status": "negative",
        "cd19_method": "ihc",
    }
    strategy = _strategy(fields, "tafa_len_after_cart")
    texts = [note.text for note in strategy.context]
    assert texts[0].startswith("CD19 reported negative after CAR-T")
    assert any("30%" in text for text in texts)  # DESCAR-T's cited loss after CAR-T (seed 003)
    # The evidence on CD19 after CAR-T is cited, never the before-CAR-T findings about tafa-len.
    cited = {record for note in strategy.context for record in note.evidence}
    after_cart = {
        o.id
        for o in BASE.outcomes.values()
        if Tag.cd19_after_cart in o.tags and not o.superseded_by
    } | {
        f.id for f in BASE.findings.values() if Tag.cd19_after_cart in f.tags and not f.context_when
    }
    assert after_cart and after_cart <= cited
    before_cart = {f.id for f in BASE.findings.values() if f.cohort == "descart-pre"}
    assert not cited & before_cart
    [options] = [text for text in texts if "do not target CD19" in text]
    assert "do not target CD19" in options and "CD20xCD3 bispecifics" in options
    assert "pooled" not in options  # pooled cohorts are not called non-CD19 options


def test_transplant_eligible_early_relapse_sees_the_licence_and_guideline() -> None:
    strategy = _strategy(ONE_LINE, "tafa_len_now_cart_later")
    texts = " ".join(note.text for note in strategy.context)
    assert "not eligible for autologous stem-cell transplant" in texts
    assert "second-line CAR-T for progression within 12 months" in texts
