"""A figure's own n and its maturity (`evidence.figure`), table-driven on made-up records."""

from __future__ import annotations

from typing import Any

import pytest

from evidence.figure import Maturity, cohort_followup, figure_n, maturity, whole_share
from evidence.models import Cohort, Outcome

COHORT = Cohort.model_validate(
    dict(
        added_in="2026.01.01",
        id="c",
        label="Cohort C",
        treatment="Tafa-len",
        treatment_class="tafa_len",
        setting="cart_naive",
        cart_exposure="none",
        study="c",
        n=67,
    )
)


def outcome(**fields: Any) -> Outcome:
    raw: dict[str, Any] = dict(
        added_in="2026.01.01",
        id="o",
        cohort="c",
        endpoint="orr",
        measured="cohort_treatment",
        response_assessment="best",
        value=50.0,
        unit="%",
        location="Results",
        verified_from="abstract",
    )
    return Outcome.model_validate(raw | fields)


DOR: dict[str, Any] = dict(
    endpoint="median_dor",
    response_assessment=None,
    time_origin="first_response",
    value=8.1,
    unit="months",
)
OS_RATE: dict[str, Any] = dict(
    endpoint="os_rate",
    response_assessment=None,
    time_origin="cart_infusion",
    timepoint_months=6.0,
    value=58.2,
)


@pytest.mark.parametrize(
    ("fields", "subgroup_size", "expected"),
    [
        ({"denominator": 40, "value": 50.0}, None, 40),
        # 65.9% is not a whole share of 67: never shown with n=67.
        ({"value": 65.9}, None, None),
        ({"value": 65.7}, None, 67),  # 44 of 67
        ({"value": 65.9, "denominator_not_printed": True}, None, None),
        # A duration of response counts responders.
        (DOR, None, None),
        ({**DOR, "denominator": 39}, None, 39),
        # A share of deaths counts deaths.
        (
            {
                "endpoint": "death_cause_rate",
                "measured": "not_an_effect",
                "response_assessment": None,
            },
            None,
            None,
        ),
        # A subgroup: its own size where the source gives it, never the cohort's.
        ({"subgroup": "Complete responders", "value": 50.0}, None, None),
        (
            {"conditions": [{"field": "bulky", "op": "==", "value": True}], "value": 50.0},
            10,
            10,
        ),
        # A Kaplan-Meier rate is no share of patients: the cohort's n stands.
        (OS_RATE, None, 67),
    ],
)
def test_the_n_a_figure_is_shown_with(
    fields: dict[str, Any], subgroup_size: int | None, expected: int | None
) -> None:
    assert figure_n(outcome(**fields), COHORT, subgroup_size) == expected


@pytest.mark.parametrize(
    ("value", "n", "expected"),
    [(65.9, 67, False), (65.7, 67, True), (45.5, 11, True), (27.0, 53, False), (100.0, 3, True)],
)
def test_whole_share(value: float, n: int, expected: bool) -> None:
    assert whole_share(value, n) is expected


@pytest.mark.parametrize(
    ("fields", "cohort_followup_months", "expected"),
    [
        # DESCAR-T's CAR-T-after-tafa-len median OS of 8.1 months on 2.8 months of follow-up.
        (
            {**DOR, "endpoint": "median_os", "time_origin": "cart_infusion"},
            2.8,
            Maturity(True, "median", 8.1, 2.8),
        ),
        ({**DOR, "followup_months": 7.0}, None, Maturity(True, "median", 8.1, 7.0)),
        ({**DOR, "followup_months": 9.0}, None, Maturity(False, None, None, 9.0)),
        (OS_RATE, 2.8, Maturity(True, "timepoint", 6.0, 2.8)),
        (OS_RATE, 12.0, Maturity(False, None, None, 12.0)),
        ({**DOR, "immature_per_source": True}, None, Maturity(True, "source")),
        # No follow-up known: not judged (which is not a claim that it is mature).
        (DOR, None, Maturity(False)),
        # A median of days on the months scale.
        (
            {**DOR, "value": 300.0, "unit": "days"},
            9.0,
            Maturity(True, "median", 300 / 30.4375, 9.0),
        ),
    ],
)
def test_maturity(
    fields: dict[str, Any], cohort_followup_months: float | None, expected: Maturity
) -> None:
    assert maturity(outcome(**fields), cohort_followup_months) == expected


def test_a_cohorts_follow_up_is_its_whole_cohort_follow_up_record() -> None:
    followup = dict(
        endpoint="median_followup",
        measured="not_an_effect",
        response_assessment=None,
        unit="months",
    )
    records = [
        outcome(id="f1", value=2.8, **followup),
        outcome(id="f2", value=9.0, subgroup="Late failures", **followup),
        outcome(id="f3", value=1.0, **followup, superseded_by="f1", superseded_in="2026.01.01"),
    ]
    assert cohort_followup(records) == 2.8
    assert cohort_followup([]) is None
