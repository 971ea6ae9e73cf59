"""Every quote from a seed, including baseline, eligibility and findings (which the shared
checker does not see), appears verbatim in the seed, normalised exactly as the checker does."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from evidence import EvidenceBase

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CHECKER = SHARED / "tools" / "check_provenance.py"

pytestmark = pytest.mark.skipif(not CHECKER.exists(), reason="../shared is not beside the project")


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_provenance", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed_texts() -> dict[str, str]:
    checker = _checker()
    index = json.loads((SHARED / "seeds" / "index.json").read_text())
    return {
        meta["id"]: checker.normalise((SHARED / "seeds" / name).read_text(errors="replace"))
        for name, meta in index.items()
    }


def _quoted_records(base: EvidenceBase) -> Iterator[tuple[str, str, str | None, Any]]:
    for cohort_id, cohort in base.cohorts.items():
        source_id = base.cohort_source[cohort_id]
        for item in [*cohort.eligibility, *cohort.baseline]:
            yield (
                f"{cohort_id} {item.location}",
                item.reported_in or cohort.reported_in or source_id,
                item.quote,
                getattr(item, "value", None),
            )
    for outcome_id, outcome in base.outcomes.items():
        cohort = base.cohorts[outcome.cohort]
        yield (
            outcome_id,
            outcome.reported_in or cohort.reported_in or base.cohort_source[outcome.cohort],
            outcome.quote,
            outcome.value,
        )
    for finding_id, finding in base.findings.items():
        yield (
            finding_id,
            finding.reported_in or base.finding_source[finding_id],
            finding.quote,
            None,
        )


def test_every_seed_quote_is_verbatim(base) -> None:
    checker = _checker()
    seeds = _seed_texts()
    checked, failures = 0, []
    for label, source_id, quote, value in _quoted_records(base):
        if source_id not in seeds:
            continue
        if not quote:
            failures.append(f"{label}: no quote")
            continue
        if checker.normalise(quote) not in seeds[source_id]:
            failures.append(f"{label}: not verbatim: {quote[:80]!r}")
        elif value is not None and not checker.value_in_quote(
            float(value), checker.normalise(quote)
        ):
            failures.append(f"{label}: {value} not in quote")
        checked += 1
    assert not failures, "\n".join(failures)
    assert checked > 300


def test_seed_sources_match_the_index(base) -> None:
    index = json.loads((SHARED / "seeds" / "index.json").read_text())
    for name, meta in index.items():
        if meta["id"] not in base.sources:
            continue  # seed 002 carries no DLBCL sequencing evidence
        source = base.sources[meta["id"]]
        assert source.seed_file == name
        assert source.doi == meta["doi"]
