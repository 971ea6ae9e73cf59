"""The board on screen: the strategies that apply side by side, each stage's key figures as cells,
the warnings above, the summary and the scenario link below.

Display only: what the board holds is decided by `sequencing.board.build_board`. Each cell is a
popover button (its figure, name and basis as the label), so that clicking a cell opens the
figures behind it: each cohort with its fit, n, interval, quote and DOI. No dataframe here: the
board adds no Arrow conversion to a rerun.
"""

from __future__ import annotations

import streamlit as st

from evidence import EvidenceBase
from sequencing.board import Board, BoardColumn, BoardStage, BoardWarning, Cell
from sequencing.strategies import Note
from sequencing.summary import Summary
from ui import components
from ui.theme import BOARD_CSS, FIT_LABELS, SEVERITY_ICONS

PARTIAL_MARK = "◐"
LEGEND = {
    "partial": f"{PARTIAL_MARK} at least one cohort in the span only partly fits this patient",
    "at_least": "n≥: some cohorts give no n",
    "not_reached": "NR: a median not reached (the upper end may be higher)",
}
LEGEND_END = "select a cell for the figures behind it"
_MARKDOWN = "\\*_[]`<>#|$~"


def _plain(text: str) -> str:
    """Evidence text in a Markdown label, shown literally."""
    for char in _MARKDOWN:
        text = text.replace(char, "\\" + char)
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def basis(cell: Cell) -> tuple[str, str]:
    """Two short lines: what the span rests on ('3 cohorts · n=747') and the best fit among its
    cohorts, with the partial mark where a cohort only partly fits."""
    if cell.empty:
        return "no matched cohort", "reports it"
    if cell.kind == "options":
        rests = "each on its own, not ranked"
    else:
        if cell.patients:
            n = f" · n={cell.patients}"
        elif cell.patients_at_least:
            n = f" · n≥{cell.patients_at_least}"
        else:
            n = " · n not given"
        rests = _plural(cell.cohorts, "cohort") + n
    fit = f"best fit: {FIT_LABELS[cell.grade].lower()}" if cell.grade else ""
    if cell.partial:
        fit += f" {PARTIAL_MARK}"
    return rests, fit


def cell_label(cell: Cell) -> str:
    """The cell as a button label: the figure in bold (a number never broken across lines; its
    unit of months beside it), its name in italics, its basis as two code spans; the board's
    style lays them out as lines."""
    suffix = f" {cell.unit}"
    # A median not reached: the upper end may be higher (NR, read in the legend).
    reached = f", {len(cell.not_reached_in)} NR" if cell.not_reached_in else ""
    if cell.unit and cell.unit != "%" and cell.text.endswith(suffix):
        figure = f"**{_plain(cell.text.removesuffix(suffix))}** {_plain(cell.unit)}{reached}"
    elif cell.unit:
        figure = f"**{_plain(cell.text)}**{reached}"
    else:
        figure = f"***{_plain(cell.text)}***"  # words: may wrap
    rests, fit = basis(cell)
    return f"{figure} *{_plain(cell.short)}* `{rests}` `{fit}`"


def cell_details(cell: Cell, base: EvidenceBase) -> str:
    """What opens from a cell: the band's full name and span, then every figure behind it."""
    head = f"**{_plain(cell.label)}: {_plain(cell.text)}**"
    parts = [head + (f"\n\n{_plain(cell.note)}" if cell.note else "")]
    if cell.options:
        parts.append("\n".join(f"- {components.option_line(o)}" for o in cell.options))
    for point in cell.points:
        status = (
            "sets the span"
            if point.in_band
            else f"shown, not in the span: {_plain(point.hollow_reason)}"
        )
        n = f" · n={point.n}" if point.n else ""
        parts.append(
            f"**{FIT_LABELS[point.grade]}**{n} · {status}\n\n"
            + components.evidence_markdown(base, point.outcome_id)
        )
    if cell.others:
        parts.append(
            "**Also reported for this stage, as separate bands (never merged):**\n"
            + "\n".join(
                f"- {_plain(o.label)}: {_plain(o.text)} ({_plural(o.cohorts, 'cohort')})"
                for o in cell.others
            )
        )
    return "\n\n---\n\n".join(parts)


def _cell(cell: Cell, base: EvidenceBase, key: str) -> None:
    with st.popover(cell_label(cell), key=key, width="stretch", wrap=True, help=cell.label):
        st.markdown(cell_details(cell, base))


