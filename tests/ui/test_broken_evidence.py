"""A corrupted or invalid evidence file: every page shows an error naming file, record and field,
and no evidence at all (no partial base)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence.loader import DATA_DIR
from tests.ui.apptest import PAGES, run_page

CORRUPTIONS = [
    ("100_talos-2026.toml", 'endpoint = "orr"', 'endpoint = "best_mood"', "endpoint"),
    ("300_descart-camus-2024.toml", "[source]", "[source", "(file)"),
    ("012_lmind-duell-2024.toml", 'cohort = "lmind-5y"', 'cohort = "lmind-6y"', "cohort"),
]


@pytest.fixture(params=CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def broken_dir(request, tmp_path, monkeypatch):
    name, old, new, field = request.param
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    path = Path(copy / name)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("EVIDENCE_DATA_DIR", str(copy))
    return name, field


@pytest.mark.parametrize("page", PAGES)
def test_broken_evidence_stops_every_page(broken_dir, page: str) -> None:
    name, field = broken_dir
    at = run_page(page)
    assert not at.exception
    assert at.error, "a clear error is shown"
    message = "\n".join(str(code.value) for code in at.code)
    assert name in message and field in message
    assert not at.dataframe and not at.metric and not at.get("vega_lite_chart")
    assert not at.get("download_button")
