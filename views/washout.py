"""The washout as shown: today's and the planned leukapheresis' modelled shares in words, the
curve, DESCAR-T's observed washouts on the days axis, the days each threshold is crossed, the
statements, and the records behind them, resolved once (`views.records`).

The shares are a first-order model's (`sequencing.washout`), written by the one formatter
(`evidence.formatting.share_text`) both here and in the statements, so a metric and its sentence
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.figure import months_to_days
from evidence.formatting import n_text, number, share_text
from sequencing.index import EngineIndex
from sequencing.ranges import RangePoint
from sequencing.washout import Washout
from views.records import RecordView, record_view, record_views

__all__ = [
    "CHART_CAPTION",
    "NO_DATE",
    "ObservedWashout",
    "Threshold",
    "WashoutView",
    "observed_washout",
    "washout_view",
]

NO_DATE = "no date set"
# What the chart's observed washouts are, beside it.
CHART_CAPTION = (
    "Shaded band and dotted line: DESCAR-T's observed washouts. The prior-line figure runs from "
    "the last tafa-len dose to CAR-T infusion (see its quote below); leukapheresis comes before "
    "infusion."
)


@dataclass(frozen=True, slots=True)
class ObservedWashout:
    """One observed washout on the days-since-the-last-dose axis: its median and range."""

    label: str
    low_day: float | None
    high_day: float | None
    median_day: float


@dataclass(frozen=True, slots=True)
class Threshold:
    falls_under: str  # '25%'
    day: str  # the day after the last dose, whole
    from_today: str  # 'in 12 days', 'already passed'

    def record(self) -> dict[str, str]:
        return {
            "Expected remaining falls under": self.falls_under,
            "Day after last dose": self.day,
            "From today": self.from_today,
        }


@dataclass(frozen=True, slots=True)
class WashoutView:
    days_since: str
    today: str  # the modelled share left today, '47%'
    at_leukapheresis: str  # at the planned leukapheresis, or NO_DATE
    leukapheresis_when: str  # 'In 10 days from today.' ('' without a date)
    half_life_days: float
    today_day: int
    leukapheresis_day: int | None
    curve: tuple[tuple[int, float], ...]  # (day, % expected to remain)
    observed: tuple[ObservedWashout, ...]
    alt_text: str
    thresholds: tuple[Threshold, ...]
    statements: tuple[str, ...]
    half_life: RecordView | None
    observed_records: tuple[RecordView, ...]


def _from_today(days: int) -> str:
    return "already passed" if days <= 0 else f"in {days} days"


def observed_washout(point: RangePoint) -> ObservedWashout | None:
    """An observed washout in days (a figure given in months is put on the days axis)."""
    if point.value is None:
        return None
    per = months_to_days(1) if point.unit == "months" else 1.0
    label = point.cohort_label + (f" ({n_text(point.n)})" if point.n else "")
    low = None if point.range_low is None else point.range_low * per
    high = None if point.range_high is None else point.range_high * per
    return ObservedWashout(label, low, high, point.value * per)


def _alt_text(washout: Washout, leukapheresis_day: int | None) -> str:
    crossings = ", ".join(
        f"{label} on day {number(round(day))}" for label, day in washout.thresholds.items()
    )
    planned = f". Planned leukapheresis on day {leukapheresis_day}." if leukapheresis_day else "."
    return (
        f"Expected residual tafasitamab falls by half every {number(washout.half_life_days)} "
        f"days (first-order model). Day after last dose at which it falls under: {crossings}"
        + planned
    )


def washout_view(washout: Washout, index: EngineIndex) -> WashoutView:
    days = washout.days_since_last_dose
    in_days = washout.leukapheresis_in_days
    leukapheresis_day = days + in_days if in_days is not None else None
    at_leukapheresis = washout.fraction_at_leukapheresis
    observed = (observed_washout(p) for p in washout.observed)
    return WashoutView(
        days_since=number(days),
        today=share_text(washout.fraction_today),
        at_leukapheresis=NO_DATE if at_leukapheresis is None else share_text(at_leukapheresis),
        leukapheresis_when=f"In {in_days} days from today." if in_days is not None else "",
        half_life_days=washout.half_life_days,
        today_day=days,
        leukapheresis_day=leukapheresis_day,
        curve=tuple((day, 100 * fraction) for day, fraction in washout.curve),
        observed=tuple(o for o in observed if o is not None),
        alt_text=_alt_text(washout, leukapheresis_day),
        thresholds=tuple(
            Threshold(label, number(round(day)), _from_today(round(day) - days))
            for label, day in washout.thresholds.items()
        ),
        statements=tuple(washout.statements),
        half_life=record_view(washout.half_life_outcome_id, index),
        observed_records=record_views((p.outcome_id for p in washout.observed), index),
    )
