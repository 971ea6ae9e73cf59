"""The typed records of the evidence base: sources, cohorts, eligibility, baseline mix, outcomes.

Field names of conditions are the patient-profile fields of `sequencing.profile` (the contract).
Records are data, never code: a condition is a field, an operator and a value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ConditionValue = bool | int | float | str


class Design(StrEnum):
    randomised_trial = "randomised_trial"
    single_arm_trial = "single_arm_trial"
    matched_comparison = "matched_comparison"
    registry = "registry"
    retrospective_cohort = "retrospective_cohort"
    case_series = "case_series"
    preclinical = "preclinical"
    label = "label"
    guideline = "guideline"
    expert_opinion = "expert_opinion"


DESIGN_LABELS: dict[Design, str] = {
    Design.randomised_trial: "Randomised trial",
    Design.single_arm_trial: "Single-arm trial",
    Design.matched_comparison: "Matched comparison",
    Design.registry: "Registry",
    Design.retrospective_cohort: "Retrospective cohort",
    Design.case_series: "Case series",
    Design.preclinical: "Preclinical",
    Design.label: "Drug label",
    Design.guideline: "Guideline",
    Design.expert_opinion: "Expert opinion",
}


class Setting(StrEnum):
    """Where a cohort's treatment sits relative to CD19 CAR-T."""

    cart_naive = "cart_naive"
    before_cart = "before_cart"
    bridge_to_cart = "bridge_to_cart"
    after_cart = "after_cart"
    cart = "cart"
    comparator = "comparator"


SETTING_LABELS: dict[Setting, str] = {
    Setting.cart_naive: "No CAR-T (naive)",
    Setting.before_cart: "Before CAR-T",
    Setting.bridge_to_cart: "Bridge to CAR-T",
    Setting.after_cart: "After CAR-T failure",
    Setting.cart: "CAR-T itself",
    Setting.comparator: "Comparator arm",
}


class VerifiedFrom(StrEnum):
    seed_full_text = "seed_full_text"
    abstract = "abstract"
    label = "label"
    secondary_summary = "secondary_summary"


class Endpoint(StrEnum):
    orr = "orr"
    cr_rate = "cr_rate"
    pr_rate = "pr_rate"
    best_orr = "best_orr"
    best_cr_rate = "best_cr_rate"
    median_pfs = "median_pfs"
    median_os = "median_os"
    median_dor = "median_dor"
    median_dfs = "median_dfs"
    median_efs = "median_efs"
    median_pfs2 = "median_pfs2"
    median_os2 = "median_os2"
    median_dor2 = "median_dor2"
    pfs_rate = "pfs_rate"
    os_rate = "os_rate"
    efs_rate = "efs_rate"
    dfs_rate = "dfs_rate"
    hazard_ratio_os = "hazard_ratio_os"
    hazard_ratio_pfs = "hazard_ratio_pfs"
    hazard_ratio_efs = "hazard_ratio_efs"
    odds_ratio = "odds_ratio"
    median_followup = "median_followup"
    median_washout = "median_washout"
    median_treatment_duration = "median_treatment_duration"
    median_time_cart_to_treatment = "median_time_cart_to_treatment"
    adverse_event_rate = "adverse_event_rate"
    crs_rate = "crs_rate"
    icans_rate = "icans_rate"
    dose_reduction_rate = "dose_reduction_rate"
    # Extensions the sources needed:
    cd19_negative_rate = "cd19_negative_rate"
    death_cause_rate = "death_cause_rate"
    half_life = "half_life"
    dose = "dose"
    proportion = "proportion"
    patient_count = "count"


