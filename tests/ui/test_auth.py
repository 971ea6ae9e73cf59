"""Sign-in gate (ui.auth): open mode, sign-in screen, signed in, sign out, misconfiguration.

AppTest stands in for the identity provider: ``at.secrets["auth"]`` switches sign-in on for the
script, and ``at.user`` is what the script reads as ``st.user`` (``is_logged_in`` True/False).
The redirect to the identity provider cannot happen under AppTest, so the tests check that the
sign-in button calls ``st.login`` with the right provider, by recording the call.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from ui import auth, session_end

SCRIPT = """
import streamlit as st
from ui.auth import sign_in_gate

sign_in_gate()
st.write("content")
"""

AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "3f9a1c7e5b2d8f4a6c0e9b1d7a3f5c8e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a",
    "client_id": "placeholder-client-id",
    "client_secret": "placeholder-client-secret",
    "server_metadata_url": "https://idp.hospital.example/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def _sign_out_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test records sign-outs in its own directory, never in the machine's /tmp."""
    store = tmp_path / "sign-outs"
    monkeypatch.setenv("TUMORBOARD_SIGN_OUT_DIR", str(store))
    monkeypatch.delenv("TUMORBOARD_REQUIRE_SIGN_IN", raising=False)
    monkeypatch.delenv("TUMORBOARD_SESSION_HOURS", raising=False)
    yield store


def _signed_in(**claims: Any) -> dict[str, Any]:
    """A signed-in user as Streamlit reads it from the identity cookie: the ID token's claims."""
    return {"is_logged_in": True, "iat": int(time.time()) - 60, "nonce": "n-1", **claims}


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
    user = _signed_in(name="Dr Test", email="dr.test@hospital.example")
    at = _app(secrets={"auth": AUTH}, user=user)
    assert not at.exception
    texts = _texts(at)
    assert "content" in texts
    assert auth.SIGN_IN_TITLE not in texts
    assert "Signed in as Dr Test" in texts
    assert at.sidebar.button(key=auth.SIGN_OUT_KEY).label == "Sign out"


def test_signed_in_name_is_shown_as_plain_text_not_markdown() -> None:
    user = _signed_in(name="[click](https://evil.example)")
    at = _app(secrets={"auth": AUTH}, user=user)
    assert [t.value for t in at.sidebar.text] == ["Signed in as [click](https://evil.example)"]
    assert all("evil" not in m.value for m in at.sidebar.markdown)


def test_sign_out_returns_to_sign_in_screen() -> None:
    at = _app(secrets={"auth": AUTH}, user=_signed_in(name="Dr Test"))
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


# --- fail closed: secrets that must not serve (issue 18) ---------------------------------------


def _readme_placeholder_secret() -> str:
    """The cookie_secret placeholder deploy/README.md shows a department (copied as is)."""
    readme = (Path(__file__).resolve().parents[2] / "deploy" / "README.md").read_text("utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("cookie_secret = "))
    return line.split('"')[1]


def _refused(at: AppTest, *fragments: str) -> None:
    assert not at.exception
    texts = _texts(at)
    assert "content" not in texts
    assert not any(b.key == auth.SIGN_IN_KEY for b in at.button), "a sign-in button is shown"
    (error,) = [e.value for e in at.error]
    assert error.startswith(auth.REFUSED)
    for fragment in fragments:
        assert fragment in error, error


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        (_readme_placeholder_secret(), "placeholder"),
        ("", "missing or empty"),
        ("   ", "missing or empty"),
        ("0123456789abcdef", "shorter than 32"),
        ("ab" * 32, "repeated pattern"),
        ("my-cookie-secret-for-the-tumor-board-app", "placeholder"),
    ],
    ids=["readme-placeholder", "empty", "blank", "short", "pattern", "typed-word"],
)
def test_unsafe_cookie_secret_is_refused_for_everyone(secret: str, why: str) -> None:
    # Signed in or not: with a guessable secret the identity cookie itself may be forged.
    for user in ({"is_logged_in": False}, _signed_in(name="Mallory")):
        at = _app(secrets={"auth": AUTH | {"cookie_secret": secret}}, user=user)
        _refused(at, "cookie_secret", why)
        assert secret.strip() == "" or secret not in at.error[0].value  # never echoed


def test_missing_cookie_secret_is_refused() -> None:
    section = {k: v for k, v in AUTH.items() if k != "cookie_secret"}
    _refused(_app(secrets={"auth": section}), "cookie_secret")


