"""Sequencing (landing page): the board (the whole answer on one screen; in presenter mode the
whole page), then strategies, outcome ranges, cohort fit, considerations."""

import streamlit as st

from ui import board, cards, components, considerations, fit, ranges, washout
from ui.shell import DISCLAIMER, ScenarioView, compare_with, derived_note, frame, version_stamp
from views import report
from views.ranges import RANGES_CAPTION, strategy_charts
from views.scenario import ScenarioViews, other_failure_timing
from views.summary import compare

CARDS = "Strategy cards: why each applies, its context and its key ranges"

view = frame("Sequencing")
if not view.presenter:  # presenter mode: the board is the page; the disclaimer at its foot
    st.title("Tafa-len and CD19 CAR-T: sequencing")
    st.caption(DISCLAIMER)


def strategies(scenario: ScenarioView, stacked: bool = False) -> None:
    if scenario.views is None:
        components.scenario_errors(scenario.errors)
        return
    cards.show(scenario.views.cards, stacked=stacked)


#: The label of the switch that draws the outcome charts and the cohort fit (off by default: they
#: were most of a landing-page run, and the board above already shows the key figures).
DETAILS = "Show the outcome charts and how well each cohort matches"


def details(scenario: ScenarioView, key: str) -> None:
    if scenario.views is None:
        return
    # Drawn only when switched on: an st.expander's content is built and sent on every run.
    if st.toggle(DETAILS, key=f"{key}-details"):
        outcome_charts(scenario, key)
        st.subheader("How well each cohort matches")
        fit.show(scenario.views.fit, key=f"{key}-fit-grid")
    st.subheader("Considerations")
    considerations.show(scenario.views.considerations)


@st.fragment
def outcome_charts(scenario: ScenarioView, key: str) -> None:
    """One strategy's ranges and landmark charts; choosing another strategy reruns only this."""
    if scenario.assessment is None:
        return
    st.subheader("Outcome ranges of matched cohorts")
    st.caption(RANGES_CAPTION)
    applicable = {s.title: s for s in scenario.assessment.strategies if s.applicable}
    if not applicable:
        st.info("No strategy applies to this patient as entered.")
        return
    # One strategy's charts at a time: drawing every tab's charts on each rerun was most of
    # the landing page's cost (benchmarks/README.md).
    chosen = st.segmented_control(
        "Strategy", list(applicable), default=next(iter(applicable)), key=f"{key}-strategy"
    )
    strategy = applicable.get(chosen or "", next(iter(applicable.values())))
    narrow = view.b is not None
    ranges.show_strategy(strategy_charts(strategy, view.index, narrow), key)


def board_of(scenario: ScenarioView, key: str) -> ScenarioViews | None:
    """The board (built once for this patient, shared across sessions), or what to correct."""
    if scenario.views is None:
        components.scenario_errors(scenario.errors)
        return None
    board.show(scenario.views.board, key, 1 if view.b is None else 2)
    return scenario.views


def summary_and_exports(scenario: ScenarioView, key: str, views: ScenarioViews | None) -> None:
    if views is None:
        return
    summary = views.summary
    st.markdown(f"**Summary.** {summary.paragraph()}")
    derived_note(scenario)
    link = f"?{view.link}"
    st.caption(f"Scenario link: `{link}`")
    # Scenario A's export carries what changed since the link's evidence version, when listed.
    changes = view.since.changes if view.since is not None and key == "a" else None
    left, right = st.columns(2)
    # Callables: the files are built when clicked, not on every rerun.
    left.download_button(
        "Summary as Markdown",
        lambda: report.markdown(views, version_stamp(), link, changes=changes),
        file_name="scenario-summary.md",
        mime="text/markdown",
        key=f"{key}-download-md",
        on_click="ignore",
    )
    right.download_button(
        "Summary as PDF",
        lambda: report.pdf(views, version_stamp(), link, changes=changes),
        file_name="scenario-summary.pdf",
        mime="application/pdf",
        key=f"{key}-download-pdf",
        on_click="ignore",
    )


def washout_summary(scenario: ScenarioView) -> None:
    """The scenario's washout in brief, for compare mode (the timeline is on CD19 and washout)."""
    if scenario.views is None:
        return
    st.markdown("**Washout** (the timeline is on the CD19 and washout page)")
    if scenario.views.washout is None:
        st.caption("No tafasitamab dose entered: no washout to model.")
        return
    washout.metrics(scenario.views.washout)
    with st.expander("What the washout rests on"):
        st.markdown(washout.statements(scenario.views.washout))


scenarios = [(view.a, "a")] if view.b is None else [(view.a, "a"), (view.b, "b")]
if view.presenter:
    # The board is the whole page: the room reads the answer without scrolling.
    slots = st.columns(len(scenarios)) if view.b is not None else [st.container()]
    for slot, (scenario, key) in zip(slots, scenarios, strict=True):
        with slot:
            if view.b is not None:
                st.subheader(scenario.label)
            shown = board_of(scenario, key)
            if shown is not None:
                st.markdown(board.summary_line(shown.summary))
                derived_note(scenario)
    st.caption(f"{DISCLAIMER} {board.link_line(f'?{view.link}', version_stamp())}")
elif view.b is None:
    shown = board_of(view.a, "a")
    what_if = other_failure_timing(view.a.profile) if view.a.profile else None
    if shown is not None and what_if is not None:
        question, changes = what_if
        st.button(question, key="what-if-timing", on_click=compare_with, args=(changes,))
    summary_and_exports(view.a, "a", shown)
    st.header("Strategies")
    if view.a.assessment is not None:  # else the board's place already says what to correct
        with st.expander(CARDS):
            strategies(view.a)
    details(view.a, "a")
    st.caption(version_stamp())
else:
    if view.a.views is not None and view.b.views is not None:
        st.subheader("What changes from A to B")
        a_views, b_views = view.a.views, view.b.views
        st.markdown(compare(a_views.assessment, a_views.board, b_views.assessment, b_views.board))
    columns = st.columns(2)
    for column, (scenario, key) in zip(columns, scenarios, strict=True):
        with column:
            st.subheader(scenario.label)
            summary_and_exports(scenario, key, board_of(scenario, key))
    st.header("Strategies")
    # Side by side, not one per tab: both scenarios' washout and charts in view together.
    columns = st.columns(2)
    for column, (scenario, key) in zip(columns, scenarios, strict=True):
        with column:
            st.subheader(scenario.label)
            if scenario.assessment is not None:
                with st.expander(CARDS):
                    strategies(scenario, stacked=True)
            washout_summary(scenario)
            details(scenario, key)
    st.caption(version_stamp())
