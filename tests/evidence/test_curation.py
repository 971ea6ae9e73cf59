"""Curating without hand-editing: new-source writes a file that loads as written; the data
README's example file loads as written; both list what the models require."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from evidence.__main__ import main
from evidence.curation import CurationError, new_source, next_prefix, skeleton, source_text
from evidence.loader import DATA_DIR, load
from evidence.models import Cohort, Finding, Outcome, Source

FIELDS = {
    "id": "topp-2025",
    "added_in": "2026.12.08",
    "short": "ELM-1 2025",
    "citation": "Topp MS et al. Blood 2025;145(14):1498-1509.",
    "doi": "10.1182/blood.2024027044",
    "year": 2025,
    "design": "single_arm_trial",
    "publication": "journal_article",
}


def test_the_written_source_loads_as_written(tmp_path: Path) -> None:
    path = new_source(FIELDS, tmp_path)
    assert path.name == "000_topp-2025.toml"
    base = load(tmp_path)
    assert base.sources["topp-2025"].model_dump(exclude_defaults=True, mode="json") == FIELDS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "Topp 2025"}, "id"),
        ({"doi": None}, "DOI"),
        ({"design": "anecdote"}, "design"),
        ({"added_in": "7 Dec"}, "added_in"),
        ({"citation": "short"}, "citation"),
    ],
)
def test_a_bad_source_is_refused_with_its_field(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(CurationError, match=message):
        new_source(FIELDS | change, tmp_path)
    assert not list(tmp_path.iterdir())


def test_an_id_or_prefix_in_use_is_refused(tmp_path: Path) -> None:
    new_source(FIELDS, tmp_path, prefix=5)
    with pytest.raises(CurationError, match="already has a file"):
        new_source(FIELDS, tmp_path)
    with pytest.raises(CurationError, match="prefix 005 is taken"):
        new_source(FIELDS | {"id": "other-2025"}, tmp_path, prefix=5)
    assert next_prefix(tmp_path) == 6


@pytest.mark.parametrize(("model", "table"), [(Cohort, "cohorts"), (Outcome, "outcomes")])
def test_the_skeleton_names_every_required_field(model: type[BaseModel], table: str) -> None:
    text = "\n".join(skeleton(model, table))
    for name, field in model.model_fields.items():
        if field.is_required() and name not in ("revisions", "superseded_in"):
            assert f"# {name} = " in text, name
    assert "tafa_len" in text if table == "cohorts" else "median_pfs2" in text


def test_the_file_names_finding_fields_too() -> None:
    text = source_text(Source.model_validate(FIELDS))
    assert "# [[findings]]" in text and "# topic = ...  # mechanism" in text
    assert all(f"# {n} = " in text for n, f in Finding.model_fields.items() if f.is_required())


def test_the_command_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new-source", "--data-dir", str(tmp_path), "--version", "2026.12.08"]
    for name in ("id", "short", "citation", "doi", "year", "design", "publication"):
        argv += [f"--{name}", str(FIELDS[name])]
    assert main(argv) == 0
    assert "wrote" in capsys.readouterr().out
    assert list(load(tmp_path).sources) == ["topp-2025"]


def test_the_data_readme_example_loads_as_written(tmp_path: Path) -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Shape of a file") :]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example is not None
    (tmp_path / "001_example-2026.toml").write_text(example.group(1), encoding="utf-8")
    base = load(tmp_path)
    assert len(base.cohorts) == 1 and len(base.outcomes) == 2 and len(base.findings) == 1
