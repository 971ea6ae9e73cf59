"""The performance benchmark: `python -m benchmarks.run [--quick] [--out DIR]`.

Starts the dashboard (app.py) and the framework's floor (benchmarks/minimal_app.py) with
`streamlit run` on free 127.0.0.1 ports, with the production settings as flags, drives them over
the Streamlit websocket protocol and in headless Chromium, and writes DIR/benchmark.json and
DIR/benchmark.md. See benchmarks/README.md for what each figure means.

Exit status: 0 when the harness ran, whatever the figures (no time ever fails a run); 1 when the
harness broke (a server did not start, or a session saw errors: those are bugs, not slowness).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit

from benchmarks import scenarios
from benchmarks.servers import ROOT, StreamlitServer, production_flags
from benchmarks.ws_client import (
    RunResult,
    StreamlitProtocolError,
    StreamlitSession,
    wait_for_server,
)

__all__ = [
    "APP",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DETAILS_KEY",
    "HOST",
    "LANDING_MARKER",
    "MINIMAL",
    "MINIMAL_MARKER",
    "STRATEGY_KEY",
    "WIDGET_KEY",
    "BrowserTimes",
    "Errors",
    "PageTimes",
    "Plan",
    "ProxyRoomPlan",
    "cold_start",
    "main",
    "measure_browser",
    "measure_details",
    "measure_engine",
    "measure_latency",
    "measure_named",
    "measure_page",
    "measure_proxy_rooms",
    "measure_room",
    "named_rows",
    "percentile",
    "running",
    "summary_ms",
    "table_rows",
    "warm_up",
    "write_reports",
]

HOST = "127.0.0.1"
APP = "app.py"
MINIMAL = "benchmarks/minimal_app.py"
WIDGET_KEY = "ecog"
#: Text the landing page shows once its main content is drawn (the "Strategies" header).
LANDING_MARKER = "Strategies"


@dataclass
class Plan:
    """How much to measure: the full run, or the CI smoke run (--quick)."""

    scenarios: int
    reruns: int
    widget_changes: int
    room_sessions: int
    room_reruns: int
    browser_loads: int
    engine_repeats: int
    timeout: float = 30.0
    #: One rerun in a full room waits for the others' runs: allow far more than alone.
    room_timeout: float = 180.0

    @classmethod
    def for_mode(cls, quick: bool, sessions: int | None) -> Plan:
        if quick:
            plan = cls(
                scenarios=3,
                reruns=2,
                widget_changes=1,
                room_sessions=5,
                room_reruns=3,
                browser_loads=3,
                engine_repeats=20,
            )
        else:
            plan = cls(
                scenarios=len(scenarios.SCENARIOS),
                reruns=3,
                widget_changes=3,
                room_sessions=30,
                room_reruns=6,
                browser_loads=5,
                engine_repeats=300,
            )
        if sessions is not None:
            plan.room_sessions = max(2, sessions)
        return plan


@dataclass
class Errors:
    """Everything that went wrong in sessions; any entry makes the run exit non-zero."""

    items: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, where: str, what: str) -> None:
        with self.lock:
            self.items.append(f"{where}: {what}")


# -- statistics -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: list[float]) -> dict[str, float | int]:
    """n, p50, p95, mean, min and max of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "mean": round(statistics.fmean(ms), 2),
        "min": round(min(ms), 2),
        "max": round(max(ms), 2),
    }


# -- websocket measurements -----------------------------------------------------------------------


def _check(result: RunResult, where: str, errors: Errors) -> None:
    if not result.ok:
        problem = "; ".join(result.exceptions) or result.status
        if result.page_not_found:
            problem = "page not found"
        errors.add(where, problem)


def cold_start(server: StreamlitServer, query: str, errors: Errors, timeout: float = 60.0) -> float:
    """Seconds from spawning the server to the first script_finished of a landing-page session."""
    deadline = server.started_at + timeout
    while time.perf_counter() < deadline:
        if not server.alive():
            raise RuntimeError(
                f"{server.script} exited during start; see its log {server.log_path}"
            )
        session = StreamlitSession(HOST, server.port, timeout=timeout)
        try:
            session.connect()
        except Exception:
            session.close()
            time.sleep(0.02)
            continue
        try:
            result = session.open_page(query, "")
            _check(result, f"cold start {server.script}", errors)
            return time.perf_counter() - server.started_at
        finally:
            session.close()
    raise RuntimeError(f"{server.script} did not render within {timeout} s")


@dataclass
class PageTimes:
    load: list[float] = field(default_factory=list)
    rerun: list[float] = field(default_factory=list)
    widget: list[float] = field(default_factory=list)
    bytes_per_run: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "load_ms": summary_ms(self.load),
            "rerun_ms": summary_ms(self.rerun),
            "widget_change_ms": summary_ms(self.widget),
            "median_bytes_per_run": int(statistics.median(self.bytes_per_run))
            if self.bytes_per_run
            else 0,
        }


