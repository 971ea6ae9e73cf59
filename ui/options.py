"""The other options at this patient's point on screen: one row per kind of treatment, in the
engine's fixed order (never a ranking). Each row is a button whose label is the kind, its lead
cohort's key figures and what they rest on; every cohort's figures open in the one dialog.
Display only: `views.options` decides what a row holds."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.markdown import plain
from ui.records import figure_markdown, record_markdown
from views.options import NOT_SPLIT, TARGETS_CD19, TIMED, OptionCohortView, OptionView

__all__ = ["HEADING", "option_details", "option_label", "options_section"]

HEADING = "Other options at this point"
ORDER_NOTE = (
    "In a fixed order by kind of treatment, never a ranking; each with its own cohorts' "
    "figures, never pooled. Select a row for every cohort, its fit and sources."
)


_FIT_MARKS = {"Fits": "fits", "Partly fits": "partly fits ◐", "Outside": "outside"}


def _basis(cohort: OptionCohortView, short: bool = False) -> str:
    """What a cohort's figures rest on; `short` for the board's row (the design and the full
    wording are in the dialog)."""
    parts = [cohort.source, cohort.n]
    if not short:
        parts.append(cohort.design.lower())
    parts.append(_FIT_MARKS.get(cohort.fit, cohort.fit.lower()))
    if cohort.timing and not (short and cohort.timing == NOT_SPLIT):
        parts.append(cohort.timing.removeprefix(f"{TIMED}: ") if short else cohort.timing)
    if cohort.mixed:
        parts.append("mixed CAR-T exposure" if short else cohort.mixed)
    if cohort.immature:
        parts.append("immature")
    parts += list(cohort.strength[:1] if short else cohort.strength)
    return " · ".join(parts)


def option_label(option: OptionView) -> str:
    """'**CD20xCD3 bispecific antibodies** ORR 29% · median PFS 2.2 months `Shumilov 2025 ·
    n=92 · fits · Relapse 3 months or less after CAR-T` `+6 cohorts · guideline`': the kind,
    its lead cohort's key figures, what they rest on, and the marks."""
    title = f"**{plain(option.title)}**"
    marks = [option.cd19] if option.cd19 == TARGETS_CD19 else []
    marks += ["guideline"] if option.named else []
    if option.lead is None or not option.lead.figures:
        tail = f" `{plain(' · '.join(marks))}`" if marks else ""
        return f"{title} *{plain(option.empty_text)}*{tail}"
    if option.more:
        marks.insert(0, f"+{len(option.more)} cohort{'s' if len(option.more) != 1 else ''}")
    tail = f" `{plain(' · '.join(marks))}`" if marks else ""
    return f"{title} {plain(option.headline)} `{plain(_basis(option.lead, short=True))}`{tail}"


def _cohort_markdown(cohort: OptionCohortView) -> str:
    lines = [f"**{plain(cohort.label)}** · {plain(_basis(cohort))}"]
    lines += [f"- {plain(reason)}" for reason in cohort.reasons]
    parts = ["\n".join(lines)]
    parts += [figure_markdown(f) for f in (*cohort.figures, *cohort.comparisons)]
    if not cohort.figures:
        parts.append(":gray[No figure of its own treatment for this patient.]")
    return "\n\n".join(parts)


def option_details(option: OptionView) -> str:
    head = f"### {plain(option.title)}"
    if option.cd19:
        head += f"\n\n:orange[**{plain(option.cd19)}**]"
    parts = [head]
    parts += [record_markdown(r) for r in option.context]
    if option.empty_text:
        parts.append(f"*{plain(option.empty_text)}*")
    parts += [_cohort_markdown(c) for c in option.cohorts]
    if option.outside:
        parts.append("**Published, but outside this patient's criteria:**")
        parts += [_cohort_markdown(c) for c in option.outside]
    return "\n\n---\n\n".join(parts)


def options_section(
    options: tuple[OptionView, ...],
    key: str,
    opener: Callable[[str], None],
    columns: int = 1,
) -> None:
    """The rows, in `columns` columns filled down then across (the fixed order reads down);
    `opener` shows a row's details (the board's one dialog)."""
    with st.container(key=key, gap="xxsmall"):
        st.markdown(f"**{HEADING}**", help=ORDER_NOTE)
        per_column = -(-len(options) // columns)
        slots = st.columns(columns, gap="xsmall") if columns > 1 else [st.container()]
        for position, slot in enumerate(slots):
            with slot:
                for option in options[position * per_column : (position + 1) * per_column]:
                    if st.button(option_label(option), key=f"{key}-{option.kind}", width="stretch"):
                        opener(option_details(option))
