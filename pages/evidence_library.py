"""Evidence library: every outcome record, filterable, with its quote, a forest chart, downloads."""

import pandas as pd
import streamlit as st

from evidence import cite, export
from evidence.formatting import interval_text
from evidence.models import (
    DESIGN_LABELS,
    ENDPOINT_LABELS,
    SETTING_LABELS,
    Design,
    Endpoint,
    Setting,
)
from evidence.query import OutcomeFilter, choices, filter_outcomes, sources_of
from ui import charts, components, labels
from ui.figures import point_value
from ui.shell import frame, version_stamp

view = frame("Evidence library")
base = view.base
st.title("Evidence library")
st.caption(
    "Every figure in the evidence base, with where it stands in its source. Figures from "
    "different cohorts are not head-to-head comparisons."
)

options = choices(base)
columns = st.columns(5)
settings = columns[0].multiselect(
    "Setting",
    options["settings"],
    key="lib_settings",
    format_func=lambda v: SETTING_LABELS[Setting(v)],
)
treatments = columns[1].multiselect("Treatment", options["treatments"], key="lib_treatments")
endpoints = columns[2].multiselect(
    "Endpoint",
    options["endpoints"],
    key="lib_endpoints",
    format_func=lambda v: ENDPOINT_LABELS[Endpoint(v)],
)
designs = columns[3].multiselect(
    "Design", options["designs"], key="lib_designs", format_func=lambda v: DESIGN_LABELS[Design(v)]
)
subgroup = columns[4].text_input("Subgroup contains", key="lib_subgroup", max_chars=60)
records = filter_outcomes(base, OutcomeFilter(settings, treatments, endpoints, designs, subgroup))
rows = export.rows(base, records)
st.markdown(f"**{len(records)}** of {len(base.outcomes)} outcome records.")

table = pd.DataFrame(
    [
        {
            "Source": base.source_of(o.cohort).short,
            "Cohort": base.cohorts[o.cohort].label,
            "Subgroup": o.subgroup,
            "Arm": o.arm or "",
            "Endpoint": ENDPOINT_LABELS[o.endpoint],
            "Value": point_value(o),
            "95% CI": interval_text(o),
            "n": row["n"],
            "Where": o.location,
            "Conflict": "yes" if o.conflicts_with else "",
            "Note": o.source_error or o.comparison or o.note or "",
            "Quote": o.quote or "",
            "Id": o.id,
        }
        for o, row in zip(records, rows, strict=True)
    ]
)
st.dataframe(table, hide_index=True, width="stretch", key="lib_table")

left, right, bib, ris = st.columns(4)
left.download_button(
    "Records as CSV",
    export.to_csv(rows),
    "evidence-records.csv",
    "text/csv",
    key="download_csv",
    on_click="ignore",
)
right.download_button(
    "Records as JSON",
    export.to_json(rows),
    "evidence-records.json",
    "application/json",
    key="download_json",
    on_click="ignore",
)
source_ids = sources_of(base, records)
bib.download_button(
    "Bibliography (BibTeX)",
    cite.bibliography(base, "bibtex", source_ids),
    "evidence.bib",
    "application/x-bibtex",
    key="download_bibtex",
    on_click="ignore",
)
ris.download_button(
    "Bibliography (RIS)",
    cite.bibliography(base, "ris", source_ids),
    "evidence.ris",
    "application/x-research-info-systems",
    key="download_ris",
    on_click="ignore",
)

st.subheader("The evidence behind a record")
if records:
    chosen = st.selectbox(
        "Record",
        [o.id for o in records],
        key="lib_record",
        format_func=lambda i: (
            f"{base.source_of(base.outcomes[i].cohort).short}"
            f" · {base.outcomes[i].subgroup} · "
            f"{ENDPOINT_LABELS[base.outcomes[i].endpoint]} "
            f"{point_value(base.outcomes[i])}"
        ),
    )
    components.evidence_record(base, chosen)

st.subheader("Forest chart")
endpoint = st.selectbox(
    "Endpoint",
    options["endpoints"],
    key="lib_forest_endpoint",
    index=options["endpoints"].index("median_pfs") if "median_pfs" in options["endpoints"] else 0,
    format_func=lambda v: ENDPOINT_LABELS[Endpoint(v)],
)
plotted = [o for o in records if o.endpoint.value == endpoint and o.value is not None]
units = sorted({o.unit for o in plotted})
if not plotted:
    st.markdown("No record with a value for this endpoint among the filtered records.")
else:
    unit = units[0]
    same_unit = [o for o in plotted if o.unit == unit]
    if len(units) > 1:
        st.caption(
            f"Only records in {unit} are drawn; others use another unit: "
            + ", ".join(units[1:])
            + "."
        )
    rows = labels.unique(
        [labels.record_label(base, o) for o in same_unit],
        [[o.location for o in same_unit], [o.id for o in same_unit]],
    )
    points = pd.DataFrame(
        [
            {
                "row": row,
                "x": o.value,
                "ci_low": o.ci_low,
                "ci_high": o.ci_high,
                "setting_label": SETTING_LABELS[base.cohorts[o.cohort].setting],
            }
            for o, row in zip(same_unit, rows, strict=True)
        ]
    )
    is_ratio = unit == "ratio"
    charts.show(
        charts.forest_chart(points, f"{ENDPOINT_LABELS[Endpoint(endpoint)]} ({unit})", is_ratio),
        key="forest",
        alt_text="; ".join(f"{r.row}: {r.x:g}" for r in points.itertuples()) + ".",
    )
st.caption(version_stamp())
