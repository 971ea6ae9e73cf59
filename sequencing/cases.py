"""The teaching case library: the seed-000 case and contrasting illustrative cases.

The first case is the roundtable case of seed 000 (Cheson 2023), its features read from the case
presentation; where the text is silent the field keeps the form's default and `unstated` says so.
The others are illustrative scenarios, not real patients, built to contrast one feature at a time.
They state patient features only; every outcome shown for them comes from the evidence base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sequencing.profile import PatientProfile

__all__ = ["CASES", "CASES_BY_ID", "TeachingCase"]


@dataclass(frozen=True)
class TeachingCase:
    id: str
    title: str
    story: str
    features: dict[str, Any]
    predict_endpoint: str  # the endpoint the fellow predicts a range for
    leukapheresis_in_days: int | None = None
    source: str = "Illustrative case (not a real patient)."
    unstated: tuple[str, ...] = field(default_factory=tuple)

    def profile(self) -> PatientProfile:
        return PatientProfile(**self.features)


CASES: tuple[TeachingCase, ...] = (
    TeachingCase(
        id="seed-000-roundtable",
        title="Relapse 8 months after R-CHOP, CAR-T declined (roundtable case)",
        story=(
            "A 68-year-old man with stage III non-germinal-centre DLBCL, IPI high-intermediate, "
            "ECOG 1, elevated LDH; FISH negative for MYC, BCL2 and BCL6 translocations. Complete "
            "response after 6 cycles of R-CHOP; relapse eight months later with fever, night "
            "sweats and back pain. Referred to a transplant and cellular therapy centre, he "
            "opted not to pursue CAR-T."
        ),
        features={
            "age": 68,
            "prior_lines": 1,
            "response_to_last_line": "relapsed",
            "months_first_line_to_progression": 8,
            "ecog": 1,
            "ldh_elevated": True,
            "double_hit": False,
            "cart_plan": "declined",
            "symptom_tempo": "moderate",
        },
        predict_endpoint="orr",
        source="Seed 000: Cheson BD (moderator), Targeted Oncology Case-Based Roundtable, 2023.",
        unstated=(
            "transplant eligibility (not stated; the form's default, not eligible, is used)",
            "bulk (largest node 5.3 cm; not described as bulky)",
            "symptom tempo (B symptoms; taken as moderate)",
        ),
    ),
    TeachingCase(
        id="early-cart-failure",
        title="Progression 3 months after axi-cel",
        story=(
            "Third line: refractory to salvage, then CD19 CAR-T; progression 3 months after "
            "infusion. ECOG 1, CD19 positive on a new biopsy by IHC."
        ),
        features={
            "age": 61,
            "prior_lines": 3,
            "response_to_last_line": "refractory",
            "prior_cart": True,
            "months_cart_to_failure": 3,
            "ecog": 1,
            "cart_plan": "not_candidate",
            "cd19_status": "positive",
            "cd19_method": "ihc",
            "symptom_tempo": "moderate",
        },
        predict_endpoint="median_pfs2",
    ),
    TeachingCase(
        id="late-cart-failure",
        title="Relapse 14 months after CAR-T",
        story=(
            "Relapse 14 months after a complete response to CD19 CAR-T given in third line. "
            "ECOG 1, slow tempo, CD19 status not retested."
        ),
        features={
            "age": 70,
            "prior_lines": 3,
            "response_to_last_line": "relapsed",
            "prior_cart": True,
            "months_cart_to_failure": 14,
            "ecog": 1,
            "cart_plan": "not_candidate",
            "symptom_tempo": "slow",
        },
        predict_endpoint="median_pfs2",
    ),
    TeachingCase(
        id="refractory-bulky-double-hit",
        title="Refractory, bulky, double-hit, ECOG 2",
        story=(
            "Primary refractory double-hit lymphoma (MYC and BCL2 rearranged) with a bulky "
            "abdominal mass, ECOG 2, rapidly symptomatic; not a transplant candidate."
        ),
        features={
            "age": 66,
            "prior_lines": 1,
            "response_to_last_line": "refractory",
            "primary_refractory": True,
            "months_first_line_to_progression": 2,
            "bulky": True,
            "double_hit": True,
            "ecog": 2,
            "symptom_tempo": "rapid",
            "ldh_elevated": True,
            "cart_plan": "possible_later",
        },
        predict_endpoint="median_pfs",
    ),
    TeachingCase(
        id="transplant-eligible-early-relapse",
        title="Fit 55-year-old, relapse 6 months after R-CHOP",
        story=(
            "Relapse 6 months after first-line R-CHOP, transplant-eligible, ECOG 0, CAR-T planned."
        ),
        features={
            "age": 55,
            "prior_lines": 1,
            "response_to_last_line": "relapsed",
            "months_first_line_to_progression": 6,
            "ecog": 0,
            "transplant_eligible": True,
            "cart_plan": "planned",
            "symptom_tempo": "moderate",
        },
        predict_endpoint="median_efs",
    ),
    TeachingCase(
        id="cart-after-recent-tafa-len",
        title="CAR-T planned three weeks after the last tafasitamab dose",
        story=(
            "Second relapse on tafa-len after 4 months; CAR-T now planned, last tafasitamab "
            "dose 21 days ago, leukapheresis in 10 days; CD19 by flow cytometry reads negative."
        ),
        features={
            "age": 64,
            "prior_lines": 2,
            "response_to_last_line": "refractory",
            "ecog": 1,
            "cart_plan": "planned",
            "cd19_status": "negative",
            "cd19_method": "flow",
            "days_since_last_tafasitamab": 21,
            "symptom_tempo": "moderate",
        },
        predict_endpoint="orr",
        leukapheresis_in_days=10,
    ),
    TeachingCase(
        id="two-lines-cart-now-or-tafa-len-first",
        title="After two lines: CAR-T now, or tafa-len first?",
        story=(
            "Relapse 14 months after R-CHOP, then relapse again after salvage chemotherapy and "
            "autologous transplant. ECOG 1, not transplant eligible now, symptoms moderate. CAR-T "
            "is possible. The board asks: CAR-T now, or tafa-len first and CAR-T if it progresses? "
            "Compare what CAR-T achieved in the third-line trials with what it achieved after "
            "tafa-len, and note who the trials excluded."
        ),
        features={
            "age": 66,
            "prior_lines": 2,
            "response_to_last_line": "relapsed",
            "months_first_line_to_progression": 14,
            "ecog": 1,
            "cart_plan": "possible_later",
            "cd19_status": "positive",
            "cd19_method": "ihc",
            "symptom_tempo": "moderate",
        },
        predict_endpoint="orr",
    ),
    TeachingCase(
        id="early-cart-failure-cd19-negative",
        title="Early CAR-T failure with a CD19-negative relapse",
        story=(
            "Third line: progression 2 months after axi-cel; the new biopsy is CD19 negative by "
            "IHC. ECOG 1. Is a CD19-directed treatment (tafa-len) still reasonable, and what do "
            "the options that do not target CD19 (bispecific antibodies) report after CAR-T?"
        ),
        features={
            "age": 58,
            "prior_lines": 3,
            "response_to_last_line": "refractory",
            "prior_cart": True,
            "months_cart_to_failure": 2,
            "ecog": 1,
            "cart_plan": "not_candidate",
            "cd19_status": "negative",
            "cd19_method": "ihc",
            "symptom_tempo": "moderate",
        },
        predict_endpoint="median_pfs2",
    ),
)

CASES_BY_ID = {case.id: case for case in CASES}
