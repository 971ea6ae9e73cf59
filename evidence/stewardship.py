"""Who curates the evidence base, how often it is reviewed, and its funding and conflicts.

Decision-aid standards (IPDAS) ask every output to state the evidence's date and update policy;
this is the one place those words live (`stewardship.toml`, replaceable by a hosting department
through EVIDENCE_STEWARDSHIP).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["STEWARDSHIP_VARIABLE", "Stewardship", "stewardship"]

STEWARDSHIP_VARIABLE = "EVIDENCE_STEWARDSHIP"
_DEFAULT = Path(__file__).resolve().parent / "stewardship.toml"


class Stewardship(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    curator: str = Field(min_length=1)
    review: str = Field(min_length=1)  # how and how often; what a review produces
    funding: str = Field(min_length=1)
    conflicts: str = Field(min_length=1)


def stewardship(path: Path | None = None) -> Stewardship:
    """The stewardship statement: `path`, else EVIDENCE_STEWARDSHIP, else the shipped file."""
    chosen = path or Path(os.environ.get(STEWARDSHIP_VARIABLE) or _DEFAULT)
    return Stewardship.model_validate(tomllib.loads(chosen.read_text(encoding="utf-8")))
