"""The options a tumor board weighs, each applicable or not for this patient, with its evidence.

A strategy is a sequence of stages; each stage takes the figures of one treatment at one step,
chosen by typed fields of the evidence (the cohort's treatment class, where it sits relative to
CAR-T, and whose effect each figure measures), never by words in a treatment string. Figures
from different stages are never put in one band: "tafa-len now, CAR-T later" shows what tafa-len
itself achieved and, separately, what the CAR-T that followed tafa-len achieved, counted from
infusion (DESCAR-T's pre-CAR-T set, Camus 2024, seed 003).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from evidence.models import Cohort, MeasuredTreatment, Setting, TreatmentClass
from sequencing.conditions import format_value
from sequencing.fit import CohortFit, fit_cohort
from sequencing.index import EngineIndex, is_tafa_len, place_of
from sequencing.profile import (
    PatientProfile,
    cart_still_an_option,
    is_early_cart_failure,
    is_early_relapse,
)
from sequencing.ranges import MATCHED_GRADES, EndpointRange, build_ranges

StrategyId = Literal[
    "tafa_len_now_cart_later",
    "cart_now_tafa_len_later",
    "tafa_len_after_cart",
    "tafa_len_definitive",
]
StageId = Literal["tafa_len", "cart_after_tafa_len", "cart", "tafa_len_after_cart"]

TITLES: dict[str, str] = {
    "tafa_len_now_cart_later": "Tafa-len now, CAR-T kept for later",
    "cart_now_tafa_len_later": "CAR-T now, tafa-len held for progression",
    "tafa_len_after_cart": "Tafa-len after CAR-T failure",
    "tafa_len_definitive": "Tafa-len as definitive therapy (CAR-T not planned)",
}

STAGE_TAFA_LEN = "Tafa-len itself"
STAGE_CART_AFTER_TAFA_LEN = "CAR-T after tafa-len"
STAGE_CART = "CAR-T"
STAGE_AFTER_CART = "Tafa-len after CAR-T failure"


@dataclass(frozen=True, slots=True)
class StageSpec:
    """Which cohorts a stage draws on and whose effect its figures must measure."""

    id: StageId
    title: str
    measures: str
    cohorts: Callable[[Cohort], bool]
    measured: MeasuredTreatment


def _tafa_len_in(*places: Setting) -> Callable[[Cohort], bool]:
    return lambda c: is_tafa_len(c) and place_of(c) in places


def _cart_trial(cohort: Cohort) -> bool:
    return cohort.treatment_class == TreatmentClass.cd19_cart and cohort.setting == Setting.cart


STAGES: dict[StageId, StageSpec] = {
    "tafa_len": StageSpec(
        "tafa_len",
        STAGE_TAFA_LEN,
        "What tafa-len itself achieved in patients who had not had CAR-T.",
        _tafa_len_in(Setting.cart_naive),
        MeasuredTreatment.cohort_treatment,
    ),
    "cart_after_tafa_len": StageSpec(
        "cart_after_tafa_len",
        STAGE_CART_AFTER_TAFA_LEN,
        "What the CAR-T given after tafa-len achieved: response to CAR-T and survival counted "
        "from CAR-T infusion, not tafa-len's own response.",
        _tafa_len_in(Setting.before_cart, Setting.bridge_to_cart),
        MeasuredTreatment.later_cart,
    ),
    "cart": StageSpec(
        "cart",
        STAGE_CART,
        "What CD19 CAR-T achieved in its own trials and cohorts.",
        _cart_trial,
        MeasuredTreatment.cohort_treatment,
    ),
    "tafa_len_after_cart": StageSpec(
        "tafa_len_after_cart",
        STAGE_AFTER_CART,
        "What tafa-len achieved after CAR-T had failed: PFS2 and OS2 counted from the start of "
        "tafa-len.",
        _tafa_len_in(Setting.after_cart),
        MeasuredTreatment.cohort_treatment,
    ),
}


@dataclass(frozen=True, slots=True)
class Stage:
    id: StageId
    title: str
    measures: str
    cohort_ids: list[str]  # matched (fits or partial)
    considered: int  # cohorts of this stage in the evidence base
    ranges: list[EndpointRange]


@dataclass(frozen=True, slots=True)
class Strategy:
    id: StrategyId
    title: str
    applicable: bool
    reasons: list[str]
    cohort_ids: list[str]
    ranges: list[EndpointRange]
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    profile: PatientProfile
    fits: dict[str, CohortFit]
    index: EngineIndex


def _plan_text(profile: PatientProfile) -> str:
    return format_value(profile.cart_plan)


def _matched(fits: Sequence[CohortFit]) -> list[CohortFit]:
    return [fit for fit in fits if fit.grade in MATCHED_GRADES]


def _hypothetical_after_cart(profile: PatientProfile) -> PatientProfile:
    """The patient as if CAR-T given now had failed (timing unknown), to grade later evidence."""
    return profile.model_copy(
        update={
            "prior_cart": True,
            "prior_lines": min(profile.prior_lines + 1, 10),
            "months_cart_to_failure": None,
        }
    )


def _stage(ctx: _Context, stage_id: StageId, *, as_if_after_cart: bool = False) -> Stage:
    """A stage's cohorts graded for this patient (or, for evidence after a CAR-T not yet given,
    for the patient as if it had failed) and the ranges of the figures it measures."""
    spec = STAGES[stage_id]
    cohorts = [c for c in ctx.index.cohorts if spec.cohorts(c) and not c.reference_only]
    profile = _hypothetical_after_cart(ctx.profile) if as_if_after_cart else ctx.profile
    if as_if_after_cart:
        fits = [fit_cohort(c, profile, ctx.index) for c in cohorts]
    else:
        fits = [ctx.fits[c.id] for c in cohorts if c.id in ctx.fits]
    ranges = build_ranges(fits, profile, ctx.index, stage=spec.title, measured=spec.measured)
    return Stage(
        id=spec.id,
        title=spec.title,
        measures=spec.measures,
        cohort_ids=[f.cohort_id for f in _matched(fits)],
        considered=len(fits),
        ranges=ranges,
    )


def _count_reason(stage: Stage) -> str:
    if not stage.considered:
        return f"{stage.title}: no cohort in the evidence base."
    text = f"{stage.title}: {len(stage.cohort_ids)} cohort(s) match this patient"
    outside = stage.considered - len(stage.cohort_ids)
    if outside:
        text += f", {outside} fall outside (see cohort fit)"
    return text + "."


def _strategy(
    strategy_id: StrategyId, applicable: bool, reasons: list[str], stages: Sequence[Stage]
) -> Strategy:
    reasons = [*reasons, *(_count_reason(stage) for stage in stages)]
    cohort_ids = list(dict.fromkeys(c for stage in stages for c in stage.cohort_ids))
    return Strategy(
        id=strategy_id,
        title=TITLES[strategy_id],
        applicable=applicable,
        reasons=reasons,
        cohort_ids=cohort_ids,
        ranges=[r for stage in stages for r in stage.ranges],
        stages=tuple(stages),
    )


def tafa_len_now_cart_later(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if p.prior_cart:
        reasons.append(
            "Not applicable: the patient has already had CAR-T (see tafa-len after CAR-T failure)."
        )
    elif not cart_still_an_option(p):
        reasons.append(
            f"Not applicable: CAR-T is not planned ({_plan_text(p)}); see "
            "tafa-len as definitive therapy."
        )
    else:
        reasons.append(
            f"No CAR-T yet and CAR-T is {_plan_text(p)}: tafa-len now keeps CAR-T for progression."
        )
        if p.cart_plan == "planned":
            reasons.append(
                "CAR-T is planned: tafasitamab given now may still be circulating at "
                "leukapheresis (see the washout section)."
            )
        if p.symptom_tempo == "rapid":
            reasons.append("Symptoms are progressing rapidly and tafa-len responses take time.")
        if p.transplant_eligible:
            reasons.append(
                "Tafa-len is licensed for patients not eligible for transplant; "
                "this patient is transplant eligible."
            )
        if is_early_relapse(p) and p.prior_lines == 1:
            reasons.append(
                "Early relapse after first-line therapy: the second-line CAR-T "
                "trials enrolled such patients (see CAR-T now)."
            )
    stages = (_stage(ctx, "tafa_len"), _stage(ctx, "cart_after_tafa_len"))
    return _strategy("tafa_len_now_cart_later", cart_still_an_option(p), reasons, stages)


def cart_now_tafa_len_later(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if p.prior_cart:
        reasons.append("Not applicable: the patient has already had CAR-T.")
    elif not cart_still_an_option(p):
        reasons.append(f"Not applicable: CAR-T is not planned ({_plan_text(p)}).")
    else:
        reasons.append(
            f"No CAR-T yet and CAR-T is {_plan_text(p)}: CAR-T now keeps "
            "tafa-len for progression after CAR-T."
        )
        early_relapse = is_early_relapse(p)
        if early_relapse and p.prior_lines == 1:
            reasons.append(
                "Early relapse after first-line therapy: the setting of the second-line CAR-T "
                "trials."
            )
        elif early_relapse is False and p.prior_lines == 1 and p.transplant_eligible:
            reasons.append(
                "Late relapse in a transplant-eligible patient: salvage chemotherapy "
                "and autologous transplant is the usual second-line route."
            )
        if p.ecog >= 2:
            reasons.append(
                f"ECOG {p.ecog}: outside the performance status the CAR-T "
                "trials enrolled (see cohort fit)."
            )
        if p.cd19_status == "negative":
            reasons.append(
                "CD19 reported negative: CD19 CAR-T targets CD19 (see the CD19 considerations)."
            )
        reasons.append(
            "Figures after CAR-T failure are graded as if CAR-T had failed; when it "
            "would fail is unknown, so the all-patients figures are shown."
        )
    stages = (
        _stage(ctx, "cart"),
        _stage(ctx, "tafa_len_after_cart", as_if_after_cart=not p.prior_cart),
    )
    return _strategy("cart_now_tafa_len_later", cart_still_an_option(p), reasons, stages)


def tafa_len_after_cart(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if p.prior_cart:
        early = is_early_cart_failure(p)
        reasons.append(
            f"CAR-T failed {format_value(p.months_cart_to_failure)} months after infusion "
            f"({'early' if early else 'late'} failure): the post-CAR-T subgroup "
            "figures for that timing are shown where reported."
        )
        if p.cd19_status == "negative":
            reasons.append("CD19 reported negative after CAR-T: tafasitamab also targets CD19.")
        elif p.cd19_status == "unknown":
            reasons.append("CD19 status after CAR-T is unknown: tafasitamab targets CD19.")
    else:
        reasons.append("Not applicable: the patient has not had CAR-T.")
    return _strategy(
        "tafa_len_after_cart", p.prior_cart, reasons, (_stage(ctx, "tafa_len_after_cart"),)
    )


def tafa_len_definitive(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if p.prior_cart:
        reasons.append(
            "Not applicable: the patient has had CAR-T (see tafa-len after CAR-T failure)."
        )
    elif cart_still_an_option(p):
        reasons.append(
            f"Not applicable while CAR-T is {_plan_text(p)}: see the two sequences with CAR-T."
        )
    else:
        reasons.append(
            f"CAR-T is not planned ({_plan_text(p)}): tafa-len as the "
            "treatment itself, as in L-MIND and the real-world cohorts."
        )
        if p.transplant_eligible:
            reasons.append(
                "Tafa-len is licensed for patients not eligible for transplant; "
                "this patient is transplant eligible."
            )
        if p.symptom_tempo == "rapid":
            reasons.append("Symptoms are progressing rapidly and tafa-len responses take time.")
    applicable = not p.prior_cart and not cart_still_an_option(p)
    return _strategy("tafa_len_definitive", applicable, reasons, (_stage(ctx, "tafa_len"),))


STRATEGIES: tuple[Callable[[_Context], Strategy], ...] = (
    tafa_len_now_cart_later,
    cart_now_tafa_len_later,
    tafa_len_after_cart,
    tafa_len_definitive,
)


def build_strategies(
    profile: PatientProfile, fits: Sequence[CohortFit], index: EngineIndex
) -> list[Strategy]:
    ctx = _Context(profile, {fit.cohort_id: fit for fit in fits}, index)
    return [build(ctx) for build in STRATEGIES]
