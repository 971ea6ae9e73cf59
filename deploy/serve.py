"""The production launcher: ``streamlit run`` with TCP_NODELAY on the server's listening socket,
with Streamlit's look-ups of this machine's external address switched off (``offline.py``,
beside this file: the app never calls out), and, behind TLS, every cookie Secure and HttpOnly
(``secure_cookies.py``).

Usage (the Dockerfile's CMD): ``python serve.py run app.py [streamlit flags]``; it takes exactly
the arguments of ``python -m streamlit``.

Why: Streamlit 1.67's Starlette server binds its socket with ``socket.socket(family=...)``, so
the socket's ``proto`` is 0, and Python's asyncio only sets TCP_NODELAY on accepted sockets whose
``proto`` is IPPROTO_TCP. With Nagle's algorithm on, a rerun's reply (several small websocket
frames) waits for the browser's, or the proxy's, delayed ACK (40 ms on Linux, up to 200 ms with
Windows clients) before its last frames leave. On Linux an accepted socket inherits TCP_NODELAY
from the listening socket, so setting it once here fixes every connection.

There is no supported way to do this: Streamlit has no config option or hook for socket options
(searched: config options, the Starlette/uvicorn server, uvicorn's protocols), and uvicorn's own
``loop.create_server`` path, which would set it, is not the one Streamlit uses. So this wraps one
private function, ``streamlit.web.server.starlette.starlette_server._bind_socket``.
``tests/hosting/test_nodelay.py`` fails loudly when that function moves or changes its
signature, and checks on a running server that accepted connections have TCP_NODELAY. If the hook
is missing at run time, the server still starts (stock behaviour) and a warning is logged.
Measured effect: benchmarks/RESULTS.md, "TCP_NODELAY launcher".
"""

from __future__ import annotations

import importlib
import inspect
import logging
import socket
import sys
from collections.abc import Callable

HOOK_MODULE = "streamlit.web.server.starlette.starlette_server"
HOOK_NAME = "_bind_socket"
HOOK_PARAMETERS = ("address", "port", "backlog")

_LOG = logging.getLogger("tumorboard.serve")

BindSocket = Callable[[str, int, int], socket.socket]


def set_nodelay(sock: socket.socket) -> socket.socket:
    """Turn Nagle's algorithm off on a TCP socket (no-op for other families)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def hook_problem() -> str | None:
    """Why the private hook cannot be patched, or None when it can."""
    try:
        module = importlib.import_module(HOOK_MODULE)
    except ImportError as err:
        return f"{HOOK_MODULE} cannot be imported ({err})"
    original = getattr(module, HOOK_NAME, None)
    if original is None or not callable(original):
        return f"{HOOK_MODULE}.{HOOK_NAME} no longer exists"
    if getattr(original, "_tumorboard_nodelay", False):
        return None  # already patched
    parameters = tuple(inspect.signature(original).parameters)
    if parameters != HOOK_PARAMETERS:
        return f"{HOOK_MODULE}.{HOOK_NAME} takes {parameters}, expected {HOOK_PARAMETERS}"
    return None


def install() -> bool:
    """Wrap Streamlit's socket binding so that the listening socket has TCP_NODELAY.

    Returns True when the wrapper is in place; False (with a warning) when the private hook has
    changed, in which case Streamlit runs unchanged.
    """
    problem = hook_problem()
    if problem is not None:
        _LOG.warning("TCP_NODELAY not set (%s); serving with Streamlit's defaults", problem)
        return False
    module = importlib.import_module(HOOK_MODULE)
    original: BindSocket = getattr(module, HOOK_NAME)
    if getattr(original, "_tumorboard_nodelay", False):
        return True

    def bind_socket_nodelay(address: str, port: int, backlog: int) -> socket.socket:
        return set_nodelay(original(address, port, backlog))

    bind_socket_nodelay._tumorboard_nodelay = True  # type: ignore[attr-defined]
    setattr(module, HOOK_NAME, bind_socket_nodelay)
    return True


def main() -> int:
    install()
    # Beside this file (deploy/ in the repository, /app in the image).
    import offline
    import secure_cookies

    offline.install()
    secure_cookies.install()
    from streamlit.web.cli import main as streamlit_main

    return int(streamlit_main() or 0)


if __name__ == "__main__":
    sys.exit(main())
