"""Response as people count it: a response rate as 100 people, with its CI as a band of icons.

This restates one published figure (how NHS Predict and decision aids draw risk); it is not a
prediction for the patient. Rounding: a rate of X% is "about round(X) of 100", halves rounded up
(46.5 -> 47), clamped to 0-100; the CI ends round the same way. Cells fill row by row from the top
left: the first round(rate) responded; the cells from round(rate)+1 up to round(ci_high) lie within
the CI but did not respond at the reported rate; the rest did not respond. Cells round(ci_low)+1
to round(ci_high) are the CI band (`in_ci`), so the band also covers responders the lower end of
the CI would not count.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from evidence.formatting import number
from evidence.models import RESPONSE_ASSESSMENT_LABELS, ResponseAssessment
from sequencing.ranges import RangePoint
from ui import charts

GRID = 10
PEOPLE = GRID * GRID
RESPONDED = "responded"
CI_BAND = "ci_band"
NOT_RESPONDED = "not"
RESPONSE_ENDPOINTS = ("orr", "cr_rate")


def people(rate: float) -> int:
    """About how many of 100: halves rounded up, within 0-100."""
    return min(PEOPLE, max(0, math.floor(rate + 0.5)))


def icon_array_rows(
    rate: float, ci_low: float | None, ci_high: float | None
) -> list[dict[str, Any]]:
    """100 cells of a 10 x 10 grid: cell (1-100), row (0 top), column, kind (responded, ci_band,
    not) and in_ci (inside the CI band). No CI (either end missing): no band."""
    responded = people(rate)
    if ci_low is None or ci_high is None:
        low = high = responded
    else:
        low, high = min(people(ci_low), responded), max(people(ci_high), responded)
    rows = []
    for index in range(PEOPLE):
        cell = index + 1
        if cell <= responded:
            kind = RESPONDED
        elif cell <= high:
            kind = CI_BAND
        else:
            kind = NOT_RESPONDED
        rows.append(
            {
                "cell": cell,
                "row": index // GRID,
                "column": index % GRID,
                "kind": kind,
                "in_ci": low < cell <= high,
            }
        )
    return rows


def _outcome_words(point: RangePoint) -> str:
    complete = point.endpoint == "cr_rate"
    assessment = point.response_assessment
    if assessment == ResponseAssessment.end_of_treatment.value:
        return f"were in {'complete ' if complete else ''}response at the end of treatment"
    if assessment == ResponseAssessment.at_timepoint.value and point.timepoint_months:
        return (
            f"were in {'complete ' if complete else ''}response at "
            f"{number(point.timepoint_months)} months"
        )
    words = "had a complete response" if complete else "responded"
    if assessment == ResponseAssessment.best.value:
        words += f" ({RESPONSE_ASSESSMENT_LABELS[ResponseAssessment.best]})"
    return words


def _ci_words(point: RangePoint) -> str:
    if point.ci_low is None or point.ci_high is None:
        return "no confidence interval was reported, so its uncertainty is not shown"
    span = f"{number(point.ci_low)}–{number(point.ci_high)}%"
    level = f"{number(point.ci_level)}% " if point.ci_level else ""
    if point.ci_method == "clopper_pearson":
        return f"exact {level or '95% '}CI {span} computed here"
    if not level:
        return f"CI {span}, its level not printed"
    return f"{level}CI {span}"


def cohort_words(point: RangePoint) -> str:
    """'TALOs, all patients; TALOs 2026; n=83' (the subgroup named when it is not everyone)."""
    name = point.cohort_label
    if point.subgroup.strip().lower() not in ("all patients", "all", "overall"):
        name += f", {point.subgroup}"
    if point.arm:
        name += f", {point.arm}"
    n = f"n={point.n}" if point.n else "n not reported"
    return f"{name}; {point.source_short}; {n}"


def icon_sentence(point: RangePoint) -> str:
    """'In this cohort (...; n=83), about 47 of 100 responded (best response): 47%, exact 95% CI
    35.9–58.3% computed here.' Only the figure's own numbers, restated."""
    if point.value is None:
        raise ValueError("an icon array needs a figure")
    return (
        f"In this cohort ({cohort_words(point)}), about {people(point.value)} of 100 "
        f"{_outcome_words(point)}: {number(point.value)}%, {_ci_words(point)}."
    )


def _band(point: RangePoint) -> tuple[int, int] | None:
    """The CI's ends in people of 100, holding the rate (None without a whole CI)."""
    if point.value is None or point.ci_low is None or point.ci_high is None:
        return None
    responded = people(point.value)
    return min(people(point.ci_low), responded), max(people(point.ci_high), responded)


