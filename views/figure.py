"""One figure as every view shows it: its words resolved once, with its provenance.

A `FigureView` is built from the engine's `RangePoint` (or an evidence `Outcome` in the library):
the value, interval and n in the one formatter's words (`evidence.formatting`), whose effect and
from when, its maturity (`evidence.figure.maturity`), the strength of its source (publication
kind, secondary summary, second-hand), the authors' caveats that qualify it, its fit to this
patient, and where it stands in its source (location, quote, DOI). The board's cell details,
the cards, the exports and the charts all read these fields; none writes a figure again.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.figure import to_months
from evidence.formatting import interval_text, n_text, number, value_text
from evidence.models import (
    AMONG_DEATHS,
    AMONG_RESPONDERS,
    MEASURED_LABELS,
    TIME_ORIGIN_LABELS,
    Endpoint,
    MeasuredTreatment,
    Outcome,
    TimeOrigin,
)
from sequencing.figures import STRENGTH_SHORT, maturity_text, strength_kinds, strength_words
from sequencing.index import EngineIndex
from sequencing.ranges import RangePoint, band_label, make_point
from sequencing.vocabulary import GRADE_LABELS

__all__ = ["VERIFIED_WORDS", "FigureView", "figure_view", "outcome_view", "source_link"]

VERIFIED_WORDS: dict[str, str] = {
    "seed_full_text": "checked against the full text",
    "abstract": "checked against the abstract",
    "label": "checked against the drug label",
    "secondary_summary": "secondary summary only (not the primary publication)",
}


@dataclass(frozen=True, slots=True)
class FigureView:
    outcome_id: str
    endpoint: str  # the evidence model's endpoint
    source: str  # the source's short name
    cohort: str  # the cohort's label
    subgroup: str
    arm: str | None
    name: str  # e.g. "Overall response rate (best response)", "OS rate at 12 months"
    timepoint_months: float | None
    value: str  # "65.9%", "8.1 months", "not reached", "2 patients"
    interval: str  # "95% CI 55.4–77.5", "range 0.5–9.9", ""
    n: str  # "n=52", "n not given", "n=6 deaths"
    measured: str  # whose effect, in words
    time_origin: str  # from when, in words ("" for a figure that is not a time)
    fit: str  # "Fits", "Partly fits", "Outside" ("" when not judged for a patient)
    in_span: bool
    hollow_reason: str  # why it does not set the span ("" when it does)
    maturity: str  # "immature: ..." or ""
    strength: tuple[str, ...]  # "congress abstract", "secondary summary only", "second-hand..."
    strength_short: tuple[str, ...]  # the same in a word or two: "abstract", "second-hand"
    caveats: tuple[str, ...]  # the authors' caveats that qualify it, in words
    design: str
    followup: str  # "median follow-up 7 months" or ""
    location: str
    quote: str | None
    link: str | None  # https://doi.org/... or the source page
    doi: str | None
    verified: str
    conflicts: tuple[str, ...]  # the source's other values for the same figure, with where
    source_error: str | None
    note: str | None
    # On a chart's axis (months for times): None where there is no point to draw.
    x: float | None = None
    x_low: float | None = None
    x_high: float | None = None

    @property
    def summary(self) -> str:
        """'65.9% (95% CI ...) · n not given · immature: ... · congress abstract': the figure
        with everything that qualifies it, on one line."""
        parts = [self.value + (f" ({self.interval})" if self.interval else ""), self.n]
        parts += [p for p in (self.maturity, self.followup) if p]
        parts += list(self.strength)
        return " · ".join(parts)

    @property
    def where(self) -> str:
        """'TALOs 2026 · TALOs, all patients · Refractory · Tafa-len'."""
        parts = [self.source, self.cohort]
        if self.subgroup.strip().lower() != "all patients":
            parts.append(self.subgroup)
        if self.arm:
            parts.append(self.arm)
        return " · ".join(parts)


def _counts(endpoint: Endpoint) -> str:
    if endpoint in AMONG_RESPONDERS:
        return "responders"
    return "deaths" if endpoint in AMONG_DEATHS else "patients"


def source_link(doi: str | None, url: str | None) -> str | None:
    """A source's link: its DOI's resolver, else its own page."""
    return f"https://doi.org/{doi}" if doi else url


def _conflicts(conflicts_with: list[str], index: EngineIndex) -> tuple[str, ...]:
    others = (index.base.outcomes.get(i) for i in conflicts_with)
    return tuple(f"{value_text(o)} ({o.location})" for o in others if o is not None)


def _axis(point: RangePoint) -> tuple[float | None, float | None, float | None]:
    """The point and its CI on the chart's axis: months for a time, else the value itself."""
    if point.not_reached:
        return None, None, None
    if point.value_months is None:
        return point.value, point.ci_low, point.ci_high
    return (
        point.value_months,
        to_months(point.ci_low, point.unit),
        to_months(point.ci_high, point.unit),
    )


def figure_view(point: RangePoint, index: EngineIndex) -> FigureView:
    """The view of one engine point (a figure graded for this patient)."""
    endpoint = Endpoint(point.endpoint)
    x, x_low, x_high = _axis(point)
    reporting = index.base.sources.get(point.reported_in or "")
    reported = reporting.short if reporting else point.reported_in
    source = index.source_of.get(point.cohort_id)
    return FigureView(
        outcome_id=point.outcome_id,
        endpoint=point.endpoint,
        source=point.source_short,
        cohort=point.cohort_label,
        subgroup=point.subgroup,
        arm=point.arm,
        name=band_label(endpoint, point.timepoint_months, point.response_assessment),
        timepoint_months=point.timepoint_months,
        value=value_text(point, point.value_months),
        interval=interval_text(point),
        n=n_text(point.n, _counts(endpoint)),
        measured=MEASURED_LABELS[MeasuredTreatment(point.measured)],
        time_origin=(
            TIME_ORIGIN_LABELS[TimeOrigin(point.time_origin)] if point.time_origin else ""
        ),
        fit=GRADE_LABELS.get(point.grade, ""),
        in_span=point.in_band,
        hollow_reason=point.hollow_reason,
        maturity=maturity_text(point.maturity),
        strength=strength_words(point.publication, point.verified_from, reported),
        strength_short=tuple(
            STRENGTH_SHORT[k]
            for k in strength_kinds(point.publication, point.verified_from, reported)
        ),
        caveats=tuple(f.text for f in index.caveats_of.get(point.outcome_id, ())),
        design=point.design,
        followup=(
            f"median follow-up {number(point.followup_months)} months"
            if point.followup_months
            else ""
        ),
        location=point.location,
        quote=point.quote,
        link=source_link(point.doi, source.url if source else None),
        doi=point.doi,
        verified=VERIFIED_WORDS[point.verified_from],
        conflicts=_conflicts(point.conflicts_with, index),
        source_error=point.source_error,
        note=point.note,
        x=x,
        x_low=x_low,
        x_high=x_high,
    )


def outcome_view(outcome: Outcome, index: EngineIndex) -> FigureView:
    """The view of a record outside any patient's assessment (the evidence library): no fit."""
    return figure_view(make_point(outcome, "", index), index)
