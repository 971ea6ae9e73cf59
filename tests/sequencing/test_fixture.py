"""The engine tests' evidence base is itself valid evidence: the loader's cross-checks pass."""

from __future__ import annotations

from evidence.loader import _Collector
from tests.sequencing.fixture_base import FIXTURE, fixture_index


def test_fixture_passes_the_loaders_cross_checks() -> None:
    collector = _Collector()
    collector.sources = dict(FIXTURE.sources)
    collector.files = dict(FIXTURE.files)
    collector.cohorts = dict(FIXTURE.cohorts)
    collector.cohort_source = dict(FIXTURE.cohort_source)
    collector.cohort_file = {c: FIXTURE.files[s] for c, s in FIXTURE.cohort_source.items()}
    collector.outcomes = dict(FIXTURE.outcomes)
    collector.outcome_file = {
        o.id: FIXTURE.files[FIXTURE.cohort_source[o.cohort]] for o in FIXTURE.outcomes.values()
    }
    collector.findings = dict(FIXTURE.findings)
    collector.finding_source = dict(FIXTURE.finding_source)
    collector.finding_file = {f: FIXTURE.files[s] for f, s in FIXTURE.finding_source.items()}
    collector.cross_check()
    assert collector.errors == []


def test_fixture_computes_events_and_exact_cis_as_the_loader_does() -> None:
    orr = FIXTURE.outcomes["tl-5y-orr"]
    assert (orr.events, orr.events_derived, orr.ci_method) == (46, True, "clopper_pearson")
    assert orr.ci_low is not None and orr.ci_high is not None
    assert orr.ci_low < 57.5 < orr.ci_high


def test_fixture_index_is_built_once() -> None:
    assert fixture_index() is fixture_index()
    assert fixture_index().base is FIXTURE
