"""Bands on the fixture evidence base (`tests.sequencing.fixture_base`): exact ends, which points
are hollow and why, each figure's own n, and what a band may hold."""

from __future__ import annotations

from typing import Any

import pytest

from evidence.figure import to_months
from evidence.models import Condition, Endpoint, MeasuredTreatment, Outcome
from sequencing.fit import CohortFit, fit_all
from sequencing.index import engine_index
from sequencing.profile import PatientProfile
from sequencing.ranges import (
    HOLLOW_EARLIER_ANALYSIS,
    HOLLOW_MIXED_EXPOSURE,
    HOLLOW_SELECTED_SUBGROUP,
    EndpointRange,
    build_ranges,
    endpoint_range,
    most_specific,
)
from tests.sequencing.fixture_base import fixture_index, with_outcomes

INDEX = fixture_index()

NAIVE = PatientProfile(prior_lines=2, response_to_last_line="relapsed", cart_plan="planned")
NAIVE_ONE_LINE = NAIVE.model_copy(update={"prior_lines": 1})
EARLY_FAILURE = PatientProfile(
    prior_lines=3,
    response_to_last_line="refractory",
    prior_cart=True,
    months_cart_to_failure=2,
    cart_plan="not_candidate",
)
LATE_FAILURE = EARLY_FAILURE.model_copy(update={"months_cart_to_failure": 9.0})
TAFA_LEN_CART_NAIVE = ("tl-primary", "tl-3y", "tl-5y", "rw-tl", "mixed-tl")


def fits(profile: PatientProfile, *cohort_ids: str, index: Any = INDEX) -> list[CohortFit]:
    by_id = {f.cohort_id: f for f in fit_all(profile, index)}
    return [by_id[c] for c in cohort_ids]


def bands(
    profile: PatientProfile,
    *cohort_ids: str,
    measured: MeasuredTreatment = MeasuredTreatment.cohort_treatment,
    index: Any = INDEX,
) -> list[EndpointRange]:
    return build_ranges(fits(profile, *cohort_ids, index=index), profile, index, measured=measured)


def summary(r: EndpointRange) -> tuple[Any, ...]:
    return (r.endpoint, r.response_assessment, r.low, r.high, r.cohorts, r.patients)


def hollow(r: EndpointRange) -> dict[str, str]:
    """Outcome id -> why it does not set the band ("" when it does)."""
    return {p.outcome_id: p.hollow_reason for p in r.points}


def band(
    ranges: list[EndpointRange], endpoint: str, assessment: str | None = None
) -> EndpointRange:
    found = [r for r in ranges if r.endpoint == endpoint and r.response_assessment == assessment]
    assert len(found) == 1, [r.label for r in ranges]
    return found[0]


# ---- most specific subgroup (records built here) ------------------------------------------------


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
    return Outcome(**({"added_in": "2026.01.01"} | data | extra))


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
    assert ids(LATE_FAILURE) == {"late"}
    assert ids(EARLY_FAILURE) == {"early"}


def test_unknown_subgroup_falls_back_to_all_patients() -> None:
    assert ids(PatientProfile()) == {"all"}


def test_ties_kept_and_superseded_skipped() -> None:
    pool = [
        outcome("a", 3.0),
        outcome("b", 3.3),
        outcome("old", 9.0, superseded_by="a", superseded_in="2026.01.01"),
    ]
    assert {o.id for o in most_specific(pool, PatientProfile())} == {"a", "b"}


def test_arms_timepoints_and_assessments_are_kept_apart() -> None:
    orr: dict[str, Any] = dict(endpoint="orr", unit="%", time_origin=None)
    pool = [
        outcome("x", 3.0, arm="A"),
        outcome("y", 4.0, arm="B"),
        outcome("r12", 40.0, endpoint="pfs_rate", unit="%", timepoint_months=12),
        outcome("r24", 30.0, endpoint="pfs_rate", unit="%", timepoint_months=24),
        outcome("best", 45.0, response_assessment="best", **orr),
        outcome("eot", 30.0, response_assessment="end_of_treatment", **orr),
    ]
    assert {o.id for o in most_specific(pool, PatientProfile())} == {
        "x",
        "y",
        "r12",
        "r24",
        "best",
        "eot",
    }


