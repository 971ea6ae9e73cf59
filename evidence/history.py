"""The evidence base as it was at an earlier release, rebuilt from the current files.

Records are never deleted: each says the release that added it (`added_in`), the release that
superseded it (`superseded_in`), and how it changed in place (`revisions`, each the earlier
values of the fields a release changed). The base as of release V keeps the records added by V,
undoes every revision made after V (newest first), and un-supersedes what was superseded after V.

A field the model gained after V has no earlier value: a revision records it as null, and the
rebuilt record takes its default, or keeps today's value where the field is required (a source's
`publication`, required since 2026.12.07). The base can be rebuilt as of 2026.12.01 and later:
the 2026.12.01 release changed the model itself (what each figure measures), so its records do
not carry 2026.11.30's shapes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel

from evidence.loader import EvidenceBase, with_computed_ci
from evidence.models import Cohort, Finding, Outcome, Source

__all__ = ["EARLIEST_REBUILD", "HistoryError", "base_as_of", "versions_of"]

# The earliest release the current model can rebuild (see the module docstring).
EARLIEST_REBUILD = "2026.12.01"

_Record = TypeVar("_Record", Source, Cohort, Outcome, Finding)


class HistoryError(ValueError):
    """A release the base cannot be rebuilt as of."""


def versions_of(base: EvidenceBase) -> list[str]:
    """Every release that added, revised or superseded a record, oldest first."""
    found: set[str] = set()
    for record in base.records():
        found.add(record.added_in)
        found.update(r.version for r in record.revisions)
        if record.superseded_in:
            found.add(record.superseded_in)
    return sorted(found)


def _without_computed(outcome: Outcome) -> dict[str, Any]:
    """The record as written in its file: the loader's exact CI and derived events removed, so
    that they are computed again from the rebuilt denominator."""
    data = outcome.model_dump()
    if data["ci_method"] == "clopper_pearson":
        data |= {"ci_low": None, "ci_high": None, "ci_level": None, "ci_method": None}
    if data["events_derived"]:
        data |= {"events": None, "events_derived": False}
    return data


def _as_of(record: _Record, version: str, data: dict[str, Any] | None = None) -> _Record:
    """The record with every revision after `version` undone."""
    model = type(record)
    data = dict(data if data is not None else record.model_dump())
    for revision in sorted(record.revisions, key=lambda r: r.version, reverse=True):
        if revision.version <= version:
            break
        for name, value in json.loads(revision.previous).items():
            data[name] = _earlier(model, name, value, data.get(name))
    data["revisions"] = [r.model_dump() for r in record.revisions if r.version <= version]
    if record.superseded_in is not None and record.superseded_in > version:
        data |= {"superseded_in": None, "superseded_by": None}
    return model.model_validate(data)


def _earlier(model: type[BaseModel], name: str, value: Any, today: Any) -> Any:
    """The field's earlier value; for a field the record did not have then, its default, or
    today's value where the model now requires it."""
    if value is not None:
        return value
    field = model.model_fields[name]
    if field.is_required():
        return today
    return field.get_default(call_default_factory=True)


def base_as_of(base: EvidenceBase, version: str) -> EvidenceBase:
    """The base as it was at release `version` (records added later left out, later revisions
    undone), built with today's model and loader rules (exact CIs computed again)."""
    if version < EARLIEST_REBUILD:
        raise HistoryError(
            f"the evidence base can be rebuilt as of {EARLIEST_REBUILD} and later, not {version}"
        )

    def kept(record: Source | Cohort | Outcome | Finding) -> bool:
        return record.added_in <= version

    sources = {k: _as_of(v, version) for k, v in base.sources.items() if kept(v)}
    cohorts = {k: _as_of(v, version) for k, v in base.cohorts.items() if kept(v)}
    outcomes = {
        k: with_computed_ci(_as_of(v, version, _without_computed(v)))
        for k, v in base.outcomes.items()
        if kept(v)
    }
    findings = {k: _as_of(v, version) for k, v in base.findings.items() if kept(v)}
    return replace(
        base,
        sources=sources,
        cohorts=cohorts,
        outcomes=outcomes,
        findings=findings,
        finding_source={k: v for k, v in base.finding_source.items() if k in findings},
        files={k: v for k, v in base.files.items() if k in sources},
        cohort_source={k: v for k, v in base.cohort_source.items() if k in cohorts},
    )