def measure_page(
    port: int,
    page_name: str,
    query: str,
    plan: Plan,
    times: PageTimes,
    errors: Errors,
    where: str,
) -> None:
    """One browser tab on one scenario URL: its load, plain reruns, then widget changes."""
    try:
        with StreamlitSession(HOST, port, timeout=plan.timeout) as session:
            result = session.open_page(query, page_name)
            _check(result, where, errors)
            times.load.append(result.seconds)
            for _ in range(plan.reruns):
                result = session.rerun()
                _check(result, where, errors)
                times.rerun.append(result.seconds)
                times.bytes_per_run.append(result.bytes)
            if session.find_widget(WIDGET_KEY) is None:
                errors.add(where, f"no widget with key {WIDGET_KEY!r}")
                return
            for _ in range(plan.widget_changes):
                result = session.set_widget(WIDGET_KEY)
                _check(result, f"{where} ({WIDGET_KEY} change)", errors)
                times.widget.append(result.seconds)
    except StreamlitProtocolError as exc:
        errors.add(where, str(exc))


def warm_up(port: int, page_name: str, query: str, errors: Errors) -> None:
    """Three reruns nobody counts: imports and caches of the page are loaded after this."""
    try:
        with StreamlitSession(HOST, port) as session:
            session.open_page(query, page_name)
            for _ in range(3):
                session.rerun()
    except StreamlitProtocolError as exc:
        errors.add(f"warm-up {page_name or 'landing'}", str(exc))


def measure_latency(
    app: StreamlitServer, floor: StreamlitServer, plan: Plan, errors: Errors
) -> dict[str, Any]:
    """Every page of the app and the minimal page, interleaved scenario by scenario."""
    pages = scenarios.pages()
    queries = scenarios.query_strings()[: plan.scenarios]
    for _, page_name in pages:
        warm_up(app.port, page_name, queries[0], errors)
    warm_up(floor.port, "", queries[0], errors)
    app_times = {label: PageTimes() for label, _ in pages}
    floor_times = PageTimes()
    for index, query in enumerate(queries):
        for label, page_name in pages:
            where = f"{label} scenario {index + 1}"
            measure_page(app.port, page_name, query, plan, app_times[label], errors, where)
        measure_page(floor.port, "", query, plan, floor_times, errors, f"minimal {index + 1}")
    return {
        "pages": {label: times.as_dict() for label, times in app_times.items()},
        "minimal": floor_times.as_dict(),
        "scenarios": len(queries),
        "_raw": {"landing": app_times[pages[0][0]], "minimal": floor_times},
    }


#: The landing page's switch for its outcome charts and cohort fit, and its strategy chooser.
DETAILS_KEY = "a-details"
STRATEGY_KEY = "a-strategy"


def measure_details(port: int, plan: Plan, errors: Errors) -> dict[str, Any]:
    """The landing page's details: the run that switches them on (charts, fit grid), then
    strategy changes (inside an st.fragment when the page has one: only it reruns)."""
    switch_on: list[float] = []
    strategy: list[float] = []
    fragment = False
    for index, query in enumerate(scenarios.query_strings()[: plan.scenarios]):
        where = f"landing details, scenario {index + 1}"
        try:
            with StreamlitSession(HOST, port, timeout=plan.timeout) as session:
                _check(session.open_page(query, ""), where, errors)
                if session.find_widget(DETAILS_KEY) is None:
                    return {"skipped": f"no widget with key {DETAILS_KEY!r} on the landing page"}
                result = session.set_widget(DETAILS_KEY, True)
                _check(result, where, errors)
                switch_on.append(result.seconds)
                chooser = session.find_widget(STRATEGY_KEY)
                if chooser is None or len(chooser.options) < 2:
                    continue
                fragment = fragment or bool(chooser.fragment_id)
                for _ in range(max(2, plan.widget_changes)):
                    result = session.set_widget(STRATEGY_KEY)
                    _check(result, f"{where} (strategy)", errors)
                    strategy.append(result.seconds)
        except StreamlitProtocolError as exc:
            errors.add(where, str(exc))
    return {
        "details_on_ms": summary_ms(switch_on),
        "strategy_change_ms": summary_ms(strategy),
        "strategy_in_fragment": fragment,
    }


def measure_room(server: StreamlitServer, plan: Plan, errors: Errors) -> dict[str, Any]:
    """N concurrent sessions on a fresh server: memory at rest, after 1 and N, then all rerun."""
    queries = scenarios.query_strings()
    wait_for_server(HOST, server.port, timeout=60.0)
    rss_rest = server.rss_mb()
    sessions: list[StreamlitSession] = []
    room_errors_before = len(errors.items)
    try:
        first = StreamlitSession(HOST, server.port, timeout=plan.room_timeout).connect()
        sessions.append(first)
        _check(first.open_page(queries[0], ""), "room session 1", errors)
        cold = time.perf_counter() - server.started_at
        time.sleep(0.5)
        rss_one = server.rss_mb()
        for index in range(1, plan.room_sessions):
            session = StreamlitSession(HOST, server.port, timeout=plan.room_timeout).connect()
            sessions.append(session)
            result = session.open_page(queries[index % len(queries)], "")
            _check(result, f"room session {index + 1}", errors)
        time.sleep(0.5)
        rss_all = server.rss_mb()

        latencies: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(sessions))

        def drive(number: int, session: StreamlitSession) -> None:
            rng = random.Random(number)
            try:
                barrier.wait(timeout=60)
                for step in range(plan.room_reruns):
                    # Each rerun is a different scenario: the next ECOG value, or (every third
                    # rerun) a plain rerun of the current one, as when a colleague reloads.
                    result = session.rerun() if step % 3 == 2 else session.set_widget(WIDGET_KEY)
                    _check(result, f"room session {number + 1}", errors)
                    with lock:
                        latencies.append(result.seconds)
                    time.sleep(rng.uniform(0.0, 0.05))
            except (StreamlitProtocolError, KeyError, threading.BrokenBarrierError) as exc:
                errors.add(f"room session {number + 1}", repr(exc))

        threads = [
            threading.Thread(target=drive, args=(n, s), daemon=True) for n, s in enumerate(sessions)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=plan.room_timeout * plan.room_reruns + 60)
        wall = time.perf_counter() - started
        hung = sum(thread.is_alive() for thread in threads)
        if hung:
            errors.add("room", f"{hung} sessions still running at the time limit")
        time.sleep(0.5)
        rss_after = server.rss_mb()
    finally:
        for session in sessions:
            session.close()
    per_session = (rss_all - rss_one) / max(1, len(sessions) - 1)
    return {
        "sessions": len(sessions),
        "reruns_per_session": plan.room_reruns,
        "latency_ms": summary_ms(latencies),
        "throughput_runs_per_s": round(len(latencies) / wall, 2) if wall > 0 else 0,
        "errors": len(errors.items) - room_errors_before,
        "rss_mb": {
            "rest": round(rss_rest, 1),
            "after_1_session": round(rss_one, 1),
            f"after_{len(sessions)}_sessions": round(rss_all, 1),
            "after_load": round(rss_after, 1),
        },
        "rss_mb_per_additional_session": round(per_session, 2),
        "cold_start_s": round(cold, 3),
    }


