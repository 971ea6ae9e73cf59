"""The Sequencing page shows the CAR-T stage of 'CAR-T now' from the trials of the patient's line
of therapy (real evidence base), the CAR-T after tafa-len stage with its label, and the options
after CAR-T failure as a list."""

from __future__ import annotations

import pytest

from tests.ui.apptest import range_tables, run_page, shown_text

CART_NOW = "CAR-T now, tafa-len if CAR-T fails"


def _cart_now_tables(params: dict[str, str]) -> str:
    at = run_page("overview", params, details=True)
    assert not at.exception
    at.segmented_control(key="a-strategy").set_value(CART_NOW).run()
    assert not at.exception
    return range_tables(at)


@pytest.mark.parametrize(
    ("params", "shown", "absent"),
    [
        (
            {
                "prior_lines": "1",
                "months_first_line_to_progression": "8",
                "transplant_eligible": "true",
                "cart_plan": "planned",
            },
            ["ZUMA-7 (Locke 2022)", "TRANSFORM"],
            ["ZUMA-1", "JULIET", "TRANSCEND"],
        ),
        (
            {"prior_lines": "2", "cart_plan": "planned"},
            ["ZUMA-1 5-year", "JULIET long-term", "TRANSCEND", "US Lymphoma CAR-T Consortium"],
            ["ZUMA-7", "TRANSFORM", "PILOT"],
        ),
        (
            {"prior_lines": "3", "cart_plan": "planned"},
            ["ZUMA-1 5-year", "JULIET long-term", "TRANSCEND"],
            ["ZUMA-7", "TRANSFORM", "PILOT"],
        ),
    ],
    ids=["one prior line", "two prior lines", "three prior lines"],
)
def test_cart_now_shows_the_trials_of_the_line(
    params: dict[str, str], shown: list[str], absent: list[str]
) -> None:
    tables = _cart_now_tables(params)
    for name in shown:
        assert name in tables, name
    for name in absent:
        assert name not in tables, name


def test_cards_name_the_stages_and_what_they_measure() -> None:
    at = run_page("overview", {"prior_lines": "2", "cart_plan": "planned"})
    text = shown_text(at)
    assert "CAR-T after tafa-len." in text
    assert "not tafa-len's own response" in text
    assert "Median OS, from CAR-T infusion" in text
    assert "JULIET excluded patients with prior anti-CD19 therapy" in text
    assert "Other options at this point" in text  # rows of their own, not a card stage


def test_cd19_negative_after_cart_card_leads_with_the_concern() -> None:
    at = run_page(
        "overview",
        {
            "prior_lines": "3",
            "prior_cart": "true",
            "months_cart_to_failure": "2",
            "cart_plan": "not_candidate",
            "cd19_status": "negative",
            "cd19_method": "ihc",
        },
    )
    assert not at.exception
    text = shown_text(at)
    assert "CD19 reported negative after CAR-T: the options that target CD19 are marked" in text
    assert "Published options after CAR-T failure that do not target CD19" in text
