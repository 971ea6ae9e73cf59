"""The Markdown and PDF exports: valid files, stamped with versions and the link, carrying what
the board carries (every column, every figure with its n, maturity, strength and source link,
the warnings with their evidence), words never split across lines."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from evidence.loader import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from views.report import _latin1, figure_line, markdown, pdf, sections, warning_lines
from views.scenario import ScenarioViews, build_views
from views.summary import Summary

STAMP = "App 0.1.0 · evidence base 2026.11.30"
LINK = "?prior_lines=3&prior_cart=true&months_cart_to_failure=4"
DAY = date(2026, 11, 30)


def _views(profile: PatientProfile, base: EvidenceBase) -> ScenarioViews:
    return build_views(assess(profile, base), engine_index(base))


def _post_cart(base: EvidenceBase) -> ScenarioViews:
    return _views(PatientProfile(prior_lines=3, prior_cart=True, months_cart_to_failure=4), base)


def _named(base: EvidenceBase) -> dict[str, ScenarioViews]:
    out = {}
    for name in SCENARIOS:
        parsed = url_state.parse_url(params(name))
        assert parsed.a.profile is not None
        assessment = assess(
            parsed.a.profile, base, leukapheresis_in_days=parsed.a.leukapheresis_in_days
        )
        out[name] = build_views(assessment, engine_index(base))
    return out


def test_markdown_export(base: EvidenceBase) -> None:
    text = markdown(_post_cart(base), STAMP, LINK, today=DAY)
    assert text.startswith("# ")
    assert STAMP in text and LINK in text and "2026-11-30" in text
    assert "not a prediction" in text
    # The summary once.
    assert text.count("Published ranges (matched cohorts, not a prediction)") == 1


def test_pdf_export_is_a_readable_pdf(base: EvidenceBase) -> None:
    data = pdf(_post_cart(base), STAMP, LINK, today=DAY)
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "evidence base 2026.11.30" in text
    assert "months_cart_to_failure=4" in text.replace("\n", "")
    assert "DESCAR-T" in text


def test_pdf_survives_long_unbroken_links(base: EvidenceBase) -> None:
    data = pdf(_post_cart(base), STAMP, "?" + "x" * 2000)
    assert PdfReader(io.BytesIO(data)).pages


def test_caveat_names_the_designs_actually_shown() -> None:
    """The export once said 'single-arm and retrospective cohorts' whatever it showed."""
    trial = Summary("f", "s", ["r"], [], designs=("Randomised trial",))
    assert "randomised trial" in trial.caveat() and "retrospective" not in trial.caveat()
    registry = Summary("f", "s", ["r"], [], designs=("Registry", "Single-arm trial"))
    assert "registry, single-arm trial" in registry.caveat()
    assert "randomised" not in registry.caveat()
    assert "No published range matches" in Summary("f", "none", [], []).caveat()


def test_caveat_follows_the_scenario(base: EvidenceBase) -> None:
    """Real data: a post-CAR-T patient's ranges come from DESCAR-T, a registry."""
    views = _post_cart(base)
    assert "Registry" in views.summary.designs
    assert "registry" in markdown(views, STAMP, LINK)


def test_the_document_carries_every_column_and_every_figure_of_the_board(
    base: EvidenceBase,
) -> None:
    """Real data, every named scenario: each applicable strategy is a section, every figure
    behind every cell is a line with its n and (where it has one) its link."""
    for name, views in _named(base).items():
        text = markdown(views, STAMP, LINK)
        for column in views.board.columns:
            assert f"## {column.title}" in text, name
            for stage in column.stages:
                for cell in stage.cells:
                    for figure in cell.figures:
                        assert figure_line(figure) in text, (name, figure.outcome_id)
                        assert figure.n in figure_line(figure)
                        if figure.maturity:
                            assert figure.maturity in figure_line(figure)
        for item in views.board.not_applicable:
            assert f"{item.title}: {item.reason}" in text


def _pdf_tokens(data: bytes) -> set[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return set(text.split())


def test_pdf_breaks_lines_between_words_only(base: EvidenceBase) -> None:
    """Every word of the summary and warnings appears whole in the PDF's text: fpdf2 once
    wrapped by character and split words across lines. Only the link may break."""
    for name, views in _named(base).items():
        tokens = _pdf_tokens(pdf(views, STAMP, LINK, today=DAY))
        summary = views.summary
        texts = [summary.paragraph(), summary.caveat()]
        texts += warning_lines(summary)
        for text in texts:
            for word in _latin1(text).split():
                assert word in tokens, (name, word)


def test_exports_give_each_warning_with_its_text_and_evidence(base: EvidenceBase) -> None:
    flagged = [v for v in _named(base).values() if v.summary.warnings]
    assert len(flagged) >= 4  # early failure, double-hit, rapid tempo, recent tafasitamab...
    for views in flagged:
        text = markdown(views, STAMP, LINK)
        pdf_text = " ".join(
            " ".join(p.extract_text().split())
            for p in PdfReader(io.BytesIO(pdf(views, STAMP, LINK))).pages
        )
        for flag in views.summary.warnings:
            assert flag.severity in ("warning", "caution")
            assert flag.title in text and flag.text in text
            assert " ".join(_latin1(flag.text).split()) in pdf_text
            assert flag.sources
            assert f"(Sources: {'; '.join(flag.sources)}.)" in text
        # A warning's records are in the document, not only referred to.
        for warning in views.board.warnings:
            for record in warning.records:
                assert record.source in text


def test_each_range_sentence_is_the_boards_cell(base: EvidenceBase) -> None:
    """The summary states exactly the spans the board shows (they once disagreed for the
    CAR-T response range): every sentence is a cell's label and text."""
    checked = 0
    for views in _named(base).values():
        text = " ".join(views.summary.ranges)
        for column in views.board.columns:
            for stage in column.stages:
                stated = [
                    c
                    for c in stage.cells
                    if c.kind in ("response", "progression", "survival")
                    and any(f.in_span for f in c.figures)
                ][:2]
                for cell in stated:
                    assert f"{cell.label} {cell.text} (" in text, (cell.label, text)
                    checked += 1
    assert checked


def test_sections_start_with_the_summary(base: EvidenceBase) -> None:
    views = _post_cart(base)
    assert [heading for heading, _ in sections(views)][:2] == ["Summary", "Patient features"]
    empty = replace(views, board=replace(views.board, columns=(), not_applicable=()))
    assert [heading for heading, _ in sections(empty)][:2] == ["Summary", "Patient features"]
