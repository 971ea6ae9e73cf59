"""The typed records of the evidence base: sources, cohorts, eligibility, baseline mix, outcomes.

Field names of conditions are the patient-profile fields of `sequencing.profile` (the contract).
Records are data, never code: a condition is a field, an operator and a value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AMONG_DEATHS",
    "AMONG_RESPONDERS",
    "CART_EXPOSURE_LABELS",
    "CD19_DIRECTED",
    "DESIGN_LABELS",
    "ENDPOINT_LABELS",
    "MEASURED_LABELS",
    "MEDIAN_ENDPOINTS",
    "MONTH_FIELDS",
    "NOT_AN_EFFECT_ENDPOINTS",
    "NOT_CD19_DIRECTED",
    "PROFILE_FIELDS",
    "PUBLICATION_LABELS",
    "RESPONDER_ENDPOINTS",
    "RESPONSE_ASSESSMENT_LABELS",
    "RESPONSE_ENDPOINTS",
    "SETTING_LABELS",
    "SURVIVAL_MEASURES",
    "TIMEPOINT_RATE_ENDPOINTS",
    "TIME_ORIGIN_LABELS",
    "TIME_TO_EVENT_ENDPOINTS",
    "TREATMENT_CLASS_LABELS",
    "VERSION_PATTERN",
    "WEAK_PUBLICATIONS",
    "Baseline",
    "BaselineFeature",
    "CartExposure",
    "Cohort",
    "Condition",
    "ConditionValue",
    "Criterion",
    "Design",
    "Endpoint",
    "Finding",
    "FindingTopic",
    "LineSetting",
    "MeasuredAt",
    "MeasuredTreatment",
    "Operator",
    "Outcome",
    "Publication",
    "Quoted",
    "ResponseAssessment",
    "Revision",
    "Setting",
    "Source",
    "Tag",
    "TimeOrigin",
    "TreatmentClass",
    "Unit",
    "VerifiedFrom",
    "Waiver",
]

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


class Publication(StrEnum):
    """What kind of publication a source is: how strong a figure from it can be."""

    journal_article = "journal_article"
    letter = "letter"  # a letter or brief report
    review = "review"
    congress_abstract = "congress_abstract"  # not peer-reviewed as a full paper
    press_release = "press_release"
    drug_label = "drug_label"
    guideline = "guideline"
    web_page = "web_page"  # e.g. an expert roundtable write-up, an index page


PUBLICATION_LABELS: dict[Publication, str] = {
    Publication.journal_article: "journal article",
    Publication.letter: "letter",
    Publication.review: "review",
    Publication.congress_abstract: "congress abstract",
    Publication.press_release: "press release",
    Publication.drug_label: "drug label",
    Publication.guideline: "guideline",
    Publication.web_page: "web page",
}

# Publications whose figures are weaker than a peer-reviewed paper's: said beside every figure.
WEAK_PUBLICATIONS = frozenset(
    {Publication.congress_abstract, Publication.press_release, Publication.web_page}
)


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


class CartExposure(StrEnum):
    """How many of a cohort's patients had had CD19 CAR-T before its treatment, as reported."""

    none = "none"
    some = "some"  # a mix of CAR-T-naive and post-CAR-T patients
    all = "all"
    not_reported = "not_reported"


CART_EXPOSURE_LABELS: dict[CartExposure, str] = {
    CartExposure.none: "No patient had had CAR-T",
    CartExposure.some: "Mixed: some patients had had CAR-T",
    CartExposure.all: "Every patient had had CAR-T",
    CartExposure.not_reported: "Prior CAR-T not reported",
}


class MeasuredTreatment(StrEnum):
    """Whose effect a figure is, relative to the cohort's own treatment."""

    cohort_treatment = "cohort_treatment"
    # The CD19 CAR-T given after the cohort's treatment (e.g. DESCAR-T's tafa-len-before-CAR-T
    # set reports the response to, and survival after, the CAR-T infusion; seed 003).
    later_cart = "later_cart"
    # Whatever treatment followed failure of the cohort's CAR-T.
    post_cart_treatment = "post_cart_treatment"
    # Not a treatment effect: a count, a baseline share, a dose, a half-life, a follow-up.
    not_an_effect = "not_an_effect"


