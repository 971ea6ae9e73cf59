"""Streamlit widgets, layout and charts shared by every page. No clinical logic lives here."""

__all__: list[str] = []
