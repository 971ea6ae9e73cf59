import streamlit as st; st.title('evidence_library (being built)')
