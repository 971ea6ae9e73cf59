"""The cohort-fit grid on screen (`views.fit`): a plain table. Styling every cell cost a quarter
of a landing-page rerun, and a symbol reads without colour."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from views.fit import LEGEND, FitGrid

__all__ = ["show"]


def show(grid: FitGrid, key: str) -> None:
    st.caption(LEGEND)
    st.dataframe(pd.DataFrame(grid.records()), hide_index=True, width="stretch", key=key)
