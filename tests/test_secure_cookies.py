"""deploy/secure_cookies.py: Secure, HttpOnly and SameSite on every cookie the app sets."""

from __future__ import annotations

import asyncio
import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "secure_cookies", ROOT / "deploy/secure_cookies.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cookies = _module()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            b"_streamlit_user=abc; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax",
            b"_streamlit_user=abc; HttpOnly; Max-Age=2592000; Path=/; SameSite=lax; Secure",
        ),
        (
            b"_streamlit_xsrf=2|a|b|1; Path=/; SameSite=Lax",
            b"_streamlit_xsrf=2|a|b|1; Path=/; SameSite=Lax; Secure",
        ),
        (
            b"_streamlit_oauth=x; path=/; Max-Age=1209600; httponly; samesite=lax",
            b"_streamlit_oauth=x; path=/; Max-Age=1209600; httponly; samesite=lax; Secure",
        ),
        (b"plain=1", b"plain=1; Secure; HttpOnly; SameSite=Lax"),
        (
            b"done=1; Secure; HttpOnly; SameSite=Strict",
            b"done=1; Secure; HttpOnly; SameSite=Strict",
        ),
    ],
)
def test_harden_adds_only_what_is_missing(given: bytes, expected: bytes) -> None:
    assert cookies.harden(given) == expected


def test_the_middleware_hardens_every_set_cookie_header() -> None:
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"set-cookie", b"a=1"), (b"content-type", b"text/plain")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    # In its own thread: Playwright's sync API (browser tests earlier in the session) keeps an
    # event loop running in the main thread, where asyncio.run() is not allowed.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            lambda: asyncio.run(cookies.SecureCookies(app)({"type": "http"}, receive, send))
        ).result()
    assert sent[0]["headers"] == [
        (b"set-cookie", b"a=1; Secure; HttpOnly; SameSite=Lax"),
        (b"content-type", b"text/plain"),
    ]


def test_streamlit_still_has_the_hook() -> None:
    assert cookies.problem() is None, (
        f"deploy/secure_cookies.py can no longer add its middleware: {cookies.problem()}"
    )


def test_installed_only_when_asked() -> None:
    assert cookies.install({}) is False
    assert cookies.install({"TUMORBOARD_SECURE_COOKIES": "0"}) is False
