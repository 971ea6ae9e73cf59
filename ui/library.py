"""The evidence library on screen: its filters, the table of records in words, the downloads, the
evidence behind one record and the forest chart. What each holds is decided by `views.library`
and the evidence's own exports."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from evidence import cite, export
from evidence.loader import EvidenceBase
from evidence.models import (
    DESIGN_LABELS,
    ENDPOINT_LABELS,
    SETTING_LABELS,
    Design,
    Endpoint,
    Outcome,
    Setting,
)
from evidence.query import OutcomeFilter, choices, sources_of
from ui import charts
from ui.records import record_markdown
from views.library import Forest, LibraryRow

__all__ = ["chosen_record", "downloads", "filters", "forest_endpoint", "show_forest", "table"]


def filters(base: EvidenceBase) -> OutcomeFilter:
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
        "Design",
        options["designs"],
        key="lib_designs",
        format_func=lambda v: DESIGN_LABELS[Design(v)],
    )
    subgroup = columns[4].text_input("Subgroup contains", key="lib_subgroup", max_chars=60)
    return OutcomeFilter(settings, treatments, endpoints, designs, subgroup)


def table(rows: Sequence[LibraryRow]) -> None:
    records = pd.DataFrame([row.record() for row in rows])
    st.dataframe(records, hide_index=True, width="stretch", key="lib_table")


def downloads(base: EvidenceBase, records: list[Outcome]) -> None:
    flat = export.rows(base, records)
    source_ids = sources_of(base, records)
    files = (
        ("Records as CSV", export.to_csv(flat), "evidence-records.csv", "text/csv", "csv"),
        ("Records as JSON", export.to_json(flat), "evidence-records.json", "application/json",
         "json"),
        ("Bibliography (BibTeX)", cite.bibliography(base, "bibtex", source_ids), "evidence.bib",
         "application/x-bibtex", "bibtex"),
        ("Bibliography (RIS)", cite.bibliography(base, "ris", source_ids), "evidence.ris",
         "application/x-research-info-systems", "ris"),
    )  # fmt: skip
    for column, (label, data, name, mime, key) in zip(st.columns(4), files, strict=True):
        column.download_button(label, data, name, mime, key=f"download_{key}", on_click="ignore")


def chosen_record(rows: Sequence[LibraryRow]) -> None:
    """A record chosen from the filtered ones, with its quote, location, citation and DOI."""
    if not rows:
        return
    by_id = {row.figure.outcome_id: row for row in rows}
    chosen = st.selectbox(
        "Record", list(by_id), key="lib_record", format_func=lambda i: by_id[i].choice
    )
    st.markdown(record_markdown(by_id[chosen or next(iter(by_id))].figure))


def forest_endpoint(base: EvidenceBase) -> str:
    endpoints = choices(base)["endpoints"]
    start = endpoints.index("median_pfs") if "median_pfs" in endpoints else 0
    chosen = st.selectbox(
        "Endpoint",
        endpoints,
        key="lib_forest_endpoint",
        index=start,
        format_func=lambda v: ENDPOINT_LABELS[Endpoint(v)],
    )
    return chosen or endpoints[start]


def show_forest(forest: Forest | None) -> None:
    if forest is None:
        st.markdown("No record with a value for this endpoint among the filtered records.")
        return
    if forest.left_out:
        st.caption(forest.left_out)
    charts.show(
        charts.forest_chart(forest.rows, forest.axis_title, forest.log_scale),
        key="forest",
        alt_text=forest.alt_text,
    )
