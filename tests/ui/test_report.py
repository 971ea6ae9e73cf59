"""The Markdown and PDF exports: valid files, stamped with versions and the scenario link."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from sequencing import PatientProfile, assess
from sequencing.summary import summarise
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
