"""The Markdown and PDF exports: valid files, stamped with versions and the scenario link."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from sequencing import PatientProfile, assess
from sequencing.summary import Summary, summarise
from ui.report import markdown, pdf

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