MEASURED_LABELS: dict[MeasuredTreatment, str] = {
    MeasuredTreatment.cohort_treatment: "the cohort's own treatment",
    MeasuredTreatment.later_cart: "the CAR-T given after the cohort's treatment",
    MeasuredTreatment.post_cart_treatment: "the treatment given after CAR-T failure",
    MeasuredTreatment.not_an_effect: "not a treatment effect",
}


class TimeOrigin(StrEnum):
    """From when a time-to-event figure (a median, a rate at a timepoint) is counted."""

    treatment_start = "treatment_start"  # start (or enrolment) of the cohort's own treatment
    randomisation = "randomisation"
    leukapheresis = "leukapheresis"
    cart_infusion = "cart_infusion"
    post_cart_treatment_start = "post_cart_treatment_start"  # PFS2/OS2
    progression_after_cart = "progression_after_cart"
    first_response = "first_response"  # durations of response
    diagnosis = "diagnosis"
    not_stated = "not_stated"


TIME_ORIGIN_LABELS: dict[TimeOrigin, str] = {
    TimeOrigin.treatment_start: "from the start of treatment",
    TimeOrigin.randomisation: "from randomisation",
    TimeOrigin.leukapheresis: "from leukapheresis",
    TimeOrigin.cart_infusion: "from CAR-T infusion",
    TimeOrigin.post_cart_treatment_start: "from the start of the post-CAR-T treatment",
    TimeOrigin.progression_after_cart: "from progression after CAR-T",
    TimeOrigin.first_response: "from first response",
    TimeOrigin.diagnosis: "from diagnosis",
    TimeOrigin.not_stated: "time origin not stated",
}


class ResponseAssessment(StrEnum):
    """Which response a rate counts: best at any time, at the end of treatment, or at a time."""

    best = "best"
    end_of_treatment = "end_of_treatment"
    at_timepoint = "at_timepoint"
    not_stated = "not_stated"


RESPONSE_ASSESSMENT_LABELS: dict[ResponseAssessment, str] = {
    ResponseAssessment.best: "best response",
    ResponseAssessment.end_of_treatment: "end-of-treatment response",
    ResponseAssessment.at_timepoint: "response at a timepoint",
    ResponseAssessment.not_stated: "response assessment not stated",
}


class MeasuredAt(StrEnum):
    """When a baseline feature was measured."""

    before_cohort_treatment = "before_cohort_treatment"
    before_leukapheresis = "before_leukapheresis"
    at_cart_infusion = "at_cart_infusion"
    not_stated = "not_stated"


class Tag(StrEnum):
    """What a record is about, for the rules that cite it (never found by words in prose)."""

    washout = "washout"
    masking = "masking"
    cd19_testing = "cd19_testing"
    antigen_loss = "antigen_loss"
    transplant = "transplant"
    toxicity = "toxicity"
    neutropenia = "neutropenia"
    lenalidomide_dose = "lenalidomide_dose"
    bispecific = "bispecific"
    response_kinetics = "response_kinetics"
    symptom_tempo = "symptom_tempo"
    guideline = "guideline"
    licence = "licence"
    post_cart_options = "post_cart_options"
    pharmacokinetics = "pharmacokinetics"
    # A CAR-T study's exclusion of patients given anti-CD19 therapy before (JULIET; Thapa 2020).
    anti_cd19_exclusion = "anti_cd19_exclusion"
    # Evidence on CD19 after CAR-T failure (outcomes by CD19 status after CAR-T, retesting).
    cd19_after_cart = "cd19_after_cart"
    # An approval or licence status (with `Finding.jurisdiction`).
    approval = "approval"


