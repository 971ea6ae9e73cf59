"""Entry point: `streamlit run app.py`. Navigation only; every page draws the shared frame itself
(ui.shell.frame), so that each page also runs on its own under AppTest."""

import streamlit as st

from ui.auth import sign_in_gate
from ui.navigation import PAGES
from ui.theme import favicon

# The app's own favicon first: a page's Material icon would otherwise become the favicon, which the
# browser fetches from a font CDN.
st.set_page_config(page_icon=favicon(), layout="wide")
pages = [
    st.Page(path, title=title, icon=icon, default=default) for path, title, icon, default in PAGES
]
# Before the navigation, so that a signed-out visitor does not even see the page list: the pages
# are registered hidden on the sign-in screen (else Streamlit lists the pages/ folder). The
# account line and sign-out button are drawn by the page's frame, once.
sign_in_gate(show_account=False, before_stop=lambda: st.navigation(pages, position="hidden"))
st.navigation(pages).run()
