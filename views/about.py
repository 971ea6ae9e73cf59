"""The About page's content: what the tool is and is not, its methods, the sources with their
licences, and the evidence base's size. Words about the engine live here, beside the views, not
in the page."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.loader import EvidenceBase
from evidence.models import DESIGN_LABELS
from evidence.stewardship import Stewardship, stewardship
from evidence.version import EVIDENCE_DATE, EVIDENCE_VERSION
from views.figure import source_link

__all__ = [
    "METHODS",
    "NOT_USED",
    "WHAT_IT_IS",
    "SourceRow",
    "holdings",
    "source_rows",
    "stewardship_markdown",
]

WHAT_IT_IS = """
**What it is.** Decision support for tumor boards discussing relapsed/refractory large B-cell
lymphoma around CD19 CAR-T: it shows the published evidence on tafasitamab + lenalidomide
(tafa-len) before CAR-T, after CAR-T failure or instead of it, the CD19 masking and washout
considerations, and the outcome ranges of the cohorts that resemble the patient entered.

**What it is not.** Not a recommendation and not a prediction. It never says "do X" and never
gives one expected outcome for a patient. Almost all the evidence is single-arm or
retrospective; figures from different cohorts are not head-to-head comparisons. It does not
replace the tumor board's judgement, the drug labels or local protocols.

**Privacy.** No names, dates of birth or identifiers are asked for or stored. The scenario lives
in this browser session and in the page link only; nothing about a patient is written to disk
or to logs, and the app makes no request to any other host.
"""

METHODS = """
- **Cohort fit.** Each cohort's eligibility rules (e.g. L-MIND excluded double-hit lymphoma;
  ZUMA-7 required ECOG 0-1) are checked against the patient's features: inside, outside, or
  unknown when a feature is not entered. The cohort's setting relative to CAR-T must match the
  patient's. Baseline mix (e.g. share with bulky disease) is compared where reported. Grades:
  *fits*, *partly fits* (nothing contradicts, but the cohort reports little to compare with, or a
  feature is rare in it), *outside*. Cohorts selected by their outcome are never matched.
  Comparator arms are judged where they sit relative to CAR-T; records that hold reference facts
  (pharmacokinetics, test performance) are not matched at all.
- **Subgroups.** Where a cohort reports subgroups (e.g. early vs late CAR-T failure; relapsed vs
  refractory), the most specific subgroup whose conditions the patient meets is shown; when a
  source gives two values for the same figure (abstract vs results), both are shown.
- **Ranges.** For each endpoint, the span from the lowest to the highest value among cohorts that
  fit or partly fit. A span, never a pooled or weighted estimate. Times are put on one scale
  (days / 30.4375 = months) for the band; each figure keeps its own unit.
- **Confidence intervals.** As reported where the source gives them. Where a response rate has a
  denominator but no CI, an exact (Clopper-Pearson) 95% CI is computed with SciPy and marked
  "computed here". Where only a percentage and n are given, the count is worked out only when
  exactly one whole number fits the printed percentage.
- **Washout model.** Expected residual tafasitamab = 0.5^(days / half-life), first-order
  elimination from the terminal half-life in the evidence base. A simplification: real levels
  vary and are not measured in routine care. No published guideline sets a washout interval.
"""

NOT_USED = """
**Not used.** Seed 002 (a Cancer Index page listing lenalidomide abstracts, mostly myeloma) is
background only and carries no evidence on DLBCL sequencing, so no figure comes from it.

**Licence notes.** Seed articles are quoted in short spans as provenance under their licences
(TALOs: CC BY 4.0; DESCAR-T: CC BY-NC-ND 4.0, quoted, not adapted); the source documents
themselves are not shipped with the app. Figures marked "secondary summary only" come from
press releases or summaries, not the primary publication, and are labelled as such wherever
they appear.
"""


def holdings(base: EvidenceBase) -> str:
    """What the evidence base holds, and that records are corrected, never deleted."""
    return (
        f"The evidence base holds **{len(base.sources)}** sources, **{len(base.cohorts)}** "
        f"cohorts, **{len(base.outcomes)}** outcome records and **{len(base.findings)}** "
        "qualitative findings. Records are never deleted: corrections supersede them (see the "
        "changelog in `evidence/CHANGELOG.md`)."
    )


@dataclass(frozen=True, slots=True)
class SourceRow:
    source: str
    design: str
    year: str
    citation: str
    link: str
    licence: str
    second_hand: bool

    def record(self) -> dict[str, str]:
        return {
            "Source": self.source,
            "Design": self.design,
            "Year": self.year,
            "Citation": self.citation,
            "Link": self.link,
            "Licence": self.licence,
            "Known only second-hand": "yes" if self.second_hand else "",
        }


def source_rows(base: EvidenceBase) -> tuple[SourceRow, ...]:
    return tuple(
        SourceRow(
            source=s.short,
            design=DESIGN_LABELS[s.design],
            year="" if s.year is None else str(s.year),
            citation=s.citation,
            link=source_link(s.doi, s.url) or "",
            licence=s.licence or "",
            second_hand=bool(s.cited_in),
        )
        for s in base.sources.values()
    )


def stewardship_markdown(steward: Stewardship | None = None) -> str:
    """The evidence's date and who keeps it current, how often, with what funding and conflicts
    (the same words as every export's 'About this document')."""
    kept = steward or stewardship()
    released = f"{EVIDENCE_DATE.day} {EVIDENCE_DATE:%B %Y}"
    return "\n".join(
        [
            f"- **Evidence date.** Version {EVIDENCE_VERSION}, released {released}. Each "
            "scenario link carries the version it was made with; opening an older link lists "
            "what changed for that patient since.",
            f"- **Review and updates.** {kept.review}",
            f"- **Curated by.** {kept.curator}",
            f"- **Funding.** {kept.funding}",
            f"- **Conflicts of interest.** {kept.conflicts}",
        ]
    )
