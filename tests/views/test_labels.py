"""Chart row labels stay readable and never collide."""

from __future__ import annotations

from evidence import EvidenceBase
from sequencing.index import engine_index
from views.figure import outcome_view
from views.labels import figure_label, unique


def test_unique_adds_extras_only_where_labels_repeat() -> None:
    labels = ["A", "A", "B", "A"]
    result = unique(labels, [["Abstract", "Results", "x", "Results"], ["1", "2", "3", "4"]])
    assert result == ["A [Abstract]", "A [Results] [2]", "B", "A [Results] [4]"]
    assert len(set(result)) == len(result)


def test_a_record_names_the_cohort_not_just_the_subgroup(base: EvidenceBase) -> None:
    outcome = base.outcomes["ruckdeschel-post-cart-descart-median-pfs"]
    where = outcome_view(outcome, engine_index(base)).where
    assert "Ruckdeschel" in where and base.cohorts[outcome.cohort].label in where


def test_a_chart_row_gives_the_figures_own_n_or_none(base: EvidenceBase) -> None:
    index = engine_index(base)
    for outcome in base.outcomes.values():
        figure = outcome_view(outcome, index)
        label = figure_label(figure)
        assert label.startswith(f"{figure.source} · {figure.subgroup}")
        assert (figure.n in label) == (index.n_of.get(outcome.id) is not None)


def test_every_forest_row_is_unique(base: EvidenceBase) -> None:
    index = engine_index(base)
    figures = [
        outcome_view(o, index) for o in base.outcomes.values() if o.endpoint.value == "median_pfs"
    ]
    rows = unique(
        [f.where for f in figures],
        [[f.location for f in figures], [f.outcome_id for f in figures]],
    )
    assert len(set(rows)) == len(rows)
