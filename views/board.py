"""The board: the whole answer for one patient on one screen, built once from the assessment.

Columns are the strategies that apply; each column lists its stages, and each stage the rows of
its key endpoints in a fixed order:

- response: the overall response rate of one response assessment (best, end of treatment, not
  stated...). Bands of different assessments are never merged: the row shows the assessment
  resting on the most cohorts (ties: best response first) and names it; the other assessments
  are kept beside the cell as separate bands (`Cell.others`);
- complete response: the CR rate, of the same assessment as the response row where reported;
- progression: median PFS (after CAR-T failure median PFS2 first; where no PFS is reported,
  median EFS, as the randomised CAR-T trials give it), else a PFS (or EFS) rate at its time;
- survival: median OS (after CAR-T failure median OS2 first), else an OS rate at its time.

Beside the strategies, the other options at this patient's point are rows of their own
(`views.options`): each with its own cohorts' figures, in a fixed order, never banded or ranked.

Each cell carries the span of the cohorts that set its band, how many cohorts and patients it
rests on, the best fit among them, whether a cohort only partly fits, and the records behind it;
or, where no matched cohort reports the endpoint, "no published evidence". Every number comes
from the assessment: this module writes none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence.formatting import NOT_REACHED, number
from evidence.formatting import span_text as figure_span
from evidence.models import (
    TIME_ORIGIN_LABELS,
    Endpoint,
    ResponseAssessment,
    TimeOrigin,
)
from sequencing.assess import Assessment
from sequencing.index import EngineIndex
from sequencing.ranges import MATCHED_GRADES, EndpointRange, RangePoint
from sequencing.strategies import Note, Stage, Strategy
from views.figure import FigureView, figure_view
from views.options import OptionView, option_views
from views.records import RecordView, record_views

NO_EVIDENCE = "no published evidence"
NO_SPAN = "no figure sets a span"
EMPTY_NOTE = "No cohort in the evidence base that matches this patient reports this for this stage."

# Stages whose figures are counted after CAR-T has failed: PFS2 and OS2 are their clocks.
AFTER_CART_STAGES = frozenset({"tafa_len_after_cart"})


@dataclass(frozen=True, slots=True)
class RowSpec:
    kind: str
    title: str  # what the row shows, for a cell without evidence
    endpoints: tuple[Endpoint, ...]  # in order of preference


_RESPONSE = RowSpec("response", "Overall response rate", (Endpoint.orr,))
_CR = RowSpec("cr", "Complete response rate", (Endpoint.cr_rate,))
ROWS: tuple[RowSpec, ...] = (
    _RESPONSE,
    _CR,
    RowSpec(
        "progression",
        "PFS (or EFS)",
        (Endpoint.median_pfs, Endpoint.median_efs, Endpoint.pfs_rate, Endpoint.efs_rate),
    ),
    RowSpec("survival", "OS", (Endpoint.median_os, Endpoint.os_rate)),
)
ROWS_AFTER_CART: tuple[RowSpec, ...] = (
    _RESPONSE,
    _CR,
    RowSpec(
        "progression",
        "PFS2 (or PFS)",
        (Endpoint.median_pfs2, Endpoint.median_pfs, Endpoint.pfs_rate),
    ),
    RowSpec("survival", "OS2 (or OS)", (Endpoint.median_os2, Endpoint.median_os, Endpoint.os_rate)),
)

# Which response assessment a row prefers when several rest on as many cohorts.
_ASSESSMENT_ORDER = (
    ResponseAssessment.best.value,
    ResponseAssessment.not_stated.value,
    None,
    ResponseAssessment.end_of_treatment.value,
    ResponseAssessment.at_timepoint.value,
)

# Compact names for the board (the cell keeps the band's full name too).
SHORT_NAMES: dict[Endpoint, str] = {
    Endpoint.orr: "ORR",
    Endpoint.cr_rate: "CR rate",
    Endpoint.median_pfs: "Median PFS",
    Endpoint.median_efs: "Median EFS",
    Endpoint.median_pfs2: "Median PFS2",
    Endpoint.median_os: "Median OS",
    Endpoint.median_os2: "Median OS2",
    Endpoint.pfs_rate: "PFS",
    Endpoint.os_rate: "OS",
    Endpoint.efs_rate: "EFS",
}
SHORT_ASSESSMENTS: dict[str, str] = {
    ResponseAssessment.best.value: "best response",
    ResponseAssessment.end_of_treatment.value: "end of treatment",
    ResponseAssessment.at_timepoint.value: "at a timepoint",
    ResponseAssessment.not_stated.value: "assessment not stated",
}
SHORT_ORIGINS: dict[str, str] = {
    TimeOrigin.post_cart_treatment_start.value: "from post-CAR-T treatment",
    TimeOrigin.treatment_start.value: "from treatment start",
}


@dataclass(frozen=True, slots=True)
class OtherBand:
    """A band of the same row kind not shown in the cell (e.g. another response assessment)."""

    label: str
    text: str
    cohorts: int


@dataclass(frozen=True, slots=True)
class Cell:
    kind: str
    label: str  # the band's full name, with its stage
    name: str  # the band's name without the stage (timepoint, assessment, time origin)
    short: str  # compact name for the board
    text: str  # the span ('33–60%', '5.6 months', 'not reached') or NO_EVIDENCE
    empty: bool = False
    unit: str = ""  # the band's unit ('%', 'months'), '' for a cell without a number
    cohorts: int = 0
    patients: int | None = None
    # When a cohort gives no n: the patients of those that do (the total is at least this).
    patients_at_least: int | None = None
    grade: str | None = None  # best fit among the cohorts setting the span
    partial: bool = False  # a cohort setting the span only partly fits
    record_ids: tuple[str, ...] = ()  # the records setting the span
    context_ids: tuple[str, ...] = ()  # records shown beside it, not setting it
    figures: tuple[FigureView, ...] = ()  # span-setting figures first
    # A figure setting the span is immature (its words are on the figure).
    immature: bool = False
    # How much weaker than a journal article the span's sources are (short words, once each).
    strength: tuple[str, ...] = ()
    # The authors qualify a figure setting the span (their caveat is on the figure).
    caveated: bool = False
    not_reached_in: tuple[str, ...] = ()  # sources whose median was not reached
    note: str = ""
    endpoint: str | None = None
    response_assessment: str | None = None
    timepoint_months: float | None = None
    others: tuple[OtherBand, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteView:
    """A sentence of context with the records it rests on, resolved."""

    text: str
    records: tuple[RecordView, ...] = ()


@dataclass(frozen=True, slots=True)
class BoardStage:
    id: str
    title: str
    measures: str
    cells: tuple[Cell, ...]
    notes: tuple[NoteView, ...] = ()
    # Every published cohort of this stage excludes the patient: (cohort, why) for each. The
    # board raises it as a warning on the column, not a footnote.
    all_outside: tuple[tuple[str, str], ...] = ()


TARGETS_CD19 = "targets CD19: the CD19 result is negative or weak"


@dataclass(frozen=True, slots=True)
class BoardColumn:
    strategy_id: str
    title: str
    context: tuple[NoteView, ...]
    stages: tuple[BoardStage, ...]
    # Said beside the title when the strategy targets CD19 and the CD19 result is negative or
    # equivocal ("" otherwise).
    cd19_mark: str = ""


@dataclass(frozen=True, slots=True)
class NotApplicable:
    strategy_id: str
    title: str
    reason: str
    short: str = ""  # the reason without its "Not applicable" and cross-reference, for the board


def short_reason(reason: str) -> str:
    """'Not applicable: the patient has had CAR-T (see ...).' -> 'the patient has had CAR-T'."""
    text = reason.removeprefix("Not applicable: ").removeprefix("Not applicable ")
    for cut in (" (see ", "; see ", ": see "):
        text = text.split(cut)[0]
    return text.rstrip(".")


@dataclass(frozen=True, slots=True)
class BoardWarning:
    rule_id: str
    title: str
    text: str
    short: str  # the text's first sentence
    evidence: tuple[str, ...]
    records: tuple[RecordView, ...] = ()  # the evidence, resolved


@dataclass(frozen=True, slots=True)
class Board:
    columns: tuple[BoardColumn, ...]
    not_applicable: tuple[NotApplicable, ...]
    warnings: tuple[BoardWarning, ...]
    options: tuple[OptionView, ...] = ()


def banded(endpoint_range: EndpointRange) -> list[RangePoint]:
    """The points that set the band's span (matched cohorts, not shown hollow)."""
    return [p for p in endpoint_range.points if p.grade in MATCHED_GRADES and p.in_band]