# -- the room through the proxy -------------------------------------------------------------------


@dataclass
class ProxyRoomPlan:
    """The rooms run through nginx (deploy/nginx/streamlit.conf) in front of two replicas."""

    users: int = 60
    mean_gap_s: float = 2.0
    duration_s: float = 30.0
    saturated_users: int = 30
    saturated_reruns: int = 6
    replicas: int = 2
    #: The users' scenario URLs, user i on queries[i % len]; --named: the named scenarios.
    queries: list[str] = field(default_factory=scenarios.query_strings)


def _cpu_seconds(process: Any) -> float:
    """utime + stime of a started process (a Popen), in seconds (/proc/PID/stat)."""
    import os

    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _open_users(
    port: int, count: int, timeout: float, errors: Errors, queries: list[str]
) -> list[StreamlitSession]:
    """``count`` browser tabs through the proxy, each on its own scenario URL (not timed)."""
    sessions = []
    for index in range(count):
        session = StreamlitSession(HOST, port, timeout=timeout, tls=True)
        try:
            session.connect()
            _check(
                session.open_page(queries[index % len(queries)], ""), f"user {index + 1}", errors
            )
        except (OSError, StreamlitProtocolError) as exc:
            errors.add(f"proxy room: opening user {index + 1}", repr(exc))
            session.close()
            continue
        sessions.append(session)
    return sessions


