"""The one-paragraph summary and the A-vs-B comparison, on the fixture evidence base."""

from __future__ import annotations

import re

from evidence.models import ENDPOINT_LABELS, TIME_ORIGIN_LABELS, Endpoint, TimeOrigin
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from sequencing.strategies import STAGE_AFTER_CART
from tests.sequencing.fixture_base import FIXTURE
from views.scenario import ScenarioViews, build_views
from views.summary import Summary, compare, features_text


def _views(profile: PatientProfile) -> ScenarioViews:
    return build_views(assess(profile, FIXTURE), engine_index(FIXTURE))


def _summary(profile: PatientProfile) -> Summary:
    return _views(profile).summary


def _compare(a: PatientProfile, b: PatientProfile) -> str:
    first, second = _views(a), _views(b)
    return compare(first.assessment, first.board, second.assessment, second.board)


POST_CART = PatientProfile(
    prior_lines=3,
    response_to_last_line="refractory",
    prior_cart=True,
    months_cart_to_failure=3,
    cart_plan="not_candidate",
)
# Band names as `ranges.band_label` writes them, from the evidence model's labels.
_AFTER = f"({STAGE_AFTER_CART}), {TIME_ORIGIN_LABELS[TimeOrigin.post_cart_treatment_start]}"
PFS2 = f"{ENDPOINT_LABELS[Endpoint.median_pfs2]} {_AFTER}"
OS2 = f"{ENDPOINT_LABELS[Endpoint.median_os2]} {_AFTER}"


def test_features_are_all_named() -> None:
    text = features_text(POST_CART.model_copy(update={"bulky": True, "age": 70}))
    assert text == (
        "age 70, 3 prior lines, refractory to the last line, ECOG 1, bulky, not "
        "transplant-eligible, moderate symptom tempo, CAR-T failure 3 months after infusion "
        "(early), not a CAR-T candidate, CD19 unknown"
    )
    late = features_text(POST_CART.model_copy(update={"months_cart_to_failure": 6.5}))
    assert "CAR-T failure 6.5 months after infusion (late)" in late


def test_summary_states_the_early_failure_ranges_with_their_n() -> None:
    summary = _summary(POST_CART)
    assert summary.strategies == "Tafa-len after CAR-T failure"
    assert summary.ranges == [
        f"Tafa-len after CAR-T failure: {PFS2} 2 months (REG (n=40)); {OS2} 6 months (REG (n=40))"
    ]
    assert summary.designs == ("Registry",)
    assert summary.caveat() == (
        "Decision support, not a decision: published ranges of cohorts that resemble this "
        "patient, not a prediction or a recommendation. The ranges stated come from: registry. "
        "Figures from different cohorts are not head-to-head comparisons."
    )
    paragraph = summary.paragraph()
    assert "Published ranges (matched cohorts, not a prediction): Tafa-len after" in paragraph
    assert "predicted" not in paragraph.lower() and "recommend" not in paragraph.lower()


def test_summary_skips_hollow_points_and_names_randomised_designs() -> None:
    summary = _summary(PatientProfile(prior_lines=2, cart_plan="planned"))
    tafa_len_first = summary.ranges[0]
    # Tafa-len's own response where it was given before CAR-T (REG, 25%) is tafa-len itself.
    assert tafa_len_first.startswith(
        "Tafa-len now, CAR-T if it progresses: Overall response rate (best response, Tafa-len "
        "itself) 25–57.5% (REG (n=20), RW-TL (n=100), TL-TRIAL (n=80))"
    )
    assert "MIXED-TL" not in " ".join(summary.ranges)  # hollow: never stated as a range
    assert "even where a cohort is an arm of a randomised trial" in summary.caveat()


def test_a_summary_without_ranges_says_so() -> None:
    summary = _summary(POST_CART)
    empty = type(summary)(summary.features, "none", [], [])
    assert empty.caveat().endswith("No published range matches this patient.")
    assert "no matched cohort reports outcomes" in empty.paragraph()


def test_summary_figures_come_from_the_evidence() -> None:
    """Every number after 'Published ranges' is a value or an n of the fixture."""
    for profile in (POST_CART, PatientProfile(prior_lines=2, cart_plan="planned")):
        paragraph = _summary(profile).paragraph()
        ranges = paragraph.split("Published ranges", 1)[1].split("Warnings", 1)[0]
        known = {o.value for o in FIXTURE.outcomes.values() if o.value is not None}
        known |= {float(o.denominator) for o in FIXTURE.outcomes.values() if o.denominator}
        known |= {float(c.n) for c in FIXTURE.cohorts.values() if c.n}
        tokens = re.findall(r"(?<![\w.-])\d+(?:\.\d+)?", ranges.replace("CAR-T", ""))
        assert tokens
        for token in tokens:
            assert float(token) in known, token


def test_comparison_names_what_changed() -> None:
    late = POST_CART.model_copy(update={"months_cart_to_failure": 9.0})
    assert _compare(POST_CART, late).splitlines() == [
        "- Months from CAR-T infusion to failure: 3 → 9",
        f"- Tafa-len after CAR-T failure: {PFS2} 2 months (REG (n=40)) → {PFS2} 5.6 months "
        "(REG (n=10); immature)",
        f"- Tafa-len after CAR-T failure: {OS2} 6 months (REG (n=40)) → {OS2} not reached "
        "(REG (n=10))",
    ]


def test_comparison_names_strategies_that_start_or_stop_applying() -> None:
    planned = PatientProfile(prior_lines=2, cart_plan="planned")
    declined = planned.model_copy(update={"cart_plan": "declined"})
    lines = _compare(planned, declined).splitlines()
    assert lines[0] == "- CAR-T plan: planned → declined"
    assert "- Tafa-len without planned CAR-T: applies in B" in lines
    assert "- Tafa-len now, CAR-T if it progresses: no longer applies in B" in lines


def test_identical_scenarios_say_so() -> None:
    assert _compare(POST_CART, POST_CART) == (
        "- The two scenarios are identical: change a feature in scenario B."
    )