def test_to_months() -> None:
    assert to_months(30.4375, "days") == 1.0
    assert to_months(2, "years") == 24
    assert to_months(5.6, "months") == 5.6
    assert to_months(40, "%") is None


# ---- bands on the fixture ---------------------------------------------------------------------


def test_points_come_only_from_matched_cohorts_with_their_sources_doi() -> None:
    """A not-a-candidate CAR-T-naive patient: the before-CAR-T, after-CAR-T and CAR-T cohorts
    are outside, so their figures never reach a band."""
    profile = NAIVE.model_copy(update={"cart_plan": "not_candidate"})
    all_fits = fit_all(profile, INDEX)
    grades = {f.cohort_id: f.grade for f in all_fits}
    assert {c for c, g in grades.items() if g == "outside"} == {
        "pre-tl",
        "post-tl",
        "post-other",
        "cart-arm",
    }
    ranges = build_ranges(all_fits, profile, INDEX)
    assert {p.cohort_id for r in ranges for p in r.points} == set(TAFA_LEN_CART_NAIVE)
    dois = {p.cohort_id: p.doi for r in ranges for p in r.points}
    assert dois["tl-5y"] == "10.5555/tl-trial"
    assert dois["mixed-tl"] is None  # known only from its citation in RW-TL: no DOI of its own
    for r in ranges:
        values = [p.value_months if r.unit == "months" else p.value for p in r.points if p.in_band]
        known = [v for v in values if v is not None]
        assert (r.low, r.high) == ((min(known), max(known)) if known else (None, None))


def test_tafa_len_bands_for_a_cart_naive_patient() -> None:
    ranges = bands(NAIVE, *TAFA_LEN_CART_NAIVE)
    assert [summary(r) for r in ranges] == [
        ("orr", "best", 45.0, 57.5, 2, 180),
        ("orr", "end_of_treatment", 30.0, 30.0, 1, 100),
        # TL-TRIAL's 3-year ORR (assessment not stated) is history beside its 5-year best ORR:
        # one study, one figure per endpoint, across response assessments too.
        ("orr", "not_stated", None, None, 0, None),
        # TL-TRIAL's 2-or-more-lines subgroup gives no patient count: the total is unknown.
        ("median_pfs", None, 4.7, 7.6, 2, None),
    ]
    assert hollow(band(ranges, "orr", "best")) == {
        "tl-primary-orr": HOLLOW_EARLIER_ANALYSIS,
        "tl-5y-orr": "",
        "rw-orr-best": "",
        "mixed-orr": HOLLOW_MIXED_EXPOSURE,
    }
    assert hollow(band(ranges, "orr", "not_stated")) == {"tl-3y-orr": HOLLOW_EARLIER_ANALYSIS}
    assert hollow(band(ranges, "median_pfs")) == {
        "tl-primary-pfs": HOLLOW_EARLIER_ANALYSIS,
        "tl-5y-pfs-2plus-lines": "",
        "rw-pfs-results": "",
        "rw-pfs-abstract": "",
        "mixed-pfs": HOLLOW_MIXED_EXPOSURE,
    }


def test_band_key_separates_best_from_end_of_treatment_response() -> None:
    ranges = bands(NAIVE, "rw-tl")
    best, end = band(ranges, "orr", "best"), band(ranges, "orr", "end_of_treatment")
    assert [p.outcome_id for p in best.points] == ["rw-orr-best"]
    assert [p.outcome_id for p in end.points] == ["rw-orr-eot"]
    assert (best.low, best.high, end.low, end.high) == (45.0, 45.0, 30.0, 30.0)
    assert best.label == "Overall response rate (best response)"
    assert end.label == "Overall response rate (end-of-treatment response)"