class TreatmentClass(StrEnum):
    """What a cohort was given, typed: the engine selects cohorts by this, never by the words
    of `treatment`."""

    tafa_len = "tafa_len"  # tafasitamab + lenalidomide
    tafasitamab = "tafasitamab"  # alone
    lenalidomide = "lenalidomide"  # alone
    cd19_cart = "cd19_cart"
    cd20xcd3_bispecific = "cd20xcd3_bispecific"
    cd19_adc = "cd19_adc"  # loncastuximab tesirine
    checkpoint_inhibitor = "checkpoint_inhibitor"
    chemotherapy = "chemotherapy"
    allogeneic_transplant = "allogeneic_transplant"
    # Platinum-based salvage, then high-dose therapy and autologous transplant in responders (the
    # standard-care arms of ZUMA-7 and TRANSFORM; BSH for late relapse).
    salvage_autologous_transplant = "salvage_autologous_transplant"
    polatuzumab_based = "polatuzumab_based"  # e.g. polatuzumab-bendamustine-rituximab
    radiotherapy = "radiotherapy"
    # Lenalidomide with other drugs, as a source pools them (may include tafa-len: neither
    # CD19-directed nor not).
    lenalidomide_based = "lenalidomide_based"
    # A CD20xCD3 bispecific with chemotherapy (glofitamab + GemOx, STARGLO).
    bispecific_chemotherapy = "bispecific_chemotherapy"
    cd19_bispecific = "cd19_bispecific"  # CD19xCD3 (blinatumomab)
    standard_care = "standard_care"  # a trial's standard-care arm
    various = "various"  # whatever was given, several treatments pooled
    not_a_treatment = "not_a_treatment"  # reference facts (pharmacokinetics, test performance)


TREATMENT_CLASS_LABELS: dict[TreatmentClass, str] = {
    TreatmentClass.tafa_len: "Tafasitamab + lenalidomide",
    TreatmentClass.tafasitamab: "Tafasitamab alone",
    TreatmentClass.lenalidomide: "Lenalidomide alone",
    TreatmentClass.cd19_cart: "CD19 CAR-T",
    TreatmentClass.cd20xcd3_bispecific: "CD20xCD3 bispecific antibody",
    TreatmentClass.cd19_adc: "CD19 antibody-drug conjugate",
    TreatmentClass.checkpoint_inhibitor: "Checkpoint inhibitor",
    TreatmentClass.chemotherapy: "Chemotherapy",
    TreatmentClass.allogeneic_transplant: "Allogeneic transplant",
    TreatmentClass.salvage_autologous_transplant: "Salvage, then autologous transplant",
    TreatmentClass.polatuzumab_based: "Polatuzumab-based therapy",
    TreatmentClass.radiotherapy: "Radiotherapy",
    TreatmentClass.lenalidomide_based: "Lenalidomide-based therapy",
    TreatmentClass.bispecific_chemotherapy: "CD20xCD3 bispecific + chemotherapy",
    TreatmentClass.cd19_bispecific: "CD19xCD3 bispecific antibody",
    TreatmentClass.standard_care: "Standard care",
    TreatmentClass.various: "Various treatments",
    TreatmentClass.not_a_treatment: "Not a treatment",
}

# Classes that target CD19 (a CD19-negative relapse questions them).
CD19_DIRECTED = frozenset(
    {
        TreatmentClass.tafa_len,
        TreatmentClass.tafasitamab,
        TreatmentClass.cd19_cart,
        TreatmentClass.cd19_adc,
        TreatmentClass.cd19_bispecific,
    }
)
# Classes that do not target CD19; pooled or standard-care cohorts are neither (what their
# patients were given is mixed).
NOT_CD19_DIRECTED = frozenset(
    {
        TreatmentClass.lenalidomide,
        TreatmentClass.cd20xcd3_bispecific,
        TreatmentClass.checkpoint_inhibitor,
        TreatmentClass.chemotherapy,
        TreatmentClass.allogeneic_transplant,
        TreatmentClass.salvage_autologous_transplant,
        TreatmentClass.polatuzumab_based,
        TreatmentClass.radiotherapy,
        TreatmentClass.bispecific_chemotherapy,
    }
)


class LineSetting(StrEnum):
    """The line of therapy a CAR-T cohort was given in, as its source states it."""

    second_line = "second_line"  # after one prior line (ZUMA-7, TRANSFORM, PILOT)
    third_line_or_later = "third_line_or_later"  # after two or more (ZUMA-1, JULIET, TRANSCEND)


