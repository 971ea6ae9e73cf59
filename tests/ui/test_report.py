"""The Markdown and PDF exports: valid files, stamped with versions and the scenario link."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from sequencing import PatientProfile, assess
from sequencing.summary import Summary, banded, range_sentence, summarise
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from ui.report import _latin1, markdown, pdf, warning_lines

STAMP = "App 0.1.0 · evidence base 2026.11.30"
LINK = "?prior_lines=3&prior_cart=true&months_cart_to_failure=4"


def _summary(base):  # type: ignore[no-untyped-def]
    return summarise(
        assess(PatientProfile(prior_lines=3, prior_cart=True, months_cart_to_failure=4), base)
    )


def test_markdown_export(base) -> None:  # type: ignore[no-untyped-def]
    text = markdown(_summary(base), STAMP, LINK, today=date(2026, 11, 30))
    assert text.startswith("# ")
    assert STAMP in text and LINK in text and "2026-11-30" in text
    assert "not a prediction" in text


def test_pdf_export_is_a_readable_pdf(base) -> None:  # type: ignore[no-untyped-def]
    data = pdf(_summary(base), STAMP, LINK, today=date(2026, 11, 30))
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "evidence base 2026.11.30" in text
    assert "months_cart_to_failure=4" in text.replace("\n", "")
    assert "DESCAR-T" in text


def test_pdf_survives_long_unbroken_links(base) -> None:  # type: ignore[no-untyped-def]
    data = pdf(_summary(base), STAMP, "?" + "x" * 2000)
    assert PdfReader(io.BytesIO(data)).pages


def test_caveat_names_the_designs_actually_shown() -> None:
    """The export once said 'single-arm and retrospective cohorts' whatever it showed."""
    trial = Summary("f", "s", ["r"], [], designs=("Randomised trial",))
    text = markdown(trial, STAMP, LINK, today=date(2026, 11, 30))
    assert "randomised trial" in text and "retrospective" not in text
    registry = Summary("f", "s", ["r"], [], designs=("Registry", "Single-arm trial"))
    text = markdown(registry, STAMP, LINK, today=date(2026, 11, 30))
    assert "registry, single-arm trial" in text and "randomised" not in text
    none = Summary("f", "none", [], [])
    assert "No published range matches" in markdown(none, STAMP, LINK)


def test_caveat_follows_the_scenario(base) -> None:  # type: ignore[no-untyped-def]
    """Real data: a post-CAR-T patient's ranges come from DESCAR-T, a registry."""
    summary = _summary(base)
    assert "Registry" in summary.designs
    assert "registry" in markdown(summary, STAMP, LINK)


# --- The board issue: words whole, warnings with their text, every figure with its source -------


def _named_summaries(base) -> dict[str, Summary]:  # type: ignore[no-untyped-def]
    out = {}
    for name in SCENARIOS:
        parsed = url_state.parse_url(params(name))
        assert parsed.a.profile is not None
        assessment = assess(
            parsed.a.profile, base, leukapheresis_in_days=parsed.a.leukapheresis_in_days
        )
        out[name] = summarise(assessment, base)
    return out


def _pdf_tokens(data: bytes) -> set[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return set(text.split())


def test_pdf_breaks_lines_between_words_only(base) -> None:  # type: ignore[no-untyped-def]
    """Every word of every section appears whole in the PDF's text: fpdf2 once wrapped by
    character and split words across lines. Only the link, longer than a line, may break."""
    for name, summary in _named_summaries(base).items():
        tokens = _pdf_tokens(pdf(summary, STAMP, LINK, today=date(2026, 11, 30)))
        texts = [summary.features, summary.strategies, summary.caveat(), *summary.ranges]
        texts += warning_lines(summary)
        for text in texts:
            for word in _latin1(text).split():
                assert word in tokens, (name, word)


def test_exports_give_each_warning_with_its_text(base) -> None:  # type: ignore[no-untyped-def]
    summaries = _named_summaries(base)
    flagged = [s for s in summaries.values() if s.warnings]
    assert len(flagged) >= 4  # early failure, double-hit, rapid tempo, recent tafasitamab...
    for summary in flagged:
        text = markdown(summary, STAMP, LINK)
        pdf_text = " ".join(
            " ".join(p.extract_text().split())
            for p in PdfReader(io.BytesIO(pdf(summary, STAMP, LINK))).pages
        )
        for flag in summary.warnings:
            assert flag.severity in ("warning", "caution")
            assert flag.title in text and flag.text in text
            assert " ".join(_latin1(flag.text).split()) in pdf_text
            # Each warning names the sources of the records it rests on.
            assert flag.sources
            assert f"(Sources: {'; '.join(flag.sources)}.)" in text


def test_each_range_sentence_names_the_sources_of_its_figures(base) -> None:  # type: ignore[no-untyped-def]
    """A span states two figures, its ends: the sentence names the cohort of each, also when
    many cohorts set the span (it once said 'and 3 more', hiding where the ends came from)."""
    checked = 0
    for name in SCENARIOS:
        parsed = url_state.parse_url(params(name))
        assert parsed.a.profile is not None
        assessment = assess(parsed.a.profile, base)
        for strategy in assessment.strategies:
            for band in strategy.ranges:
                sentence = range_sentence(band)
                if sentence is None or band.low is None or band.high is None:
                    continue
                points = banded(band)
                for end in (band.low, band.high):
                    sources = {
                        p.source_short
                        for p in points
                        if (p.value_months if p.value_months is not None else p.value) == end
                    }
                    assert any(s in sentence for s in sources), (sentence, end)
                    checked += 1
    assert checked
