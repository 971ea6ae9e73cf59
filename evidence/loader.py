"""Load and validate the evidence base: one TOML file a source in `evidence/data/`, in name order.

Every error found is reported (not only the first), each naming file, record and field with a
stable code from `evidence.errors`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evidence.ci import clopper_pearson, events_from_percentage
from evidence.errors import EvidenceError, EvidenceInvalid
from evidence.models import (
    CartExposure,
    Cohort,
    Endpoint,
    Finding,
    MeasuredTreatment,
    Outcome,
    Setting,
    Source,
)
from evidence.numbers import value_in_text

__all__ = ["DATA_DIR", "PROPORTION_ENDPOINTS", "EvidenceBase", "load", "with_computed_ci"]

DATA_DIR = Path(__file__).resolve().parent / "data"
_FILE_NAME = re.compile(r"^(\d{3})_([a-z0-9][a-z0-9-]*)\.toml$")

# Endpoints that are proportions of patients, for which an exact CI can be computed.
PROPORTION_ENDPOINTS = frozenset(
    {
        Endpoint.orr,
        Endpoint.cr_rate,
        Endpoint.pr_rate,
        Endpoint.adverse_event_rate,
        Endpoint.crs_rate,
        Endpoint.icans_rate,
        Endpoint.dose_reduction_rate,
        Endpoint.cd19_negative_rate,
        Endpoint.proportion,
    }
)


@dataclass(frozen=True)
class EvidenceBase:
    """The validated evidence, with lookups by id. Treat as read-only."""

    sources: dict[str, Source]
    cohorts: dict[str, Cohort]
    outcomes: dict[str, Outcome]
    findings: dict[str, Finding] = field(default_factory=dict)
    finding_source: dict[str, str] = field(default_factory=dict)  # finding id -> source id
    files: dict[str, str] = field(default_factory=dict)  # source id -> file name
    cohort_source: dict[str, str] = field(default_factory=dict)  # cohort id -> source id

    def source_of(self, cohort_id: str) -> Source:
        return self.sources[self.cohort_source[cohort_id]]

    def records(self) -> list[Source | Cohort | Outcome | Finding]:
        """Every record: sources, cohorts, outcomes, findings."""
        return [
            *self.sources.values(),
            *self.cohorts.values(),
            *self.outcomes.values(),
            *self.findings.values(),
        ]

    def outcomes_of(self, cohort_id: str) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.cohort == cohort_id]

    def seed_of(self, outcome: Outcome) -> Source | None:
        """The seed document a figure is checked against: where it was reported, else its source."""
        cohort = self.cohorts[outcome.cohort]
        key = outcome.reported_in or cohort.reported_in
        source = self.sources.get(key) if key else self.source_of(outcome.cohort)
        return source if source is not None and source.seed_file else None


def _pydantic_errors(
    file: str, record: str, prefix: str, error: ValidationError
) -> list[EvidenceError]:
    out = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "(record)"
        out.append(EvidenceError("EV002", file, record, f"{prefix}{location}", item["msg"]))
    return out


class _Collector:
    def __init__(self) -> None:
        self.errors: list[EvidenceError] = []
        self.sources: dict[str, Source] = {}
        self.cohorts: dict[str, Cohort] = {}
        self.outcomes: dict[str, Outcome] = {}
        self.files: dict[str, str] = {}
        self.cohort_source: dict[str, str] = {}
        self.outcome_file: dict[str, str] = {}
        self.findings: dict[str, Finding] = {}
        self.finding_source: dict[str, str] = {}
        self.finding_file: dict[str, str] = {}
        self.cohort_file: dict[str, str] = {}

    def add(self, code: str, file: str, record: str, field_name: str, message: str) -> None:
        self.errors.append(EvidenceError(code, file, record, field_name, message))

    def read_file(self, path: Path) -> None:
        name = path.name
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.add("EV001", name, "(file)", "(file)", str(error))
            return
        source = self._source(name, raw.get("source"))
        if source is None:
            return
        for index, cohort_raw in enumerate(self._records(name, raw, "cohorts")):
            self._cohort(name, source.id, index, cohort_raw)
        for index, outcome_raw in enumerate(self._records(name, raw, "outcomes")):
            self._outcome(name, index, outcome_raw)
        for index, finding_raw in enumerate(self._records(name, raw, "findings")):
            self._finding(name, source.id, index, finding_raw)
        unknown = set(raw) - {"source", "cohorts", "outcomes", "findings"}
        for key in sorted(unknown):
            self.add(
                "EV002",
                name,
                "(file)",
                key,
                "unknown table; expected source, cohorts, outcomes, findings",
            )

    def _records(self, name: str, raw: dict[str, Any], key: str) -> list[Any]:
        """The file's [[key]] records; anything but an array (a number, a table) is an error."""
        records = raw.get(key, [])
        if isinstance(records, list):
            return records
        self.add("EV002", name, "(file)", key, f"must be an array of tables ([[{key}]])")
        return []

    def _source(self, name: str, raw: Any) -> Source | None:
        if not isinstance(raw, dict):
            self.add("EV002", name, "(file)", "source", "every file needs one [source] table")
            return None
        try:
            source = Source.model_validate(raw)
        except ValidationError as error:
            self.errors.extend(_pydantic_errors(name, f"source {raw.get('id', '?')}", "", error))
            return None
        match = _FILE_NAME.match(name)
        if not match or match.group(2) != source.id:
            self.add(
                "EV006",
                name,
                f"source {source.id}",
                "id",
                f"file must be named NNN_{source.id}.toml",
            )
        if source.id in self.sources:
            self.add("EV003", name, f"source {source.id}", "id", f"also in {self.files[source.id]}")
        self.sources[source.id] = source
        self.files[source.id] = name
        return source

    def _cohort(self, name: str, source_id: str, index: int, raw: Any) -> None:
        record = (
            f"cohort {raw.get('id', f'#{index}')}" if isinstance(raw, dict) else f"cohort #{index}"
        )
        try:
            cohort = Cohort.model_validate(raw)
        except ValidationError as error:
            self.errors.extend(_pydantic_errors(name, record, "", error))
            return
        if cohort.id in self.cohorts:
            self.add("EV003", name, record, "id", f"also in {self.cohort_file[cohort.id]}")
        self.cohorts[cohort.id] = cohort
        self.cohort_source[cohort.id] = source_id
        self.cohort_file[cohort.id] = name

    def _outcome(self, name: str, index: int, raw: Any) -> None:
        record = (
            f"outcome {raw.get('id', f'#{index}')}"
            if isinstance(raw, dict)
            else f"outcome #{index}"
        )
        try:
            outcome = Outcome.model_validate(raw)
        except ValidationError as error:
            self.errors.extend(_pydantic_errors(name, record, "", error))
            return
        if outcome.draft:
            self.add("EV017", name, record, "draft", "confirm the draft and remove `draft`")
        if outcome.id in self.outcomes:
            self.add("EV003", name, record, "id", f"also in {self.outcome_file[outcome.id]}")
        self.outcomes[outcome.id] = outcome
        self.outcome_file[outcome.id] = name

    def _finding(self, name: str, source_id: str, index: int, raw: Any) -> None:
        record = (
            f"finding {raw.get('id', f'#{index}')}"
            if isinstance(raw, dict)
            else f"finding #{index}"
        )
        try:
            finding = Finding.model_validate(raw)
        except ValidationError as error:
            self.errors.extend(_pydantic_errors(name, record, "", error))
            return
        if finding.id in self.findings:
            self.add("EV003", name, record, "id", f"also in {self.finding_file[finding.id]}")
        self.findings[finding.id] = finding
        self.finding_source[finding.id] = source_id
        self.finding_file[finding.id] = name

    def _check_finding(self, finding: Finding) -> None:
        file, record = self.finding_file[finding.id], f"finding {finding.id}"
        for target in finding.qualifies:
            if target not in self.outcomes and target not in self.cohorts:
                self.add("EV004", file, record, "qualifies", f"no outcome or cohort {target!r}")
        if finding.cohort is not None and finding.cohort not in self.cohorts:
            self.add("EV004", file, record, "cohort", f"no cohort {finding.cohort!r}")
            return
        if finding.reported_in and finding.reported_in not in self.sources:
            self.add("EV004", file, record, "reported_in", f"no source {finding.reported_in!r}")
            return
        key = finding.reported_in or self.finding_source[finding.id]
        if self.sources[key].seed_file and not finding.quote:
            self.add("EV005", file, record, "quote", "findings from a seed document need a quote")

    def cross_check(self) -> None:
        for finding in self.findings.values():
            self._check_finding(finding)
        for outcome in self.outcomes.values():
            self._check_outcome(outcome)
        for cohort in self.cohorts.values():
            self._check_cohort(cohort)
        for source in self.sources.values():
            for key in (source.cited_in, source.superseded_by):
                if key and key not in self.sources:
                    self.add(
                        "EV004",
                        self.files[source.id],
                        f"source {source.id}",
                        "cited_in",
                        f"no source {key!r}",
                    )

    def _seed_for(self, cohort_id: str, reported_in: str | None) -> Source | None:
        cohort = self.cohorts.get(cohort_id)
        key = reported_in or (cohort.reported_in if cohort else None)
        if key:
            source = self.sources.get(key)
        else:
            source = self.sources.get(self.cohort_source.get(cohort_id, ""))
        return source if source is not None and source.seed_file else None

    def _check_quoted(
        self,
        file: str,
        record: str,
        cohort_id: str,
        reported_in: str | None,
        quote: str | None,
        value: float | None,
        prefix: str = "",
    ) -> None:
        if reported_in and reported_in not in self.sources:
            self.add("EV004", file, record, f"{prefix}reported_in", f"no source {reported_in!r}")
            return
        if self._seed_for(cohort_id, reported_in) is not None and not quote:
            self.add(
                "EV005",
                file,
                record,
                f"{prefix}quote",
                "figures from a seed document need a verbatim quote",
            )
        if quote and value is not None and not value_in_text(value, quote):
            self.add(
                "EV010", file, record, f"{prefix}value", f"{value} does not appear in the quote"
            )

    def _check_outcome(self, outcome: Outcome) -> None:
        file, record = self.outcome_file[outcome.id], f"outcome {outcome.id}"
        if outcome.cohort not in self.cohorts:
            self.add("EV004", file, record, "cohort", f"no cohort {outcome.cohort!r}")
            return
        self._check_quoted(
            file, record, outcome.cohort, outcome.reported_in, outcome.quote, outcome.value
        )
        for bound in (outcome.range_low, outcome.range_high):
            if outcome.quote and bound is not None and not value_in_text(bound, outcome.quote):
                self.add("EV010", file, record, "range", f"{bound} does not appear in the quote")
        for other_id in outcome.conflicts_with:
            other = self.outcomes.get(other_id)
            if other is None:
                self.add("EV004", file, record, "conflicts_with", f"no outcome {other_id!r}")
            elif outcome.id not in other.conflicts_with:
                self.add(
                    "EV008",
                    file,
                    record,
                    "conflicts_with",
                    f"{other_id} does not name {outcome.id} back",
                )
        self._check_measured(file, record, outcome)
        if outcome.superseded_by and outcome.superseded_by not in self.outcomes:
            self.add(
                "EV004", file, record, "superseded_by", f"no outcome {outcome.superseded_by!r}"
            )
        if (
            outcome.unit == "%"
            and outcome.value is not None
            and outcome.events is not None
            and outcome.denominator
            and not outcome.source_error
            # One point of slack: sources round percentages in more than one way.
            and abs(100 * outcome.events / outcome.denominator - outcome.value) > 1.0
        ):
            self.add(
                "EV007",
                file,
                record,
                "value",
                f"{outcome.value}% but {outcome.events}/{outcome.denominator} is "
                f"{100 * outcome.events / outcome.denominator:.1f}%",
            )

    def _check_measured(self, file: str, record: str, outcome: Outcome) -> None:
        """A later CAR-T exists only after a before-CAR-T treatment; a post-CAR-T treatment only
        after a CAR-T cohort's failure."""
        cohort = self.cohorts[outcome.cohort]
        place = cohort.comparator_context or cohort.setting
        allowed = {
            MeasuredTreatment.later_cart: (Setting.before_cart, Setting.bridge_to_cart),
            MeasuredTreatment.post_cart_treatment: (Setting.cart,),
        }.get(outcome.measured)
        if allowed is not None and place not in allowed:
            self.add(
                "EV011",
                file,
                record,
                "measured",
                f"{outcome.measured.value} in a cohort whose setting is {place.value}",
            )

    def _check_exposure(self, file: str, cohort: Cohort) -> None:
        shares = [b.value for b in cohort.baseline if b.feature == "pct_prior_cart"]
        for pct in shares:
            if not _share_fits(cohort.cart_exposure, pct):
                self.add(
                    "EV012",
                    file,
                    f"cohort {cohort.id}",
                    "cart_exposure",
                    f"{cohort.cart_exposure.value} but {pct:g}% had prior CAR-T at baseline",
                )
        printed = shares or cohort.prior_cart_patients is not None
        if cohort.cart_exposure == CartExposure.some and not printed:
            self.add(
                "EV012",
                file,
                f"cohort {cohort.id}",
                "cart_exposure",
                "a mixed cohort needs its printed share (a pct_prior_cart baseline record) or "
                "count (prior_cart_patients) of patients with prior CAR-T",
            )

    def _check_inherited(self, file: str, cohort: Cohort) -> None:
        record = f"cohort {cohort.id}"
        seen = {cohort.id}
        current = cohort
        while current.criteria_from is not None:
            parent = self.cohorts.get(current.criteria_from)
            if parent is None:
                self.add(
                    "EV004", file, record, "criteria_from", f"no cohort {current.criteria_from!r}"
                )
                return
            if parent.id in seen:
                self.add("EV013", file, record, "criteria_from", f"loop through {parent.id!r}")
                return
            if parent.treatment_class != cohort.treatment_class:
                self.add(
                    "EV013",
                    file,
                    record,
                    "criteria_from",
                    f"{parent.id!r} is {parent.treatment_class.value}, this cohort "
                    f"{cohort.treatment_class.value}",
                )
                return
            seen.add(parent.id)
            current = parent

    def _check_cohort(self, cohort: Cohort) -> None:
        file = self.cohort_file[cohort.id]
        self._check_exposure(file, cohort)
        if cohort.criteria_from is not None:
            self._check_inherited(file, cohort)
        for index, criterion in enumerate(cohort.eligibility):
            self._check_quoted(
                file,
                f"cohort {cohort.id}",
                cohort.id,
                criterion.reported_in,
                criterion.quote,
                None,
                f"eligibility.{index}.",
            )
        for index, item in enumerate(cohort.baseline):
            self._check_quoted(
                file,
                f"cohort {cohort.id}",
                cohort.id,
                item.reported_in,
                item.quote,
                item.value,
                f"baseline.{index}.",
            )
        if cohort.reported_in and cohort.reported_in not in self.sources:
            self.add(
                "EV004",
                file,
                f"cohort {cohort.id}",
                "reported_in",
                f"no source {cohort.reported_in!r}",
            )


