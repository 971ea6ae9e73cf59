"""Load on loopback: 30 concurrent sessions for a minute, no errors, memory released afterwards.

The server is the container's: the Dockerfile's COPY lines are replayed into a temporary tree and
its CMD is started there (tests/test_container_cmd.py), so the production profile is in effect.
Only ``server.disconnectedSessionTTL`` is shortened (5 s instead of 120 s) so that the test does
not wait two minutes for closed sessions to expire.

Each simulated user (benchmarks/ws_client.py speaks the browser's websocket protocol) opens a
scenario URL, then every 0.5-1.5 s either reruns with another scenario or moves to another page,
for LOAD_SECONDS. Every run must finish without an exception element, every websocket must stay
up, and the server log must show no traceback.

Memory: the resting level is the server's RSS after a warm-up that opens every page once, then
runs the 30 users for WARM_UP_SECONDS (concurrent sessions take the allocator to its working
level: measured here, three further rounds of load each came back to within 5 MB of it, while a
resting level taken after one session at a time sat 40-50 MB lower), and lets those sessions
expire. After the load, the users disconnect, their sessions expire, and one more
visitor connects (Streamlit reaps expired sessions when the next session is stored). RSS must
then be back within MEMORY_SLACK of the resting level. A leak of the order of one session state
per interaction (30 users x ~60 runs) would exceed it.

Bounded: 30 sessions, LOAD_SECONDS of load, about 2.5 minutes in all (on 2 cores).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_container_cmd import Running, serve_image

ws_client = pytest.importorskip("benchmarks.ws_client")
scenarios = pytest.importorskip("benchmarks.scenarios")

SESSIONS = 30
LOAD_SECONDS = 60.0
WARM_UP_SECONDS = 15.0
SESSION_TTL_S = 5
THINK_S = (0.5, 1.5)
RUN_TIMEOUT_S = 60.0
MEMORY_SLACK_MB = 40.0  # allocator slack: freed memory is not always returned to the OS at once

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc"),
]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    ttl = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
    with serve_image(tmp_path_factory.mktemp("load"), ttl) as running:
        yield running


@dataclass
class Tally:
    runs: int = 0
    per_user: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, user: int) -> None:
        with self.lock:
            self.runs += 1
            self.per_user[user] = self.per_user.get(user, 0) + 1

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def _check(result: object, user: int, where: str, tally: Tally) -> None:
    if getattr(result, "ok", False):
        tally.ok(user)
    else:
        tally.error(f"{where}: {result}")


def _expire_sessions(port: int) -> None:
    """Wait out the session TTL, then store one more session so the expired ones are reaped."""
    time.sleep(SESSION_TTL_S + 1.5)
    with ws_client.StreamlitSession("127.0.0.1", port, timeout=RUN_TIMEOUT_S) as probe:
        probe.open_page("", "about")
    time.sleep(SESSION_TTL_S + 1.5)
    with ws_client.StreamlitSession("127.0.0.1", port, timeout=RUN_TIMEOUT_S) as probe:
        probe.open_page("", "about")
    time.sleep(2.0)


def _user(number: int, port: int, stop_at: float, tally: Tally) -> None:
    rng = random.Random(number)
    queries = scenarios.query_strings()
    pages = [name for _, name in scenarios.pages()]
    try:
        with ws_client.StreamlitSession("127.0.0.1", port, timeout=RUN_TIMEOUT_S) as session:
            query = queries[number % len(queries)]
            page = pages[number % len(pages)]
            _check(session.open_page(query, page), number, f"user {number} open {page}", tally)
            while time.monotonic() < stop_at:
                time.sleep(rng.uniform(*THINK_S))
                if rng.random() < 0.7:
                    query = rng.choice(queries)
                    _check(session.rerun(query), number, f"user {number} rerun {page}", tally)
                else:
                    page = rng.choice(pages)
                    _check(
                        session.open_page(query, page), number, f"user {number} open {page}", tally
                    )
    except Exception as exc:  # a dropped websocket or a timeout is an error of the test run
        tally.error(f"user {number}: {exc!r}")


def _users_until(port: int, stop_at: float, tally: Tally) -> None:
    users = [
        threading.Thread(target=_user, args=(n, port, stop_at, tally), daemon=True)
        for n in range(SESSIONS)
    ]
    for user in users:
        user.start()
    for user in users:
        user.join(timeout=stop_at - time.monotonic() + 3 * RUN_TIMEOUT_S)


def test_thirty_sessions_for_a_minute(server: Running) -> None:
    # Warm-up: every page and every scenario once (imports, caches, first-render costs), so
    # that bounded caches are full before the resting level is taken; then let sessions expire.
    queries = scenarios.query_strings()
    pages = [name for _, name in scenarios.pages()]
    with ws_client.StreamlitSession("127.0.0.1", server.port, timeout=RUN_TIMEOUT_S) as s:
        for page in pages:
            for query in queries:
                assert s.open_page(query, page).ok
    warm_up = Tally()
    _users_until(server.port, time.monotonic() + WARM_UP_SECONDS, warm_up)
    assert not warm_up.errors, warm_up.errors[:5]
    _expire_sessions(server.port)
    resting = _rss_mb(server.pid)

    tally = Tally()
    stop_at = time.monotonic() + LOAD_SECONDS
    users = [
        threading.Thread(target=_user, args=(n, server.port, stop_at, tally), daemon=True)
        for n in range(SESSIONS)
    ]
    for user in users:
        user.start()
    peak = resting
    while any(u.is_alive() for u in users):
        peak = max(peak, _rss_mb(server.pid))
        time.sleep(1.0)
        assert time.monotonic() < stop_at + 3 * RUN_TIMEOUT_S, "users did not finish"
    for user in users:
        user.join(timeout=1.0)

    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert tally.errors == [], "\n".join([*tally.errors[:5], "--- server log ---", log[-6000:]])
    # Every user was served repeatedly (no session starved); speed is the benchmark's business.
    starved = {n: tally.per_user.get(n, 0) for n in range(SESSIONS) if tally.per_user.get(n, 0) < 2}
    assert not starved, f"users with fewer than 2 finished runs: {starved}"
    assert server.proc.poll() is None, "server died under load"

    _expire_sessions(server.port)
    after = _rss_mb(server.pid)
    assert "Traceback" not in log, log[-4000:]
    print(
        f"\nload: {tally.runs} runs, 0 errors; RSS resting {resting:.0f} MB, "
        f"peak {peak:.0f} MB, after {after:.0f} MB"
    )
    assert after <= resting + MEMORY_SLACK_MB, (
        f"memory not released: resting {resting:.0f} MB, peak {peak:.0f} MB, after {after:.0f} MB"
    )
