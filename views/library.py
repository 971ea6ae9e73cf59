"""The evidence library as shown: every outcome record a row in words, and the forest chart.

A row is the flat export record (`evidence.export.rows`: setting, response assessment, CAR-T
exposure, what the n counts, the kind of publication) with the figure's own words resolved once
(`views.figure`: value, interval, n, whose effect, from when, maturity, strength, caveats). The
forest chart labels what each figure measures: DESCAR-T's response after CAR-T infusion in its
tafa-len-before-CAR-T set is the CAR-T's, and says so (issue 15), never a tafa-len figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evidence import export
from evidence.figure import to_months
from evidence.loader import EvidenceBase
from evidence.models import (
    CART_EXPOSURE_LABELS,
    ENDPOINT_LABELS,
    MEASURED_LABELS,
    PUBLICATION_LABELS,
    RESPONSE_ASSESSMENT_LABELS,
    SETTING_LABELS,
    CartExposure,
    Endpoint,
    MeasuredTreatment,
    Outcome,
    Publication,
    ResponseAssessment,
    Setting,
)
from sequencing.index import engine_index
from views.figure import FigureView, outcome_view
from views.labels import unique

__all__ = [
    "OWN_TREATMENT",
    "Forest",
    "ForestRow",
    "LibraryRow",
    "forest",
    "library_rows",
]

# The words for a figure of the cohort's own treatment: the forest chart names any other.
OWN_TREATMENT = MEASURED_LABELS[MeasuredTreatment.cohort_treatment]


@dataclass(frozen=True, slots=True)
class LibraryRow:
    figure: FigureView
    endpoint: str  # the endpoint's code, for the forest chart
    unit: str
    setting: str
    endpoint_label: str
    response_assessment: str
    cart_exposure: str
    n_counts: str  # what the n counts, or why there is none
    publication: str
    conflict: bool
    note: str

    @property
    def choice(self) -> str:
        """How the record is offered in a list: 'DESCAR-T · Early failure · Median OS2 4.7
        months'."""
        f = self.figure
        return f"{f.source} · {f.subgroup} · {self.endpoint_label} {f.value}"

    def record(self) -> dict[str, str]:
        f = self.figure
        return {
            "Source": f.source,
            "Cohort": f.cohort,
            "Subgroup": f.subgroup,
            "Arm": f.arm or "",
            "Setting": self.setting,
            "Endpoint": self.endpoint_label,
            "Value": f.value,
            "Interval": f.interval,
            "n": f.n,
            "n counts": self.n_counts,
            "Whose effect": f.measured,
            "Counted": f.time_origin,
            "Response assessment": self.response_assessment,
            "CAR-T exposure": self.cart_exposure,
            "Maturity": f.maturity,
            "Publication": self.publication,
            "Strength": "; ".join(f.strength),
            "Authors' caveats": "; ".join(f.caveats),
            "Where": f.location,
            "Conflict": "yes" if self.conflict else "",
            "Note": self.note,
            "Quote": f.quote or "",
            "Id": f.outcome_id,
        }


def _row(outcome: Outcome, flat: dict[str, Any], figure: FigureView) -> LibraryRow:
    assessment = flat["response_assessment"]
    return LibraryRow(
        figure=figure,
        endpoint=outcome.endpoint.value,
        unit=outcome.unit,
        setting=SETTING_LABELS[Setting(flat["setting"])],
        endpoint_label=ENDPOINT_LABELS[outcome.endpoint],
        response_assessment=(
            RESPONSE_ASSESSMENT_LABELS[ResponseAssessment(assessment)] if assessment else ""
        ),
        cart_exposure=CART_EXPOSURE_LABELS[CartExposure(flat["cart_exposure"])],
        n_counts=flat["n_basis"],
        publication=PUBLICATION_LABELS[Publication(flat["publication"])],
        conflict=bool(outcome.conflicts_with),
        note=outcome.source_error or outcome.comparison or outcome.note or "",
    )


def library_rows(base: EvidenceBase, outcomes: Sequence[Outcome]) -> tuple[LibraryRow, ...]:
    index = engine_index(base)
    flat = export.rows(base, list(outcomes))
    return tuple(
        _row(o, row, outcome_view(o, index)) for o, row in zip(outcomes, flat, strict=True)
    )


@dataclass(frozen=True, slots=True)
class ForestRow:
    row: str  # unique label: the record, and what it measures when not the cohort's own effect
    x: float
    ci_low: float | None
    ci_high: float | None
    value: str
    measures: str  # whose effect, in words: the chart's colour
    setting: str


@dataclass(frozen=True, slots=True)
class Forest:
    axis_title: str
    log_scale: bool  # ratios
    rows: tuple[ForestRow, ...]
    alt_text: str
    left_out: str  # records of another unit, not drawn ('' when none)


def _axis_unit(row: LibraryRow) -> str:
    """Times go on one months axis (days and years converted); others keep their unit."""
    return "months" if to_months(1.0, row.unit) is not None else row.unit


def _label(row: LibraryRow) -> str:
    measured = row.figure.measured
    return row.figure.where + (f" · measures: {measured}" if measured != OWN_TREATMENT else "")


def forest(rows: Sequence[LibraryRow], endpoint: str) -> Forest | None:
    """The endpoint's figures on one axis, each with its CI; None when none has a point."""
    plotted = [r for r in rows if r.endpoint == endpoint and r.figure.x is not None]
    if not plotted:
        return None
    units = sorted({_axis_unit(r) for r in plotted})
    unit = units[0]
    drawn = [r for r in plotted if _axis_unit(r) == unit]
    labels = unique(
        [_label(r) for r in drawn],
        [[r.figure.location for r in drawn], [r.figure.outcome_id for r in drawn]],
    )
    forest_rows = tuple(
        ForestRow(
            label, x, r.figure.x_low, r.figure.x_high, r.figure.value, r.figure.measured, r.setting
        )
        for label, r in zip(labels, drawn, strict=True)
        if (x := r.figure.x) is not None
    )
    left_out = (
        f"Only records in {unit} are drawn; others use another unit: {', '.join(units[1:])}."
        if len(units) > 1
        else ""
    )
    alt = "; ".join(
        f"{label}: {r.figure.value}" + (f" ({r.figure.interval})" if r.figure.interval else "")
        for label, r in zip(labels, drawn, strict=True)
    )
    return Forest(
        axis_title=f"{ENDPOINT_LABELS[Endpoint(endpoint)]} ({unit})",
        log_scale=unit == "ratio",
        rows=forest_rows,
        alt_text=f"Forest chart. {alt}.",
        left_out=left_out,
    )
