"""The evidence base's releases: what each version's data files were, checked against the files.

A release is a version (a date, `YYYY.MM.DD`), the day it was made and the SHA-256 of the data
files it shipped (`releases.toml`, oldest first, never edited once released). Together with the
changelog this is what makes the version shown on every screen and export true: the data cannot
change while the version stays the same (EV014), a release has its changelog entry and every
record's versions are releases (EV015), and from 2026.12.07 every changelog line names the
records it changed (EV016), so a returning user can be told which line explains a change.

`python -m evidence release VERSION` records the current files as a new release, after the
curator has written its changelog entry.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import EvidenceError
from evidence.loader import DATA_DIR, EvidenceBase
from evidence.models import VERSION_PATTERN

__all__ = [
    "CHANGELOG",
    "LINES_NAME_RECORDS_FROM",
    "RELEASES",
    "ChangelogLine",
    "Release",
    "ReleaseError",
    "changelog_lines",
    "check",
    "content_sha256",
    "make_release",
    "read_releases",
]

_HERE = Path(__file__).resolve().parent
RELEASES = _HERE / "releases.toml"
CHANGELOG = _HERE / "CHANGELOG.md"

# The first release whose changelog lines must each name a record (older entries predate it).
LINES_NAME_RECORDS_FROM = "2026.12.07"

_HEADING = re.compile(r"^## (\S+)\s*$")
_BACKTICKED = re.compile(r"`([^`]+)`")


class ReleaseError(ValueError):
    """A release that cannot be made (its message says why and what to do)."""


@dataclass(frozen=True)
class Release:
    version: str
    date: datetime.date
    content_sha256: str


@dataclass(frozen=True)
class ChangelogLine:
    """One bullet of a changelog entry, its continuation lines joined."""

    version: str
    text: str

    def names(self) -> list[str]:
        """Every backticked token in the line (record ids and field names alike)."""
        return _BACKTICKED.findall(self.text)


def content_sha256(data_dir: Path = DATA_DIR) -> str:
    """The data files' SHA-256: each `*.toml` file's name and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_releases(path: Path = RELEASES) -> list[Release]:
    """The releases, oldest first; ReleaseError if the file is malformed."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return [
            Release(str(item["version"]), item["date"], str(item["content_sha256"]))
            for item in raw["release"]
        ]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ReleaseError(f"{path.name} cannot be read: {error}") from error


def changelog_lines(text: str) -> dict[str, list[ChangelogLine]]:
    """Each `## VERSION` entry's bullets, by version, in the order written."""
    entries: dict[str, list[ChangelogLine]] = {}
    version: str | None = None
    bullet: list[str] = []

    def close() -> None:
        if version is not None and bullet:
            entries[version].append(ChangelogLine(version, " ".join(bullet)))
        bullet.clear()

    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            close()
            version = heading.group(1)
            entries[version] = []
        elif line.startswith("- "):
            close()
            bullet.append(line[2:].strip())
        elif bullet and line.startswith("  ") and line.strip():
            bullet.append(line.strip())
        else:
            close()
    close()
    return entries


def _record_ids(base: EvidenceBase) -> set[str]:
    return {*base.sources, *base.cohorts, *base.outcomes, *base.findings}


def _error(code: str, file: str, record: str, field: str, message: str) -> EvidenceError:
    return EvidenceError(code, file, record, field, message)


def _check_order(releases: list[Release]) -> list[EvidenceError]:
    errors = []
    for release in releases:
        if not re.fullmatch(VERSION_PATTERN, release.version):
            errors.append(
                _error("EV015", RELEASES.name, release.version, "version", "not YYYY.MM.DD")
            )
    versions = [r.version for r in releases]
    if versions != sorted(set(versions)):
        errors.append(
            _error("EV015", RELEASES.name, "(file)", "version", "releases not unique, oldest first")
        )
    return errors


def _check_content(releases: list[Release], data_dir: Path) -> list[EvidenceError]:
    if not releases:
        return [_error("EV015", RELEASES.name, "(file)", "release", "no release recorded")]
    latest = releases[-1]
    if content_sha256(data_dir) == latest.content_sha256:
        return []
    return [
        _error(
            "EV014",
            data_dir.name,
            "(files)",
            "content",
            f"the data files changed since release {latest.version}: write the changelog "
            "entry for a new version, then run `python -m evidence release VERSION`",
        )
    ]


def _check_changelog(
    releases: list[Release], entries: dict[str, list[ChangelogLine]], ids: set[str]
) -> list[EvidenceError]:
    errors = []
    released = {r.version for r in releases}
    for version in sorted(released - set(entries)):
        errors.append(_error("EV015", CHANGELOG.name, version, "entry", "release has no entry"))
    for version in sorted(set(entries) - released):
        errors.append(
            _error("EV015", CHANGELOG.name, version, "entry", "entry for an unreleased version")
        )
    for version, lines in entries.items():
        if version < LINES_NAME_RECORDS_FROM:
            continue
        for line in lines:
            if not ids.intersection(line.names()):
                errors.append(
                    _error(
                        "EV016",
                        CHANGELOG.name,
                        version,
                        "line",
                        f"names no record id in backticks: {line.text[:80]!r}",
                    )
                )
    return errors


def _check_record_versions(base: EvidenceBase, released: set[str]) -> list[EvidenceError]:
    errors = []
    for record in base.records():
        named = {
            "added_in": [record.added_in],
            "superseded_in": [record.superseded_in] if record.superseded_in else [],
            "revisions": [r.version for r in record.revisions],
        }
        for field_name, versions in named.items():
            for version in versions:
                if version not in released:
                    errors.append(
                        _error(
                            "EV015",
                            base.files.get(record.id, "(data)"),
                            record.id,
                            field_name,
                            f"{version} is not a release",
                        )
                    )
    return errors


def check(
    base: EvidenceBase,
    data_dir: Path = DATA_DIR,
    releases_path: Path = RELEASES,
    changelog: Path = CHANGELOG,
) -> list[EvidenceError]:
    """Every EV014/EV015/EV016 error of the data against its releases and changelog."""
    try:
        releases = read_releases(releases_path)
    except ReleaseError as error:
        return [_error("EV015", releases_path.name, "(file)", "(file)", str(error))]
    entries = changelog_lines(changelog.read_text(encoding="utf-8"))
    released = {r.version for r in releases}
    return [
        *_check_order(releases),
        *_check_content(releases, data_dir),
        *_check_changelog(releases, entries, _record_ids(base)),
        *_check_record_versions(base, released),
    ]


def make_release(
    version: str,
    today: datetime.date,
    data_dir: Path = DATA_DIR,
    releases_path: Path = RELEASES,
    changelog: Path = CHANGELOG,
) -> Release:
    """Append `version` with the current files' hash to the releases file.

    Refused unless the version is new and later than the last, and its changelog entry exists.
    """
    if not re.fullmatch(VERSION_PATTERN, version):
        raise ReleaseError(f"{version!r} is not a version: write it as YYYY.MM.DD")
    releases = read_releases(releases_path)
    if releases and version <= releases[-1].version:
        raise ReleaseError(f"{version} is not after the last release {releases[-1].version}")
    if version not in changelog_lines(changelog.read_text(encoding="utf-8")):
        raise ReleaseError(f"write the '## {version}' entry in {changelog.name} first")
    release = Release(version, today, content_sha256(data_dir))
    with releases_path.open("a", encoding="utf-8") as handle:
        handle.write(
            f'\n[[release]]\nversion = "{release.version}"\ndate = {release.date.isoformat()}\n'
            f'content_sha256 = "{release.content_sha256}"\n'
        )
    return release