def _drive_room(
    sessions: list[StreamlitSession],
    errors: Errors,
    *,
    mean_gap_s: float,
    duration_s: float,
    reruns: int,
    timeout: float,
) -> tuple[list[float], float, int]:
    """Every user changes the scenario (the ECOG widget): open loop (``mean_gap_s`` > 0: at
    exponentially distributed gaps from a schedule, for ``duration_s``), or back to back
    (``mean_gap_s`` = 0: ``reruns`` changes each, 0-50 ms apart, all starting together).
    Returns the latencies, the wall time and how many changes started behind their schedule."""
    latencies: list[float] = []
    late = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(sessions))

    def drive(number: int, session: StreamlitSession) -> None:
        rng = random.Random(1000 + number)
        try:
            barrier.wait(timeout=60)
            begin = time.perf_counter()
            due = begin + (rng.expovariate(1 / mean_gap_s) if mean_gap_s > 0 else 0.0)
            step = 0
            while True:
                if mean_gap_s > 0:
                    if due - begin > duration_s:
                        return
                    wait = due - time.perf_counter()
                    if wait > 0:
                        time.sleep(wait)
                    elif wait < -0.001:
                        with lock:
                            late[0] += 1
                elif step >= reruns:
                    return
                result = session.set_widget(WIDGET_KEY)
                _check(result, f"proxy room user {number + 1}", errors)
                with lock:
                    latencies.append(result.seconds)
                step += 1
                if mean_gap_s > 0:
                    due += rng.expovariate(1 / mean_gap_s)
                else:
                    time.sleep(rng.uniform(0.0, 0.05))
        except (StreamlitProtocolError, KeyError, threading.BrokenBarrierError) as exc:
            errors.add(f"proxy room user {number + 1}", repr(exc))

    threads = [
        threading.Thread(target=drive, args=(n, s), daemon=True) for n, s in enumerate(sessions)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    limit = duration_s + timeout + 60 if mean_gap_s > 0 else timeout * reruns + 60
    for thread in threads:
        thread.join(timeout=max(1.0, started + limit - time.perf_counter()))
    hung = sum(thread.is_alive() for thread in threads)
    if hung:
        errors.add("proxy room", f"{hung} users still running at the time limit")
    return latencies, time.perf_counter() - started, late[0]


def measure_proxy_rooms(
    room: ProxyRoomPlan, timeout: float, errors: Errors, logs: Path
) -> dict[str, Any]:
    """An open-loop room and a saturated room through nginx running the shipped conf in front of
    replicas started with the container's command (tests/hosting's stack), all on loopback."""
    import shutil
    import tempfile

    try:
        from tests.hosting import stack
    except ImportError as exc:
        return {"skipped": f"tests.hosting.stack cannot be imported ({exc})"}
    if not Path(stack.NGINX).exists():
        return {"skipped": f"nginx not found ({stack.NGINX})"}
    work = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    replicas: list[Any] = []
    proxy: Any = None
    out: dict[str, Any] = {
        "replicas": room.replicas,
        "command": "the Dockerfile's CMD (deploy/serve.py), image tree replayed",
        "proxy": "nginx, deploy/nginx/streamlit.conf (ports, upstreams, paths rewritten)",
    }
    try:
        replicas = stack.start_replicas(work / "replicas", count=room.replicas)
        proxy = stack.start_proxy(work / "nginx", [f"{HOST}:{r.port}" for r in replicas])
        warm = _open_users(proxy.https_port, 2 * room.replicas, timeout, errors, room.queries)
        for session in warm:
            session.set_widget(WIDGET_KEY)
            session.close()
        for name, users, gap in (
            ("open_loop", room.users, room.mean_gap_s),
            ("saturated", room.saturated_users, 0.0),
        ):
            print(f"proxy room: {name}, {users} users ...", flush=True)
            connects = [stack.session_connects(r) for r in replicas]
            before_errors = len(errors.items)
            sessions = _open_users(proxy.https_port, users, timeout * 4, errors, room.queries)
            cpu_before = [_cpu_seconds(r.process) for r in replicas]
            client_before = time.process_time()
            try:
                latencies, wall, late = _drive_room(
                    sessions,
                    errors,
                    mean_gap_s=gap,
                    duration_s=room.duration_s,
                    reruns=room.saturated_reruns,
                    timeout=timeout * 4,
                )
            finally:
                for session in sessions:
                    session.close()
            client_cpu = time.process_time() - client_before
            cpu = [_cpu_seconds(r.process) - b for r, b in zip(replicas, cpu_before, strict=True)]
            runs = len(latencies)
            out[name] = {
                "users": len(sessions),
                "mean_gap_s": gap or None,
                "duration_s": round(wall, 1),
                "latency_ms": summary_ms(latencies),
                "throughput_runs_per_s": round(runs / wall, 2) if wall > 0 else 0,
                "behind_schedule": late,
                "errors": len(errors.items) - before_errors,
                "replica_cpu_s": [round(c, 2) for c in cpu],
                "replica_cpu_share": [round(c / wall, 2) for c in cpu] if wall > 0 else [],
                "cpu_ms_per_run": round(1000 * sum(cpu) / runs, 1) if runs else None,
                "client_cpu_share": round(client_cpu / wall, 2) if wall > 0 else None,
                "sessions_per_replica": [
                    stack.session_connects(r) - c for r, c in zip(replicas, connects, strict=True)
                ],
            }
    except Exception as exc:
        errors.add("proxy room", repr(exc))
    finally:
        if proxy is not None:
            proxy.stop()
        for replica in replicas:
            replica.stop()
        logs.mkdir(parents=True, exist_ok=True)
        for log in (work / "replicas").glob("replica-*.log"):
            shutil.copy(log, logs / f"proxy-{log.name}")
        shutil.rmtree(work, ignore_errors=True)
    return out


# -- browser --------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]

# True when the app has finished a run and drawn it: the script is not running, no element is
# stale (greyed out while a rerun is pending), and the marker text (if any) is on the page.
_RENDERED_JS = """
(marker) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const view = document.querySelector('[data-testid="stAppViewContainer"]');
  if (!app || !view) return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== null) {
    if (state !== 'notRunning') return false;
  } else {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    if (status && /running/i.test(status.textContent || '')) return false;
  }
  if (document.querySelector('[data-stale="true"]')) return false;
  if (marker) return view.innerText.includes(marker);
  return view.querySelectorAll('[data-testid="stElementContainer"]').length > 0;
}
"""

# Counts script runs from now on, so a rerun that is over before the next poll is still seen;
# also keeps the main area's text, since a very short run (the minimal page) can go from
# running to notRunning within one React commit, leaving no attribute change to observe.
_COUNT_RUNS_JS = """
() => {
  window.__benchRuns = 0;
  const main = document.querySelector('[data-testid="stMain"]');
  window.__benchText = main ? main.innerText : '';
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.target.getAttribute('data-test-script-state') === 'running') window.__benchRuns++;
    }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""

_RERENDERED_JS = (
    "(marker) => { const main = document.querySelector('[data-testid=\"stMain\"]');"
    " const changed = window.__benchRuns > 0"
    " || (main !== null && main.innerText !== window.__benchText);"
    " return changed && (" + _RENDERED_JS.strip() + ")(marker); }"
)


#: Text the minimal page shows once drawn (its title).
MINIMAL_MARKER = "Minimal page"


@dataclass
class BrowserTimes:
    loads: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)

    def as_dict(self, marker: str) -> dict[str, Any]:
        return {
            "first_render_ms": summary_ms(self.loads),
            "first_render_first_load_ms": round(self.loads[0] * 1000, 1) if self.loads else None,
            "feature_change_ms": summary_ms(self.changes),
            "marker": marker or "(elements drawn)",
        }


def _browser_sample(
    browser: Any, port: int, url: str, marker: str, timeout_ms: float, times: BrowserTimes
) -> bool:
    """One fresh context: navigation to the rendered page, then one ECOG change."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(f"http://{HOST}:{port}")
                else route.abort()
            ),
        )
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(_RENDERED_JS, arg=marker, timeout=timeout_ms, polling=10)
        times.loads.append(time.perf_counter() - start)
        change = _change_ecog(page, marker, timeout_ms)
        if change is None:
            return False
        times.changes.append(change)
        return True
    finally:
        context.close()


