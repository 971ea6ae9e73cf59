import streamlit as st; st.title('cd19_washout (being built)')
