"""Semantic lint of the evidence base: does a record's quote say what its structured fields say?

The loader checks that every figure is in its quote; this lint reads the words *around* the
figure (and, for findings and eligibility, the seed text right after the quote) against what the
record claims it measures: whose effect, from when, best or final response, which analysis, which
interval. Each rule has a stable code (`evidence.errors.LINT_CODES`) and fires on one class of
misreading seen in the curation. A finding judged not to be an error is waived on the record
itself (`lint_waivers = [{ rule = "SL003", reason = "..." }]`); a waiver whose rule no longer
fires is itself a finding (SL000), so waivers cannot outlive the reason for them.

Rules are deliberately simple text tests: each is one short function, tuned to catch its class
without drowning the reviewers, and each says in its docstring why it exists.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from evidence.errors import LINT_CODES
from evidence.figure import counted_share, is_whole_cohort, maturity, whole_share
from evidence.loader import DATA_DIR, EvidenceBase
from evidence.models import (
    AMONG_DEATHS,
    AMONG_RESPONDERS,
    RESPONDER_ENDPOINTS,
    RESPONSE_ENDPOINTS,
    TIME_TO_EVENT_ENDPOINTS,
    Baseline,
    CartExposure,
    Cohort,
    Criterion,
    Endpoint,
    Finding,
    MeasuredTreatment,
    Outcome,
    Quoted,
    ResponseAssessment,
    Setting,
    Waiver,
)
from evidence.numbers import decimals_of

__all__ = [
    "RULES",
    "SEED_RULES",
    "STALE_WAIVER",
    "Hit",
    "LintFinding",
    "Rule",
    "RuleCheck",
    "SeedTexts",
    "Target",
    "analysis_mismatch",
    "borrowed_n",
    "criteria_undeclared",
    "cut_qualifier",
    "dropped_interval",
    "immature_median",
    "lint",
    "load_seeds",
    "maturity_only_in_note",
    "normalise",
    "pfs2_os2",
    "printed_p_missing",
    "prior_cart_exposure",
    "record_files",
    "responder_denominator",
    "response_assessment",
    "study_criteria_not_inherited",
    "wrong_treatment",
]

# Seed file name (e.g. "003_80e85b23929f01d9.txt") -> its text, raw or normalised.
SeedTexts = Mapping[str, str]

STALE_WAIVER = "SL000"
# The prefix of the one target per cohort that the cohort-level rules read (its declarations).
_COHORT = "(cohort)"
# Rules that read the seed text around a quote: skipped (with a notice) when no seeds are given.
SEED_RULES = frozenset({"SL007"})


@dataclass(frozen=True)
class LintFinding:
    code: str
    file: str
    record: str
    field: str
    message: str
    waived: bool = False
    reason: str | None = None  # the waiver's reason, when waived

    def __str__(self) -> str:
        return f"{self.code} {self.file} [{self.record}] {self.field}: {self.message}"


# --- text helpers --------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Exactly as ../shared/tools/check_provenance.py does (the product does not ship it)."""
    text = unicodedata.normalize("NFKC", text).lower()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    for mark in "\u2018\u2019\u201a\u201b":
        text = text.replace(mark, "'")
    for mark in "\u201c\u201d\u201e\u201f":
        text = text.replace(mark, '"')
    return " ".join(text.split())


def _plain(text: str | None) -> str:
    """Normalised, with the LaTeX dollar signs of the OCR'd seeds dropped ("$P = .77$")."""
    return normalise(text or "").replace("$", "")


def load_seeds(folder: Path) -> dict[str, str]:
    """Every `*.txt` seed in `folder`, by file name, normalised (read as test_provenance does)."""
    return {
        path.name: normalise(path.read_text(errors="replace"))
        for path in sorted(folder.glob("*.txt"))
    }


