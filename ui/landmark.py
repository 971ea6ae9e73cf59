"""Landmark survival on screen: a stage's panels (one per measure, one time axis) with their
table. What they hold, and where each label goes, is decided by `views.landmark`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts
from ui.markdown import plain
from views.landmark import StageLandmark

__all__ = ["CAPTION", "show"]

CAPTION = (
    "Each point is one cohort's reported rate at that time, with its interval where reported "
    "(named as the source names it in the table); a short upright bar on the dotted 50% line is "
    "a cohort's median (where its curve crosses 50%), with the median's CI along the line. "
    "Points of different cohorts are never joined: a dashed line joins only one study's own "
    "reported times. Hollow marks do not set a band. Hover a mark for its cohort; the table "
    "below lists every figure."
)


def show(landmark: StageLandmark | None, key: str) -> None:
    """Nothing when the stage reports no rate at a fixed time."""
    if landmark is None:
        return
    st.markdown(f"**{plain(landmark.title)}**")
    st.caption(CAPTION)
    for panel in landmark.panels:
        charts.show(
            charts.landmark_chart(
                panel.rows, landmark.axis_title, panel.title, landmark.x_max, panel.legend
            ),
            key=f"{key}-landmark-{panel.family}",
            alt_text=panel.alt_text,
            height=charts.LANDMARK_HEIGHT_WITH_LEGEND if panel.legend else charts.LANDMARK_HEIGHT,
        )
    if landmark.missing:
        st.caption("Median not reached (not drawn): " + "; ".join(landmark.missing))
    with st.expander(f"{landmark.title} as a table"):
        st.dataframe(pd.DataFrame(list(landmark.table)), hide_index=True, width="stretch")
