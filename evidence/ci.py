"""Exact (Clopper-Pearson) confidence intervals for proportions, via SciPy.

Used only where a source gives a response rate with its denominator but no CI; such intervals are
marked `clopper_pearson` so the app can say they were computed, not reported.
"""

from __future__ import annotations

from scipy.stats import binomtest

from evidence.numbers import decimals_of

__all__ = ["clopper_pearson", "events_from_percentage"]


def clopper_pearson(events: int, denominator: int, level: float = 95.0) -> tuple[float, float]:
    """Exact two-sided CI for events/denominator, as percentages."""
    interval = binomtest(events, denominator).proportion_ci(
        confidence_level=level / 100, method="exact"
    )
    return 100 * interval.low, 100 * interval.high


def events_from_percentage(percentage: float, denominator: int) -> int | None:
    """The one count k with 100*k/denominator rounding to `percentage`, or None if not unique.

    A paper that says "47%" of 83 means 39; where two counts would round to the same printed
    percentage the count is left unknown rather than guessed.
    """
    # Half a unit of the printed precision, either way: papers round half up or half even.
    tolerance = 0.5 * 10 ** -decimals_of(percentage) + 1e-9
    matches = [
        k for k in range(denominator + 1) if abs(100 * k / denominator - percentage) <= tolerance
    ]
    return matches[0] if len(matches) == 1 else None