class VerifiedFrom(StrEnum):
    seed_full_text = "seed_full_text"
    abstract = "abstract"
    label = "label"
    secondary_summary = "secondary_summary"


class Endpoint(StrEnum):
    orr = "orr"
    cr_rate = "cr_rate"
    pr_rate = "pr_rate"
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
    sd_rate = "sd_rate"
    pd_rate = "pd_rate"
    response_not_evaluated_rate = "response_not_evaluated_rate"
    median_time_to_failure = "median_time_to_failure"
    median_time_to_best_response = "median_time_to_best_response"
    rfs_rate = "rfs_rate"
    dor_rate = "dor_rate"
    grfs_rate = "grfs_rate"
    dss_rate = "dss_rate"


ENDPOINT_LABELS: dict[Endpoint, str] = {
    Endpoint.orr: "Overall response rate",
    Endpoint.cr_rate: "Complete response rate",
    Endpoint.pr_rate: "Partial response rate",
    Endpoint.median_pfs: "Median PFS",
    Endpoint.median_os: "Median OS",
    Endpoint.median_dor: "Median duration of response",
    Endpoint.median_dfs: "Median disease-free survival",
    Endpoint.median_efs: "Median EFS",
    Endpoint.median_pfs2: "Median PFS2",
    Endpoint.median_os2: "Median OS2",
    Endpoint.median_dor2: "Median DoR2 (response to the post-CAR-T treatment)",
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
    Endpoint.sd_rate: "Stable disease rate",
    Endpoint.pd_rate: "Progressive disease rate",
    Endpoint.response_not_evaluated_rate: "Response not evaluated",
    Endpoint.median_time_to_failure: "Median time to treatment failure",
    Endpoint.median_time_to_best_response: "Median time to best response",
    Endpoint.rfs_rate: "Relapse-free survival among responders at a timepoint",
    Endpoint.dor_rate: "Share of responders still in response at a timepoint",
    Endpoint.grfs_rate: "GVHD-free relapse-free survival at a timepoint",
    Endpoint.dss_rate: "Disease-specific survival at a timepoint",
}

Unit = Literal["%", "months", "days", "years", "ratio", "mg", "mg/kg", "patients"]

# Response rates: each names which response it counts (`ResponseAssessment`).
RESPONSE_ENDPOINTS = frozenset(
    {
        Endpoint.orr,
        Endpoint.cr_rate,
        Endpoint.pr_rate,
        Endpoint.sd_rate,
        Endpoint.pd_rate,
        Endpoint.response_not_evaluated_rate,
    }
)

# Medians of time to an event (their maturity is judged against the median follow-up).
MEDIAN_ENDPOINTS = frozenset(
    {
        Endpoint.median_pfs,
        Endpoint.median_os,
        Endpoint.median_dor,
        Endpoint.median_dfs,
        Endpoint.median_efs,
        Endpoint.median_pfs2,
        Endpoint.median_os2,
        Endpoint.median_dor2,
    }
)
# Time-to-event figures: each names its time origin (`TimeOrigin`).
TIME_TO_EVENT_ENDPOINTS = MEDIAN_ENDPOINTS | frozenset(
    {
        Endpoint.pfs_rate,
        Endpoint.os_rate,
        Endpoint.efs_rate,
        Endpoint.dfs_rate,
        Endpoint.median_time_to_failure,
        Endpoint.median_time_to_best_response,
        Endpoint.rfs_rate,
        Endpoint.dor_rate,
        Endpoint.grfs_rate,
        Endpoint.dss_rate,
    }
)

