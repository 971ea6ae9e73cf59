"""Every cookie the app sets is Secure, HttpOnly and SameSite, whatever proxy is in front.

Streamlit 1.67 leaves ``Secure`` off all its cookies (the identity and token cookies, the XSRF
cookie, the sign-in flow's session cookie) so that sign-in works on http://localhost. Behind
TLS that lets a browser send them over plain HTTP. The nginx example fixes this with
``proxy_cookie_flags``; ingress-nginx has no annotation for it (only a configuration snippet,
which most clusters forbid), so the app does it itself: with ``TUMORBOARD_SECURE_COOKIES=1``
(deploy/k8s/deployment.yaml sets it) the launcher puts a small ASGI middleware in front of
Streamlit's own that adds ``Secure``, ``HttpOnly`` and ``SameSite=Lax`` to every ``Set-Cookie``
that lacks them. ``_streamlit_xsrf`` keeps HttpOnly off: Streamlit's page script reads it for
the double-submit XSRF check; it names no one.

The hook is ``starlette_app.create_streamlit_middleware`` (private). tests/test_secure_cookies.py
fails when it moves; if it is gone at run time the server starts with a warning.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

VARIABLE = "TUMORBOARD_SECURE_COOKIES"
HOOK_MODULE = "streamlit.web.server.starlette.starlette_app"
HOOK_NAME = "create_streamlit_middleware"
READ_BY_SCRIPT = b"_streamlit_xsrf"

_LOG = logging.getLogger("tumorboard.secure_cookies")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def harden(set_cookie: bytes) -> bytes:
    """One Set-Cookie value with Secure, HttpOnly (not for the XSRF cookie) and SameSite added."""
    name = set_cookie.split(b"=", 1)[0].strip()
    attributes = {part.split(b"=", 1)[0].strip().lower() for part in set_cookie.split(b";")[1:]}
    added = [b"Secure"] if b"secure" not in attributes else []
    if b"httponly" not in attributes and name != READ_BY_SCRIPT:
        added.append(b"HttpOnly")
    if b"samesite" not in attributes:
        added.append(b"SameSite=Lax")
    return b"; ".join([set_cookie.rstrip(b"; "), *added])


class SecureCookies:
    """ASGI middleware: :func:`harden` on every Set-Cookie header of every HTTP response."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (key, harden(value) if key.lower() == b"set-cookie" else value)
                    for key, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_hardened)


def problem() -> str | None:
    try:
        module = importlib.import_module(HOOK_MODULE)
    except ImportError as err:
        return f"{HOOK_MODULE} cannot be imported ({err})"
    if not callable(getattr(module, HOOK_NAME, None)):
        return f"{HOOK_MODULE}.{HOOK_NAME} no longer exists"
    return None


def install(environ: Mapping[str, str] = os.environ) -> bool:
    """Put :class:`SecureCookies` first in Streamlit's middleware when the variable is 1."""
    if environ.get(VARIABLE, "").strip() != "1":
        return False
    found = problem()
    if found is not None:
        _LOG.warning("cookies keep Streamlit's flags (%s); rely on the proxy's", found)
        return False
    from starlette.middleware import Middleware

    module = importlib.import_module(HOOK_MODULE)
    original = getattr(module, HOOK_NAME)
    if getattr(original, "_tumorboard_secure", False):
        return True

    def middleware() -> list[Any]:
        return [Middleware(SecureCookies), *original()]

    middleware._tumorboard_secure = True  # type: ignore[attr-defined]
    setattr(module, HOOK_NAME, middleware)
    return True
