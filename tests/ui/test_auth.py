"""Sign-in gate (ui.auth): open mode, sign-in screen, signed in, sign out, misconfiguration.

AppTest stands in for the identity provider: ``at.secrets["auth"]`` switches sign-in on for the
script, and ``at.user`` is what the script reads as ``st.user`` (``is_logged_in`` True/False).
The redirect to the identity provider cannot happen under AppTest, so the tests check that the
sign-in button calls ``st.login`` with the right provider, by recording the call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from ui import auth

SCRIPT = """
import streamlit as st
from ui.auth import sign_in_gate

sign_in_gate()
st.write("content")
"""

AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "placeholder-cookie-secret",
    "client_id": "placeholder-client-id",
    "client_secret": "placeholder-client-secret",
    "server_metadata_url": "https://idp.hospital.example/.well-known/openid-configuration",
}


def _texts(at: AppTest) -> list[str]:
    """Every piece of text on the main page and in the sidebar."""
    out: list[str] = [m.value for m in at.markdown]
    out += [t.value for t in at.title]
    out += [t.value for t in at.text]
    out += [e.value for e in at.error]
    out += [m.value for m in at.sidebar.markdown]
    out += [t.value for t in at.sidebar.text]
    return out


def _app(secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    if secrets is not None:
        for key, value in secrets.items():
            at.secrets[key] = value
    if user is not None:
        at.user = user
    return at.run()


def _shows_sign_in_screen_only(at: AppTest) -> None:
    assert not at.exception
    texts = _texts(at)
    assert "content" not in texts
    assert auth.SIGN_IN_TITLE in texts
    assert auth.SIGN_IN_LINE in texts
    assert at.button(key=auth.SIGN_IN_KEY).label == auth.SIGN_IN_LABEL
    assert [b.key for b in at.button] == [auth.SIGN_IN_KEY]
    assert len(at.sidebar.button) == 0


def test_open_mode_without_any_secrets_shows_content() -> None:
    at = _app()
    assert not at.exception
    assert "content" in _texts(at)
    assert not any(b.key in (auth.SIGN_IN_KEY, auth.SIGN_OUT_KEY) for b in at.button)
    assert len(at.sidebar.button) == 0


def test_open_mode_with_secrets_but_no_auth_table_shows_content() -> None:
    at = _app(secrets={"other": {"x": "1"}})
    assert not at.exception
    assert "content" in _texts(at)
    assert len(at.button) == 0


@pytest.mark.parametrize("user", [{"is_logged_in": False}, {"email": "test@example.com"}, {}])
def test_auth_configured_and_signed_out_shows_only_sign_in(user: dict[str, Any]) -> None:
    # A user dict without "is_logged_in" (AppTest's default) must count as signed out.
    at = _app(secrets={"auth": AUTH}, user=user)
    _shows_sign_in_screen_only(at)


def test_signed_in_user_sees_content_and_sign_out() -> None:
    user = {"is_logged_in": True, "name": "Dr Test", "email": "dr.test@hospital.example"}
    at = _app(secrets={"auth": AUTH}, user=user)
    assert not at.exception
    texts = _texts(at)
    assert "content" in texts
    assert auth.SIGN_IN_TITLE not in texts
    assert "Signed in as Dr Test" in texts
    assert at.sidebar.button(key=auth.SIGN_OUT_KEY).label == "Sign out"


def test_signed_in_name_is_shown_as_plain_text_not_markdown() -> None:
    user = {"is_logged_in": True, "name": "[click](https://evil.example)"}
    at = _app(secrets={"auth": AUTH}, user=user)
    assert [t.value for t in at.sidebar.text] == ["Signed in as [click](https://evil.example)"]
    assert all("evil" not in m.value for m in at.sidebar.markdown)


def test_sign_out_returns_to_sign_in_screen() -> None:
    at = _app(secrets={"auth": AUTH}, user={"is_logged_in": True, "name": "Dr Test"})
    at.sidebar.button(key=auth.SIGN_OUT_KEY).click().run()
    _shows_sign_in_screen_only(at)
    at.run()  # stays signed out on the next run
    _shows_sign_in_screen_only(at)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (AUTH, ()),
        (
            {
                "redirect_uri": AUTH["redirect_uri"],
                "cookie_secret": AUTH["cookie_secret"],
                "hospital": {k: AUTH[k] for k in ("client_id", "client_secret")}
                | {"server_metadata_url": AUTH["server_metadata_url"]},
            },
            ("hospital",),
        ),
    ],
)
def test_sign_in_button_calls_st_login_with_the_provider(
    monkeypatch: pytest.MonkeyPatch, section: dict[str, Any], expected: tuple[str, ...]
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(st, "login", lambda *args: calls.append(args))
    at = _app(secrets={"auth": section}, user={"is_logged_in": False})
    at.button(key=auth.SIGN_IN_KEY).click().run()
    assert calls == [expected]
    _shows_sign_in_screen_only(at)


def test_unreadable_secrets_file_fails_closed(tmp_path: Path) -> None:
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\nclient_id = \n", encoding="utf-8")
    with patch_config_options({"secrets.files": [str(broken)]}):
        at = _app()
    assert not at.exception
    texts = _texts(at)
    assert "content" not in texts
    assert auth.MISCONFIGURED in texts


def test_empty_secrets_directory_counts_as_open_mode(tmp_path: Path) -> None:
    with patch_config_options({"secrets.files": [str(tmp_path)]}):
        at = _app()
    assert not at.exception
    assert "content" in _texts(at)


def test_provider_selection() -> None:
    assert auth._provider(AUTH) is None
    assert auth._provider({"redirect_uri": "x", "cookie_secret": "y", "idp": {}}) == "idp"
    assert auth._provider({"redirect_uri": "x", "cookie_secret": "y"}) is None
