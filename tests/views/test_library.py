"""The evidence library's rows and forest chart (views.library) on the real evidence base: each
row carries the export's fields in words and the figure's own n; the forest chart says what each
figure measures (issue 15: DESCAR-T's 45.5% is the CAR-T's response after tafa-len)."""

from __future__ import annotations

import pytest

from evidence import EvidenceBase, export
from evidence.figure import to_months
from evidence.formatting import NOT_GIVEN
from evidence.models import MEASURED_LABELS, MeasuredTreatment
from views.library import OWN_TREATMENT, forest, library_rows

AFTER_CART = MEASURED_LABELS[MeasuredTreatment.later_cart]


def test_rows_carry_the_exports_fields_and_the_figures_own_n(base: EvidenceBase) -> None:
    outcomes = list(base.outcomes.values())
    rows = library_rows(base, outcomes)
    flat = export.rows(base, outcomes)
    assert len(rows) == len(outcomes)
    for row, record in zip(rows, flat, strict=True):
        assert row.figure.outcome_id == record["outcome_id"]
        assert (record["n"] is None) == row.figure.n.startswith(NOT_GIVEN)
        if record["n"] is not None:
            assert row.figure.n.startswith(f"n={record['n']}")
        assert row.n_counts == record["n_basis"]
        assert bool(row.figure.maturity) == record["immature"]
        columns = row.record()
        for column in ("Whose effect", "Counted", "Response assessment", "CAR-T exposure"):
            assert column in columns
        assert "95% CI" not in columns  # the interval names its own level


def test_the_forest_chart_labels_what_a_figure_measures(base: EvidenceBase) -> None:
    rows = library_rows(base, list(base.outcomes.values()))
    chart = forest(rows, "orr")
    assert chart is not None and chart.axis_title.endswith("(%)")
    descart = base.outcomes["descart-pre-best-orr"]
    (row,) = [r for r in chart.rows if r.x == descart.value and r.measures == AFTER_CART]
    assert row.row.endswith(f"· measures: {AFTER_CART}")
    assert f"{row.row}: 45.5%" in chart.alt_text
    own = [r for r in chart.rows if r.measures == OWN_TREATMENT]
    assert own and not any("measures:" in r.row for r in own)
    assert len({r.row for r in chart.rows}) == len(chart.rows)


def test_times_go_on_one_months_axis(base: EvidenceBase) -> None:
    rows = library_rows(base, list(base.outcomes.values()))
    chart = forest(rows, "median_washout")
    assert chart is not None and chart.axis_title.endswith("(months)")
    assert not chart.left_out
    in_days = [o for o in base.outcomes.values() if o.endpoint.value == "median_washout"]
    assert {o.unit for o in in_days} == {"days", "months"}
    drawn = sorted(r.x for r in chart.rows)
    expected = sorted(to_months(o.value, o.unit) or 0.0 for o in in_days if o.value is not None)
    assert drawn == pytest.approx(expected, abs=0.01)
    # Another unit is left out of the axis, and says so.
    cr = forest(rows, "cr_rate")
    assert cr is not None and cr.left_out.endswith("another unit: patients.")
    assert forest(rows, "no_such_endpoint") is None
