"""The washout on screen: the modelled shares as metrics, the timeline with DESCAR-T's observed
washouts, the days each threshold is crossed, the statements and the records behind them.
What it holds is decided by `views.washout`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts
from ui.markdown import plain
from ui.records import record_markdown
from views.washout import CHART_CAPTION, NO_DATE, WashoutView

__all__ = ["metrics", "show", "statements"]

NO_DATE_HELP = "Set 'Planned leukapheresis in' in the form (CAR-T planned or possible)."


def metrics(washout: WashoutView) -> None:
    left, middle, right = st.columns(3)
    left.metric("Days since the last dose", washout.days_since)
    middle.metric("Expected remaining today (model)", washout.today)
    if washout.at_leukapheresis != NO_DATE:
        right.metric(
            "At planned leukapheresis (model)",
            washout.at_leukapheresis,
            help=washout.leukapheresis_when,
        )
    else:
        right.metric("At planned leukapheresis", NO_DATE, help=NO_DATE_HELP)


def statements(washout: WashoutView) -> str:
    return "\n".join(f"- {plain(statement)}" for statement in washout.statements)


def show(washout: WashoutView) -> None:
    """Everything: metrics, timeline, thresholds, statements, the half-life's and the observed
    washouts' records."""
    metrics(washout)
    charts.show(
        charts.washout_chart(
            washout.curve,
            washout.half_life_days,
            washout.today_day,
            washout.leukapheresis_day,
            washout.observed,
        ),
        key="washout-chart",
        alt_text=washout.alt_text,
        height=460,
    )
    st.caption(CHART_CAPTION)
    st.dataframe(pd.DataFrame([t.record() for t in washout.thresholds]), hide_index=True)
    st.markdown(statements(washout))
    with st.expander("Half-life source"):
        st.markdown(
            record_markdown(washout.half_life)
            if washout.half_life
            else ":gray[(record not found in the evidence base)]"
        )
    st.subheader("Observed washouts (DESCAR-T)")
    if not washout.observed_records:
        st.markdown("No observed washout figures in the evidence base.")
    for record in washout.observed_records:
        st.markdown(record_markdown(record))
