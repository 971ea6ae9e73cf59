"""A small evidence base built in code, for the engine's unit tests.

Every value here is invented for the tests (no record describes a real study), so an engine test
asserts exact bands, n and reasons that stay fixed while the real evidence base grows. It holds
one example of each shape the engine must handle:

- TL-TRIAL: one tafa-len study in three analyses (primary, 3-year, 5-year; analysis_order 1-3);
  best-response ORR in the primary and 5-year analyses, an ORR whose assessment is not stated in
  the 3-year one, and 5-year median PFS by prior lines (no patient count for those subgroups).
- RW-TL: a real-world tafa-len cohort with best AND end-of-treatment ORR, median PFS given twice
  (abstract and results disagree), hazard ratios by refractoriness and bulk, a toxicity rate.
- MIXED-TL: tafa-len in a cohort where 30% had had CAR-T (cart_exposure "some").
- REG: a registry with tafa-len before CAR-T (its figures are the later CAR-T's, counted from
  infusion; "100% refractory" measured before leukapheresis; a median washout), tafa-len after
  CAR-T failure (PFS2/OS2 split at 6 months with patient counts, a DoR2 without denominator,
  hazard ratios with P < 0.05 and P >= 0.05), other treatments after CAR-T failure (a comparator
  arm pooling treatments) and the reference-only half-life record (pharmacokinetics).
- CART-TRIAL: a CD19 CAR-T cohort enrolling ECOG 0-1 without prior anti-CD19 therapy.
- GUIDE and the others: findings tagged for every rule that cites findings by tag.

`FIXTURE` is built once; `fixture_index()` is its engine index; `with_outcomes` and
`without_outcomes` give variants for tests that need one record changed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from evidence.loader import EvidenceBase, with_computed_ci
from evidence.models import Cohort, Finding, Outcome, Source
from sequencing.index import EngineIndex, engine_index

TAFA_LEN = "Tafasitamab + lenalidomide"

EARLY = {"field": "months_cart_to_failure", "op": "<=", "value": 6}
LATE = {"field": "months_cart_to_failure", "op": ">", "value": 6}
EARLY_LABEL = "Early CAR-T failure (6 months or less)"
LATE_LABEL = "Late CAR-T failure (more than 6 months)"

# ---- sources ----------------------------------------------------------------------------------

_SOURCES: list[dict[str, Any]] = [
    dict(
        id="tl-trial",
        short="TL-TRIAL",
        citation="Fixture: single-arm trial of tafa-len, primary, 3-year and 5-year analyses.",
        doi="10.5555/tl-trial",
        year=2020,
        publication="journal_article",
        design="single_arm_trial",
    ),
    dict(
        id="rw-tl",
        short="RW-TL",
        citation="Fixture: real-world cohort treated with tafa-len.",
        url="https://example.org/rw-tl",
        year=2024,
        publication="journal_article",
        design="retrospective_cohort",
        caution="Abstract and results give different median PFS.",
    ),
    dict(
        id="mixed-tl",
        short="MIXED-TL",
        citation="Fixture: tafa-len cohort mixing CAR-T-naive and post-CAR-T patients.",
        cited_in="rw-tl",
        year=2023,
        publication="journal_article",
        design="retrospective_cohort",
    ),
    dict(
        id="reg",
        short="REG",
        citation="Fixture: registry of tafa-len before and after CD19 CAR-T.",
        doi="10.5555/reg",
        year=2024,
        publication="journal_article",
        design="registry",
    ),
    dict(
        id="cart-trial",
        short="CART-TRIAL",
        citation="Fixture: randomised trial of CD19 CAR-T.",
        doi="10.5555/cart-trial",
        year=2022,
        publication="journal_article",
        design="randomised_trial",
    ),
    dict(
        id="guide",
        short="GUIDE",
        citation="Fixture: a guideline and a licence.",
        url="https://example.org/guide",
        publication="guideline",
        design="guideline",
    ),
]


# ---- cohorts ----------------------------------------------------------------------------------


def _criterion(field: str, op: str, value: object, text: str) -> dict[str, Any]:
    return dict(
        condition={"field": field, "op": op, "value": value},
        text=text,
        location="Methods",
        verified_from="abstract",
    )


def _baseline(feature: str, value: float, measured_at: str) -> dict[str, Any]:
    return dict(
        feature=feature,
        value=value,
        measured_at=measured_at,
        location="Table 1",
        verified_from="abstract",
    )


_TL_ELIGIBILITY = [
    _criterion("double_hit", "==", False, "TL-TRIAL excluded double-hit lymphoma"),
    _criterion(
        "transplant_eligible", "==", False, "TL-TRIAL enrolled patients not eligible for transplant"
    ),
    _criterion("primary_refractory", "==", False, "TL-TRIAL excluded primary refractory disease"),
]


def _tl(cohort_id: str, analysis: str, order: int) -> tuple[str, dict[str, Any]]:
    return "tl-trial", dict(
        id=cohort_id,
        label=f"TL-TRIAL {analysis} analysis",
        treatment=TAFA_LEN,
        treatment_class="tafa_len",
        setting="cart_naive",
        cart_exposure="none",
        n=80,
        study="tl-trial",
        analysis=analysis,
        analysis_order=order,
        eligibility=_TL_ELIGIBILITY,
    )


# (source id, cohort fields)
_COHORTS: list[tuple[str, dict[str, Any]]] = [
    _tl("tl-primary", "primary", 1),
    _tl("tl-3y", "3-year", 2),
    _tl("tl-5y", "5-year", 3),
    (
        "rw-tl",
        dict(
            id="rw-tl",
            label="RW-TL real-world cohort",
            treatment=TAFA_LEN,
            treatment_class="tafa_len",
            setting="cart_naive",
            cart_exposure="none",
            n=100,
            study="rw-tl",
            baseline=[
                _baseline("pct_refractory_last_line", 40.0, "before_cohort_treatment"),
                _baseline("median_age", 74.0, "before_cohort_treatment"),
            ],
        ),
    ),
    (
        "mixed-tl",
        dict(
            id="mixed-tl",
            label="MIXED-TL cohort",
            treatment=TAFA_LEN,
            treatment_class="tafa_len",
            setting="cart_naive",
            cart_exposure="some",
            n=50,
            study="mixed-tl",
            baseline=[_baseline("pct_prior_cart", 30.0, "before_cohort_treatment")],
        ),
    ),
    (
        "reg",
        dict(
            id="pre-tl",
            label="REG tafa-len before CAR-T",
            treatment=TAFA_LEN,
            treatment_class="tafa_len",
            setting="before_cart",
            cart_exposure="none",
            n=20,
            study="reg-pre",
            # Recorded at CAR-T eligibility, after tafa-len: cannot judge fit for tafa-len.
            baseline=[_baseline("pct_refractory_last_line", 100.0, "before_leukapheresis")],
        ),
    ),
    (
        "reg",
        dict(
            id="post-tl",
            label="REG tafa-len after CAR-T failure",
            treatment=TAFA_LEN,
            treatment_class="tafa_len",
            setting="after_cart",
            cart_exposure="all",
            n=50,
            study="reg-post",
            eligibility=[
                _criterion("prior_cart", "==", True, "Only patients who progressed after CAR-T")
            ],
            baseline=[_baseline("pct_early_cart_failure", 80.0, "before_cohort_treatment")],
        ),
    ),
    (
        "reg",
        dict(
            id="post-other",
            label="REG other treatments after CAR-T failure",
            treatment="Various treatments",
            treatment_class="various",
            setting="comparator",
            comparator_context="after_cart",
            cart_exposure="all",
            mixed_treatments=True,
            n=100,
            study="reg-post-other",
        ),
    ),
    (
        "reg",
        dict(
            id="pk",
            label="Tafasitamab pharmacokinetics",
            treatment="Tafasitamab",
            treatment_class="not_a_treatment",
            setting="before_cart",
            cart_exposure="none",
            reference_only=True,
            study="pk",
        ),
    ),
    (
        "cart-trial",
        dict(
            id="cart-arm",
            label="CART-TRIAL CAR-T arm",
            treatment="CD19 CAR-T",
            treatment_class="cd19_cart",
            setting="cart",
            cart_exposure="none",
            n=100,
            study="cart-trial",
            eligibility=[
                _criterion("ecog", "<=", 1, "CART-TRIAL enrolled ECOG 0-1 only"),
                _criterion(
                    "prior_anti_cd19", "==", False, "CART-TRIAL excluded prior anti-CD19 therapy"
                ),
            ],
        ),
    ),
]


# ---- outcomes ---------------------------------------------------------------------------------


def _o(
    id: str,
    cohort: str,
    endpoint: str,
    value: float | None,
    unit: str,
    *,
    when: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = dict(
        id=id,
        cohort=cohort,
        endpoint=endpoint,
        unit=unit,
        measured="cohort_treatment",
        location="Results",
        verified_from="abstract",
        conditions=when or [],
    )
    if value is None:
        data["not_reached"] = True
    else:
        data["value"] = value
    return data | extra


def _orr(
    id: str, cohort: str, value: float, assessment: str, n: int, **extra: Any
) -> dict[str, Any]:
    return _o(id, cohort, "orr", value, "%", response_assessment=assessment, denominator=n, **extra)


def _median(
    id: str, cohort: str, endpoint: str, value: float | None, origin: str, **extra: Any
) -> dict[str, Any]:
    return _o(id, cohort, endpoint, value, "months", time_origin=origin, **extra)


_OUTCOMES: list[dict[str, Any]] = [
    # TL-TRIAL: ORR best in the primary and 5-year analyses, not stated in the 3-year one.
    _orr("tl-primary-orr", "tl-primary", 60.0, "best", 80),
    _median(
        "tl-primary-pfs", "tl-primary", "median_pfs", 12.1, "treatment_start", followup_months=13.2
    ),
    _orr("tl-3y-orr", "tl-3y", 57.5, "not_stated", 80),
    _orr("tl-5y-orr", "tl-5y", 57.5, "best", 80),
    _median("tl-5y-pfs", "tl-5y", "median_pfs", 11.6, "treatment_start", followup_months=65.6),
    _median(
        "tl-5y-pfs-1-line",
        "tl-5y",
        "median_pfs",
        23.5,
        "treatment_start",
        subgroup="1 prior line",
        when=[{"field": "prior_lines", "op": "==", "value": 1}],
    ),
    _median(
        "tl-5y-pfs-2plus-lines",
        "tl-5y",
        "median_pfs",
        7.6,
        "treatment_start",
        subgroup="2 or more prior lines",
        when=[{"field": "prior_lines", "op": ">=", "value": 2}],
    ),
    # RW-TL: best and end-of-treatment response; abstract and results disagree on PFS.
    _orr("rw-orr-best", "rw-tl", 45.0, "best", 100),
    _orr("rw-orr-eot", "rw-tl", 30.0, "end_of_treatment", 100),
    _median(
        "rw-pfs-results",
        "rw-tl",
        "median_pfs",
        5.0,
        "treatment_start",
        conflicts_with=["rw-pfs-abstract"],
    ),
    _median(
        "rw-pfs-abstract",
        "rw-tl",
        "median_pfs",
        4.7,
        "treatment_start",
        location="Abstract",
        conflicts_with=["rw-pfs-results"],
    ),
    _o(
        "rw-hr-pfs-refractory",
        "rw-tl",
        "hazard_ratio_pfs",
        1.8,
        "ratio",
        subgroup="Refractory to the last line",
        when=[{"field": "response_to_last_line", "op": "==", "value": "refractory"}],
        comparison="refractory vs relapsed",
        analysis="multivariate",
        p_value=0.2,
    ),
    _o(
        "rw-hr-pfs-bulky",
        "rw-tl",
        "hazard_ratio_pfs",
        2.0,
        "ratio",
        subgroup="Bulky disease",
        when=[{"field": "bulky", "op": "==", "value": True}],
        comparison="bulky vs not bulky",
        analysis="univariate",
        ci_low=0.9,
        ci_high=4.4,
        ci_level=95.0,
        ci_method="reported",
    ),
    _o(
        "rw-neutropenia",
        "rw-tl",
        "adverse_event_rate",
        50.0,
        "%",
        denominator=100,
        tags=["toxicity", "neutropenia"],
        note="Grade 3-4 neutropenia.",
    ),
    # MIXED-TL: never sets a band.
    _orr("mixed-orr", "mixed-tl", 40.0, "best", 50),
    _median("mixed-pfs", "mixed-tl", "median_pfs", 4.0, "not_stated"),
    # REG, tafa-len before CAR-T: tafa-len's own response, then the later CAR-T's figures.
    _orr("pre-orr-own", "pre-tl", 25.0, "best", 20),
    _orr("pre-orr-cart", "pre-tl", 70.0, "best", 10, measured="later_cart"),
    _median("pre-pfs-cart", "pre-tl", "median_pfs", 3.0, "cart_infusion", measured="later_cart"),
    _median("pre-os-cart", "pre-tl", "median_os", 10.0, "cart_infusion", measured="later_cart"),
    _o(
        "pre-washout",
        "pre-tl",
        "median_washout",
        40.0,
        "days",
        measured="not_an_effect",
        range_low=10.0,
        range_high=90.0,
        range_kind="min-max",
        tags=["washout"],
    ),
    # REG, tafa-len after CAR-T failure: split at 6 months, with the subgroups' patient counts.
    _o(
        "post-count-early",
        "post-tl",
        "count",
        40,
        "patients",
        measured="not_an_effect",
        subgroup=EARLY_LABEL,
        when=[EARLY],
    ),
    _o(
        "post-count-late",
        "post-tl",
        "count",
        10,
        "patients",
        measured="not_an_effect",
        subgroup=LATE_LABEL,
        when=[LATE],
    ),
    _median("post-pfs2", "post-tl", "median_pfs2", 2.5, "post_cart_treatment_start"),
    _median(
        "post-pfs2-early",
        "post-tl",
        "median_pfs2",
        2.0,
        "post_cart_treatment_start",
        subgroup=EARLY_LABEL,
        when=[EARLY],
    ),
    _median(
        "post-pfs2-late",
        "post-tl",
        "median_pfs2",
        5.6,
        "post_cart_treatment_start",
        subgroup=LATE_LABEL,
        when=[LATE],
        followup_months=4.0,
    ),
    _median("post-os2", "post-tl", "median_os2", 7.5, "post_cart_treatment_start"),
    _median(
        "post-os2-early",
        "post-tl",
        "median_os2",
        6.0,
        "post_cart_treatment_start",
        subgroup=EARLY_LABEL,
        when=[EARLY],
    ),
    _median(
        "post-os2-late",
        "post-tl",
        "median_os2",
        None,
        "post_cart_treatment_start",
        subgroup=LATE_LABEL,
        when=[LATE],
    ),
    _median("post-dor2", "post-tl", "median_dor2", 4.0, "first_response"),
    _o(
        "post-hr-pfs",
        "post-tl",
        "hazard_ratio_pfs",
        2.4,
        "ratio",
        comparison="early vs late failure",
        p_value=0.03,
        ci_low=1.1,
        ci_high=5.2,
        ci_level=95.0,
        ci_method="reported",
    ),
    _o(
        "post-hr-os",
        "post-tl",
        "hazard_ratio_os",
        1.7,
        "ratio",
        comparison="early vs late failure",
        p_value=0.21,
        ci_low=0.7,
        ci_high=4.0,
        ci_level=95.0,
        ci_method="reported",
    ),
    # REG, other treatments after CAR-T failure (comparator arm).
    _orr("other-orr", "post-other", 30.0, "best", 100),
    _median("other-pfs2", "post-other", "median_pfs2", 1.8, "post_cart_treatment_start"),
    # Reference: the half-life the washout arithmetic reads.
    _o(
        "pk-half-life",
        "pk",
        "half_life",
        17.0,
        "days",
        measured="not_an_effect",
        tags=["pharmacokinetics"],
    ),
    # CART-TRIAL.
    _orr("cart-orr", "cart-arm", 82.0, "best", 100),
    _median("cart-pfs", "cart-arm", "median_pfs", 5.9, "cart_infusion"),
    _median("cart-os", "cart-arm", "median_os", 25.8, "cart_infusion"),
]


# ---- findings ---------------------------------------------------------------------------------


def _f(
    id: str, topic: str, tags: list[str], text: str, cohort: str | None = None
) -> dict[str, Any]:
    return dict(
        id=id,
        cohort=cohort,
        topic=topic,
        tags=tags,
        text=text,
        location="Discussion",
        verified_from="abstract",
    )


# (source id, finding fields)
_FINDINGS: list[tuple[str, dict[str, Any]]] = [
    (
        "reg",
        _f(
            "f-washout",
            "washout",
            ["washout"],
            "Washout before leukapheresis varied between centres.",
            "pre-tl",
        ),
    ),
    (
        "reg",
        _f(
            "f-masking",
            "masking",
            ["masking"],
            "Tafasitamab can block flow antibodies that share its CD19 epitope.",
        ),
    ),
    (
        "guide",
        _f(
            "f-transplant-guideline",
            "guideline",
            ["transplant", "guideline"],
            "Guideline: salvage and autologous transplant for late relapse.",
        ),
    ),
    (
        "guide",
        _f(
            "f-transplant-licence",
            "regimen",
            ["transplant", "licence"],
            "Licensed for patients not eligible for autologous transplant.",
        ),
    ),
    (
        "guide",
        _f(
            "f-bispecific",
            "guideline",
            ["bispecific"],
            "Bispecific antibodies are an option after CAR-T failure.",
        ),
    ),
    (
        "rw-tl",
        _f(
            "f-toxicity",
            "safety",
            ["toxicity"],
            "Neutropenia was the commonest reason to reduce lenalidomide.",
            "rw-tl",
        ),
    ),
    (
        "tl-trial",
        _f(
            "f-kinetics",
            "response_kinetics",
            ["response_kinetics"],
            "Most responses were seen by the second assessment.",
            "tl-5y",
        ),
    ),
    ("rw-tl", _f("f-bias", "bias", [], "Centres chose whom to treat: selection bias.", "rw-tl")),
]


# Every fixture record entered the base in one made-up release.
ADDED = {"added_in": "2026.01.01"}


def build_fixture() -> EvidenceBase:
    """The fixture as the loader would return it (with its computed events and exact CIs)."""
    sources = {raw["id"]: Source.model_validate(ADDED | raw) for raw in _SOURCES}
    cohorts = {raw["id"]: Cohort.model_validate(ADDED | raw) for _, raw in _COHORTS}
    outcomes = {
        raw["id"]: with_computed_ci(Outcome.model_validate(ADDED | raw)) for raw in _OUTCOMES
    }
    findings = {raw["id"]: Finding.model_validate(ADDED | raw) for _, raw in _FINDINGS}
    assert len(outcomes) == len(_OUTCOMES) and len(cohorts) == len(_COHORTS)
    return EvidenceBase(
        sources=sources,
        cohorts=cohorts,
        outcomes=outcomes,
        findings=findings,
        finding_source={raw["id"]: source for source, raw in _FINDINGS},
        files={key: f"{n:03d}_{key}.toml" for n, key in enumerate(sources)},
        cohort_source={raw["id"]: source for source, raw in _COHORTS},
    )


FIXTURE = build_fixture()


def fixture_index() -> EngineIndex:
    return engine_index(FIXTURE)


def with_outcomes(changes: dict[str, dict[str, Any]], base: EvidenceBase = FIXTURE) -> EvidenceBase:
    """A copy of `base` with some outcomes' fields changed, e.g.
    `with_outcomes({"post-pfs2": {"value": 3.0}})`."""
    outcomes = dict(base.outcomes)
    for outcome_id, update in changes.items():
        raw = outcomes[outcome_id].model_dump() | update
        outcomes[outcome_id] = Outcome.model_validate(raw)
    return dataclasses.replace(base, outcomes=outcomes)


def without_outcomes(*outcome_ids: str, base: EvidenceBase = FIXTURE) -> EvidenceBase:
    missing = set(outcome_ids) - set(base.outcomes)
    assert not missing, missing
    kept = {k: v for k, v in base.outcomes.items() if k not in outcome_ids}
    return dataclasses.replace(base, outcomes=kept)
