"""`streamlit run` with TCP_NODELAY on its listening socket (an experiment, not production).

Streamlit 1.67's Starlette server binds its socket with ``socket.socket(family=...)``, so the
socket's ``proto`` is 0, and Python 3.11's asyncio only sets TCP_NODELAY on accepted sockets whose
``proto`` is IPPROTO_TCP. With Nagle's algorithm left on, a rerun whose reply is several small
websocket frames waits for the browser's delayed ACK (40 ms on Linux, up to 200 ms on Windows)
before the last frames leave. On Linux an accepted socket inherits TCP_NODELAY from the listening
socket, so setting it once here fixes every connection.

Usage: ``python benchmarks/nodelay_launcher.py run app.py [streamlit flags]``, or
``python -m benchmarks.run --launcher benchmarks/nodelay_launcher.py``.
"""

from __future__ import annotations

import socket
import sys

from streamlit.web.server.starlette import starlette_server

_bind_socket = starlette_server._bind_socket


def _bind_socket_nodelay(address: str, port: int, backlog: int) -> socket.socket:
    sock = _bind_socket(address, port, backlog)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


starlette_server._bind_socket = _bind_socket_nodelay

if __name__ == "__main__":
    from streamlit.web.cli import main

    sys.exit(main())
