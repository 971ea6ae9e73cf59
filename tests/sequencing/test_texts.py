"""Statements of absence and the glossary carry no figures: nothing there can be mistaken for
evidence, and no number enters the product without a record behind it."""

from __future__ import annotations

import re

from sequencing.gaps import MASKING_UNKNOWNS
from sequencing.glossary import GLOSSARY

# Labels that are names, not figures (antibody clones, CD numbers, line codes, scales).
ALLOWED = re.compile(
    r"ZUMA-7|CD\d+|CD\dx?CD\d+|4G7|FMC63|LE-CD19|L\d\+?|ECOG|\b[0-4]\b \((fully|bed)"
)


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", ALLOWED.sub("", text))


def test_unknowns_state_no_figures() -> None:
    for statement in MASKING_UNKNOWNS:
        assert not _digits(statement), statement


# The only numbers a definition may hold: the thresholds DOMAIN.md defines (12 months for early
# relapse, 6 months for early CAR-T failure) and the ends of the ECOG scale (0 to 4).
DEFINED_NUMBERS = {"0", "4", "6", "12"}


def test_glossary_states_no_figures_beyond_definitions() -> None:
    for term, meaning in GLOSSARY.items():
        numbers = set(re.findall(r"\d+", ALLOWED.sub("", meaning)))
        assert numbers <= DEFINED_NUMBERS, (term, numbers)