def span_text(endpoint_range: EndpointRange) -> str:
    """'46.8–57.5%', '5.6 months', 'not reached': the span of the band-setting figures."""
    low, high = endpoint_range.low, endpoint_range.high
    if low is None or high is None:
        if any(p.not_reached for p in banded(endpoint_range)):
            return NOT_REACHED
        return NO_SPAN
    return figure_span(low, high, endpoint_range.unit)


def short_name(endpoint_range: EndpointRange) -> str:
    """'ORR, best response', 'PFS at 12 months', 'Median OS2 from post-CAR-T treatment'."""
    endpoint = Endpoint(endpoint_range.endpoint)
    text = SHORT_NAMES.get(endpoint, endpoint_range.name or endpoint_range.label)
    if endpoint_range.timepoint_months is not None:
        text += f" at {number(endpoint_range.timepoint_months)} months"
    assessment = endpoint_range.response_assessment
    if assessment is not None:
        text += f", {SHORT_ASSESSMENTS.get(assessment, assessment)}"
    origin = endpoint_range.time_origin
    if origin is not None and origin != TimeOrigin.not_stated.value:
        text += " " + SHORT_ORIGINS.get(origin, TIME_ORIGIN_LABELS[TimeOrigin(origin)])
    return text


def _assessment_rank(assessment: str | None) -> int:
    return (
        _ASSESSMENT_ORDER.index(assessment)
        if assessment in _ASSESSMENT_ORDER
        else len(_ASSESSMENT_ORDER)
    )


