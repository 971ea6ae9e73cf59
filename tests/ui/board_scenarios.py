"""The board's named scenarios (the issue's typical patients), as scenario links.

Shared by the board's engine tests (tests/sequencing/test_board.py), its AppTests
(tests/ui/test_board.py) and its screenshots (tests/e2e/test_board_screens.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

SCENARIOS: dict[str, str] = {
    "relapsed-cart-planned": "prior_lines=2&response_to_last_line=relapsed&cart_plan=planned",
    "early-cart-failure": (
        "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=3&cart_plan=not_candidate"
    ),
    "late-cart-failure": (
        "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=10&cart_plan=not_candidate"
    ),
    "refractory-not-candidate": (
        "prior_lines=2&response_to_last_line=refractory&cart_plan=not_candidate"
    ),
    "transplant-eligible-early-relapse": (
        "prior_lines=1&months_first_line_to_progression=8&transplant_eligible=true"
        "&cart_plan=planned"
    ),
    "double-hit": "prior_lines=2&double_hit=true&cart_plan=possible_later",
    "rapid-tempo": "prior_lines=2&symptom_tempo=rapid&cart_plan=possible_later",
    "recent-tafasitamab": (
        "prior_lines=2&days_since_last_tafasitamab=14&cart_plan=planned&cd19_status=positive"
        "&cd19_method=ihc&leukapheresis_in_days=7"
    ),
    # Issue 16: a transplant-eligible late relapse (one prior line, relapse 30 months after
    # R-CHOP, ECOG 0) and a tafa-len-refractory patient with CAR-T planned.
    "late-relapse-transplant-eligible": (
        "prior_lines=1&months_first_line_to_progression=30&ecog=0&transplant_eligible=true"
        "&cart_plan=possible_later"
    ),
    "tafa-len-refractory-cart-planned": (
        "prior_lines=2&response_to_last_line=refractory&tafa_len_line=2"
        "&tafa_len_response=refractory&days_since_last_tafasitamab=30&cart_plan=planned"
        "&leukapheresis_in_days=10"
    ),
    # Issues 15 and 17: CD19-negative by IHC after CAR-T; ECOG 3 after several lines.
    "cd19-negative-after-cart": (
        "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=3&cart_plan=not_candidate&cd19_status=negative&cd19_method=ihc"
    ),
    "ecog-3": "prior_lines=3&response_to_last_line=refractory&ecog=3&cart_plan=not_candidate",
}


def params(name: str) -> dict[str, str]:
    return dict(parse_qsl(SCENARIOS[name]))
