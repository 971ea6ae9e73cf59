"""The considerations (warnings, cautions, information) as shown: most severe first, each with
its rule, its text and the records it rests on, resolved once (`views.records`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sequencing.considerations import Consideration
from sequencing.index import EngineIndex
from sequencing.vocabulary import SEVERITY_LABELS, SEVERITY_ORDER
from views.records import RecordView, record_views

__all__ = ["ConsiderationView", "consideration_view", "consideration_views"]


@dataclass(frozen=True, slots=True)
class ConsiderationView:
    rule_id: str
    severity: str  # 'warning', 'caution', 'info'
    heading: str  # 'Warning: Recent tafasitamab before leukapheresis'
    title: str
    text: str
    records: tuple[RecordView, ...]


def consideration_view(item: Consideration, index: EngineIndex) -> ConsiderationView:
    return ConsiderationView(
        rule_id=item.rule_id,
        severity=item.severity,
        heading=f"{SEVERITY_LABELS[item.severity]}: {item.title}",
        title=item.title,
        text=item.text,
        records=record_views(item.evidence, index),
    )


def consideration_views(
    items: Iterable[Consideration], index: EngineIndex
) -> tuple[ConsiderationView, ...]:
    """Warnings, then cautions, then information; in the engine's order within each."""
    ordered = sorted(items, key=lambda c: SEVERITY_ORDER[c.severity])
    return tuple(consideration_view(c, index) for c in ordered)