ENDPOINT_LABELS: dict[Endpoint, str] = {
    Endpoint.orr: "Overall response rate",
    Endpoint.cr_rate: "Complete response rate",
    Endpoint.pr_rate: "Partial response rate",
    Endpoint.best_orr: "Best overall response rate",
    Endpoint.best_cr_rate: "Best complete response rate",
    Endpoint.median_pfs: "Median PFS",
    Endpoint.median_os: "Median OS",
    Endpoint.median_dor: "Median duration of response",
    Endpoint.median_dfs: "Median disease-free survival",
    Endpoint.median_efs: "Median EFS",
    Endpoint.median_pfs2: "Median PFS2 (from post-CAR-T treatment)",
    Endpoint.median_os2: "Median OS2 (from post-CAR-T treatment)",
    Endpoint.median_dor2: "Median DoR2 (after post-CAR-T treatment)",
    Endpoint.pfs_rate: "PFS rate at a timepoint",
    Endpoint.os_rate: "OS rate at a timepoint",
    Endpoint.efs_rate: "EFS rate at a timepoint",
    Endpoint.dfs_rate: "DFS rate at a timepoint",
    Endpoint.hazard_ratio_os: "Hazard ratio, OS",
    Endpoint.hazard_ratio_pfs: "Hazard ratio, PFS",
    Endpoint.hazard_ratio_efs: "Hazard ratio, EFS",
    Endpoint.odds_ratio: "Odds ratio",
    Endpoint.median_followup: "Median follow-up",
    Endpoint.median_washout: "Median washout",
    Endpoint.median_treatment_duration: "Median treatment duration",
    Endpoint.median_time_cart_to_treatment: "Median time from CAR-T to treatment",
    Endpoint.adverse_event_rate: "Adverse event rate",
    Endpoint.crs_rate: "CRS rate",
    Endpoint.icans_rate: "ICANS rate",
    Endpoint.dose_reduction_rate: "Dose reduction rate",
    Endpoint.cd19_negative_rate: "CD19-negative rate",
    Endpoint.death_cause_rate: "Cause of death (share of deaths)",
    Endpoint.half_life: "Terminal half-life",
    Endpoint.dose: "Dose",
    Endpoint.proportion: "Proportion of patients",
    Endpoint.patient_count: "Number of patients",
}

Unit = Literal["%", "months", "days", "years", "ratio", "mg", "mg/kg", "patients"]

Operator = Literal["==", "!=", "<", "<=", ">", ">=", "in"]

PROFILE_FIELDS = frozenset(
    {
        "age",
        "prior_lines",
        "response_to_last_line",
        "primary_refractory",
        "months_first_line_to_progression",
        "bulky",
        "ecog",
        "double_hit",
        "ldh_elevated",
        "transplant_eligible",
        "symptom_tempo",
        "prior_cart",
        "months_cart_to_failure",
        "cart_plan",
        "cd19_status",
        "cd19_method",
        "days_since_last_tafasitamab",
    }
)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Condition(_Record):
    """One test on a patient-profile field, e.g. `months_cart_to_failure > 6`."""

    field: str
    op: Operator
    value: ConditionValue | list[ConditionValue]

    @model_validator(mode="after")
    def _known_field(self) -> Condition:
        if self.field not in PROFILE_FIELDS:
            raise ValueError(f"unknown patient field {self.field!r}")
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("operator 'in' takes a list of values")
        return self


