"""What changed for this patient since the link's evidence version: rendered, nothing decided.

The rows, their order, the words and the numbered changelog lines come from views.changes.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.markdown import plain
from views.changes import ChangeSection, WhatChanged, headline, sections

__all__ = ["DONE", "show"]

DONE = "Use today's evidence in the link (stop listing changes)"
_BOTH_READ = (
    "Both sides are read by today's app, so only the evidence differs. Before and after side "
    "by side; the numbers point to the changelog lines below that explain each change."
)


def _cell(text: str) -> str:
    return plain(text).replace("\n", " ") if text else "—"


def _table(section: ChangeSection, since: str, now: str) -> str:
    rows = [
        f"| What | {since} | {now} | Why |",
        "|---|---|---|---|",
    ]
    for row in section.rows:
        notes = " ".join(f"[{n}]" for n in row.notes) or "—"
        where = _cell(row.where) + (f" *({row.status})*" if row.status else "")
        rows.append(f"| {where} | {_cell(row.before)} | {_cell(row.after)} | {notes} |")
    return "\n".join(rows)


def show(
    version: str, notice: str | None, changes: WhatChanged | None, on_done: Callable[[], None]
) -> None:
    """At the top of the page: what changed since `version`, or why it cannot be listed."""
    if notice is not None or changes is None:
        st.warning(
            notice or f"Evidence version {version}: nothing to compare.", icon=":material/history:"
        )
        st.button(DONE, key="since-done", on_click=on_done)
        return
    if changes.unchanged:
        st.info(headline(changes), icon=":material/history:")
        st.button(DONE, key="since-done", on_click=on_done)
        return
    with st.expander(headline(changes), expanded=True, icon=":material/history:"):
        st.caption(_BOTH_READ)
        grouped, lines = sections(changes)
        # One kind at a time, so that the board stays near the top of the page.
        tabs = st.tabs(
            [f"{s.short} ({len(s.rows)})" for s in grouped] + [f"Changelog lines ({len(lines)})"]
        )
        for tab, section in zip(tabs, grouped, strict=False):
            with tab:
                st.markdown(f"**{section.title}**")
                st.markdown(_table(section, changes.since, changes.now))
        with tabs[-1]:
            st.markdown("\n".join(f"{n}. {plain(line)}" for n, line in enumerate(lines, 1)))
        st.button(DONE, key="since-done", on_click=on_done)
