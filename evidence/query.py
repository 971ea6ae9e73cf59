"""Filtering the evidence base for the library: setting, treatment, endpoint, design, subgroup."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from evidence.loader import EvidenceBase
from evidence.models import Outcome

__all__ = ["OutcomeFilter", "choices", "filter_outcomes", "sources_of"]


@dataclass(frozen=True)
class OutcomeFilter:
    """Empty collections mean 'any'. `subgroup` matches a case-insensitive part of the label."""

    settings: Collection[str] = ()
    treatments: Collection[str] = ()
    endpoints: Collection[str] = ()
    designs: Collection[str] = ()
    subgroup: str = ""
    include_superseded: bool = False

    def accepts(self, base: EvidenceBase, outcome: Outcome) -> bool:
        cohort = base.cohorts[outcome.cohort]
        design = (cohort.design or base.source_of(outcome.cohort).design).value
        checks = (
            (self.settings, cohort.setting.value),
            (self.treatments, cohort.treatment),
            (self.endpoints, outcome.endpoint.value),
            (self.designs, design),
        )
        if any(chosen and value not in chosen for chosen, value in checks):
            return False
        if self.subgroup and self.subgroup.lower() not in outcome.subgroup.lower():
            return False
        return self.include_superseded or outcome.superseded_by is None


def filter_outcomes(base: EvidenceBase, criteria: OutcomeFilter) -> list[Outcome]:
    return [o for o in base.outcomes.values() if criteria.accepts(base, o)]


def choices(base: EvidenceBase) -> dict[str, list[str]]:
    """The values each filter can take, sorted, from what the evidence base holds."""
    cohorts = base.cohorts.values()
    designs = {(c.design or base.source_of(c.id).design).value for c in cohorts}
    return {
        "settings": sorted({c.setting.value for c in cohorts}),
        "treatments": sorted({c.treatment for c in cohorts}),
        "endpoints": sorted({o.endpoint.value for o in base.outcomes.values()}),
        "designs": sorted(designs),
    }


def sources_of(base: EvidenceBase, outcomes: list[Outcome]) -> list[str]:
    """Source ids behind the outcomes, in evidence-base order (plus the seeds that report them)."""
    wanted: set[str] = set()
    for outcome in outcomes:
        wanted.add(base.cohort_source[outcome.cohort])
        reported = outcome.reported_in or base.cohorts[outcome.cohort].reported_in
        if reported:
            wanted.add(reported)
    return [source_id for source_id in base.sources if source_id in wanted]
