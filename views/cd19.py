"""The CD19 and washout page's evidence: the considerations about reading a CD19 result and the
washout, and what is known by topic, each statement resolved once with its source and quote."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sequencing.considerations import CD19_AND_WASHOUT_RULES
from sequencing.index import EngineIndex
from views.considerations import ConsiderationView
from views.records import RecordView, record_views

__all__ = ["TOPICS", "KnownTopic", "cd19_considerations", "known_topics"]

# The topics of the findings shown, in reading order; the first opens by itself.
TOPICS: tuple[tuple[str, str], ...] = (
    ("masking", "Epitope masking"),
    ("cd19_testing", "CD19 testing"),
    ("antigen_loss", "CD19 loss"),
    ("washout", "Washout"),
    ("mechanism", "Mechanism"),
)


@dataclass(frozen=True, slots=True)
class KnownTopic:
    heading: str  # 'Epitope masking (4 statements)'
    records: tuple[RecordView, ...]
    expanded: bool


def known_topics(index: EngineIndex) -> tuple[KnownTopic, ...]:
    """Every current finding of each topic (superseded ones left out), topics without one
    left out."""
    found = []
    for position, (topic, heading) in enumerate(TOPICS):
        ids = [f.id for f in index.findings_by_topic.get(topic, ())]
        if ids:
            records = record_views(ids, index)
            found.append(KnownTopic(f"{heading} ({len(ids)} statements)", records, position == 0))
    return tuple(found)


def cd19_considerations(items: Iterable[ConsiderationView]) -> tuple[ConsiderationView, ...]:
    """The considerations about reading a CD19 result and the washout."""
    return tuple(item for item in items if item.rule_id in CD19_AND_WASHOUT_RULES)
