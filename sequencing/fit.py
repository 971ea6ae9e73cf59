"""How well a patient fits a cohort: eligibility, baseline mix and setting, feature by feature.

Grades: "fits" (inside everything the cohort reports), "partial" (nothing outside, but an
eligibility criterion or the setting cannot be judged, or the cohort reports nothing to judge),
"outside" (a criterion, the setting or the baseline mix excludes the patient, or the cohort was
selected by its outcome).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from evidence.formatting import number
from evidence.models import (
    CD19_DIRECTED,
    Baseline,
    CartExposure,
    Cohort,
    Criterion,
    MeasuredAt,
    Setting,
    TreatmentClass,
)
from sequencing.conditions import format_value, patient_text, patient_value
from sequencing.criteria import effective_criteria, evaluate_criterion
from sequencing.index import EngineIndex, place_of
from sequencing.profile import PatientProfile, had_anti_cd19, is_early_cart_failure
from sequencing.vocabulary import CART_OPEN_PLANS, FIELD_LABELS, GRADE_ORDER

Grade = Literal["fits", "partial", "outside"]
Status = Literal["inside", "outside", "unknown"]
Kind = Literal["eligibility", "baseline", "setting", "unreported"]

# The check of a criterion the patient profile cannot express (shown beside the cohort).
UNCHECKABLE = "other_criteria"
UNCHECKABLE_LABEL = "Criteria not in the patient form"

# Below this share (or above 100 minus it) a feature is rare in a cohort: shown as information.
RARE_PCT = 10.0

__all__ = [
    "GRADE_ORDER",
    "Atypical",
    "CohortFit",
    "FeatureCheck",
    "PatientView",
    "fit_all",
    "fit_cohort",
    "judges_fit",
    "patient_view",
]


@dataclass(frozen=True, slots=True)
class FeatureCheck:
    feature: str
    label: str
    patient_value: str
    cohort_text: str
    status: Status
    kind: Kind
    evidence: list[str]


@dataclass(frozen=True, slots=True)
class CohortFit:
    cohort_id: str
    cohort_label: str
    source_id: str
    source_short: str
    design: str
    setting: str
    treatment: str
    n: int | None
    grade: Grade
    checks: list[FeatureCheck]
    reasons: list[str]


# Baseline percentage features: (profile field, does the patient have it?, plain label).
_PCT_FEATURES: dict[str, tuple[str, Callable[[PatientProfile], bool | None], str]] = {
    "pct_primary_refractory": (
        "primary_refractory",
        lambda p: p.primary_refractory,
        "primary refractory disease",
    ),
    "pct_refractory_last_line": (
        "response_to_last_line",
        lambda p: p.response_to_last_line == "refractory",
        "disease refractory to the last line",
    ),
    "pct_bulky": ("bulky", lambda p: p.bulky, "bulky disease"),
    "pct_ecog_2_plus": ("ecog", lambda p: p.ecog >= 2, "ECOG performance status 2 or more"),
    "pct_double_hit": ("double_hit", lambda p: p.double_hit, "double-hit lymphoma"),
    "pct_prior_cart": ("prior_cart", lambda p: p.prior_cart, "prior CAR-T"),
    "pct_transplant_eligible": (
        "transplant_eligible",
        lambda p: p.transplant_eligible,
        "transplant eligibility",
    ),
    "pct_ldh_elevated": ("ldh_elevated", lambda p: p.ldh_elevated, "elevated LDH"),
    "pct_early_cart_failure": (
        "months_cart_to_failure",
        is_early_cart_failure,
        "early CAR-T failure",
    ),
    "pct_prior_autologous_transplant": (
        "prior_autologous_transplant",
        lambda p: p.prior_autologous_transplant,
        "a prior autologous transplant",
    ),
    "pct_prior_anti_cd19": ("prior_anti_cd19", had_anti_cd19, "prior anti-CD19 therapy"),
}
_MEDIAN_FEATURES: dict[str, tuple[str, str]] = {
    "median_age": ("age", "median age"),
    "median_prior_lines": ("prior_lines", "median number of prior lines"),
}

# Features reported as "unknown" when a cohort says nothing about them.
_KEY_FIELDS = (
    "response_to_last_line",
    "primary_refractory",
    "months_first_line_to_progression",
    "bulky",
    "ecog",
    "double_hit",
    "transplant_eligible",
    "ldh_elevated",
    "age",
    "prior_lines",
    "months_cart_to_failure",
)


def _lower_first(label: str) -> str:
    """'Bulky disease' -> 'bulky disease', but 'ECOG performance status' stays."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _patient_text(profile: PatientProfile, field: str) -> str:
    return patient_text(profile, field)


