"""Entry point: `streamlit run app.py`. Navigation only; every page draws the shared frame itself
(ui.shell.frame), so that each page also runs on its own under AppTest."""

import streamlit as st

from ui.navigation import PAGES

st.navigation([st.Page(path, title=title, icon=icon, default=default)
               for path, title, icon, default in PAGES]).run()
