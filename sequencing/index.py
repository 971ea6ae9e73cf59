"""Per-evidence-base lookups, built once per loaded base and reused by every assessment.

`engine_index(base)` returns the same `EngineIndex` for the same base object, so the hot path
(one assessment) never rebuilds or re-validates anything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from evidence.figure import (
    Maturity,
    cohort_followup,
    conditions_key,
    maturity,
    subgroup_sizes,
)
from evidence.figure import figure_n as evidence_figure_n
from evidence.loader import EvidenceBase
from evidence.models import (
    DESIGN_LABELS,
    Cohort,
    Criterion,
    Design,
    Endpoint,
    Finding,
    Outcome,
    Setting,
    Source,
    Tag,
    TreatmentClass,
)
from sequencing.criteria import effective_criteria

__all__ = ["EngineIndex", "build_index", "engine_index", "figure_n", "is_tafa_len", "place_of"]


def is_tafa_len(cohort: Cohort) -> bool:
    """A cohort treated with tafasitamab plus lenalidomide (its typed treatment class)."""
    return cohort.treatment_class == TreatmentClass.tafa_len


def place_of(cohort: Cohort) -> Setting:
    """Where a cohort sits relative to CAR-T; a comparator arm where its context puts it."""
    return cohort.comparator_context or cohort.setting


@dataclass(frozen=True)
class EngineIndex:
    base: EvidenceBase
    cohorts: tuple[Cohort, ...]
    # Current (not superseded) outcomes of each cohort, in file order.
    outcomes_by_cohort: dict[str, tuple[Outcome, ...]]
    outcomes_by_endpoint: dict[Endpoint, tuple[Outcome, ...]]
    findings_by_topic: dict[str, tuple[Finding, ...]]
    findings_by_tag: dict[Tag, tuple[Finding, ...]]
    outcomes_by_tag: dict[Tag, tuple[Outcome, ...]]
    source_of: dict[str, Source]  # cohort id -> its source
    design_of: dict[str, Design]  # cohort id -> design (cohort's own, else its source's)
    design_label_of: dict[str, str]
    tafa_len_cohorts: frozenset[str]
    half_life: Outcome | None
    washout_outcomes: tuple[Outcome, ...]
    findings: tuple[Finding, ...] = field(default=())
    # Outcomes whose subgroup conditions name a profile field, by field.
    outcomes_by_field: dict[str, tuple[Outcome, ...]] = field(default_factory=dict)
    # Eligibility criteria naming a profile field: (cohort, criterion) pairs, by field. A cohort's
    # criteria include those it inherits (`criteria_of`).
    criteria_by_field: dict[str, tuple[tuple[Cohort, Criterion], ...]] = field(default_factory=dict)
    # Each cohort's criteria: its own, then those inherited through `criteria_from`.
    criteria_of: dict[str, tuple[Criterion, ...]] = field(default_factory=dict)
    # Subgroup sizes the source gives as patient counts: (cohort id, conditions key) -> n.
    subgroup_sizes: dict[tuple[str, frozenset[tuple[str, str, str]]], int] = field(
        default_factory=dict
    )
    # The patients each figure describes (its own n), by outcome id; None when not reported.
    n_of: dict[str, int | None] = field(default_factory=dict)
    # Each cohort's median follow-up in months (from its follow-up record), when given.
    followup_of: dict[str, float | None] = field(default_factory=dict)
    # Each figure's maturity, by outcome id.
    maturity_of: dict[str, Maturity] = field(default_factory=dict)
    # The findings that qualify a figure (an authors' caveat), by outcome id.
    caveats_of: dict[str, tuple[Finding, ...]] = field(default_factory=dict)

    def source_short(self, cohort_id: str) -> str:
        return self.source_of[cohort_id].short

    def cohorts_in(self, *settings: Setting) -> list[Cohort]:
        return [cohort for cohort in self.cohorts if cohort.setting in settings]


def _half_life(outcomes: list[Outcome]) -> Outcome | None:
    """The tafasitamab terminal half-life record: endpoint 'half_life' in a time unit, among the
    outcomes tagged pharmacokinetics (seed 003 gives 17 days)."""
    candidates = [
        o
        for o in outcomes
        if o.endpoint == Endpoint.half_life
        and o.value is not None
        and o.unit in ("days", "months", "years")
    ]
    return candidates[0] if candidates else None


def figure_n(
    outcome: Outcome,
    cohort: Cohort,
    subgroup_sizes: dict[tuple[str, frozenset[tuple[str, str, str]]], int],
) -> int | None:
    """The patients a figure describes (`evidence.figure.figure_n`), with the subgroup sizes the
    source gives as patient counts. None rather than a wrong n."""
    size = (
        subgroup_sizes.get((outcome.cohort, conditions_key(outcome)))
        if outcome.conditions
        else None
    )
    return evidence_figure_n(outcome, cohort, size)


def build_index(base: EvidenceBase) -> EngineIndex:
    current = [o for o in base.outcomes.values() if o.superseded_by is None]
    by_cohort: dict[str, list[Outcome]] = defaultdict(list)
    by_endpoint: dict[Endpoint, list[Outcome]] = defaultdict(list)
    for outcome in current:
        by_cohort[outcome.cohort].append(outcome)
        by_endpoint[outcome.endpoint].append(outcome)
    findings = tuple(f for f in base.findings.values() if f.superseded_by is None)
    by_topic: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_topic[finding.topic].append(finding)
    by_field: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in current:
        for name in dict.fromkeys(c.field for c in outcome.conditions):
            by_field[name].append(outcome)
    criteria_of = {
        cohort.id: effective_criteria(cohort, base.cohorts) for cohort in base.cohorts.values()
    }
    criteria: dict[str, list[tuple[Cohort, Criterion]]] = defaultdict(list)
    for cohort in base.cohorts.values():
        for criterion in criteria_of[cohort.id]:
            for name in criterion.fields:
                criteria[name].append((cohort, criterion))
    design_of = {
        cohort_id: cohort.design or base.source_of(cohort_id).design
        for cohort_id, cohort in base.cohorts.items()
    }
    sizes = subgroup_sizes(current)
    followup = {
        cohort_id: cohort_followup(by_cohort.get(cohort_id, ())) for cohort_id in base.cohorts
    }
    tafa_len = frozenset(c.id for c in base.cohorts.values() if is_tafa_len(c))
    by_tag_outcomes: dict[Tag, list[Outcome]] = defaultdict(list)
    for outcome in current:
        for tag in outcome.tags:
            by_tag_outcomes[tag].append(outcome)
    by_tag_findings: dict[Tag, list[Finding]] = defaultdict(list)
    for finding in findings:
        for tag in finding.tags:
            by_tag_findings[tag].append(finding)
    return EngineIndex(
        base=base,
        cohorts=tuple(base.cohorts.values()),
        outcomes_by_cohort={key: tuple(value) for key, value in by_cohort.items()},
        outcomes_by_endpoint={key: tuple(value) for key, value in by_endpoint.items()},
        findings_by_topic={key: tuple(value) for key, value in by_topic.items()},
        findings_by_tag={key: tuple(value) for key, value in by_tag_findings.items()},
        outcomes_by_tag={key: tuple(value) for key, value in by_tag_outcomes.items()},
        source_of={key: base.source_of(key) for key in base.cohorts},
        design_of=design_of,
        design_label_of={key: DESIGN_LABELS[value] for key, value in design_of.items()},
        tafa_len_cohorts=tafa_len,
        half_life=_half_life(list(by_tag_outcomes.get(Tag.pharmacokinetics, ()))),
        washout_outcomes=tuple(
            o for o in by_endpoint.get(Endpoint.median_washout, ()) if o.cohort in tafa_len
        ),
        findings=findings,
        outcomes_by_field={key: tuple(value) for key, value in by_field.items()},
        criteria_by_field={key: tuple(value) for key, value in criteria.items()},
        criteria_of=criteria_of,
        subgroup_sizes=sizes,
        n_of={o.id: figure_n(o, base.cohorts[o.cohort], sizes) for o in base.outcomes.values()},
        followup_of=followup,
        maturity_of={o.id: maturity(o, followup.get(o.cohort)) for o in base.outcomes.values()},
        caveats_of=_caveats(base, findings),
    )


def _caveats(base: EvidenceBase, findings: tuple[Finding, ...]) -> dict[str, tuple[Finding, ...]]:
    """Each figure's qualifying findings: those naming it, or naming its cohort."""
    by_target: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for target in finding.qualifies:
            by_target[target].append(finding)
    out: dict[str, tuple[Finding, ...]] = {}
    for outcome in base.outcomes.values():
        found = [*by_target.get(outcome.id, ()), *by_target.get(outcome.cohort, ())]
        if found:
            out[outcome.id] = tuple({f.id: f for f in found}.values())
    return out


_CACHE: dict[int, EngineIndex] = {}


def engine_index(base: EvidenceBase) -> EngineIndex:
    """The index of `base`, built on first use. Keyed by identity: a base is read-only."""
    index = _CACHE.get(id(base))
    if index is None or index.base is not base:
        if len(_CACHE) > 16:
            _CACHE.clear()
        index = build_index(base)
        _CACHE[id(base)] = index
    return index
