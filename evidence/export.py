"""Flat exports of the evidence base: one record per outcome (JSON, CSV) and the bibliography."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from evidence.figure import (
    ConditionsKey,
    cohort_followup,
    conditions_key,
    figure_n,
    is_whole_cohort,
    maturity,
    subgroup_sizes,
)
from evidence.loader import EvidenceBase
from evidence.models import AMONG_DEATHS, AMONG_RESPONDERS, Outcome

__all__ = ["EXPORT_FIELDS", "outcome_row", "rows", "to_csv", "to_json"]

EXPORT_FIELDS = (
    "outcome_id",
    "source_id",
    "source_short",
    "citation",
    "doi",
    "design",
    "reported_in",
    "cohort_id",
    "cohort_label",
    "setting",
    "treatment",
    "arm",
    "subgroup",
    "conditions",
    "endpoint",
    "measured",
    "time_origin",
    "response_assessment",
    "cart_exposure",
    "value",
    "unit",
    "not_reached",
    "ci_low",
    "ci_high",
    "ci_high_not_reached",
    "ci_level",
    "ci_method",
    "range_low",
    "range_high",
    "range_kind",
    "p_value",
    "p_qualifier",
    "n",
    "n_basis",
    "immature",
    "immature_why",
    "maturity_followup_months",
    "publication",
    "caveats",
    "events",
    "events_derived",
    "denominator",
    "timepoint_months",
    "followup_months",
    "comparison",
    "analysis",
    "location",
    "quote",
    "verified_from",
    "conflicts_with",
    "source_error",
    "superseded_by",
    "note",
)


def _seed_key(base: EvidenceBase, source_id: str | None) -> str | None:
    """The key the provenance checker looks a seed up by: its DOI, else its id."""
    if not source_id:
        return None
    source = base.sources[source_id]
    return source.doi or source.id


@dataclass(frozen=True)
class _Context:
    """What every row needs from the whole base, worked out once per export."""

    followup: dict[str, float | None]
    sizes: dict[tuple[str, ConditionsKey], int]
    caveats: dict[str, list[str]]


def _context(base: EvidenceBase) -> _Context:
    by_cohort: dict[str, list[Outcome]] = {}
    for outcome in base.outcomes.values():
        by_cohort.setdefault(outcome.cohort, []).append(outcome)
    caveats: dict[str, list[str]] = {}
    for finding in base.findings.values():
        if finding.superseded_by is None:
            for target in finding.qualifies:
                caveats.setdefault(target, []).append(finding.id)
    return _Context(
        followup={key: cohort_followup(value) for key, value in by_cohort.items()},
        sizes=subgroup_sizes(base.outcomes.values()),
        caveats=caveats,
    )


def _n_basis(outcome: Outcome, n: int | None) -> str:
    """What the n counts, in one word, or why there is none."""
    if n is None:
        return "not given"
    if outcome.endpoint in AMONG_RESPONDERS:
        return "responders"
    if outcome.endpoint in AMONG_DEATHS:
        return "deaths"
    return "patients" if is_whole_cohort(outcome) else "subgroup"


def outcome_row(
    base: EvidenceBase, outcome: Outcome, context: _Context | None = None
) -> dict[str, Any]:
    context = context or _context(base)
    cohort = base.cohorts[outcome.cohort]
    source = base.source_of(outcome.cohort)
    reported_in = outcome.reported_in or cohort.reported_in
    size = context.sizes.get((outcome.cohort, conditions_key(outcome)))
    n = figure_n(outcome, cohort, size)
    judged = maturity(outcome, context.followup.get(outcome.cohort))
    return {
        "outcome_id": outcome.id,
        "source_id": source.id,
        "source_short": source.short,
        "citation": source.citation,
        "doi": source.doi,
        "design": (cohort.design or source.design).value,
        "reported_in": _seed_key(base, reported_in),
        "cohort_id": cohort.id,
        "cohort_label": cohort.label,
        "setting": cohort.setting.value,
        "treatment": cohort.treatment,
        "arm": outcome.arm,
        "subgroup": outcome.subgroup,
        "conditions": "; ".join(f"{c.field} {c.op} {c.value}" for c in outcome.conditions),
        "endpoint": outcome.endpoint.value,
        "measured": outcome.measured.value,
        "time_origin": outcome.time_origin.value if outcome.time_origin else None,
        "response_assessment": (
            outcome.response_assessment.value if outcome.response_assessment else None
        ),
        "cart_exposure": cohort.cart_exposure.value,
        "value": outcome.value,
        "unit": outcome.unit,
        "not_reached": outcome.not_reached,
        "ci_low": outcome.ci_low,
        "ci_high": outcome.ci_high,
        "ci_high_not_reached": outcome.ci_high_not_reached,
        "ci_level": outcome.ci_level,
        "ci_method": outcome.ci_method,
        "range_low": outcome.range_low,
        "range_high": outcome.range_high,
        "range_kind": outcome.range_kind,
        "p_value": outcome.p_value,
        "p_qualifier": outcome.p_qualifier,
        "n": n,
        "n_basis": _n_basis(outcome, n),
        "immature": judged.immature,
        "immature_why": judged.why,
        "maturity_followup_months": judged.followup_months,
        "publication": (outcome.publication or source.publication).value,
        "caveats": ", ".join(
            dict.fromkeys(
                [*context.caveats.get(outcome.id, []), *context.caveats.get(outcome.cohort, [])]
            )
        ),
        "events": outcome.events,
        "events_derived": outcome.events_derived,
        "denominator": outcome.denominator,
        "timepoint_months": outcome.timepoint_months,
        "followup_months": outcome.followup_months,
        "comparison": outcome.comparison,
        "analysis": outcome.analysis,
        "location": outcome.location,
        "quote": outcome.quote,
        "verified_from": outcome.verified_from.value,
        "conflicts_with": ", ".join(outcome.conflicts_with),
        "source_error": outcome.source_error,
        "superseded_by": outcome.superseded_by,
        "note": outcome.note,
    }


def rows(base: EvidenceBase, outcomes: list[Outcome] | None = None) -> list[dict[str, Any]]:
    chosen = list(base.outcomes.values()) if outcomes is None else outcomes
    context = _context(base)
    return [outcome_row(base, outcome, context) for outcome in chosen]


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=1, ensure_ascii=False)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can send
# data off site): OWASP's CSV-injection list. Such a text cell gets a leading apostrophe, which
# spreadsheets show as text and do not display. Numbers are written as numbers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    # CRLF (RFC 4180): the writer then quotes any cell holding a CR or LF, so a stray CR in a
    # note cannot split a record in two.
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(record[key]) for key in EXPORT_FIELDS})
    return buffer.getvalue()
