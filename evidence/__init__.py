"""The curated evidence base on tafasitamab-lenalidomide and CD19 CAR-T sequencing.

Public API: `load`, `EvidenceBase`, `EvidenceInvalid`, `EVIDENCE_VERSION`, and the models.
"""

from evidence.errors import EvidenceError, EvidenceInvalid
from evidence.loader import EvidenceBase, load
from evidence.version import EVIDENCE_VERSION

__all__ = ["EVIDENCE_VERSION", "EvidenceBase", "EvidenceError", "EvidenceInvalid", "load"]
