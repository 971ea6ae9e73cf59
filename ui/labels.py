"""Row labels for charts and tables: readable, and unique (a chart row per figure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from evidence import EvidenceBase
from evidence.models import TIME_ORIGIN_LABELS, Outcome, TimeOrigin


def record_label(base: EvidenceBase, outcome: Outcome) -> str:
    """'TALOs 2026 · TALOs, all patients · Refractory to the last line · Tafa-len'."""
    parts = [base.source_of(outcome.cohort).short, base.cohorts[outcome.cohort].label]
    if outcome.subgroup.strip().lower() != "all patients":
        parts.append(outcome.subgroup)
    if outcome.arm:
        parts.append(outcome.arm)
    return " · ".join(parts)


def unique(labels: Sequence[str], extras: Sequence[Sequence[str]]) -> list[str]:
    """Labels made unique by adding, in turn, each extra (e.g. location, then record id) to the
    labels that still repeat: two figures never share a chart row."""
    result = list(labels)
    for extra in extras:
        counts = Counter(result)
        result = [
            f"{label} [{more}]" if counts[label] > 1 else label
            for label, more in zip(result, extra, strict=True)
        ]
    return result


def time_origin(origin: str | None) -> str:
    """'from CAR-T infusion', or blank for a figure that is not counted from a time."""
    if origin is None:
        return ""
    return TIME_ORIGIN_LABELS[TimeOrigin(origin)]
