"""Evidence library: every outcome record, filterable, with its quote, a forest chart, downloads."""

import streamlit as st

from evidence.query import filter_outcomes
from ui import library
from ui.shell import frame, version_stamp
from views.library import forest, library_rows

view = frame("Evidence library")
st.title("Evidence library")
st.caption(
    "Every figure in the evidence base, with where it stands in its source. Figures from "
    "different cohorts are not head-to-head comparisons."
)

records = filter_outcomes(view.base, library.filters(view.base))
rows = library_rows(view.base, records)
st.markdown(f"**{len(records)}** of {len(view.base.outcomes)} outcome records.")
library.table(rows)
library.downloads(view.base, records)

st.subheader("The evidence behind a record")
library.chosen_record(rows)

st.subheader("Forest chart")
library.show_forest(forest(rows, library.forest_endpoint(view.base)))
st.caption(version_stamp())
