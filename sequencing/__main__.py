"""`python -m sequencing assess --profile FILE|- [--leukapheresis-in-days N]`: one JSON document;
`python -m sequencing check`: the rules and stages against the evidence base they read.

Invalid profiles exit with status 2 and clinician-readable messages (no stack trace); an invalid
evidence base exits with status 1. The profile is read as strictly as a scenario link: JSON types
as the fields declare them (``true`` is not 1 line), each feature once, no NaN, no nesting, and
the leukapheresis day from 0 to 365 like the URL's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from sequencing.vocabulary import FIELD_LABELS

# The same bound as a scenario link's leukapheresis_in_days (ui/url_state.py; a test checks).
MAX_LEUKAPHERESIS_DAYS = 365
# A profile is a few hundred bytes; anything far larger is not one.
MAX_PROFILE_BYTES = 64 * 1024


class ProfileUnreadable(ValueError):
    """The profile's JSON cannot be taken as a patient profile; the message says why."""


def _shown(value: object) -> str:
    """A value as given, short: a pasted document must not flood the terminal."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
            messages.append(f"{FIELD_LABELS[field]}: {message} (given: {_shown(value)}).")
        else:
            messages.append(message)
    return messages


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ProfileUnreadable(f"'{repeated[0]}' is given more than once; give each feature once.")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ProfileUnreadable(f"{name} is not a number a feature can have.")


def _read_json(name: str, stdin: TextIO) -> Any:
    if name == "-":
        text = stdin.read(MAX_PROFILE_BYTES + 1)
    else:
        with Path(name).open(encoding="utf-8") as handle:
            text = handle.read(MAX_PROFILE_BYTES + 1)
    if len(text) > MAX_PROFILE_BYTES:
        raise ProfileUnreadable(f"the profile is larger than {MAX_PROFILE_BYTES // 1024} KiB.")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except RecursionError:
        raise ProfileUnreadable("the profile is nested too deeply to be a profile.") from None
    if isinstance(data, dict):
        nested = sorted(key for key, value in data.items() if isinstance(value, dict | list))
        if nested:
            raise ProfileUnreadable(
                f"'{nested[0]}' holds a list or an object; a feature is a number, true/false, "
                "a word or null."
            )
    return data


def _days(raw: str) -> int:
    """--leukapheresis-in-days: a whole number of days from 0 to 365, digits only."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise argparse.ArgumentTypeError(f"not a whole number of days ({_shown(raw)})")
    days = int(text)
    if days > MAX_LEUKAPHERESIS_DAYS:
        raise argparse.ArgumentTypeError(
            f"{days} days: give a day from 0 to {MAX_LEUKAPHERESIS_DAYS}"
        )
    return days


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
        type=_days,
        default=None,
        help=f"days from today to a planned leukapheresis (0-{MAX_LEUKAPHERESIS_DAYS})",
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
    except UnicodeDecodeError:
        print("The profile is not UTF-8 text.", file=stderr)
        return 2
    except ProfileUnreadable as error:
        print(f"The profile cannot be read: {error}", file=stderr)
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
    try:
        # strict: JSON's own types, as the fields declare them (true is not 1, "2" is not 2).
        profile = PatientProfile.model_validate(data, strict=True)
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
