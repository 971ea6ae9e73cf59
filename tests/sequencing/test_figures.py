"""A figure in words on the fixture evidence base: its kind, n, interval, significance and
maturity, every digit from the record."""

from __future__ import annotations

from typing import Any

import pytest

from evidence.models import ENDPOINT_LABELS, Endpoint
from sequencing.figures import format_outcome, maturity_text, significant, strength
from sequencing.index import engine_index
from tests.sequencing.fixture_base import FIXTURE, fixture_index, with_outcomes

INDEX = fixture_index()
OUTCOMES = FIXTURE.outcomes
# Endpoint names are the evidence model's; what this module checks is what follows them.
PFS2, OS2, DOR2 = (
    ENDPOINT_LABELS[e] for e in (Endpoint.median_pfs2, Endpoint.median_os2, Endpoint.median_dor2)
)


@pytest.mark.parametrize(
    ("outcome_id", "text"),
    [
        (
            "post-hr-os",
            "Hazard ratio, OS (early vs late failure) 1.7 (95% CI 0.7–4), n=50, P=0.21, "
            "not statistically significant (REG)",
        ),
        (
            "post-hr-pfs",
            "Hazard ratio, PFS (early vs late failure) 2.4 (95% CI 1.1–5.2), n=50, P=0.03 (REG)",
        ),
        (
            # No P value: judged by whether its CI includes 1.
            "rw-hr-pfs-bulky",
            "Hazard ratio, PFS (bulky vs not bulky, univariate) 2 (95% CI 0.9–4.4), n not given, "
            "not statistically significant (RW-TL, Bulky disease)",
        ),
        (
            "rw-hr-pfs-refractory",
            "Hazard ratio, PFS (refractory vs relapsed, multivariate) 1.8, n not given, P=0.2, "
            "not statistically significant (RW-TL, Refractory to the last line)",
        ),
        (
            "post-pfs2-late",
            f"{PFS2} 5.6 months, n=10, immature: median 5.6 months, beyond the median follow-up "
            "of 4 months (REG, Late CAR-T failure (more than 6 months))",
        ),
        ("tl-5y-pfs", "Median PFS 11.6 months, n=80 (TL-TRIAL)"),
        (
            # The exact CI the loader computes from 46 of 80.
            "tl-5y-orr",
            "Overall response rate (best response) 57.5% (95% CI 45.9–68.5, exact, computed here), "
            "n=80 (TL-TRIAL)",
        ),
        # Responders only, no denominator: no n rather than the cohort's 50.
        ("post-dor2", f"{DOR2} 4 months, n not given (REG)"),
        (
            "post-os2-late",
            f"{OS2} not reached, n=10 (REG, Late CAR-T failure (more than 6 months))",
        ),
        ("pre-washout", "Median washout 40 days (range 10–90), n=20 (REG)"),
        (
            "rw-neutropenia",
            "Adverse event rate (Grade 3-4 neutropenia) 50% (95% CI 39.8–60.2, exact, computed "
            "here), n=100 (RW-TL)",
        ),
    ],
)
def test_format_outcome(outcome_id: str, text: str) -> None:
    assert format_outcome(OUTCOMES[outcome_id], INDEX) == text


def test_format_outcome_without_source() -> None:
    assert format_outcome(OUTCOMES["post-pfs2-early"], INDEX, with_source=False) == (
        f"{PFS2} 2 months, n=40"
    )


def test_immature_only_when_follow_up_is_shorter_than_the_median() -> None:
    def words(outcome_id: str) -> str:
        return maturity_text(INDEX.maturity_of[outcome_id])

    assert words("post-pfs2-late") == (
        "immature: median 5.6 months, beyond the median follow-up of 4 months"
    )
    assert words("tl-5y-pfs") == ""  # 11.6 over 65.6
    assert words("post-pfs2") == ""  # no follow-up given
    assert words("post-os2-late") == ""  # not reached: nothing to compare
    assert words("tl-5y-orr") == ""  # not a median


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({"p_value": 0.049}, True),
        ({"p_value": 0.05}, False),  # at the level: not significant
        ({"p_value": 0.05, "p_qualifier": "<"}, True),
        ({"p_value": 0.05, "p_qualifier": ">"}, False),
        ({"p_value": 0.01, "p_qualifier": ">"}, None),  # "P > 0.01" does not say
        ({"p_value": None, "ci_low": 1.1, "ci_high": 5.2}, True),
        ({"p_value": None, "ci_low": 0.7, "ci_high": 5.2}, False),
        ({"p_value": None, "ci_low": None, "ci_high": None, "ci_method": None}, None),
    ],
)
def test_significance_of_a_ratio(update: dict[str, Any], expected: bool | None) -> None:
    base = with_outcomes({"post-hr-pfs": update})
    assert significant(base.outcomes["post-hr-pfs"]) is expected
    text = format_outcome(base.outcomes["post-hr-pfs"], engine_index(base))
    assert ("not statistically significant" in text) is (expected is False)


def test_significance_is_only_judged_for_ratios() -> None:
    assert significant(OUTCOMES["post-pfs2"]) is None
    assert significant(OUTCOMES["tl-5y-orr"]) is None


def test_strength_in_words() -> None:
    hr_pfs, hr_os, bulky = (
        OUTCOMES["post-hr-pfs"],
        OUTCOMES["post-hr-os"],
        OUTCOMES["rw-hr-pfs-bulky"],
    )
    assert strength([hr_pfs, hr_os]) == (
        " 1 of these 2 associations were not statistically significant."
    )
    assert strength([hr_os, bulky]) == " None of these associations was statistically significant."
    assert strength([hr_pfs]) == ""
    assert strength([OUTCOMES["post-pfs2"], OUTCOMES["tl-5y-orr"]]) == ""  # nothing judged
    assert strength([]) == ""
