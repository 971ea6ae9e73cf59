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
        "→": "->",
        "⁰": "0",
        "⁻": "-",
        "◐": "(partly fits)",
    }
)
_SEVERITY_WORDS = {"warning": "Warning", "caution": "Caution", "info": "Information"}


def _latin1(text: str) -> str:
    """What the built-in PDF fonts can draw: the typographic characters written plainly, any
    other character outside Latin-1 as '?' (never an error in the middle of a tumor board)."""
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def warning_lines(summary: Summary) -> list[str]:
    """Each warning and caution with its text and the sources of its records:
    'Warning: title. text (Sources: A; B.)'."""
    lines = []
    for flag in summary.warnings:
        line = f"{_SEVERITY_WORDS.get(flag.severity, flag.severity.title())}: {flag.title}. "
        line += flag.text
        if flag.sources:
            line += f" (Sources: {'; '.join(flag.sources)}.)"
        lines.append(line)
    return lines


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
    if summary.warnings:
        lines += ["", "## Warnings and cautions", ""]
        lines += [f"- {line}" for line in warning_lines(summary)]
    elif summary.considerations:
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
    """A paragraph at the left margin, wrapped between words; only a token longer than a line
    (the scenario link) is broken inside."""
    document.multi_cell(
        0,
        height,
        _latin1(text),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        wrapmode=WrapMode.WORD,
    )


def pdf(summary: Summary, stamp: str, link: str, today: date | None = None) -> bytes:
    day = (today or date.today()).isoformat()
    document = FPDF(format="A4")
    document.set_title("Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.set_creator(_latin1(stamp))
    document.add_page()
    document.set_font("Helvetica", "B", 15)
    _cell(document, 8, "Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.ln(2)
    sections = [
        ("Patient features", summary.features),
        ("Strategies that apply", summary.strategies),
    ]
    sections += [("Published ranges", line) for line in summary.ranges]
    if summary.warnings:
        sections += [("Warnings and cautions", line) for line in warning_lines(summary)]
    elif summary.considerations:
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
