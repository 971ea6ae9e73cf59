"""The records behind a warning, a note or a rule, resolved once into what is shown: a figure
(`FigureView`) or a statement (`FindingView`), each with its source, location, quote and link.
Pages never look an id up in the raw evidence again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sequencing.index import EngineIndex
from sequencing.ranges import make_point
from views.figure import VERIFIED_WORDS, FigureView, figure_view, source_link

__all__ = ["FindingView", "RecordView", "record_view", "record_views"]


@dataclass(frozen=True, slots=True)
class FindingView:
    record_id: str
    source: str
    text: str
    location: str
    quote: str | None
    link: str | None
    verified: str
    reported_in: str | None


RecordView = FigureView | FindingView


def _finding(record_id: str, index: EngineIndex) -> FindingView | None:
    finding = index.base.findings.get(record_id)
    if finding is None:
        return None
    source = index.base.sources[index.base.finding_source[record_id]]
    reported = index.base.sources.get(finding.reported_in or "")
    return FindingView(
        record_id=record_id,
        source=source.short,
        text=finding.text,
        location=finding.location,
        quote=finding.quote,
        link=source_link(source.doi, source.url),
        verified=VERIFIED_WORDS[finding.verified_from.value],
        reported_in=reported.short if reported else None,
    )


def record_view(record_id: str, index: EngineIndex) -> RecordView | None:
    """An outcome as a figure (not graded for a patient), or a finding; None if unknown."""
    outcome = index.base.outcomes.get(record_id)
    if outcome is not None:
        return figure_view(make_point(outcome, "", index), index)
    return _finding(record_id, index)


def record_views(record_ids: Iterable[str], index: EngineIndex) -> tuple[RecordView, ...]:
    return tuple(v for i in dict.fromkeys(record_ids) if (v := record_view(i, index)) is not None)