def _stage(stage: BoardStage, base: EvidenceBase, key: str) -> None:
    with st.container(key=key, gap="xxsmall"):
        st.markdown(f"**{_plain(stage.title)}**", help=stage.measures)
        with st.container(horizontal=True, gap="xsmall", key=f"{key}-cells"):
            for cell in stage.cells:
                _cell(cell, base, f"{key}-cell-{cell.kind}")


def _notes(notes: tuple[Note, ...], base: EvidenceBase) -> str:
    parts = []
    for note in notes:
        # A note resting on records is shown as them (their text, source and quote).
        records = [components.evidence_markdown(base, i) for i in note.evidence]
        parts.append("\n\n".join(records or [_plain(note.text)]))
    return "\n\n---\n\n".join(parts)


def _column(column: BoardColumn, base: EvidenceBase, key: str) -> None:
    with st.container(border=True, key=key, gap="small"):
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}-head"):
            st.markdown(f"#### {_plain(column.title)}", width="content")
            if column.context:
                first = next(iter(column.context))
                more = len(column.context) - 1
                label = (f"{more + 1} notes · " if more else "") + _plain(first.text)
                with st.popover(
                    label,
                    icon=":material/info:",
                    key=f"{key}-context",
                    width="stretch",
                    wrap=False,
                    help="Licence and guideline context for this strategy: context, not a rank.",
                ):
                    st.markdown(_notes(column.context, base))
        for stage in column.stages:
            _stage(stage, base, f"{key}-stage-{stage.id}")


def _warning(warning: BoardWarning, base: EvidenceBase, key: str) -> None:
    # One line: the title and as much of the text as the line holds (all of it on selecting).
    label = f"**{_plain(warning.title)}:** {_plain(warning.text)}"
    with st.popover(label, icon=SEVERITY_ICONS["warning"], key=key, width="stretch", wrap=False):
        st.markdown(
            "\n\n".join(
                [
                    f"**Warning: {_plain(warning.title)}**",
                    _plain(warning.text),
                    *(components.evidence_markdown(base, i) for i in warning.evidence),
                ]
            )
        )


def legend(cells: list[Cell]) -> str:
    """What the board's marks mean, for the marks it shows."""
    shown = {
        "partial": any(c.partial for c in cells),
        "at_least": any(c.patients_at_least and not c.patients for c in cells),
        "not_reached": any(c.not_reached_in for c in cells),
    }
    return " · ".join([*(LEGEND[k] for k, on in shown.items() if on), LEGEND_END])


def _cells(column: BoardColumn) -> list[Cell]:
    return [cell for stage in column.stages for cell in stage.cells]


def show(board: Board, base: EvidenceBase, key: str, boards_side_by_side: int = 1) -> None:
    """Warnings (one line each), the strategies that apply as columns, then the others one line
    each with why. `boards_side_by_side`: how many boards share the width (compare mode)."""
    st.html(BOARD_CSS)
    with st.container(key=f"board-{key}", gap="small"):
        for warning in board.warnings:
            _warning(warning, base, f"board-{key}-warning-{warning.rule_id}")
        if not board.columns:
            st.info("No strategy applies to this patient as entered.")
        else:
            # The key says how many columns share the width (the style sizes type by it).
            shared = len(board.columns) * boards_side_by_side
            with st.container(key=f"board-{key}-columns-{shared}"):
                slots = st.columns(len(board.columns), gap="xsmall")
                for slot, column in zip(slots, board.columns, strict=True):
                    with slot:
                        _column(column, base, f"board-{key}-col-{column.strategy_id}")
        if board.columns:
            st.markdown(legend([cell for column in board.columns for cell in _cells(column)]))
        if board.not_applicable:
            with st.container(key=f"board-{key}-not-applicable"):
                st.markdown(
                    "\n".join(
                        f"- **{_plain(n.title)}**: {_plain(n.reason)}" for n in board.not_applicable
                    )
                )


def summary_line(summary: Summary) -> str:
    """The summary in one sentence for the projected screen: the patient as entered (the
    strategies head the columns and the figures are in the cells above)."""
    return f"**Patient:** {_plain(summary.features)}."


def link_line(link: str, stamp: str) -> str:
    """The scenario link as a link (the room needs it to open, not to read) and the versions."""
    return f"[Scenario link]({link}) · {stamp}"
