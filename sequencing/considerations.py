"""The rule set: what a tumor board should weigh for this patient, each with its evidence.

Each rule has a stable id and a severity (info, caution, warning). The feature rules (a profile
condition, a severity, a wording, an evidence selector) are data in `sequencing.rule_table`; the
rules here compute something (washout arithmetic, the CAR-T failure split, CD19 testing). Rule
text is written from templates that carry no figures: every number shown comes from an evidence
record (or the patient's own profile) at run time, with its significance. Evidence is found by
typed fields and explicit tags (subgroup conditions, eligibility criteria, endpoints, finding
topics and tags), never by words in prose or by hard-coded ids, and every rule cites the ids of
the outcome and finding records it rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from evidence.formatting import number
from evidence.models import (
    Cohort,
    Criterion,
    Endpoint,
    Finding,
    MeasuredTreatment,
    Outcome,
    Setting,
    Tag,
    TreatmentClass,
)
from sequencing.conditions import describe, evaluate_all, format_value
from sequencing.criteria import evaluate_criterion
from sequencing.figures import format_outcome, strength
from sequencing.fit import CohortFit
from sequencing.index import EngineIndex, place_of
from sequencing.profile import (
    PatientProfile,
    cart_still_an_option,
    is_early_cart_failure,
    is_early_relapse,
)
from sequencing.ranges import MATCHED_GRADES, in_band
from sequencing.rule_table import FEATURE_RULES, FeatureRule, Severity
from sequencing.vocabulary import FIELD_LABELS, SEVERITY_ORDER
from sequencing.washout import Washout

__all__ = [
    "CD19_AND_WASHOUT_RULES",
    "RULES",
    "RULE_IDS",
    "SEVERITY_ORDER",
    "TAGS_CITED",
    "TEMPLATES",
    "Consideration",
    "RuleContext",
    "about_cd19_and_washout",
    "cd19_after_cart_outcomes",
    "evaluate_rules",
    "format_outcome",
    "rule_cart_failure",
    "rule_cd19_after_cart",
    "rule_cd19_before_cart",
    "rule_cd19_test_after_tafa",
    "rule_early_relapse",
    "rule_late_relapse",
    "rule_len_toxicity",
    "rule_post_cart_comparison",
    "rule_tafa_before_leukapheresis",
    "rule_transplant",
    "t",
]

# Below this expected share of antibody left at leukapheresis the washout rule stays silent;
# at or above the higher share (with CAR-T planned) it warns.
WASHOUT_SILENT_BELOW = 0.03
WASHOUT_WARN_FROM = 0.10

MAX_FIGURES = 4
MAX_FINDINGS = 3


@dataclass(frozen=True, slots=True)
class Consideration:
    rule_id: str
    severity: Severity
    title: str
    text: str
    evidence: list[str]


# Every rule's wording. No digits here (a test checks): figures come from the records.
TEMPLATES: dict[str, str] = {
    "more_findings": " ({count} more in the evidence below.)",
    "TRANSPLANT-ELIGIBLE.title": "Transplant eligible",
    "TRANSPLANT-ELIGIBLE.text": (
        "Tafa-len is licensed for patients not eligible for autologous transplant, and this "
        "patient is transplant eligible{exclusions}.{inclusions}"
    ),
    "EARLY-RELAPSE.title": "Early relapse after first-line therapy",
    "EARLY-RELAPSE.text": (
        "Progression {when} after first-line therapy: the setting of the second-line CAR-T "
        "trials{criteria}.{figures}"
    ),
    "LATE-RELAPSE-ASCT.title": "Late relapse, transplant eligible",
    "LATE-RELAPSE-ASCT.text": (
        "Late relapse after first-line therapy in a transplant-eligible patient: salvage "
        "chemotherapy and autologous transplant is the usual second-line route; the second-line "
        "CAR-T trials enrolled early relapses{kinetics}."
    ),
    "CART-FAILURE-EARLY.title": "Early failure after CAR-T",
    "CART-FAILURE-EARLY.text": (
        "CAR-T failed {months} months after infusion: early failure{split}. Outcomes after early "
        "failure are poor whatever is given{figures}.{other}"
    ),
    "CART-FAILURE-LATE.title": "Late failure after CAR-T",
    "CART-FAILURE-LATE.text": (
        "CAR-T failed {months} months after infusion: late failure{split}; outcomes on "
        "tafa-len{figures}.{other}"
    ),
    "POST-CART-COMPARISON.title": "After CAR-T failure: tafa-len against other treatments",
    "POST-CART-COMPARISON.text": (
        "After CAR-T failure outcomes are poor whatever is given. Weighted indirect comparisons "
        "balance only measured features{figures}.{findings}"
    ),
    "CD19-NEGATIVE-BEFORE-CART.title": "CD19 negative before CD19 CAR-T",
    "CD19-NEGATIVE-BEFORE-CART.text": (
        "CD19 was reported negative{method} and the planned CAR-T targets CD19.{masking}{findings}"
    ),
    "CD19-EQUIVOCAL-BEFORE-CART.title": "CD19 weak or equivocal before CD19 CAR-T",
    "CD19-EQUIVOCAL-BEFORE-CART.text": (
        "CD19 was reported weak or equivocal{method} and the planned CAR-T targets CD19."
        "{masking}{findings}"
    ),
    "CD19-UNKNOWN-BEFORE-CART.title": "CD19 status unknown before CD19 CAR-T",
    "CD19-UNKNOWN-BEFORE-CART.text": ("CD19 status is unknown and CAR-T is {plan}.{findings}"),
    "CD19-NEGATIVE-AFTER-CART.title": "CD19 negative after CAR-T",
    "CD19-NEGATIVE-AFTER-CART.text": (
        "CD19 was reported negative after CAR-T{method}. Options that target CD19 (tafa-len, "
        "loncastuximab, CD19 CAR-T again) are marked as such beside their figures. What the "
        "evidence base holds on CD19 after CAR-T{figures}.{findings} Nothing else in this "
        "evidence base bears on a CD19-directed treatment after a CD19-negative relapse."
    ),
    "CD19-EQUIVOCAL-AFTER-CART.title": "CD19 weak or equivocal after CAR-T",
    "CD19-EQUIVOCAL-AFTER-CART.text": (
        "CD19 was reported weak or equivocal after CAR-T{method}. Options that target CD19 are "
        "marked as such beside their figures. What the evidence base holds on CD19 after "
        "CAR-T{figures}.{findings}"
    ),
    "CD19-UNKNOWN-AFTER-CART.title": "CD19 status unknown after CAR-T",
    "CD19-UNKNOWN-AFTER-CART.text": (
        "CD19 status after CAR-T is unknown. Relapse after CAR-T can come with CD19 loss, and "
        "tafasitamab targets CD19: a biopsy with a CD19 test before tafa-len answers "
        "this.{findings}"
    ),
    "TAFA-BEFORE-LEUKAPHERESIS.title": "Recent tafasitamab before leukapheresis",
    "TAFA-BEFORE-LEUKAPHERESIS.text": (
        "Tafasitamab was last given {days} days ago and CAR-T is {plan}. About {pct}% of the "
        "antibody is expected to remain {when} (first-order estimate from the {half_life}-day "
        "half-life, {half_life_source}).{observed} No published guideline sets a washout "
        "interval.{findings}"
    ),
    "CD19-TEST-AFTER-TAFA.title": "Reading a CD19 test after tafasitamab",
    "CD19-TEST-AFTER-TAFA.text": "{method_text}{findings}",
    "CD19-TEST-AFTER-TAFA.ihc": (
        "The CD19 test was immunohistochemistry. The common clone LE-CD19 binds an intracellular "
        "epitope, so tafasitamab does not block it, but it cannot show whether the extracellular "
        "part that CAR-T binds is intact."
    ),
    "CD19-TEST-AFTER-TAFA.flow": (
        "The CD19 test was flow cytometry, which detects surface CD19: if its antibody competes "
        "with tafasitamab for CD19, a low or negative reading can be epitope masking, not antigen "
        "loss. Ask which clone was used."
    ),
    "CD19-TEST-AFTER-TAFA.unknown": (
        "After tafasitamab, a CD19 test with an antibody that competes with tafasitamab can read "
        "low or negative through epitope masking, not loss; the common IHC clone LE-CD19 binds an "
        "intracellular epitope and is not blocked, but cannot show that the extracellular part "
        "CAR-T binds is intact. Record the method and clone."
    ),
    "CD19-TEST-AFTER-TAFA.negative": (
        " The reported negative result may therefore be masking rather than loss."
    ),
    "CD19-TEST-AFTER-TAFA.equivocal": (
        " The reported weak or equivocal result may therefore be masking rather than loss."
    ),
    "LEN-TOXICITY.title": "Lenalidomide toxicity and dose reduction",
    "LEN-TOXICITY.text": (
        "Most of tafa-len's toxicity is lenalidomide's, chiefly neutropenia; lenalidomide doses "
        "are often reduced{figures}.{findings}"
    ),
    # Shared fragments.
    "figures": ": {items}",
    "criteria": " {items}.",
    "criteria_outside": " Outside what these tafa-len and CAR-T cohorts enrolled: {items}.",
    "none_recorded": " (no figure recorded in the evidence base)",
    "no_subgroup_data": " No cohort in this evidence base reports tafa-len outcomes by {feature}.",
    "split": " (as {source} split it: {condition})",
    "other": " In the other subgroup: {items}.",
    "when_today": "today",
    "when_leukapheresis": "at leukapheresis in {days} days",
    "observed": " Observed: {items}.",
    "masking": (
        " Tafasitamab was given {days} days ago: a negative or weak test may be epitope masking "
        "rather than antigen loss (see the CD19 test consideration)."
    ),
    "method": " by {method}",
}


def t(key: str, **values: object) -> str:
    return TEMPLATES[key].format(**values)


@dataclass(frozen=True, slots=True)
class RuleContext:
    profile: PatientProfile
    index: EngineIndex
    fits: dict[str, CohortFit]
    washout: Washout | None
    leukapheresis_in_days: int | None


# ---- evidence in words (all digits come from the records) -------------------------------------


def _figures(outcomes: Sequence[Outcome], index: EngineIndex) -> str:
    if not outcomes:
        return t("none_recorded")
    return t("figures", items="; ".join(format_outcome(o, index) for o in outcomes[:MAX_FIGURES]))


def _criteria_texts(pairs: Sequence[tuple[Cohort, Criterion]]) -> list[str]:
    return list(dict.fromkeys(criterion.text.rstrip(".") for _, criterion in pairs))


def _criteria_text(pairs: Sequence[tuple[Cohort, Criterion]]) -> str:
    if not pairs:
        return ""
    return t("criteria", items="; ".join(_criteria_texts(pairs)))


def _finding_text(findings: Sequence[Finding]) -> str:
    """The first few findings in words; the rule still cites all of them as its evidence, and
    the app lists each with its quote, so a long rule text would only repeat them."""
    shown = "".join(f" {f.text.rstrip('.')}." for f in findings[:MAX_FINDINGS])
    more = len(findings) - MAX_FINDINGS
    return shown + (t("more_findings", count=more) if more > 0 else "")


def _ids(*groups: Iterable[Outcome | Finding]) -> list[str]:
    return list(dict.fromkeys(record.id for group in groups for record in group))


# ---- evidence queries: typed fields and tags only ----------------------------------------------

_RATIO_FIRST = {Endpoint.hazard_ratio_pfs: 0, Endpoint.hazard_ratio_os: 1}


def _subgroup_outcomes(
    ctx: RuleContext,
    field: str,
    *,
    tafa_len: bool = True,
    holding: bool | None = True,
    endpoints: Iterable[Endpoint] | None = None,
) -> list[Outcome]:
    """Outcomes whose subgroup conditions name `field` and (by default) hold for the patient,
    of tafa-len's own effect in tafa-len cohorts (by default).

    Medians before ratios, multivariate ratios before univariate ones, PFS before OS.
    """
    wanted = frozenset(endpoints) if endpoints is not None else None
    found = []
    for outcome in ctx.index.outcomes_by_field.get(field, ()):
        if tafa_len and (
            outcome.cohort not in ctx.index.tafa_len_cohorts
            or outcome.measured != MeasuredTreatment.cohort_treatment
        ):
            continue
        if wanted is not None and outcome.endpoint not in wanted:
            continue
        if holding is not None:
            result = evaluate_all(outcome.conditions, ctx.profile)
            if (result is True) != holding:
                continue
        found.append(outcome)

    def key(o: Outcome) -> tuple[int, int, int]:
        is_ratio = o.endpoint in _RATIO_FIRST
        return (
            1 if is_ratio else 0,
            0 if (o.analysis or "").startswith("multi") else 1,
            _RATIO_FIRST.get(o.endpoint, 0),
        )

    return sorted(found, key=key)


def _criteria(
    ctx: RuleContext,
    *fields: str,
    violated_only: bool = False,
    keep: Callable[[Cohort], bool] | None = None,
) -> list[tuple[Cohort, Criterion]]:
    pairs = []
    for field in fields:
        for cohort, criterion in ctx.index.criteria_by_field.get(field, ()):
            if keep is not None and not keep(cohort):
                continue
            if violated_only and evaluate_criterion(criterion, ctx.profile) is not False:
                continue
            pairs.append((cohort, criterion))
    return pairs


def _for_patient(ctx: RuleContext, finding: Finding) -> bool:
    """A statement reaches only the patients its `context_when` describes (a guideline's advice
    for late relapse never reaches a patient progressing within 12 months)."""
    return not finding.context_when or evaluate_all(finding.context_when, ctx.profile) is True


def _tagged(ctx: RuleContext, *tags: Tag, all_of: Iterable[Tag] = ()) -> list[Finding]:
    """Findings carrying any of `tags` (and every tag of `all_of`), in evidence-base order,
    that are about this patient."""
    required = frozenset(all_of)
    found = {
        f.id: f
        for tag in tags
        for f in ctx.index.findings_by_tag.get(tag, ())
        if required <= set(f.tags)
    }
    return [f for f in ctx.index.findings if f.id in found and _for_patient(ctx, f)]


def _topic(ctx: RuleContext, *topics: str) -> list[Finding]:
    found = [f for topic in topics for f in ctx.index.findings_by_topic.get(topic, ())]
    return [f for f in {f.id: f for f in found}.values() if _for_patient(ctx, f)]


_HEADLINE = (
    Endpoint.median_efs,
    Endpoint.orr,
    Endpoint.cr_rate,
    Endpoint.median_pfs,
    Endpoint.median_os,
)


def _headline(
    ctx: RuleContext, cohort_id: str, endpoints: Sequence[Endpoint] = _HEADLINE
) -> Outcome | None:
    """A CAR-T cohort's lead figure of its own treatment, for all its patients."""
    outcomes = ctx.index.outcomes_by_cohort.get(cohort_id, ())
    for endpoint in endpoints:
        for outcome in outcomes:
            if (
                outcome.endpoint == endpoint
                and not outcome.conditions
                and in_band(outcome)
                and outcome.measured == MeasuredTreatment.cohort_treatment
            ):
                return outcome
    return None