def _preference(endpoint_range: EndpointRange) -> tuple[int, int, float]:
    return (
        -endpoint_range.cohorts,
        _assessment_rank(endpoint_range.response_assessment),
        endpoint_range.timepoint_months or 0.0,
    )


def _choose(
    spec: RowSpec, ranges: Sequence[EndpointRange], assessment: str | None = None
) -> EndpointRange | None:
    """The band a row shows: the first endpoint (in the row's order) with a band a matched cohort
    sets; among its bands the given assessment, else the most cohorts, best response first."""
    with_points = [r for r in ranges if r.points]
    for endpoint in spec.endpoints:
        bands = [r for r in with_points if r.endpoint == endpoint.value and banded(r)]
        same = [r for r in bands if assessment is not None and r.response_assessment == assessment]
        if same or bands:
            return min(same or bands, key=_preference)
    for endpoint in spec.endpoints:  # figures shown, none setting a span
        hollow = [r for r in with_points if r.endpoint == endpoint.value]
        if hollow:
            return min(hollow, key=_preference)
    return None


def _cell(
    spec: RowSpec,
    chosen: EndpointRange | None,
    ranges: Sequence[EndpointRange],
    index: EngineIndex,
) -> Cell:
    kinds = {e.value for e in spec.endpoints}
    others = tuple(
        OtherBand(r.label, span_text(r), r.cohorts)
        for r in ranges
        if r.points and r.endpoint in kinds and r is not chosen
    )
    if chosen is None:
        return Cell(
            spec.kind, spec.title, spec.title, spec.title, NO_EVIDENCE, empty=True, note=EMPTY_NOTE
        )
    setting = banded(chosen)
    beside = [p for p in chosen.points if p not in setting]
    grades = {p.grade for p in setting}
    best = "fits" if "fits" in grades else ("partial" if grades else None)
    numeric = chosen.low is not None
    figures = tuple(figure_view(p, index) for p in (*setting, *beside))
    setting_views = figures[: len(setting)]
    return Cell(
        kind=spec.kind,
        label=chosen.label,
        name=chosen.name or chosen.label,
        short=short_name(chosen),
        text=span_text(chosen),
        unit=chosen.unit if numeric else "",
        cohorts=chosen.cohorts,
        patients=chosen.patients,
        patients_at_least=None if chosen.patients is not None else _known_patients(setting),
        grade=best,
        partial="partial" in grades,
        record_ids=tuple(dict.fromkeys(p.outcome_id for p in setting)),
        context_ids=tuple(dict.fromkeys(p.outcome_id for p in beside)),
        figures=figures,
        immature=any(f.maturity for f in setting_views),
        strength=tuple(dict.fromkeys(w for f in setting_views for w in f.strength_short)),
        caveated=any(f.caveats for f in setting_views),
        not_reached_in=tuple(
            dict.fromkeys(p.source_short for p in setting if p.not_reached and numeric)
        ),
        note=chosen.note,
        endpoint=chosen.endpoint,
        response_assessment=chosen.response_assessment,
        timepoint_months=chosen.timepoint_months,
        others=others,
    )


