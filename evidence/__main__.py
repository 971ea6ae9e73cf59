"""`python -m evidence validate | export --format json|csv | cite --format bibtex|ris |
lint [--seeds PATH] | release VERSION | new-source ... | intake ABSTRACT`."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from evidence import cite, export, releases
from evidence.errors import EvidenceError, EvidenceInvalid
from evidence.lint import SEED_RULES, lint, load_seeds, record_files
from evidence.loader import EvidenceBase, load
from evidence.version import EVIDENCE_VERSION

# The seed documents sit beside the project in development; the product does not ship them.
DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def run_lint(base: EvidenceBase, seeds_arg: Path | None, show_waived: bool) -> int:
    """Print every unwaived finding, then a summary; 1 when any is unwaived."""
    folder = seeds_arg or DEFAULT_SEEDS
    if seeds_arg is not None and not folder.is_dir():
        print(f"lint: no seed folder at {folder}", file=sys.stderr)
        return 2
    seeds = load_seeds(folder) if folder.is_dir() else None
    if seeds is None:
        skipped = ", ".join(sorted(SEED_RULES))
        print(f"lint: no seed texts ({folder} not found): {skipped} skipped", file=sys.stderr)
    findings = sorted(lint(base, seeds, record_files()), key=lambda f: f.file)
    flagged = [f for f in findings if not f.waived]
    waived = [f for f in findings if f.waived]
    for finding in flagged:
        print(finding)
    if show_waived:
        for finding in waived:
            print(f"waived {finding} ({finding.reason})")
    print(f"lint: {len(findings)} findings ({len(flagged)} flagged, {len(waived)} waived)")
    return 1 if flagged else 0


def run_release(base: EvidenceBase, errors: list[EvidenceError], version: str) -> int:
    """Record a release when the only thing wrong is that the files are not yet released."""
    blocking = [
        e
        for e in errors
        if e.code != "EV014" and not (e.code == "EV015" and version in e.record + e.message)
    ]
    if blocking:
        for item in blocking:
            print(f"  {item}", file=sys.stderr)
        return 1
    try:
        made = releases.make_release(version, datetime.datetime.now(datetime.UTC).date())
    except releases.ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 1
    unreleased = [e for e in releases.check(base) if e.code in ("EV014", "EV015")]
    for item in unreleased:
        print(f"  {item}", file=sys.stderr)
    print(f"released {made.version} ({made.date}): {made.content_sha256}")
    return 1 if unreleased else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="load and validate every data file")
    export_parser = commands.add_parser("export", help="one flat record per outcome")
    export_parser.add_argument("--format", choices=("json", "csv"), default="json")
    cite_parser = commands.add_parser("cite", help="the bibliography")
    cite_parser.add_argument("--format", choices=("bibtex", "ris"), default="bibtex")
    lint_parser = commands.add_parser("lint", help="semantic lint: quotes against fields")
    lint_parser.add_argument(
        "--seeds", type=Path, default=None, help=f"seed folder (default {DEFAULT_SEEDS})"
    )
    lint_parser.add_argument(
        "--show-waived", action="store_true", help="also print the waived findings"
    )
    release_parser = commands.add_parser(
        "release", help="record the data files as a new release (after its changelog entry)"
    )
    release_parser.add_argument("version", help="YYYY.MM.DD")
    args = parser.parse_args(argv)
    try:
        base = load()
    except EvidenceInvalid as error:
        print(f"The evidence base is invalid ({len(error.errors)} errors):", file=sys.stderr)
        for item in error.errors:
            print(f"  {item}", file=sys.stderr)
        return 1
    release_errors = releases.check(base)
    if args.command == "release":
        return run_release(base, release_errors, args.version)
    if args.command == "validate":
        if release_errors:
            print(f"The evidence base is invalid ({len(release_errors)} errors):", file=sys.stderr)
            for item in release_errors:
                print(f"  {item}", file=sys.stderr)
            return 1
        counts = (
            f"{len(base.sources)} sources, {len(base.cohorts)} cohorts, "
            f"{len(base.outcomes)} outcomes, {len(base.findings)} findings"
        )
        print(f"evidence {EVIDENCE_VERSION}: {counts}: valid")
    elif args.command == "lint":
        return run_lint(base, args.seeds, args.show_waived)
    elif args.command == "export":
        records = export.rows(base)
        sys.stdout.write(
            export.to_json(records) if args.format == "json" else export.to_csv(records)
        )
    else:
        sys.stdout.write(cite.bibliography(base, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
