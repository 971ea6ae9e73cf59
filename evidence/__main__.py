"""`python -m evidence validate | export --format json|csv | cite --format bibtex|ris |
lint [--seeds PATH] | release VERSION | new-source ... | intake ABSTRACT`."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

from evidence import cite, curation, export, intake, releases
from evidence.errors import EvidenceError, EvidenceInvalid
from evidence.lint import SEED_RULES, lint, load_seeds, record_files
from evidence.loader import DATA_DIR, EvidenceBase, load
from evidence.models import Design, Publication
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


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y.%m.%d")


def _curation_parsers(commands: Any) -> None:
    new = commands.add_parser(
        "new-source", help="write a new source file that validates as written"
    )
    new.add_argument("--id", required=True, help="lower-case, digits, hyphens: e.g. topp-2025")
    new.add_argument("--short", required=True, help="short name shown beside figures")
    new.add_argument("--citation", required=True)
    link = new.add_mutually_exclusive_group(required=True)
    link.add_argument("--doi")
    link.add_argument("--url")
    new.add_argument("--year", type=int, required=True)
    new.add_argument("--design", required=True, choices=[d.value for d in Design])
    new.add_argument("--publication", required=True, choices=[p.value for p in Publication])
    new.add_argument("--version", default=None, help="the release it goes in (default today)")
    new.add_argument("--prefix", type=int, default=None, help="file order prefix (default next)")
    new.add_argument("--data-dir", type=Path, default=DATA_DIR)
    pasted = commands.add_parser(
        "intake", help="draft outcomes from a pasted abstract (a text file), outside the data"
    )
    pasted.add_argument("abstract", type=Path, help="the pasted text, UTF-8")
    pasted.add_argument("--cohort", required=True, help="the cohort the figures belong to")
    pasted.add_argument("--version", default=None, help="the release it goes in (default today)")
    pasted.add_argument("--out", type=Path, default=Path("drafts"), help="folder for the drafts")


def run_new_source(args: argparse.Namespace) -> int:
    fields = {
        "id": args.id,
        "added_in": args.version or _today(),
        "short": args.short,
        "citation": args.citation,
        "doi": args.doi,
        "url": args.url,
        "year": args.year,
        "design": args.design,
        "publication": args.publication,
    }
    try:
        path = curation.new_source(fields, args.data_dir, args.prefix)
    except curation.CurationError as error:
        print(f"new-source: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}: add its cohorts and figures, then python -m evidence validate")
    return 0


def run_intake(base: EvidenceBase, args: argparse.Namespace) -> int:
    if args.cohort not in base.cohorts:
        print(f"intake: no cohort {args.cohort!r}: create it first", file=sys.stderr)
        return 1
    out = args.out.resolve()
    if out == DATA_DIR or DATA_DIR in out.parents:
        print("intake: drafts are written outside the data folder", file=sys.stderr)
        return 1
    try:
        text = args.abstract.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"intake: cannot read {args.abstract}: {error}", file=sys.stderr)
        return 1
    drafts, skipped = intake.intake(text, args.cohort, args.version or _today())
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{args.cohort}-drafts.toml"
    path.write_text(intake.drafts_text(drafts, args.abstract), encoding="utf-8")
    print(f"wrote {len(drafts)} drafts to {path}")
    for item in skipped:
        print(f"  skipped {item}")
    findings = intake.lint_drafts(base, drafts)
    for finding in findings:
        print(f"  lint {finding}")
    print(f"lint on the drafts: {len(findings)} findings")
    return 0


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
    _curation_parsers(commands)
    args = parser.parse_args(argv)
    if args.command == "new-source":
        return run_new_source(args)
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
    if args.command == "intake":
        return run_intake(base, args)
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