def _known_patients(points: Sequence[RangePoint]) -> int | None:
    """The patients of the studies that give an n (the largest n each study's figures give)."""
    by_study: dict[str, int] = {}
    for p in points:
        if p.n:
            by_study[p.study] = max(by_study.get(p.study, 0), p.n)
    return sum(by_study.values()) or None


def stage_cells(stage: Stage, index: EngineIndex) -> tuple[Cell, ...]:
    """The key rows of one stage, in the fixed order."""
    specs = ROWS_AFTER_CART if stage.id in AFTER_CART_STAGES else ROWS
    cells: list[Cell] = []
    response_assessment: str | None = None
    for spec in specs:
        chosen = _choose(spec, stage.ranges, response_assessment if spec is _CR else None)
        if spec is _RESPONSE and chosen is not None:
            response_assessment = chosen.response_assessment
        cells.append(_cell(spec, chosen, stage.ranges, index))
    return tuple(cells)


# A warning's first sentence longer than this is not shown on the board: its title is, and the
# whole text opens on one tap.
SHORT_WARNING_CHARS = 180


def first_sentence(text: str) -> str:
    """The text up to its first full stop outside brackets that ends a sentence."""
    depth = 0
    for position, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "." and not depth:
            rest = text[position + 1 :]
            if not rest or (rest[:1].isspace() and rest.lstrip()[:1].isupper()):
                return text[: position + 1]
    return text


def _short(text: str) -> str:
    sentence = first_sentence(text)
    return sentence if len(sentence) <= SHORT_WARNING_CHARS else ""


def note_views(notes: Sequence[Note], index: EngineIndex) -> tuple[NoteView, ...]:
    return tuple(NoteView(n.text, record_views(n.evidence, index)) for n in notes)


# Stages kept off the board (in the strategy cards below it): the CAR-T trials graded for the
# patient as they would be after tafa-len repeat the CAR-T column's trials; the board keeps to
# what each strategy gives now and next, so that it fits one projected screen.
OFF_BOARD_STAGES = frozenset({"cart_trials_for_comparison"})


def board_stage(stage: Stage, index: EngineIndex) -> BoardStage:
    """One engine stage as the board (and the cards) show it."""
    return BoardStage(
        stage.id,
        stage.title,
        stage.measures,
        stage_cells(stage, index),
        note_views(stage.notes, index),
        stage.outside if stage.considered and not stage.cohort_ids else (),
    )


def _column(strategy: Strategy, index: EngineIndex, cd19_questioned: bool) -> BoardColumn:
    return BoardColumn(
        strategy_id=strategy.id,
        title=strategy.title,
        context=note_views(strategy.context, index),
        stages=tuple(
            board_stage(s, index) for s in strategy.stages if s.id not in OFF_BOARD_STAGES
        ),
        cd19_mark=TARGETS_CD19 if cd19_questioned and strategy.targets_cd19 else "",
    )


def build_board(assessment: Assessment, index: EngineIndex) -> Board:
    """The board of one assessment: applicable strategies as columns, the others one line each
    with the first reason, and the warnings (severity 'warning') with their first sentence."""
    questioned = assessment.profile.cd19_status in ("negative", "equivocal")
    columns = tuple(_column(s, index, questioned) for s in assessment.strategies if s.applicable)
    not_applicable = tuple(
        NotApplicable(
            s.id, s.title, next(iter(s.reasons), ""), short_reason(next(iter(s.reasons), ""))
        )
        for s in assessment.strategies
        if not s.applicable
    )
    warnings = tuple(
        BoardWarning(
            c.rule_id,
            c.title,
            c.text,
            _short(c.text),
            tuple(c.evidence),
            record_views(c.evidence, index),
        )
        for c in assessment.considerations
        if c.severity == "warning"
    )
    options = option_views(assessment.options, index, assessment.profile.prior_cart)
    return Board(columns, not_applicable, warnings, options)


__all__ = [
    "AFTER_CART_STAGES",
    "EMPTY_NOTE",
    "NOT_REACHED",
    "NO_EVIDENCE",
    "NO_SPAN",
    "OFF_BOARD_STAGES",
    "ROWS",
    "ROWS_AFTER_CART",
    "Board",
    "BoardColumn",
    "BoardStage",
    "BoardWarning",
    "Cell",
    "NotApplicable",
    "NoteView",
    "OtherBand",
    "RowSpec",
    "banded",
    "board_stage",
    "build_board",
    "first_sentence",
    "note_views",
    "short_name",
    "short_reason",
    "span_text",
    "stage_cells",
]
