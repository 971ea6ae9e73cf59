"""The evidence-base version: the date of the newest CHANGELOG entry (read, never typed twice)."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["EVIDENCE_VERSION"]

_CHANGELOG = Path(__file__).resolve().parent / "CHANGELOG.md"


def _latest_version() -> str:
    match = re.search(r"^## (\d{4}\.\d{2}\.\d{2})", _CHANGELOG.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise RuntimeError(f"{_CHANGELOG} has no '## YYYY.MM.DD' entry")
    return match.group(1)


EVIDENCE_VERSION = _latest_version()
