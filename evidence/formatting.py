"""The one way figures are written: numbers, percentages, values with units, intervals, spans, n.

Every place that writes a figure (rule texts, the board, cards, the summary, the exports, charts'
labels, the library) calls these, so that one figure reads the same everywhere: as the source gave
it, never re-rounded (47.0 is "47", 8.59 stays "8.59", 0.00001 is "0.00001", never "1e-05"), an
interval named as the source names it (a CI with its printed level, a range, an IQR, a bracket the
source leaves unlabelled), and an n that says what it counts.

It sits with the evidence (the lowest layer) because the engine's rule texts quote figures too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Protocol

__all__ = [
    "DASH",
    "NOT_GIVEN",
    "NOT_REACHED",
    "RANGE_KIND_WORDS",
    "HasInterval",
    "HasValue",
    "interval_text",
    "n_text",
    "number",
    "p_text",
    "percent",
    "share_text",
    "span_text",
    "unit_suffix",
    "value_text",
]

# Spans and intervals use an en dash between their ends ("46.8–57.5%").
DASH: Final = "–"
NOT_REACHED: Final = "not reached"
NOT_GIVEN: Final = "n not given"

# How an interval that is not a CI is named, by the evidence model's `range_kind`.
RANGE_KIND_WORDS: Final[dict[str, str]] = {
    "min-max": "range",
    "iqr": "IQR",
    "unlabelled": "interval as printed, not labelled by the source",
}

_UNIT_SUFFIX: Final[dict[str, str]] = {
    "%": "%",
    "ratio": "",
    "months": " months",
    "days": " days",
    "years": " years",
    "mg": " mg",
    "mg/kg": " mg/kg",
    "patients": " patients",
    "lines": " lines",
}


def number(value: float | None) -> str:
    """9 rather than 9.0; 5.6 stays 5.6; never scientific notation; None is a dash."""
    if value is None:
        return DASH
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))).normalize(), "f")


def percent(value: float) -> str:
    return f"{number(value)}%"


def share_text(fraction: float) -> str:
    """A modelled share (a fraction from 0 to 1; never a source's figure) as a percentage
    rounded for reading: one decimal under 10% ('4.3%'), whole above ('47%')."""
    value = 100 * fraction
    return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"


def unit_suffix(unit: str) -> str:
    """'%' sticks to the number; other units follow a space; a ratio has none."""
    return _UNIT_SUFFIX.get(unit, f" {unit}")


class HasValue(Protocol):
    @property
    def value(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def not_reached(self) -> bool: ...


def value_text(figure: HasValue, value_months: float | None = None) -> str:
    """'47%', '8.1 months', 'not reached', '2 patients', '55 days (about 1.8 months)'."""
    if figure.not_reached:
        return NOT_REACHED
    text = number(figure.value) + unit_suffix(figure.unit)
    if figure.unit == "days" and value_months is not None:
        text += f" (about {value_months:.1f} months)"
    return text


class HasInterval(Protocol):
    @property
    def ci_low(self) -> float | None: ...
    @property
    def ci_high(self) -> float | None: ...
    @property
    def ci_high_not_reached(self) -> bool: ...
    @property
    def ci_level(self) -> float | None: ...
    @property
    def ci_method(self) -> str | None: ...
    @property
    def range_low(self) -> float | None: ...
    @property
    def range_high(self) -> float | None: ...
    @property
    def range_kind(self) -> str | None: ...


def interval_text(figure: HasInterval) -> str:
    """The interval as the source labels it: '95% CI 1.9–4.2', 'CI (level not printed) ...',
    '95% CI 35.9–58.3, exact, computed here', 'range 0.5–9.9', 'IQR 2.1–3.4'; '' when none.
    A range is never called a CI."""
    if figure.ci_low is not None:
        high = "NR" if figure.ci_high_not_reached else number(figure.ci_high)
        name = f"{number(figure.ci_level)}% CI" if figure.ci_level else "CI (level not printed)"
        computed = ", exact, computed here" if figure.ci_method == "clopper_pearson" else ""
        return f"{name} {number(figure.ci_low)}{DASH}{high}{computed}"
    if figure.range_low is not None and figure.range_high is not None:
        kind = RANGE_KIND_WORDS[figure.range_kind or "min-max"]
        return f"{kind} {number(figure.range_low)}{DASH}{number(figure.range_high)}"
    return ""


def span_text(low: float, high: float, unit: str) -> str:
    """'46.8–57.5%', '5.6 months': the span of separate cohorts' figures (never a pooled one)."""
    suffix = unit_suffix(unit)
    if low == high:
        return f"{number(low)}{suffix}"
    return f"{number(low)}{DASH}{number(high)}{suffix}"


def n_text(n: int | None, counts: str = "patients") -> str:
    """'n=52', '39 responders', '6 deaths', 'n not given': what the figure counts."""
    if n is None:
        return NOT_GIVEN
    if counts in ("responders", "deaths"):
        return f"n={n} {counts}"
    return f"n={n}"


def p_text(p_value: float, qualifier: str | None) -> str:
    """'P=0.04', 'P<0.001'."""
    return f"P{qualifier or '='}{number(p_value)}"
