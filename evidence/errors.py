"""Stable error codes of the evidence validator.

Codes never change meaning; a retired code is never reused (as in pydantic-extra-types).
"""

from __future__ import annotations

from dataclasses import dataclass

CODES: dict[str, str] = {
    "EV001": "file cannot be read or is not valid TOML",
    "EV002": "a field is missing, of the wrong type or out of range",
    "EV003": "an id is used twice",
    "EV004": "a record refers to a cohort, source or record that does not exist",
    "EV005": "a figure from a seed document has no verbatim quote",
    "EV006": "the file name does not match its source id or order prefix",
    "EV007": "a percentage disagrees with its events and denominator",
    "EV008": "a conflict is not recorded both ways",
    "EV009": "the evidence folder holds no data files",
    "EV010": "a figure is not in its quote",
    "EV011": "what a figure measures does not fit its cohort (e.g. a later CAR-T outside a "
    "before-CAR-T cohort)",
    "EV012": "a cohort's CAR-T exposure disagrees with its baseline share with prior CAR-T",
}


@dataclass(frozen=True)
class EvidenceError:
    code: str
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.file} [{self.record}] {self.field}: {self.message}"


class EvidenceInvalid(Exception):
    """Raised by the loader with every error it found, not just the first."""

    def __init__(self, errors: list[EvidenceError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
