"""CD19 and washout: the residual-antibody timeline, observed washouts, reading a CD19 result."""

import pandas as pd
import streamlit as st

from sequencing.considerations import about_cd19_and_washout
from sequencing.gaps import MASKING_UNKNOWNS
from ui import charts, components
from ui.shell import DISCLAIMER, frame, version_stamp

view = frame("CD19 and washout")


def _from_today(days: int) -> str:
    return "already passed" if days <= 0 else f"in {days} days"


st.title("CD19, epitope masking and washout")
st.caption(DISCLAIMER)

scenario = view.a
if scenario.assessment is None:
    components.scenario_errors(scenario.errors)
    st.stop()
washout = scenario.assessment.washout

st.header("Washout timeline")
if washout is None:
    st.info(
        "Enter **days since the last tafasitamab dose** in the patient form to draw the "
        "expected residual antibody and the planned leukapheresis date."
    )
else:
    left, middle, right = st.columns(3)
    left.metric("Days since the last dose", washout.days_since_last_dose)
    middle.metric("Expected remaining today (model)", f"{100 * washout.fraction_today:.1f}%")
    if washout.fraction_at_leukapheresis is not None:
        right.metric(
            "At planned leukapheresis (model)",
            f"{100 * washout.fraction_at_leukapheresis:.1f}%",
            help=f"In {washout.leukapheresis_in_days} days from today.",
        )
    else:
        right.metric(
            "At planned leukapheresis",
            "no date set",
            help="Set 'Planned leukapheresis in' in the form (CAR-T planned or possible).",
        )
    curve = pd.DataFrame(washout.curve, columns=["day", "fraction"]).assign(
        percent=lambda f: 100 * f["fraction"]
    )
    observed_rows = []
    for point in washout.observed:
        if point.value is None:
            continue
        to_days = charts.days_from_months(1) if point.unit == "months" else 1.0
        observed_rows.append(
            {
                "label": f"{point.cohort_label} (n={point.n})" if point.n else point.cohort_label,
                "low_day": None if point.range_low is None else point.range_low * to_days,
                "high_day": None if point.range_high is None else point.range_high * to_days,
                "median_day": point.value * to_days,
            }
        )
    leukapheresis_day = (
        washout.days_since_last_dose + washout.leukapheresis_in_days
        if washout.leukapheresis_in_days is not None
        else None
    )
    alt_text = (
        f"Expected residual tafasitamab falls by half every {washout.half_life_days:g} days "
        f"(first-order model). Day after last dose at which it falls under: "
        + ", ".join(f"{k} on day {v:.0f}" for k, v in washout.thresholds.items())
        + (f". Planned leukapheresis on day {leukapheresis_day}." if leukapheresis_day else ".")
    )
    charts.show(
        charts.washout_chart(
            curve,
            washout.half_life_days,
            washout.days_since_last_dose,
            leukapheresis_day,
            pd.DataFrame(observed_rows),
        ),
        key="washout-chart",
        alt_text=alt_text,
        height=460,
    )
    st.caption(
        "Shaded band and dotted line: DESCAR-T's observed washouts. The prior-line figure "
        "runs from the last tafa-len dose to CAR-T infusion (see its quote below); "
        "leukapheresis comes before infusion."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Expected remaining falls under": k,
                    "Day after last dose": round(v),
                    "From today": _from_today(round(v) - washout.days_since_last_dose),
                }
                for k, v in washout.thresholds.items()
            ]
        ),
        hide_index=True,
    )
    for statement in washout.statements:
        st.markdown(f"- {statement}")
    with st.expander("Half-life source"):
        components.evidence_record(view.base, washout.half_life_outcome_id)
    st.subheader("Observed washouts (DESCAR-T)")
    if not washout.observed:
        st.markdown("No observed washout figures in the evidence base.")
    for point in washout.observed:
        components.evidence_record(view.base, point.outcome_id)

st.header("Reading a CD19 result after tafasitamab")
components.considerations(about_cd19_and_washout(scenario.assessment.considerations), view.base)

st.header("What is known")
for topic, heading in (
    ("masking", "Epitope masking"),
    ("cd19_testing", "CD19 testing"),
    ("antigen_loss", "CD19 loss"),
    ("washout", "Washout"),
    ("mechanism", "Mechanism"),
):
    ids = [i for i, f in view.base.findings.items() if f.topic == topic and not f.superseded_by]
    if ids:
        with st.expander(f"{heading} ({len(ids)} statements)", expanded=topic == "masking"):
            for finding_id in ids:
                components.evidence_record(view.base, finding_id)

st.header("What is not known")
for statement in MASKING_UNKNOWNS:
    st.markdown(f"- {statement}")
st.caption(version_stamp())
