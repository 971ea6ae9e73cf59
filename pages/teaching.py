"""Teaching: case library, predict-then-reveal, response as 100 people, appraisal cards,
glossary."""

import streamlit as st

from ui import icons, teaching
from ui.shell import frame, version_stamp
from views.icons import icon_figures

view = frame("Teaching")
st.title("Teaching")
cases_tab, people_tab, appraisal_tab, glossary_tab = st.tabs(
    ["Cases", "Out of 100 people", "Appraisal cards", "Glossary"]
)

with cases_tab:
    case = teaching.case()
    st.subheader("Predict, then reveal")
    teaching.predict_then_reveal(case, view)

with people_tab:
    assessment = view.a.assessment
    icons.section(icon_figures(assessment, view.index) if assessment else (), key="icons")

with appraisal_tab:
    teaching.appraisal(view)

with glossary_tab:
    teaching.glossary()
st.caption(version_stamp())
