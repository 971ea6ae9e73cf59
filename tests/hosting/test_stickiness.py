"""Sticky sessions by the proxy's own cookie, not by client address.

Every request here comes from 127.0.0.1, as a whole hospital behind one NAT address would: with
ip_hash they would all land on one replica. Which replica served a websocket is read from the
replicas' own session counters (``/_stcore/metrics`` on each replica, never through the proxy).
"""

from __future__ import annotations

import re
import secrets
import time

import pytest

from tests.hosting.stack import Proxy, Replica, replica_of, request

pytestmark = pytest.mark.slow

COOKIE = "tumorboard_route"
CONNECTS_PER_COOKIE = 3
MAX_COOKIES = 40


def _route_cookie(set_cookies: list[str]) -> str | None:
    for header in set_cookies:
        if header.startswith(f"{COOKIE}="):
            return header
    return None


def test_a_browser_without_the_cookie_gets_one(proxy: Proxy) -> None:
    header = _route_cookie(request(f"{proxy.url}/").headers.get("set-cookie", []))
    assert header is not None
    value, *attributes = [part.strip() for part in header.split(";")]
    assert re.fullmatch(rf"{COOKIE}=[0-9a-f]{{32}}", value), value
    assert set(attributes) == {"Path=/", "Max-Age=43200", "Secure", "HttpOnly", "SameSite=Lax"}


def test_a_valid_cookie_is_kept_and_a_forged_one_replaced(proxy: Proxy) -> None:
    valid = f"{COOKIE}={secrets.token_hex(16)}"
    kept = request(f"{proxy.url}/", cookie=valid).headers.get("set-cookie", [])
    assert _route_cookie(kept) is None
    for junk in ("x", "../../etc", "0" * 31, "G" * 32):
        replaced = request(f"{proxy.url}/", cookie=f"{COOKIE}={junk}").headers.get("set-cookie")
        assert _route_cookie(replaced or []) is not None, junk


def test_same_cookie_same_replica_and_both_replicas_used(
    proxy: Proxy, replicas: list[Replica], record_property: object
) -> None:
    seen: dict[str, list[int]] = {}
    started = time.monotonic()
    while len(seen) < MAX_COOKIES:
        cookie = secrets.token_hex(16)
        seen[cookie] = [
            replica_of(proxy, replicas, f"{COOKIE}={cookie}") for _ in range(CONNECTS_PER_COOKIE)
        ]
        used = {route[0] for route in seen.values()}
        if len(seen) >= 8 and used == {0, 1}:
            break
    elapsed = time.monotonic() - started
    print(f"\nstickiness: {len(seen)} cookies x {CONNECTS_PER_COOKIE} websockets, {elapsed:.1f} s")
    for cookie, routes in seen.items():
        assert len(set(routes)) == 1, f"cookie {cookie} went to replicas {routes}"
    per_replica = [sum(1 for r in seen.values() if r[0] == n) for n in range(len(replicas))]
    assert all(per_replica), f"all {len(seen)} cookies from one address on one replica"
