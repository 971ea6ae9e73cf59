"""The patient-profile vocabulary: field names, labels and units, the clinical thresholds, the
display orders and the number formats. One meaning, one place: every other module (engine, UI,
exports) reads these from here, and `tests/sequencing/test_vocabulary.py` ties them to
`PatientProfile` and to the evidence model's condition fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from evidence.formatting import number

__all__ = [
    "CART_OPEN_PLANS",
    "EARLY_CART_FAILURE_MONTHS",
    "EARLY_RELAPSE_MONTHS",
    "FIELDS",
    "FIELD_LABELS",
    "GRADE_LABELS",
    "GRADE_ORDER",
    "PLAN_PHRASES",
    "SEVERITY_LABELS",
    "SEVERITY_ORDER",
    "SIGNIFICANCE_LEVEL",
    "VALUE_WORDS",
    "FieldSpec",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    label: str
    unit: str | None = None
    # Why the feature matters, shown beside the form control (no figures: they live in records).
    help: str = ""


# Progression within this many months of first-line therapy is early relapse: the population of
# the second-line CAR-T trials (ZUMA-7, Locke 2022; TRANSFORM, Abramson 2023).
EARLY_RELAPSE_MONTHS: Final = 12.0

# CAR-T failure within this many months of infusion is early failure: DESCAR-T's split of PFS2
# and OS2 after tafa-len (Camus 2024, seed 003). `sequencing.rule_check` fails when an evidence
# condition on months_cart_to_failure uses another cut, so code and records cannot disagree.
EARLY_CART_FAILURE_MONTHS: Final = 6.0

# The "what if CAR-T had failed at another time" comparison (compare mode, prefilled) moves the
# failure beyond every cut the sources use (30 and 90 days, 2, 3 and 6 months): to this many
# months for an early failure, to this many for a late one. A scenario, not a figure.
WHAT_IF_LATE_FAILURE_MONTHS: Final = 12.0
WHAT_IF_EARLY_FAILURE_MONTHS: Final = 1.5


# Every patient-profile field, in the order a tumor board states them.
FIELDS: Final[dict[str, FieldSpec]] = {
    "age": FieldSpec("Age", "years", "Optional; compared with each cohort's median age."),
    "prior_lines": FieldSpec(
        "Prior lines of therapy",
        "lines",
        "Count CAR-T as a line. The line also chooses which CAR-T trials apply (second-line "
        "trials after one line, third-line trials after two or more).",
    ),
    "response_to_last_line": FieldSpec(
        "Response to the last line",
        help="TALOs reports tafa-len outcomes for refractory and relapsed disease separately; "
        "the considerations give the figures and whether they were significant.",
    ),
    "primary_refractory": FieldSpec(
        "Primary refractory disease",
        help="L-MIND excluded early primary refractory disease; ZUMA-7 and TRANSFORM enrolled it.",
    ),
    "months_first_line_to_progression": FieldSpec(
        "Months from first-line therapy to progression",
        "months",
        f"Progression within {number(EARLY_RELAPSE_MONTHS)} months is early relapse: the "
        "population of the second-line CAR-T trials.",
    ),
    "bulky": FieldSpec(
        "Bulky disease",
        help="TALOs reports tafa-len hazard ratios for bulky disease; the considerations give "
        "them with their significance.",
    ),
    "ecog": FieldSpec(
        "ECOG performance status",
        help="Each cohort's performance-status criteria are checked in the cohort fit.",
    ),
    "double_hit": FieldSpec(
        "Double-hit lymphoma (MYC and BCL2 rearranged)", help="Excluded from L-MIND."
    ),
    "ldh_elevated": FieldSpec("Elevated LDH", help="Used only where a cohort reports it."),
    "transplant_eligible": FieldSpec(
        "Transplant eligible",
        help="Tafa-len is licensed for transplant-ineligible patients; ZUMA-7 and TRANSFORM "
        "enrolled transplant candidates.",
    ),
    "symptom_tempo": FieldSpec(
        "Symptom tempo", help="Tafa-len responses take time; rapid disease needs a fast response."
    ),
    "prior_cart": FieldSpec(
        "Prior CAR-T", help="Tafa-len after CAR-T failure: DESCAR-T and the cohorts it cites."
    ),
    "months_cart_to_failure": FieldSpec(
        "Months from CAR-T infusion to failure",
        "months",
        f"{number(EARLY_CART_FAILURE_MONTHS)} months or less is early failure (DESCAR-T's split).",
    ),
    "cart_plan": FieldSpec("CAR-T plan", help="Decides whether washout and CD19 masking matter."),
    "cd19_status": FieldSpec(
        "CD19 status", help="A test after tafasitamab can read falsely low (epitope masking)."
    ),
    "cd19_method": FieldSpec("CD19 test method", help="Which assay gave the result."),
    "days_since_last_tafasitamab": FieldSpec(
        "Days since the last tafasitamab dose",
        "days",
        "Leave empty if the patient never had tafasitamab.",
    ),
    "prior_anti_cd19": FieldSpec(
        "Prior anti-CD19 therapy",
        help="Any anti-CD19 therapy before: JULIET excluded it and CAR-T trials frequently did. "
        "Tafa-len's line, a tafasitamab dose date, loncastuximab or blinatumomab count as yes.",
    ),
    "prior_autologous_transplant": FieldSpec(
        "Prior autologous transplant",
        help="ZUMA-1 admitted refractory disease or relapse after autologous transplant.",
    ),
    "cart_line": FieldSpec(
        "Line in which CAR-T was given",
        "line",
        "DESCAR-T's patients had CAR-T in the third line or later.",
    ),
    "tafa_len_line": FieldSpec(
        "Line in which tafa-len was given",
        "line",
        "1 for first-line tafa-len with R-CHOP (frontMIND). Tafa-len counts as anti-CD19 therapy.",
    ),
    "tafa_len_response": FieldSpec(
        "Response to that tafa-len",
        help="Disease refractory to tafa-len ends the 'tafa-len now' question; DESCAR-T's "
        "CAR-T-after-tafa-len patients were refractory at leukapheresis.",
    ),
    "prior_loncastuximab": FieldSpec(
        "Prior loncastuximab", help="A CD19-directed antibody-drug conjugate."
    ),
    "prior_blinatumomab": FieldSpec("Prior blinatumomab", help="A CD19xCD3 bispecific antibody."),
}

FIELD_LABELS: Final[dict[str, str]] = {name: spec.label for name, spec in FIELDS.items()}

# Coded values as a clinician reads them.
VALUE_WORDS: Final[dict[str, str]] = {
    "possible_later": "possible later",
    "not_candidate": "not a candidate",
    "ihc": "IHC",
    "flow": "flow cytometry",
    "not_assessed": "not assessed",
    "equivocal": "weak or equivocal",
}

# CAR-T plans under which CAR-T is still an option (washout and CD19 masking then matter).
CART_OPEN_PLANS: Final[frozenset[str]] = frozenset({"planned", "possible_later"})

PLAN_PHRASES: Final[dict[str, str]] = {
    "planned": "CAR-T planned",
    "possible_later": "CAR-T possible later",
    "not_candidate": "not a CAR-T candidate",
    "declined": "CAR-T declined",
}

GRADE_ORDER: Final[dict[str, int]] = {"fits": 0, "partial": 1, "outside": 2}
GRADE_LABELS: Final[dict[str, str]] = {
    "fits": "Fits",
    "partial": "Partly fits",
    "outside": "Outside",
}
SEVERITY_ORDER: Final[dict[str, int]] = {"warning": 0, "caution": 1, "info": 2}
SEVERITY_LABELS: Final[dict[str, str]] = {
    "warning": "Warning",
    "caution": "Caution",
    "info": "Information",
}

# A p value at or above this is reported as not statistically significant.
SIGNIFICANCE_LEVEL: Final = 0.05
