"""A one-paragraph structured summary of a scenario, for the tumor-board minutes.

Built only from the assessment: features as entered, the strategies that apply, the spans of the
key endpoints with their sources, and the warnings. It states ranges, never a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.formatting import n_text, number
from evidence.loader import EvidenceBase
from sequencing.assess import Assessment
from sequencing.profile import PatientProfile, is_early_cart_failure
from sequencing.vocabulary import FIELD_LABELS, PLAN_PHRASES
from views.board import Board, Cell
from views.figure import FigureView

__all__ = [
    "Flag",
    "Summary",
    "board_sentences",
    "compare",
    "compare_boards",
    "features_text",
    "range_sentence",
    "record_sources",
    "summarise",
]

# The board's rows a stage's sentence states, in order (the complete-response row is on the
# board and in the exports' figure lists): what the room reads first.
_SENTENCE_ROWS = ("response", "progression", "survival")
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
            f"progression {number(profile.months_first_line_to_progression)} months "
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
            f"CAR-T failure {number(profile.months_cart_to_failure)} months after "
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


def range_sentence(cell: Cell) -> str | None:
    """'Median OS (CAR-T after tafa-len), from CAR-T infusion 8.1 months (DESCAR-T, n=15)': the
    board cell's full name, its span as the board shows it, and the sources setting it."""
    setting = [f for f in cell.figures if f.in_span]
    if cell.empty or not setting:
        return None
    names = sorted({_source(f) for f in setting})
    sources = ", ".join(names) if len(names) <= _SOURCES_LISTED else _ends(cell, setting)
    marks = "; immature" if cell.immature else ""
    return f"{cell.label} {cell.text} ({sources}{marks})"


def _source(figure: FigureView) -> str:
    return f"{figure.source} ({figure.n})" if figure.n != n_text(None) else figure.source


def _ends(cell: Cell, setting: list[FigureView]) -> str:
    """Many cohorts: the sources of the span's two ends, then how many others, so that every
    figure a sentence states names where it comes from."""
    ends = [setting[i] for i in dict.fromkeys(_end_positions(setting))]
    named = [f"{f.value} in {_source(f)}" for f in ends]
    rest = len({f.source for f in setting}) - len({f.source for f in ends})
    text = f"{len({f.source for f in setting})} cohorts: " + "; ".join(named)
    return text + (f"; {rest} more" if rest > 0 else "")


def _end_positions(setting: list[FigureView]) -> list[int]:
    placed = [(f.x, i) for i, f in enumerate(setting) if f.x is not None]
    if not placed:
        return [0]
    return [min(placed)[1], max(placed)[1]]


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


def board_sentences(board: Board) -> list[str]:
    """Per applicable strategy, each stage's first key rows as the board shows them: the summary
    and the board state the same span for the same patient, by construction."""
    out: list[str] = []
    for column in board.columns:
        sentences = [
            sentence
            for stage in column.stages
            for sentence in [
                range_sentence(cell)
                for cell in stage.cells
                if cell.kind in _SENTENCE_ROWS and range_sentence(cell)
            ][:_SENTENCES_PER_STAGE]
            if sentence
        ]
        if sentences:
            out.append(f"{column.title}: " + "; ".join(sentences))
    return out


def summarise(assessment: Assessment, board: Board, base: EvidenceBase | None = None) -> Summary:
    """The summary of one assessment and its board; with the evidence base, each warning names
    its sources."""
    applicable = [s for s in assessment.strategies if s.applicable]
    designs = dict.fromkeys(
        f.design
        for column in board.columns
        for stage in column.stages
        for cell in stage.cells
        if cell.kind in _SENTENCE_ROWS
        for f in cell.figures
        if f.in_span
    )
    flagged = [c for c in assessment.considerations if c.severity in ("warning", "caution")]
    return Summary(
        features=features_text(assessment.profile),
        strategies=", ".join(s.title for s in applicable) or "none",
        ranges=board_sentences(board),
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


def _cells(board: Board) -> dict[tuple[str, str, str], tuple[str, Cell]]:
    return {
        (column.strategy_id, stage.id, cell.kind): (column.title, cell)
        for column in board.columns
        for stage in column.stages
        for cell in stage.cells
    }


def _cell_words(cell: Cell) -> str:
    return range_sentence(cell) or f"{cell.label}: {cell.text}"


def compare_boards(a: Board, b: Board) -> list[str]:
    """What differs between two boards, cell by cell: strategies that apply in one only, and the
    cells whose span, n, fit or maturity differ (before -> after), in board order."""
    lines: list[str] = []
    titles_a = {c.strategy_id: c.title for c in a.columns}
    titles_b = {c.strategy_id: c.title for c in b.columns}
    lines += [f"- {t}: applies in B" for i, t in titles_b.items() if i not in titles_a]
    lines += [f"- {t}: no longer applies in B" for i, t in titles_a.items() if i not in titles_b]
    before = _cells(a)
    for key, (title, cell) in _cells(b).items():
        if key not in before:
            continue
        old = before[key][1]
        if (old.text, old.patients, old.grade, old.immature) != (
            cell.text,
            cell.patients,
            cell.grade,
            cell.immature,
        ):
            lines.append(f"- {title}: {_cell_words(old)} → {_cell_words(cell)}")
    return lines


def compare(a: Assessment, board_a: Board, b: Assessment, board_b: Board) -> str:
    """What differs between two scenarios: features, then the boards (Markdown)."""
    first, second = a.profile.model_dump(), b.profile.model_dump()
    changed = [name for name in first if first[name] != second[name]]
    lines = []
    if not changed:
        lines.append("- The two scenarios are identical: change a feature in scenario B.")
    for name in changed:
        label = FIELD_LABELS.get(name, name.replace("_", " "))
        lines.append(f"- {label}: {_shown(first[name])} → {_shown(second[name])}")
    lines += compare_boards(board_a, board_b)
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None:
        return "not given"
    if isinstance(value, float):
        return number(value)
    return str(value).lower() if isinstance(value, bool) else str(value).replace("_", " ")
