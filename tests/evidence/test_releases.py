"""Releases against the files: a small fixture base for each error code, then the real data."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from evidence import releases
from evidence.loader import DATA_DIR, load

RELEASE_CODES = ("EV014", "EV015", "EV016")

DATA = """
[source]
id = "toy-2020"
added_in = "2026.12.07"
short = "Toy 2020"
citation = "Toy A, et al. A toy study. J Toy 2020."
doi = "10.0000/toy"
year = 2020
design = "retrospective_cohort"
publication = "journal_article"

[[cohorts]]
id = "toy-all"
added_in = "2026.12.07"
label = "Toy, all patients"
treatment = "Tafasitamab + lenalidomide"
treatment_class = "tafa_len"
setting = "cart_naive"
cart_exposure = "none"
study = "toy"
n = 40
criteria_not_reported = "The toy paper states no eligibility criteria."
"""

CHANGELOG = """# Changelog

## 2026.12.07
- Added the toy cohort `toy-all` (its source `toy-2020`).

## 2026.12.01
- An older line that names nothing.
"""


def _release(version: str, sha: str) -> str:
    return f'[[release]]\nversion = "{version}"\ndate = 2026-12-07\ncontent_sha256 = "{sha}"\n'


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    """A released fixture base: data folder, changelog and releases file that agree."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "001_toy-2020.toml").write_text(DATA, encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    (tmp_path / "releases.toml").write_text(
        _release("2026.12.01", "0" * 64) + "\n" + _release("2026.12.07", _sha(data)),
        encoding="utf-8",
    )
    return tmp_path


def _sha(data: Path) -> str:
    return releases.content_sha256(data)


def _codes(folder: Path) -> list[str]:
    errors = releases.check(
        load(folder / "data"),
        folder / "data",
        folder / "releases.toml",
        folder / "CHANGELOG.md",
    )
    return [e.code for e in errors]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_released_base_passes(curated: Path) -> None:
    assert _codes(curated) == []


def test_data_changed_without_a_release_fails(curated: Path) -> None:
    _edit(curated / "data" / "001_toy-2020.toml", "n = 40", "n = 41")
    assert _codes(curated) == ["EV014"]


def test_a_release_without_its_changelog_entry_fails(curated: Path) -> None:
    _edit(curated / "CHANGELOG.md", "## 2026.12.01\n- An older line that names nothing.\n", "")
    assert _codes(curated) == ["EV015"]


def test_a_changelog_entry_for_an_unreleased_version_fails(curated: Path) -> None:
    _edit(curated / "CHANGELOG.md", "## 2026.12.07", "## 2026.12.09\n- `toy-all`\n\n## 2026.12.07")
    assert _codes(curated) == ["EV015"]


def test_a_record_version_that_is_no_release_fails(curated: Path) -> None:
    data = curated / "data" / "001_toy-2020.toml"
    released = _sha(data.parent)
    _edit(data, 'added_in = "2026.12.07"\nlabel', 'added_in = "2026.12.08"\nlabel')
    # The edited file recorded as the release, so that only the record's version is wrong.
    _edit(curated / "releases.toml", released, _sha(data.parent))
    assert _codes(curated) == ["EV015"]


def test_releases_out_of_order_fail(curated: Path) -> None:
    text = (curated / "releases.toml").read_text(encoding="utf-8")
    first, second = text.split("\n\n")
    (curated / "releases.toml").write_text(second + "\n\n" + first, encoding="utf-8")
    assert "EV015" in _codes(curated)


@pytest.mark.parametrize(
    "line",
    [
        "- Fixed a typo in the toy study.",
        "- Renamed `n` on the toy cohort.",  # a backticked field name is not a record
    ],
)
def test_a_changelog_line_naming_no_record_fails(curated: Path, line: str) -> None:
    _edit(
        curated / "CHANGELOG.md",
        "(its source `toy-2020`).\n",
        f"(its source `toy-2020`).\n{line}\n",
    )
    assert _codes(curated) == ["EV016"]


def test_lines_before_the_rule_may_name_nothing(curated: Path) -> None:
    assert "An older line" in (curated / "CHANGELOG.md").read_text(encoding="utf-8")
    assert _codes(curated) == []


def test_a_continued_line_is_one_line() -> None:
    entries = releases.changelog_lines("## 2026.12.07\n- First part\n  `toy-all` continued.\n")
    assert [line.names() for line in entries["2026.12.07"]] == [["toy-all"]]


def test_release_records_the_files_after_its_entry(curated: Path) -> None:
    data = curated / "data"
    _edit(data / "001_toy-2020.toml", "n = 40", "n = 41")
    _edit(
        curated / "CHANGELOG.md", "## 2026.12.07", "## 2026.12.09\n- `toy-all` n\n\n## 2026.12.07"
    )
    made = releases.make_release(
        "2026.12.09",
        datetime.date(2026, 12, 9),
        data,
        curated / "releases.toml",
        curated / "CHANGELOG.md",
    )
    assert made.content_sha256 == _sha(data)
    assert _codes(curated) == []


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2026.12.09", "entry"),  # no changelog entry yet
        ("2026.12.01", "not after"),
        ("2026-12-09", "YYYY.MM.DD"),
    ],
)
def test_release_is_refused(curated: Path, version: str, message: str) -> None:
    with pytest.raises(releases.ReleaseError, match=message):
        releases.make_release(
            version,
            datetime.date(2026, 12, 9),
            curated / "data",
            curated / "releases.toml",
            curated / "CHANGELOG.md",
        )


# --- the real evidence base -------------------------------------------------------------------


def test_the_shipped_data_is_the_newest_release(base) -> None:
    """Real data: the files, the changelog and every record's versions agree."""
    assert releases.check(base) == []


def test_a_change_to_the_real_data_without_a_release_fails(base, tmp_path: Path) -> None:
    """Real data, copied: one figure edited, nothing else, and validation fails."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "010_lmind-salles-2020.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value = 60.0", "value = 60.1", 1), encoding="utf-8")
    assert text != path.read_text(encoding="utf-8")
    assert [e.code for e in releases.check(base, data)] == ["EV014"]
