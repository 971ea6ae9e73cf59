"""The other options at this patient's point on screen: one row per kind of treatment, in the
engine's fixed order (never a ranking). Each row is a button whose label is the kind, its lead
cohort's key figures and what they rest on; every cohort's figures open in the one dialog.
Display only: `views.options` decides what a row holds."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.markdown import plain
from ui.records import figure_markdown, record_markdown
from views.options import NAMED, OptionCohortView, OptionView

__all__ = ["HEADING", "option_details", "option_label", "options_section"]

HEADING = "Other options at this point"
ORDER_NOTE = (
    "In a fixed order by kind of treatment, never a ranking; each with its own cohorts' "
    "figures, never pooled. Select a row for every cohort, its fit and sources."
)


def _basis(cohort: OptionCohortView) -> str:
    parts = [cohort.source, cohort.n, cohort.design.lower(), cohort.fit.lower()]
    parts += [m for m in (cohort.timing, cohort.mixed) if m]
    if cohort.immature:
        parts.append("immature")
    parts += list(cohort.strength[:1])
    return " · ".join(parts)


def option_label(option: OptionView) -> str:
    """'**CD20xCD3 bispecific antibodies** ORR 29% · PFS 2.2 months `Shumilov 2025 · n=92 ·
    ...` `+6 more cohorts · targets CD19`'."""
    title = f"**{plain(option.title)}**"
    if option.lead is None or not option.lead.figures:
        named = f" `{NAMED}`" if option.named else ""
        return f"{title} *{plain(option.empty_text)}*{named}"
    extra = (
        [f"+{len(option.more)} more cohort{'s' if len(option.more) != 1 else ''}"]
        if option.more
        else []
    )
    extra += [option.cd19] if option.cd19 else []
    extra += [NAMED] if option.named else []
    tail = f" `{plain(' · '.join(extra))}`" if extra else ""
    return f"{title} {plain(option.headline)} `{plain(_basis(option.lead))}`{tail}"


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
    options: tuple[OptionView, ...], key: str, opener: Callable[[str], None]
) -> None:
    """The rows; `opener` shows a row's details (the board's one dialog)."""
    with st.container(key=key, gap="xxsmall"):
        st.markdown(f"**{HEADING}**", help=ORDER_NOTE)
        for option in options:
            if st.button(option_label(option), key=f"{key}-{option.kind}", width="stretch"):
                opener(option_details(option))
