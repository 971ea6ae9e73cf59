"""The patient profile: the contract shared by the engine, the app's form and URL, and the CLI.

Field names are fixed (they appear in shareable scenario URLs and in evidence conditions).
Validation messages are written for clinicians, not programmers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evidence.formatting import number
from sequencing.vocabulary import (
    CART_OPEN_PLANS,
    EARLY_CART_FAILURE_MONTHS,
    EARLY_RELAPSE_MONTHS,
)

__all__ = [
    "CD19Method",
    "CD19Status",
    "CartPlan",
    "PatientProfile",
    "Problem",
    "ResponseToLastLine",
    "SymptomTempo",
    "TafaLenResponse",
    "cart_still_an_option",
    "consistency_problems",
    "had_anti_cd19",
    "is_early_cart_failure",
    "is_early_relapse",
    "refractory_to_tafa_len",
]

ResponseToLastLine = Literal["refractory", "relapsed"]
SymptomTempo = Literal["slow", "moderate", "rapid"]
CartPlan = Literal["planned", "possible_later", "not_candidate", "declined"]
# "equivocal": weak or equivocal expression (e.g. dim by flow cytometry), the masking question
# after tafasitamab (seed 003), not a result to refuse.
CD19Status = Literal["positive", "negative", "equivocal", "unknown"]
TafaLenResponse = Literal["responded", "refractory", "not_assessed"]
CD19Method = Literal["ihc", "flow", "unknown"]


class PatientProfile(BaseModel):
    """A patient's features as a tumor board states them. No names, dates or identifiers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: int | None = Field(None, ge=18, le=100, description="Age in years")
    prior_lines: int = Field(1, ge=1, le=10, description="Lines of systemic therapy so far")
    response_to_last_line: ResponseToLastLine = "relapsed"
    primary_refractory: bool = False
    months_first_line_to_progression: float | None = Field(None, ge=0, le=600)
    bulky: bool = False
    ecog: int = Field(1, ge=0, le=4)
    double_hit: bool = False
    ldh_elevated: bool | None = None
    transplant_eligible: bool = False
    symptom_tempo: SymptomTempo = "moderate"
    prior_cart: bool = False
    months_cart_to_failure: float | None = Field(None, ge=0, le=600)
    cart_plan: CartPlan = "possible_later"
    cd19_status: CD19Status = "unknown"
    cd19_method: CD19Method | None = None
    days_since_last_tafasitamab: int | None = Field(None, ge=0, le=3650)
    prior_anti_cd19: bool = Field(
        False, description="Any anti-CD19 therapy before (e.g. tafasitamab, loncastuximab)"
    )
    prior_autologous_transplant: bool | None = Field(
        None, description="An autologous transplant before (ZUMA-1 admitted relapse after one)"
    )
    cart_line: int | None = Field(
        None, ge=2, le=10, description="The line of therapy in which CAR-T was given"
    )
    tafa_len_line: int | None = Field(
        None, ge=1, le=10, description="The line in which tafa-len was given (1: first line)"
    )
    tafa_len_response: TafaLenResponse | None = Field(
        None, description="How the disease responded to that tafa-len"
    )
    prior_loncastuximab: bool = False
    prior_blinatumomab: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> PatientProfile:
        problems = consistency_problems(self)
        if problems:
            raise ValueError(" ".join(problem.message for problem in problems))
        return self


@dataclass(frozen=True)
class Problem:
    """An inconsistent combination: the fields involved and a message for a clinician."""

    fields: tuple[str, ...]
    message: str