# Durations of response count responders only: their n is the responders', never the cohort's.
RESPONDER_ENDPOINTS = frozenset({Endpoint.median_dor, Endpoint.median_dor2})
# Every figure counted among responders only (durations, relapse-free survival among
# responders, the share still in response): its n is the responders'.
AMONG_RESPONDERS = RESPONDER_ENDPOINTS | {Endpoint.rfs_rate, Endpoint.dor_rate}
# Shares of deaths: their n is the deaths, never the cohort.
AMONG_DEATHS = frozenset({Endpoint.death_cause_rate})
# Rates at a timepoint (immature when the timepoint lies beyond the median follow-up).
TIMEPOINT_RATE_ENDPOINTS = frozenset(
    {
        Endpoint.pfs_rate,
        Endpoint.os_rate,
        Endpoint.efs_rate,
        Endpoint.dfs_rate,
        Endpoint.rfs_rate,
        Endpoint.dor_rate,
        Endpoint.grfs_rate,
        Endpoint.dss_rate,
    }
)

# The survival measure of each median and rate at a time that is charted against time (PFS2 is a
# PFS counted after CAR-T failure, OS2 an OS): a measure's rates and medians share a chart.
SURVIVAL_MEASURES: dict[Endpoint, str] = {
    Endpoint.pfs_rate: "PFS",
    Endpoint.median_pfs: "PFS",
    Endpoint.median_pfs2: "PFS",
    Endpoint.os_rate: "OS",
    Endpoint.median_os: "OS",
    Endpoint.median_os2: "OS",
    Endpoint.efs_rate: "EFS",
    Endpoint.median_efs: "EFS",
    Endpoint.dfs_rate: "DFS",
    Endpoint.median_dfs: "DFS",
}
# Figures that describe the patients or the regimen, not what a treatment achieved.
NOT_AN_EFFECT_ENDPOINTS = frozenset(
    {
        Endpoint.median_followup,
        Endpoint.median_washout,
        Endpoint.median_treatment_duration,
        Endpoint.median_time_cart_to_treatment,
        Endpoint.half_life,
        Endpoint.dose,
        Endpoint.patient_count,
    }
)

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
        "prior_anti_cd19",
        "prior_autologous_transplant",
        "cart_line",
        "tafa_len_line",
        "tafa_len_response",
        "prior_loncastuximab",
        "prior_blinatumomab",
    }
)
# Profile fields counted in months, whose conditions may state their cut in days (DESCAR-T's
# failures on day 30 and day 90, Di Blasi 2022).
MONTH_FIELDS = frozenset({"months_first_line_to_progression", "months_cart_to_failure"})


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# An evidence-base version: the date of its release, e.g. "2026.12.07" (evidence/CHANGELOG.md).
VERSION_PATTERN = r"^\d{4}\.\d{2}\.\d{2}$"


class Revision(_Record):
    """A record as it was before `version`: the fields that release changed, with their earlier
    values as a JSON object (null for a field that was not given). Applied in reverse, newest
    first, they rebuild the record as of any earlier release (`evidence.history`)."""

    version: str = Field(pattern=VERSION_PATTERN)
    previous: str = Field(min_length=2, description="JSON object: field -> earlier value")
    why: str | None = None


class _Versioned(_Record):
    """When a record entered the base, when it was superseded, and how it changed in place."""

    added_in: str = Field(pattern=VERSION_PATTERN, description="the release that added it")
    superseded_in: str | None = Field(
        None, pattern=VERSION_PATTERN, description="the release that superseded it"
    )
    revisions: list[Revision] = Field(default_factory=list)

    @model_validator(mode="after")
    def _superseded_when(self) -> _Versioned:
        superseded = getattr(self, "superseded_by", None) is not None
        if superseded != (self.superseded_in is not None):
            raise ValueError("superseded_by and superseded_in go together")
        if self.superseded_in is not None and self.superseded_in < self.added_in:
            raise ValueError("superseded before it was added")
        for revision in self.revisions:
            if revision.version <= self.added_in:
                raise ValueError(f"a revision in {revision.version} is not after added_in")
        return self


