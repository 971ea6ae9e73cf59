"""Bounded websocket messages: ``server.maxMessageSize = 5`` (deploy/config.production.toml).

Streamlit's default (200 MB) let anyone, before any sign-in, make a replica buffer a 190 MB frame:
five of them took a replica to 1,190 MB against its 1 GiB limit. Here a 190 MB frame is sent to a
replica started with the production profile; the replica must refuse it with its peak memory
(VmHWM, the kernel's high-water mark, so a short spike is seen too) nearly flat, and keep serving.
And the limit must leave room for the app itself: the largest message any page sends through the
proxy, charts drawn, is measured and must stay under a quarter of the limit.
"""

from __future__ import annotations

import contextlib
import socket
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import wait_for_app
from tests.hosting.stack import HOST, ROOT, Proxy, Replica

websocket = pytest.importorskip("websocket")

pytestmark = pytest.mark.slow

FRAME_MB = 190
# A generous bound: the refused frame must not be buffered (190 MB); ordinary work of the
# process (another test's session on the same replica) stays well inside it.
PEAK_GROWTH_LIMIT_MB = 48
# The limit in effect in the image: the production profile's, else Streamlit's default (200).
LIMIT_MB = (
    tomllib.loads((ROOT / "deploy/config.production.toml").read_text("utf-8"))["server"]
).get("maxMessageSize", 200)
SCENARIO = (
    "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
    "&months_cart_to_failure=3&cart_plan=not_candidate&compare=1&b_months_cart_to_failure=9"
)
PAGES = ["", "cd19_washout", "evidence_library", "teaching", "about"]


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field} for pid {pid}")


def _send_huge_frame(replica: Replica, size: int) -> str:
    """Send one binary frame of ``size`` bytes in 1 MB pieces; how the replica ended it."""
    ws = websocket.create_connection(
        f"ws://{HOST}:{replica.port}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=replica.url,
        timeout=30,
    )
    frame = websocket.ABNF(1, 0, 0, 0, websocket.ABNF.OPCODE_BINARY, 1, b"")
    header = frame.format()[:2]  # FIN+opcode, masked; a 64-bit length follows
    mask = b"\0\0\0\0"  # an all-zero mask leaves the payload as sent
    ws.sock.sendall(bytes([header[0], 0x80 | 127]) + size.to_bytes(8, "big") + mask)
    piece = b"\0" * (1 << 20)
    sent = 0
    try:
        while sent < size:
            ws.sock.sendall(piece[: min(len(piece), size - sent)])
            sent += len(piece)
        with contextlib.suppress(OSError, websocket.WebSocketException):
            opcode, data = ws.recv_data(control_frame=True)
            code = int.from_bytes(data[:2], "big") if data else None
            return f"all {size >> 20} MB sent; replica answered opcode {opcode}, close code {code}"
        return f"all {size >> 20} MB sent; no answer"
    except OSError as error:  # the replica closed the connection: the frame was refused
        return f"closed after {sent >> 20} MB ({type(error).__name__})"
    finally:
        with contextlib.suppress(OSError):
            ws.sock.close()


def test_a_190_mb_frame_is_refused_with_memory_flat(
    replicas: list[Replica], record_property: Any
) -> None:
    replica = replicas[0]
    assert replica.process is not None
    pid = replica.process.pid
    peak_before = _status_mb(pid, "VmHWM")
    rss_before = _status_mb(pid, "VmRSS")
    outcome = _send_huge_frame(replica, FRAME_MB << 20)
    peak_after = _status_mb(pid, "VmHWM")
    rss_after = _status_mb(pid, "VmRSS")
    record_property("frame_outcome", outcome)
    record_property("rss_mb_before_after", (round(rss_before), round(rss_after)))
    record_property("peak_mb_before_after", (round(peak_before), round(peak_after)))
    print(
        f"\n{FRAME_MB} MB frame: {outcome}; replica RSS {rss_before:.0f} -> {rss_after:.0f} MB, "
        f"peak {peak_before:.0f} -> {peak_after:.0f} MB (limit {LIMIT_MB} MB)"
    )
    assert peak_after - peak_before < PEAK_GROWTH_LIMIT_MB, outcome
    assert replica.healthy()
    with socket.create_connection((HOST, replica.port), timeout=5):
        pass


@pytest.mark.e2e
def test_the_largest_message_the_app_sends_is_far_below_the_limit(
    proxy: Proxy, context: Any, record_property: Any
) -> None:
    page = context.new_page()
    received: list[int] = []
    sent: list[int] = []

    def watch(ws: Any) -> None:
        ws.on("framereceived", lambda payload: received.append(len(payload)))
        ws.on("framesent", lambda payload: sent.append(len(payload)))

    page.on("websocket", watch)
    for path in PAGES:
        page.goto(f"{proxy.url}/{path}?{SCENARIO}")
        wait_for_app(page)
        if path == "":
            page.locator(".st-key-a-details label").first.click()  # the charts, switched on
            wait_for_app(page)
            page.locator(".vega-embed").first.wait_for(timeout=30_000)
        page.wait_for_timeout(300)
    largest, largest_sent = max(received), max(sent)
    record_property("largest_message_received_bytes", largest)
    record_property("largest_message_sent_bytes", largest_sent)
    print(f"\nlargest websocket message: to the browser {largest} B, from it {largest_sent} B")
    assert len(received) > 20
    assert largest < (LIMIT_MB << 20) / 4
    assert largest_sent < (LIMIT_MB << 20) / 4
