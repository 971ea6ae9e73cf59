"""`python -m evidence validate | export --format json|csv | cite --format bibtex|ris`."""

from __future__ import annotations

import argparse
import sys

from evidence import cite, export
from evidence.errors import EvidenceInvalid
from evidence.loader import load
from evidence.version import EVIDENCE_VERSION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evidence")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="load and validate every data file")
    export_parser = commands.add_parser("export", help="one flat record per outcome")
    export_parser.add_argument("--format", choices=("json", "csv"), default="json")
    cite_parser = commands.add_parser("cite", help="the bibliography")
    cite_parser.add_argument("--format", choices=("bibtex", "ris"), default="bibtex")
    args = parser.parse_args(argv)
    try:
        base = load()
    except EvidenceInvalid as error:
        print(f"The evidence base is invalid ({len(error.errors)} errors):", file=sys.stderr)
        for item in error.errors:
            print(f"  {item}", file=sys.stderr)
        return 1
    if args.command == "validate":
        counts = (
            f"{len(base.sources)} sources, {len(base.cohorts)} cohorts, "
            f"{len(base.outcomes)} outcomes, {len(base.findings)} findings"
        )
        print(f"evidence {EVIDENCE_VERSION}: {counts}: valid")
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
