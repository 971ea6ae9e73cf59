"""Time the engine after the evidence is loaded: `python -m benchmarks.engine`.

Prints the load time and p50/p95 of `assess` over a spread of profiles (not a test).
`measure()` returns the same figures as a dict; `python -m benchmarks.run` calls it for the
"Engine" rows of its table (assessment, evidence load and validation, PDF export).
"""

from __future__ import annotations

import functools
import gc
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

from evidence.loader import load
from sequencing import PatientProfile, assess
from sequencing.index import engine_index

__all__ = ["REPEATS", "main", "measure", "profiles"]

REPEATS = 20


def profiles() -> list[tuple[PatientProfile, int | None]]:
    out: list[tuple[PatientProfile, int | None]] = []
    variants: list[dict[str, Any]] = [
        dict(prior_cart=True, prior_lines=3, months_cart_to_failure=m) for m in (2, 9)
    ] + [
        dict(cart_plan=plan) for plan in ("planned", "possible_later", "not_candidate", "declined")
    ]
    extras: list[dict[str, Any]] = [
        {},
        dict(double_hit=True, bulky=True),
        dict(ecog=2, symptom_tempo="rapid"),
        dict(response_to_last_line="refractory", ldh_elevated=True, age=75),
        dict(days_since_last_tafasitamab=14, cd19_status="negative", cd19_method="flow"),
    ]
    for variant, extra in itertools.product(variants, extras):
        fields = dict(prior_lines=2) | variant | extra
        out.append(
            (PatientProfile(**fields), 21 if "days_since_last_tafasitamab" in extra else None)
        )
    out.append(
        (
            PatientProfile(
                prior_lines=1,
                months_first_line_to_progression=8,
                transplant_eligible=True,
                cart_plan="planned",
            ),
            None,
        )
    )
    out.append(
        (
            PatientProfile(
                prior_lines=1,
                primary_refractory=True,
                response_to_last_line="refractory",
                cart_plan="planned",
            ),
            None,
        )
    )
    return out


def _percentile(ordered: list[float], q: float) -> float:
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _summary_ms(ms: list[float]) -> dict[str, float | int]:
    """n, p50, p95, mean, min, max of durations in milliseconds (the harness's JSON shape)."""
    if not ms:
        return {"n": 0}
    ordered = sorted(ms)
    return {
        "n": len(ms),
        "p50": round(_percentile(ordered, 50), 3),
        "p95": round(_percentile(ordered, 95), 3),
        "mean": round(statistics.fmean(ms), 3),
        "min": round(ordered[0], 3),
        "max": round(ordered[-1], 3),
    }


def _timed_ms(func: Callable[[], object], repeats: int) -> list[float]:
    out: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        out.append(1000 * (time.perf_counter() - start))
    return out


def measure(quick: bool = False) -> dict[str, Any]:
    """The engine's figures, in milliseconds: evidence load and validation, index build,
    `assess` (wall and CPU time) over the profiles above, and the PDF export of a summary."""
    from views import report
    from views.scenario import build_views

    repeats = 2 if quick else REPEATS
    load_ms = _timed_ms(load, 3 if quick else 6)
    base = load()
    start = time.perf_counter()
    engine_index(base)
    index_ms = 1000 * (time.perf_counter() - start)
    cases = profiles()
    for profile, days in cases:  # warm-up
        assess(profile, base, leukapheresis_in_days=days)
    gc.collect()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        for profile, days in cases:
            t0, c0 = time.perf_counter(), time.thread_time()
            assess(profile, base, leukapheresis_in_days=days)
            cpu.append(1000 * (time.thread_time() - c0))
            wall.append(1000 * (time.perf_counter() - t0))
    index = engine_index(base)
    scenarios = [
        build_views(assess(profile, base, leukapheresis_in_days=days), index)
        for profile, days in cases[:5]
    ]
    pdf_ms = [
        _timed_ms(functools.partial(report.pdf, views, "benchmark", "?prior_lines=1"), 1)[0]
        for views in scenarios * (1 if quick else 4)
    ]
    return {
        "profiles": len(cases),
        "evidence_load_validate_ms": _summary_ms(load_ms),
        "index_build_ms": round(index_ms, 2),
        "assess_ms": _summary_ms(wall),
        "assess_cpu_ms": _summary_ms(cpu),
        "pdf_ms": _summary_ms(pdf_ms),
    }


def main() -> None:
    base = load()
    figures = measure()
    print(
        f"evidence: {len(base.sources)} sources, {len(base.cohorts)} cohorts, "
        f"{len(base.outcomes)} outcomes, {len(base.findings)} findings"
    )
    load_p50 = figures["evidence_load_validate_ms"]["p50"]
    print(f"load: {load_p50:.0f} ms; index build: {figures['index_build_ms']:.1f} ms")
    wall, cpu = figures["assess_ms"], figures["assess_cpu_ms"]
    print(
        f"assess over {figures['profiles']} profiles x {REPEATS}: p50 {wall['p50']:.2f} ms, "
        f"p95 {wall['p95']:.2f} ms, max {wall['max']:.2f} ms (budget 5 ms)"
    )
    print(
        f"  CPU time of the same calls (immune to other load on the machine): "
        f"p50 {cpu['p50']:.2f} ms, p95 {cpu['p95']:.2f} ms"
    )
    print(f"PDF export: p50 {figures['pdf_ms']['p50']:.1f} ms")


if __name__ == "__main__":
    main()
