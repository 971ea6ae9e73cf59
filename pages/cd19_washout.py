"""CD19 and washout: the residual-antibody timeline, observed washouts, reading a CD19 result."""

import streamlit as st

from sequencing.gaps import MASKING_UNKNOWNS
from ui import components, considerations, washout
from ui.markdown import plain
from ui.records import record_markdown
from ui.shell import DISCLAIMER, frame, version_stamp
from views.cd19 import cd19_considerations, known_topics

view = frame("CD19 and washout")
st.title("CD19, epitope masking and washout")
st.caption(DISCLAIMER)

views = view.a.views
if views is None:
    components.scenario_errors(view.a.errors)
    st.stop()

st.header("Washout timeline")
if views.washout is None:
    st.info(
        "Enter **days since the last tafasitamab dose** in the patient form to draw the "
        "expected residual antibody and the planned leukapheresis date."
    )
else:
    washout.show(views.washout)

st.header("Reading a CD19 result after tafasitamab")
considerations.show(cd19_considerations(views.considerations))

st.header("What is known")
for topic in known_topics(view.index):
    with st.expander(topic.heading, expanded=topic.expanded):
        for record in topic.records:
            st.markdown(record_markdown(record))

st.header("What is not known")
st.markdown("\n".join(f"- {plain(statement)}" for statement in MASKING_UNKNOWNS))
st.caption(version_stamp())