def _cart_cohorts(ctx: RuleContext) -> list[Cohort]:
    return [
        c
        for c in ctx.index.cohorts
        if c.setting == Setting.cart and c.treatment_class == TreatmentClass.cd19_cart
    ]


def _matched(ctx: RuleContext, cohort_id: str) -> bool:
    fit = ctx.fits.get(cohort_id)
    return fit is not None and fit.grade in MATCHED_GRADES


def _make(rule_id: str, severity: Severity, evidence: list[str], **values: object) -> Consideration:
    return Consideration(
        rule_id=rule_id,
        severity=severity,
        title=t(f"{rule_id}.title"),
        text=t(f"{rule_id}.text", **values),
        evidence=evidence,
    )


# ---- the feature rules (data in sequencing.rule_table) ------------------------------------------


def _feature_rule(rule: FeatureRule) -> Callable[[RuleContext], Consideration | None]:
    def run(ctx: RuleContext) -> Consideration | None:
        if evaluate_all(rule.when, ctx.profile) is not True:
            return None
        severity = rule.severity
        if rule.escalate_to and evaluate_all(rule.escalate_when, ctx.profile) is True:
            severity = rule.escalate_to
        selector = rule.evidence
        outcomes = (
            _subgroup_outcomes(ctx, selector.subgroup_field) if selector.subgroup_field else []
        )
        pairs = _criteria(
            ctx,
            *selector.criteria_fields,
            violated_only=selector.criteria_violated_only,
            keep=lambda c: c.treatment_class in selector.criteria_of,
        )
        findings = _tagged(ctx, *selector.tags) if selector.tags else []
        no_data = ""
        if selector.subgroup_field and not ctx.index.outcomes_by_field.get(selector.subgroup_field):
            # Said only while it is true of the evidence base.
            label = FIELD_LABELS[selector.subgroup_field].lower()
            no_data = t("no_subgroup_data", feature=label)
        text = rule.text.format(
            figures=_figures(outcomes, ctx.index) if outcomes or not findings else "",
            strength=strength(outcomes[:MAX_FIGURES]),
            criteria=_criteria_text(pairs),
            criteria_outside=(
                t("criteria_outside", items="; ".join(_criteria_texts(pairs))) if pairs else ""
            ),
            findings=(": " + "; ".join(f.text.rstrip(".") for f in findings[:MAX_FINDINGS]))
            if findings
            else "",
            no_data=no_data,
            **{name: format_value(getattr(ctx.profile, name)) for name in FIELD_LABELS},
        )
        return Consideration(rule.id, severity, rule.title, text, _ids(outcomes, findings))

    run.__name__ = f"rule_{rule.id.lower().replace('-', '_')}"
    return run


