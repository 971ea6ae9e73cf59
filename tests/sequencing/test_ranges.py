from __future__ import annotations

from typing import Any

from evidence.models import Condition, Endpoint, Outcome
from sequencing.fit import fit_all
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile
from sequencing.ranges import build_ranges, endpoint_range, most_specific, to_months
from tests.sequencing.conftest import scenario


def outcome(
    id: str, value: float, conditions: list[dict[str, Any]] | None = None, **extra: Any
) -> Outcome:
    data: dict[str, Any] = dict(
        id=id,
        cohort="c",
        endpoint="median_pfs2",
        measured="cohort_treatment",
        time_origin="post_cart_treatment_start",
        value=value,
        unit="months",
        location="Results",
        verified_from="abstract",
        conditions=[Condition(**c) for c in conditions or []],
    )
    return Outcome(**(data | extra))


LATE = {"field": "months_cart_to_failure", "op": ">", "value": 6}
EARLY = {"field": "months_cart_to_failure", "op": "<=", "value": 6}
AFTER = {"field": "prior_cart", "op": "==", "value": True}
OUTCOMES = [
    outcome("all", 3.0),
    outcome("late", 5.6, [LATE, AFTER]),
    outcome("early", 2.0, [EARLY, AFTER]),
    outcome("late-only", 5.5, [LATE]),
]


def ids(profile: PatientProfile) -> set[str]:
    return {o.id for o in most_specific(OUTCOMES, profile)}


def test_most_specific_subgroup_wins() -> None:
    late = PatientProfile(prior_cart=True, prior_lines=3, months_cart_to_failure=9)
    early = PatientProfile(prior_cart=True, prior_lines=3, months_cart_to_failure=2)
    assert ids(late) == {"late"}
    assert ids(early) == {"early"}


def test_unknown_subgroup_falls_back_to_all_patients() -> None:
    naive = PatientProfile()
    assert ids(naive) == {"all"}


def test_ties_kept_and_superseded_skipped() -> None:
    pool = [outcome("a", 3.0), outcome("b", 3.3), outcome("old", 9.0, superseded_by="a")]
    assert {o.id for o in most_specific(pool, PatientProfile())} == {"a", "b"}


def test_arms_and_timepoints_are_kept_apart() -> None:
    pool = [
        outcome("x", 3.0, arm="A"),
        outcome("y", 4.0, arm="B"),
        outcome("r12", 40.0, endpoint="pfs_rate", unit="%", timepoint_months=12),
        outcome("r24", 30.0, endpoint="pfs_rate", unit="%", timepoint_months=24),
    ]
    assert {o.id for o in most_specific(pool, PatientProfile())} == {"x", "y", "r12", "r24"}


def test_to_months() -> None:
    assert to_months(30.4375, "days") == 1.0
    assert to_months(2, "years") == 24
    assert to_months(5.6, "months") == 5.6
    assert to_months(40, "%") is None


def test_ranges_span_only_matched_cohorts(index: EngineIndex) -> None:
    profile = scenario("relapsed_cart_naive")
    fits = fit_all(profile, index)
    grade = {f.cohort_id: f.grade for f in fits}
    for r in build_ranges(fits, profile, index):
        assert r.points
        for p in r.points:
            assert grade[p.cohort_id] in ("fits", "partial")
            assert p.doi is not None or p.cohort_id in index.base.cohorts
        values = [
            p.value_months if r.unit == "months" else p.value
            for p in r.points
            if p.in_band and not p.not_reached
        ]
        if values:
            assert r.low == min(values) and r.high == max(values)


def test_time_band_is_in_months(index: EngineIndex) -> None:
    profile = scenario("relapsed_cart_naive")
    fits = fit_all(profile, index)
    for r in build_ranges(fits, profile, index):
        if r.endpoint.startswith("median_"):
            assert r.unit == "months"
            assert r.low_months == r.low and r.high_months == r.high


def test_endpoint_range_notes_not_reached(index: EngineIndex) -> None:
    profile = scenario("late_cart_failure")
    fits = fit_all(profile, index)
    os2 = [r for r in build_ranges(fits, profile, index, (Endpoint.median_os2,))]
    assert os2
    late = [p for r in os2 for p in r.points if p.cohort_id == "descart-post"]
    assert late and all("Late" in p.subgroup for p in late)
    assert any(p.not_reached for p in late)
    assert "not reached" in os2[0].note
    empty = endpoint_range(Endpoint.orr, [])
    assert empty.low is None and empty.high is None
