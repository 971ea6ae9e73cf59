"""The options a tumor board weighs, each applicable or not for this patient, with its evidence.

Each strategy lists the matched cohorts (graded "fits" or "partial") and, per endpoint, the span
of their figures. Ranges are grouped by `stage` (what is given now, what is known about the later
step): figures from different steps are never put in one band.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from evidence.models import Cohort, Setting
from sequencing.conditions import format_value
from sequencing.fit import CohortFit, fit_cohort
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile, is_early_cart_failure, is_early_relapse
from sequencing.ranges import MATCHED_GRADES, EndpointRange, build_ranges

StrategyId = Literal[
    "tafa_len_now_cart_later",
    "cart_now_tafa_len_later",
    "tafa_len_after_cart",
    "tafa_len_definitive",
]

TITLES: dict[str, str] = {
    "tafa_len_now_cart_later": "Tafa-len now, CAR-T kept for later",
    "cart_now_tafa_len_later": "CAR-T now, tafa-len held for progression",
    "tafa_len_after_cart": "Tafa-len after CAR-T failure",
    "tafa_len_definitive": "Tafa-len as definitive therapy (CAR-T not planned)",
}

STAGE_TAFA_LEN = "Tafa-len"
STAGE_TAFA_LEN_THEN_CART = "Tafa-len before CAR-T (patients who went on to CAR-T)"
STAGE_CART = "CAR-T"
STAGE_AFTER_CART = "Tafa-len after CAR-T failure"

_CART_WORDS = (
    "car-t",
    "car t",
    "axi-cel",
    "tisa-cel",
    "liso-cel",
    "axicabtagene",
    "tisagenlecleucel",
    "lisocabtagene",
    "-cel",
)
_TAFA_WORDS = ("tafa", "tl-", "tafasitamab")


@dataclass(frozen=True, slots=True)
class Strategy:
    id: StrategyId
    title: str
    applicable: bool
    reasons: list[str]
    cohort_ids: list[str]
    ranges: list[EndpointRange]


def _tafa_arm(arm: str | None) -> bool:
    return arm is None or any(word in arm.lower() for word in _TAFA_WORDS)


def _cart_arm(arm: str | None) -> bool:
    return arm is None or any(word in arm.lower() for word in _CART_WORDS)


def is_cart_cohort(cohort: Cohort) -> bool:
    return cohort.setting == Setting.cart


def _plan_text(profile: PatientProfile) -> str:
    return format_value(profile.cart_plan)


def _matched(fits: Sequence[CohortFit]) -> list[CohortFit]:
    return [fit for fit in fits if fit.grade in MATCHED_GRADES]


def _count_reason(what: str, selected: Sequence[CohortFit]) -> str:
    matched = _matched(selected)
    outside = len(selected) - len(matched)
    text = f"{what}: {len(matched)} cohort(s) match this patient"
    if outside:
        text += f", {outside} fall outside (see cohort fit)"
    return text + "." if selected else f"{what}: no cohort in the evidence base."


def _hypothetical_after_cart(profile: PatientProfile) -> PatientProfile:
    """The patient as if CAR-T given now had failed (timing unknown), to grade later evidence."""
    return profile.model_copy(
        update={
            "prior_cart": True,
            "prior_lines": min(profile.prior_lines + 1, 10),
            "months_cart_to_failure": None,
        }
    )


def build_strategies(
    profile: PatientProfile, fits: Sequence[CohortFit], index: EngineIndex
) -> list[Strategy]:
    fit_by_id = {fit.cohort_id: fit for fit in fits}
    cohorts = index.cohorts
    tafa = index.tafa_len_cohorts

    def select(keep: Callable[[Cohort], bool]) -> list[CohortFit]:
        return [fit_by_id[c.id] for c in cohorts if c.id in fit_by_id and keep(c)]

    naive_tl = select(lambda c: c.id in tafa and c.setting == Setting.cart_naive)
    pre_cart_tl = select(
        lambda c: c.id in tafa and c.setting in (Setting.before_cart, Setting.bridge_to_cart)
    )
    cart = select(is_cart_cohort)
    after_cart_tl = select(lambda c: c.id in tafa and c.setting == Setting.after_cart)

    naive = not profile.prior_cart
    cart_open = profile.cart_plan in ("planned", "possible_later")
    early_relapse = is_early_relapse(profile)

    # What is known after a CAR-T given now fails, graded as if it had.
    if profile.prior_cart:
        later_tl = after_cart_tl
    else:
        hypothetical = _hypothetical_after_cart(profile)
        later_tl = [
            fit_cohort(index.base.cohorts[f.cohort_id], hypothetical, index) for f in after_cart_tl
        ]

    strategies: list[Strategy] = []

    # 1. Tafa-len now, CAR-T kept for later.
    reasons: list[str] = []
    if not naive:
        reasons.append(
            "Not applicable: the patient has already had CAR-T (see tafa-len after CAR-T failure)."
        )
    elif not cart_open:
        reasons.append(
            f"Not applicable: CAR-T is not planned ({_plan_text(profile)}); see "
            "tafa-len as definitive therapy."
        )
    else:
        reasons.append(
            f"No CAR-T yet and CAR-T is {_plan_text(profile)}: tafa-len now keeps "
            "CAR-T for progression."
        )
        if profile.cart_plan == "planned":
            reasons.append(
                "CAR-T is planned: tafasitamab given now may still be circulating at "
                "leukapheresis (see the washout section)."
            )
        if profile.symptom_tempo == "rapid":
            reasons.append("Symptoms are progressing rapidly and tafa-len responses take time.")
        if profile.transplant_eligible:
            reasons.append(
                "Tafa-len is licensed for patients not eligible for transplant; "
                "this patient is transplant eligible."
            )
        if early_relapse and profile.prior_lines == 1:
            reasons.append(
                "Early relapse after first-line therapy: the second-line CAR-T "
                "trials enrolled such patients (see CAR-T now)."
            )
    reasons.append(_count_reason("Tafa-len in CAR-T-naive patients", naive_tl))
    reasons.append(_count_reason("Tafa-len before CAR-T", pre_cart_tl))
    strategies.append(
        Strategy(
            id="tafa_len_now_cart_later",
            title=TITLES["tafa_len_now_cart_later"],
            applicable=naive and cart_open,
            reasons=reasons,
            cohort_ids=[f.cohort_id for f in _matched(naive_tl + pre_cart_tl)],
            ranges=(
                build_ranges(naive_tl, profile, index, stage=STAGE_TAFA_LEN, arm_ok=_tafa_arm)
                + build_ranges(pre_cart_tl, profile, index, stage=STAGE_TAFA_LEN_THEN_CART)
            ),
        )
    )

    # 2. CAR-T now, tafa-len held for progression.
    reasons = []
    if not naive:
        reasons.append("Not applicable: the patient has already had CAR-T.")
    elif not cart_open:
        reasons.append(f"Not applicable: CAR-T is not planned ({_plan_text(profile)}).")
    else:
        reasons.append(
            f"No CAR-T yet and CAR-T is {_plan_text(profile)}: CAR-T now keeps "
            "tafa-len for progression after CAR-T."
        )
        if early_relapse and profile.prior_lines == 1:
            reasons.append(
                "Early relapse after first-line therapy: the setting of the "
                "second-line CAR-T trials."
            )
        elif early_relapse is False and profile.prior_lines == 1 and profile.transplant_eligible:
            reasons.append(
                "Late relapse in a transplant-eligible patient: salvage chemotherapy "
                "and autologous transplant is the usual second-line route."
            )
        if profile.ecog >= 2:
            reasons.append(
                f"ECOG {profile.ecog}: outside the performance status the CAR-T "
                "trials enrolled (see cohort fit)."
            )
        if profile.cd19_status == "negative":
            reasons.append(
                "CD19 reported negative: CD19 CAR-T targets CD19 (see the CD19 considerations)."
            )
        reasons.append(
            "Figures after CAR-T failure are graded as if CAR-T had failed; when it "
            "would fail is unknown, so the all-patients figures are shown."
        )
    reasons.append(_count_reason("CAR-T cohorts", cart))
    reasons.append(_count_reason("Tafa-len after CAR-T failure", later_tl))
    strategies.append(
        Strategy(
            id="cart_now_tafa_len_later",
            title=TITLES["cart_now_tafa_len_later"],
            applicable=naive and cart_open,
            reasons=reasons,
            cohort_ids=[f.cohort_id for f in _matched(cart + later_tl)],
            ranges=(
                build_ranges(cart, profile, index, stage=STAGE_CART, arm_ok=_cart_arm)
                + build_ranges(
                    later_tl,
                    _hypothetical_after_cart(profile) if naive else profile,
                    index,
                    stage=STAGE_AFTER_CART,
                    arm_ok=_tafa_arm,
                )
            ),
        )
    )

    # 3. Tafa-len after CAR-T failure.
    reasons = []
    if profile.prior_cart:
        early = is_early_cart_failure(profile)
        months = format_value(profile.months_cart_to_failure)
        reasons.append(
            f"CAR-T failed {months} months after infusion "
            f"({'early' if early else 'late'} failure): the post-CAR-T subgroup "
            "figures for that timing are shown where reported."
        )
        if profile.cd19_status == "negative":
            reasons.append("CD19 reported negative after CAR-T: tafasitamab also targets CD19.")
        elif profile.cd19_status == "unknown":
            reasons.append("CD19 status after CAR-T is unknown: tafasitamab targets CD19.")
    else:
        reasons.append("Not applicable: the patient has not had CAR-T.")
    reasons.append(_count_reason("Tafa-len after CAR-T failure", after_cart_tl))
    strategies.append(
        Strategy(
            id="tafa_len_after_cart",
            title=TITLES["tafa_len_after_cart"],
            applicable=profile.prior_cart,
            reasons=reasons,
            cohort_ids=[f.cohort_id for f in _matched(after_cart_tl)],
            ranges=build_ranges(
                after_cart_tl, profile, index, stage=STAGE_AFTER_CART, arm_ok=_tafa_arm
            ),
        )
    )

    # 4. Tafa-len as definitive therapy.
    reasons = []
    definitive = naive and not cart_open
    if profile.prior_cart:
        reasons.append(
            "Not applicable: the patient has had CAR-T (see tafa-len after CAR-T failure)."
        )
    elif cart_open:
        reasons.append(
            f"Not applicable while CAR-T is {_plan_text(profile)}: see the two "
            "sequences with CAR-T."
        )
    else:
        reasons.append(
            f"CAR-T is not planned ({_plan_text(profile)}): tafa-len as the "
            "treatment itself, as in L-MIND and the real-world cohorts."
        )
        if profile.transplant_eligible:
            reasons.append(
                "Tafa-len is licensed for patients not eligible for transplant; "
                "this patient is transplant eligible."
            )
        if profile.symptom_tempo == "rapid":
            reasons.append("Symptoms are progressing rapidly and tafa-len responses take time.")
    reasons.append(_count_reason("Tafa-len in CAR-T-naive patients", naive_tl))
    strategies.append(
        Strategy(
            id="tafa_len_definitive",
            title=TITLES["tafa_len_definitive"],
            applicable=definitive,
            reasons=reasons,
            cohort_ids=[f.cohort_id for f in _matched(naive_tl)],
            ranges=build_ranges(naive_tl, profile, index, stage=STAGE_TAFA_LEN, arm_ok=_tafa_arm),
        )
    )
    return strategies