def record_files(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Outcome and finding id -> the data file that holds it (the base keeps only source files);
    an outcome may live in another file than its cohort (e.g. L-MIND as reported in TALOs)."""
    out: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for table in ("outcomes", "findings"):
            for item in raw.get(table, []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out[item["id"]] = path.name
    return out


_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,]\d+)?")  # as evidence.numbers


def _figure_ends(value: float, text: str) -> Iterator[int]:
    """End offsets of the tokens in `text` that are `value` (the loader's rounding rule)."""
    decimals = decimals_of(value)
    for match in _NUMBER.finditer(text):
        number = float(match.group().replace(",", "."))
        if abs(number - value) < 1e-9 or round(number, decimals) == round(value, decimals):
            yield match.end()


_PER_MONTH = {"months": 1.0, "years": 12.0, "days": 1 / 30.4375}


def _months(value: float, unit: str) -> float | None:
    factor = _PER_MONTH.get(unit)
    return value * factor if factor is not None else None


# --- what a rule reads ---------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One quoted record (or a cohort description) with everything a rule needs to read it."""

    base: EvidenceBase
    file: str
    record: str  # "outcome <id>", "finding <id>", "cohort <id>"
    prefix: str  # field prefix: "", "baseline.2.", "eligibility.0.", or "description"
    item: Quoted | None  # None for a cohort description
    cohort: Cohort | None
    seed: str | None  # the normalised seed text the quote comes from, when known
    text: str = ""  # the quote (or description), normalised, dollar signs dropped
    location: str = ""

    @property
    def waivers(self) -> list[Waiver]:
        return self.item.lint_waivers if self.item is not None else []

    @property
    def outcome(self) -> Outcome | None:
        return self.item if isinstance(self.item, Outcome) else None


@dataclass(frozen=True)
class Hit:
    field: str
    message: str


RuleCheck = Callable[[Target], list[Hit]]


def _place(cohort: Cohort) -> Setting:
    return cohort.comparator_context or cohort.setting


# --- the rules -----------------------------------------------------------------------------

_AFTER_CART = re.compile(
    r"\b(?:after|from|following|since|post)[- ](?:the )?"
    r"(?:car[- ]?t(?:[- ]cells?)?(?: therapy)? )?infusion\b"
)


def wrong_treatment(target: Target) -> list[Hit]:
    """SL001. In a tafa-len-before-CAR-T cohort the response and survival reported are usually
    those of the CAR-T given afterwards, counted from infusion (seed 003); recorded as the
    cohort's own treatment they would be read as what tafa-len achieved."""
    outcome, cohort = target.outcome, target.cohort
    if outcome is None or cohort is None or outcome.measured != MeasuredTreatment.cohort_treatment:
        return []
    if _place(cohort) not in (Setting.before_cart, Setting.bridge_to_cart):
        return []
    match = _AFTER_CART.search(target.text)
    if not match:
        return []
    return [
        Hit(
            "measured",
            f"the quote counts from CAR-T infusion ({match.group()!r}) but the figure is "
            f"recorded as the {_place(cohort).value} cohort's own treatment: later_cart?",
        )
    ]


_RESPONSE_RATES = frozenset(
    {Endpoint.orr, Endpoint.cr_rate, Endpoint.pr_rate, Endpoint.sd_rate, Endpoint.pd_rate}
)
_BEST = re.compile(r"\bbest\b|\bb(?:orr|crr|cr)\b")
_END_OF_TREATMENT = re.compile(
    r"\bend[- ]of[- ](?:treatment|therapy)\b"
    r"|\bfinal (?!analysis)(?:[a-z]+ ){0,2}(?:response|orr|cr|crr|pr)\b"
)


def response_assessment(target: Target) -> list[Hit]:
    """SL002. Best response (at any time) and end-of-treatment response differ a lot (TALOs:
    best ORR 47%, final 32.6%); a band never mixes them, so the record must say which the quote
    reports."""
    outcome = target.outcome
    if outcome is None or outcome.endpoint not in _RESPONSE_RATES:
        return []
    best = bool(_BEST.search(target.text))
    final = bool(_END_OF_TREATMENT.search(target.text))
    have = outcome.response_assessment
    if best and final:
        if have in (ResponseAssessment.best, ResponseAssessment.end_of_treatment):
            return []
        wanted = "best or end_of_treatment (the quote names both)"
    elif best and have != ResponseAssessment.best:
        wanted = "best"
    elif final and have != ResponseAssessment.end_of_treatment:
        wanted = "end_of_treatment"
    else:
        return []
    shown = have.value if have else "none"
    return [Hit("response_assessment", f"the quote reads as {wanted}, the record says {shown}")]


_BOUND = r"(?:-?\d+(?:[.,]\d+)?|nr|na|ne|not reached)\s*%?"
_LABEL = (
    r"(?:(?:95\s?% )?(?:ci|confidence interval)|range|iqr|q1; ?q3|min; ?max|min-max)\s*[:,=]?\s*"
)
_INTERVAL_AFTER = re.compile(
    r"\s*(?:%|months?|mo|days?|years?|weeks?)?\s*"
    r"(?:[\[(]\s*(?:" + _LABEL + r")?|[,;]?\s*" + _LABEL + r")"
    r"(" + _BOUND + r"\s*(?:-|to|;|,)\s*" + _BOUND + r")"
    r"\s*(?:months?|days?)?\s*[\])]?"
)


def dropped_interval(target: Target) -> list[Hit]:
    """SL003. Small cohorts mean wide intervals, and the product shows them; an interval the
    source prints beside the figure ("3 (95% CI, 1.9-4.2)", "8.1 (1; NA)") but the record does
    not hold is a lost caveat. A CI the loader computed (Clopper-Pearson) does not count."""
    outcome = target.outcome
    if outcome is None or outcome.value is None:
        return []
    if outcome.ci_method == "reported" or outcome.range_low is not None:
        return []
    if outcome.ci_high_not_reached:
        return []
    for end in _figure_ends(outcome.value, target.text):
        match = _INTERVAL_AFTER.match(target.text, end)
        if match:
            return [
                Hit(
                    "ci_low",
                    f"the quote prints {outcome.value:g} with the interval ({match.group(1)}) but "
                    "the record has no ci_* nor range_*",
                )
            ]
    return []


_PFS2 = re.compile(r"\bm?pfs-?2\b|\bpfs 2\b(?!\s*(?:[.,]\d|months?|mo\b|%|years?|weeks?|days?))")
_OS2 = re.compile(r"\bm?os-?2\b|\bos 2\b(?!\s*(?:[.,]\d|months?|mo\b|%|years?|weeks?|days?))")
_SECOND_LINE_ORIGIN = re.compile(
    r"from the start of|after car[- ]?t|since the first treatment for progression"
)
_SECOND_OF = {
    Endpoint.median_pfs: (_PFS2, Endpoint.median_pfs2),
    Endpoint.median_os: (_OS2, Endpoint.median_os2),
}


def pfs2_os2(target: Target) -> list[Hit]:
    """SL004. PFS2/OS2 are counted from the treatment for progression after CAR-T, not from
    CAR-T or from the start of the cohort's treatment; recorded as plain PFS/OS they look like
    first-line survival. The reverse (PFS2 recorded where nothing says so) is checked only
    outside after-CAR-T cohorts, where PFS is PFS2 by construction."""
    outcome, cohort = target.outcome, target.cohort
    if outcome is None or cohort is None:
        return []
    if outcome.endpoint in _SECOND_OF:
        pattern, second = _SECOND_OF[outcome.endpoint]
        if pattern.search(target.text):
            return [Hit("endpoint", f"the quote says {second.value[7:].upper()}: {second.value}?")]
        return []
    if outcome.endpoint not in (Endpoint.median_pfs2, Endpoint.median_os2):
        return []
    if _place(cohort) == Setting.after_cart:
        return []
    said = _PFS2.search(target.text) or _OS2.search(target.text)
    if said or _SECOND_LINE_ORIGIN.search(target.text):
        return []
    return [
        Hit(
            "endpoint",
            f"{outcome.endpoint.value} in a {_place(cohort).value} cohort, and the quote never "
            "says PFS2/OS2 nor from when",
        )
    ]


def responder_denominator(target: Target) -> list[Hit]:
    """SL005. A duration of response counts only the responders; its n shown as the cohort's
    n overstates how many patients the figure rests on."""
    outcome, cohort = target.outcome, target.cohort
    if outcome is None or cohort is None or outcome.endpoint not in RESPONDER_ENDPOINTS:
        return []
    if cohort.n is None or outcome.denominator != cohort.n:
        return []
    return [
        Hit(
            "denominator",
            f"{outcome.endpoint.value} counts responders, but its denominator is the cohort's "
            f"n ({cohort.n})",
        )
    ]


_PRIOR_CART = re.compile(
    r"\b(?:prior|previous|previously treated with|had had|had received|had|underwent|"
    r"also received|also underwent) (?:cd19 )?car[- ]?t\b|\bpost-car[- ]?t\b"
    r"|\bafter (?:cd19 )?car[- ]?t(?:[- ]cell)?(?: therapy)? (?:failure|progression|relapse)"
)
# A negation of the prior-CAR-T phrase itself: within a few words before it ("no prior CAR-T",
# "none had had CAR-T", "not previously treated with CAR-T"), or "-naive" right after it. A
# negation elsewhere in the clause ("not evaluable", "no CNS disease") does not count.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|none|not|without|never|0|excluded?|excluding)\b[\w ,()-]{0,20}$"
)
_NAIVE_AFTER = re.compile(
    r"^[- ]?(?:cell )?(?:therapy )?naive\b"
    r"|^[\w ,()-]{0,40}\b(?:is|are|was|were) (?:not (?:reported|stated|known|given)|unknown)\b"
)
_NONZERO = re.compile(r"(?<![\w.])(?:[1-9]\d*(?:\.\d+)?|0\.\d*[1-9]\d*)(?![\w])")
_CLAUSE = re.compile(r"(?<!\d)[.;:](?!\d)")


def _mentions_prior_cart(clause: str) -> bool:
    """A prior-CAR-T phrase in the clause that is not itself negated."""
    for match in _PRIOR_CART.finditer(clause):
        before = clause[: match.start()]
        after = clause[match.end() :]
        if not _NEGATION_BEFORE.search(before) and not _NAIVE_AFTER.search(after):
            return True
    return False


def prior_cart_exposure(target: Target) -> list[Hit]:
    """SL006. A mixed cohort (CAR-T-naive and post-CAR-T patients) describes neither kind of
    patient well and never sets a band; one recorded as `none` (or `not_reported`) while its own
    description or baseline says N patients had CAR-T before would be matched as CAR-T-naive.
    A cohort has no `lint_waivers`: a hit on its description is fixed in the data."""
    cohort = target.cohort
    if cohort is None or not (target.item is None or isinstance(target.item, Baseline)):
        return []
    if cohort.cart_exposure not in (CartExposure.none, CartExposure.not_reported):
        return []
    if _place(cohort) in (Setting.before_cart, Setting.bridge_to_cart, Setting.cart):
        return []  # their patients get CAR-T later (or it is the treatment): "prior" is not theirs
    for clause in _CLAUSE.split(target.text):
        if _mentions_prior_cart(clause) and _NONZERO.search(clause):
            return [
                Hit(
                    "cart_exposure" if target.item is None else f"{target.prefix}quote",
                    f"cart_exposure is {cohort.cart_exposure.value} but it reads "
                    f"{clause.strip()[:90]!r}: some?",
                )
            ]
    return []


_QUALIFIER = re.compile(r"\b(?:without|(?<!all )but|however|although|not|no|despite|only)\b")
# A full stop not in an abbreviation nor a decimal; "vitro.20 however" (a reference) ends one.
_SENTENCE_END = re.compile(
    r"(?<!\bvs)(?<!\bv)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bfig)"
    r"(?:[.!?](?!\d)|(?<=[a-z)\]])\.(?=\d))"
)
_TAIL_LIMIT = 400


def _tail(seed: str, quote: str) -> str | None:
    """The seed text after the quote up to the end of the following sentence."""
    start = seed.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    limit = min(len(seed), end + _TAIL_LIMIT)
    # Searched in place (not in a slice) so that the look-behinds see the quote's last letters.
    stops = [m.end() for m in _SENTENCE_END.finditer(seed, end, limit)]
    if quote.rstrip()[-1:] in ".!?":  # the quote closes its sentence: read the next one only
        stops.insert(0, end)
    return seed[end : stops[1] if len(stops) > 1 else limit]


def cut_qualifier(target: Target) -> list[Hit]:
    """SL007. A short quote can cut the sentence before the words that limit or reverse it
    ("no patient turned CD19-negative, but only 4 were tested"); the engine reads only the
    quote. Fires often by design: extend the quote, or waive with the reason it does not
    change the meaning."""
    if not isinstance(target.item, Finding | Criterion) or target.seed is None:
        return []
    quote = normalise(target.item.quote or "")
    tail = _tail(target.seed, quote) if quote else None
    if not tail:
        return []
    match = _QUALIFIER.search(tail)
    if not match:
        return []
    context = tail[max(0, match.start() - 50) : match.end() + 50].strip()
    return [Hit(f"{target.prefix}quote", f"{match.group()!r} follows the quote: ...{context}...")]


_ANALYSIS_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "3-year",
        re.compile(
            r"\b(?:3|three)[- ]years?(?:'s)? (?:follow[- ]up|analysis|update|data|results)"
            r"|\b(?:follow[- ]up|analysis|after) (?:of )?(?:at least )?(?:3|three) years\b"
        ),
    ),
    (
        "5-year",
        re.compile(
            r"\b(?:5|five)[- ]years?(?:'s)? (?:follow[- ]up|analysis|update|data|results)"
            r"|\b(?:follow[- ]up|analysis|after) (?:of )?(?:at least )?(?:5|five) years\b"
        ),
    ),
    ("primary", re.compile(r"\bprimary analysis\b|\bfirst results\b")),
    ("final", re.compile(r"\bfinal analysis\b")),
    ("label", re.compile(r"(?<!open[- ])\blabel\b")),  # not "open-label" (a trial design)
)