def _mixed_share(cohort: Cohort) -> str:
    shares = [b.value for b in cohort.baseline if b.feature == "pct_prior_cart"]
    return f" ({number(shares[0])}% had had CAR-T)" if shares else ""


def _setting_check(cohort: Cohort, profile: PatientProfile) -> FeatureCheck:
    # A comparator arm is judged where it sits (e.g. DESCAR-T's controls after CAR-T failure).
    setting = place_of(cohort)
    plan = profile.cart_plan
    status: Status
    if cohort.cart_exposure == CartExposure.some:
        # A mixed cohort describes neither kind of patient well: partly fits both, never a band.
        field = "prior_cart"
        text = "mixes CAR-T-naive and post-CAR-T patients" + _mixed_share(cohort)
        status = "unknown"
    elif setting == Setting.after_cart:
        field, text = "prior_cart", "treated after CAR-T failure"
        status = "inside" if profile.prior_cart else "outside"
    elif setting == Setting.cart_naive and cohort.cart_exposure == CartExposure.not_reported:
        # Filed with the CAR-T-naive cohorts, but whether any patient had had CAR-T is not
        # reported (e.g. STARGLO): unknown for a patient after CAR-T, not "outside".
        field, text = "prior_cart", "prior CAR-T not reported (filed as CAR-T-naive)"
        status = "unknown" if profile.prior_cart else "inside"
    elif setting == Setting.cart_naive:
        field, text = "prior_cart", "patients who had not had CAR-T"
        status = "outside" if profile.prior_cart else "inside"
    elif setting == Setting.comparator:
        field, text = "prior_cart", "comparator arm: its place relative to CAR-T is not stated"
        status = "unknown"
    else:
        field = "cart_plan"
        text = {
            Setting.before_cart: "patients treated before going on to CAR-T",
            Setting.bridge_to_cart: "patients bridged to CAR-T",
            Setting.cart: "patients given CAR-T",
        }[setting]
        if profile.prior_cart:
            field, status = "prior_cart", "outside"
        else:
            status = "inside" if plan in CART_OPEN_PLANS else "outside"
    return FeatureCheck(
        feature=field,
        label=FIELD_LABELS[field],
        patient_value=_patient_text(profile, field),
        cohort_text=text,
        status=status,
        kind="setting",
        evidence=[cohort.id],
    )


_MEASURED_AT_TEXT: dict[MeasuredAt, str] = {
    MeasuredAt.before_leukapheresis: "measured before leukapheresis",
    MeasuredAt.at_cart_infusion: "measured at CAR-T infusion",
    MeasuredAt.not_stated: "when measured is not stated",
}


def judges_fit(cohort: Cohort, item: Baseline) -> bool:
    """Only a feature measured before the cohort's own treatment can put a patient outside it:
    DESCAR-T's pre-CAR-T set was refractory before leukapheresis, after tafa-len (seed 003).
    For a CAR-T cohort, before leukapheresis is before its treatment."""
    if item.measured_at == MeasuredAt.before_cohort_treatment:
        return True
    return (
        cohort.treatment_class == TreatmentClass.cd19_cart
        and item.measured_at == MeasuredAt.before_leukapheresis
    )


