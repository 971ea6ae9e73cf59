"""The production launcher (deploy/serve.py) and the private Streamlit function it wraps.

Streamlit 1.67 offers no supported way to set TCP_NODELAY (no config option, no hook), so
deploy/serve.py wraps ``starlette_server._bind_socket``. These tests fail loudly when that
function moves, changes its signature or stops being the one the server binds with, and prove on
a running replica (started with the Dockerfile's CMD) that accepted connections have TCP_NODELAY.
"""

from __future__ import annotations

import ctypes
import importlib.util
import inspect
import os
import socket
import time
from pathlib import Path
from types import ModuleType

import pytest
from streamlit.web.server.starlette import starlette_server

from tests.hosting.stack import HOST, ROOT, Replica
from tests.test_container_cmd import _cmd, _instructions

SERVE = ROOT / "deploy" / "serve.py"
SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture (asm-generic)


def _load_serve() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tumorboard_serve", SERVE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_the_private_hook_is_still_there_and_still_used() -> None:
    serve = _load_serve()
    problem = serve.hook_problem()
    assert problem is None, (
        f"deploy/serve.py can no longer set TCP_NODELAY: {problem}. Streamlit changed its "
        "server; find the new place the listening socket is made (or a supported option) and "
        "update deploy/serve.py, or drop the launcher from the Dockerfile's CMD."
    )
    # The server binds through the module-level name, so replacing it reaches the real path.
    assert "_bind_socket(" in inspect.getsource(starlette_server._bind_server_socket)
    assert "_bind_server_socket(" in inspect.getsource(starlette_server.UvicornServer.start)


def test_stock_binding_leaves_nagle_on_and_the_launcher_turns_it_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    stock = starlette_server._bind_socket(HOST, 0, 8)
    with stock:
        assert _nodelay(stock) == 0, "Streamlit now sets TCP_NODELAY itself: drop deploy/serve.py"
    assert _load_serve().install() is True
    listener = starlette_server._bind_socket(HOST, 0, 8)
    with listener:
        assert _nodelay(listener) == 1
        listener.setblocking(True)
        with socket.create_connection(listener.getsockname(), timeout=5):
            accepted, _ = listener.accept()
            with accepted:
                assert _nodelay(accepted) == 1  # inherited from the listening socket (Linux)


def test_the_container_runs_the_launcher() -> None:
    cmd = _cmd()
    assert cmd[:2] == ["python", "serve.py"] and cmd[2:4] == ["run", "app.py"], cmd
    copies = [i.args.split() for i in _instructions() if i.keyword == "COPY"]
    assert ["deploy/serve.py", "./serve.py"] in copies


def _socket_inode(port: int, peer_port: int) -> int:
    """The inode of the replica's end of our connection, from /proc/net/tcp."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], int(fields[9])
        if (
            state == "01"
            and int(local.split(":")[1], 16) == port
            and int(remote.split(":")[1], 16) == peer_port
        ):
            return inode
    return 0


def _fd_of_inode(pid: int, inode: int) -> int | None:
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(entry) == f"socket:[{inode}]":
                return int(entry.name)
        except OSError:
            continue
    return None


def _duplicate_fd(pid: int, fd: int) -> int:
    """A copy of another process's file descriptor (pidfd_getfd, Linux >= 5.6)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        copy = int(libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0))
        if copy < 0:
            err = ctypes.get_errno()
            pytest.skip(f"pidfd_getfd is not allowed here ({os.strerror(err)})")
        return copy
    finally:
        os.close(pidfd)


@pytest.mark.slow
def test_a_running_replica_accepts_connections_with_tcp_nodelay(replicas: list[Replica]) -> None:
    replica = replicas[0]
    assert replica.process is not None
    with socket.create_connection((HOST, replica.port), timeout=5) as client:
        peer_port = client.getsockname()[1]
        fd = None
        deadline = time.monotonic() + 10
        while fd is None and time.monotonic() < deadline:  # until the server has accepted it
            inode = _socket_inode(replica.port, peer_port)
            fd = _fd_of_inode(replica.process.pid, inode) if inode else None
            if fd is None:
                time.sleep(0.05)
        assert fd is not None, "the replica did not accept the connection in 10 s"
        copy = _duplicate_fd(replica.process.pid, fd)
        with socket.socket(fileno=copy) as server_side:
            assert _nodelay(server_side) == 1, "the replica's connections still use Nagle"