def consistency_problems(profile: PatientProfile) -> list[Problem]:
    """Combinations a clinician would recognise as contradictory."""
    problems = []
    if profile.prior_cart and profile.months_cart_to_failure is None:
        problems.append(
            Problem(
                ("prior_cart", "months_cart_to_failure"),
                "After CAR-T, give the months from CAR-T infusion to progression "
                f"(early failure, {number(EARLY_CART_FAILURE_MONTHS)} months or less, "
                "behaves differently from late failure).",
            )
        )
    if not profile.prior_cart and profile.months_cart_to_failure is not None:
        problems.append(
            Problem(
                ("prior_cart", "months_cart_to_failure"),
                "Months from CAR-T to failure were given, but the patient has had no CAR-T: "
                "tick 'prior CAR-T' or clear the months.",
            )
        )
    if profile.prior_cart and profile.prior_lines < 2:
        problems.append(
            Problem(
                ("prior_cart", "prior_lines"),
                "CAR-T counts as a line of therapy: after first-line treatment and CAR-T the "
                "patient "
                "has had at least 2 lines.",
            )
        )
    if (
        profile.primary_refractory
        and profile.prior_lines == 1
        and profile.response_to_last_line != "refractory"
    ):
        problems.append(
            Problem(
                ("primary_refractory", "response_to_last_line", "prior_lines"),
                "With one line so far, primary refractory disease is refractory to the last line.",
            )
        )
    problems += _history_problems(profile)
    if profile.cd19_method not in (None, "unknown") and profile.cd19_status == "unknown":
        problems.append(
            Problem(
                ("cd19_method", "cd19_status"),
                "A CD19 test method was given without a CD19 result.",
            )
        )
    return problems


def _history_problems(profile: PatientProfile) -> list[Problem]:
    """The treatment history must add up: CAR-T and tafa-len lines within the lines so far."""
    problems = []
    if profile.cart_line is not None and not profile.prior_cart:
        problems.append(
            Problem(
                ("cart_line", "prior_cart"),
                "The line in which CAR-T was given is set, but the patient has had no CAR-T: "
                "tick 'prior CAR-T' or clear the line.",
            )
        )
    for field, what in (("cart_line", "CAR-T"), ("tafa_len_line", "Tafa-len")):
        line = getattr(profile, field)
        if line is not None and line > profile.prior_lines:
            problems.append(
                Problem(
                    (field, "prior_lines"),
                    f"{what} is given as line {line}, but the patient has had "
                    f"{profile.prior_lines} line(s) so far.",
                )
            )
    if profile.tafa_len_response is not None and profile.tafa_len_line is None:
        problems.append(
            Problem(
                ("tafa_len_response", "tafa_len_line"),
                "A response to tafa-len was given without the line in which tafa-len was given.",
            )
        )
    return problems


def had_anti_cd19(profile: PatientProfile) -> bool:
    """Any CD19-directed antibody or conjugate before: as ticked, or implied by tafa-len's line, a
    tafasitamab dose date, loncastuximab or blinatumomab (CAR-T trials that excluded prior
    anti-CD19 therapy exclude all of these; JULIET, Thapa 2020 via the leads sheet)."""
    return (
        profile.prior_anti_cd19
        or profile.days_since_last_tafasitamab is not None
        or profile.tafa_len_line is not None
        or profile.prior_loncastuximab
        or profile.prior_blinatumomab
    )


def refractory_to_tafa_len(profile: PatientProfile) -> bool:
    """Tafa-len was given and the disease was refractory to it: "tafa-len now" is no longer the
    question (DOMAIN: what follows is the evidence on CAR-T after tafa-len failure)."""
    return profile.tafa_len_response == "refractory"


def is_early_relapse(profile: PatientProfile) -> bool | None:
    """Progression within 12 months of first-line therapy (ZUMA-7/TRANSFORM definition), or None."""
    if profile.primary_refractory:
        return True
    if profile.months_first_line_to_progression is None:
        return None
    return profile.months_first_line_to_progression <= EARLY_RELAPSE_MONTHS


def is_early_cart_failure(profile: PatientProfile) -> bool | None:
    """CAR-T failure within 6 months of infusion (DESCAR-T's split, seed 003), or None."""
    if not profile.prior_cart or profile.months_cart_to_failure is None:
        return None
    return profile.months_cart_to_failure <= EARLY_CART_FAILURE_MONTHS


def cart_still_an_option(profile: PatientProfile) -> bool:
    """No CAR-T yet and CAR-T planned or possible later: washout and CD19 masking matter."""
    return not profile.prior_cart and profile.cart_plan in CART_OPEN_PLANS
