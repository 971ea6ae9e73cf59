"""What a span rests on, in words: how many cohorts, how many patients, what weakens it.

One wording wherever a span is written out in full (the strategy cards, the charts' headings, the
exports); the board's cells say the same compactly (`ui.board.basis`).
"""

from __future__ import annotations

from evidence.formatting import n_text
from views.board import Cell

__all__ = ["cell_basis", "plural", "rests_on"]


def plural(count: int, word: str) -> str:
    """'1 cohort', '3 cohorts'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def rests_on(cohorts: int, patients: int | None, patients_at_least: int | None = None) -> str:
    """'3 cohorts, n=747', '1 cohort, n=83', '2 cohorts, n at least 120 (some cohorts give no
    n)', '2 cohorts, n not given'."""
    if patients is None and patients_at_least:
        n = f"n at least {patients_at_least} (some cohorts give no n)"
    else:
        n = n_text(patients)
    return f"{plural(cohorts, 'cohort')}, {n}"


def cell_basis(cell: Cell) -> str:
    """'3 cohorts, n=747; immature; congress abstract': what the cell's span rests on and what
    weakens it ('' for a cell without evidence; a count of options for a stage of options)."""
    if cell.empty:
        return ""
    if cell.kind == "options":
        return "each on its own, not ranked"
    marks = ["immature"] if cell.immature else []
    marks += list(cell.strength)
    return "; ".join([rests_on(cell.cohorts, cell.patients, cell.patients_at_least), *marks])