def measure_browser(
    port: int, query: str, plan: Plan, errors: Errors, minimal_port: int | None = None
) -> dict[str, Any]:
    """Headless Chromium: navigation to a rendered page, and one ECOG change, on the landing
    page and (with ``minimal_port``) on the minimal page, alternating load by load."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} not found"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    marker = (
        LANDING_MARKER if LANDING_MARKER in (ROOT / "pages" / "overview.py").read_text() else ""
    )
    targets: dict[str, tuple[int, str]] = {"landing": (port, marker)}
    if minimal_port is not None:
        targets["minimal"] = (minimal_port, MINIMAL_MARKER)
    times = {name: BrowserTimes() for name in targets}
    timeout_ms = plan.timeout * 1000
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # One load nobody counts: Chromium's own start-up belongs to neither page.
            warm_port, warm_marker = targets.get("minimal", targets["landing"])
            with contextlib.suppress(Exception):
                _browser_sample(
                    browser,
                    warm_port,
                    f"http://{HOST}:{warm_port}/?{query}",
                    warm_marker,
                    timeout_ms,
                    BrowserTimes(),
                )
            for attempt in range(plan.browser_loads):
                order = list(targets.items())
                if attempt % 2:
                    order.reverse()  # alternate which page goes first
                for name, (target_port, target_marker) in order:
                    url = f"http://{HOST}:{target_port}/?{query}"
                    try:
                        ok = _browser_sample(
                            browser, target_port, url, target_marker, timeout_ms, times[name]
                        )
                    except Exception as exc:  # one lost sample, not a lost series
                        errors.add(f"browser {name} load {attempt + 1}", repr(exc))
                        continue
                    if not ok:
                        errors.add(
                            f"browser {name} load {attempt + 1}", "no ECOG control (.st-key-ecog)"
                        )
        except Exception as exc:
            errors.add("browser", repr(exc))
        finally:
            browser.close()
    out = times["landing"].as_dict(marker)
    if "minimal" in times:
        minimal = times["minimal"]
        out["minimal"] = minimal.as_dict(MINIMAL_MARKER)
        out["change_ratio_landing_to_minimal_p50"] = _ratio(
            times["landing"].changes, minimal.changes
        )
        out["first_render_ratio_landing_to_minimal_p50"] = _ratio(
            times["landing"].loads, minimal.loads
        )
    return out


def _change_ecog(page: Any, marker: str, timeout_ms: float) -> float | None:
    """Pick another ECOG value in the sidebar; seconds from the click to the re-rendered page.

    Streamlit 1.67 draws a selectbox as a combobox (`input[role=combobox]`) whose list opens on
    click (older versions: a BaseWeb select); the options are `[role=option]` elements.
    """
    control = page.locator(f".st-key-{WIDGET_KEY}").first
    if control.count() == 0:
        return None
    opener = control.locator('[role="combobox"], [data-baseweb="select"]').first
    choice = page.locator('[role="option"][aria-selected="false"]').first
    for _attempt in range(3):
        opener.click(timeout=timeout_ms)
        try:
            choice.wait_for(timeout=2000)
            break
        except Exception:
            opener.press("ArrowDown")
    choice.wait_for(timeout=timeout_ms)
    page.evaluate(_COUNT_RUNS_JS)
    start = time.perf_counter()
    choice.click(timeout=timeout_ms)
    page.wait_for_function(_RERENDERED_JS, arg=marker, timeout=timeout_ms, polling=10)
    return time.perf_counter() - start


def measure_named(
    app: StreamlitServer, floor: StreamlitServer, plan: Plan, errors: Errors, browser: bool
) -> dict[str, Any]:
    """Every named scenario on its own: the landing page against the minimal page over the
    websocket (ECOG change, plain rerun, bytes per run) and, with ``browser``, in Chromium
    (change to re-rendered, first render), same run; then the worst of each ratio."""
    landing = scenarios.pages()[0][1]
    per: dict[str, Any] = {}
    for name, query in scenarios.NAMED:
        print(f"  named: {name} ...", flush=True)
        app_times, floor_times = PageTimes(), PageTimes()
        for _ in range(2):  # two tabs each, interleaved
            measure_page(app.port, landing, query, plan, app_times, errors, f"named {name}")
            measure_page(floor.port, "", query, plan, floor_times, errors, f"minimal {name}")
        entry: dict[str, Any] = {
            "websocket_change_ratio": _ratio(app_times.widget, floor_times.widget),
            "websocket_rerun_ratio": _ratio(app_times.rerun, floor_times.rerun),
            "landing": app_times.as_dict(),
            "minimal": floor_times.as_dict(),
        }
        if browser:
            entry["browser"] = measure_browser(
                app.port, query, plan, errors, minimal_port=floor.port
            )
        per[name] = entry
    return {"scenarios": per, "worst": _worst(per)}


def _worst(per: dict[str, Any]) -> dict[str, Any]:
    """The highest of each ratio over the named scenarios, with the scenario it came from."""
    paths = {
        "websocket_change_ratio": ("websocket_change_ratio",),
        "websocket_rerun_ratio": ("websocket_rerun_ratio",),
        "browser_change_ratio": ("browser", "change_ratio_landing_to_minimal_p50"),
        "browser_first_render_ratio": ("browser", "first_render_ratio_landing_to_minimal_p50"),
        "bytes_per_rerun": ("landing", "median_bytes_per_run"),
    }
    worst: dict[str, Any] = {}
    for label, path in paths.items():
        values = [(v, name) for name, entry in per.items() if (v := _get(entry, *path)) is not None]
        if values:
            value, name = max(values)
            worst[label] = {"value": value, "scenario": name}
    return worst


def named_rows(named: dict[str, Any]) -> list[str]:
    """The per-scenario table of a --named run (Markdown lines)."""
    lines = [
        "| scenario | websocket change (landing / minimal p50) | websocket rerun | bytes per "
        "rerun | browser change (landing / minimal p50) | browser first render |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, entry in named["scenarios"].items():
        land, mini = entry["landing"], entry["minimal"]
        browser = entry.get("browser") or {}
        change = browser.get("feature_change_ms", {}).get("p50")
        mini_change = _get(browser, "minimal", "feature_change_ms", "p50")
        render = browser.get("first_render_ms", {}).get("p50")
        mini_render = _get(browser, "minimal", "first_render_ms", "p50")
        lines.append(
            f"| {name} | {entry['websocket_change_ratio']} x "
            f"({land['widget_change_ms'].get('p50')} / {mini['widget_change_ms'].get('p50')} ms) "
            f"| {entry['websocket_rerun_ratio']} x | {land['median_bytes_per_run'] // 1000} KB "
            f"| {browser.get('change_ratio_landing_to_minimal_p50')} x "
            f"({change} / {mini_change} ms) "
            f"| {browser.get('first_render_ratio_landing_to_minimal_p50')} x "
            f"({render} / {mini_render} ms) |"
        )
    worst = named["worst"]
    lines.append(
        "| **worst** | "
        + " | ".join(
            f"{worst[k]['value']}{' B' if k == 'bytes_per_rerun' else ' x'} "
            f"({worst[k]['scenario']})"
            if k in worst
            else "-"
            for k in (
                "websocket_change_ratio",
                "websocket_rerun_ratio",
                "bytes_per_rerun",
                "browser_change_ratio",
                "browser_first_render_ratio",
            )
        )
        + " |"
    )
    return lines


# -- engine ---------------------------------------------------------------------------------------


def measure_engine(plan: Plan) -> dict[str, Any]:
    """The engine's figures (benchmarks/engine.py), outside any server."""
    from benchmarks import engine

    return {
        "source": "benchmarks.engine.measure",
        **engine.measure(quick=plan.engine_repeats < 100),
    }


