"""The teaching page's content in words: a case's prediction scale and the fellow's prediction,
the evidence revealed after it (each matched band's chart, `views.ranges`), and a study's
appraisal card with the records behind its biases and self-contradictions, resolved once."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.formatting import DASH, n_text, number, unit_suffix
from evidence.models import ENDPOINT_LABELS, Endpoint
from sequencing.appraisal import appraise
from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from sequencing.prediction import SCALES, feedback
from views.ranges import RangeChart, range_chart
from views.records import RecordView, record_views

__all__ = [
    "AppraisalView",
    "PredictionScale",
    "Reveal",
    "appraisal_view",
    "prediction_scale",
    "prediction_text",
    "reveal",
]


@dataclass(frozen=True, slots=True)
class PredictionScale:
    endpoint: str  # 'overall response rate (best response)', lower case
    unit: str  # '%' or 'months'
    low: float
    high: float
    step: float
    slider_format: str  # how the slider writes its values

    @property
    def question(self) -> str:
        return f"Your expected range for {self.endpoint} ({self.unit})"


def prediction_scale(endpoint: str) -> PredictionScale:
    """A rate (a response rate, a rate at a time) is predicted in %, a time in months."""
    unit = "%" if "rate" in endpoint or "orr" in endpoint else "months"
    low, high, step = SCALES[unit]
    label = ENDPOINT_LABELS[Endpoint(endpoint)].lower()
    return PredictionScale(label, unit, low, high, step, "%.0f" if unit == "%" else "%.1f")


def prediction_text(strategy: str, scale: PredictionScale, low: float, high: float) -> str:
    """'Your prediction: Tafa-len now; overall response rate 30–60%.'"""
    span = f"{number(low)}{DASH}{number(high)}{unit_suffix(scale.unit)}"
    return f"Your prediction: {strategy}; {scale.endpoint} {span}."


@dataclass(frozen=True, slots=True)
class Reveal:
    strategy: str
    text: str  # how the prediction sits against the published span
    chart: RangeChart


def reveal(
    assessment: Assessment, endpoint: str, low: float, high: float, index: EngineIndex
) -> tuple[Reveal, ...]:
    return tuple(
        Reveal(item.strategy_title, item.text, range_chart(item.endpoint_range, index))
        for item in feedback(assessment, endpoint, low, high)
    )


@dataclass(frozen=True, slots=True)
class AppraisalView:
    short: str
    citation: str
    design: str  # 'Registry · known here only second-hand'
    cohorts: str  # 'DESCAR-T, post-CAR-T set (n=52); ...' ('' when none)
    biases: tuple[str, ...]
    bias_records: tuple[RecordView, ...]
    cautions: tuple[str, ...]
    conflicts: tuple[RecordView, ...]  # the first record of each pair that contradicts itself


def appraisal_view(source_id: str, index: EngineIndex) -> AppraisalView:
    card = appraise(index.base, source_id)
    cohorts = "; ".join(f"{label} ({n_text(n)})" if n else label for label, n in card.cohorts)
    return AppraisalView(
        short=card.short,
        citation=card.citation,
        design=card.design + (" · known here only second-hand" if card.second_hand else ""),
        cohorts=cohorts,
        biases=tuple(card.biases),
        bias_records=record_views(card.bias_records, index),
        cautions=tuple(card.cautions),
        conflicts=record_views((first for first, _ in card.conflicts), index),
    )