def test_earlier_analyses_are_hollow_and_the_study_counts_once() -> None:
    """Three analyses of one study are one group of 80 patients, not 160."""
    best = band(bands(NAIVE, "tl-primary", "tl-3y", "tl-5y"), "orr", "best")
    assert hollow(best) == {"tl-primary-orr": HOLLOW_EARLIER_ANALYSIS, "tl-5y-orr": ""}
    assert (best.low, best.high, best.cohorts, best.patients) == (57.5, 57.5, 1, 80)
    assert best.note.startswith("Span of 1 cohort(s), 80 patients; not pooled")
    assert "Shown hollow, not setting the band: earlier analysis of the same study." in best.note
    # Order does not matter: the latest analysis wins wherever it stands.
    again = endpoint_range(Endpoint.orr, list(reversed(best.points)), assessment="best")
    assert (again.low, again.high, again.cohorts, again.patients) == (57.5, 57.5, 1, 80)
    assert hollow(again) == hollow(best)


def test_the_latest_analysis_gives_the_subgroup_that_holds_for_the_patient() -> None:
    one_line = band(bands(NAIVE_ONE_LINE, "tl-primary", "tl-5y"), "median_pfs")
    assert hollow(one_line) == {"tl-primary-pfs": HOLLOW_EARLIER_ANALYSIS, "tl-5y-pfs-1-line": ""}
    assert (one_line.low, one_line.high) == (23.5, 23.5)
    two_lines = band(bands(NAIVE, "tl-primary", "tl-5y"), "median_pfs")
    assert (two_lines.low, two_lines.high) == (7.6, 7.6)


@pytest.mark.parametrize("profile", [NAIVE, EARLY_FAILURE], ids=["cart-naive", "post-cart"])
def test_a_mixed_cohort_is_hollow_for_both_kinds_of_patient(profile: PatientProfile) -> None:
    [fit] = fits(profile, "mixed-tl")
    assert fit.grade == "partial"
    ranges = build_ranges([fit], profile, INDEX)
    assert [summary(r) for r in ranges] == [
        ("orr", "best", None, None, 0, None),
        ("median_pfs", None, None, None, 0, None),
    ]
    points = [p for r in ranges for p in r.points]
    assert {p.outcome_id for p in points} == {"mixed-orr", "mixed-pfs"}
    assert all(p.hollow_reason == HOLLOW_MIXED_EXPOSURE and not p.in_band for p in points)
    assert {(p.cart_exposure, p.pct_prior_cart) for p in points} == {("some", 30.0)}


def test_a_subgroup_chosen_by_outcome_is_hollow() -> None:
    index = engine_index(with_outcomes({"rw-orr-eot": {"subgroup": "Patients given 12 cycles"}}))
    end = band(bands(NAIVE, "rw-tl", index=index), "orr", "end_of_treatment")
    assert hollow(end) == {"rw-orr-eot": HOLLOW_SELECTED_SUBGROUP}
    assert (end.low, end.high, end.cohorts) == (None, None, 0)


def test_a_stage_takes_only_the_figures_of_its_measured_treatment() -> None:
    """Tafa-len before CAR-T: tafa-len's own response is not the later CAR-T's, and the CAR-T's
    response and survival (from infusion) are not tafa-len's."""
    own = bands(NAIVE, "pre-tl")
    assert [p.outcome_id for r in own for p in r.points] == ["pre-orr-own"]
    later = bands(NAIVE, "pre-tl", measured=MeasuredTreatment.later_cart)
    assert [summary(r) for r in later] == [
        ("orr", "best", 70.0, 70.0, 1, 10),
        ("median_pfs", None, 3.0, 3.0, 1, 20),
        ("median_os", None, 10.0, 10.0, 1, 20),
    ]
    assert {p.measured for r in later for p in r.points} == {"later_cart"}
    assert [r.time_origin for r in later] == [None, "cart_infusion", "cart_infusion"]
    assert later[2].label == "Median OS, from CAR-T infusion"


def test_a_time_band_is_in_months_whatever_the_unit() -> None:
    [washout] = build_ranges(
        fits(NAIVE, "pre-tl"),
        NAIVE,
        INDEX,
        (Endpoint.median_washout,),
        measured=MeasuredTreatment.not_an_effect,
    )
    assert washout.unit == "months"
    assert washout.low == washout.high == washout.low_months == round(40 / 30.4375, 2)
    [point] = washout.points
    assert (point.value, point.unit, point.value_months) == (40.0, "days", 1.31)
    assert (point.range_low, point.range_high, point.range_kind) == (10.0, 90.0, "min-max")