def _fits_analysis(name: str, cohort: Cohort, base: EvidenceBase) -> bool:
    own = normalise(cohort.analysis).replace("three", "3").replace("five", "5")
    if name in ("3-year", "5-year"):
        return name in own or name.replace("-", " ") in own
    if name == "primary":
        return "primary" in own or cohort.analysis_order == 1
    if name == "final":
        latest = max(c.analysis_order for c in base.cohorts.values() if c.study == cohort.study)
        return "final" in own or cohort.analysis_order == latest
    source = base.sources.get(base.cohort_source.get(cohort.id, ""))
    return "label" in own or "label" in cohort.id or bool(source and source.design == "label")


def analysis_mismatch(target: Target) -> list[Hit]:
    """SL008. Analyses of one study (L-MIND primary, 3-year, 5-year, the label subset) give
    different figures and the latest sets the band; a figure whose quote or location names
    another analysis than its cohort's is filed under the wrong data cut."""
    cohort = target.cohort
    if cohort is None or target.item is None:
        return []
    for name, pattern in _ANALYSIS_NAMES:
        for where, text in (("quote", target.text), ("location", _plain(target.location))):
            if pattern.search(text) and not _fits_analysis(name, cohort, target.base):
                return [
                    Hit(
                        f"{target.prefix}{where}",
                        f"the {where} names the {name} analysis, the cohort's is "
                        f"{cohort.analysis!r}",
                    )
                ]
    return []