def _pct_check(
    cohort: Cohort, item: Baseline, profile: PatientProfile
) -> tuple[FeatureCheck, str | None]:
    field, has_it, label = _PCT_FEATURES[item.feature]
    patient_has = has_it(profile)
    pct = item.value
    cohort_text = f"{number(pct)}% with {label}"
    note: str | None = None
    status: Status
    if not judges_fit(cohort, item):
        when = _MEASURED_AT_TEXT[item.measured_at]
        cohort_text += f" ({when}, after the cohort's own treatment began: not used to judge fit)"
        status = "unknown"
    elif patient_has is None:
        status = "unknown"
    elif item.feature == "pct_ecog_2_plus" and profile.ecog >= 3 and pct > 0:
        # A share of ECOG 2 or more does not say whether ECOG 3 or 4 was admitted.
        cohort_text += " (whether ECOG 3 or 4 was admitted is not stated)"
        status = "unknown"
    elif patient_has:
        status = "outside" if pct == 0 else "inside"
        if 0 < pct < RARE_PCT:
            note = f"Few patients in {cohort.label} had {label} ({pct:g}%): this patient has."
    else:
        status = "outside" if pct == 100 else "inside"
        if 100 - RARE_PCT < pct < 100:
            note = (
                f"Almost every patient in {cohort.label} had {label} ({pct:g}%): "
                "this patient has not."
            )
    check = FeatureCheck(
        feature=field,
        label=FIELD_LABELS[field],
        patient_value=_patient_text(profile, field),
        cohort_text=cohort_text,
        status=status,
        kind="baseline",
        evidence=[cohort.id],
    )
    return check, note


def _median_check(cohort: Cohort, item: Baseline, profile: PatientProfile) -> FeatureCheck:
    field, label = _MEDIAN_FEATURES[item.feature]
    value = getattr(profile, field)
    return FeatureCheck(
        feature=field,
        label=FIELD_LABELS[field],
        patient_value=format_value(value),
        cohort_text=f"{label} {number(item.value)}",
        status="unknown" if value is None else "inside",
        kind="baseline",
        evidence=[cohort.id],
    )


@dataclass(frozen=True, slots=True)
class PatientView:
    """What every cohort's fit needs from one profile, computed once per assessment."""

    texts: dict[str, str]
    # "Not reported" checks for the key features the patient has a value for (shared objects).
    unknown_checks: tuple[FeatureCheck, ...]
    # The features in which this patient is unusual (ATYPICAL), by field.
    atypical: tuple[Atypical, ...] = ()


@dataclass(frozen=True, slots=True)
class Atypical:
    """A feature in which a patient is unusual among relapsed/refractory LBCL cohorts: a cohort
    that reports nothing on it cannot be said to fit (DOMAIN.md, "Reading the evidence honestly":
    "Where it reports nothing on a feature in which this patient is unusual (ECOG 3, prior
    CD19-directed therapy, double-hit), the fit is not known, not 'fits'")."""

    field: str
    holds: Callable[[PatientProfile], bool]
    # The treatments for which the feature matters; None for every treatment.
    relevant_to: frozenset[TreatmentClass] | None = None


ATYPICAL: tuple[Atypical, ...] = (
    Atypical("ecog", lambda p: p.ecog >= 2),
    Atypical("double_hit", lambda p: p.double_hit),
    Atypical("primary_refractory", lambda p: p.primary_refractory),
    # Tafa-len is licensed for transplant-ineligible patients; ZUMA-7/TRANSFORM enrolled
    # transplant candidates: eligibility is a feature most R/R cohorts are not made of.
    Atypical("transplant_eligible", lambda p: p.transplant_eligible),
    # CAR-T studies "frequently excluded" prior CD19-targeting therapy (Thapa 2020, leads sheet).
    Atypical("prior_anti_cd19", had_anti_cd19, CD19_DIRECTED),
    # A CD19-negative or equivocal result questions a CD19-directed treatment, not the others.
    Atypical("cd19_status", lambda p: p.cd19_status in ("negative", "equivocal"), CD19_DIRECTED),
)


def patient_view(profile: PatientProfile) -> PatientView:
    texts = {name: patient_text(profile, name) for name in FIELD_LABELS}
    unknown = tuple(
        FeatureCheck(
            feature=field,
            label=FIELD_LABELS[field],
            patient_value=texts[field],
            cohort_text="not reported",
            status="unknown",
            kind="baseline",
            evidence=[],
        )
        for field in _KEY_FIELDS
        if patient_value(profile, field) is not None
    )
    atypical = tuple(a for a in ATYPICAL if a.holds(profile))
    return PatientView(texts=texts, unknown_checks=unknown, atypical=atypical)


