"""The stewardship statement: the shipped file validates, a hosting department can replace it,
and About and every export say the evidence's date, review policy, curator, funding, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from evidence.stewardship import STEWARDSHIP_VARIABLE, stewardship
from evidence.version import EVIDENCE_VERSION
from views.about import stewardship_markdown
from views.report import about_lines

HOSPITAL = """
curator = "Lymphoma pharmacy, St Elsewhere"
review = "Monthly."
funding = "Hospital budget."
conflicts = "One curator has received speaker fees from a CAR-T manufacturer."
"""


def test_the_shipped_statement_validates() -> None:
    shipped = stewardship()
    assert shipped.review and shipped.curator and shipped.funding and shipped.conflicts


def test_a_hosting_department_can_replace_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stewardship.toml"
    path.write_text(HOSPITAL, encoding="utf-8")
    monkeypatch.setenv(STEWARDSHIP_VARIABLE, str(path))
    text = stewardship_markdown()
    assert "Lymphoma pharmacy, St Elsewhere" in text and "speaker fees" in text
    assert any("Monthly." in line for line in about_lines())


def test_a_statement_missing_a_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stewardship.toml"
    path.write_text(HOSPITAL.replace('funding = "Hospital budget."\n', ""), encoding="utf-8")
    with pytest.raises(ValidationError):
        stewardship(path)


def test_about_and_exports_state_the_evidence_date() -> None:
    assert f"Version {EVIDENCE_VERSION}, released" in stewardship_markdown()
    assert about_lines()[0].startswith(f"Evidence base version {EVIDENCE_VERSION}, released")
