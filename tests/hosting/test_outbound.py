"""No outbound connection, ever: every replica the hosting tests start runs with an audit hook
(tests/hosting/audit/sitecustomize.py) that records, and refuses, any connection or name look-up
off this machine. The last test of the session (conftest.py orders it last) requires zero records
across everything the suite did: page loads, charts, sign-in against the OpenID provider,
refused foreign-origin websockets, failover, oversized frames.

What used to call out: Streamlit refuses a foreign-origin websocket only after asking
checkip.amazonaws.com for this machine's address (deploy/offline.py says where), in the server's
event loop. The proxy now refuses such websockets before they reach a replica, and the replica
refuses them without asking anything.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys

import pytest

from tests.hosting.stack import (
    AUDIT_DIR,
    AUDIT_VARIABLE,
    HOST,
    ROOT,
    Proxy,
    Replica,
    audit_log,
    audit_records,
    request,
)

websocket = pytest.importorskip("websocket")

pytestmark = pytest.mark.slow

FOREIGN = "https://evil.example"
LAST = "test_no_connection_off_this_machine_in_the_whole_hosting_suite"


def _offline() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("tumorboard_offline", ROOT / "deploy/offline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outbound() -> list[dict[str, object]]:
    return [r for r in audit_records() if "armed" not in r]


def _handshake(url: str, origin: str) -> int:
    """The HTTP status of a websocket handshake (101 when accepted)."""
    try:
        ws = websocket.create_connection(
            url,
            sslopt={"cert_reqs": ssl.CERT_NONE, "check_hostname": False},
            subprotocols=["streamlit"],
            origin=origin,
            timeout=10,
        )
    except websocket.WebSocketBadStatusException as refused:
        return int(refused.status_code)
    try:
        return int(ws.getstatus())
    finally:
        ws.close()


def test_streamlit_still_has_the_lookups_offline_py_switches_off() -> None:
    problem = _offline().problem()  # type: ignore[attr-defined]
    assert problem is None, (
        f"deploy/offline.py can no longer switch off Streamlit's address look-ups: {problem}. "
        "Find where Streamlit now looks up this machine's address and update deploy/offline.py."
    )


def test_the_audit_hook_records_and_refuses_a_lookup(tmp_path: object) -> None:
    """A guard on the guard: a process with the hook cannot resolve an outside name."""
    log = f"{tmp_path}/audit.jsonl"
    env = {**os.environ, "PYTHONPATH": str(AUDIT_DIR), AUDIT_VARIABLE: log}
    code = (
        "import socket\ntry:\n socket.getaddrinfo('example.invalid', 80)\n"
        "except PermissionError:\n print('refused')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "refused", done.stderr
    with open(log, encoding="utf-8") as handle:
        text = handle.read()
    assert '"armed"' in text and "example.invalid" in text


def test_a_foreign_origin_websocket_is_refused_by_the_replica_without_calling_out(
    replicas: list[Replica],
) -> None:
    before = len(_outbound())
    for replica in replicas:
        url = f"ws://{HOST}:{replica.port}/_stcore/stream"
        assert _handshake(url, FOREIGN) == 403
        assert _handshake(url, replica.url) == 101  # same origin still works
    new = _outbound()[before:]
    assert new == [], f"the replica called out while refusing a foreign origin: {new}"


def test_a_foreign_origin_websocket_is_refused_at_the_proxy(
    proxy: Proxy, replicas: list[Replica]
) -> None:
    from tests.hosting.stack import session_connects

    counts = [session_connects(r) for r in replicas]
    url = f"wss://{HOST}:{proxy.https_port}/_stcore/stream"
    assert _handshake(url, FOREIGN) == 403
    assert _handshake(url, f"https://{HOST}:{proxy.https_port}.evil.example") == 403
    assert [session_connects(r) for r in replicas] == counts, "a replica saw the handshake"
    assert _handshake(url, proxy.url) == 101
    assert request(f"{proxy.url}/_stcore/health").status == 200


def test_no_connection_off_this_machine_in_the_whole_hosting_suite(
    replicas: list[Replica], record_property: object
) -> None:
    records = audit_records()
    armed = {r["armed"] for r in records if "armed" in r}
    outbound = [r for r in records if "armed" not in r]
    record_property("non_loopback_connects", len(outbound))  # type: ignore[operator]
    print(f"\naudit log {audit_log()}: {len(armed)} replica processes, {len(outbound)} outbound")
    assert len(armed) >= len(replicas), "the audit hook was not loaded in the replicas"
    assert outbound == [], "\n".join(f"{r['event']} {r['host']}\n{r['stack']}" for r in outbound)
