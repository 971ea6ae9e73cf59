"""Test-only: an audit hook that records and refuses every non-loopback connection or name look-up.

On the PYTHONPATH of the replicas that tests/hosting starts (tests/hosting/stack.py), never in
the product. Python imports ``sitecustomize`` at start-up; when ``TUMORBOARD_TEST_AUDIT_LOG``
names a file, every ``socket.connect``/``sendto`` to an address outside 127.0.0.0/8 and ::1, and
every ``getaddrinfo``/``gethostbyname`` of a name other than localhost, is appended to it as one
JSON line and then refused with PermissionError, as the Kubernetes NetworkPolicy refuses egress:
nothing leaves this machine even when the app tries. A line ``{"armed": pid}`` is written at
start-up, so the tests can tell that the hook was really there.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
import traceback
from typing import Any

_LOG = os.environ.get("TUMORBOARD_TEST_AUDIT_LOG", "")
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost"}
_EVENTS = {
    "socket.connect",
    "socket.sendto",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
}


def _write(record: dict[str, Any]) -> None:
    line = (json.dumps(record, default=str) + "\n").encode("utf-8")
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)  # one write with O_APPEND: lines of two replicas never interleave
    finally:
        os.close(fd)


def _is_local(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    text = str(host).strip("[]").lower()
    if text in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False  # a name other than localhost: its look-up would leave the machine
    return address.is_loopback or address.is_unspecified


def _host(event: str, args: tuple[Any, ...]) -> Any:
    if event in ("socket.connect", "socket.sendto"):
        address = args[-1]
        if not isinstance(address, tuple):
            return None  # AF_UNIX path: local
        return address[0]
    return args[0]


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _EVENTS:
        return
    host = _host(event, args)
    if _is_local(host):
        return
    stack = "".join(traceback.format_stack(limit=12)[:-1])
    _write({"pid": os.getpid(), "event": event, "host": host, "stack": stack})
    raise PermissionError(f"test audit hook: no connection off this machine ({event} {host})")


if _LOG:
    sys.addaudithook(_hook)
    _write({"armed": os.getpid()})