@pytest.mark.parametrize("name", ["Auth", "AUTH", " auth"])
def test_mistyped_auth_table_is_refused_not_run_open(name: str) -> None:
    _refused(_app(secrets={name: AUTH}), f"[{name}]", "case-sensitive")


def test_auth_without_a_provider_is_refused() -> None:
    section = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"]}
    _refused(_app(secrets={"auth": section}), "identity provider")


@pytest.mark.parametrize("secrets", [None, {"other": {"x": "1"}}], ids=["no-file", "no-auth"])
def test_required_sign_in_without_auth_is_refused(
    monkeypatch: pytest.MonkeyPatch, secrets: dict[str, Any] | None
) -> None:
    # The secret mounted at the wrong path looks exactly like no secrets at all.
    monkeypatch.setenv("TUMORBOARD_REQUIRE_SIGN_IN", "1")
    _refused(_app(secrets=secrets), "TUMORBOARD_REQUIRE_SIGN_IN=1", "no [auth] table")


def test_required_sign_in_with_sound_auth_shows_the_sign_in_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUMORBOARD_REQUIRE_SIGN_IN", "1")
    _shows_sign_in_screen_only(_app(secrets={"auth": AUTH}, user={"is_logged_in": False}))


def test_a_mistyped_requirement_does_not_switch_sign_in_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUMORBOARD_REQUIRE_SIGN_IN", "ture")
    _refused(_app(), "TUMORBOARD_REQUIRE_SIGN_IN must be 1 or 0")


def test_refusal_is_logged_once_with_the_reason(caplog: pytest.LogCaptureFixture) -> None:
    auth._LOGGED.clear()
    with caplog.at_level("ERROR", logger="ui.auth"):
        _app(secrets={"auth": AUTH | {"cookie_secret": ""}})
        _app(secrets={"auth": AUTH | {"cookie_secret": ""}})
    lines = [r.getMessage() for r in caplog.records if "cookie_secret" in r.getMessage()]
    assert len(lines) == 1 and "refused" in lines[0]


# --- the session ends: lifetime and sign-out ---------------------------------------------------


def _sign_in_screen_saying(at: AppTest, reason: str) -> None:
    _shows_sign_in_screen_only(at)
    assert [w.value for w in at.warning] == [reason]


def test_a_session_older_than_its_lifetime_is_signed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMORBOARD_SESSION_HOURS", "12")
    old = _signed_in(name="Dr Test") | {"iat": int(time.time()) - 12 * 3600 - 60}
    at = _app(secrets={"auth": AUTH}, user=old)
    _sign_in_screen_saying(at, session_end.EXPIRED.format(hours=12))
    fresh = _app(secrets={"auth": AUTH}, user=_signed_in(name="Dr Test"))
    assert "content" in _texts(fresh)


@pytest.mark.parametrize(
    "iat", [None, "1700000000", True, float("nan"), time.time() + 3600], ids=str
)
def test_a_cookie_without_a_trustworthy_sign_in_time_is_refused(iat: object) -> None:
    user = {k: v for k, v in _signed_in(name="Dr Test").items() if k != "iat"}
    if iat is not None:
        user["iat"] = iat
    _sign_in_screen_saying(_app(secrets={"auth": AUTH}, user=user), session_end.NO_TIME)


def test_a_cookie_copied_before_sign_out_is_refused_after_it(_sign_out_store: Path) -> None:
    claims = _signed_in(name="Dr Test", sub="ada")
    at = _app(secrets={"auth": AUTH}, user=dict(claims))
    assert "content" in _texts(at)
    at.sidebar.button(key=auth.SIGN_OUT_KEY).click().run()
    # The copy: another browser presents the very same signed claims.
    thief = _app(secrets={"auth": AUTH}, user=dict(claims))
    _sign_in_screen_saying(thief, session_end.SIGNED_OUT)
    # The store holds a hash and a time, nothing that names the user.
    (entry,) = [p for p in _sign_out_store.iterdir() if not p.name.startswith(".")]
    assert "ada" not in entry.name and "Dr Test" not in entry.read_text("ascii")
    # A new sign-in (new iat and nonce) is a new login, and works.
    again = _app(secrets={"auth": AUTH}, user=claims | {"iat": claims["iat"] + 5, "nonce": "n-2"})
    assert "content" in _texts(again)
