"""The other options on the Sequencing page (AppTest, real evidence base): a row per kind of
treatment for each named scenario, found by key, labelled from the views, each opening every
cohort's figures; and the prefilled 'what if CAR-T had failed later' comparison."""

from __future__ import annotations

import pytest

from sequencing import assess
from sequencing.index import engine_index
from tests.sequencing.conftest import BASE
from tests.ui.apptest import run_page
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from ui.options import option_details, option_label
from views.options import OptionView
from views.scenario import build_views


def _options(name: str) -> tuple[OptionView, ...]:
    parsed = url_state.parse_url(params(name))
    assert parsed.a.profile is not None
    assessment = assess(
        parsed.a.profile, BASE, leukapheresis_in_days=parsed.a.leukapheresis_in_days
    )
    return build_views(assessment, engine_index(BASE)).board.options


@pytest.mark.parametrize(
    "name",
    [
        "late-relapse-transplant-eligible",
        "transplant-eligible-early-relapse",
        "relapsed-cart-planned",
        "early-cart-failure",
        "late-cart-failure",
        "cd19-negative-after-cart",
    ],
)
def test_each_option_is_a_row_of_its_own(name: str) -> None:
    at = run_page("overview", params(name))
    assert not at.exception, at.exception
    options = _options(name)
    assert options and options[-1].kind == "trial"
    for option in options:
        button = at.button(key=f"board-a-options-{option.kind}")
        assert button.label == option_label(option)


def test_opening_an_option_shows_every_cohort_and_why_others_are_outside() -> None:
    at = run_page("overview", params("early-cart-failure"))
    [allo] = [o for o in _options("early-cart-failure") if o.kind == "allogeneic"]
    at.button(key="board-a-options-allogeneic").click()
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert option_details(allo) in shown
    assert "outside this patient's criteria" in shown


def test_what_if_car_t_had_failed_later_opens_the_comparison_prefilled() -> None:
    at = run_page("overview", params("early-cart-failure"))
    at.button(key="what-if-timing").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["compare"] is True
    assert at.number_input(key="b_months_cart_to_failure").value == 12.0
    assert at.number_input(key="months_cart_to_failure").value == 3.0
    assert at.get_by_key("board-b") is not None


def test_a_patient_without_car_t_has_no_what_if_timing() -> None:
    at = run_page("overview", params("relapsed-cart-planned"))
    assert not [b for b in at.button if b.key == "what-if-timing"]


def test_every_named_scenario_renders() -> None:
    for name in SCENARIOS:
        at = run_page("overview", params(name))
        assert not at.exception and not at.error, name
