"""A figure in words, saying what it measures and how strong it is.

Every figure a rule quotes names its kind of response, its timepoint, its own n, its interval,
and whether the source found it statistically significant; a median whose follow-up is shorter
than the median itself is called immature. All digits come from the record.
"""

from __future__ import annotations

from collections.abc import Sequence

from evidence.figure import Maturity
from evidence.formatting import interval_text, n_text, number, p_text, value_text
from evidence.models import (
    ENDPOINT_LABELS,
    PUBLICATION_LABELS,
    RESPONSE_ASSESSMENT_LABELS,
    WEAK_PUBLICATIONS,
    Endpoint,
    Outcome,
    Publication,
    ResponseAssessment,
    VerifiedFrom,
)
from sequencing.index import EngineIndex
from sequencing.vocabulary import SIGNIFICANCE_LEVEL

__all__ = [
    "NOT_SIGNIFICANT",
    "RATIO_ENDPOINTS",
    "format_outcome",
    "label",
    "maturity_text",
    "significant",
    "strength",
    "strength_kinds",
    "strength_words",
]

RATIO_ENDPOINTS = frozenset(
    {
        Endpoint.hazard_ratio_os,
        Endpoint.hazard_ratio_pfs,
        Endpoint.hazard_ratio_efs,
        Endpoint.odds_ratio,
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


def maturity_text(judged: Maturity) -> str:
    """'immature: median 8.1 months, beyond the median follow-up of 2.8 months'; '' when not
    immature."""
    if not judged.immature:
        return ""
    if judged.why == "source":
        return "immature, as the source says"
    what = "median" if judged.why == "median" else "rate at"
    months = number(round(judged.months or 0.0, 1))
    return (
        f"immature: {what} {months} months, beyond the median follow-up of "
        f"{number(judged.followup_months)} months"
    )


# A weaker kind of source in a word or two, for a board cell (the long words are on the figure).
STRENGTH_SHORT: dict[str, str] = {
    Publication.congress_abstract.value: "abstract",
    Publication.press_release.value: "press release",
    Publication.web_page.value: "web page",
    VerifiedFrom.secondary_summary.value: "summary only",
    "second_hand": "second-hand",
}


def strength_kinds(
    publication: str, verified_from: str, reported_in: str | None
) -> tuple[str, ...]:
    """Where the figure's source is weaker than a journal article read in full or as its
    abstract: a congress abstract, press release or web page; a secondary summary only; a figure
    reported second-hand by another paper (keys of `STRENGTH_SHORT`)."""
    kinds = []
    kind = Publication(publication) if publication else None
    if kind in WEAK_PUBLICATIONS:
        kinds.append(kind.value)
    if verified_from == VerifiedFrom.secondary_summary.value:
        kinds.append(VerifiedFrom.secondary_summary.value)
    if reported_in:
        kinds.append("second_hand")
    return tuple(kinds)


def strength_words(
    publication: str, verified_from: str, reported_in: str | None
) -> tuple[str, ...]:
    """The same, in words for the figure itself."""
    words = []
    for kind in strength_kinds(publication, verified_from, reported_in):
        if kind == "second_hand":
            words.append(f"second-hand, as reported in {reported_in}")
        elif kind == VerifiedFrom.secondary_summary.value:
            words.append("secondary summary only")
        else:
            words.append(PUBLICATION_LABELS[Publication(kind)])
    return tuple(words)


def label(outcome: Outcome) -> str:
    text = ENDPOINT_LABELS[outcome.endpoint]
    if outcome.timepoint_months is not None:
        text = text.replace("at a timepoint", f"at {number(outcome.timepoint_months)} months")
    assessment = outcome.response_assessment
    if assessment is not None and assessment != ResponseAssessment.not_stated:
        text = f"{text} ({RESPONSE_ASSESSMENT_LABELS[assessment]})"
    if outcome.comparison:
        text = f"{text} ({outcome.comparison}"
        text += f", {outcome.analysis})" if outcome.analysis else ")"
    return text


def format_outcome(outcome: Outcome, index: EngineIndex, *, with_source: bool = True) -> str:
    """e.g. 'Hazard ratio, PFS (bulky vs not bulky, multivariate) 2.011, n=83, P=0.103, not
    statistically significant (TALOs 2026)'."""
    name = label(outcome)
    if outcome.endpoint in _DESCRIBED_BY_NOTE and outcome.note:
        name = f"{name} ({outcome.note.split('.')[0].strip()})"
    text = f"{name} {value_text(outcome)}"
    spread = interval_text(outcome)
    if spread:
        text += f" ({spread})"
    text += f", {n_text(index.n_of.get(outcome.id))}"
    if outcome.p_value is not None:
        text += f", {p_text(outcome.p_value, outcome.p_qualifier)}"
    if significant(outcome) is False:
        text += f", {NOT_SIGNIFICANT}"
    elif _unlabelled_interval_spans_one(outcome):
        text += ", its printed interval includes 1"
    judged = index.maturity_of.get(outcome.id)
    if judged is not None and judged.immature:
        text += f", {maturity_text(judged)}"
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
