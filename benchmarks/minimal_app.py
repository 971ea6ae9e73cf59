"""The framework's floor: a minimal Streamlit page (a title, a few widgets, one small Altair chart).

The benchmark serves it with the same server settings as the dashboard; its rerun time is what
Streamlit itself costs on this machine, and the dashboard's rerun time is reported as a ratio to
it. It reads the same query parameter names as the dashboard so the same scenario URLs apply.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.title("Minimal page")

params = st.query_params
lines = int(params.get("prior_lines", "1"))
with st.sidebar:
    ecog = st.selectbox("ECOG", [0, 1, 2, 3, 4], index=1, key="ecog")
    prior = st.number_input("Prior lines", 1, 10, value=min(max(lines, 1), 10), key="prior_lines")
    refractory = st.checkbox("Refractory", key="refractory")

st.write(f"ECOG {ecog}, {prior} prior lines, refractory: {refractory}.")
data = pd.DataFrame({"strategy": ["A", "B", "C"], "score": [3 + ecog, 2 + prior, 1]})
st.altair_chart(
    alt.Chart(data).mark_bar().encode(x="strategy", y="score"),
    width="stretch",
)
