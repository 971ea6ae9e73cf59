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

from evidence.models import (
    CD19_DIRECTED,
    Cohort,
    Finding,
    LineSetting,
    MeasuredTreatment,
    Setting,
    Tag,
    TreatmentClass,
)
from sequencing.conditions import evaluate_all, format_value
from sequencing.considerations import cd19_after_cart_outcomes
from sequencing.figures import format_outcome
from sequencing.fit import CohortFit, fit_cohort
from sequencing.index import EngineIndex, is_tafa_len, place_of
from sequencing.options import OptionRow
from sequencing.profile import (
    PatientProfile,
    cart_still_an_option,
    is_early_cart_failure,
    is_early_relapse,
    refractory_to_tafa_len,
)
from sequencing.ranges import (
    MATCHED_GRADES,
    EndpointRange,
    build_ranges,
)

__all__ = [
    "GIVES",
    "REFRACTORY_TO_TAFA_LEN",
    "STAGES",
    "STAGE_AFTER_CART",
    "STAGE_CART",
    "STAGE_CART_AFTER_TAFA_LEN",
    "STAGE_CART_TRIALS",
    "STAGE_TAFA_LEN",
    "STRATEGIES",
    "TITLES",
    "TITLE_AFTER_TAFA_LEN_FAILURE",
    "Grading",
    "Note",
    "Stage",
    "StageId",
    "StageSpec",
    "Strategy",
    "StrategyId",
    "build_strategies",
    "cart_now_tafa_len_later",
    "line_fits",
    "tafa_len_after_cart",
    "tafa_len_definitive",
    "tafa_len_now_cart_later",
]

StrategyId = Literal[
    "tafa_len_now_cart_later",
    "cart_now_tafa_len_later",
    "tafa_len_after_cart",
    "tafa_len_definitive",
]
StageId = Literal[
    "tafa_len",
    "cart_after_tafa_len",
    "cart_trials_for_comparison",
    "cart",
    "tafa_len_after_cart",
]

# Names say what each sequence is, not what it promises (a CAR-T "kept" for later, a "definitive"
# tafa-len that reads as curative).
TITLES: dict[str, str] = {
    "tafa_len_now_cart_later": "Tafa-len now, CAR-T if it progresses",
    "cart_now_tafa_len_later": "CAR-T now, tafa-len if CAR-T fails",
    "tafa_len_after_cart": "Tafa-len after CAR-T failure",
    "tafa_len_definitive": "Tafa-len without planned CAR-T",
}
# CAR-T now for a patient whose disease was refractory to tafa-len (no tafa-len later).
TITLE_AFTER_TAFA_LEN_FAILURE = "CAR-T now, after tafa-len failure"

STAGE_TAFA_LEN = "Tafa-len itself"
STAGE_CART_AFTER_TAFA_LEN = "CAR-T after tafa-len"
STAGE_CART = "CAR-T"
STAGE_AFTER_CART = "Tafa-len after CAR-T failure"
STAGE_CART_TRIALS = "CAR-T in its own trials, for comparison"


@dataclass(frozen=True, slots=True)
class StageSpec:
    """Which cohorts a stage draws on and whose effect its figures must measure."""

    id: StageId
    title: str
    measures: str
    # Which cohorts the stage draws on, for the patient's line of therapy.
    cohorts: Callable[[Cohort, PatientProfile], bool]
    measured: MeasuredTreatment


def _tafa_len_in(*places: Setting) -> Callable[[Cohort, PatientProfile], bool]:
    return lambda c, _: is_tafa_len(c) and place_of(c) in places


def _is_cart(cohort: Cohort) -> bool:
    return cohort.treatment_class == TreatmentClass.cd19_cart and cohort.setting == Setting.cart


def line_fits(cohort: Cohort, lines_before: int) -> bool:
    """A CAR-T cohort for a patient with `lines_before` lines before the CAR-T: second-line
    trials after one line (ZUMA-7, TRANSFORM, PILOT), third-line trials after two or more
    (ZUMA-1, JULIET, TRANSCEND); routine-care cohorts, which do not state a line, after two or
    more (the leads sheet's grouping)."""
    if lines_before <= 1:
        return cohort.line_setting == LineSetting.second_line
    return cohort.line_setting in (LineSetting.third_line_or_later, None)