@pytest.mark.parametrize(
    ("profile", "pfs2", "os2", "n"),
    [
        (EARLY_FAILURE, "post-pfs2-early", "post-os2-early", 40),
        (LATE_FAILURE, "post-pfs2-late", "post-os2-late", 10),
    ],
    ids=["early", "late"],
)
def test_cart_failure_timing_picks_its_subgroup_with_its_own_n(
    profile: PatientProfile, pfs2: str, os2: str, n: int
) -> None:
    ranges = bands(profile, "post-tl")
    assert [(r.endpoint, [p.outcome_id for p in r.points]) for r in ranges] == [
        ("median_pfs2", [pfs2]),
        ("median_os2", [os2]),
        ("median_dor2", ["post-dor2"]),
    ]
    assert [r.patients for r in ranges] == [n, n, None]
    assert [p.n for r in ranges for p in r.points] == [n, n, None]


def test_a_median_not_reached_leaves_the_band_open_and_says_so() -> None:
    os2 = band(bands(LATE_FAILURE, "post-tl"), "median_os2")
    [point] = os2.points
    assert point.not_reached and point.value is None
    assert (os2.low, os2.high, os2.cohorts, os2.patients) == (None, None, 1, 10)
    assert "At least one median was not reached: the upper end may be higher." in os2.note
    empty = endpoint_range(Endpoint.orr, [])
    assert (empty.low, empty.high, empty.cohorts, empty.patients) == (None, None, 0, None)


def test_unknown_failure_timing_gets_the_all_patients_figures() -> None:
    """Graded as if a CAR-T not yet given had failed, at an unknown time."""
    profile = EARLY_FAILURE.model_copy(update={"months_cart_to_failure": None})
    ranges = build_ranges(fits(EARLY_FAILURE, "post-tl"), profile, INDEX)
    assert [p.outcome_id for r in ranges for p in r.points] == [
        "post-pfs2",
        "post-os2",
        "post-dor2",
    ]
    assert [r.patients for r in ranges] == [50, 50, None]


def test_n_of_each_figure() -> None:
    n_of = INDEX.n_of
    assert INDEX.base.cohorts["post-tl"].n == 50
    assert n_of["post-dor2"] is None  # responders only: never the cohort's n
    assert n_of["post-pfs2"] == 50  # a whole-cohort figure: the cohort's n
    assert (n_of["post-pfs2-early"], n_of["post-pfs2-late"]) == (40, 10)  # the counts
    assert (n_of["post-os2-early"], n_of["post-os2-late"]) == (40, 10)
    assert n_of["pre-orr-cart"] == 10  # its denominator, not the cohort's 20
    assert n_of["tl-5y-pfs-1-line"] is None  # a subgroup without a count
    assert n_of["rw-hr-pfs-refractory"] is None


def test_conflicting_figures_are_both_shown_and_noted() -> None:
    pfs = band(bands(NAIVE, "rw-tl"), "median_pfs")
    assert hollow(pfs) == {"rw-pfs-results": "", "rw-pfs-abstract": ""}
    assert (pfs.low, pfs.high, pfs.cohorts, pfs.patients) == (4.7, 5.0, 1, 100)
    assert "The source gives conflicting figures: both are shown." in pfs.note


def test_a_band_names_its_time_origin_only_when_every_figure_shares_it() -> None:
    shared = band(bands(NAIVE, "rw-tl"), "median_pfs")
    assert shared.time_origin == "treatment_start"
    assert shared.label == "Median PFS, from the start of treatment"
    mixed = band(bands(NAIVE, "rw-tl", "mixed-tl"), "median_pfs")
    assert mixed.time_origin is None and mixed.label == "Median PFS"
    assert (
        "Figures are counted from different starting points: from the start of treatment; "
        "time origin not stated" in mixed.note
    )


def test_every_sentence_of_a_note_ends_with_a_full_stop() -> None:
    mixed = band(bands(NAIVE, "rw-tl", "mixed-tl"), "median_pfs")
    assert "time origin not stated. The source gives conflicting figures" in mixed.note
