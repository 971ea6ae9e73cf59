"""Shared display pieces: strategy cards, range sections, the cohort-fit grid, considerations,
and the evidence behind any record. Display only: every judgement comes from `sequencing`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from evidence import EvidenceBase
from evidence.figure import DAYS_PER_MONTH
from evidence.formatting import interval_text, number
from evidence.models import SETTING_LABELS, Endpoint
from sequencing.index import engine_index
from sequencing.ranges import RangePoint, band_label
from ui import charts, labels
from ui.figures import point_summary, point_value
from ui.records import record_markdown
from ui.theme import FIT_LABELS, SEVERITY_ICONS
from views.records import record_view

_SEVERITY_ORDER = ("warning", "caution", "info")
_SEVERITY_WORDS = {"warning": "Warning", "caution": "Caution", "info": "Information"}
_VERIFIED = {
    "seed_full_text": "checked against the full text",
    "abstract": "checked against the abstract",
    "label": "checked against the drug label",
    "secondary_summary": "secondary summary only (not the primary publication)",
}


def doi_link(doi: str | None, url: str | None = None) -> str:
    if doi:
        return f"[doi:{doi}](https://doi.org/{doi})"
    return f"[source page]({url})" if url else ""


def evidence_record(base: EvidenceBase, record_id: str) -> None:
    """One outcome or finding with its quote, location, citation, DOI and conflicts, drawn as a
    single Markdown block (one element per record keeps a rerun's message count down)."""
    record = record_view(record_id, engine_index(base))
    st.markdown(
        record_markdown(record) if record else ":gray[(record not found in the evidence base)]"
    )


def scenario_errors(errors: Iterable[str]) -> None:
    for error in errors:
        st.error(error, icon=":material/error:")


def strategy_cards(assessment: Any, stacked: bool = False) -> None:
    """Applicable strategies as cards (side by side unless `stacked`), then a short list of the
    ones that do not apply with the reason, so that the room reads what matters first."""
    applicable = [s for s in assessment.strategies if s.applicable]
    others = [s for s in assessment.strategies if not s.applicable]
    if not applicable:
        st.info("No strategy applies to this patient as entered.")
    slots = (
        [st.container() for _ in applicable]
        if stacked
        else (st.columns(len(applicable)) if applicable else [])
    )
    for slot, strategy in zip(slots, applicable, strict=True):
        with slot, st.container(border=True):
            st.markdown(f"#### {strategy.title}\n:green-badge[Applies]")
            if strategy.context:
                # Licence and guideline context (and a leading concern) first: context, not rank.
                st.markdown("\n".join(f"- :blue[{note.text}]" for note in strategy.context))
            st.markdown("\n".join(f"- {reason}" for reason in strategy.reasons))
            _range_summary(strategy)
    if others:
        st.markdown(
            "**Does not apply:**\n"
            + "\n".join(f"- {s.title}: {s.reasons[0] if s.reasons else ''}" for s in others)
        )


def _range_summary(strategy: Any) -> None:
    """Per stage: what its figures measure, then its key ranges (never mixed across stages);
    a stage of options lists each option with its own figures, never banded or ranked."""
    for stage in strategy.stages:
        lines = [f"**{stage.title}.** :gray[{stage.measures}]"]
        lines += [f"- :gray[{note.text}]" for note in stage.notes]
        shown = [r for r in stage.ranges if r.points]
        if not shown:
            lines.append("- *No published evidence matches this patient for this stage.*")
        lines += [f"- **{r.name or r.label}**: {range_text(r)}" for r in shown[:5]]
        st.markdown("\n".join(lines))


def option_line(option: Any) -> str:
    """'**CD20xCD3 bispecific antibody** · BICAR (Sesques 2023), n=67, single-arm trial, fits:
    overall response rate (best response) 65.9% ...': the option's own figures, its n, design
    and fit, nothing compared."""
    figures = "; ".join(
        f"{band_label(Endpoint(p.endpoint), p.timepoint_months, p.response_assessment)} "
        f"{point_value(p)}"
        for p in option.figures[:4]
    )
    n = f", n={option.n}" if option.n else ""
    return (
        f"**{option.treatment_class}** · {option.label} ({option.source_short}{n}), "
        f"{option.design.lower()}, {FIT_LABELS[option.grade].lower()}: {figures or 'no figure'}"
    )


def range_text(endpoint_range: Any) -> str:
    """'33–60% across 4 cohorts' or the single figure with its n: a span, never a pooled value."""
    matched = [p for p in endpoint_range.points if p.grade in ("fits", "partial")]
    if not matched:
        return "only cohorts outside this patient's profile report it"
    banded = [p for p in matched if p.in_band]
    others = len(endpoint_range.points) - len(banded)
    extra = f"; {others} more shown hollow, not in the band" if others else ""
    if endpoint_range.low is None or not banded:
        reached = [p for p in banded if p.not_reached]
        if reached:
            return "not reached in " + ", ".join(p.source_short for p in reached) + extra
        return "no figure sets a band for this patient" + extra
    unit = endpoint_range.unit
    suffix = "%" if unit == "%" else f" {unit}"
    if endpoint_range.cohorts == 1:
        first = banded[0]
        n = f", n={first.n}" if first.n else ""
        span = (
            number(endpoint_range.low)
            if endpoint_range.low == endpoint_range.high
            else f"{number(endpoint_range.low)}–{number(endpoint_range.high)}"
        )
        return f"{span}{suffix} ({first.source_short}{n}){extra}"
    patients = (
        f", {endpoint_range.patients} patients"
        if endpoint_range.patients
        else ", n not given for every cohort"
    )
    return (
        f"{number(endpoint_range.low)}–{number(endpoint_range.high)}{suffix} "
        f"across {endpoint_range.cohorts} cohorts{patients}{extra}"
    )


def range_rows(endpoint_range: Any) -> list[tuple[str, RangePoint]]:
    """(unique row label, point) for each figure of one endpoint."""
    points: list[RangePoint] = list(endpoint_range.points)
    names = []
    for point in points:
        name = f"{point.source_short} · {point.subgroup}"
        if point.arm:
            name += f" · {point.arm}"
        names.append(name + (f" (n={point.n})" if point.n else ""))
    # The same label twice (e.g. abstract and results disagree) gets its location added.
    rows = labels.unique(names, [[p.location for p in points], [p.outcome_id for p in points]])
    return list(zip(rows, points, strict=True))


def range_section(endpoint_range: Any, key: str, with_table: bool = True) -> list[dict[str, Any]]:
    """Chart (+ its table, unless the caller shows one table for several) for one endpoint.

    Returns the table's rows, so that a caller can gather one table for several charts.
    """
    st.markdown(f"**{endpoint_range.label}**: {range_text(endpoint_range)}")
    rows = range_rows(endpoint_range)
    is_time = endpoint_range.low_months is not None or endpoint_range.unit in ("months", "days")
    plotted = [
        {
            "row": row,
            "x": _x(point),
            "ci_low": _ci(point, "low", is_time),
            "ci_high": _ci(point, "high", is_time),
            "fit": point.grade,
            "in_band": bool(point.in_band),
            "label": point_value(point).split(" (about")[0],
        }
        for row, point in rows
        if _x(point) is not None
    ]
    if plotted:
        band = _band(endpoint_range, is_time)
        axis = "months" if is_time else endpoint_range.unit
        domain_max = 100.0 if endpoint_range.unit == "%" else None
        charts.show(
            charts.range_chart(
                pd.DataFrame(plotted), f"{endpoint_range.label} ({axis})", band, domain_max
            ),
            key=f"{key}-chart",
            alt_text=_alt_text(endpoint_range, rows),
        )
    not_plotted = [row for row, point in rows if _x(point) is None]
    if not_plotted:
        st.caption("Not reached (no point to plot): " + "; ".join(not_plotted))
    records = _point_records(rows)
    if with_table:
        with st.expander("Table and sources"):
            st.dataframe(pd.DataFrame(records), hide_index=True, width="stretch")
    return records


def strategy_table(tables: list[tuple[str, list[dict[str, Any]]]], key: str) -> None:
    """Every figure behind a strategy's charts in one table: the charts' text alternative."""
    records = [{"Endpoint": endpoint} | row for endpoint, rows in tables for row in rows]
    if records:
        with st.expander("All figures above as a table, with sources"):
            st.dataframe(pd.DataFrame(records), hide_index=True, width="stretch", key=key)


def _x(point: RangePoint) -> float | None:
    if point.not_reached:
        return None
    return point.value_months if point.value_months is not None else point.value


def _ci(point: RangePoint, side: str, is_time: bool) -> float | None:
    value = point.ci_low if side == "low" else point.ci_high
    if value is None:
        return None
    if is_time and point.unit == "days":
        return value / DAYS_PER_MONTH
    if is_time and point.unit == "years":
        return value * 12
    return float(value)


def _band(endpoint_range: Any, is_time: bool) -> tuple[float, float] | None:
    low = endpoint_range.low_months if is_time else endpoint_range.low
    high = endpoint_range.high_months if is_time else endpoint_range.high
    if low is None or high is None:
        return None
    return float(low), float(high)


def _alt_text(endpoint_range: Any, rows: list[tuple[str, RangePoint]]) -> str:
    parts = [
        f"{row}: {point_summary(point)}, {FIT_LABELS[point.grade].lower()}" for row, point in rows
    ]
    return f"{endpoint_range.label}. " + "; ".join(parts) + "."


def _point_records(rows: list[tuple[str, RangePoint]]) -> list[dict[str, Any]]:
    return [
        {
            "Cohort": row,
            "Value": point_value(point),
            "Interval": interval_text(point),
            "n": "" if point.n is None else str(point.n),
            "Analysis": point.analysis,
            "Counted": labels.time_origin(point.time_origin),
            "Fit": FIT_LABELS[point.grade],
            "Sets the band": "yes" if point.in_band else f"no: {point.hollow_reason}",
            "Design": point.design,
            "Follow-up (months)": number(point.followup_months),
            "Where": point.location,
            "DOI": point.doi or "",
        }
        for row, point in rows
    ]


def fit_grid(fits: list[Any]) -> pd.DataFrame:
    """This patient against each cohort: ✓ inside, ✗ outside, ? unknown, blank not reported."""
    symbol = {"inside": "✓", "outside": "✗", "unknown": "?"}
    features: list[str] = []
    for fit in fits:
        for check in fit.checks:
            if check.label not in features:
                features.append(check.label)
    rows = []
    order = {"fits": 0, "partial": 1, "outside": 2}
    for fit in sorted(fits, key=lambda f: order[f.grade]):
        row: dict[str, Any] = {
            "Cohort": f"{fit.source_short} · {fit.cohort_label}",
            "Setting": SETTING_LABELS.get(fit.setting, str(fit.setting)),
            "n": "" if fit.n is None else str(fit.n),
            "Fit": FIT_LABELS[fit.grade],
        }
        for feature in features:
            row[feature] = ""
        for check in fit.checks:
            row[check.label] = symbol[check.status]
        row["Why"] = "; ".join(fit.reasons)
        rows.append(row)
    return pd.DataFrame(rows)


def show_fit_grid(fits: list[Any], key: str) -> None:
    """The grid, mismatches marked ✗ (a plain table: styling every cell cost a quarter of a
    landing-page rerun, and a symbol reads without colour)."""
    st.dataframe(fit_grid(fits), hide_index=True, width="stretch", key=key)


def considerations(items: list[Any], base: EvidenceBase) -> None:
    if not items:
        st.markdown("No considerations fire for this patient.")
        return
    for severity in _SEVERITY_ORDER:
        for item in (i for i in items if i.severity == severity):
            title = f"{_SEVERITY_WORDS[severity]}: {item.title}"
            with st.expander(title, icon=SEVERITY_ICONS[severity]):
                st.markdown(item.text)
                st.caption(f"Rule {item.rule_id} · evidence:")
                for record_id in item.evidence:
                    evidence_record(base, record_id)
