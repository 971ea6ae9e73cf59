"""The one formatter: figures written as the source gave them, never re-rounded, units kept,
intervals named as the source names them, n saying what it counts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from evidence.figure import DAYS_PER_MONTH, months_to_days, to_months
from evidence.formatting import (
    interval_text,
    n_text,
    number,
    p_text,
    percent,
    span_text,
    value_text,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (9.0, "9"),
        (9, "9"),
        (0.0, "0"),
        (5.6, "5.6"),
        (8.59, "8.59"),
        (57.5, "57.5"),
        (0.03, "0.03"),
        (0.001, "0.001"),
        (100.0, "100"),
        (12.25, "12.25"),
        (-1.5, "-1.5"),
        (0.00001, "0.00001"),  # once '1e-05' in two of three formatters: never scientific
        (None, "–"),
    ],
)
def test_number_keeps_the_source_precision(value: float | None, text: str) -> None:
    assert number(value) == text


def test_percent() -> None:
    assert (percent(30.0), percent(29.2)) == ("30%", "29.2%")


def _figure(**fields: object) -> SimpleNamespace:
    defaults: dict[str, object] = {
        "value": 47.0,
        "unit": "%",
        "not_reached": False,
        "ci_low": None,
        "ci_high": None,
        "ci_high_not_reached": False,
        "ci_method": None,
        "ci_level": None,
        "range_low": None,
        "range_high": None,
        "range_kind": None,
    }
    return SimpleNamespace(**(defaults | fields))


@pytest.mark.parametrize(
    ("fields", "months", "text"),
    [
        ({}, None, "47%"),
        ({"value": 8.1, "unit": "months"}, None, "8.1 months"),
        ({"value": 55.0, "unit": "days"}, 1.807, "55 days (about 1.8 months)"),
        ({"value": None, "not_reached": True, "unit": "months"}, None, "not reached"),
        ({"value": 2.0, "unit": "patients"}, None, "2 patients"),
        ({"value": 0.71, "unit": "ratio"}, None, "0.71"),
    ],
)
def test_value_text(fields: dict[str, object], months: float | None, text: str) -> None:
    assert value_text(_figure(**fields), months) == text


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        # A CI with its printed level; a CI whose level the source does not print.
        ({"ci_low": 1.9, "ci_high": 4.2, "ci_level": 95.0}, "95% CI 1.9–4.2"),
        ({"ci_low": 1.6, "ci_high": 3.1}, "CI (level not printed) 1.6–3.1"),
        ({"ci_low": 8.8, "ci_high_not_reached": True, "ci_level": 90.0}, "90% CI 8.8–NR"),
        (
            {"ci_low": 35.9, "ci_high": 58.3, "ci_level": 95.0, "ci_method": "clopper_pearson"},
            "95% CI 35.9–58.3, exact, computed here",
        ),
        # Intervals that are not CIs are never called CIs.
        ({"range_low": 0.5, "range_high": 9.9, "range_kind": "min-max"}, "range 0.5–9.9"),
        ({"range_low": 3.3, "range_high": 13, "range_kind": "iqr"}, "IQR 3.3–13"),
        (
            {"range_low": 0.44, "range_high": 1.13, "range_kind": "unlabelled"},
            "interval as printed, not labelled by the source 0.44–1.13",
        ),
        ({}, ""),
    ],
)
def test_interval_is_named_as_the_source_names_it(fields: dict[str, object], text: str) -> None:
    assert interval_text(_figure(**fields)) == text


@pytest.mark.parametrize(
    ("low", "high", "unit", "text"),
    [
        (46.8, 57.5, "%", "46.8–57.5%"),
        (5.6, 5.6, "months", "5.6 months"),
        (2, 10.5, "months", "2–10.5 months"),
    ],
)
def test_span_text(low: float, high: float, unit: str, text: str) -> None:
    assert span_text(low, high, unit) == text


def test_n_text_says_what_it_counts() -> None:
    assert (n_text(52), n_text(None), n_text(39, "responders"), n_text(6, "deaths")) == (
        "n=52",
        "n not given",
        "n=39 responders",
        "n=6 deaths",
    )


def test_p_text() -> None:
    assert (p_text(0.04, None), p_text(0.001, "<")) == ("P=0.04", "P<0.001")


@pytest.mark.parametrize(
    ("value", "unit", "months"),
    [
        (30.4375, "days", 1.0),
        (2, "years", 24.0),
        (5.6, "months", 5.6),
        (40, "%", None),
        (None, "months", None),
    ],
)
def test_one_months_scale(value: float | None, unit: str, months: float | None) -> None:
    assert to_months(value, unit) == months
    assert months_to_days(1.0) == DAYS_PER_MONTH
