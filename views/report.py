"""The scenario as Markdown and PDF (fpdf2): what the board carries, stamped with versions and
the link.

The document holds the summary once, then every strategy column with its stages and key figures
(each figure with its n, maturity, source strength, fit and DOI), the strategies that do not
apply and why, and every warning and caution with the records it rests on. Nothing is referred
to that is not in the document. No Streamlit here: plain functions, tested directly.
"""

from __future__ import annotations

from datetime import date

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from evidence.stewardship import Stewardship, stewardship
from evidence.version import EVIDENCE_DATE, EVIDENCE_VERSION
from sequencing.vocabulary import SEVERITY_LABELS
from views.basis import cell_basis
from views.board import Board, Cell
from views.changes import WhatChanged, headline
from views.changes import sections as change_sections
from views.figure import FigureView
from views.records import FindingView, RecordView
from views.scenario import ScenarioViews
from views.summary import Summary

__all__ = [
    "Section",
    "about_lines",
    "change_lines",
    "figure_line",
    "markdown",
    "option_lines",
    "pdf",
    "record_line",
    "sections",
    "warning_lines",
]

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


def _latin1(text: str) -> str:
    """What the built-in PDF fonts can draw: the typographic characters written plainly, any
    other character outside Latin-1 as '?' (never an error in the middle of a tumor board)."""
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def warning_lines(summary: Summary) -> list[str]:
    """Each warning and caution with its text and the sources of its records:
    'Warning: title. text (Sources: A; B.)'."""
    lines = []
    for flag in summary.warnings:
        line = f"{SEVERITY_LABELS.get(flag.severity, flag.severity.title())}: {flag.title}. "
        line += flag.text
        if flag.sources:
            line += f" (Sources: {'; '.join(flag.sources)}.)"
        lines.append(line)
    return lines


def figure_line(figure: FigureView) -> str:
    """'TALOs 2026 · TALOs, all patients: 47% (95% CI ...) · n=83 · immature: ... · best fit
    partly fits · sets the span · Table 2 · https://doi.org/...'."""
    parts = [f"{figure.where}: {figure.summary}", figure.design]
    if figure.fit:  # graded for this patient: its fit and whether it sets the span
        parts.append(figure.fit.lower())
        parts.append(
            "sets the span" if figure.in_span else f"not in the span: {figure.hollow_reason}"
        )
    parts += [f"caveat: {text}" for text in figure.caveats]
    parts.append(figure.location)
    if figure.link:
        parts.append(figure.link)
    return " · ".join(parts)


def record_line(record: RecordView) -> str:
    if isinstance(record, FindingView):
        where = f"{record.source}: {record.text} · {record.location}"
        return where + (f" · {record.link}" if record.link else "")
    return figure_line(record)


def _cell_line(cell: Cell) -> str:
    if cell.empty:
        return f"{cell.label}: {cell.text}"
    return f"{cell.label}: {cell.text} ({cell_basis(cell)})"


Section = tuple[str, list[str]]


def option_lines(board: Board) -> list[str]:
    """Each option with every cohort's figures: the same as its row and dialog on the board."""
    lines: list[str] = []
    for option in board.options:
        marks = [
            m
            for m in (
                option.cd19,
                "named by the guideline for this patient" if option.named else "",
            )
            if m
        ]
        head = option.title + (f" ({'; '.join(marks)})" if marks else "")
        lines.append(head + (f": {option.empty_text}" if option.empty_text else ""))
        lines += [f"  Context: {record_line(r)}" for r in option.context]
        for cohort in option.cohorts:
            basis = [
                cohort.n,
                cohort.design.lower(),
                cohort.fit.lower(),
                cohort.timing,
                cohort.mixed,
            ]
            lines.append(f"  {cohort.label}: {' · '.join(b for b in basis if b)}")
            lines += [f"  - {figure_line(f)}" for f in (*cohort.figures, *cohort.comparisons)]
        for cohort in option.outside:
            lines.append(
                f"  Outside this patient's criteria: {cohort.label} ({'; '.join(cohort.reasons)})"
            )
    return lines