def _followup_months(outcome: Outcome, base: EvidenceBase) -> float | None:
    if outcome.followup_months is not None:
        return outcome.followup_months
    spans = [
        _months(o.value, o.unit)
        for o in base.outcomes_of(outcome.cohort)
        if o.endpoint == Endpoint.median_followup and o.value is not None and not o.superseded_by
    ]
    known = [span for span in spans if span is not None]
    return max(known) if known else None


_IMMATURE_WORDS = re.compile(r"\bimmature\b|\bpreliminary\b|\bshort (?:median )?follow[- ]?up\b")


def immature_median(target: Target) -> list[Hit]:
    """SL009. A median longer than the median follow-up (or a rate at a time beyond it) rests on
    few patients still at risk and can move a lot at the next data cut; the app marks it
    immature from its fields, and the record's note must not read as if it were settled."""
    outcome = target.outcome
    if outcome is None:
        return []
    judged = maturity(outcome, _followup_months(outcome, target.base))
    if not judged.immature or judged.why == "source":
        return []
    if _IMMATURE_WORDS.search((outcome.note or "").lower()):
        return []
    return [
        Hit(
            "note",
            f"{judged.why} at {judged.months:.3g} months is beyond the median follow-up "
            f"{judged.followup_months:.3g} months: say 'immature' in the note",
        )
    ]


