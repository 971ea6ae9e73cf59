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
import importlib
import json
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
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
                browser_loads=1,
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

# Counts script runs from now on, so a rerun that is over before the next poll is still seen.
_COUNT_RUNS_JS = """
() => {
  window.__benchRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.target.getAttribute('data-test-script-state') === 'running') window.__benchRuns++;
    }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""

_RERENDERED_JS = "(marker) => window.__benchRuns > 0 && (" + _RENDERED_JS.strip() + ")(marker)"


def measure_browser(port: int, query: str, plan: Plan, errors: Errors) -> dict[str, Any]:
    """Headless Chromium: navigation to a rendered landing page, and one ECOG change."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} not found"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    marker = (
        LANDING_MARKER if LANDING_MARKER in (ROOT / "pages" / "overview.py").read_text() else ""
    )
    url = f"http://{HOST}:{port}/?{query}"
    loads: list[float] = []
    changes: list[float] = []
    timeout_ms = plan.timeout * 1000
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for attempt in range(plan.browser_loads):
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
                    loads.append(time.perf_counter() - start)
                    change = _change_ecog(page, marker, timeout_ms)
                    if change is None:
                        errors.add(f"browser load {attempt + 1}", "no ECOG control (.st-key-ecog)")
                    else:
                        changes.append(change)
                finally:
                    context.close()
        except Exception as exc:
            errors.add("browser", repr(exc))
        finally:
            browser.close()
    return {
        "first_render_ms": summary_ms(loads),
        "first_render_first_load_ms": round(loads[0] * 1000, 1) if loads else None,
        "feature_change_ms": summary_ms(changes),
        "marker": marker or "(elements drawn)",
    }


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


# -- engine ---------------------------------------------------------------------------------------


def _timed(func: Callable[[], object], repeats: int) -> list[float]:
    out: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def measure_engine(plan: Plan) -> dict[str, Any]:
    """benchmarks.engine's figures when that module exists; else time the engine directly."""
    with contextlib.suppress(ImportError):
        engine = importlib.import_module("benchmarks.engine")
        for name in ("measure", "run", "benchmark", "main_figures"):
            func = getattr(engine, name, None)
            if callable(func):
                try:
                    figures = func(quick=plan.engine_repeats < 100)
                except TypeError:
                    figures = func()
                if isinstance(figures, dict):
                    return {"source": f"benchmarks.engine.{name}", **figures}
    return _engine_fallback(plan)


def _engine_fallback(plan: Plan) -> dict[str, Any]:
    from evidence.loader import load
    from sequencing import PatientProfile, assess
    from sequencing.summary import summarise
    from ui import report

    load_times = _timed(load, max(3, plan.engine_repeats // 50))
    base = load()
    profiles = [
        PatientProfile.model_validate(scenarios.as_profile_fields(query))
        for query in scenarios.query_strings()
    ]
    assess(profiles[0], base)  # builds the evidence index once, as the app's first run does
    assess_times: list[float] = []
    for index in range(plan.engine_repeats):
        profile = profiles[index % len(profiles)]
        start = time.perf_counter()
        assess(profile, base)
        assess_times.append(time.perf_counter() - start)
    summaries = [summarise(assess(profile, base)) for profile in profiles[:5]]
    pdf_times: list[float] = []
    for index in range(max(3, plan.engine_repeats // 30)):
        summary = summaries[index % len(summaries)]
        start = time.perf_counter()
        report.pdf(summary, "benchmark", "?prior_lines=1")
        pdf_times.append(time.perf_counter() - start)
    return {
        "source": "benchmarks.run (sequencing.assess, evidence.loader.load, ui.report.pdf)",
        "assess_ms": summary_ms(assess_times),
        "evidence_load_validate_ms": summary_ms(load_times),
        "pdf_ms": summary_ms(pdf_times),
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
        "--set",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="an extra server setting for both apps (e.g. runner.postScriptGC=false)",
    )
    args = parser.parse_args(argv)
    plan = Plan.for_mode(args.quick, args.sessions)
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
                results["browser"] = measure_browser(app.port, query0, plan, errors)
        print(f"room ({plan.room_sessions} sessions) ...", flush=True)
        room_server = StreamlitServer(
            APP, flags, launcher=args.launcher, log_path=logs / "room.log"
        )
        with running(room_server):
            results["room"] = measure_room(room_server, plan, errors)
            results["cold_start"]["app_second_s"] = results["room"]["cold_start_s"]
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
