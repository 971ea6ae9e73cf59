"""The board on screen: the warnings, the strategies that apply side by side, each stage's key
figures as cells, the legend, and the strategies that do not apply.

Display only: what the board holds is decided by `views.board`. A rerun sends only what is on
screen: each cell is a plain button (its figure, name and basis as the label); the figures behind
a cell (every cohort with its fit, n, interval, maturity, quote and DOI) are written into one
dialog when, and only when, that cell is opened. No dataframe here: the board adds no Arrow
conversion to a rerun.
"""

from __future__ import annotations

import streamlit as st

from sequencing.vocabulary import GRADE_LABELS
from ui.markdown import plain
from ui.options import options_section
from ui.records import figure_markdown, record_markdown
from ui.theme import BOARD_CSS, SEVERITY_ICONS
from views.board import Board, BoardColumn, BoardStage, BoardWarning, Cell, NoteView
from views.summary import Summary

__all__ = [
    "IMMATURE_MARK",
    "LEGEND",
    "LEGEND_END",
    "PARTIAL_MARK",
    "basis",
    "cell_details",
    "cell_label",
    "legend",
    "link_line",
    "notes_markdown",
    "outside_details",
    "show",
    "summary_line",
    "warning_details",
]

PARTIAL_MARK = "◐"
IMMATURE_MARK = "immature"
LEGEND = {
    "partial": f"{PARTIAL_MARK} a cohort in the span only partly fits",
    "at_least": "n≥: some cohorts give no n",
    "not_reached": "NR: a median not reached",
    "immature": "immature: beyond its median follow-up",
}
LEGEND_END = "select a cell or row for the figures behind it"
# Columns of option rows below the strategies, by how many boards share the width (three
# columns of rows wrap each row to more lines than they save).
OPTION_COLUMNS = {1: 2, 2: 1}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def basis(cell: Cell) -> tuple[str, str]:
    """Two short lines: what the span rests on ('3 cohorts · n=747', with the weaker kind of
    source where one applies) and the best fit among its cohorts, with the partial mark where a
    cohort only partly fits and 'immature' where a figure is."""
    if cell.empty:
        return "no matched cohort", "reports it"
    if cell.patients:
        n = f" · n={cell.patients}"
    elif cell.patients_at_least:
        n = f" · n≥{cell.patients_at_least}"
    else:
        n = " · n not given"
    rests = _plural(cell.cohorts, "cohort") + n
    if cell.strength:
        rests += f" · {cell.strength[0]}"
    fit = GRADE_LABELS[cell.grade].lower() if cell.grade else ""
    if cell.partial:
        fit += f" {PARTIAL_MARK}"
    if cell.immature:
        fit += f" · {IMMATURE_MARK}"
    return rests, fit


def cell_label(cell: Cell) -> str:
    """The cell as a button label: the figure in bold (a number never broken across lines; its
    unit of months beside it), its name in italics, its basis as two code spans; the board's
    style lays them out as lines."""
    suffix = f" {cell.unit}"
    reached = f", {len(cell.not_reached_in)} NR" if cell.not_reached_in else ""
    if cell.unit and cell.unit != "%" and cell.text.endswith(suffix):
        figure = f"**{plain(cell.text.removesuffix(suffix))}** {plain(cell.unit)}{reached}"
    elif cell.unit:
        figure = f"**{plain(cell.text)}**{reached}"
    else:
        figure = f"***{plain(cell.text)}***"  # words: may wrap
    rests, fit = basis(cell)
    return f"{figure} *{plain(cell.short)}* `{rests}` `{fit}`"


def cell_details(cell: Cell) -> str:
    """What opens from a cell: the band's full name and span, then every figure behind it."""
    head = f"**{plain(cell.label)}: {plain(cell.text)}**"
    parts = [head + (f"\n\n{plain(cell.note)}" if cell.note else "")]
    parts += [figure_markdown(figure) for figure in cell.figures]
    if cell.others:
        parts.append(
            "**Also reported for this stage, as separate bands (never merged):**\n"
            + "\n".join(
                f"- {plain(o.label)}: {plain(o.text)} ({_plural(o.cohorts, 'cohort')})"
                for o in cell.others
            )
        )
    return "\n\n---\n\n".join(parts)


def notes_markdown(notes: tuple[NoteView, ...]) -> str:
    parts = []
    for note in notes:
        # A note resting on records is shown as them (their text, source and quote).
        records = [record_markdown(r) for r in note.records]
        parts.append("\n\n".join(records or [plain(note.text)]))
    return "\n\n---\n\n".join(parts)


@st.dialog("The evidence behind this", width="large")
def _details(markdown: str) -> None:
    st.markdown(markdown)


def _cell(cell: Cell, key: str) -> None:
    if st.button(cell_label(cell), key=key, width="stretch", help=cell.label):
        _details(cell_details(cell))


def outside_details(stage: BoardStage) -> str:
    lines = [f"**Every published cohort of {plain(stage.title)} excludes this patient:**"]
    lines += [f"- **{plain(cohort)}**: {plain(why)}" for cohort, why in stage.all_outside]
    return "\n".join(lines)


