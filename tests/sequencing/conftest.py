"""Shared fixtures: the real evidence base and named clinical scenarios.

The engine's unit tests run on the small base of `tests.sequencing.fixture_base`; the `base` and
`index` fixtures here are the project's own evidence (`evidence/data/`), for the tests that read
it on purpose and say so (test_real_data, test_strategies, test_considerations, test_cases). Set
SEQUENCING_EVIDENCE_DIR to run those against a copy (e.g. while the data files are being edited).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from evidence.loader import EvidenceBase, load
from sequencing.index import EngineIndex, engine_index
from sequencing.profile import PatientProfile


def _load() -> EvidenceBase:
    folder = os.environ.get("SEQUENCING_EVIDENCE_DIR")
    return load(Path(folder)) if folder else load()


BASE = _load()


@pytest.fixture(scope="session")
def base() -> EvidenceBase:
    return BASE


@pytest.fixture(scope="session")
def index(base: EvidenceBase) -> EngineIndex:
    return engine_index(base)


# Named clinical scenarios used across the test modules.
SCENARIOS: dict[str, dict[str, Any]] = {
    "early_cart_failure": dict(
        prior_lines=3,
        response_to_last_line="refractory",
        prior_cart=True,
        months_cart_to_failure=2,
        cart_plan="not_candidate",
    ),
    "late_cart_failure": dict(
        prior_lines=3,
        response_to_last_line="relapsed",
        prior_cart=True,
        months_cart_to_failure=9,
        cart_plan="not_candidate",
    ),
    "refractory_cart_naive": dict(
        prior_lines=2, response_to_last_line="refractory", cart_plan="not_candidate"
    ),
    "relapsed_cart_naive": dict(
        prior_lines=2, response_to_last_line="relapsed", cart_plan="not_candidate"
    ),
    "transplant_eligible_early_relapse": dict(
        prior_lines=1,
        response_to_last_line="relapsed",
        months_first_line_to_progression=8,
        transplant_eligible=True,
        ecog=1,
        cart_plan="planned",
    ),
    "double_hit": dict(prior_lines=2, double_hit=True, cart_plan="possible_later"),
    "rapid_tempo": dict(prior_lines=2, symptom_tempo="rapid", cart_plan="possible_later"),
    "recent_tafa_cart_planned": dict(
        prior_lines=2,
        days_since_last_tafasitamab=14,
        cart_plan="planned",
        cd19_status="positive",
        cd19_method="ihc",
    ),
    "plain": dict(
        prior_lines=2, cart_plan="possible_later", cd19_status="positive", cd19_method="ihc"
    ),
}


def scenario(name: str, **changes: Any) -> PatientProfile:
    return PatientProfile(**(SCENARIOS[name] | changes))
