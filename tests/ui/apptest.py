"""Helpers for AppTest: run a page from a scenario URL and read what it shows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element, Widget

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "cd19_washout", "evidence_library", "teaching", "about"]


def run_page(
    page: str, params: Mapping[str, str | list[str]] | None = None, *, details: bool = False
) -> AppTest:
    """Run a page from a scenario URL; with ``details``, switch on every scenario's outcome
    charts and cohort fit on the Sequencing page (off until a user turns them on)."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    return show_details(at) if details else at


def show_details(at: AppTest) -> AppTest:
    """Turn on the Sequencing page's details switches (keys ``<scenario>-details``) and rerun."""
    switches = [t for t in at.toggle if str(t.key or "").endswith("-details")]
    assert switches or at.exception, "no details switch on the page"
    for switch in switches:
        switch.set_value(True)
    return at.run() if switches else at


def widget(at: AppTest, key: str) -> Widget:
    """The widget with this key (a profile field's name)."""
    found = at.get_by_key(key)
    assert isinstance(found, Widget), f"no widget {key!r} on the page"
    return found


def shown_text(at: AppTest) -> str:
    """Everything the page wrote as text: markdown, captions, alerts, metrics, dataframes."""
    parts: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "header",
        "subheader",
    ):
        parts += [str(e.value) for e in at.get(kind) if isinstance(e, Element)]
    parts += [str(expander.label) for expander in at.expander]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def range_tables(at: AppTest) -> str:
    """The outcome-range tables (one per endpoint and strategy) as text."""
    return "\n".join(
        frame.value.to_string()
        for frame in at.dataframe
        if {"Cohort", "Value", "Interval"} <= set(frame.value.columns)
    )