class Condition(_Record):
    """One test on a patient-profile field, e.g. `months_cart_to_failure > 6`."""

    field: str
    op: Operator
    value: ConditionValue | list[ConditionValue]
    # The unit the source states the cut in, when it is not the field's own (months): e.g.
    # "failure after day 90" is `months_cart_to_failure > 90` with unit "days", never a month
    # figure worked out here.
    unit: Literal["days"] | None = None

    @model_validator(mode="after")
    def _known_field(self) -> Condition:
        if self.field not in PROFILE_FIELDS:
            raise ValueError(f"unknown patient field {self.field!r}")
        if self.op == "in" and not isinstance(self.value, list):
            raise ValueError("operator 'in' takes a list of values")
        if self.unit is not None and self.field not in MONTH_FIELDS:
            raise ValueError(f"a unit is only for fields counted in months, not {self.field!r}")
        return self


class Source(_Versioned):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    citation: str = Field(min_length=10)
    short: str = Field(min_length=2, description="short name shown in charts, e.g. 'TALOs 2026'")
    doi: str | None = None
    url: str | None = None
    source_url: str | None = Field(None, description="the page a lead was checked on")
    year: int | None = Field(None, ge=1990, le=2030)
    design: Design
    publication: Publication = Field(
        description="the kind of publication the figures were read from (a congress abstract "
        "or press release is weaker than a journal article: shown beside each figure)"
    )
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


class Waiver(_Record):
    """A semantic-lint finding judged not to be an error, with the one-line reason why."""

    rule: str = Field(pattern=r"^SL\d{3}$")
    reason: str = Field(min_length=10)


class Quoted(_Record):
    """Provenance shared by every figure-bearing record."""

    location: str = Field(min_length=2)
    quote: str | None = None
    verified_from: VerifiedFrom
    reported_in: str | None = Field(None, description="source id of the seed that quotes it")
    # When this record was read from another kind of publication than its source (e.g. an L-MIND
    # 5-year figure known only from the company's press release).
    publication: Publication | None = None
    lint_waivers: list[Waiver] = Field(default_factory=list)


class Criterion(Quoted):
    """An eligibility rule of a cohort, as its source states it.

    A patient must satisfy `condition`, or at least one of `any_of` (e.g. ZUMA-1: "refractory
    disease or relapse after autologous transplant"), to be inside the cohort. A criterion the
    patient profile cannot express has neither: it is kept as its text and location, shown beside
    the cohort, and keeps the cohort at most "partly fits".
    """

    condition: Condition | None = None
    any_of: list[Condition] = Field(default_factory=list)
    text: str = Field(min_length=5, description="e.g. 'L-MIND excluded double-hit lymphoma'")

    @model_validator(mode="after")
    def _one_form(self) -> Criterion:
        if self.condition is not None and self.any_of:
            raise ValueError("give condition or any_of, not both")
        if len(self.any_of) == 1:
            raise ValueError("any_of needs two or more conditions (else use condition)")
        return self

    @property
    def checkable(self) -> bool:
        """Whether the patient profile can express this criterion."""
        return self.condition is not None or bool(self.any_of)

    @property
    def fields(self) -> tuple[str, ...]:
        """The profile fields the criterion reads, once each."""
        conditions = [self.condition] if self.condition is not None else self.any_of
        return tuple(dict.fromkeys(c.field for c in conditions))


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
    "pct_prior_autologous_transplant",
    "pct_prior_anti_cd19",
    # Described, never used to judge fit: `label` says what it is (e.g. "Ann Arbor stage III-IV").
    "descriptive",
]


class Baseline(Quoted):
    feature: BaselineFeature
    value: float
    measured_at: MeasuredAt = Field(
        description="only a feature measured before the cohort's own treatment can put a "
        "patient outside the cohort"
    )
    conflicts_with: list[str] = Field(default_factory=list)
    note: str | None = None
    label: str | None = Field(None, description="what a descriptive feature is")
    unit: Literal["%", "months", "years", "lines"] = "%"

    @model_validator(mode="after")
    def _descriptive_label(self) -> Baseline:
        if (self.feature == "descriptive") != (self.label is not None):
            raise ValueError("a descriptive baseline feature (and only one) needs its label")
        return self