# ---- the rules --------------------------------------------------------------------------------


def rule_transplant(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if not p.transplant_eligible or p.prior_cart:
        return None
    pairs = _criteria(ctx, "transplant_eligible")
    excluded = [
        (c, k)
        for c, k in pairs
        if c.id in ctx.index.tafa_len_cohorts and evaluate_criterion(k, p) is False
    ]
    # CAR-T cohorts that enrolled transplant candidates and that this patient fits (ZUMA-7 and
    # TRANSFORM enrolled early relapses only: never quoted for a late relapse).
    cart = {c.id for c in _cart_cohorts(ctx) if _matched(ctx, c.id)}
    cart_in = [(c, k) for c, k in pairs if c.id in cart and evaluate_criterion(k, p) is True]
    exclusions = _criteria_text(excluded).rstrip(".") if excluded else ""
    exclusions = f" ({exclusions.strip()})" if exclusions else ""
    headlines = [o for c, _ in cart_in if (o := _headline(ctx, c.id)) is not None]
    headlines = list({o.id: o for o in headlines}.values())
    inclusions = ""
    if cart_in:
        trials = ", ".join(dict.fromkeys(c.label for c, _ in cart_in))
        inclusions = f" CAR-T cohorts that enrolled transplant candidates: {trials}"
        inclusions += _figures(headlines, ctx.index) + "."
    findings = _tagged(ctx, Tag.transplant, all_of=())
    findings = [f for f in findings if Tag.licence in f.tags or Tag.guideline in f.tags]
    # Tafa-len given now would be outside its licence and every tafa-len trial population: the
    # room must see it (a warning), not only a caution at the page foot.
    return _make(
        "TRANSPLANT-ELIGIBLE",
        "warning",
        _ids(headlines, findings),
        exclusions=exclusions,
        inclusions=inclusions + _finding_text(findings),
    )


def rule_early_relapse(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if p.prior_cart or p.prior_lines != 1 or is_early_relapse(p) is not True:
        return None
    cart = {c.id for c in _cart_cohorts(ctx)}
    pairs = _criteria(ctx, "months_first_line_to_progression", keep=lambda c: c.id in cart)
    pairs = [(c, k) for c, k in pairs if evaluate_criterion(k, p) is not False]
    matched = [c for c in _cart_cohorts(ctx) if _matched(ctx, c.id)]
    headlines = [o for c in matched if (o := _headline(ctx, c.id)) is not None]
    when = (
        "(primary refractory disease)"
        if p.primary_refractory and p.months_first_line_to_progression is None
        else f"{format_value(p.months_first_line_to_progression)} months"
    )
    figures = ""
    if headlines:
        figures = " CAR-T cohorts this patient fits" + _figures(headlines, ctx.index) + "."
    criteria = _criteria_text(pairs).rstrip(".")
    criteria = f" ({criteria.strip()})" if criteria else ""
    return _make(
        "EARLY-RELAPSE", "caution", _ids(headlines), when=when, criteria=criteria, figures=figures
    )


def rule_late_relapse(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if (
        p.prior_cart
        or p.prior_lines != 1
        or not p.transplant_eligible
        or is_early_relapse(p) is not False
    ):
        return None
    findings = _tagged(ctx, Tag.transplant, all_of=(Tag.guideline,))
    evidence = (": " + "; ".join(f.text.rstrip(".") for f in findings)) if findings else ""
    return _make("LATE-RELAPSE-ASCT", "info", _ids(findings), kinetics=evidence)


def rule_cart_failure(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    early = is_early_cart_failure(p)
    if early is None:
        return None
    endpoints = (
        Endpoint.median_pfs2,
        Endpoint.median_os2,
        Endpoint.orr,
        Endpoint.median_pfs,
        Endpoint.median_os,
    )
    order = {e: i for i, e in enumerate(endpoints)}
    holding = sorted(
        _subgroup_outcomes(ctx, "months_cart_to_failure", endpoints=endpoints),
        key=lambda o: order[o.endpoint],
    )
    other = sorted(
        _subgroup_outcomes(ctx, "months_cart_to_failure", endpoints=endpoints, holding=False),
        key=lambda o: order[o.endpoint],
    )
    split = ""
    if holding:
        first = holding[0]
        condition = next(c for c in first.conditions if c.field == "months_cart_to_failure")
        split = t(
            "split", source=ctx.index.source_short(first.cohort), condition=describe(condition)
        )
    other_text = (
        t("other", items="; ".join(format_outcome(o, ctx.index) for o in other[:MAX_FIGURES]))
        if other
        else ""
    )
    rule_id = "CART-FAILURE-EARLY" if early else "CART-FAILURE-LATE"
    return _make(
        rule_id,
        "warning" if early else "info",
        _ids(holding, other),
        months=format_value(p.months_cart_to_failure),
        split=split,
        figures=_figures(holding, ctx.index),
        other=other_text,
    )


def rule_post_cart_comparison(ctx: RuleContext) -> Consideration | None:
    if not ctx.profile.prior_cart:
        return None
    index = ctx.index
    # The weighted comparisons of the sources that report tafa-len after CAR-T failure.
    sources = {
        index.base.cohort_source[c.id]
        for c in index.cohorts
        if place_of(c) == Setting.after_cart and c.id in index.tafa_len_cohorts
    }
    outcomes = [
        o
        for c in index.cohorts
        if index.base.cohort_source[c.id] in sources
        for o in index.outcomes_by_cohort.get(c.id, ())
        if (o.analysis or "").upper().startswith("IPW") and o.endpoint in _COMPARED
    ]
    outcomes.sort(key=lambda o: (o.subgroup, _COMPARED.index(o.endpoint), o.arm or ""))
    findings = _tagged(ctx, Tag.bispecific)[:MAX_FINDINGS]
    figures = (
        t("figures", items="; ".join(format_outcome(o, index) for o in outcomes))
        if outcomes
        else t("none_recorded")
    )
    return _make(
        "POST-CART-COMPARISON",
        "info",
        _ids(outcomes, findings),
        figures=figures,
        findings=_finding_text(findings),
    )


_COMPARED = [Endpoint.orr, Endpoint.cr_rate, Endpoint.median_pfs2, Endpoint.median_os2]


_CD19_TOPICS = ("antigen_loss", "cd19_testing", "masking")

# The tags each computed rule cites findings by (checked by `sequencing.rule_check`).
TAGS_CITED: dict[str, tuple[Tag, ...]] = {
    "TRANSPLANT-ELIGIBLE": (Tag.transplant,),
    "LATE-RELAPSE-ASCT": (Tag.transplant,),
    "POST-CART-COMPARISON": (Tag.bispecific,),
    "TAFA-BEFORE-LEUKAPHERESIS": (Tag.washout, Tag.masking),
    "LEN-TOXICITY": (Tag.toxicity,),
}


def _method_text(p: PatientProfile) -> str:
    if p.cd19_method in ("ihc", "flow"):
        return t("method", method=format_value(p.cd19_method))
    return ""


def rule_cd19_before_cart(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if not cart_still_an_option(p) or p.cd19_status == "positive":
        return None
    if p.cd19_status in ("negative", "equivocal"):
        findings = _topic(ctx, *_CD19_TOPICS)
        masking = (
            ""
            if p.days_since_last_tafasitamab is None
            else t("masking", days=p.days_since_last_tafasitamab)
        )
        negative = p.cd19_status == "negative"
        return _make(
            "CD19-NEGATIVE-BEFORE-CART" if negative else "CD19-EQUIVOCAL-BEFORE-CART",
            "warning" if negative else "caution",
            _ids(findings),
            method=_method_text(p),
            masking=masking,
            findings=_finding_text(findings),
        )
    findings = _topic(ctx, "cd19_testing", "antigen_loss")
    return _make(
        "CD19-UNKNOWN-BEFORE-CART",
        "info",
        _ids(findings),
        plan=format_value(p.cart_plan),
        findings=_finding_text(findings),
    )


def cd19_after_cart_outcomes(index: EngineIndex) -> list[Outcome]:
    """The figures on CD19 after CAR-T: those tagged so (e.g. outcomes after tafa-len by CD19
    status after CAR-T, DESCAR-T; qPCR retesting of IHC-negative cases, Hernani), and the
    antigen-loss rate after CD19 CAR-T that DESCAR-T cites (seed 003)."""
    tagged = list(index.outcomes_by_tag.get(Tag.cd19_after_cart, ()))
    loss = [
        o
        for o in index.outcomes_by_tag.get(Tag.antigen_loss, ())
        if o.endpoint == Endpoint.cd19_negative_rate
        and index.base.cohorts[o.cohort].treatment_class == TreatmentClass.cd19_cart
        and o.measured == MeasuredTreatment.cohort_treatment
    ]
    return list({o.id: o for o in (*loss, *tagged)}.values())


def rule_cd19_after_cart(ctx: RuleContext) -> Consideration | None:
    """After CAR-T, a CD19 result that is not positive: the post-CAR-T CD19 evidence (never the
    before-CAR-T findings about tafa-len, which concern another patient)."""
    p = ctx.profile
    if not p.prior_cart or p.cd19_status == "positive":
        return None
    outcomes = cd19_after_cart_outcomes(ctx.index)
    findings = _tagged(ctx, Tag.cd19_after_cart)
    values = {
        "method": _method_text(p),
        "figures": _figures(outcomes, ctx.index),
        "findings": _finding_text(findings),
    }
    evidence = _ids(outcomes, findings)
    if p.cd19_status == "negative":
        return _make("CD19-NEGATIVE-AFTER-CART", "warning", evidence, **values)
    if p.cd19_status == "equivocal":
        return _make("CD19-EQUIVOCAL-AFTER-CART", "caution", evidence, **values)
    return _make("CD19-UNKNOWN-AFTER-CART", "caution", evidence, findings=_finding_text(findings))


def _washout_fraction(ctx: RuleContext) -> float | None:
    w = ctx.washout
    if w is None:
        return None
    return (
        w.fraction_at_leukapheresis if w.fraction_at_leukapheresis is not None else w.fraction_today
    )


def rule_tafa_before_leukapheresis(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    w = ctx.washout
    fraction = _washout_fraction(ctx)
    if (
        not cart_still_an_option(p)
        or w is None
        or fraction is None
        or fraction < WASHOUT_SILENT_BELOW
    ):
        return None
    severity: Severity = (
        "warning" if p.cart_plan == "planned" and fraction >= WASHOUT_WARN_FROM else "caution"
    )
    pct = f"{100 * fraction:.0f}" if fraction >= 0.1 else f"{100 * fraction:.1f}"
    when = (
        t("when_leukapheresis", days=w.leukapheresis_in_days)
        if w.leukapheresis_in_days is not None
        else t("when_today")
    )
    washouts = [ctx.index.base.outcomes[q.outcome_id] for q in w.observed]
    observed = (
        t("observed", items="; ".join(format_outcome(o, ctx.index) for o in washouts))
        if washouts
        else ""
    )
    findings = _tagged(ctx, Tag.washout, Tag.masking)
    half_life = ctx.index.base.outcomes[w.half_life_outcome_id]
    return _make(
        "TAFA-BEFORE-LEUKAPHERESIS",
        severity,
        _ids([half_life], washouts, findings),
        days=p.days_since_last_tafasitamab,
        plan=format_value(p.cart_plan),
        pct=pct,
        when=when,
        half_life=number(w.half_life_days),
        half_life_source=ctx.index.source_short(half_life.cohort),
        observed=observed,
        findings=_finding_text(findings),
    )


def rule_cd19_test_after_tafa(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if p.days_since_last_tafasitamab is None:
        return None
    if p.cd19_status == "unknown" and not cart_still_an_option(p):
        return None
    method = p.cd19_method if p.cd19_method in ("ihc", "flow") else "unknown"
    text = t(f"CD19-TEST-AFTER-TAFA.{method}")
    if p.cd19_status in ("negative", "equivocal"):
        text += t(f"CD19-TEST-AFTER-TAFA.{p.cd19_status}")
    findings = _topic(ctx, "masking", "cd19_testing")
    fraction = _washout_fraction(ctx)
    recent = fraction is None or fraction >= WASHOUT_SILENT_BELOW
    severity: Severity = "warning" if p.cd19_status == "negative" and recent else "caution"
    return _make(
        "CD19-TEST-AFTER-TAFA",
        severity,
        _ids(findings),
        method_text=text,
        findings=_finding_text(findings),
    )


def rule_len_toxicity(ctx: RuleContext) -> Consideration | None:
    tafa = ctx.index.tafa_len_cohorts
    # Dose reductions first, then neutropenia, then other toxicity: by tags, not by words.
    outcomes = [
        o
        for o in ctx.index.outcomes_by_tag.get(Tag.toxicity, ())
        if o.cohort in tafa and not o.conditions and o.unit == "%"
    ]
    outcomes.sort(
        key=lambda o: (Tag.lenalidomide_dose not in o.tags, Tag.neutropenia not in o.tags)
    )
    findings = _tagged(ctx, Tag.toxicity)[:MAX_FINDINGS]
    return _make(
        "LEN-TOXICITY",
        "info",
        _ids(outcomes[:MAX_FIGURES], findings),
        figures=_figures(outcomes, ctx.index),
        findings=_finding_text(findings),
    )


Rule = Callable[[RuleContext], Consideration | None]


# Rule ids each function can emit, with their possible severities (documentation and tests).
def _severities(rule: FeatureRule) -> tuple[Severity, ...]:
    return (rule.severity,) + ((rule.escalate_to,) if rule.escalate_to else ())


RULES: tuple[tuple[Rule, dict[str, tuple[Severity, ...]]], ...] = (
    *((_feature_rule(rule), {rule.id: _severities(rule)}) for rule in FEATURE_RULES),
    (rule_transplant, {"TRANSPLANT-ELIGIBLE": ("warning",)}),
    (rule_early_relapse, {"EARLY-RELAPSE": ("caution",)}),
    (rule_late_relapse, {"LATE-RELAPSE-ASCT": ("info",)}),
    (rule_cart_failure, {"CART-FAILURE-EARLY": ("warning",), "CART-FAILURE-LATE": ("info",)}),
    (rule_post_cart_comparison, {"POST-CART-COMPARISON": ("info",)}),
    (
        rule_cd19_before_cart,
        {
            "CD19-NEGATIVE-BEFORE-CART": ("warning",),
            "CD19-EQUIVOCAL-BEFORE-CART": ("caution",),
            "CD19-UNKNOWN-BEFORE-CART": ("info",),
        },
    ),
    (
        rule_cd19_after_cart,
        {
            "CD19-NEGATIVE-AFTER-CART": ("warning",),
            "CD19-EQUIVOCAL-AFTER-CART": ("caution",),
            "CD19-UNKNOWN-AFTER-CART": ("caution",),
        },
    ),
    (rule_tafa_before_leukapheresis, {"TAFA-BEFORE-LEUKAPHERESIS": ("caution", "warning")}),
    (rule_cd19_test_after_tafa, {"CD19-TEST-AFTER-TAFA": ("caution", "warning")}),
    (rule_len_toxicity, {"LEN-TOXICITY": ("info",)}),
)

RULE_IDS: tuple[str, ...] = tuple(rule_id for _, ids in RULES for rule_id in ids)

# The rules about CD19 testing, epitope masking and washout: the CD19 and washout page shows
# these, chosen by id from this one list rather than by words in the ids.
CD19_AND_WASHOUT_RULES: frozenset[str] = frozenset(
    {
        "CD19-NEGATIVE-BEFORE-CART",
        "CD19-UNKNOWN-BEFORE-CART",
        "CD19-NEGATIVE-AFTER-CART",
        "CD19-EQUIVOCAL-AFTER-CART",
        "CD19-UNKNOWN-AFTER-CART",
        "CD19-EQUIVOCAL-BEFORE-CART",
        "TAFA-BEFORE-LEUKAPHERESIS",
        "CD19-TEST-AFTER-TAFA",
    }
)


def about_cd19_and_washout(items: Iterable[Consideration]) -> list[Consideration]:
    return [c for c in items if c.rule_id in CD19_AND_WASHOUT_RULES]


def evaluate_rules(
    profile: PatientProfile,
    index: EngineIndex,
    fits: dict[str, CohortFit],
    washout: Washout | None,
    leukapheresis_in_days: int | None = None,
) -> list[Consideration]:
    """Every rule that fires, warnings first (stable order within a severity)."""
    ctx = RuleContext(profile, index, fits, washout, leukapheresis_in_days)
    fired = [c for rule, _ in RULES if (c := rule(ctx)) is not None]
    return sorted(fired, key=lambda c: SEVERITY_ORDER[c.severity])
