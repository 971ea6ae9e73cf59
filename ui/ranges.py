"""The outcome-range charts on screen: per band its heading, chart and (unless gathered) table;
per strategy every stage's bands, then its landmark panels, then one table of every figure.
What they hold is decided by `views.ranges`."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ui import charts, landmark
from ui.markdown import plain
from views.ranges import FigureRow, RangeChart, StrategyCharts

__all__ = ["section", "show_strategy"]


def _frame(rows: Sequence[FigureRow], endpoint: str | None = None) -> pd.DataFrame:
    head = {"Endpoint": endpoint} if endpoint is not None else {}
    return pd.DataFrame([head | row.record() for row in rows])


def section(chart: RangeChart, key: str, with_table: bool = True) -> None:
    """One band: its span in words, its chart (with its text alternative) and its table."""
    st.markdown(f"**{plain(chart.title)}**: {plain(chart.words)}")
    if chart.rows:
        charts.show(
            charts.range_chart(chart.rows, chart.axis_title, chart.band, chart.domain_max),
            key=f"{key}-chart",
            alt_text=chart.alt_text,
        )
    if chart.not_plotted:
        st.caption("Not reached (no point to plot): " + plain("; ".join(chart.not_plotted)))
    if with_table:
        with st.expander("Table and sources"):
            st.dataframe(_frame(chart.table), hide_index=True, width="stretch")


def show_strategy(strategy: StrategyCharts, key: str) -> None:
    """Every stage's bands, then its rates at fixed times; then every figure in one table (the
    charts' text alternative)."""
    if strategy.empty:
        st.markdown("**No published evidence matches this patient for this strategy.**")
    for stage in strategy.stages:
        for chart in stage.ranges:
            section(chart, f"{key}-{strategy.id}-{chart.key}", with_table=False)
        landmark.show(stage.landmark, f"{key}-{strategy.id}-{stage.id}")
    frames = [_frame(c.table, c.title) for s in strategy.stages for c in s.ranges]
    if frames:
        with st.expander("All figures above as a table, with sources"):
            table = pd.concat(frames, ignore_index=True)
            st.dataframe(table, hide_index=True, width="stretch", key=f"{key}-{strategy.id}-table")