def maturity_only_in_note(target: Target) -> list[Hit]:
    """SL013. Maturity written in a note the screen never shows: a note saying "immature" (or
    "preliminary", "short follow-up") whose fields do not make the figure immature. Give the
    follow-up (`followup_months`, or the cohort's median follow-up record), or
    `immature_per_source = true` when the source says so without a follow-up."""
    outcome = target.outcome
    if outcome is None or not _IMMATURE_WORDS.search((outcome.note or "").lower()):
        return []
    if maturity(outcome, _followup_months(outcome, target.base)).immature:
        return []
    return [
        Hit(
            "followup_months",
            "the note calls the figure immature but no field does: give followup_months (or "
            "the cohort's median follow-up), or immature_per_source",
        )
    ]


def borrowed_n(target: Target) -> list[Hit]:
    """SL012. An n that is not the figure's: a rate among responders or a share of deaths with
    no denominator of its own, a subgroup whose denominator is the whole cohort's, or a
    percentage that is not a whole share of the n it would be shown with (65.9% of 67)."""
    outcome, cohort = target.outcome, target.cohort
    if outcome is None or cohort is None or outcome.denominator_not_printed:
        return []
    if (
        outcome.endpoint in AMONG_RESPONDERS - RESPONDER_ENDPOINTS
        and outcome.denominator == cohort.n
    ):
        return [
            Hit("denominator", "counted among responders, but its denominator is the cohort's n")
        ]
    if outcome.endpoint in AMONG_DEATHS and outcome.denominator in (None, cohort.n):
        return [
            Hit(
                "denominator",
                "a share of deaths needs the number of deaths as its denominator (or "
                "denominator_not_printed)",
            )
        ]
    effect = outcome.endpoint in TIME_TO_EVENT_ENDPOINTS | RESPONSE_ENDPOINTS
    if effect and not is_whole_cohort(outcome) and cohort.n and outcome.denominator == cohort.n:
        return [Hit("denominator", f"a subgroup figure with the whole cohort's n ({cohort.n})")]
    n = outcome.denominator or (cohort.n if is_whole_cohort(outcome) else None)
    if (
        n
        and counted_share(outcome)
        and not outcome.source_error
        and not whole_share(outcome.value or 0.0, n)
    ):
        return [
            Hit(
                "denominator",
                f"{outcome.value:g}% is not a whole share of {n}: give its own denominator, or "
                "denominator_not_printed",
            )
        ]
    return []


