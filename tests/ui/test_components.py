"""How one evidence record reads: quote, place in the paper, conflicts, known errors."""

from __future__ import annotations

from ui.components import evidence_markdown, range_text


def test_outcome_shows_value_quote_location_and_doi(base) -> None:  # type: ignore[no-untyped-def]
    text = evidence_markdown(base, "talos-all-median-dor-results")
    assert "51.2 months" in text
    assert "doi:10.1002/hon.70167" in text
    assert "> " in text  # the verbatim quote
    assert "contradicts itself" in text and "52.1 months" in text


def test_known_source_error_is_named(base) -> None:  # type: ignore[no-untyped-def]
    text = evidence_markdown(base, "lmind-targetedonc-lenalidomide-dose-mgkg")
    assert "Known error in the source" in text
    assert "25 mg" in text


def test_secondary_summaries_say_so(base) -> None:  # type: ignore[no-untyped-def]
    secondary = next(
        o for o in base.outcomes.values() if o.verified_from.value == "secondary_summary"
    )
    assert "secondary summary only" in evidence_markdown(base, secondary.id)


def test_ocr_markup_in_quotes_is_shown_literally(base) -> None:  # type: ignore[no-untyped-def]
    with_dollar = next(o for o in base.outcomes.values() if o.quote and "$" in o.quote)
    assert "\\$" in evidence_markdown(base, with_dollar.id)


def test_unknown_record_is_said_plainly(base) -> None:  # type: ignore[no-untyped-def]
    assert "not found" in evidence_markdown(base, "no-such-record")


def test_range_text_is_a_span_never_a_single_prediction(base) -> None:  # type: ignore[no-untyped-def]
    from sequencing import PatientProfile, assess

    assessment = assess(PatientProfile(), base)
    strategy = next(s for s in assessment.strategies if s.applicable)
    orr = next(r for r in strategy.ranges if r.endpoint == "orr")
    text = range_text(orr)
    assert "–" in text and "across" in text
