"""One figure reads the same everywhere it is shown, for every named scenario: the board cell,
the strategy card, the summary sentence, the outcome chart's heading and table, and the Markdown
export agree on each cell's span, and each figure's value, interval and n are written
identically in the card, the cell's dialog, the chart's table and the export.

A place that formats a figure itself (a number re-rounded, an interval called a "95% CI", an n
written its own way) makes this fail."""

from __future__ import annotations

import pytest

from evidence import load
from sequencing.index import engine_index
from sequencing.strategies import Strategy
from tests.ui.board_scenarios import SCENARIOS
from tests.views.scenarios import named_views
from ui.board import cell_details, cell_label
from ui.cards import stage_markdown
from ui.markdown import plain
from views.figure import FigureView
from views.ranges import strategy_charts
from views.report import figure_line, markdown

STAMP, LINK = "App test", "?test"


def _value(figure: FigureView) -> str:
    """The figure with its interval, as every place writes it."""
    return figure.value + (f" ({figure.interval})" if figure.interval else "")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_place_writes_a_cell_and_its_figures_alike(name: str) -> None:
    views = named_views()[name]
    export = markdown(views, STAMP, LINK)
    summary = views.summary.paragraph()
    strategies: dict[str, Strategy] = {s.id: s for s in views.assessment.strategies}
    index = engine_index(load())
    checked = 0
    for column, card in zip(views.board.columns, views.cards.applicable, strict=True):
        charts = strategy_charts(strategies[column.strategy_id], index)
        # The cards and charts hold every stage; the board leaves some off (OFF_BOARD_STAGES).
        card_stages = {s.id: s for s in card.stages}
        chart_stages = {s.id: s for s in charts.stages}
        for stage in column.stages:
            card_stage, chart_stage = card_stages[stage.id], chart_stages[stage.id]
            card_text = stage_markdown(card_stage)
            headings = {c.title: c for c in chart_stage.ranges}
            for cell in stage.cells:
                if cell.kind == "options":
                    continue
                # The span: board, card, export, summary and chart heading.
                assert plain(cell.text) in cell_label(cell).replace("**", ""), cell.label
                shown = f"*{plain(cell.text)}*" if cell.empty else plain(cell.text)
                assert f"{plain(cell.name)}**: {shown}" in card_text
                assert f"{cell.label}: {cell.text}" in export
                if not cell.empty and cell.label in summary:
                    assert f"{cell.label} {cell.text}" in summary
                if cell.label in headings:
                    assert headings[cell.label].words.startswith(cell.text)
                table = {
                    r.figure.outcome_id: r.record() for c in headings.values() for r in c.table
                }
                # Each figure: its value, interval and n, the same in every place.
                for figure in cell.figures:
                    written = f"{_value(figure)} · {figure.n}"
                    assert written in figure_line(figure) and figure_line(figure) in export
                    assert plain(written) in cell_details(cell)
                    if figure.in_span:
                        assert plain(written) in card_text, figure.outcome_id
                    row = table.get(figure.outcome_id)
                    if row is not None:
                        assert (row["Value"], row["Interval"], row["n"]) == (
                            figure.value,
                            figure.interval,
                            figure.n,
                        )
                    checked += 1
    assert checked, "no figure on the board"
