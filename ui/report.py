"""The scenario summary as Markdown and PDF (fpdf2), each stamped with versions and the link.

No Streamlit here: the exports are plain functions, tested directly.
"""

from __future__ import annotations

from datetime import date

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from sequencing.summary import Summary

# fpdf2's built-in fonts are Latin-1: the few typographic characters used here are written plainly,
# so the export needs no font file on the server.
_PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "·": "-",
        "≥": ">=",
        "≤": "<=",
        "’": "'",
        "“": '"',
        "”": '"',
        "✓": "yes",
        "✗": "no",
        "×": "x",
        "≈": "~",
    }
)


def markdown(summary: Summary, stamp: str, link: str, today: date | None = None) -> str:
    day = (today or date.today()).isoformat()
    lines = [
        "# Tafa-len and CD19 CAR-T sequencing: scenario summary",
        "",
        summary.paragraph(),
        "",
        f"- Patient features: {summary.features}",
        f"- Strategies that apply: {summary.strategies}",
    ]
    lines += [f"- {line}" for line in summary.ranges]
    if summary.considerations:
        lines.append("- Warnings and cautions: " + "; ".join(summary.considerations))
    lines += [
        "",
        f"*{summary.caveat()}*",
        "",
        f"{stamp} · generated {day}",
        f"Scenario link (no patient identifiers): {link}",
        "",
    ]
    return "\n".join(lines)


def _cell(document: FPDF, height: float, text: str) -> None:
    """A paragraph at the left margin; long links wrap by character."""
    document.multi_cell(
        0,
        height,
        text.translate(_PLAIN),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        wrapmode=WrapMode.CHAR,
    )


def pdf(summary: Summary, stamp: str, link: str, today: date | None = None) -> bytes:
    day = (today or date.today()).isoformat()
    document = FPDF(format="A4")
    document.set_title("Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.set_creator(stamp.translate(_PLAIN))
    document.add_page()
    document.set_font("Helvetica", "B", 15)
    _cell(document, 8, "Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.ln(2)
    sections = [
        ("Patient features", summary.features),
        ("Strategies that apply", summary.strategies),
    ]
    sections += [("Published ranges", line) for line in summary.ranges]
    if summary.considerations:
        sections.append(("Warnings and cautions", "; ".join(summary.considerations)))
    for heading, text in sections:
        document.set_font("Helvetica", "B", 11)
        _cell(document, 6, heading)
        document.set_font("Helvetica", "", 10)
        _cell(document, 5, text)
        document.ln(1)
    document.ln(3)
    document.set_font("Helvetica", "I", 9)
    _cell(document, 5, summary.caveat())
    document.ln(2)
    document.set_font("Helvetica", "", 8)
    _cell(document, 4, f"{stamp} - generated {day}")
    _cell(document, 4, f"Scenario link: {link}")
    return bytes(document.output())
