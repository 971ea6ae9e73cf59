"""The evidence-base version and its date: the newest release in `releases.toml` (read, never
typed twice; `python -m evidence validate` holds the changelog and the data files to it)."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

__all__ = ["EVIDENCE_DATE", "EVIDENCE_VERSION"]

_RELEASES = Path(__file__).resolve().parent / "releases.toml"


def _latest() -> tuple[str, datetime.date]:
    releases = tomllib.loads(_RELEASES.read_text(encoding="utf-8")).get("release", [])
    if not releases:
        raise RuntimeError(f"{_RELEASES} records no release")
    newest = max(releases, key=lambda r: str(r["version"]))
    return str(newest["version"]), newest["date"]


EVIDENCE_VERSION, EVIDENCE_DATE = _latest()