class Source(_Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    citation: str = Field(min_length=10)
    short: str = Field(min_length=2, description="short name shown in charts, e.g. 'TALOs 2026'")
    doi: str | None = None
    url: str | None = None
    source_url: str | None = Field(None, description="the page a lead was checked on")
    year: int | None = Field(None, ge=1990, le=2030)
    design: Design
    licence: str | None = None
    seed_file: str | None = None
    cited_in: str | None = Field(
        None, description="seed source id, when known only from its citation"
    )
    caution: str | None = None
    superseded_by: str | None = None

    @model_validator(mode="after")
    def _doi_or_url(self) -> Source:
        if not (self.doi or self.url or self.seed_file or self.cited_in):
            raise ValueError("a source needs a DOI, or a URL when it has none (or cited_in)")
        return self


class Quoted(_Record):
    """Provenance shared by every figure-bearing record."""

    location: str = Field(min_length=2)
    quote: str | None = None
    verified_from: VerifiedFrom
    reported_in: str | None = Field(None, description="source id of the seed that quotes it")


class Criterion(Quoted):
    """An eligibility rule of a cohort: a patient must satisfy `condition` to be inside it."""

    condition: Condition
    text: str = Field(min_length=5, description="e.g. 'L-MIND excluded double-hit lymphoma'")


BaselineFeature = Literal[
    "median_age",
    "pct_primary_refractory",
    "pct_refractory_last_line",
    "pct_bulky",
    "pct_ecog_2_plus",
    "pct_double_hit",
    "pct_prior_cart",
    "pct_transplant_eligible",
    "median_prior_lines",
    "pct_ldh_elevated",
    "pct_early_cart_failure",
]


class Baseline(Quoted):
    feature: BaselineFeature
    value: float
    conflicts_with: list[str] = Field(default_factory=list)
    note: str | None = None


class Cohort(_Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=3)
    treatment: str = Field(min_length=2)
    setting: Setting
    n: int | None = Field(None, ge=1)
    line_of_therapy: str | None = None
    design: Design | None = Field(None, description="when it differs from its source's design")
    reported_in: str | None = Field(None, description="seed source id when reported second-hand")
    selected_by_outcome: bool = Field(
        False,
        description="cohort chosen by its outcome (e.g. only CAR-T responders): never matched",
    )
    comparator_context: Setting | None = Field(
        None,
        description="for a comparator arm: where it sits relative to CAR-T (e.g. after_cart for "
        "DESCAR-T's other treatments after CAR-T failure)",
    )
    reference_only: bool = Field(
        False,
        description="holds reference facts (pharmacokinetics, test performance, literature "
        "rates), not a group of patients to match against",
    )
    mixed_treatments: bool = Field(
        False,
        description="pools several treatments (e.g. loncastuximab or tafa-len): shown, "
        "but it does not set a band's ends",
    )
    description: str | None = None
    eligibility: list[Criterion] = Field(default_factory=list)
    baseline: list[Baseline] = Field(default_factory=list)


class Outcome(Quoted):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    cohort: str
    arm: str | None = None
    subgroup: str = "All patients"
    conditions: list[Condition] = Field(default_factory=list)
    endpoint: Endpoint
    value: float | None = None
    unit: Unit
    not_reached: bool = False
    ci_low: float | None = None
    ci_high: float | None = None
    ci_high_not_reached: bool = False
    ci_level: float | None = Field(None, gt=0, lt=100)
    ci_method: Literal["reported", "clopper_pearson"] | None = None
    range_low: float | None = Field(None, description="reported range, e.g. min-max; not a CI")
    range_high: float | None = None
    range_kind: Literal["min-max", "iqr"] | None = None
    p_value: float | None = Field(None, ge=0, le=1)
    p_qualifier: Literal["<", "=", ">"] | None = None
    events: int | None = Field(None, ge=0)
    events_derived: bool = Field(False, description="events worked out from % and denominator")
    denominator: int | None = Field(None, ge=1)
    timepoint_months: float | None = Field(None, gt=0)
    followup_months: float | None = Field(None, gt=0)
    comparison: str | None = Field(None, description="what a ratio compares, e.g. 'bulky vs not'")
    analysis: str | None = Field(None, description="e.g. 'univariate', 'multivariate', 'IPW'")
    conflicts_with: list[str] = Field(default_factory=list)
    source_error: str | None = Field(None, description="a known error in the source at this figure")
    superseded_by: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _value_or_not_reached(self) -> Outcome:
        if self.value is None and not self.not_reached:
            raise ValueError("give a value, or not_reached = true for a median not reached")
        if self.value is not None and self.not_reached:
            raise ValueError("a median not reached has no value")
        if (self.ci_low is None) != (self.ci_high is None) and not self.ci_high_not_reached:
            raise ValueError("a CI needs both ci_low and ci_high (or ci_high_not_reached)")
        if self.ci_low is not None and self.ci_high is not None and self.ci_low > self.ci_high:
            raise ValueError(f"ci_low {self.ci_low} is above ci_high {self.ci_high}")
        if (self.range_low is None) != (self.range_high is None) or (
            self.range_low is not None and self.range_kind is None
        ):
            raise ValueError("a range needs range_low, range_high and range_kind")
        if self.ci_low is not None and self.ci_method is None:
            raise ValueError("a CI needs its ci_method ('reported' or 'clopper_pearson')")
        if (
            self.events is not None
            and self.denominator is not None
            and self.events > self.denominator
        ):
            raise ValueError(f"events {self.events} exceed the denominator {self.denominator}")
        if self.unit == "%" and self.value is not None and not 0 <= self.value <= 100:
            raise ValueError(f"a percentage must lie between 0 and 100, got {self.value}")
        return self


FindingTopic = Literal[
    "mechanism",
    "masking",
    "washout",
    "cd19_testing",
    "antigen_loss",
    "guideline",
    "regimen",
    "maintenance",
    "safety",
    "response_kinetics",
    "eligibility",
    "bias",
    "other",
]


class Finding(Quoted):
    """A qualitative finding: a statement a source makes that carries no figure of its own
    (e.g. 'no patient turned CD19-negative'), or a fact a rule rests on."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    cohort: str | None = None
    topic: FindingTopic
    text: str = Field(min_length=10, description="plain-language statement shown in the app")
    n: int | None = Field(None, ge=1)
    superseded_by: str | None = None
