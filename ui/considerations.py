"""The considerations on screen: one expander each, most severe first, with its text, its rule
and the records it rests on (`views.considerations`)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.markdown import plain
from ui.records import record_markdown
from ui.theme import SEVERITY_ICONS
from views.considerations import ConsiderationView

__all__ = ["consideration_markdown", "show"]


def consideration_markdown(item: ConsiderationView) -> str:
    """Its text, its rule, then each record it rests on (one Markdown block: one element per
    consideration keeps a rerun's message count down)."""
    parts = [plain(item.text), f":gray[Rule {plain(item.rule_id)} · evidence:]"]
    parts += [record_markdown(record) for record in item.records]
    return "\n\n".join(parts)


def show(items: Sequence[ConsiderationView]) -> None:
    if not items:
        st.markdown("No considerations fire for this patient.")
        return
    for item in items:
        with st.expander(item.heading, icon=SEVERITY_ICONS[item.severity]):
            st.markdown(consideration_markdown(item))
