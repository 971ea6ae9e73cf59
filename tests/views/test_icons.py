"""Response as 100 people (views.icons): the grid's counts and rounding, the sentence in the
figure's own words (its value, its interval as the source labels it, its n), the key in words,
and which figures are offered."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from evidence import EvidenceBase
from sequencing import PatientProfile, assess
from sequencing.index import engine_index
from sequencing.ranges import RangePoint
from tests.sequencing.fixture_base import fixture_index
from tests.views.test_landmark import point
from views import icons
from views.icons import IconCell


def kinds(rows: Sequence[IconCell]) -> Counter[str]:
    return Counter(r.kind for r in rows)


def sentence(figure: RangePoint) -> str:
    return icons.icon_figure(figure, fixture_index()).sentence


def legend(figure: RangePoint) -> str:
    return icons.icon_figure(figure, fixture_index()).legend


def test_a_rate_and_its_ci_as_100_people() -> None:
    rows = icons.icon_cells(46.8, 35.1, 58.6)
    assert len(rows) == 100
    assert kinds(rows) == {"responded": 47, "ci_band": 12, "not": 41}
    # The band runs from the 36th to the 59th person: what the interval leaves open.
    band = [r.cell for r in rows if r.in_ci]
    assert band == list(range(36, 60))


def test_the_grid_fills_row_by_row_from_the_top_left() -> None:
    rows = icons.icon_cells(23, None, None)
    assert {(r.row, r.column) for r in rows} == {(i, j) for i in range(10) for j in range(10)}
    responded = [(r.row, r.column) for r in rows if r.kind == "responded"]
    assert responded[:10] == [(0, j) for j in range(10)] and responded[-1] == (2, 2)


@pytest.mark.parametrize(
    ("rate", "people"),
    [(0, 0), (0.4, 0), (0.5, 1), (46.5, 47), (57.5, 58), (99.6, 100), (100, 100)],
)
def test_rounding_is_half_up_within_0_and_100(rate: float, people: int) -> None:
    assert kinds(icons.icon_cells(rate, None, None))["responded"] == people


def test_edge_cases_none_and_all() -> None:
    assert kinds(icons.icon_cells(0, None, None)) == {"not": 100}
    assert kinds(icons.icon_cells(100, None, None)) == {"responded": 100}
    everyone = icons.icon_cells(100, 96.3, 100)
    assert kinds(everyone) == {"responded": 100}
    assert sum(r.in_ci for r in everyone) == 4
    nobody = icons.icon_cells(0, 0, 3.6)
    assert kinds(nobody) == {"ci_band": 4, "not": 96}


@pytest.mark.parametrize(("low", "high"), [(None, None), (35.1, None), (None, 58.6)])
def test_no_band_without_a_whole_ci(low: float | None, high: float | None) -> None:
    rows = icons.icon_cells(46.8, low, high)
    assert kinds(rows) == {"responded": 47, "not": 53}
    assert not any(r.in_ci for r in rows)


def test_a_ci_that_misses_the_rate_still_holds_it() -> None:
    """A CI printed with a typo (both ends below the rate) never hides responders."""
    rows = icons.icon_cells(50, 30, 40)
    assert kinds(rows) == {"responded": 50, "not": 50}
    assert [r.cell for r in rows if r.in_ci] == list(range(31, 51))


def _figure(**changes: Any) -> Any:
    fields: dict[str, Any] = {
        "endpoint": "orr",
        "value": 46.8,
        "ci_low": 35.1,
        "ci_high": 58.6,
        "ci_level": 95.0,
        "ci_method": "reported",
        "n": 83,
        "cohort_label": "TALOs, all patients",
        "source_short": "TALOs 2026",
        "response_assessment": "best",
    }
    return replace(point(), **(fields | changes))


def test_sentence_states_the_figure_its_cohort_n_and_ci() -> None:
    assert sentence(_figure()) == (
        "In this cohort (TALOs, all patients; TALOs 2026; n=83), about 47 of 100 responded "
        "(best response): 46.8%, 95% CI 35.1–58.6."
    )


def test_sentence_uses_only_the_figures_own_numbers() -> None:
    figure = _figure(value=32.6, ci_low=22.6, ci_high=43.7, n=83)
    numbers = set(re.findall(r"\d+(?:\.\d+)?", sentence(figure)))
    assert numbers <= {"32.6", "33", "100", "22.6", "43.7", "83", "95", "2026"}


def test_sentence_says_when_the_ci_was_computed_here() -> None:
    """The interval in the formatter's words, as everywhere else."""
    assert "95% CI 35.1–58.6, exact, computed here" in sentence(
        _figure(ci_method="clopper_pearson")
    )


def test_sentence_gives_the_ci_level_as_recorded() -> None:
    assert "90% CI 35.1–58.6" in sentence(_figure(ci_level=90.0))
    assert "CI (level not printed) 35.1–58.6" in sentence(_figure(ci_level=None))


def test_sentence_without_a_ci_or_n_says_so() -> None:
    bare = sentence(_figure(ci_low=None, ci_high=None, ci_method=None, n=None))
    assert "no confidence interval was reported" in bare
    assert "n not given" in bare
    assert "about 47 of 100" in bare


def test_sentence_words_follow_the_endpoint_and_assessment() -> None:
    complete = sentence(_figure(endpoint="cr_rate", value=20.5))
    assert "about 21 of 100 had a complete response (best response)" in complete
    end = sentence(_figure(response_assessment="end_of_treatment"))
    assert "were in response at the end of treatment" in end
    subgroup = sentence(_figure(subgroup="2 or more prior lines", n=40))
    assert "TALOs, all patients, 2 or more prior lines; TALOs 2026; n=40" in subgroup


def test_response_figures_come_from_applicable_strategies(base: EvidenceBase) -> None:
    assessment = assess(PatientProfile(prior_lines=2, cart_plan="planned"), base)
    figures = icons.icon_figures(assessment, engine_index(base))
    assert figures
    ids = [f.outcome_id for f in figures]
    assert len(ids) == len(set(ids))
    points = {
        p.outcome_id: p
        for s in assessment.strategies
        if s.applicable
        for stage in s.stages
        for r in stage.ranges
        for p in r.points
    }
    assert set(ids) <= set(points)
    assert {points[i].endpoint for i in ids} <= {"orr", "cr_rate"}
    # Figures that set a band come first.
    in_span = [f.in_span for f in figures]
    assert in_span == sorted(in_span, reverse=True)


def test_the_key_in_words_counts_every_kind() -> None:
    text = legend(_figure())
    assert "Dark blue: 47 of 100 responded." in text
    assert "Light blue: 12 more" in text and "from 35 to 59 of 100" in text
    assert "Grey: the other 41." in text
    bare = legend(_figure(ci_low=None, ci_high=None, ci_method=None))
    assert "No band" in bare and "Grey: the other 53." in bare
