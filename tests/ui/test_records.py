"""How one evidence record reads (real evidence base): quote, place in the paper, link,
conflicts, known errors, strength, caveats; OCR markup shown literally."""

from __future__ import annotations

from evidence.loader import EvidenceBase
from sequencing.index import engine_index
from ui.records import record_markdown
from views.records import record_view


def _text(base: EvidenceBase, record_id: str) -> str:
    record = record_view(record_id, engine_index(base))
    assert record is not None, record_id
    return record_markdown(record)


def test_outcome_shows_value_quote_location_and_link(base: EvidenceBase) -> None:
    text = _text(base, "talos-all-median-dor-results")
    assert "51.2 months" in text
    assert "https://doi.org/10.1002/hon.70167" in text
    assert "> " in text  # the verbatim quote
    assert "contradicts itself" in text and "52.1 months" in text
    # A duration of response counts responders: never the cohort's 83.
    assert "n=83" not in text


def test_known_source_error_is_named(base: EvidenceBase) -> None:
    text = _text(base, "lmind-targetedonc-lenalidomide-dose-mgkg")
    assert "Known error in the source" in text
    assert "25 mg" in text


def test_secondary_summaries_say_so(base: EvidenceBase) -> None:
    secondary = next(
        o for o in base.outcomes.values() if o.verified_from.value == "secondary_summary"
    )
    assert "secondary summary only" in _text(base, secondary.id)


def test_ocr_markup_in_quotes_is_shown_literally(base: EvidenceBase) -> None:
    with_dollar = next(o for o in base.outcomes.values() if o.quote and "$" in o.quote)
    assert "\\$" in _text(base, with_dollar.id)


def test_unknown_record_is_none(base: EvidenceBase) -> None:
    assert record_view("no-such-record", engine_index(base)) is None
