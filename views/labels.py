"""Row labels for charts and tables: unique, so that two figures never share a chart row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from evidence.formatting import NOT_GIVEN
from views.figure import FigureView

__all__ = ["figure_label", "unique"]


def unique(labels: Sequence[str], extras: Sequence[Sequence[str]]) -> list[str]:
    """Labels made unique by adding, in turn, each extra (e.g. location, then record id) to the
    labels that still repeat."""
    result = list(labels)
    for extra in extras:
        counts = Counter(result)
        result = [
            f"{label} [{more}]" if counts[label] > 1 else label
            for label, more in zip(result, extra, strict=True)
        ]
    return result


def figure_label(figure: FigureView) -> str:
    """A chart row: 'DESCAR-T (Camus 2024) · Early failure · Axi-cel (n=42)' (no n where the
    figure gives none)."""
    name = f"{figure.source} · {figure.subgroup}"
    if figure.arm:
        name += f" · {figure.arm}"
    return name + (f" ({figure.n})" if figure.n != NOT_GIVEN else "")
