"""Optional sign-in with the department's identity provider (Streamlit's OpenID Connect support).

Configured by an ``[auth]`` table in ``.streamlit/secrets.toml`` (see deploy/README.md):

- no secrets file, or no ``[auth]`` table: the app runs open (a laptop or a teaching room);
- ``[auth]`` present: every page shows only a sign-in screen until the user is signed in;
- a secrets file that exists but cannot be read: the app stops with a configuration error
  rather than silently running open (fail closed).

Pages call :func:`sign_in_gate` first thing (through ``ui.shell``). Whether the user is signed
in is read through :func:`_is_logged_in`, one small accessor, so that tests can replace it; in
AppTest, ``at.user = {"is_logged_in": True}`` stands in for the identity provider.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from streamlit import config

__all__ = [
    "MISCONFIGURED",
    "SIGN_IN_KEY",
    "SIGN_IN_LABEL",
    "SIGN_IN_LINE",
    "SIGN_IN_TITLE",
    "SIGN_OUT_KEY",
    "sign_in_gate",
]

_LOG = logging.getLogger(__name__)

SIGN_IN_KEY = "sign_in"
SIGN_OUT_KEY = "sign_out"
SIGN_IN_TITLE = "Tumor-board decision support"
SIGN_IN_LINE = "This dashboard is for department staff. Please sign in to continue."
SIGN_IN_LABEL = "Sign in with your hospital account"
MISCONFIGURED = (
    "Sign-in is configured but its settings cannot be read. "
    "Please contact the team that runs this service."
)


class _SecretsUnreadable(Exception):
    """A secrets file exists but Streamlit could not load it."""


def _secrets_file_present() -> bool:
    """True when any configured secrets location holds something: a file, or a non-empty directory
    (Kubernetes-style secrets). An empty directory counts as absent, as Streamlit treats it."""
    paths: list[str] = list(config.get_option("secrets.files") or [])
    return any(os.path.isfile(path) or (os.path.isdir(path) and os.listdir(path)) for path in paths)


def _auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` table of the secrets, or None when sign-in is not configured.

    A missing secrets file means "not configured" and never raises. A file that exists but does
    not load raises :class:`_SecretsUnreadable`, so that a typo cannot open the app to everyone.
    """
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError as err:  # StreamlitSecretNotFoundError subclasses it
        if _secrets_file_present():
            raise _SecretsUnreadable from err
        return None
    if isinstance(section, Mapping):
        return section
    return None


def _provider(section: Mapping[str, Any]) -> str | None:
    """The provider name to pass to ``st.login``.

    ``None`` (Streamlit's "default") when the client settings sit directly in ``[auth]``;
    otherwise the first named provider table, e.g. ``[auth.hospital]`` gives ``"hospital"``.
    """
    if "client_id" in section:
        return None
    for name, value in section.items():
        if isinstance(value, Mapping):
            return str(name)
    return None


def _is_logged_in() -> bool:
    """Whether the current user is signed in (the one place that reads ``st.user``).

    ``st.user`` only carries ``is_logged_in`` once Streamlit has seen an ``[auth]`` table;
    a missing key therefore counts as signed out.
    """
    return st.user.to_dict().get("is_logged_in") is True


def _display_name() -> str:
    info = st.user.to_dict()
    for key in ("name", "email", "preferred_username"):
        value = info.get(key)
        if isinstance(value, str) and value:
            return value
    return "signed-in user"


def sign_in_gate(
    *, show_account: bool = True, before_stop: Callable[[], object] | None = None
) -> None:
    """Show only the sign-in screen, and stop the page, until the user is signed in.

    Does nothing when sign-in is not configured. When the user is signed in and `show_account`,
    adds the account line and a sign-out button to the sidebar (once per run: the entry point
    gates without them, the page's frame draws them). `before_stop` runs on the signed-out
    screen before the stop: the entry point registers its pages hidden there, because until a
    run calls st.navigation Streamlit lists the pages/ folder to a signed-out visitor.
    """
    try:
        section = _auth_section()
    except _SecretsUnreadable:
        _LOG.error("secrets.toml exists but could not be loaded; refusing to run open")
        st.error(MISCONFIGURED)
        st.stop()
    if section is None:
        return
    if not _is_logged_in():
        provider = _provider(section)
        st.title(SIGN_IN_TITLE)
        st.write(SIGN_IN_LINE)
        st.button(
            SIGN_IN_LABEL,
            key=SIGN_IN_KEY,
            type="primary",
            on_click=st.login,
            args=() if provider is None else (provider,),
        )
        if before_stop is not None:
            before_stop()
        st.stop()
    if not show_account:
        return
    # st.text, not markdown: the name comes from the identity provider.
    st.sidebar.text(f"Signed in as {_display_name()}")
    st.sidebar.button("Sign out", key=SIGN_OUT_KEY, on_click=st.logout)
