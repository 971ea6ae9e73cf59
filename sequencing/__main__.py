"""`python -m sequencing assess --profile FILE|- [--leukapheresis-in-days N]`: one JSON document;
`python -m sequencing check`: the rules and stages against the evidence base they read.

Invalid profiles exit with status 2 and clinician-readable messages (no stack trace); an invalid
evidence base exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from sequencing.vocabulary import FIELD_LABELS


def profile_errors(error: ValidationError) -> list[str]:
    """Validation errors as sentences a clinician can act on."""
    messages = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        field = location[0] if location else ""
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            messages.append(f"'{field}' is not a patient feature this tool knows.")
        elif field in FIELD_LABELS:
            value = item.get("input")
            messages.append(f"{FIELD_LABELS[field]}: {message} (given: {value!r}).")
        else:
            messages.append(message)
    return messages


def _read_json(name: str, stdin: TextIO) -> Any:
    text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    return json.loads(text)


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="python -m sequencing")
    commands = parser.add_subparsers(dest="command", required=True)
    assess_parser = commands.add_parser("assess", help="assess one patient profile")
    assess_parser.add_argument(
        "--profile", required=True, help="JSON file of profile fields, or - for stdin"
    )
    assess_parser.add_argument(
        "--leukapheresis-in-days",
        type=int,
        default=None,
        help="days from today to a planned leukapheresis",
    )
    commands.add_parser("check", help="check the rules and stages against the evidence")
    args = parser.parse_args(argv)

    from evidence.errors import EvidenceInvalid
    from evidence.loader import load
    from sequencing.assess import assess
    from sequencing.profile import PatientProfile

    if args.command == "check":
        return _check(stdout, stderr)

    try:
        data = _read_json(args.profile, stdin)
    except OSError as error:
        print(f"Cannot read the profile file: {error.strerror or error}.", file=stderr)
        return 2
    except json.JSONDecodeError as error:
        print(
            f"The profile is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}).",
            file=stderr,
        )
        return 2
    if not isinstance(data, dict):
        print("The profile must be a JSON object of patient features.", file=stderr)
        return 2
    if args.leukapheresis_in_days is not None and args.leukapheresis_in_days < 0:
        print("The leukapheresis date must be today or later (days >= 0).", file=stderr)
        return 2
    try:
        profile = PatientProfile.model_validate(data)
    except ValidationError as error:
        print("The patient profile is not valid:", file=stderr)
        for message in profile_errors(error):
            print(f"  - {message}", file=stderr)
        return 2
    try:
        base = load()
    except EvidenceInvalid as error:
        print(
            f"The evidence base is invalid ({len(error.errors)} errors); run "
            "`python -m evidence validate`.",
            file=stderr,
        )
        return 1
    result = assess(profile, base, leukapheresis_in_days=args.leukapheresis_in_days)
    json.dump(result.to_dict(), stdout, indent=2, ensure_ascii=False)
    stdout.write("\n")
    return 0


def _check(stdout: TextIO, stderr: TextIO) -> int:
    from evidence.errors import EvidenceInvalid
    from evidence.loader import load
    from sequencing.index import engine_index
    from sequencing.rule_check import problems

    try:
        base = load()
    except EvidenceInvalid as error:
        print(f"The evidence base is invalid ({len(error.errors)} errors).", file=stderr)
        return 1
    found = problems(engine_index(base))
    for problem in found:
        print(problem, file=stderr)
    if found:
        return 1
    print("rules and stages: every selector matches the evidence", file=stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