def _criterion_check(
    criterion: Criterion, status: Status, texts: dict[str, str], cohort_id: str
) -> FeatureCheck:
    if not criterion.checkable:
        return FeatureCheck(
            feature=UNCHECKABLE,
            label=UNCHECKABLE_LABEL,
            patient_value="not in the patient form",
            cohort_text=criterion.text,
            status="unknown",
            kind="eligibility",
            evidence=[cohort_id],
        )
    fields = criterion.fields
    return FeatureCheck(
        feature=fields[0],
        label=" or ".join(FIELD_LABELS[name] for name in fields),
        patient_value="; ".join(texts[name] for name in fields),
        cohort_text=criterion.text,
        status=status,
        kind="eligibility",
        evidence=[cohort_id],
    )


@dataclass(slots=True)
class _Judgement:
    """The checks and reasons gathered while judging one cohort."""

    checks: list[FeatureCheck] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    outside: bool = False
    partial: bool = False


def _patient_pairs(criterion: Criterion, texts: dict[str, str]) -> str:
    """'response to the last line relapsed, prior autologous transplant no'."""
    return ", ".join(f"{_lower_first(FIELD_LABELS[f])} {texts[f]}" for f in criterion.fields)


def _judge_setting(cohort: Cohort, profile: PatientProfile, judged: _Judgement) -> None:
    setting = _setting_check(cohort, profile)
    judged.checks.append(setting)
    if setting.status == "outside":
        judged.outside = True
        judged.reasons.append(
            f"{cohort.label}: {setting.cohort_text}; this patient: "
            f"{_lower_first(setting.label)} {setting.patient_value}."
        )
    elif setting.status == "unknown":
        judged.partial = True
        judged.reasons.append(f"{cohort.label}: {setting.cohort_text}.")


def _judge_criteria(
    cohort: Cohort,
    criteria: tuple[Criterion, ...],
    profile: PatientProfile,
    view: PatientView,
    judged: _Judgement,
) -> set[str]:
    covered: set[str] = set()
    for criterion in criteria:
        covered.update(criterion.fields)
        result = evaluate_criterion(criterion, profile)
        status: Status = "unknown" if result is None else ("inside" if result else "outside")
        check = _criterion_check(criterion, status, view.texts, cohort.id)
        judged.checks.append(check)
        text = criterion.text.rstrip(".")
        if status == "outside":
            judged.outside = True
            judged.reasons.append(
                f"{text} (this patient: {_patient_pairs(criterion, view.texts)})."
            )
        elif not criterion.checkable:
            judged.partial = True
            judged.reasons.append(
                f"{cohort.label} also required: {text} (not in the patient form: cannot be "
                "checked)."
            )
        elif status == "unknown":
            judged.partial = True
            missing = [f for f in criterion.fields if view.texts[f] == "not given"]
            judged.reasons.append(
                "Unknown whether the patient meets: "
                f"{text} ({' or '.join(_lower_first(FIELD_LABELS[f]) for f in missing)} not given)."
            )
    return covered


def _judge_baseline(
    cohort: Cohort, profile: PatientProfile, judged: _Judgement, covered: set[str]
) -> None:
    for item in cohort.baseline:
        if item.feature == "descriptive":
            continue  # shown with the cohort, never used to judge fit
        if item.feature in _PCT_FEATURES:
            check, note = _pct_check(cohort, item, profile)
            if note:
                judged.reasons.append(note)
            if check.status == "outside":
                judged.outside = True
                judged.reasons.append(
                    f"{cohort.label}: {check.cohort_text}; this patient: "
                    f"{_lower_first(check.label)} {check.patient_value}."
                )
        else:
            check = _median_check(cohort, item, profile)
        covered.add(check.feature)
        judged.checks.append(check)


