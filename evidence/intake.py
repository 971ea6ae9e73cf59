"""Intake of a pasted abstract: a draft outcome for each number, for a curator to confirm.

Each number that carries a unit (%, months, days, years, patients) becomes a draft outcome whose
quote is the sentence it stands in, copied verbatim from the pasted text; the endpoint, unit,
events and denominator are guessed from the words just before the number and marked as guesses.
Every draft has `draft = true`: the loader refuses a draft in the data folder (EV017), so nothing
reaches the app until a curator has checked it against the source, completed it and removed
`draft`. Drafts are written outside the data folder, and the lint runs on them.

The guesses are deliberately plain (a keyword list, nearest keyword wins); a wrong guess costs a
curator's correction, never a figure on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from evidence.curation import toml_value
from evidence.lint import LintFinding, lint
from evidence.loader import EvidenceBase, with_computed_ci
from evidence.models import Outcome

__all__ = ["DRAFT_NOTE", "Draft", "drafts_text", "intake", "lint_drafts", "sentences"]

DRAFT_NOTE = (
    "Intake draft: endpoint, unit, events and denominator are guesses from the words around "
    "the number. Confirm each against the source, set the location, then remove draft."
)

# A sentence ends at . ! ? or ; followed by white space; a decimal point is never followed by it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_NUMBER = re.compile(
    r"(?<![\w.\-/])(\d+(?:\.\d+)?)\s*(%|months?|days?|years?|patients)(?![\w])",
    re.IGNORECASE,
)
# "(70/145)" or "70 of 145" right after a percentage: events and denominator.
_COUNT = re.compile(r"^\s*\(?\s*(\d+)\s*(?:/|of)\s*(\d+)\s*\)?")
_CI = re.compile(r"^\s*\(?\s*95%\s*CI\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)")
# Keywords before a number, nearest first wins: (pattern, endpoint for %, endpoint for a time).
_KEYWORDS: tuple[tuple[re.Pattern[str], str | None, str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), percent, time)
    for pattern, percent, time in (
        (r"\bPFS2\b", None, "median_pfs2"),
        (r"\bOS2\b", None, "median_os2"),
        (r"\bfollow-?up\b", None, "median_followup"),
        (r"\b(ORR|overall response|response rate|responses?)\b", "orr", None),
        (r"\b(CR|complete response|complete remission)\b", "cr_rate", None),
        (r"\b(PR|partial response)\b", "pr_rate", None),
        (r"\bCRS\b|cytokine release", "crs_rate", None),
        (r"\bICANS\b|neurolog", "icans_rate", None),
        (r"\b(DoR|duration of response)\b", "dor_rate", "median_dor"),
        (r"\bEFS\b", "efs_rate", "median_efs"),
        (r"\bPFS\b|progression-free", "pfs_rate", "median_pfs"),
        (r"\bOS\b|overall survival|survival", "os_rate", "median_os"),
    )
)
_RESPONSE = {"orr", "cr_rate", "pr_rate"}
_TIMED_RATE = {"pfs_rate", "os_rate", "efs_rate", "dor_rate"}
_TIMEPOINT = re.compile(r"(\d+)[- ]month", re.IGNORECASE)
_UNITS = {"%": "%", "month": "months", "day": "days", "year": "years", "patients": "patients"}


@dataclass(frozen=True)
class Draft:
    outcome: Outcome
    guessed: str  # what was guessed, in words


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`: spans, so a quote is always a verbatim slice."""
    spans = []
    start = len(text) - len(text.lstrip())
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _unit(word: str) -> str:
    lowered = word.lower()
    return next(unit for key, unit in _UNITS.items() if lowered.startswith(key))


def _endpoint(before: str, unit: str) -> str | None:
    """The endpoint named nearest before the number, else a proportion or a count; None for a
    time no endpoint names (a cut such as "within 90 days", not a figure)."""
    best: tuple[int, str] | None = None
    for pattern, percent, time in _KEYWORDS:
        endpoint = percent if unit == "%" else time if unit != "patients" else None
        if endpoint is None:
            continue
        for match in pattern.finditer(before):
            if best is None or match.end() > best[0]:
                best = (match.end(), endpoint)
    if best is not None:
        return best[1]
    return "proportion" if unit == "%" else "count" if unit == "patients" else None


