"""The rule set: what a tumor board should weigh for this patient, each with its evidence.

Each rule has a stable id and a severity (info, caution, warning). Rule text is written from the
templates in `TEMPLATES`, which carry no figures: every number shown comes from an evidence
record (or the patient's own profile) at run time. Evidence is found by what it is about
(subgroup conditions, eligibility criteria, endpoints, finding topics), never by hard-coded ids,
and every rule cites the ids of the outcome and finding records it rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from evidence.models import (
    ENDPOINT_LABELS,
    Cohort,
    Criterion,
    Endpoint,
    Finding,
    Outcome,
    Setting,
)
from sequencing.conditions import describe, evaluate, evaluate_all, format_value
from sequencing.fit import CohortFit
from sequencing.index import EngineIndex
from sequencing.profile import PatientProfile, is_early_cart_failure, is_early_relapse
from sequencing.ranges import MATCHED_GRADES, in_band
from sequencing.washout import Washout

Severity = Literal["info", "caution", "warning"]

SEVERITY_ORDER: dict[str, int] = {"warning": 0, "caution": 1, "info": 2}

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
    "TEMPO-RAPID.title": "Rapidly progressing symptoms",
    "TEMPO-RAPID.text": (
        "Symptoms are progressing rapidly. Tafa-len works slowly and suits disease that can wait "
        "a month or two for a response{kinetics}.{no_data}"
    ),
    "TEMPO-RAPID.no_data": " No cohort in this evidence base reports tafa-len outcomes by "
    "symptom tempo.",
    "TRANSPLANT-ELIGIBLE.title": "Transplant eligible",
    "TRANSPLANT-ELIGIBLE.text": (
        "The patient is transplant eligible. Tafa-len is licensed for patients not eligible for "
        "autologous transplant{exclusions}.{inclusions}"
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
    "PRIMARY-REFRACTORY.title": "Primary refractory disease",
    "PRIMARY-REFRACTORY.text": (
        "Primary refractory disease carries a poor outlook on tafa-len{figures}.{criteria}"
    ),
    "REFRACTORY-LAST-LINE.title": "Refractory to the last line",
    "REFRACTORY-LAST-LINE.text": (
        "Disease refractory to the last line does far worse on tafa-len than relapsed "
        "disease{figures}."
    ),
    "DOUBLE-HIT.title": "Double-hit lymphoma",
    "DOUBLE-HIT.text": (
        "Double-hit lymphoma (MYC and BCL2 rearranged) does worse on tafa-len{figures}.{criteria}"
    ),
    "BULKY.title": "Bulky disease",
    "BULKY.text": "Bulky disease does worse on tafa-len{figures}.{criteria}",
    "ECOG-POOR.title": "Reduced performance status",
    "ECOG-POOR.text": (
        "Performance status ECOG {ecog}: worse survival on tafa-len{figures}.{criteria}"
    ),
    "CART-FAILURE-EARLY.title": "Early failure after CAR-T",
    "CART-FAILURE-EARLY.text": (
        "CAR-T failed {months} months after infusion: early failure{split}. Outcomes after early "
        "failure are poor whatever is given{figures}.{other}"
    ),
    "CART-FAILURE-LATE.title": "Late failure after CAR-T",
    "CART-FAILURE-LATE.text": (
        "CAR-T failed {months} months after infusion: late failure{split}, which did better on "
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
    "CD19-UNKNOWN-BEFORE-CART.title": "CD19 status unknown before CD19 CAR-T",
    "CD19-UNKNOWN-BEFORE-CART.text": ("CD19 status is unknown and CAR-T is {plan}.{findings}"),
    "CD19-NEGATIVE-AFTER-CART.title": "CD19 negative after CAR-T",
    "CD19-NEGATIVE-AFTER-CART.text": (
        "CD19 was reported negative after CAR-T{method}. Tafasitamab targets CD19 as well: "
        "antigen loss after CAR-T argues against another CD19-directed treatment.{findings}"
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
    "LEN-TOXICITY.title": "Lenalidomide toxicity and dose reduction",
    "LEN-TOXICITY.text": (
        "Most of tafa-len's toxicity is lenalidomide's, chiefly neutropenia; lenalidomide doses "
        "are often reduced{figures}.{findings}"
    ),
    # Shared fragments.
    "figures": ": {items}",
    "criteria": " {items}.",
    "none_recorded": " (no figure recorded in the evidence base)",
    "split": " (as {source} split it: {condition})",
    "other": " In the other subgroup: {items}.",
    "when_today": "today",
    "when_leukapheresis": "at leukapheresis in {days} days",
    "observed": " Observed: {items}.",
    "masking": (
        " Tafasitamab was given {days} days ago: a negative test may be epitope masking rather "
        "than antigen loss (see the CD19 test consideration)."
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


# ---- formatting evidence records (all digits come from the record) ----------------------------


def _number(value: float) -> str:
    return f"{value:g}"


# Endpoints whose label alone does not say what was counted: the record's note does.
_DESCRIBED_BY_NOTE = frozenset(
    {
        Endpoint.adverse_event_rate,
        Endpoint.proportion,
        Endpoint.patient_count,
        Endpoint.death_cause_rate,
    }
)


def format_outcome(outcome: Outcome, index: EngineIndex, *, with_source: bool = True) -> str:
    """e.g. 'Median PFS 2.8 months (95% CI 1.9-4.2), n=42 (TALOs 2026, refractory)'."""
    label = ENDPOINT_LABELS[outcome.endpoint]
    if outcome.timepoint_months is not None:
        label = label.replace("at a timepoint", f"at {_number(outcome.timepoint_months)} months")
    if outcome.comparison:
        label = f"{label} ({outcome.comparison}"
        label += f", {outcome.analysis})" if outcome.analysis else ")"
    if outcome.not_reached:
        value = "not reached"
    else:
        assert outcome.value is not None
        if outcome.unit == "%":
            value = f"{_number(outcome.value)}%"
        elif outcome.unit == "ratio":
            value = _number(outcome.value)
        else:
            value = f"{_number(outcome.value)} {outcome.unit}"
    text = f"{label} {value}"
    if outcome.endpoint in _DESCRIBED_BY_NOTE and outcome.note:
        text = f"{label} ({outcome.note.split('.')[0].strip()}) {value}"
    if outcome.ci_low is not None:
        level = f"{_number(outcome.ci_level)}% CI" if outcome.ci_level else "CI"
        high = (
            "not reached"
            if outcome.ci_high_not_reached or outcome.ci_high is None
            else _number(outcome.ci_high)
        )
        text += f" ({level} {_number(outcome.ci_low)}-{high})"
    cohort = index.base.cohorts[outcome.cohort]
    n = outcome.denominator or cohort.n
    if n:
        text += f", n={n}"
    if outcome.p_value is not None:
        text += f", P{outcome.p_qualifier or '='}{_number(outcome.p_value)}"
    if with_source:
        where = index.source_short(outcome.cohort)
        if outcome.subgroup != "All patients":
            where += f", {outcome.subgroup}"
        if outcome.arm:
            where += f", {outcome.arm}"
        text += f" ({where})"
    return text


def _figures(outcomes: Sequence[Outcome], index: EngineIndex) -> str:
    if not outcomes:
        return t("none_recorded")
    return t("figures", items="; ".join(format_outcome(o, index) for o in outcomes[:MAX_FIGURES]))


def _criteria_text(pairs: Sequence[tuple[Cohort, Criterion]]) -> str:
    if not pairs:
        return ""
    texts = list(dict.fromkeys(criterion.text.rstrip(".") for _, criterion in pairs))
    return t("criteria", items="; ".join(texts))


def _finding_text(findings: Sequence[Finding]) -> str:
    """The first few findings in words; the rule still cites all of them as its evidence, and
    the app lists each with its quote, so a long rule text would only repeat them."""
    shown = "".join(f" {f.text.rstrip('.')}." for f in findings[:MAX_FINDINGS])
    more = len(findings) - MAX_FINDINGS
    return shown + (t("more_findings", count=more) if more > 0 else "")


def _ids(*groups: Iterable[Outcome | Finding]) -> list[str]:
    return list(dict.fromkeys(record.id for group in groups for record in group))


# ---- evidence queries -------------------------------------------------------------------------

_RATIO_FIRST = {Endpoint.hazard_ratio_pfs: 0, Endpoint.hazard_ratio_os: 1}


def _subgroup_outcomes(
    ctx: RuleContext,
    field: str,
    *,
    tafa_len: bool = True,
    holding: bool | None = True,
    endpoints: Iterable[Endpoint] | None = None,
) -> list[Outcome]:
    """Outcomes whose subgroup conditions name `field` and (by default) hold for the patient.

    Multivariate ratios come before univariate ones, PFS before OS, medians before ratios.
    """
    wanted = frozenset(endpoints) if endpoints is not None else None
    found = []
    for outcome in ctx.index.outcomes_by_field.get(field, ()):
        if tafa_len and outcome.cohort not in ctx.index.tafa_len_cohorts:
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
            if violated_only and evaluate(criterion.condition, ctx.profile) is not False:
                continue
            pairs.append((cohort, criterion))
    return pairs


def _findings(ctx: RuleContext, topics: Iterable[str], *words: str) -> list[Finding]:
    """Findings on the topics, optionally only those whose text names one of the words."""
    found = []
    for topic in topics:
        for finding in ctx.index.findings_by_topic.get(topic, ()):
            text = finding.text.lower()
            if not words or any(word in text for word in words):
                found.append(finding)
    return list({f.id: f for f in found}.values())


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
    """A cohort's lead figure for all its patients (the first endpoint it reports)."""
    outcomes = ctx.index.outcomes_by_cohort.get(cohort_id, ())
    for endpoint in endpoints:
        for outcome in outcomes:
            if (
                outcome.endpoint == endpoint
                and not outcome.conditions
                and in_band(outcome)
                and (outcome.arm is None or _is_cart_arm(outcome.arm))
            ):
                return outcome
    return None


