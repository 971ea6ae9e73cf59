"""Response as people count it on screen: a chosen response figure as 100 people beside its
sentence and its key in words. What it holds is decided by `views.icons`."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import charts
from ui.markdown import plain
from views.icons import IconFigure

__all__ = ["section", "show"]


def show(figure: IconFigure, key: str) -> None:
    """The figure's icon array beside its sentence and its key in words."""
    grid, words = st.columns([1, 1], gap="large")
    with grid:
        charts.show(
            charts.icon_array_chart(figure.cells()),
            key=key,
            alt_text=figure.alt_text,
            height=charts.ICON_HEIGHT,
            stretch=False,
        )
    with words:
        st.markdown(f"#### {plain(figure.sentence)}")
        st.markdown(plain(figure.legend))
        st.caption(
            "What happened in one published cohort, not a prediction for this patient: see "
            "the Sequencing page for how well the cohort matches."
        )


def section(figures: Sequence[IconFigure], key: str) -> None:
    """A chosen response figure of the current scenario as 100 people, with its sentence."""
    st.markdown("### Response as people count it")
    st.caption(
        "One published response figure drawn as 100 people, as decision aids show risk: it "
        "restates what happened in that cohort, with its uncertainty. It is not a prediction "
        "for this patient."
    )
    if not figures:
        st.info(
            "No matched cohort of an applicable strategy reports a response rate for the "
            "current scenario (set in the patient form)."
        )
        return
    by_id = {figure.outcome_id: figure for figure in figures}
    chosen = st.selectbox(
        "Response figure (matched cohorts of the current scenario's strategies)",
        list(by_id),
        format_func=lambda outcome_id: by_id[outcome_id].label,
        key=f"{key}-figure",
    )
    show(by_id[chosen or next(iter(by_id))], key=f"{key}-chart")
