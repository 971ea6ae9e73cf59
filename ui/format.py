"""How figures are written on screen and in exports: as the source gave them, never re-rounded."""

from __future__ import annotations

from typing import Any

_UNIT_SUFFIX = {
    "%": "%",
    "months": " months",
    "days": " days",
    "years": " years",
    "ratio": "",
    "mg": " mg",
    "mg/kg": " mg/kg",
    "patients": " patients",
}


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def value_text(point: Any) -> str:
    """'47%', '55 days (about 1.8 months)', 'not reached'."""
    if point.not_reached:
        return "not reached"
    text = number(point.value) + _UNIT_SUFFIX.get(point.unit, f" {point.unit}")
    if point.unit == "days" and getattr(point, "value_months", None) is not None:
        text += f" (about {point.value_months:.1f} months)"
    return text


_RANGE_WORDS = {"min-max": "range", "iqr": "IQR", "unlabelled": "interval as printed"}


def ci_text(point: Any) -> str:
    """The interval as the source labels it: its CI with the level printed (or computed here),
    else its range, IQR or unlabelled bracket; never a range called a CI."""
    if point.ci_low is None and not getattr(point, "ci_high_not_reached", False):
        low, high = getattr(point, "range_low", None), getattr(point, "range_high", None)
        if low is None or high is None:
            return ""
        return f"{_RANGE_WORDS.get(point.range_kind, 'range')} {number(low)}–{number(high)}"
    high = "NR" if point.ci_high_not_reached else number(point.ci_high)
    computed = ", exact, computed here" if point.ci_method == "clopper_pearson" else ""
    level = getattr(point, "ci_level", None)
    name = f"{number(level)}% CI" if level else "CI (level not printed)"
    return f"{name} {number(point.ci_low)}–{high}{computed}"


def point_summary(point: Any) -> str:
    parts = [value_text(point)]
    ci = ci_text(point)
    if ci:
        parts.append(ci)
    if point.n:
        parts.append(f"n={point.n}")
    if point.followup_months:
        parts.append(f"median follow-up {number(point.followup_months)} months")
    return " · ".join(parts)