class Cohort(_Versioned):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=3)
    treatment: str = Field(min_length=2)
    treatment_class: TreatmentClass = Field(
        description="what was given, typed (the engine reads this, not `treatment`)"
    )
    setting: Setting
    line_setting: LineSetting | None = Field(
        None, description="the line of therapy as the source states it; None when not stated"
    )
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
    cart_exposure: CartExposure = Field(
        description="how many patients had had CAR-T before the cohort's treatment, as reported"
    )
    prior_cart_patients: int | None = Field(
        None,
        ge=1,
        description="the printed count with prior CAR-T in a mixed cohort, when no share is "
        "printed (e.g. 24 of Ruckdeschel's 127)",
    )
    study: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="the trial or cohort of patients this record belongs to: analyses of one "
        "study (primary, 3-year, 5-year, a label subset) are one group of patients",
    )
    analysis: str = Field(
        "primary", min_length=3, description="which analysis of the study, e.g. '5-year'"
    )
    analysis_order: int = Field(
        1, ge=1, description="later analyses of one study have higher numbers"
    )
    description: str | None = None
    eligibility: list[Criterion] = Field(default_factory=list)
    criteria_from: str | None = Field(
        None,
        description="the cohort whose eligibility this one inherits: a matched comparison, a "
        "label subset or a later analysis drawn from another study's patients (e.g. RE-MIND's "
        "tafa-len arm from L-MIND). Declared once, on the study's own cohort",
    )
    criteria_not_reported: str | None = Field(
        None,
        min_length=10,
        description="why the cohort has no eligibility criteria (e.g. 'TALOs reports this "
        "cohort second-hand and states none'): said, never left blank",
    )
    baseline: list[Baseline] = Field(default_factory=list)

    @model_validator(mode="after")
    def _criteria_declared(self) -> Cohort:
        if self.criteria_not_reported and (self.eligibility or self.criteria_from):
            raise ValueError("criteria_not_reported is for a cohort with no criteria of its own")
        return self

    @model_validator(mode="after")
    def _exposure_matches_setting(self) -> Cohort:
        place = self.comparator_context or self.setting
        if place == Setting.after_cart and self.cart_exposure != CartExposure.all:
            raise ValueError("a cohort treated after CAR-T failure has cart_exposure 'all'")
        if place in (Setting.before_cart, Setting.bridge_to_cart) and self.cart_exposure not in (
            CartExposure.none,
            CartExposure.not_reported,
        ):
            raise ValueError("a cohort treated before CAR-T cannot have had CAR-T already")
        if place == Setting.cart_naive and self.cart_exposure == CartExposure.all:
            raise ValueError("a CAR-T-naive cohort cannot have cart_exposure 'all'")
        return self


