"""A figure in words, saying what it measures and how strong it is.

Every figure a rule quotes names its kind of response, its timepoint, its own n, its interval,
and whether the source found it statistically significant; a median whose follow-up is shorter
than the median itself is called immature. All digits come from the record.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidence.models import (
    ENDPOINT_LABELS,
    RESPONSE_ASSESSMENT_LABELS,
    Endpoint,
    Outcome,
    ResponseAssessment,
)
from sequencing.index import EngineIndex
from sequencing.vocabulary import (
    RANGE_KIND_WORDS,
    SIGNIFICANCE_LEVEL,
    format_number,
    to_months,
)

RATIO_ENDPOINTS = frozenset(
    {
        Endpoint.hazard_ratio_os,
        Endpoint.hazard_ratio_pfs,
        Endpoint.hazard_ratio_efs,
        Endpoint.odds_ratio,
    }
)
_MEDIANS = frozenset(
    {
        Endpoint.median_pfs,
        Endpoint.median_os,
        Endpoint.median_dor,
        Endpoint.median_dfs,
        Endpoint.median_efs,
        Endpoint.median_pfs2,
        Endpoint.median_os2,
        Endpoint.median_dor2,
    }
)

# Endpoints whose label alone does not say what was counted: the record's note does.
_DESCRIBED_BY_NOTE = frozenset(
    {
        Endpoint.adverse_event_rate,
        Endpoint.proportion,
        Endpoint.patient_count,
        Endpoint.death_cause_rate,
    }
)

NOT_SIGNIFICANT = "not statistically significant"


def significant(outcome: Outcome) -> bool | None:
    """Whether a ratio was statistically significant: by its P value, else by whether its CI
    excludes 1; None when the source gives neither (or the figure is not a ratio)."""
    if outcome.endpoint not in RATIO_ENDPOINTS:
        return None
    if outcome.p_value is not None:
        if outcome.p_qualifier == "<":
            return outcome.p_value <= SIGNIFICANCE_LEVEL
        if outcome.p_qualifier == ">":
            return False if outcome.p_value >= SIGNIFICANCE_LEVEL else None
        return outcome.p_value < SIGNIFICANCE_LEVEL
    if outcome.ci_low is not None and outcome.ci_high is not None:
        return not (outcome.ci_low <= 1.0 <= outcome.ci_high)
    return None


def _unlabelled_interval_spans_one(outcome: Outcome) -> bool:
    return (
        outcome.endpoint in RATIO_ENDPOINTS
        and outcome.range_kind == "unlabelled"
        and outcome.range_low is not None
        and outcome.range_high is not None
        and outcome.range_low <= 1.0 <= outcome.range_high
    )


def immature(outcome: Outcome) -> bool:
    """A median counted over a median follow-up shorter than itself is not yet stable."""
    if outcome.endpoint not in _MEDIANS or outcome.followup_months is None:
        return False
    months = to_months(outcome.value, outcome.unit)
    return months is not None and outcome.followup_months < months


def label(outcome: Outcome) -> str:
    text = ENDPOINT_LABELS[outcome.endpoint]
    if outcome.timepoint_months is not None:
        text = text.replace(
            "at a timepoint", f"at {format_number(outcome.timepoint_months)} months"
        )
    assessment = outcome.response_assessment
    if assessment is not None and assessment != ResponseAssessment.not_stated:
        text = f"{text} ({RESPONSE_ASSESSMENT_LABELS[assessment]})"
    if outcome.comparison:
        text = f"{text} ({outcome.comparison}"
        text += f", {outcome.analysis})" if outcome.analysis else ")"
    return text


def _value(outcome: Outcome) -> str:
    if outcome.not_reached:
        return "not reached"
    assert outcome.value is not None
    if outcome.unit == "%":
        return f"{format_number(outcome.value)}%"
    if outcome.unit == "ratio":
        return format_number(outcome.value)
    return f"{format_number(outcome.value)} {outcome.unit}"


def interval(outcome: Outcome) -> str:
    """The interval as the source labels it: a CI with its level, or a range or IQR."""
    if outcome.ci_low is not None:
        level = f"{format_number(outcome.ci_level)}% CI" if outcome.ci_level else "CI"
        high = (
            "not reached"
            if outcome.ci_high_not_reached or outcome.ci_high is None
            else format_number(outcome.ci_high)
        )
        return f"{level} {format_number(outcome.ci_low)}-{high}"
    if outcome.range_low is not None and outcome.range_high is not None:
        kind = RANGE_KIND_WORDS[outcome.range_kind or "min-max"]
        return f"{kind} {format_number(outcome.range_low)}-{format_number(outcome.range_high)}"
    return ""


def format_outcome(outcome: Outcome, index: EngineIndex, *, with_source: bool = True) -> str:
    """e.g. 'Hazard ratio, PFS (bulky vs not bulky, multivariate) 2.011, n=83, P=0.103, not
    statistically significant (TALOs 2026)'."""
    name = label(outcome)
    if outcome.endpoint in _DESCRIBED_BY_NOTE and outcome.note:
        name = f"{name} ({outcome.note.split('.')[0].strip()})"
    text = f"{name} {_value(outcome)}"
    spread = interval(outcome)
    if spread:
        text += f" ({spread})"
    n = index.n_of.get(outcome.id)
    if n:
        text += f", n={n}"
    if outcome.p_value is not None:
        text += f", P{outcome.p_qualifier or '='}{format_number(outcome.p_value)}"
    if significant(outcome) is False:
        text += f", {NOT_SIGNIFICANT}"
    elif _unlabelled_interval_spans_one(outcome):
        text += ", its printed interval includes 1"
    if immature(outcome):
        assert outcome.followup_months is not None
        text += (
            f", immature (median follow-up {format_number(outcome.followup_months)} months, "
            "shorter than the median)"
        )
    if with_source:
        where = index.source_short(outcome.cohort)
        if outcome.subgroup != "All patients":
            where += f", {outcome.subgroup}"
        if outcome.arm:
            where += f", {outcome.arm}"
        text += f" ({where})"
    return text


def strength(outcomes: Sequence[Outcome]) -> str:
    """How many of the quoted associations were statistically significant, in words."""
    judged = [s for o in outcomes if (s := significant(o)) is not None]
    if not judged:
        return ""
    weak = judged.count(False)
    if weak == 0:
        return ""
    if weak == len(judged):
        return " None of these associations was statistically significant."
    return f" {weak} of these {len(judged)} associations were not statistically significant."
