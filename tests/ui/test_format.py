"""Figures are written as the source gave them: never re-rounded, units kept, CI method named."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ui.format import ci_text, number, point_summary, value_text


def _point(**fields: object) -> SimpleNamespace:
    defaults = {
        "value": 47.0,
        "unit": "%",
        "not_reached": False,
        "ci_low": None,
        "ci_high": None,
        "ci_high_not_reached": False,
        "ci_method": None,
        "n": None,
        "followup_months": None,
        "value_months": None,
    }
    return SimpleNamespace(**(defaults | fields))


@pytest.mark.parametrize(
    ("value", "text"), [(47.0, "47"), (8.59, "8.59"), (0.5, "0.5"), (None, "–")]
)
def test_number_keeps_the_source_precision(value: float | None, text: str) -> None:
    assert number(value) == text


def test_days_are_shown_with_their_months_equivalent() -> None:
    assert value_text(_point(value=55.0, unit="days", value_months=1.81)) == (
        "55 days (about 1.8 months)"
    )


def test_not_reached_and_open_ci() -> None:
    point = _point(
        value=None,
        unit="months",
        not_reached=True,
        ci_low=18.3,
        ci_high_not_reached=True,
        ci_method="reported",
    )
    assert value_text(point) == "not reached"
    assert ci_text(point) == "95% CI 18.3–NR"


def test_computed_ci_says_so() -> None:
    point = _point(ci_low=35.9, ci_high=58.3, ci_method="clopper_pearson", n=83)
    assert "computed here" in ci_text(point)
    assert point_summary(point).endswith("n=83")
