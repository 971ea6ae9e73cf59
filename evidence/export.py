"""Flat exports of the evidence base: one record per outcome (JSON, CSV) and the bibliography."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from evidence.loader import EvidenceBase
from evidence.models import Outcome

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


def outcome_row(base: EvidenceBase, outcome: Outcome) -> dict[str, Any]:
    cohort = base.cohorts[outcome.cohort]
    source = base.source_of(outcome.cohort)
    reported_in = outcome.reported_in or cohort.reported_in
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
        "n": outcome.denominator or cohort.n,
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
    return [outcome_row(base, outcome) for outcome in chosen]


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