def _judge_unreported(
    cohort: Cohort, view: PatientView, judged: _Judgement, decided: set[str]
) -> None:
    """A feature in which this patient is unusual and on which the cohort decides nothing: the
    fit is not known (at most partly fits), and the reason names it."""
    present = {c.feature for c in judged.checks}
    for feature in view.atypical:
        if feature.relevant_to is not None and cohort.treatment_class not in feature.relevant_to:
            continue
        if feature.field in decided:
            continue
        judged.partial = True
        label = FIELD_LABELS[feature.field]
        if feature.field in present:
            judged.reasons.append(
                f"{cohort.label} does not say whether it admitted patients with "
                f"{_lower_first(label)} {view.texts[feature.field]}."
            )
            continue
        judged.checks.append(
            FeatureCheck(
                feature=feature.field,
                label=label,
                patient_value=view.texts[feature.field],
                cohort_text="not reported",
                status="unknown",
                kind="unreported",
                evidence=[],
            )
        )
        judged.reasons.append(
            f"{cohort.label} reports nothing on {_lower_first(label)} (this patient: "
            f"{view.texts[feature.field]}): unknown whether it admitted such patients."
        )


def _decided(
    judged: _Judgement, criteria: tuple[Criterion, ...], profile: PatientProfile
) -> set[str]:
    """The fields on which the cohort's setting, criteria or baseline decide inside or outside."""
    decided = {
        c.feature for c in judged.checks if c.status != "unknown" and c.kind != "eligibility"
    }
    for criterion in criteria:
        if evaluate_criterion(criterion, profile) is not None:
            decided.update(criterion.fields)
    return decided


def _grade(cohort: Cohort, judged: _Judgement) -> Grade:
    judged_any = any(c.status != "unknown" for c in judged.checks if c.kind != "setting")
    if cohort.selected_by_outcome:
        judged.reasons.insert(
            0,
            f"{cohort.label} was selected by its outcome, so its figures cannot "
            "describe a patient deciding on treatment: never matched.",
        )
        return "outside"
    if judged.outside:
        return "outside"
    if not judged_any and not judged.partial:
        judged.reasons.append(
            f"{cohort.label} reports nothing this patient can be judged on beyond its setting: "
            "it partly fits."
        )
        return "partial"
    if judged.partial:
        return "partial"
    judged.reasons.append(f"Inside the setting and every criterion {cohort.label} reports.")
    return "fits"


def fit_cohort(
    cohort: Cohort, profile: PatientProfile, index: EngineIndex, view: PatientView | None = None
) -> CohortFit:
    """Grade how the patient fits one cohort, with a check per feature and the reasons.

    "Fits" means inside the setting, every criterion (its own and inherited) and the baseline
    mix, with every feature in which the patient is unusual reported by the cohort; a criterion
    the profile cannot check, or an unusual feature the cohort does not report, makes it at most
    "partial"; anything that excludes the patient makes it "outside"."""
    if view is None:
        view = patient_view(profile)
    judged = _Judgement()
    _judge_setting(cohort, profile, judged)
    criteria = (
        index.criteria_of[cohort.id]
        if index.base.cohorts.get(cohort.id) is cohort
        else effective_criteria(cohort, index.base.cohorts)  # a variant built by a caller
    )
    covered = _judge_criteria(cohort, criteria, profile, view, judged)
    _judge_baseline(cohort, profile, judged, covered)
    _judge_unreported(cohort, view, judged, _decided(judged, criteria, profile))
    judged.checks.extend(c for c in view.unknown_checks if c.feature not in covered)
    grade = _grade(cohort, judged)
    source = index.source_of[cohort.id]
    return CohortFit(
        cohort_id=cohort.id,
        cohort_label=cohort.label,
        source_id=source.id,
        source_short=source.short,
        design=index.design_label_of[cohort.id],
        setting=cohort.setting.value,
        treatment=cohort.treatment,
        n=cohort.n,
        grade=grade,
        checks=judged.checks,
        reasons=judged.reasons,
    )


def fit_all(profile: PatientProfile, index: EngineIndex) -> list[CohortFit]:
    """Every cohort of patients; reference-only records (pharmacokinetics, test performance)
    describe no patients to match and are left out."""
    view = patient_view(profile)
    return [
        fit_cohort(cohort, profile, index, view)
        for cohort in index.cohorts
        if not cohort.reference_only
    ]
