"""Chart row labels stay readable and never collide."""

from __future__ import annotations

from ui.labels import record_label, unique


def test_unique_adds_extras_only_where_labels_repeat() -> None:
    labels = ["A", "A", "B", "A"]
    result = unique(labels, [["Abstract", "Results", "x", "Results"], ["1", "2", "3", "4"]])
    assert result == ["A [Abstract]", "A [Results] [2]", "B", "A [Results] [4]"]
    assert len(set(result)) == len(result)


def test_record_label_names_the_cohort_not_just_the_subgroup(base) -> None:  # type: ignore[no-untyped-def]
    outcome = base.outcomes["ruckdeschel-post-cart-descart-median-pfs"]
    label = record_label(base, outcome)
    assert "Ruckdeschel" in label and base.cohorts[outcome.cohort].label in label


def test_every_forest_row_is_unique(base) -> None:  # type: ignore[no-untyped-def]
    outcomes = [o for o in base.outcomes.values() if o.endpoint.value == "median_pfs"]
    rows = unique(
        [record_label(base, o) for o in outcomes],
        [[o.location for o in outcomes], [o.id for o in outcomes]],
    )
    assert len(set(rows)) == len(rows)
