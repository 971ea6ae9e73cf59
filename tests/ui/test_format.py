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
        "ci_level": None,
        "range_low": None,
        "range_high": None,
        "range_kind": None,
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
        ci_level=95.0,
    )
    assert value_text(point) == "not reached"
    assert ci_text(point) == "95% CI 18.3–NR"


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        # A CI with its printed level; a CI whose level the source does not print.
        ({"ci_low": 1.9, "ci_high": 4.2, "ci_level": 95.0}, "95% CI 1.9–4.2"),
        ({"ci_low": 1.6, "ci_high": 3.1}, "CI (level not printed) 1.6–3.1"),
        ({"ci_low": 8.8, "ci_high_not_reached": True, "ci_level": 90.0}, "90% CI 8.8–NR"),
        # Intervals that are not CIs are never called CIs.
        ({"range_low": 0.5, "range_high": 9.9, "range_kind": "min-max"}, "range 0.5–9.9"),
        ({"range_low": 3.3, "range_high": 13, "range_kind": "iqr"}, "IQR 3.3–13"),
        (
            {"range_low": 0.44, "range_high": 1.13, "range_kind": "unlabelled"},
            "interval as printed 0.44–1.13",
        ),
        ({}, ""),
    ],
)
def test_interval_is_named_as_the_source_names_it(fields: dict[str, object], text: str) -> None:
    assert ci_text(_point(**fields)) == text


def test_computed_ci_says_so() -> None:
    point = _point(ci_low=35.9, ci_high=58.3, ci_method="clopper_pearson", n=83)
    assert "computed here" in ci_text(point)
    assert point_summary(point).endswith("n=83")
