"""Range texts of the strategy cards (real evidence base)."""

from __future__ import annotations

from ui.components import range_text


def test_range_text_is_a_span_never_a_single_prediction(base) -> None:  # type: ignore[no-untyped-def]
    from sequencing import PatientProfile, assess

    assessment = assess(PatientProfile(), base)
    strategy = next(s for s in assessment.strategies if s.applicable)
    orr = next(r for r in strategy.ranges if r.endpoint == "orr")
    text = range_text(orr)
    assert "–" in text and "across" in text