def _stage(stage: BoardStage, key: str, column_title: str = "") -> None:
    with st.container(key=key, gap="xxsmall"):
        if stage.title != column_title:  # a one-stage column is titled once
            st.markdown(f"**{plain(stage.title)}**", help=stage.measures)
        if all(cell.empty for cell in stage.cells) and stage.all_outside:
            # Nothing to show but why: one line, not four empty cells.
            count = len(stage.all_outside)
            label = f"**No published cohort here fits this patient** ({count} outside): why?"
            if st.button(
                label, icon=SEVERITY_ICONS["warning"], key=f"{key}-outside", width="stretch"
            ):
                _details(outside_details(stage))
            return
        if stage.all_outside:
            label = f"**Outside every published cohort** ({len(stage.all_outside)}): why?"
            if st.button(
                label, icon=SEVERITY_ICONS["warning"], key=f"{key}-outside", width="stretch"
            ):
                _details(outside_details(stage))
        with st.container(horizontal=True, gap="xsmall", key=f"{key}-cells"):
            for cell in stage.cells:
                _cell(cell, f"{key}-cell-{cell.kind}")


def _column(column: BoardColumn, key: str) -> None:
    with st.container(border=True, key=key, gap="small"):
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}-head"):
            st.markdown(f"#### {plain(column.title)}", width="content")
            if column.cd19_mark:
                st.markdown(f":orange-badge[{plain(column.cd19_mark)}]", width="content")
            if column.context:
                first = column.context[0]
                more = len(column.context) - 1
                label = (f"{more + 1} notes · " if more else "") + plain(first.text)
                if st.button(
                    label,
                    icon=":material/info:",
                    key=f"{key}-context",
                    width="stretch",
                    help="Licence and guideline context for this strategy: context, not a rank.",
                ):
                    _details(notes_markdown(column.context))
        for stage in column.stages:
            _stage(stage, f"{key}-stage-{stage.id}", column.title)


def warning_details(warning: BoardWarning) -> str:
    return "\n\n".join(
        [
            f"**Warning: {plain(warning.title)}**",
            plain(warning.text),
            *(record_markdown(r) for r in warning.records),
        ]
    )


def _warning(warning: BoardWarning, key: str) -> None:
    """The title and the text's first sentence, wrapped whole; all of it, with its evidence, on
    selecting it."""
    text = plain(warning.short) if warning.short else "*select for the text and its evidence*"
    label = f"**{plain(warning.title)}:** {text}"
    if st.button(label, icon=SEVERITY_ICONS["warning"], key=key, width="stretch"):
        _details(warning_details(warning))


def legend(cells: list[Cell]) -> str:
    """What the board's marks mean, for the marks it shows."""
    shown = {
        "partial": any(c.partial for c in cells),
        "at_least": any(c.patients_at_least and not c.patients for c in cells),
        "not_reached": any(c.not_reached_in for c in cells),
        "immature": any(c.immature for c in cells),
    }
    return " · ".join([*(LEGEND[k] for k, on in shown.items() if on), LEGEND_END])


def _cells(column: BoardColumn) -> list[Cell]:
    return [cell for stage in column.stages for cell in stage.cells]


def _option_slot(board: Board, boards_side_by_side: int) -> int | None:
    """A slot of their own beside a single one-stage strategy column for the other options (the
    screen's free space); None (below the columns, in two columns of rows) otherwise: a column of
    several stages keeps the width for four cells a row."""
    columns = board.columns
    if board.options and boards_side_by_side == 1 and len(columns) == 1:
        return 1 if len(columns[0].stages) == 1 else None
    return None


def show(board: Board, key: str, boards_side_by_side: int = 1) -> None:
    """Warnings, the strategies that apply as columns with the other options beside them, then
    the others one line each with why. `boards_side_by_side`: how many boards share the width
    (compare mode)."""
    st.html(BOARD_CSS)
    with st.container(key=f"board-{key}", gap="small"):
        for warning in board.warnings:
            _warning(warning, f"board-{key}-warning-{warning.rule_id}")
        options_at = _option_slot(board, boards_side_by_side)
        if not board.columns:
            st.info("No strategy applies to this patient as entered.")
        else:
            slots_count = len(board.columns) + (1 if options_at == len(board.columns) else 0)
            # The key says how many columns share the width (the style sizes type by it).
            shared = slots_count * boards_side_by_side
            with st.container(key=f"board-{key}-columns-{shared}"):
                slots = st.columns(slots_count, gap="xsmall")
                for position, slot in enumerate(slots):
                    with slot:
                        if position < len(board.columns):
                            column = board.columns[position]
                            _column(column, f"board-{key}-col-{column.strategy_id}")
                        if position == options_at:
                            options_section(board.options, f"board-{key}-options", _details)
        if board.columns:
            st.markdown(legend([cell for column in board.columns for cell in _cells(column)]))
        if board.options and options_at is None:
            options_section(
                board.options,
                f"board-{key}-options",
                _details,
                columns=OPTION_COLUMNS[boards_side_by_side],
            )
        if board.not_applicable:
            with st.container(key=f"board-{key}-not-applicable"):
                st.markdown(
                    "**Not applicable:** "
                    + " · ".join(
                        f"{plain(n.title)}: {plain(n.short)}" for n in board.not_applicable
                    )
                )


def summary_line(summary: Summary) -> str:
    """The summary in one sentence for the projected screen: the patient as entered (the
    strategies head the columns and the figures are in the cells above)."""
    return f"**Patient:** {plain(summary.features)}."


def link_line(link: str, stamp: str) -> str:
    """The scenario link as a link (the room needs it to open, not to read) and the versions."""
    return f"[Scenario link]({link}) · {stamp}"
