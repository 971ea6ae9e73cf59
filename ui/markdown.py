"""Evidence text shown literally in Streamlit Markdown: the one escaping function.

Quotes are curated, but OCR text and labels hold Markdown and LaTeX characters (`*`, `_`, `$`,
brackets, `#`, `|`, `~`); each is escaped so that it reads as printed, never as formatting.
"""

from __future__ import annotations

__all__ = ["plain"]

_MARKDOWN = "\\*_[]`<>#|$~"


def plain(text: str) -> str:
    for char in _MARKDOWN:
        text = text.replace(char, "\\" + char)
    return text
