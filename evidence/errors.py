"""Stable error codes of the evidence validator.

Codes never change meaning; a retired code is never reused (as in pydantic-extra-types).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CODES", "LINT_CODES", "EvidenceError", "EvidenceInvalid"]

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
    "EV013": "criteria_from forms a loop or names a cohort of another kind of treatment",
    "EV014": "the data files changed but no release records them (version and changelog unchanged)",
    "EV015": "a release, its changelog entry and the records' versions disagree",
    "EV016": "a changelog line names no record",
    "EV017": "a draft record (from intake) is in the data: a curator confirms it before it loads",
}

# Semantic-lint rules (`python -m evidence lint`, `evidence.lint`): does a record's quote say
# what its structured fields say? Same contract as CODES: a code never changes meaning.
LINT_CODES: dict[str, str] = {
    "SL000": "stale waiver: a lint waiver names a rule that no longer fires on its record",
    "SL001": "a figure counted from CAR-T infusion is recorded as a before-CAR-T cohort's own "
    "treatment",
    "SL002": "a response rate's quote says best or end-of-treatment response, its "
    "response_assessment says otherwise",
    "SL003": "the quote prints an interval beside the figure that the record does not hold",
    "SL004": "the quote says PFS2/OS2 but the endpoint is PFS/OS (or PFS2/OS2 that nothing "
    "supports)",
    "SL005": "a duration of response has the cohort's n as its denominator, not the responders'",
    "SL006": "a cohort recorded as CAR-T-naive (or not reported) says some patients had prior "
    "CAR-T",
    "SL007": "a finding's or eligibility quote is followed in the source by a qualifier that may "
    "limit or reverse it",
    "SL008": "the quote or location names an analysis other than the cohort's",
    "SL009": "a median beyond its median follow-up (or a rate at a time beyond it) is not "
    "marked immature in its note",
    "SL010": "the quote prints a P value the record lacks",
    "SL011": "a cohort declares no eligibility: no criteria, no criteria_from, no "
    "criteria_not_reported",
    "SL012": "a figure's n is not its own: responders, deaths or a subgroup shown with the "
    "cohort's n, or a percentage that is not a whole share of its n",
    "SL013": "a note calls a figure immature but no field makes it so",
    "SL014": "a cohort drawn from a study that states criteria inherits none of them",
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