def legend_text(point: RangePoint) -> str:
    """The chart's key in words, with the counts (colour is never the only cue)."""
    if point.value is None:
        return ""
    responded = people(point.value)
    parts = [f"Dark blue: {responded} of 100 {_outcome_words(point).split(' (')[0]}."]
    band = _band(point)
    if band is None:
        parts.append("No band: the source gives no confidence interval.")
        high = responded
    else:
        low, high = band
        if high > responded:
            parts.append(f"Light blue: {high - responded} more, still within the CI.")
        parts.append(
            f"Outlined: the CI band, from {low} to {high} of 100 (what the interval allows)."
        )
    parts.append(f"Grey: the other {PEOPLE - high}.")
    return " ".join(parts)


def response_figures(assessment: Any) -> list[tuple[str, RangePoint]]:
    """(label, point) for each response figure (ORR, CR) of the applicable strategies' matched
    cohorts, once each, the figures that set a band first."""
    seen: set[str] = set()
    found: list[tuple[str, RangePoint]] = []
    for strategy in assessment.strategies:
        if not strategy.applicable:
            continue
        for stage in strategy.stages:
            for endpoint_range in stage.ranges:
                if endpoint_range.endpoint not in RESPONSE_ENDPOINTS:
                    continue
                for point in endpoint_range.points:
                    if point.value is None or point.unit != "%" or point.outcome_id in seen:
                        continue
                    seen.add(point.outcome_id)
                    label = f"{endpoint_range.label} · {cohort_words(point)}"
                    if not point.in_band:
                        label += f" · not in the band: {point.hollow_reason}"
                    found.append((label, point))
    found.sort(key=lambda item: not item[1].in_band)
    return found


def alt_text(point: RangePoint) -> str:
    return f"Icon array of 100 people. {icon_sentence(point)} {legend_text(point)}"


def show(point: RangePoint, key: str) -> None:
    """The figure's icon array beside its sentence and its key in words."""
    if point.value is None:
        return
    rows = icon_array_rows(point.value, point.ci_low, point.ci_high)
    grid, words = st.columns([1, 1], gap="large")
    with grid:
        charts.show(
            charts.icon_array_chart(pd.DataFrame(rows)),
            key=key,
            alt_text=alt_text(point),
            height=charts.ICON_HEIGHT,
            stretch=False,
        )
    with words:
        st.markdown(f"#### {icon_sentence(point)}")
        st.markdown(legend_text(point))
        st.caption(
            "What happened in one published cohort, not a prediction for this patient: see "
            "the Sequencing page for how well the cohort matches."
        )


def section(assessment: Any | None, key: str) -> None:
    """A chosen response figure of the current scenario as 100 people, with its sentence."""
    st.markdown("### Response as people count it")
    st.caption(
        "One published response figure drawn as 100 people, as decision aids show risk: it "
        "restates what happened in that cohort, with its uncertainty. It is not a prediction "
        "for this patient."
    )
    figures = response_figures(assessment) if assessment is not None else []
    if not figures:
        st.info(
            "No matched cohort of an applicable strategy reports a response rate for the "
            "current scenario (set in the patient form)."
        )
        return
    by_id = {point.outcome_id: (label, point) for label, point in figures}
    chosen = st.selectbox(
        "Response figure (matched cohorts of the current scenario's strategies)",
        list(by_id),
        format_func=lambda outcome_id: by_id[outcome_id][0],
        key=f"{key}-figure",
    )
    show(by_id[chosen or next(iter(by_id))][1], key=f"{key}-chart")
