"""The base as of an earlier release, rebuilt from today's files (`evidence.history`): on the
real base against the 2026.12.01 release's own export (kept gzipped beside this test, made by
that release's code), and on small made-up records for each rule."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from evidence import export, load
from evidence.history import EARLIEST_REBUILD, HistoryError, base_as_of, versions_of
from evidence.loader import EvidenceBase
from evidence.models import Outcome
from tests.sequencing.fixture_base import FIXTURE

RELEASE_EXPORT = Path(__file__).parent / "releases" / "2026.12.01-export.json.gz"


def test_the_base_as_of_2026_12_01_reproduces_that_releases_export_byte_for_byte() -> None:
    """Real data. Every column of the 2026.12.01 export, in its order, from the rebuilt base.
    One column's rule changed since (issue 15): that release wrote `n` as the figure's
    denominator or else its cohort's n, borrowing the cohort's n for responders, subgroups and
    shares that are not a whole share of it; today's export writes the figure's own n. The
    test writes `n` by the old rule from the rebuilt records, so the data are shown identical
    and only that rule differs."""
    printed = gzip.decompress(RELEASE_EXPORT.read_bytes()).decode("utf-8")
    old = json.loads(printed)
    columns = list(old[0])
    rebuilt = base_as_of(load(), "2026.12.01")
    rows = export.rows(rebuilt)
    assert len(rows) == len(old)
    legacy = []
    for row in rows:
        cohort = rebuilt.cohorts[row["cohort_id"]]
        row = row | {"n": row["denominator"] or cohort.n}  # the 2026.12.01 rule
        legacy.append({column: row[column] for column in columns})
    assert export.to_json(legacy) == printed


def test_today_rebuilt_as_of_today_is_today() -> None:
    base = load()
    latest = versions_of(base)[-1]
    again = base_as_of(base, latest)
    assert again.outcomes == base.outcomes and again.cohorts == base.cohorts
    assert again.sources == base.sources and again.findings == base.findings


def test_releases_known_to_the_records() -> None:
    assert versions_of(load())[:3] == ["2026.11.30", "2026.12.01", "2026.12.07"]


def test_before_the_model_changed_it_says_so() -> None:
    with pytest.raises(HistoryError, match=EARLIEST_REBUILD):
        base_as_of(load(), "2026.11.30")


def _with(changes: dict[str, dict[str, Any]]) -> EvidenceBase:
    outcomes = dict(FIXTURE.outcomes)
    for outcome_id, update in changes.items():
        outcomes[outcome_id] = Outcome.model_validate(outcomes[outcome_id].model_dump() | update)
    return replace(FIXTURE, outcomes=outcomes)


def test_a_record_added_later_is_left_out_and_one_superseded_later_is_current_again() -> None:
    base = _with(
        {
            "tl-5y-orr": {"added_in": "2027.03.01"},
            "tl-3y-orr": {"superseded_by": "tl-5y-orr", "superseded_in": "2027.03.01"},
        }
    )
    before = base_as_of(base, "2027.02.01")
    assert "tl-5y-orr" not in before.outcomes
    assert before.outcomes["tl-3y-orr"].superseded_by is None
    after = base_as_of(base, "2027.03.01")
    assert after.outcomes["tl-3y-orr"].superseded_by == "tl-5y-orr"


def test_a_revision_is_undone_and_the_exact_ci_computed_again() -> None:
    """The 5-year ORR's denominator was 40 before 2027.03.01: its exact CI is worked out from
    40 again, not kept from today's 80."""
    revision = {"version": "2027.03.01", "previous": json.dumps({"denominator": 40})}
    base = _with({"tl-5y-orr": {"revisions": [revision]}})
    today = base.outcomes["tl-5y-orr"]
    before = base_as_of(base, "2027.02.01").outcomes["tl-5y-orr"]
    assert (today.denominator, before.denominator) == (80, 40)
    assert before.events == 23 and before.ci_method == "clopper_pearson"
    assert (before.ci_low, before.ci_high) != (today.ci_low, today.ci_high)
    assert before.revisions == []


def test_a_field_the_model_gained_later_takes_its_default_or_todays_value_if_required() -> None:
    revision = {
        "version": "2027.03.01",
        "previous": json.dumps({"denominator_not_printed": None, "note": None}),
    }
    base = _with({"tl-5y-orr": {"note": "n", "revisions": [revision]}})
    before = base_as_of(base, "2027.02.01").outcomes["tl-5y-orr"]
    assert before.note is None and before.denominator_not_printed is False