def change_lines(changes: WhatChanged) -> list[str]:
    """What changed since the link's evidence version: each change before -> after with the
    numbers of its changelog lines, then the lines."""
    grouped, notes = change_sections(changes)
    lines = [headline(changes)]
    for section in grouped:
        lines.append(section.title)
        for row in section.rows:
            refs = " ".join(f"[{n}]" for n in row.notes)
            status = f" ({row.status})" if row.status else ""
            lines.append(
                f"  - {row.where}{status}: {row.before or '-'} -> {row.after or '-'}"
                + (f" {refs}" if refs else "")
            )
    lines += [f"  [{n}] {line}" for n, line in enumerate(notes, 1)]
    return lines


def about_lines(steward: Stewardship | None = None) -> list[str]:
    """The evidence's version and date, how it is kept current, by whom, funding, conflicts."""
    kept = steward or stewardship()
    return [
        f"Evidence base version {EVIDENCE_VERSION}, released {EVIDENCE_DATE.isoformat()}.",
        f"Update policy: {kept.review}",
        f"Curated by: {kept.curator}",
        f"Funding: {kept.funding} Conflicts of interest: {kept.conflicts}",
    ]


def sections(views: ScenarioViews, changes: WhatChanged | None = None) -> list[Section]:
    """The document as headings and paragraphs, for both Markdown and PDF; with `changes`, what
    changed for this patient since the link's evidence version comes first."""
    summary, board = views.summary, views.board
    out: list[Section] = [
        ("Summary", [summary.paragraph()]),
        ("Patient features", [summary.features]),
    ]
    if changes is not None:
        out.insert(0, (f"What changed since evidence {changes.since}", change_lines(changes)))
    for column in board.columns:
        lines = [f"Context: {note.text}" for note in column.context]
        for stage in column.stages:
            lines.append(f"{stage.title}. {stage.measures}")
            for cell in stage.cells:
                lines.append(_cell_line(cell))
                lines += [f"  - {figure_line(f)}" for f in cell.figures]
            lines += [f"  Note: {note.text}" for note in stage.notes]
        out.append((column.title, lines))
    if board.options:
        out.append(
            ("Other options at this point (a fixed order, not a ranking)", option_lines(board))
        )
    if board.not_applicable:
        out.append(
            (
                "Strategies that do not apply",
                [f"{n.title}: {n.reason}" for n in board.not_applicable],
            )
        )
    flagged = [c for c in views.assessment.considerations if c.severity in ("warning", "caution")]
    if flagged:
        lines = []
        for line, item in zip(warning_lines(summary), flagged, strict=True):
            lines.append(line)
            by_id = {w.rule_id: w for w in board.warnings}
            warning = by_id.get(item.rule_id)
            if warning is not None:
                lines += [f"  - {record_line(r)}" for r in warning.records]
        out.append(("Warnings and cautions", lines))
    out.append(("About this document", about_lines()))
    return out


def markdown(
    views: ScenarioViews,
    stamp: str,
    link: str,
    today: date | None = None,
    changes: WhatChanged | None = None,
) -> str:
    day = (today or date.today()).isoformat()
    lines = ["# Tafa-len and CD19 CAR-T sequencing: scenario summary", ""]
    for heading, paragraphs in sections(views, changes):
        lines += [f"## {heading}", ""]
        lines += [
            p if p.startswith("  - ") else f"  - {p.strip()}" if p.startswith("  ") else f"- {p}"
            for p in paragraphs
        ]
        lines.append("")
    lines += [
        f"*{views.summary.caveat()}*",
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


def pdf(
    views: ScenarioViews,
    stamp: str,
    link: str,
    today: date | None = None,
    changes: WhatChanged | None = None,
) -> bytes:
    day = (today or date.today()).isoformat()
    document = FPDF(format="A4")
    document.set_title("Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.set_creator(_latin1(stamp))
    document.add_page()
    document.set_font("Helvetica", "B", 15)
    _cell(document, 8, "Tafa-len and CD19 CAR-T sequencing: scenario summary")
    document.ln(2)
    for heading, paragraphs in sections(views, changes):
        document.set_font("Helvetica", "B", 11)
        _cell(document, 6, heading)
        for paragraph in paragraphs:
            nested = paragraph.startswith("  ")
            document.set_font("Helvetica", "", 8 if nested else 10)
            _cell(document, 4 if nested else 5, paragraph.strip())
        document.ln(1)
    document.ln(3)
    document.set_font("Helvetica", "I", 9)
    _cell(document, 5, views.summary.caveat())
    document.ln(2)
    document.set_font("Helvetica", "", 8)
    _cell(document, 4, f"{stamp} - generated {day}")
    _cell(document, 4, f"Scenario link: {link}")
    return bytes(document.output())