def criteria_undeclared(target: Target) -> list[Hit]:
    """SL011. A cohort describes only the patients its criteria admit; one that declares none,
    inherits none and does not say that its source reports none reads as admitting anyone."""
    cohort = target.cohort
    if target.prefix != _COHORT or cohort is None or cohort.reference_only:
        return []
    if cohort.eligibility or cohort.criteria_from or cohort.criteria_not_reported:
        return []
    return [
        Hit(
            "eligibility",
            "no criteria, no criteria_from and no criteria_not_reported: say who it admits",
        )
    ]


def study_criteria_not_inherited(target: Target) -> list[Hit]:
    """SL014. A cohort drawn from another study's patients (a matched comparison, a label subset,
    a later analysis) inherits that study's criteria: one in a study whose other cohort states
    criteria, with neither its own nor `criteria_from`, would admit patients the study excluded
    (RE-MIND's tafa-len arm and L-MIND's double-hit exclusion)."""
    cohort = target.cohort
    if target.prefix != _COHORT or cohort is None or cohort.eligibility or cohort.criteria_from:
        return []
    declaring = [
        c.id
        for c in target.base.cohorts.values()
        if c.study == cohort.study and c.id != cohort.id and c.eligibility
    ]
    if not declaring:
        return []
    return [
        Hit(
            "criteria_from",
            f"study {cohort.study!r} states criteria on {declaring[0]!r}: criteria_from = "
            f"{declaring[0]!r}?",
        )
    ]


_P_VALUE = re.compile(r"\bp\s*(?:-?value\s*)?(?:=|<|>|≤|≥|<=|>=)\s*0?\.\d+")


def printed_p_missing(target: Target) -> list[Hit]:
    """SL010. A P value the source prints is the reader's first check on whether a difference
    is more than chance; a record that drops it lets a non-significant difference read as an
    effect."""
    outcome = target.outcome
    if outcome is None or outcome.p_value is not None:
        return []
    match = _P_VALUE.search(target.text)
    if not match:
        return []
    return [Hit("p_value", f"the quote prints {match.group()!r} but the record has no p_value")]


@dataclass(frozen=True)
class Rule:
    code: str
    check: RuleCheck = field(repr=False)


RULES: tuple[Rule, ...] = (
    Rule("SL001", wrong_treatment),
    Rule("SL002", response_assessment),
    Rule("SL003", dropped_interval),
    Rule("SL004", pfs2_os2),
    Rule("SL005", responder_denominator),
    Rule("SL006", prior_cart_exposure),
    Rule("SL007", cut_qualifier),
    Rule("SL008", analysis_mismatch),
    Rule("SL009", immature_median),
    Rule("SL010", printed_p_missing),
    Rule("SL011", criteria_undeclared),
    Rule("SL012", borrowed_n),
    Rule("SL013", maturity_only_in_note),
    Rule("SL014", study_criteria_not_inherited),
)


# --- walking the base ----------------------------------------------------------------------