# -- report ---------------------------------------------------------------------------------------


def _get(data: dict[str, Any], *path: str) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f} {unit}".strip() if value < 10 else f"{value:.0f} {unit}".strip()
    return f"{value} {unit}".strip()


def _p50_p95(stats: dict[str, Any]) -> str:
    return f"{_fmt(stats.get('p50'), 'ms')} / {_fmt(stats.get('p95'), 'ms')}"


def _met(value: Any, limit: float) -> str:
    if value is None:
        return "n/a"
    return "yes" if float(value) <= limit else "**no**"


def table_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, figure, target, met?) rows for the Markdown table."""
    rows: list[tuple[str, str, str, str]] = []
    lat = results.get("latency", {})
    minimal = lat.get("minimal", {})
    ratio = results.get("headline", {}).get("landing_to_minimal_p50")
    rows.append(
        (
            "**Landing interaction p50 / minimal page p50 (headline)**",
            _fmt(ratio, "x"),
            "≤ 1.3 x",
            _met(ratio, 1.3),
        )
    )
    for label, page in (lat.get("pages") or {}).items():
        for kind, name in (("widget_change_ms", "ECOG change"), ("rerun_ms", "rerun")):
            stats = page.get(kind, {})
            rows.append(
                (
                    f"{label}: {name} p50 / p95",
                    _p50_p95(stats),
                    "",
                    "",
                )
            )
        load = page.get("load_ms", {})
        rows.append(
            (
                f"{label}: page load (new session) p50 / p95",
                _p50_p95(load),
                "",
                "",
            )
        )
    for kind, name in (("widget_change_ms", "ECOG change"), ("rerun_ms", "rerun")):
        stats = minimal.get(kind, {})
        rows.append(
            (
                f"minimal page: {name} p50 / p95",
                _p50_p95(stats),
                "",
                "",
            )
        )
    details = lat.get("landing_details", {})
    for key, name in (
        ("details_on_ms", "landing: switching the outcome charts on"),
        ("strategy_change_ms", "landing: strategy change with the charts on"),
    ):
        if key in details:
            suffix = (
                " (st.fragment)"
                if key == "strategy_change_ms" and details.get("strategy_in_fragment")
                else ""
            )
            rows.append((f"{name}{suffix} p50 / p95", _p50_p95(details[key]), "", ""))
    room = results.get("room", {})
    if room:
        stats = room.get("latency_ms", {})
        n = room.get("sessions")
        rows.append(
            (
                f"Room: {n} concurrent sessions, rerun p50 / p95",
                _p50_p95(stats),
                "p95 < 1000 ms",
                _met(stats.get("p95"), 1000),
            )
        )
        rows.append(("Room: errors", str(room.get("errors")), "0", _met(room.get("errors"), 0)))
        rss = room.get("rss_mb", {})
        rows.append(
            (
                "Server RSS: rest / 1 session / all sessions / after load",
                " / ".join(_fmt(v, "MB") for v in rss.values()),
                "",
                "",
            )
        )
        per = room.get("rss_mb_per_additional_session")
        rows.append(("RSS per additional session", _fmt(per, "MB"), "< 5 MB", _met(per, 4.999)))
    proxied = results.get("proxy_room", {})
    if "skipped" in proxied:
        rows.append(("Room through nginx", f"skipped: {proxied['skipped']}", "", ""))
    for name, limit_ms in (("open_loop", 300.0), ("saturated", 1000.0)):
        part = proxied.get(name)
        if not part:
            continue
        latency = part.get("latency_ms", {})
        what = (
            f"every {part['mean_gap_s']:g} s on average (exponential gaps)"
            if part.get("mean_gap_s")
            else "back to back"
        )
        rows.append(
            (
                f"Room through nginx, {proxied.get('replicas')} replicas: {part['users']} users "
                f"{what}, change p50 / p95",
                _p50_p95(latency),
                f"p95 < {limit_ms:g} ms",
                _met(latency.get("p95"), limit_ms - 1e-9),
            )
        )
        rows.append(
            (
                "  … runs/s / replica CPU ms per run / users per replica / replica CPU share "
                "/ client CPU share / errors",
                f"{part['throughput_runs_per_s']} / {part['cpu_ms_per_run']} ms / "
                f"{', '.join(str(c) for c in part.get('sessions_per_replica', []))} / "
                f"{', '.join(str(c) for c in part['replica_cpu_share'])} / "
                f"{part.get('client_cpu_share')} / {part['errors']}",
                "0 errors",
                _met(part["errors"], 0),
            )
        )
    cold = results.get("cold_start", {})
    if cold:
        worst = cold.get("app_s")
        rows.append(
            (
                "Cold start: spawn to first landing render",
                _fmt(worst, "s"),
                "< 4 s",
                _met(worst, 3.999),
            )
        )
        rows.append(
            ("Cold start of the minimal page (reference)", _fmt(cold.get("minimal_s"), "s"), "", "")
        )
    browser = results.get("browser", {})
    if "skipped" in browser:
        rows.append(("Browser", f"skipped: {browser['skipped']}", "", ""))
    elif browser:
        first = _get(browser, "first_render_ms", "p50")
        rows.append(
            (
                "Browser: navigation to landing rendered, p50 (first load)",
                f"{_fmt(first, 'ms')} ({_fmt(browser.get('first_render_first_load_ms'), 'ms')})",
                "< 2500 ms",
                _met(first, 2499.9),
            )
        )
        change = _get(browser, "feature_change_ms", "p50")
        rows.append(("Browser: ECOG change to re-rendered, p50", _fmt(change, "ms"), "", ""))
        if "minimal" in browser:
            change_ratio = browser.get("change_ratio_landing_to_minimal_p50")
            first_ratio = browser.get("first_render_ratio_landing_to_minimal_p50")
            rows.insert(
                1,
                (
                    "**Browser: ECOG change to re-rendered p50, landing / minimal (headline)**",
                    _fmt(change_ratio, "x"),
                    "≤ 1.5 x",
                    _met(change_ratio, 1.5),
                ),
            )
            rows.insert(
                2,
                (
                    "**Browser: first render p50, landing / minimal (headline)**",
                    _fmt(first_ratio, "x"),
                    "≤ 1.5 x",
                    _met(first_ratio, 1.5),
                ),
            )
            rows.append(
                (
                    "Browser: minimal page, navigation to rendered / ECOG change, p50",
                    f"{_fmt(_get(browser, 'minimal', 'first_render_ms', 'p50'), 'ms')} / "
                    f"{_fmt(_get(browser, 'minimal', 'feature_change_ms', 'p50'), 'ms')}",
                    "",
                    "",
                )
            )
    engine = results.get("engine", {})
    for key, name, limit in (
        ("assess_ms", "Engine: assessment of a profile, p50", 5.0),
        ("evidence_load_validate_ms", "Engine: evidence load and validation, p50", None),
        ("pdf_ms", "Engine: PDF export, p50", 1000.0),
    ):
        stats = engine.get(key)
        if isinstance(stats, dict):
            value = stats.get("p50")
            target = "" if limit is None else f"< {limit:g} ms"
            met = "" if limit is None else _met(value, limit - 1e-9)
            rows.append((name, _fmt(value, "ms"), target, met))
    return rows


def write_reports(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "benchmark.json"
    md_path = out / "benchmark.md"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    lines = [
        f"Benchmark ({results['mode']}) on {results['machine']['cpus']} CPUs, "
        f"Streamlit {results['machine']['streamlit']}, Python {results['machine']['python']}, "
        f"{results['started']}.",
        "",
        "| measure | figure | target | met? |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table_rows(results)]
    if results.get("named"):
        lines += ["", "Named scenarios, each against the minimal page in the same run:", ""]
        lines += named_rows(results["named"])
    if results.get("errors"):
        lines += ["", f"**Harness errors ({len(results['errors'])}):**", ""]
        lines += [f"- {item}" for item in results["errors"][:30]]
    md_path.write_text("\n".join(lines) + "\n")
    return json_path, md_path


# -- main -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def running(server: StreamlitServer) -> Iterator[StreamlitServer]:
    try:
        yield server.start()
    finally:
        server.stop()


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="CI smoke run: short, 5 sessions")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--sessions", type=int, default=None, help="room size (default 30; 5 quick)"
    )
    parser.add_argument(
        "--launcher",
        default=None,
        help="a Python file run as `python FILE run SCRIPT ...` instead of `python -m streamlit`",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip headless Chromium")
    parser.add_argument(
        "--named",
        action="store_true",
        help="measure every named scenario on its own (and the nginx rooms on them)",
    )
    parser.add_argument(
        "--browser-loads", type=int, default=None, help="browser loads per page (5; quick 3)"
    )
    parser.add_argument(
        "--no-proxy", action="store_true", help="skip the rooms through nginx and two replicas"
    )
    parser.add_argument(
        "--room-users", type=int, default=None, help="open-loop room size (60; quick 10)"
    )
    parser.add_argument(
        "--room-gap", type=float, default=None, help="mean seconds between a user's changes (2)"
    )
    parser.add_argument(
        "--room-duration", type=float, default=None, help="open-loop room, seconds (30; quick 5)"
    )
    parser.add_argument(
        "--room-saturated", type=int, default=None, help="back-to-back room size (30; quick 5)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="an extra server setting for both apps (e.g. runner.postScriptGC=false)",
    )
    args = parser.parse_args(argv)
    plan = Plan.for_mode(args.quick, args.sessions)
    if args.browser_loads is not None:
        plan.browser_loads = max(1, args.browser_loads)
    room = (
        ProxyRoomPlan(
            users=10, mean_gap_s=1.0, duration_s=5.0, saturated_users=5, saturated_reruns=3
        )
        if args.quick
        else ProxyRoomPlan()
    )
    if args.room_users is not None:
        room.users = max(1, args.room_users)
    if args.room_gap is not None:
        room.mean_gap_s = max(0.05, args.room_gap)
    if args.room_duration is not None:
        room.duration_s = min(600.0, max(1.0, args.room_duration))
    if args.room_saturated is not None:
        room.saturated_users = max(1, args.room_saturated)
    if args.named:
        room.queries = scenarios.named_query_strings()
    flags, skipped = production_flags()
    for item in args.set:
        key, _, value = item.partition("=")
        flags[key.strip()] = value.strip()
    out: Path = args.out
    logs = out / "logs"
    errors = Errors()
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    t0 = time.perf_counter()
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "started": started,
        "machine": {
            "cpus": _cpus(),
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "platform": platform.platform(),
        },
        "server_flags": flags,
        "server_settings_not_passed": skipped,
        "launcher": args.launcher or "python -m streamlit",
        "plan": plan.__dict__,
        "proxy_room_plan": None if args.no_proxy else room.__dict__,
    }
    broken = False
    try:
        print("engine ...", flush=True)
        results["engine"] = measure_engine(plan)
        query0 = scenarios.query_strings()[0]
        app = StreamlitServer(APP, flags, launcher=args.launcher, log_path=logs / "app.log")
        floor = StreamlitServer(
            MINIMAL, flags, launcher=args.launcher, log_path=logs / "minimal.log"
        )
        with running(app):
            print("cold start ...", flush=True)
            results["cold_start"] = {"app_s": round(cold_start(app, query0, errors), 3)}
            with running(floor):
                results["cold_start"]["minimal_s"] = round(cold_start(floor, query0, errors), 3)
                print("latency ...", flush=True)
                latency = measure_latency(app, floor, plan, errors)
                latency["landing_details"] = measure_details(app.port, plan, errors)
                raw = latency.pop("_raw")
                results["latency"] = latency
                landing, minimal = raw["landing"], raw["minimal"]
                results["headline"] = {
                    "landing_to_minimal_p50": _ratio(landing.widget, minimal.widget),
                    "landing_to_minimal_p50_plain_rerun": _ratio(landing.rerun, minimal.rerun),
                    "measure": "p50 of ECOG-change reruns, landing page / minimal page, same run",
                }
                if not args.no_browser:
                    print("browser ...", flush=True)
                    results["browser"] = measure_browser(
                        app.port, query0, plan, errors, minimal_port=floor.port
                    )
                if args.named:
                    print("named scenarios ...", flush=True)
                    results["named"] = measure_named(
                        app, floor, plan, errors, browser=not args.no_browser
                    )
        print(f"room ({plan.room_sessions} sessions) ...", flush=True)
        room_server = StreamlitServer(
            APP, flags, launcher=args.launcher, log_path=logs / "room.log"
        )
        with running(room_server):
            results["room"] = measure_room(room_server, plan, errors)
            results["cold_start"]["app_second_s"] = results["room"]["cold_start_s"]
        if not args.no_proxy:
            results["proxy_room"] = measure_proxy_rooms(room, plan.timeout, errors, logs)
    except Exception as exc:
        broken = True
        errors.add("harness", repr(exc))
    results["errors"] = errors.items
    results["duration_s"] = round(time.perf_counter() - t0, 1)
    json_path, md_path = write_reports(results, out)
    print(md_path.read_text())
    print(f"wrote {json_path} and {md_path} in {results['duration_s']} s", flush=True)
    return 1 if broken or errors.items else 0


def _ratio(app: list[float], floor: list[float]) -> float | None:
    if not app or not floor:
        return None
    return round(statistics.median(app) / statistics.median(floor), 3)


if __name__ == "__main__":
    sys.exit(main())