def _cart_for_line(cohort: Cohort, profile: PatientProfile) -> bool:
    return _is_cart(cohort) and line_fits(cohort, profile.prior_lines)


def _cart_after_one_more_line(cohort: Cohort, profile: PatientProfile) -> bool:
    # CAR-T given after tafa-len comes one line later.
    return _is_cart(cohort) and line_fits(cohort, profile.prior_lines + 1)


STAGES: dict[StageId, StageSpec] = {
    "tafa_len": StageSpec(
        "tafa_len",
        STAGE_TAFA_LEN,
        "What tafa-len itself achieved in patients who had not had CAR-T (including its own "
        "response where it was given before CAR-T).",
        _tafa_len_in(Setting.cart_naive, Setting.before_cart, Setting.bridge_to_cart),
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
    "cart_trials_for_comparison": StageSpec(
        "cart_trials_for_comparison",
        STAGE_CART_TRIALS,
        "What CAR-T achieved in its own trials and routine-care cohorts, graded for this "
        "patient after tafa-len: a trial that excluded prior anti-CD19 therapy no longer fits.",
        _cart_after_one_more_line,
        MeasuredTreatment.cohort_treatment,
    ),
    "cart": StageSpec(
        "cart",
        STAGE_CART,
        "What CD19 CAR-T achieved in the trials and routine-care cohorts of this line of therapy.",
        _cart_for_line,
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
class Note:
    """A sentence of context with the records it rests on."""

    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stage:
    id: StageId
    title: str
    measures: str
    cohort_ids: list[str]  # matched (fits or partial)
    considered: int  # cohorts of this stage in the evidence base
    ranges: list[EndpointRange]
    notes: tuple[Note, ...] = ()
    # Cohorts of this stage whose criteria or setting exclude the patient, with the first reason.
    outside: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Strategy:
    id: StrategyId
    title: str
    applicable: bool
    reasons: list[str]
    cohort_ids: list[str]
    ranges: list[EndpointRange]
    stages: tuple[Stage, ...] = ()
    # Licence and guideline statements for this patient, and concerns that lead the card.
    context: tuple[Note, ...] = ()
    # It gives a CD19-directed treatment (a CD19-negative result questions it).
    targets_cd19: bool = False


@dataclass(frozen=True, slots=True)
class _Context:
    profile: PatientProfile
    fits: dict[str, CohortFit]
    index: EngineIndex
    options: tuple[OptionRow, ...] = ()


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


def _hypothetical_after_tafa_len(profile: PatientProfile) -> PatientProfile:
    """The patient as if tafa-len given now had failed and CAR-T came next: one more line, and
    tafa-len in that line (prior anti-CD19 therapy: JULIET excluded it); how it responded is
    not known."""
    line = min(profile.prior_lines + 1, 10)
    return profile.model_copy(
        update={"prior_lines": line, "tafa_len_line": line, "tafa_len_response": None}
    )


Grading = Literal["as_is", "after_cart", "after_tafa_len"]


def _graded_profile(profile: PatientProfile, grading: Grading) -> PatientProfile:
    if grading == "after_cart":
        return _hypothetical_after_cart(profile)
    if grading == "after_tafa_len":
        return _hypothetical_after_tafa_len(profile)
    return profile


def _stage(ctx: _Context, stage_id: StageId, grading: Grading = "as_is") -> Stage:
    """A stage's cohorts graded for this patient (or, for evidence about a later step, for the
    patient as that step would find them) and the ranges of what it measures."""
    spec = STAGES[stage_id]
    cohorts = [
        c for c in ctx.index.cohorts if spec.cohorts(c, ctx.profile) and not c.reference_only
    ]
    profile = _graded_profile(ctx.profile, grading)
    if grading == "as_is":
        fits = [ctx.fits[c.id] for c in cohorts if c.id in ctx.fits]
    else:
        fits = [fit_cohort(c, profile, ctx.index) for c in cohorts]
    ranges = build_ranges(fits, profile, ctx.index, stage=spec.title, measured=spec.measured)
    return Stage(
        id=spec.id,
        title=spec.title,
        measures=spec.measures,
        cohort_ids=[f.cohort_id for f in _matched(fits)],
        considered=len(fits),
        ranges=ranges,
        notes=_stage_notes(ctx, stage_id),
        outside=tuple(
            (f"{f.source_short}: {f.cohort_label}", next(iter(f.reasons), ""))
            for f in fits
            if f.grade not in MATCHED_GRADES
        ),
    )


def _finding_notes(findings: Sequence[Finding]) -> tuple[Note, ...]:
    return tuple(Note(f.text, (f.id,)) for f in findings)


def _stage_notes(ctx: _Context, stage_id: StageId) -> tuple[Note, ...]:
    """The CAR-T trials' exclusion of prior anti-CD19 therapy, beside the figures of CAR-T
    after tafa-len and of the trials themselves (JULIET; Thapa 2020, via the leads sheet)."""
    if stage_id not in ("cart_after_tafa_len", "cart_trials_for_comparison"):
        return ()
    return _finding_notes(ctx.index.findings_by_tag.get(Tag.anti_cd19_exclusion, ()))


def _count_reason(stage: Stage) -> str:
    if not stage.considered:
        return f"{stage.title}: no cohort in the evidence base."
    text = f"{stage.title}: {len(stage.cohort_ids)} cohort(s) match this patient"
    outside = stage.considered - len(stage.cohort_ids)
    if outside:
        text += f", {outside} fall outside (see cohort fit)"
    return text + "."


# The treatments each strategy gives, for the licence and guideline statements it carries.
GIVES: dict[StrategyId, frozenset[TreatmentClass]] = {
    "tafa_len_now_cart_later": frozenset({TreatmentClass.tafa_len, TreatmentClass.cd19_cart}),
    "cart_now_tafa_len_later": frozenset({TreatmentClass.cd19_cart, TreatmentClass.tafa_len}),
    "tafa_len_after_cart": frozenset({TreatmentClass.tafa_len}),
    "tafa_len_definitive": frozenset({TreatmentClass.tafa_len}),
}


def _context(ctx: _Context, strategy_id: StrategyId) -> list[Note]:
    """Licence and guideline statements about what this strategy gives, for this patient:
    context at the top of its card, never a ranking (findings' context_for / context_when)."""
    gives = GIVES[strategy_id]
    return [
        Note(f.text, (f.id,))
        for f in ctx.index.findings
        if gives & set(f.context_for) and evaluate_all(f.context_when, ctx.profile) is True
    ]


def _strategy(
    ctx: _Context,
    strategy_id: StrategyId,
    applicable: bool,
    reasons: list[str],
    stages: Sequence[Stage],
    leading: Sequence[Note] = (),
    title: str | None = None,
) -> Strategy:
    reasons = [*reasons, *(_count_reason(stage) for stage in stages)]
    cohort_ids = list(dict.fromkeys(c for stage in stages for c in stage.cohort_ids))
    return Strategy(
        id=strategy_id,
        title=title or TITLES[strategy_id],
        applicable=applicable,
        reasons=reasons,
        cohort_ids=cohort_ids,
        ranges=[r for stage in stages for r in stage.ranges],
        stages=tuple(stages),
        context=(*leading, *_context(ctx, strategy_id)),
        targets_cd19=bool(GIVES[strategy_id] & CD19_DIRECTED),
    )


def _cd19_negative_after_cart(ctx: _Context) -> list[Note]:
    """A CD19-negative (or weak) result after CAR-T: which published options target CD19, the
    post-CAR-T CD19 evidence with its records (never the before-CAR-T findings about tafa-len),
    and the options that do not target CD19. No claim here without a record."""
    p = ctx.profile
    if not (p.prior_cart and p.cd19_status in ("negative", "equivocal")):
        return []
    status = format_value(p.cd19_status)
    notes = [
        Note(
            f"CD19 reported {status} after CAR-T: the options that target CD19 are marked as "
            "such; the evidence on CD19 after CAR-T follows."
        )
    ]
    notes += [
        Note(f"{format_outcome(o, ctx.index)}.", (o.id,))
        for o in cd19_after_cart_outcomes(ctx.index)
    ]
    notes += _finding_notes(
        [f for f in ctx.index.findings_by_tag.get(Tag.cd19_after_cart, ()) if not f.context_when]
    )
    other = [row for row in ctx.options if row.cd19_directed is False and row.cohorts]
    if other:
        notes.append(
            Note(
                "Published options after CAR-T failure that do not target CD19: "
                + "; ".join(row.title for row in other)
                + " (each with its figures among the options).",
            )
        )
    else:
        notes.append(
            Note("No published option after CAR-T failure that avoids CD19 matches this patient.")
        )
    return notes


REFRACTORY_TO_TAFA_LEN = (
    "Not applicable: the disease was refractory to tafa-len (line {line}); the evidence on "
    "CAR-T after tafa-len failure is under CAR-T now."
)


def _refractory_reason(p: PatientProfile) -> str:
    return REFRACTORY_TO_TAFA_LEN.format(line=p.tafa_len_line)


def tafa_len_now_cart_later(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if refractory_to_tafa_len(p):
        reasons.append(_refractory_reason(p))
    elif p.prior_cart:
        reasons.append(
            "Not applicable: the patient has already had CAR-T (see tafa-len after CAR-T failure)."
        )
    elif not cart_still_an_option(p):
        reasons.append(
            f"Not applicable: CAR-T is not planned ({_plan_text(p)}); see "
            "tafa-len without planned CAR-T."
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
    stages = (
        _stage(ctx, "tafa_len"),
        _stage(ctx, "cart_after_tafa_len"),
        _stage(ctx, "cart_trials_for_comparison", "after_tafa_len"),
    )
    applicable = cart_still_an_option(p) and not refractory_to_tafa_len(p)
    return _strategy(ctx, "tafa_len_now_cart_later", applicable, reasons, stages)


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
        if p.tafa_len_line is not None:
            reasons.append(
                "Tafa-len was given before (line "
                f"{p.tafa_len_line}): the CAR-T given after tafa-len is this patient's "
                "evidence, and CAR-T trials that excluded prior anti-CD19 therapy do not fit."
            )
        reasons.append(
            "Figures after CAR-T failure are graded as if CAR-T had failed; when it "
            "would fail is unknown, so the all-patients figures are shown."
        )
    later: Grading = "as_is" if p.prior_cart else "after_cart"
    after_tafa_len = (_stage(ctx, "cart_after_tafa_len"),) if p.tafa_len_line is not None else ()
    # Disease refractory to tafa-len: tafa-len again after CAR-T is not this patient's question.
    tafa_len_later = (
        () if refractory_to_tafa_len(p) else (_stage(ctx, "tafa_len_after_cart", later),)
    )
    stages = (*after_tafa_len, _stage(ctx, "cart"), *tafa_len_later)
    title = TITLE_AFTER_TAFA_LEN_FAILURE if refractory_to_tafa_len(p) else None
    return _strategy(
        ctx, "cart_now_tafa_len_later", cart_still_an_option(p), reasons, stages, title=title
    )


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
    stages = (_stage(ctx, "tafa_len_after_cart"),)
    leading = _cd19_negative_after_cart(ctx)
    return _strategy(ctx, "tafa_len_after_cart", p.prior_cart, reasons, stages, leading)


def tafa_len_definitive(ctx: _Context) -> Strategy:
    p = ctx.profile
    reasons: list[str] = []
    if refractory_to_tafa_len(p):
        reasons.append(_refractory_reason(p))
    elif p.prior_cart:
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
    applicable = not p.prior_cart and not cart_still_an_option(p) and not refractory_to_tafa_len(p)
    return _strategy(ctx, "tafa_len_definitive", applicable, reasons, (_stage(ctx, "tafa_len"),))


STRATEGIES: tuple[Callable[[_Context], Strategy], ...] = (
    tafa_len_now_cart_later,
    cart_now_tafa_len_later,
    tafa_len_after_cart,
    tafa_len_definitive,
)


def build_strategies(
    profile: PatientProfile,
    fits: Sequence[CohortFit],
    index: EngineIndex,
    options: tuple[OptionRow, ...] = (),
) -> list[Strategy]:
    ctx = _Context(profile, {fit.cohort_id: fit for fit in fits}, index, options)
    return [build(ctx) for build in STRATEGIES]