def _seed_text(base: EvidenceBase, source_id: str | None, seeds: Mapping[str, str]) -> str | None:
    source = base.sources.get(source_id or "")
    return seeds.get(source.seed_file) if source is not None and source.seed_file else None


def _targets(
    base: EvidenceBase, seeds: Mapping[str, str], files: Mapping[str, str]
) -> Iterator[Target]:
    for cohort_id, cohort in base.cohorts.items():
        source_id = base.cohort_source[cohort_id]
        file = base.files.get(source_id, "?")
        record = f"cohort {cohort_id}"
        yield Target(base, file, record, _COHORT, None, cohort, None)
        if cohort.description:
            yield Target(
                base, file, record, "description", None, cohort, None, _plain(cohort.description)
            )
        rows: list[tuple[str, Quoted]] = [
            *((f"eligibility.{i}.", c) for i, c in enumerate(cohort.eligibility)),
            *((f"baseline.{i}.", b) for i, b in enumerate(cohort.baseline)),
        ]
        for prefix, item in rows:
            seed = _seed_text(base, item.reported_in or cohort.reported_in or source_id, seeds)
            yield Target(
                base, file, record, prefix, item, cohort, seed, _plain(item.quote), item.location
            )
    for outcome_id, outcome in base.outcomes.items():
        if outcome.superseded_by:
            continue
        cohort = base.cohorts[outcome.cohort]
        source = base.seed_of(outcome)
        file = files.get(outcome_id) or base.files.get(base.cohort_source[outcome.cohort], "?")
        seed = seeds.get(source.seed_file) if source is not None and source.seed_file else None
        yield Target(
            base,
            file,
            f"outcome {outcome_id}",
            "",
            outcome,
            cohort,
            seed,
            _plain(outcome.quote),
            outcome.location,
        )
    for finding_id, finding in base.findings.items():
        if finding.superseded_by:
            continue
        home = base.finding_source.get(finding_id, "")
        about = base.cohorts.get(finding.cohort) if finding.cohort else None
        yield Target(
            base,
            files.get(finding_id) or base.files.get(home, "?"),
            f"finding {finding_id}",
            "",
            finding,
            about,
            _seed_text(base, finding.reported_in or home, seeds),
            _plain(finding.quote),
            finding.location,
        )


def _lint_target(target: Target, rules: tuple[Rule, ...], ran: frozenset[str]) -> list[LintFinding]:
    """The rules' hits on one record, waived where it says so, plus its stale waivers."""
    waivers = {w.rule: w for w in target.waivers}
    out: list[LintFinding] = []
    fired: set[str] = set()
    for rule in rules:
        for hit in rule.check(target):
            fired.add(rule.code)
            waiver = waivers.get(rule.code)
            out.append(
                LintFinding(
                    rule.code,
                    target.file,
                    target.record,
                    hit.field,
                    hit.message,
                    waived=waiver is not None,
                    reason=waiver.reason if waiver else None,
                )
            )
    for index, waiver in enumerate(target.waivers):
        if waiver.rule in fired or (waiver.rule in LINT_CODES and waiver.rule not in ran):
            continue  # fired and waived, or its rule did not run (no seeds): cannot judge
        if waiver.rule == STALE_WAIVER:
            why = "SL000 cannot be waived"
        elif waiver.rule in LINT_CODES:
            why = f"{waiver.rule} no longer fires on this record"
        else:
            why = f"{waiver.rule} is not a lint rule"
        out.append(
            LintFinding(
                STALE_WAIVER,
                target.file,
                target.record,
                f"{target.prefix}lint_waivers.{index}",
                f"stale waiver: {why}; remove it",
            )
        )
    return out


def lint(
    base: EvidenceBase,
    seeds: SeedTexts | None,
    files: Mapping[str, str] | None = None,
) -> list[LintFinding]:
    """Every finding of every rule on every current record, waived ones included (`waived`).

    `seeds` maps seed file names to their text; without it the rules that read the seed text
    around a quote (`SEED_RULES`) are skipped. `files` maps outcome and finding ids to their
    data file (`record_files()`); without it an outcome is filed under its cohort's source.
    """
    texts = {name: normalise(text) for name, text in (seeds or {}).items()}
    rules = tuple(r for r in RULES if seeds is not None or r.code not in SEED_RULES)
    ran = frozenset(r.code for r in rules) | {STALE_WAIVER}
    out: list[LintFinding] = []
    for target in _targets(base, texts, files or {}):
        out.extend(_lint_target(target, rules, ran))
    return out
