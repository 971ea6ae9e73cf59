"""The teaching page's content (views.teaching): the prediction scale and words, the evidence
revealed, and a study's appraisal card with its records resolved."""

from __future__ import annotations

from evidence import EvidenceBase
from sequencing.appraisal import appraise
from sequencing.cases import CASES
from sequencing.index import engine_index
from sequencing.prediction import SCALES
from tests.views.scenarios import named_views
from views.records import record_views
from views.teaching import appraisal_view, prediction_scale, prediction_text, reveal


def test_a_rate_is_predicted_in_percent_a_time_in_months() -> None:
    assert prediction_scale("orr").unit == "%" and prediction_scale("os_rate").unit == "%"
    scale = prediction_scale("median_pfs")
    assert (scale.unit, (scale.low, scale.high, scale.step)) == ("months", SCALES["months"])
    assert (
        scale.question.startswith("Your expected range for median") and "(months)" in scale.question
    )
    assert {prediction_scale(c.predict_endpoint).unit for c in CASES} <= set(SCALES)


def test_the_prediction_in_words() -> None:
    scale = prediction_scale("orr")
    assert prediction_text("CAR-T now", scale, 30.0, 60.5) == (
        f"Your prediction: CAR-T now; {scale.endpoint} 30–60.5%."
    )


def test_the_reveal_draws_each_matched_band(base: EvidenceBase) -> None:
    views = named_views()["relapsed-cart-planned"]
    shown = reveal(views.assessment, "orr", 30, 60, engine_index(base))
    assert shown
    titles = {s.title for s in views.assessment.strategies if s.applicable}
    assert {item.strategy for item in shown} <= titles
    assert all(item.chart.title and item.text for item in shown)


def test_an_appraisal_card_resolves_its_records(base: EvidenceBase) -> None:
    index = engine_index(base)
    for source_id in base.sources:
        card, view = appraise(base, source_id), appraisal_view(source_id, index)
        assert view.bias_records == record_views(card.bias_records, index)
        assert len(view.conflicts) == len({first for first, _ in card.conflicts})
        for label, n in card.cohorts:
            assert (f"{label} (n={n})" if n else label) in view.cohorts
