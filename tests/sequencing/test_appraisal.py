"""Appraisal cards name design, n, biases and the source's own conflicts (fixture base)."""

from __future__ import annotations

from evidence.models import Design
from sequencing.appraisal import DESIGN_BIASES, appraise
from tests.sequencing.fixture_base import FIXTURE


def test_every_design_has_bias_notes() -> None:
    assert set(DESIGN_BIASES) == set(Design)
    assert all(DESIGN_BIASES[d] for d in Design)


def test_card_of_a_retrospective_cohort_with_conflicting_figures() -> None:
    card = appraise(FIXTURE, "rw-tl")
    assert (card.short, card.design) == ("RW-TL", "Retrospective cohort")
    assert card.cohorts == [("RW-TL real-world cohort", 100)]
    assert card.biases == list(DESIGN_BIASES[Design.retrospective_cohort])
    assert card.bias_records == ["f-bias"]
    assert card.conflicts == [("rw-pfs-abstract", "rw-pfs-results")]  # each pair once
    assert card.cautions == ["Abstract and results give different median PFS."]
    assert card.second_hand is False


def test_card_of_a_source_known_second_hand() -> None:
    card = appraise(FIXTURE, "mixed-tl")
    assert card.second_hand is True
    assert (card.conflicts, card.cautions, card.bias_records) == ([], [], [])


def test_card_lists_every_cohort_of_its_source() -> None:
    card = appraise(FIXTURE, "reg")
    assert card.design == "Registry"
    assert card.cohorts == [
        ("REG tafa-len before CAR-T", 20),
        ("REG tafa-len after CAR-T failure", 50),
        ("REG other treatments after CAR-T failure", 100),
        ("Tafasitamab pharmacokinetics", None),
    ]
    assert any("immortal" in b.lower() for b in card.biases)
