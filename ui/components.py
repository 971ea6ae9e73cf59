"""What a page shows instead of a scenario's evidence: the errors that say what to correct."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

__all__ = ["scenario_errors"]


def scenario_errors(errors: Iterable[str]) -> None:
    for error in errors:
        st.error(error, icon=":material/error:")
