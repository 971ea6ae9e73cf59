"""Optional sign-in with the department's identity provider (Streamlit's OpenID Connect support).

Configured by an ``[auth]`` table in ``.streamlit/secrets.toml`` (see deploy/README.md):

- no secrets file, or no ``[auth]`` table: the app runs open (a laptop or a teaching room);
- ``[auth]`` present: every page shows only a sign-in screen until the user is signed in;
- a secrets file that exists but cannot be read, an ``[auth]`` table that is not safe to serve
  with (a placeholder or empty ``cookie_secret``, no provider), a mistyped table (``[Auth]``), or
  no ``[auth]`` while the deployment requires sign-in (``TUMORBOARD_REQUIRE_SIGN_IN=1``): the app
  shows why and nothing else, and logs why (fail closed; ``ui.auth_config``);
- signed in: the session ends after its absolute lifetime or once signed out, also for a copy
  of the cookie (``ui.session_end``).

Pages call :func:`sign_in_gate` first thing (through ``ui.shell``). Whether the user is signed
in is read through :func:`_is_logged_in`, one small accessor, so that tests can replace it; in
AppTest, ``at.user = {"is_logged_in": True}`` stands in for the identity provider.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import streamlit as st
from streamlit import config

from ui import auth_config, login_return, session_end, url_state
from ui.navigation import PAGES

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
REFUSED = (
    "This service is not safe to open as configured, so nothing is shown. "
    "Please contact the team that runs this service. What is wrong:"
)
LINK_RESTORED = "Signed in: the link's patient was restored."
LINK_NOT_RESTORED = (
    "Signed in. The link you opened before signing in could not be carried through the sign-in, "
    "so its patient was not restored: open the link again."
)
# Problems already written to the log by this process: each is logged once, not at every run.
_LOGGED: set[str] = set()


class _SecretsUnreadable(Exception):
    """A secrets file exists but Streamlit could not load it."""


def _secrets_file_present() -> bool:
    """True when any configured secrets location holds something: a file, or a non-empty directory
    (Kubernetes-style secrets). An empty directory counts as absent, as Streamlit treats it."""
    paths: list[str] = list(config.get_option("secrets.files") or [])
    return any(os.path.isfile(path) or (os.path.isdir(path) and os.listdir(path)) for path in paths)


def _secrets() -> Mapping[str, Any]:
    """Every secret, or an empty mapping when there is no secrets file.

    A missing secrets file never raises. A file that exists but does not load raises
    :class:`_SecretsUnreadable`, so that a typo cannot open the app to everyone.
    """
    try:
        return {str(key): st.secrets[key] for key in st.secrets}
    except FileNotFoundError as err:  # StreamlitSecretNotFoundError subclasses it
        if _secrets_file_present():
            raise _SecretsUnreadable from err
        return {}


def _problems(secrets: Mapping[str, Any]) -> list[str]:
    """Why the app must refuse to serve; empty when it may (open, or sign-in sound)."""
    required, problems = auth_config.sign_in_required()
    searched = [str(path) for path in config.get_option("secrets.files") or []]
    problems += auth_config.configuration_problems(secrets, required, searched)
    if auth_config.AUTH_TABLE in secrets:
        _, lifetime_problem = session_end.lifetime_hours()
        store_problem = session_end.store_problem(session_end.store_dir())
        problems += [p for p in (lifetime_problem, store_problem) if p]
    return problems


def _refuse(problems: list[str]) -> None:
    """Say why on the page and, once per process, in the log."""
    for problem in problems:
        if problem not in _LOGGED:
            _LOGGED.add(problem)
            _LOG.error("sign-in configuration refused, serving nothing: %s", problem)
    st.error("\n".join([REFUSED, "", *(f"- {problem}" for problem in problems)]))


def _stop(before_stop: Callable[[], object] | None) -> None:
    if before_stop is not None:
        before_stop()
    st.stop()


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
        secrets = _secrets()
    except _SecretsUnreadable:
        _LOG.error("secrets.toml exists but could not be loaded; refusing to run open")
        st.error(MISCONFIGURED)
        _stop(before_stop)
        return
    problems = _problems(secrets)
    if problems:
        _refuse(problems)
        _stop(before_stop)
    section = secrets.get(auth_config.AUTH_TABLE)
    if not isinstance(section, Mapping):
        return
    reason = _session_ended() if _is_logged_in() else None
    if not _is_logged_in() or reason is not None:
        _sign_in_screen(section, reason, before_stop)
    if not show_account:
        return
    _restore_link()
    # st.text, not markdown: the name comes from the identity provider.
    st.sidebar.text(f"Signed in as {_display_name()}")
    st.sidebar.button("Sign out", key=SIGN_OUT_KEY, on_click=_sign_out)


def _session_ended() -> str | None:
    """Why the signed-in user's session no longer counts (expired, signed out), or None."""
    hours, _ = session_end.lifetime_hours()
    return session_end.ended(st.user.to_dict(), session_end.store_dir(), hours)