def _is_cart_arm(arm: str) -> bool:
    lowered = arm.lower()
    return any(word in lowered for word in ("cel", "car-t", "car t"))


def _cart_cohorts(ctx: RuleContext) -> list[Cohort]:
    return [c for c in ctx.index.cohorts if c.setting == Setting.cart]


def _matched(ctx: RuleContext, cohort_id: str) -> bool:
    fit = ctx.fits.get(cohort_id)
    return fit is not None and fit.grade in MATCHED_GRADES


def _cart_open(profile: PatientProfile) -> bool:
    return not profile.prior_cart and profile.cart_plan in ("planned", "possible_later")


def _make(rule_id: str, severity: Severity, evidence: list[str], **values: object) -> Consideration:
    return Consideration(
        rule_id=rule_id,
        severity=severity,
        title=t(f"{rule_id}.title"),
        text=t(f"{rule_id}.text", **values),
        evidence=evidence,
    )


# ---- the rules --------------------------------------------------------------------------------


def rule_tempo(ctx: RuleContext) -> Consideration | None:
    if ctx.profile.symptom_tempo != "rapid":
        return None
    findings = _findings(
        ctx, ("response_kinetics",), "symptom", "wait", "quick", "rapid", "fast", "slow"
    ) or _findings(ctx, ("response_kinetics",))
    evidence = (": " + "; ".join(f.text.rstrip(".") for f in findings)) if findings else ""
    # Said only while it is true of the evidence base: no subgroup is defined by tempo.
    no_data = "" if ctx.index.outcomes_by_field.get("symptom_tempo") else t("TEMPO-RAPID.no_data")
    return _make("TEMPO-RAPID", "warning", _ids(findings), kinetics=evidence, no_data=no_data)


