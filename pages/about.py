"""About: what the tool is and is not, versions, methods, sources and licences."""

import pandas as pd
import streamlit as st

from evidence import EVIDENCE_VERSION
from ui.shell import APP_VERSION, frame
from views.about import METHODS, NOT_USED, WHAT_IT_IS, holdings, source_rows, stewardship_markdown

view = frame("About")
st.title("About this tool")
st.markdown(WHAT_IT_IS)
left, right = st.columns(2)
left.metric("App version", APP_VERSION)
right.metric("Evidence-base version", EVIDENCE_VERSION)
st.markdown(holdings(view.base))
st.header("Evidence date, review and funding")
st.markdown(stewardship_markdown())
st.header("Methods")
st.markdown(METHODS)
st.header("Sources")
st.dataframe(
    pd.DataFrame([row.record() for row in source_rows(view.base)]),
    hide_index=True,
    width="stretch",
    column_config={"Link": st.column_config.LinkColumn("Link")},
)
st.markdown(NOT_USED)