def _sign_in_screen(
    section: Mapping[str, Any], reason: str | None, before_stop: Callable[[], object] | None
) -> None:
    provider = _provider(section)
    st.title(SIGN_IN_TITLE)
    if reason is not None:
        st.warning(reason)
    st.write(SIGN_IN_LINE)
    st.button(
        SIGN_IN_LABEL,
        key=SIGN_IN_KEY,
        type="primary",
        on_click=_sign_in,
        args=(provider,),
    )
    _stop(before_stop)


def _sign_in(provider: str | None) -> None:
    """Keep the page and link through the login round trip, then go to the identity provider."""
    key = login_return.browser_key(st.context.cookies.get(login_return.XSRF_COOKIE))
    if key is not None:
        query = "&".join(
            urlencode({name: value})
            for name in st.query_params
            for value in st.query_params.get_all(name)
        )
        login_return.keep(key, _page_name(), query)
    if provider is None:
        st.login()
    else:
        st.login(provider)


def _page_name() -> str:
    """The current page's URL name ("" for the default page)."""
    path = urlparse(st.context.url or "").path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def _page_file(name: str) -> str:
    """The page file for a URL name; the default page for an unknown one."""
    default = next(file for file, _, _, is_default in PAGES if is_default)
    return next((file for file, *_ in PAGES if file.endswith(f"/{name}.py")), default)


def _restore_link() -> None:
    """Once per session, right after a sign-in: reopen the link the browser had before it."""
    if st.session_state.get("_link_checked"):
        note = st.session_state.pop("_link_note", None)
        if note:
            st.info(note, icon=":material/link:")
        return
    st.session_state["_link_checked"] = True
    key = login_return.browser_key(st.context.cookies.get(login_return.XSRF_COOKIE))
    kept = login_return.take(key) if key is not None else None
    if kept is None:
        issued = session_end.signed_in_at(st.user.to_dict()) or 0.0
        if time.time() - issued < login_return.JUST_SIGNED_IN_S and not st.query_params:
            st.info(LINK_NOT_RESTORED, icon=":material/link_off:")
        return
    page, query = kept
    if query is None:  # too long to keep: refused as any such link is, and said so
        st.session_state["_link_note"] = url_state.link_refusal(
            "x" * (url_state.MAX_LINK_BYTES + 1)
        )
        return
    if not query and not page:
        return  # signed in from the default page without a link: nothing to restore
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        params.setdefault(name, []).append(value)
    if query:
        st.session_state["_link_note"] = LINK_RESTORED
    st.switch_page(_page_file(page), query_params=params)


def _sign_out() -> None:
    """Record this login as signed out (so every copy of its cookie is refused), then sign out."""
    user = st.user.to_dict()
    hours, _ = session_end.lifetime_hours()
    issued = session_end.signed_in_at(user) or 0.0
    try:
        session_end.record_sign_out(
            session_end.store_dir(), session_end.login_key(user), issued + hours * 3600
        )
    except OSError:
        # The cookie is still cleared below; a copy of it stays valid until its lifetime ends.
        _LOG.exception("could not record a sign-out; copies of this login's cookie stay valid")
    st.logout()