def rule_transplant(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if not p.transplant_eligible or p.prior_cart:
        return None
    pairs = _criteria(ctx, "transplant_eligible")
    excluded = [
        (c, k)
        for c, k in pairs
        if c.id in ctx.index.tafa_len_cohorts and evaluate(k.condition, p) is False
    ]
    cart_in = [
        (c, k) for c, k in pairs if c.setting == Setting.cart and evaluate(k.condition, p) is True
    ]
    exclusions = _criteria_text(excluded).rstrip(".") if excluded else ""
    exclusions = f" ({exclusions.strip()})" if exclusions else ""
    headlines = [o for c, _ in cart_in if (o := _headline(ctx, c.id)) is not None]
    headlines = list({o.id: o for o in headlines}.values())
    inclusions = ""
    if cart_in:
        trials = ", ".join(dict.fromkeys(c.label for c, _ in cart_in))
        inclusions = f" CAR-T cohorts that enrolled transplant candidates: {trials}"
        inclusions += _figures(headlines, ctx.index) + "."
    findings = _findings(ctx, ("eligibility", "regimen", "guideline"), "transplant")
    return _make(
        "TRANSPLANT-ELIGIBLE",
        "caution",
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
    pairs = [(c, k) for c, k in pairs if evaluate(k.condition, p) is not False]
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
    findings = _findings(ctx, ("guideline",), "transplant", "autologous", "asct")
    evidence = (": " + "; ".join(f.text.rstrip(".") for f in findings)) if findings else ""
    return _make("LATE-RELAPSE-ASCT", "info", _ids(findings), kinetics=evidence)


def rule_primary_refractory(ctx: RuleContext) -> Consideration | None:
    if not ctx.profile.primary_refractory:
        return None
    outcomes = _subgroup_outcomes(ctx, "primary_refractory")
    pairs = _criteria(
        ctx,
        "primary_refractory",
        "months_first_line_to_progression",
        keep=lambda c: c.id in ctx.index.tafa_len_cohorts,
    )
    return _make(
        "PRIMARY-REFRACTORY",
        "warning",
        _ids(outcomes),
        figures=_figures(outcomes, ctx.index),
        criteria=_criteria_text(pairs),
    )


def rule_refractory(ctx: RuleContext) -> Consideration | None:
    if ctx.profile.response_to_last_line != "refractory":
        return None
    outcomes = _subgroup_outcomes(ctx, "response_to_last_line")
    return _make(
        "REFRACTORY-LAST-LINE", "caution", _ids(outcomes), figures=_figures(outcomes, ctx.index)
    )


def _feature_rule(
    ctx: RuleContext, rule_id: str, severity: Severity, field: str, **values: object
) -> Consideration:
    outcomes = _subgroup_outcomes(ctx, field)
    pairs = _criteria(ctx, field, violated_only=True)
    return _make(
        rule_id,
        severity,
        _ids(outcomes),
        figures=_figures(outcomes, ctx.index),
        criteria=_criteria_text(pairs),
        **values,
    )


def rule_double_hit(ctx: RuleContext) -> Consideration | None:
    if not ctx.profile.double_hit:
        return None
    return _feature_rule(ctx, "DOUBLE-HIT", "warning", "double_hit")


def rule_bulky(ctx: RuleContext) -> Consideration | None:
    if not ctx.profile.bulky:
        return None
    return _feature_rule(ctx, "BULKY", "caution", "bulky")


def rule_ecog(ctx: RuleContext) -> Consideration | None:
    ecog = ctx.profile.ecog
    if ecog < 2:
        return None
    return _feature_rule(ctx, "ECOG-POOR", "warning" if ecog >= 3 else "caution", "ecog", ecog=ecog)


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
    outcomes: list[Outcome] | None = index.memo.get("post_cart_ipw")
    if outcomes is None:
        sources = {
            index.base.cohort_source[c.id]
            for c in index.cohorts
            if c.setting == Setting.after_cart and c.id in index.tafa_len_cohorts
        }
        outcomes = [
            o
            for c in index.cohorts
            if index.base.cohort_source[c.id] in sources
            for o in index.outcomes_by_cohort.get(c.id, ())
            if (o.analysis or "").upper().startswith("IPW") and o.endpoint in _COMPARED
        ]
        outcomes.sort(key=lambda o: (o.subgroup, _COMPARED.index(o.endpoint), o.arm or ""))
        index.memo["post_cart_ipw"] = outcomes
    findings = _findings(ctx, ("other", "guideline", "antigen_loss"), "bispecific")[:MAX_FINDINGS]
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


def _method_text(p: PatientProfile) -> str:
    if p.cd19_method in ("ihc", "flow"):
        return t("method", method=format_value(p.cd19_method))
    return ""


def rule_cd19_before_cart(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if not _cart_open(p) or p.cd19_status == "positive":
        return None
    if p.cd19_status == "negative":
        findings = _findings(ctx, _CD19_TOPICS)
        masking = (
            ""
            if p.days_since_last_tafasitamab is None
            else t("masking", days=p.days_since_last_tafasitamab)
        )
        return _make(
            "CD19-NEGATIVE-BEFORE-CART",
            "warning",
            _ids(findings),
            method=_method_text(p),
            masking=masking,
            findings=_finding_text(findings),
        )
    findings = _findings(ctx, ("cd19_testing", "antigen_loss"))
    return _make(
        "CD19-UNKNOWN-BEFORE-CART",
        "info",
        _ids(findings),
        plan=format_value(p.cart_plan),
        findings=_finding_text(findings),
    )


def rule_cd19_after_cart(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if not p.prior_cart or p.cd19_status == "positive":
        return None
    findings = _findings(ctx, ("antigen_loss",))
    if p.cd19_status == "negative":
        return _make(
            "CD19-NEGATIVE-AFTER-CART",
            "warning",
            _ids(findings),
            method=_method_text(p),
            findings=_finding_text(findings),
        )
    return _make(
        "CD19-UNKNOWN-AFTER-CART", "caution", _ids(findings), findings=_finding_text(findings)
    )


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
    if not _cart_open(p) or w is None or fraction is None or fraction < WASHOUT_SILENT_BELOW:
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
    findings = _findings(ctx, ("washout", "masking", "guideline"), "washout", "mask", "tafasit")
    half_life = ctx.index.base.outcomes[w.half_life_outcome_id]
    return _make(
        "TAFA-BEFORE-LEUKAPHERESIS",
        severity,
        _ids([half_life], washouts, findings),
        days=p.days_since_last_tafasitamab,
        plan=format_value(p.cart_plan),
        pct=pct,
        when=when,
        half_life=_number(w.half_life_days),
        half_life_source=ctx.index.source_short(half_life.cohort),
        observed=observed,
        findings=_finding_text(findings),
    )


def rule_cd19_test_after_tafa(ctx: RuleContext) -> Consideration | None:
    p = ctx.profile
    if p.days_since_last_tafasitamab is None:
        return None
    if p.cd19_status == "unknown" and not _cart_open(p):
        return None
    method = p.cd19_method if p.cd19_method in ("ihc", "flow") else "unknown"
    text = t(f"CD19-TEST-AFTER-TAFA.{method}")
    if p.cd19_status == "negative":
        text += t("CD19-TEST-AFTER-TAFA.negative")
    findings = _findings(ctx, ("masking", "cd19_testing"))
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
    outcomes = [
        o
        for e in (Endpoint.dose_reduction_rate, Endpoint.adverse_event_rate)
        for o in ctx.index.outcomes_by_endpoint.get(e, ())
        if o.cohort in tafa and not o.conditions
    ]
    outcomes.sort(
        key=lambda o: (
            o.endpoint != Endpoint.dose_reduction_rate,
            "neutropen" not in (o.subgroup + (o.note or "")).lower(),
        )
    )
    findings = _findings(ctx, ("safety",), "lenalidomide")[:MAX_FINDINGS]
    return _make(
        "LEN-TOXICITY",
        "info",
        _ids(outcomes[:MAX_FIGURES], findings),
        figures=_figures(outcomes, ctx.index),
        findings=_finding_text(findings),
    )


Rule = Callable[[RuleContext], Consideration | None]

# Rule ids each function can emit, with their possible severities (documentation and tests).
RULES: tuple[tuple[Rule, dict[str, tuple[Severity, ...]]], ...] = (
    (rule_tempo, {"TEMPO-RAPID": ("warning",)}),
    (rule_transplant, {"TRANSPLANT-ELIGIBLE": ("caution",)}),
    (rule_early_relapse, {"EARLY-RELAPSE": ("caution",)}),
    (rule_late_relapse, {"LATE-RELAPSE-ASCT": ("info",)}),
    (rule_primary_refractory, {"PRIMARY-REFRACTORY": ("warning",)}),
    (rule_refractory, {"REFRACTORY-LAST-LINE": ("caution",)}),
    (rule_double_hit, {"DOUBLE-HIT": ("warning",)}),
    (rule_bulky, {"BULKY": ("caution",)}),
    (rule_ecog, {"ECOG-POOR": ("caution", "warning")}),
    (rule_cart_failure, {"CART-FAILURE-EARLY": ("warning",), "CART-FAILURE-LATE": ("info",)}),
    (rule_post_cart_comparison, {"POST-CART-COMPARISON": ("info",)}),
    (
        rule_cd19_before_cart,
        {"CD19-NEGATIVE-BEFORE-CART": ("warning",), "CD19-UNKNOWN-BEFORE-CART": ("info",)},
    ),
    (
        rule_cd19_after_cart,
        {"CD19-NEGATIVE-AFTER-CART": ("warning",), "CD19-UNKNOWN-AFTER-CART": ("caution",)},
    ),
    (rule_tafa_before_leukapheresis, {"TAFA-BEFORE-LEUKAPHERESIS": ("caution", "warning")}),
    (rule_cd19_test_after_tafa, {"CD19-TEST-AFTER-TAFA": ("caution", "warning")}),
    (rule_len_toxicity, {"LEN-TOXICITY": ("info",)}),
)

RULE_IDS: tuple[str, ...] = tuple(rule_id for _, ids in RULES for rule_id in ids)


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
