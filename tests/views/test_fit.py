"""The cohort-fit grid (views.fit): best fit first, one symbol per feature, n in words."""

from __future__ import annotations

from evidence.formatting import n_text
from sequencing.vocabulary import GRADE_LABELS, GRADE_ORDER
from tests.views.scenarios import named_views
from views.fit import LEGEND, SYMBOLS


def test_grid_rows_follow_the_fits() -> None:
    views = named_views()["transplant-eligible-early-relapse"]
    grid, fits = views.fit, views.assessment.fits
    assert len(grid.rows) == len(fits)
    ordered = sorted(fits, key=lambda f: GRADE_ORDER[f.grade])
    for row, fit in zip(grid.rows, ordered, strict=True):
        assert row.cohort == f"{fit.source_short} · {fit.cohort_label}"
        assert (row.fit, row.n) == (GRADE_LABELS[fit.grade], n_text(fit.n))
        checks = {c.label: SYMBOLS[c.status] for c in fit.checks}
        assert dict(zip(grid.features, row.checks, strict=True)) == {
            f: checks.get(f, "") for f in grid.features
        }
    assert set(grid.features) == {c.label for f in fits for c in f.checks}


def test_records_are_table_rows_with_every_feature() -> None:
    grid = named_views()["double-hit"].fit
    records = grid.records()
    assert records and all(
        list(r) == ["Cohort", "Setting", "n", "Fit", *grid.features, "Why"] for r in records
    )
    assert all(symbol in LEGEND for symbol in SYMBOLS.values())
