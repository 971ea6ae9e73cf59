"""Evidence-library filters."""

from __future__ import annotations

from evidence.query import OutcomeFilter, choices, filter_outcomes, sources_of


def test_no_filter_returns_every_current_record(base) -> None:
    current = [o for o in base.outcomes.values() if o.superseded_by is None]
    assert filter_outcomes(base, OutcomeFilter()) == current


def test_filters_combine(base) -> None:
    chosen = filter_outcomes(
        base, OutcomeFilter(settings=["after_cart"], endpoints=["median_pfs2"])
    )
    assert chosen
    assert all(base.cohorts[o.cohort].setting.value == "after_cart" for o in chosen)
    assert all(o.endpoint.value == "median_pfs2" for o in chosen)


def test_subgroup_text_is_case_insensitive(base) -> None:
    chosen = filter_outcomes(base, OutcomeFilter(subgroup="LATE CAR-T"))
    assert chosen and all("late car-t" in o.subgroup.lower() for o in chosen)


def test_choices_and_sources_cover_the_base(base) -> None:
    options = choices(base)
    assert "after_cart" in options["settings"] and "orr" in options["endpoints"]
    qualls = [o for o in base.outcomes.values() if base.cohort_source[o.cohort] == "qualls-2023"]
    assert sources_of(base, qualls) == ["talos-2026", "qualls-2023"] or set(
        sources_of(base, qualls)
    ) == {"talos-2026", "qualls-2023"}
