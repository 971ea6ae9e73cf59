"""Entry point: `streamlit run app.py`. Navigation only; every page draws the shared frame itself
(ui.shell.frame), so that each page also runs on its own under AppTest."""

import streamlit as st

from ui.auth import sign_in_gate
from ui.navigation import PAGES
from ui.theme import favicon

# The app's own favicon first: a page's Material icon would otherwise become the favicon, which the
# browser fetches from a font CDN.
st.set_page_config(page_icon=favicon(), layout="wide")
# Before the navigation, so that a signed-out visitor does not even see the page list.
sign_in_gate()
st.navigation(
    [st.Page(path, title=title, icon=icon, default=default) for path, title, icon, default in PAGES]
).run()
