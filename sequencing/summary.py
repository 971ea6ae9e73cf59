"""A one-paragraph structured summary of a scenario, for the tumor-board minutes.

Built only from the assessment: features as entered, the strategies that apply, the spans of the
key endpoints with their sources, and the warnings. It states ranges, never a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.loader import EvidenceBase
from sequencing.assess import Assessment
from sequencing.profile import PatientProfile, is_early_cart_failure
from sequencing.ranges import EndpointRange, RangePoint
from sequencing.vocabulary import FIELD_LABELS, PLAN_PHRASES

# Endpoints quoted in the summary, in order of what a tumor board asks first: response, then
# progression, then survival (PFS2/OS2 first after CAR-T, where they are the relevant clock).
KEY_ENDPOINTS = (
    "orr",
    "median_pfs2",
    "median_efs",
    "median_pfs",
    "median_os2",
    "median_os",
)
_SENTENCES_PER_STAGE = 2
# Up to this many sources are listed by name; beyond, the sources of the span's ends are named.
_SOURCES_LISTED = 3


@dataclass(frozen=True)
class Flag:
    """A warning or caution as the exports state it: its text and the sources of its records."""

    severity: str
    title: str
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    features: str
    strategies: str
    ranges: list[str]
    considerations: list[str]
    # The designs of the cohorts behind the ranges stated, so a caveat can name them.
    designs: tuple[str, ...] = ()
    # The warnings and cautions with their text and sources, for the exports.
    warnings: tuple[Flag, ...] = ()

    def caveat(self) -> str:
        """How to read the ranges, naming the designs actually behind them."""
        text = (
            "Decision support, not a decision: published ranges of cohorts that resemble this "
            "patient, not a prediction or a recommendation."
        )
        if not self.designs:
            return text + " No published range matches this patient."
        kinds = ", ".join(d.lower() for d in self.designs)
        text += f" The ranges stated come from: {kinds}. Figures from different cohorts are "
        text += "not head-to-head comparisons"
        if any("randomised" in d.lower() for d in self.designs):
            text += ", even where a cohort is an arm of a randomised trial"
        return text + "."

    def paragraph(self) -> str:
        ranges = "; ".join(self.ranges) if self.ranges else "no matched cohort reports outcomes"
        cautions = "; ".join(self.considerations) if self.considerations else "none"
        return (
            f"Patient: {self.features}. Strategies that apply: {self.strategies}. "
            f"Published ranges (matched cohorts, not a prediction): {ranges}. "
            f"Warnings and cautions: {cautions}."
        )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def features_text(profile: PatientProfile) -> str:
    parts = [
        f"{profile.prior_lines} prior line{'s' if profile.prior_lines != 1 else ''}",
        f"{profile.response_to_last_line} to the last line",
    ]
    if profile.age is not None:
        parts.insert(0, f"age {profile.age}")
    if profile.primary_refractory:
        parts.append("primary refractory")
    if profile.months_first_line_to_progression is not None:
        parts.append(
            f"progression {_number(profile.months_first_line_to_progression)} months "
            "after first line"
        )
    parts.append(f"ECOG {profile.ecog}")
    for flag, text in ((profile.bulky, "bulky"), (profile.double_hit, "double-hit")):
        if flag:
            parts.append(text)
    if profile.ldh_elevated is not None:
        parts.append("LDH elevated" if profile.ldh_elevated else "LDH normal")
    parts.append(
        "transplant-eligible" if profile.transplant_eligible else "not transplant-eligible"
    )
    parts.append(f"{profile.symptom_tempo} symptom tempo")
    if profile.prior_cart and profile.months_cart_to_failure is not None:
        timing = "early" if is_early_cart_failure(profile) else "late"
        parts.append(
            f"CAR-T failure {_number(profile.months_cart_to_failure)} months after "
            f"infusion ({timing})"
        )
    parts.append(PLAN_PHRASES[profile.cart_plan])
    if profile.prior_anti_cd19 and profile.days_since_last_tafasitamab is None:
        parts.append("prior anti-CD19 therapy")
    cd19 = f"CD19 {profile.cd19_status}"
    if profile.cd19_method and profile.cd19_method != "unknown":
        cd19 += f" by {profile.cd19_method.upper() if profile.cd19_method == 'ihc' else 'flow'}"
    parts.append(cd19)
    if profile.days_since_last_tafasitamab is not None:
        parts.append(f"last tafasitamab {profile.days_since_last_tafasitamab} days ago")
    return ", ".join(parts)


def banded(endpoint_range: EndpointRange) -> list[RangePoint]:
    return [p for p in endpoint_range.points if p.grade in ("fits", "partial") and p.in_band]


def range_sentence(endpoint_range: EndpointRange) -> str | None:
    """'Median OS (CAR-T after tafa-len), from CAR-T infusion 8.1 months (DESCAR-T, n=15)': the
    band's full name (kind of response, timepoint, stage, time origin), span and sources."""
    matched = banded(endpoint_range)
    if not matched:
        return None
    names = sorted({_source(p) for p in matched})
    sources = ", ".join(names) if len(names) <= _SOURCES_LISTED else _ends(endpoint_range, names)
    label = endpoint_range.label
    if endpoint_range.low is None or endpoint_range.high is None:
        return f"{label} not reached ({sources})"
    unit = "%" if endpoint_range.unit == "%" else f" {endpoint_range.unit}"
    span = (
        _number(endpoint_range.low)
        if endpoint_range.low == endpoint_range.high
        else f"{_number(endpoint_range.low)}–{_number(endpoint_range.high)}"
    )
    return f"{label} {span}{unit} ({sources})"


