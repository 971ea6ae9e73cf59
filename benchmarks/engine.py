"""Time one assessment after the evidence is loaded: `python -m benchmarks.engine`.

Prints the load time and p50/p95 of `assess` over a spread of profiles (not a test).
"""

from __future__ import annotations

import gc
import itertools
import statistics
import time
from typing import Any

from evidence.loader import load
from sequencing import PatientProfile, assess
from sequencing.index import engine_index

REPEATS = 20


def profiles() -> list[tuple[PatientProfile, int | None]]:
    out: list[tuple[PatientProfile, int | None]] = []
    variants: list[dict[str, Any]] = [
        dict(prior_cart=True, prior_lines=3, months_cart_to_failure=m) for m in (2, 9)
    ] + [dict(cart_plan=plan) for plan in ("planned", "possible_later", "not_candidate",
                                           "declined")]
    extras: list[dict[str, Any]] = [
        {}, dict(double_hit=True, bulky=True), dict(ecog=2, symptom_tempo="rapid"),
        dict(response_to_last_line="refractory", ldh_elevated=True, age=75),
        dict(days_since_last_tafasitamab=14, cd19_status="negative", cd19_method="flow"),
    ]
    for variant, extra in itertools.product(variants, extras):
        fields = dict(prior_lines=2) | variant | extra
        out.append((PatientProfile(**fields), 21 if "days_since_last_tafasitamab" in extra
                    else None))
    out.append((PatientProfile(prior_lines=1, months_first_line_to_progression=8,
                               transplant_eligible=True, cart_plan="planned"), None))
    out.append((PatientProfile(prior_lines=1, primary_refractory=True,
                               response_to_last_line="refractory", cart_plan="planned"), None))
    return out


def main() -> None:
    start = time.perf_counter()
    base = load()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    engine_index(base)
    index_ms = 1000 * (time.perf_counter() - start)
    cases = profiles()
    for profile, days in cases:  # warm-up
        assess(profile, base, leukapheresis_in_days=days)
    gc.collect()
    timings, cpu = [], []
    for _ in range(REPEATS):
        for profile, days in cases:
            t0, c0 = time.perf_counter(), time.thread_time()
            assess(profile, base, leukapheresis_in_days=days)
            cpu.append(1000 * (time.thread_time() - c0))
            timings.append(1000 * (time.perf_counter() - t0))
    timings.sort()
    cpu.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"evidence: {len(base.sources)} sources, {len(base.cohorts)} cohorts, "
          f"{len(base.outcomes)} outcomes, {len(base.findings)} findings")
    print(f"load: {1000 * load_s:.0f} ms; index build: {index_ms:.1f} ms")
    print(f"assess over {len(cases)} profiles x {REPEATS}: p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
          f"max {timings[-1]:.2f} ms (budget 5 ms)")
    print(f"  CPU time of the same calls (immune to other load on the machine): "
          f"p50 {statistics.median(cpu):.2f} ms, p95 {cpu[int(0.95 * (len(cpu) - 1))]:.2f} ms")


if __name__ == "__main__":
    main()