def _draft(
    cohort: str, number: int, quote: str, match: re.Match[str], after: str, added_in: str
) -> Draft | None:
    value = float(match.group(1))
    unit = _unit(match.group(2))
    before = quote[: match.start()]
    endpoint = _endpoint(before[-60:], unit)
    if endpoint is None:
        return None
    fields: dict[str, object] = {
        "id": f"{cohort}-draft-{number}",
        "added_in": added_in,
        "cohort": cohort,
        "endpoint": endpoint,
        "measured": "cohort_treatment",
        "value": value,
        "unit": unit,
        "location": "Abstract (intake draft: confirm the location)",
        "quote": quote,
        "verified_from": "abstract",
        "draft": True,
        "note": DRAFT_NOTE,
    }
    guessed = [f"endpoint {endpoint}", f"unit {unit}"]
    if endpoint in ("median_followup", "proportion", "count"):
        fields["measured"] = "not_an_effect"
    if endpoint in ("median_dor", "dor_rate"):
        fields["time_origin"] = "first_response"
        guessed.append("counted from first response, among responders: set the denominator")
    elif endpoint.startswith("median_") or endpoint in _TIMED_RATE:
        fields["time_origin"] = "not_stated"
        guessed.append("time origin not stated")
    if endpoint in _RESPONSE:
        fields["response_assessment"] = "not_stated"
        guessed.append("response assessment not stated")
    if endpoint in _TIMED_RATE and (timepoint := _TIMEPOINT.search(before[-30:])):
        fields["timepoint_months"] = float(timepoint.group(1))
    if unit == "%" and (count := _COUNT.match(after)):
        fields["events"], fields["denominator"] = int(count.group(1)), int(count.group(2))
        guessed.append(f"{count.group(1)} of {count.group(2)}")
    if ci := _CI.match(after):
        fields |= {
            "ci_low": float(ci.group(1)),
            "ci_high": float(ci.group(2)),
            "ci_level": 95,
            "ci_method": "reported",
        }
    return Draft(Outcome.model_validate(fields), "; ".join(guessed))


def intake(text: str, cohort: str, added_in: str) -> tuple[list[Draft], list[str]]:
    """The drafts for every number with a unit in `text`, and the numbers skipped (with why)."""
    drafts: list[Draft] = []
    skipped: list[str] = []
    for start, end in sentences(text):
        quote = text[start:end]
        for match in _NUMBER.finditer(quote):
            if quote[match.end() :].lstrip().startswith("CI"):
                continue  # the "95%" of "95% CI": the interval's level, not a figure
            try:
                draft = _draft(
                    cohort, len(drafts) + 1, quote, match, quote[match.end() :], added_in
                )
            except ValidationError as error:
                skipped.append(f"{match.group(0)!r}: {error.errors()[0]['msg']}")
                continue
            if draft is None:
                skipped.append(f"{match.group(0)!r}: no endpoint named before it (a cut?)")
            else:
                drafts.append(draft)
    return drafts, skipped


def drafts_text(drafts: list[Draft], pasted_from: Path | None = None) -> str:
    """The drafts as a TOML file of [[outcomes]] (to copy into a source file once confirmed)."""
    lines = [
        "# Intake drafts: NOT evidence until a curator confirms each one against the source.",
        "# The loader refuses any record with draft = true (EV017).",
    ]
    if pasted_from is not None:
        lines.append(f"# Pasted text: {pasted_from.name}")
    for draft in drafts:
        data = draft.outcome.model_dump(exclude_none=True, exclude_defaults=True, mode="json")
        data = {"id": draft.outcome.id, "added_in": draft.outcome.added_in} | data
        lines += ["", f"# guessed: {draft.guessed}", "[[outcomes]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in data.items()]
    return "\n".join(lines) + "\n"


def lint_drafts(base: EvidenceBase, drafts: list[Draft]) -> list[LintFinding]:
    """The semantic lint on the drafts, read beside the base they would join (seed texts are not
    needed: an abstract is not a seed)."""
    joined = replace(
        base, outcomes=base.outcomes | {d.outcome.id: with_computed_ci(d.outcome) for d in drafts}
    )
    ids = {d.outcome.id for d in drafts}
    return [f for f in lint(joined, None) if f.record.removeprefix("outcome ") in ids]
