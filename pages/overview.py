"""Sequencing (landing page): strategies, outcome ranges, cohort fit, considerations."""

import streamlit as st

from sequencing.summary import compare, summarise
from ui import components, report
from ui.shell import DISCLAIMER, ScenarioView, derived_note, frame, version_stamp

view = frame("Sequencing")
st.title("Tafa-len and CD19 CAR-T: sequencing")
st.caption(DISCLAIMER)


def strategies(scenario: ScenarioView, stacked: bool = False) -> None:
    if scenario.assessment is None:
        components.scenario_errors(scenario.errors)
        return
    components.strategy_cards(scenario.assessment, stacked=stacked)


def details(scenario: ScenarioView, key: str) -> None:
    assessment = scenario.assessment
    if assessment is None:
        return
    st.subheader("Outcome ranges of matched cohorts")
    st.caption(
        "Each point is one published cohort (or the subgroup that matches this patient), "
        "with its 95% CI. The shaded band spans the cohorts that fit or partly fit: a span "
        "of separate studies, not a pooled estimate; one study counts once. Hollow marks are "
        "shown for context but do not set the band (earlier analyses of the same study, cohorts "
        "mixing CAR-T-naive and post-CAR-T patients, subgroups chosen by outcome, weighted "
        "comparison sets, cohorts pooling several treatments)."
    )
    applicable = {s.title: s for s in assessment.strategies if s.applicable}
    if not applicable:
        st.info("No strategy applies to this patient as entered.")
    else:
        # One strategy's charts at a time: drawing every tab's charts on each rerun was most of
        # the landing page's cost (benchmarks/README.md).
        chosen = st.segmented_control(
            "Strategy", list(applicable), default=next(iter(applicable)), key=f"{key}-strategy"
        )
        strategy = applicable.get(chosen or "", next(iter(applicable.values())))
        shown = [r for r in strategy.ranges if r.points]
        if not shown:
            st.markdown("**No published evidence matches this patient for this strategy.**")
        tables = [
            (
                endpoint_range.label,
                components.range_section(
                    endpoint_range,
                    key=f"{key}-{strategy.id}-{endpoint_range.endpoint}"
                    f"-{endpoint_range.timepoint_months}-{endpoint_range.stage}",
                    with_table=False,
                ),
            )
            for endpoint_range in shown
        ]
        components.strategy_table(tables, key=f"{key}-{strategy.id}-table")
    st.subheader("How well each cohort matches")
    st.caption("✓ inside the cohort's eligibility or baseline mix · ✗ outside · ? unknown")
    components.show_fit_grid(assessment.fits, key=f"{key}-fit-grid")
    st.subheader("Considerations")
    components.considerations(assessment.considerations, view.base)


def summary_and_exports(scenario: ScenarioView, key: str) -> None:
    if scenario.assessment is None:
        return
    summary = summarise(scenario.assessment)
    st.markdown(f"**Summary.** {summary.paragraph()}")
    derived_note(scenario)
    link = f"?{view.link}"
    left, right = st.columns(2)
    # Callables: the files are built when clicked, not on every rerun.
    left.download_button(
        "Summary as Markdown",
        lambda: report.markdown(summary, version_stamp(), link),
        file_name="scenario-summary.md",
        mime="text/markdown",
        key=f"{key}-download-md",
        on_click="ignore",
    )
    right.download_button(
        "Summary as PDF",
        lambda: report.pdf(summary, version_stamp(), link),
        file_name="scenario-summary.pdf",
        mime="application/pdf",
        key=f"{key}-download-pdf",
        on_click="ignore",
    )


if view.b is None:
    summary_and_exports(view.a, "a")
    st.header("Strategies")
    strategies(view.a)
    details(view.a, "a")
else:
    if view.a.assessment is not None and view.b.assessment is not None:
        st.subheader("What changes from A to B")
        st.markdown(compare(view.a.assessment, view.b.assessment))
    st.header("Strategies")
    left, right = st.columns(2)
    for column, scenario, key in ((left, view.a, "a"), (right, view.b, "b")):
        with column:
            st.subheader(scenario.label)
            strategies(scenario, stacked=True)
            summary_and_exports(scenario, key)
    tab_a, tab_b = st.tabs([f"Details: {view.a.label}", f"Details: {view.b.label}"])
    with tab_a:
        details(view.a, "a")
    with tab_b:
        details(view.b, "b")
st.caption(version_stamp())
