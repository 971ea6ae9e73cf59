"""The teaching page's tabs on screen: a case with predict-then-reveal, a study's appraisal card
and the glossary. What they say is decided by `views.teaching` and the engine's case library."""

from __future__ import annotations

import streamlit as st

from sequencing.cases import CASES, CASES_BY_ID, TeachingCase
from sequencing.glossary import GLOSSARY
from ui import considerations, ranges
from ui.markdown import plain
from ui.records import record_markdown
from ui.shell import Frame, load_into_form, scenario_views
from views.teaching import appraisal_view, prediction_scale, prediction_text, reveal

__all__ = ["appraisal", "case", "glossary", "predict_then_reveal"]


def case() -> TeachingCase:
    """The chosen case, its story and source, and a button that loads it into the form."""
    chosen = CASES_BY_ID[
        st.selectbox(
            "Case", [c.id for c in CASES], key="case", format_func=lambda i: CASES_BY_ID[i].title
        )
    ]
    st.markdown(chosen.story)
    st.caption(chosen.source)
    for item in chosen.unstated:
        st.caption(f"Not stated in the source: {item}.")
    st.button(
        "Load this case into the patient form",
        key=f"load-{chosen.id}",
        on_click=load_into_form,
        args=(chosen.features, chosen.leukapheresis_in_days),
    )
    return chosen


def _predict(chosen: TeachingCase, titles: list[str]) -> None:
    scale = prediction_scale(chosen.predict_endpoint)
    with st.form(key=f"predict-{chosen.id}"):
        choice = st.radio(
            "Which strategy would you bring to the board?", titles, key=f"choice-{chosen.id}"
        )
        expected = st.slider(
            scale.question,
            scale.low,
            scale.high,
            (scale.low, scale.high / 2),
            step=scale.step,
            format=scale.slider_format,
            key=f"expected-{chosen.id}",
        )
        if st.form_submit_button("Commit my prediction"):
            st.session_state[f"committed-{chosen.id}"] = (choice, expected)


def predict_then_reveal(chosen: TeachingCase, view: Frame) -> None:
    """The fellow commits a strategy and a range; then the evidence is revealed beside it."""
    views = scenario_views(chosen.profile(), chosen.leukapheresis_in_days)
    assessment = views.assessment
    _predict(chosen, [s.title for s in assessment.strategies])
    committed_key = f"committed-{chosen.id}"
    committed = st.session_state.get(committed_key)
    if committed is None:
        st.info("Commit a choice and a range to reveal the evidence.")
        return
    title, (low, high) = committed
    scale = prediction_scale(chosen.predict_endpoint)
    st.markdown(f"**{plain(prediction_text(title, scale, low, high))}**")
    strategy = next(s for s in assessment.strategies if s.title == title)
    if strategy.applicable:
        st.success(f"{plain(title)} applies to this patient.")
    else:
        reasons = " ".join(strategy.reasons)
        st.warning(f"{plain(title)} does not apply to this patient: {plain(reasons)}")
    shown = reveal(assessment, chosen.predict_endpoint, low, high, view.index)
    if not shown:
        st.markdown(f"No matched cohort reports {scale.endpoint} for this patient.")
    for item in shown:
        st.markdown(f"**{plain(item.strategy)}**: {plain(item.text)}")
        ranges.section(item.chart, key=f"reveal-{chosen.id}-{item.chart.key}-{item.strategy}")
    st.markdown("**Considerations for this case**")
    considerations.show(views.considerations)
    if st.button("Hide the evidence and predict again", key=f"reset-{chosen.id}"):
        del st.session_state[committed_key]
        st.rerun()


def appraisal(view: Frame) -> None:
    sources = view.base.sources
    source_id = st.selectbox(
        "Study", list(sources), key="appraisal_source", format_func=lambda i: sources[i].short
    )
    card = appraisal_view(source_id or next(iter(sources)), view.index)
    with st.container(border=True):
        st.markdown(f"### {plain(card.short)}\n{plain(card.citation)}")
        st.markdown(f"**Design:** {plain(card.design)}")
        if card.cohorts:
            st.markdown(f"**Cohorts:** {plain(card.cohorts)}")
        st.markdown("**Biases to weigh:**\n" + "\n".join(f"- {plain(b)}" for b in card.biases))
        for record in card.bias_records:
            st.markdown(record_markdown(record))
        for caution in card.cautions:
            st.markdown(f":orange[**Known problems in this source:**] {plain(caution)}")
        if card.conflicts:
            st.markdown(f"**The source contradicts itself ({len(card.conflicts)}):**")
            for record in card.conflicts:
                st.markdown(record_markdown(record))


def glossary() -> None:
    st.markdown("\n\n".join(f"**{plain(term)}**: {plain(text)}" for term, text in GLOSSARY.items()))
