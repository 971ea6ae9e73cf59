"""Appraisal cards name design, n, biases and the source's own conflicts."""

from __future__ import annotations

import pytest

from evidence.models import Design
from sequencing.appraisal import DESIGN_BIASES, appraise


def test_every_design_has_bias_notes() -> None:
    assert set(DESIGN_BIASES) == set(Design)


def test_descart_card(base) -> None:  # type: ignore[no-untyped-def]
    card = appraise(base, "descart-camus-2024")
    assert card.design == "Registry"
    assert any("immortal" in b.lower() for b in card.biases)
    assert any("IPW" in b for b in card.biases)
    assert card.conflicts, "the abstract-vs-results IPW conflict must appear"
    assert card.cautions


@pytest.mark.parametrize("source_id", ["talos-2026", "lmind-salles-2020", "qualls-2023"])
def test_cards_build_for_real_sources(base, source_id: str) -> None:  # type: ignore[no-untyped-def]
    card = appraise(base, source_id)
    assert card.cohorts
    assert card.second_hand == (base.sources[source_id].cited_in is not None)
