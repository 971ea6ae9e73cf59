"""What is not known: questions the evidence base cannot answer, stated plainly.

Source: shared/EVIDENCE_LEADS.md ("Guidance" and "Asked for and not found") and DOMAIN.md. These
are statements of absence; they carry no figures, so nothing here can be mistaken for evidence.
"""

from __future__ import annotations

__all__ = ["MASKING_UNKNOWNS"]

MASKING_UNKNOWNS: tuple[str, ...] = (
    "No published guideline sets a washout interval between tafasitamab (or any anti-CD19 "
    "antibody) and CD19 CAR-T leukapheresis or infusion.",
    "Which CD19 detection antibodies compete with tafasitamab for its epitope has not been "
    "published in a source available here; a flow or IHC reagent that binds an overlapping "
    "epitope may read low or negative through masking, not loss.",
    "Whether residual tafasitamab at leukapheresis or infusion changes CAR-T expansion or "
    "outcome in patients is not established: the clinical data are small retrospective series.",
    "Published case reports of epitope masking are cited in DESCAR-T but their primary texts "
    "were not available to this evidence base.",
    "The residual-antibody curve here is a first-order model from the terminal half-life: "
    "real concentrations vary between patients and are not measured in routine care.",
)
