"""The one-paragraph summary and the A-vs-B comparison."""

from __future__ import annotations

import re

from sequencing import PatientProfile, assess
from sequencing.summary import compare, features_text, summarise

POST_CART = PatientProfile(
    prior_lines=3,
    response_to_last_line="refractory",
    prior_cart=True,
    months_cart_to_failure=3,
    cart_plan="not_candidate",
)


def test_features_are_all_named() -> None:
    text = features_text(POST_CART.model_copy(update={"bulky": True, "age": 70}))
    for part in (
        "age 70",
        "3 prior lines",
        "refractory",
        "ECOG 1",
        "bulky",
        "CAR-T failure 3 months after infusion (early)",
        "not a CAR-T candidate",
    ):
        assert part in text


def test_summary_states_ranges_with_sources_never_a_prediction(base) -> None:  # type: ignore[no-untyped-def]
    paragraph = summarise(assess(POST_CART, base)).paragraph()
    assert "not a prediction" in paragraph
    assert "DESCAR-T" in paragraph
    assert "predicted" not in paragraph.lower() and "recommend" not in paragraph.lower()


def test_summary_figures_come_from_the_evidence(base) -> None:  # type: ignore[no-untyped-def]
    """Every number after 'Published ranges' is a value of some outcome or an n in the base."""
    paragraph = summarise(assess(POST_CART, base)).paragraph()
    ranges = paragraph.split("Published ranges", 1)[1].split("Warnings", 1)[0]
    known = {o.value for o in base.outcomes.values() if o.value is not None}
    known |= {float(o.denominator) for o in base.outcomes.values() if o.denominator}
    known |= {float(c.n) for c in base.cohorts.values() if c.n}
    for token in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", ranges):
        if token in ("2024", "2025", "2026", "2023", "2020", "2021", "2022"):
            continue  # years in source names
        assert float(token) in known, token


def test_comparison_names_what_changed(base) -> None:  # type: ignore[no-untyped-def]
    late = POST_CART.model_copy(update={"months_cart_to_failure": 9.0})
    text = compare(assess(POST_CART, base), assess(late, base))
    assert "Months from CAR-T infusion to failure: 3 → 9" in text
    assert "PFS2" in text


def test_identical_scenarios_say_so(base) -> None:  # type: ignore[no-untyped-def]
    assessment = assess(POST_CART, base)
    assert "identical" in compare(assessment, assessment)