def _share_fits(exposure: CartExposure, pct: float) -> bool:
    if exposure == CartExposure.none:
        return pct == 0
    if exposure == CartExposure.all:
        return pct == 100
    if exposure == CartExposure.some:
        return 0 < pct < 100
    return False  # a share was printed, so the exposure is reported


def with_computed_ci(outcome: Outcome) -> Outcome:
    """Add events (when the percentage pins them down) and an exact CI where none is reported."""
    if outcome.endpoint not in PROPORTION_ENDPOINTS or outcome.value is None or outcome.unit != "%":
        return outcome
    if outcome.denominator is None or outcome.source_error:
        return outcome
    events = outcome.events
    if events is None:
        events = events_from_percentage(outcome.value, outcome.denominator)
    if events is None:
        return outcome
    update: dict[str, Any] = {"events": events, "events_derived": outcome.events is None}
    if outcome.ci_low is None and outcome.ci_high is None:
        low, high = clopper_pearson(events, outcome.denominator)
        update |= {
            "ci_low": round(low, 1),
            "ci_high": round(high, 1),
            "ci_level": 95.0,
            "ci_method": "clopper_pearson",
        }
    return outcome.model_copy(update=update)


def load(data_dir: Path = DATA_DIR) -> EvidenceBase:
    """Read every `NNN_<source-id>.toml` in name order; raise EvidenceInvalid listing all errors."""
    collector = _Collector()
    paths = sorted(data_dir.glob("*.toml"))
    if not paths:
        collector.add("EV009", str(data_dir), "(folder)", "(files)", "no *.toml data files")
    for path in paths:
        collector.read_file(path)
    collector.cross_check()
    if collector.errors:
        raise EvidenceInvalid(collector.errors)
    outcomes = {key: with_computed_ci(value) for key, value in collector.outcomes.items()}
    return EvidenceBase(
        sources=collector.sources,
        cohorts=collector.cohorts,
        outcomes=outcomes,
        findings=collector.findings,
        finding_source=collector.finding_source,
        files=collector.files,
        cohort_source=collector.cohort_source,
    )