def _source(point: RangePoint) -> str:
    return f"{point.source_short} (n={point.n})" if point.n else point.source_short


def _ends(endpoint_range: EndpointRange, names: list[str]) -> str:
    """Many cohorts: the sources of the two figures stated (the span's ends), then the rest, so
    that every figure a sentence states names where it comes from."""
    matched = banded(endpoint_range)
    unit = "%" if endpoint_range.unit == "%" else f" {endpoint_range.unit}"
    ends: list[tuple[str, list[str]]] = []
    for end in (endpoint_range.low, endpoint_range.high):
        if end is None:
            continue
        at_end = sorted(
            {
                _source(p)
                for p in matched
                if (p.value_months if p.value_months is not None else p.value) == end
            }
        )
        ends.append((f"{_number(end)}{unit} in {', '.join(at_end)}", at_end))
    named = {name for _, at_end in ends for name in at_end}
    rest = [n for n in names if n not in named]
    text = f"{len(names)} cohorts: " + "; ".join(dict.fromkeys(text for text, _ in ends))
    return text + (f"; also {', '.join(rest)}" if rest else "")


def record_sources(base: EvidenceBase, record_ids: list[str]) -> tuple[str, ...]:
    """The short names of the sources of outcome and finding records, in order, once each."""
    names: dict[str, None] = {}
    for record_id in record_ids:
        outcome = base.outcomes.get(record_id)
        if outcome is not None:
            names[base.source_of(outcome.cohort).short] = None
        elif record_id in base.finding_source:
            names[base.sources[base.finding_source[record_id]].short] = None
    return tuple(names)


def summarise(assessment: Assessment, base: EvidenceBase | None = None) -> Summary:
    """The summary of one assessment; with the evidence base, each warning names its sources."""
    applicable = [s for s in assessment.strategies if s.applicable]
    ranges: list[str] = []
    designs: dict[str, None] = {}
    for strategy in applicable:
        # Each stage states its own key figures: the CAR-T after tafa-len is never crowded out
        # by tafa-len's own.
        stated = [
            r
            for stage in strategy.stages
            for r in sorted(
                (r for r in stage.ranges if r.endpoint in KEY_ENDPOINTS and range_sentence(r)),
                key=lambda r: KEY_ENDPOINTS.index(r.endpoint),
            )[:_SENTENCES_PER_STAGE]
        ]
        for r in stated:
            designs.update(dict.fromkeys(p.design for p in banded(r)))
        if stated:
            sentences = [range_sentence(r) or "" for r in stated]
            ranges.append(f"{strategy.title}: " + "; ".join(sentences))
    flagged = [c for c in assessment.considerations if c.severity in ("warning", "caution")]
    return Summary(
        features=features_text(assessment.profile),
        strategies=", ".join(s.title for s in applicable) or "none",
        ranges=ranges,
        considerations=[c.title for c in flagged],
        designs=tuple(designs),
        warnings=tuple(
            Flag(
                c.severity,
                c.title,
                c.text,
                record_sources(base, list(c.evidence)) if base is not None else (),
            )
            for c in flagged
        ),
    )


def compare(a: Assessment, b: Assessment) -> str:
    """What differs between two scenarios: features, strategies, key ranges (Markdown)."""
    first, second = a.profile.model_dump(), b.profile.model_dump()
    changed = [name for name in first if first[name] != second[name]]
    lines = []
    if not changed:
        lines.append("- The two scenarios are identical: change a feature in scenario B.")
    for name in changed:
        label = FIELD_LABELS.get(name, name.replace("_", " "))
        lines.append(f"- {label}: {_shown(first[name])} → {_shown(second[name])}")
    for strategy_a, strategy_b in zip(a.strategies, b.strategies, strict=True):
        if strategy_a.applicable != strategy_b.applicable:
            state = "applies" if strategy_b.applicable else "no longer applies"
            lines.append(f"- {strategy_a.title}: {state} in B")
        sentences_a = {r.label: range_sentence(r) for r in strategy_a.ranges}
        for endpoint_range in strategy_b.ranges:
            key = endpoint_range.label
            sentence_b = range_sentence(endpoint_range)
            if (
                strategy_b.applicable
                and key in sentences_a
                and sentences_a[key] != sentence_b
                and endpoint_range.endpoint in KEY_ENDPOINTS
            ):
                lines.append(
                    f"- {strategy_b.title}: {sentences_a[key] or 'no matched figure'} "
                    f"→ {sentence_b or 'no matched figure'}"
                )
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None:
        return "not given"
    if isinstance(value, float):
        return _number(value)
    return str(value).lower() if isinstance(value, bool) else str(value).replace("_", " ")
