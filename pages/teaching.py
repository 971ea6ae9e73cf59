"""Teaching: case library, predict-then-reveal, response as 100 people, appraisal cards,
glossary."""

import streamlit as st

from evidence.models import ENDPOINT_LABELS, Endpoint
from sequencing import assess
from sequencing.appraisal import appraise
from sequencing.cases import CASES, CASES_BY_ID
from sequencing.glossary import GLOSSARY
from sequencing.prediction import SCALES, feedback
from ui import components, icons
from ui.shell import frame, load_into_form, version_stamp

view = frame("Teaching")
base = view.base
st.title("Teaching")
cases_tab, people_tab, appraisal_tab, glossary_tab = st.tabs(
    ["Cases", "Out of 100 people", "Appraisal cards", "Glossary"]
)

with cases_tab:
    case = CASES_BY_ID[
        st.selectbox(
            "Case", [c.id for c in CASES], key="case", format_func=lambda i: CASES_BY_ID[i].title
        )
    ]
    st.markdown(case.story)
    st.caption(case.source)
    for item in case.unstated:
        st.caption(f"Not stated in the source: {item}.")
    st.button(
        "Load this case into the patient form",
        key=f"load-{case.id}",
        on_click=load_into_form,
        args=(case.features, case.leukapheresis_in_days),
    )

    st.subheader("Predict, then reveal")
    assessment = assess(case.profile(), base, leukapheresis_in_days=case.leukapheresis_in_days)
    endpoint_label = ENDPOINT_LABELS[Endpoint(case.predict_endpoint)]
    unit = "%" if "rate" in case.predict_endpoint or "orr" in case.predict_endpoint else "months"
    low_end, high_end, step = SCALES[unit]
    committed_key = f"committed-{case.id}"
    with st.form(key=f"predict-{case.id}"):
        choice = st.radio(
            "Which strategy would you bring to the board?",
            [s.title for s in assessment.strategies],
            key=f"choice-{case.id}",
        )
        expected = st.slider(
            f"Your expected range for {endpoint_label.lower()} ({unit})",
            low_end,
            high_end,
            (low_end, high_end / 2),
            step=step,
            format="%.0f" if unit == "%" else "%.1f",
            key=f"expected-{case.id}",
        )
        if st.form_submit_button("Commit my prediction"):
            st.session_state[committed_key] = (choice, expected)
    committed = st.session_state.get(committed_key)
    if committed is None:
        st.info("Commit a choice and a range to reveal the evidence.")
    else:
        chosen, (low, high) = committed
        st.markdown(
            f"**Your prediction:** {chosen}; {endpoint_label.lower()} {low:g}–{high:g} {unit}."
        )
        strategy = next(s for s in assessment.strategies if s.title == chosen)
        if strategy.applicable:
            st.success(f"{chosen} applies to this patient.")
        else:
            st.warning(f"{chosen} does not apply to this patient: " + " ".join(strategy.reasons))
        items = feedback(assessment, case.predict_endpoint, low, high)
        if not items:
            st.markdown(f"No matched cohort reports {endpoint_label.lower()} for this patient.")
        for item in items:
            st.markdown(f"**{item.strategy_title}**: {item.text}")
            components.range_section(
                item.endpoint_range,
                key=f"reveal-{case.id}-{item.endpoint_range.endpoint}-{item.strategy_title}",
            )
        st.markdown("**Considerations for this case**")
        components.considerations(assessment.considerations, base)
        if st.button("Hide the evidence and predict again", key=f"reset-{case.id}"):
            del st.session_state[committed_key]
            st.rerun()

with people_tab:
    icons.section(view.a.assessment, key="icons")

with appraisal_tab:
    source_id = st.selectbox(
        "Study",
        list(base.sources),
        key="appraisal_source",
        format_func=lambda i: base.sources[i].short,
    )
    card = appraise(base, source_id)
    with st.container(border=True):
        st.markdown(f"### {card.short}\n{card.citation}")
        st.markdown(
            f"**Design:** {card.design}"
            + (" · known here only second-hand" if card.second_hand else "")
        )
        if card.cohorts:
            st.markdown(
                "**Cohorts:** "
                + "; ".join(f"{label} (n={n})" if n else label for label, n in card.cohorts)
            )
        st.markdown("**Biases to weigh:**\n" + "\n".join(f"- {b}" for b in card.biases))
        for record_id in card.bias_records:
            components.evidence_record(base, record_id)
        for caution in card.cautions:
            st.markdown(f":orange[**Known problems in this source:**] {caution}")
        if card.conflicts:
            st.markdown(f"**The source contradicts itself ({len(card.conflicts)}):**")
            for first, _second in card.conflicts:
                components.evidence_record(base, first)

with glossary_tab:
    for term, meaning in GLOSSARY.items():
        st.markdown(f"**{term}**: {meaning}")
st.caption(version_stamp())