class Outcome(Quoted, _Versioned):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    cohort: str
    arm: str | None = None
    subgroup: str = "All patients"
    conditions: list[Condition] = Field(default_factory=list)
    endpoint: Endpoint
    measured: MeasuredTreatment = Field(description="whose effect the figure is")
    time_origin: TimeOrigin | None = Field(
        None, description="from when a time-to-event figure is counted (required for them)"
    )
    response_assessment: ResponseAssessment | None = Field(
        None, description="best, end-of-treatment or timepoint response (required for rates)"
    )
    tags: list[Tag] = Field(default_factory=list)
    value: float | None = None
    unit: Unit
    not_reached: bool = False
    ci_low: float | None = None
    ci_high: float | None = None
    ci_high_not_reached: bool = False
    ci_level: float | None = Field(None, gt=0, lt=100)
    ci_method: Literal["reported", "clopper_pearson"] | None = None
    range_low: float | None = Field(
        None, description="a reported range, IQR or unlabelled interval; not a CI"
    )
    range_high: float | None = None
    # "unlabelled": an interval the source prints in brackets without saying what it is
    # (e.g. DESCAR-T's "hazard ratio = 0.71 [0.44-1.13]"): shown as printed, never called a CI.
    range_kind: Literal["min-max", "iqr", "unlabelled"] | None = None
    p_value: float | None = Field(None, ge=0, le=1)
    p_qualifier: Literal["<", "=", ">"] | None = None
    events: int | None = Field(None, ge=0)
    events_derived: bool = Field(False, description="events worked out from % and denominator")
    denominator: int | None = Field(None, ge=1)
    # The source prints no n for this figure and it is not the cohort's (e.g. 65.9% is not a
    # whole share of 67): shown as "n not given", never the cohort's n.
    denominator_not_printed: bool = False
    timepoint_months: float | None = Field(None, gt=0)
    followup_months: float | None = Field(None, gt=0)
    # The source itself calls the figure immature or preliminary (whatever the follow-up).
    immature_per_source: bool = False
    comparison: str | None = Field(None, description="what a ratio compares, e.g. 'bulky vs not'")
    analysis: str | None = Field(None, description="e.g. 'univariate', 'multivariate', 'IPW'")
    conflicts_with: list[str] = Field(default_factory=list)
    source_error: str | None = Field(None, description="a known error in the source at this figure")
    superseded_by: str | None = None
    note: str | None = None
    # An intake draft (`python -m evidence intake`) not yet confirmed by a curator: never loaded.
    draft: bool = False

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
        if self.denominator is not None and self.denominator_not_printed:
            raise ValueError("a figure with a denominator has its n printed")
        if self.unit == "patients" and self.value is not None and not self.value.is_integer():
            raise ValueError(f"a count of patients is a whole number, got {self.value}")
        self._check_meaning()
        return self

    def _check_meaning(self) -> None:
        """What the figure measures must be stated where it matters, and nowhere else."""
        if self.endpoint in TIME_TO_EVENT_ENDPOINTS and self.time_origin is None:
            raise ValueError(f"{self.endpoint.value} needs its time_origin")
        if self.endpoint in RESPONSE_ENDPOINTS and self.response_assessment is None:
            raise ValueError(f"{self.endpoint.value} needs its response_assessment")
        if self.endpoint not in RESPONSE_ENDPOINTS and self.response_assessment is not None:
            raise ValueError("only a response rate has a response_assessment")
        if self.endpoint in (
            Endpoint.median_pfs2,
            Endpoint.median_os2,
        ) and self.time_origin not in (
            TimeOrigin.post_cart_treatment_start,
            TimeOrigin.progression_after_cart,
        ):
            raise ValueError("PFS2 and OS2 are counted from the post-CAR-T treatment")
        if self.endpoint in RESPONDER_ENDPOINTS and self.time_origin != TimeOrigin.first_response:
            raise ValueError("a duration of response is counted from first response")
        if (
            self.endpoint in NOT_AN_EFFECT_ENDPOINTS
            and self.measured != MeasuredTreatment.not_an_effect
        ):
            raise ValueError(
                f"{self.endpoint.value} is not a treatment effect: measured = 'not_an_effect'"
            )
        if (
            self.endpoint in TIME_TO_EVENT_ENDPOINTS | RESPONSE_ENDPOINTS
            and self.measured == MeasuredTreatment.not_an_effect
        ):
            raise ValueError(f"{self.endpoint.value} measures a treatment: say which")


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


class Finding(Quoted, _Versioned):
    """A qualitative finding: a statement a source makes that carries no figure of its own
    (e.g. 'no patient turned CD19-negative'), or a fact a rule rests on."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    cohort: str | None = None
    topic: FindingTopic
    tags: list[Tag] = Field(default_factory=list)
    # A licence or guideline statement shown at the top of the strategies that give one of
    # `context_for`, for the patients `context_when` describes (all must hold). Context, never a
    # ranking: it says what the label or guideline says, not what to do.
    context_for: list[TreatmentClass] = Field(default_factory=list)
    context_when: list[Condition] = Field(default_factory=list)
    text: str = Field(min_length=10, description="plain-language statement shown in the app")
    n: int | None = Field(None, ge=1)
    # An authors' caveat travels with the figures it qualifies: outcome ids, or cohort ids for
    # every figure of a cohort (e.g. DESCAR-T's "this interpretation could be biased" beside the
    # late-failure PFS2).
    qualifies: list[str] = Field(default_factory=list)
    # For an approval or licence statement: where it holds. Never one status for everywhere.
    jurisdiction: Literal["EU", "US", "UK"] | None = None
    superseded_by: str | None = None
