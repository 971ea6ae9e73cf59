"""What changed for this patient since the evidence version a link was made with.

The same patient is assessed twice by today's app: on the evidence base as it was at the link's
version (`evidence.history.base_as_of`) and on today's. What differs is what the evidence changed
for this patient: the cells whose span, n, fit or maturity changed (before and after), the
strategies and other options that appeared or disappeared, the warnings added or removed. Each
change carries the changelog lines, of the releases since that version, that name a record it
rests on (a figure, its cohort, the cohort its criteria come from, or its source), so the board
can say why.

Changes of the app itself between the two versions (a rule reworded) are not listed: both sides
are read by today's rules, so only the evidence differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from evidence.loader import EvidenceBase
from evidence.models import Cohort, Finding, Outcome, Source
from evidence.releases import ChangelogLine
from sequencing.vocabulary import GRADE_LABELS
from views.board import Board, Cell
from views.figure import FigureView
from views.options import OptionView
from views.scenario import ScenarioViews

__all__ = [
    "CELL",
    "FIGURE",
    "KIND_TITLES",
    "OPTION",
    "STRATEGY",
    "WARNING",
    "Change",
    "ChangeRow",
    "ChangeSection",
    "WhatChanged",
    "explaining_lines",
    "headline",
    "sections",
    "version_notice",
    "what_changed",
]

# The changelog's Markdown emphasis and code marks, dropped where a line is shown as text.
_MARKUP = re.compile(r"\*\*|`")
CELL, FIGURE, STRATEGY, OPTION, WARNING = "cell", "figure", "strategy", "option", "warning"
APPEARED, DISAPPEARED = "new since then", "no longer shown"


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # CELL, STRATEGY, OPTION or WARNING
    where: str  # the column and stage, the option or the warning, in the board's words
    before: str  # "" when it appeared
    after: str  # "" when it disappeared
    records: tuple[str, ...]  # the records it rests on, before and after
    why: tuple[str, ...]  # the changelog lines naming one of those records, newest first

    @property
    def status(self) -> str:
        if not self.before:
            return APPEARED
        if not self.after:
            return DISAPPEARED
        return "changed"


@dataclass(frozen=True, slots=True)
class WhatChanged:
    since: str  # the link's evidence version
    now: str  # today's
    changes: tuple[Change, ...]

    @property
    def unchanged(self) -> bool:
        return not self.changes


def version_notice(since: str, now: str, released: Sequence[str], earliest: str) -> str | None:
    """Why what changed since `since` cannot be listed (None when it can).

    `released` are the versions this installation knows; `earliest` the first it can rebuild."""
    if since == now:
        return None
    if since not in released or since > now:
        return (
            f"This link was made with evidence version {since}, which this installation does "
            f"not know (it has {', '.join(released)}). The patient is shown with today's "
            f"evidence ({now}); what changed since the link was made cannot be listed."
        )
    if since < earliest:
        return (
            f"This link was made with evidence version {since}. The patient is shown with "
            f"today's evidence ({now}); what changed for this patient can be listed only since "
            f"{earliest}: the changelog says what changed before."
        )
    return None


def _cell_text(cell: Cell) -> str:
    """A cell in the words the board uses: span, n, fit, maturity."""
    if cell.empty:
        return cell.text
    parts = [cell.text]
    if cell.patients is not None:
        parts.append(f"n={cell.patients}")
    elif cell.patients_at_least is not None:
        parts.append(f"n≥{cell.patients_at_least}")
    else:
        parts.append("n not given")
    parts.append(f"{cell.cohorts} cohort{'s' if cell.cohorts != 1 else ''}")
    if cell.grade:
        parts.append(GRADE_LABELS.get(cell.grade, cell.grade).lower())
    if cell.immature:
        parts.append("immature")
    return " · ".join(parts)


CellKey = tuple[str, str, str]  # strategy, stage, row kind
CellMap = dict[CellKey, tuple[str, Cell]]


def _cells(board: Board) -> CellMap:
    return {
        (column.strategy_id, stage.id, cell.kind): (
            " · ".join(dict.fromkeys((column.title, stage.title, cell.name))),
            cell,
        )
        for column in board.columns
        for stage in column.stages
        for cell in stage.cells
    }


def _cell_records(cell: Cell) -> tuple[str, ...]:
    return (*cell.record_ids, *cell.context_ids, *(f.outcome_id for f in cell.figures))


def _cell_changes(old: Board, new: Board) -> list[Change]:
    before, after = _cells(old), _cells(new)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        old_text = _cell_text(was[1]) if was else ""
        new_text = _cell_text(now[1]) if now else ""
        if old_text == new_text:
            continue
        where = (now or was)[0]  # type: ignore[index]
        records = (*(_cell_records(was[1]) if was else ()), *(_cell_records(now[1]) if now else ()))
        changes.append(Change(CELL, where, old_text, new_text, records, ()))
    return changes


def _figure_changes(old: Board, new: Board) -> list[Change]:
    """The figures behind the cells whose own words changed (n, interval, maturity, caveats),
    each once, where the board first shows it."""

    cells_before, cells_after = _cells(old), _cells(new)

    def figures(cells: CellMap) -> dict[str, tuple[str, FigureView, CellKey]]:
        found: dict[str, tuple[str, FigureView, CellKey]] = {}
        for key, (where, cell) in cells.items():
            for figure in cell.figures:
                found.setdefault(figure.outcome_id, (where, figure, key))
        return found

    before, after = figures(cells_before), figures(cells_after)
    changes = []
    for outcome_id in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(outcome_id), after.get(outcome_id)
        old_text = was[1].summary if was else ""
        new_text = now[1].summary if now else ""
        if old_text == new_text:
            continue
        where, figure, key = now or was  # type: ignore[misc]
        # The cell's other records too, before and after: a figure leaves a cell when another
        # replaces it.
        records = (
            outcome_id,
            *(
                r
                for cells in (cells_before, cells_after)
                if key in cells
                for r in _cell_records(cells[key][1])
            ),
        )
        changes.append(
            Change(FIGURE, f"{where} · {figure.source}", old_text, new_text, records, ())
        )
    return changes


def _strategy_changes(old: Board, new: Board) -> list[Change]:
    def shown(board: Board) -> dict[str, tuple[str, str]]:
        applies = {c.strategy_id: (c.title, "applies") for c in board.columns}
        return applies | {
            n.strategy_id: (n.title, f"not applicable: {n.short or n.reason}")
            for n in board.not_applicable
        }

    before, after = shown(old), shown(new)
    changes = []
    for strategy_id in dict.fromkeys([*after, *before]):
        was, now = before.get(strategy_id), after.get(strategy_id)
        if was == now:
            continue
        title = (now or was)[0]  # type: ignore[index]
        records = _strategy_records(old, strategy_id) + _strategy_records(new, strategy_id)
        changes.append(
            Change(STRATEGY, title, was[1] if was else "", now[1] if now else "", records, ())
        )
    return changes


def _strategy_records(board: Board, strategy_id: str) -> tuple[str, ...]:
    return tuple(
        record_id
        for column in board.columns
        if column.strategy_id == strategy_id
        for stage in column.stages
        for cell in stage.cells
        for record_id in _cell_records(cell)
    )


def _option_text(option: OptionView) -> str:
    if option.lead is None:
        return option.empty_text or "no cohort"
    lead = option.lead
    return " · ".join(
        part for part in (lead.source, lead.n, option.headline, lead.fit.lower()) if part
    )


def _option_records(option: OptionView | None) -> tuple[str, ...]:
    if option is None:
        return ()
    cohorts = (*option.cohorts, *option.outside)
    return (
        *(c.cohort_id for c in cohorts),
        *(f.outcome_id for c in cohorts for f in c.figures),
        *(r.outcome_id if isinstance(r, FigureView) else r.record_id for r in option.context),
    )


def _option_changes(old: Board, new: Board) -> list[Change]:
    before = {o.kind: o for o in old.options}
    after = {o.kind: o for o in new.options}
    changes = []
    for kind in dict.fromkeys([*after, *before]):
        was, now = before.get(kind), after.get(kind)
        old_text = _option_text(was) if was else ""
        new_text = _option_text(now) if now else ""
        if old_text == new_text:
            continue
        title = (now or was).title  # type: ignore[union-attr]
        records = _option_records(was) + _option_records(now)
        changes.append(Change(OPTION, title, old_text, new_text, records, ()))
    return changes


def _warning_changes(old: Board, new: Board) -> list[Change]:
    before = {w.rule_id: w for w in old.warnings}
    after = {w.rule_id: w for w in new.warnings}
    changes = []
    for rule_id in dict.fromkeys([*after, *before]):
        was, now = before.get(rule_id), after.get(rule_id)
        if was is not None and now is not None and was.text == now.text:
            continue
        title = (now or was).title  # type: ignore[union-attr]
        records = (*(was.evidence if was else ()), *(now.evidence if now else ()))
        # Its first sentence, unless that is all the two share: then the whole text.
        same_start = was is not None and now is not None and was.short == now.short
        old_text = (was.text if same_start else was.short or was.text) if was else ""
        new_text = (now.text if same_start else now.short or now.text) if now else ""
        changes.append(Change(WARNING, title, old_text, new_text, records, ()))
    return changes


def _direct(base: EvidenceBase, record_ids: Iterable[str]) -> set[str]:
    """The records and the cohorts they belong to."""
    found: set[str] = set()
    for record_id in record_ids:
        found.add(record_id)
        if record_id in base.outcomes:
            found.add(base.outcomes[record_id].cohort)
        finding = base.findings.get(record_id)
        if finding is not None and finding.cohort:
            found.add(finding.cohort)
    return found


def _related(base: EvidenceBase, record_ids: Iterable[str]) -> set[str]:
    """The records, their cohorts, the cohorts their criteria come from, and their sources."""
    found: set[str] = set()
    for record_id in record_ids:
        found.add(record_id)
        cohort_id = base.outcomes[record_id].cohort if record_id in base.outcomes else record_id
        chain: set[str] = set()
        while cohort_id in base.cohorts and cohort_id not in chain:
            chain.add(cohort_id)
            found.add(cohort_id)
            found.add(base.cohort_source[cohort_id])
            cohort_id = base.cohorts[cohort_id].criteria_from or ""
        if record_id in base.finding_source:
            found.add(base.finding_source[record_id])
    return found


def _record(base: EvidenceBase, record_id: str) -> Source | Cohort | Outcome | Finding | None:
    return (
        base.outcomes.get(record_id)
        or base.cohorts.get(record_id)
        or base.findings.get(record_id)
        or base.sources.get(record_id)
    )


def _edits(
    base: EvidenceBase, record_ids: Iterable[str], since: str, now: str
) -> dict[str, tuple[str, set[str]]]:
    """Each record the releases after `since` added or revised: (release, fields it changed);
    an added record's fields are empty."""
    edits: dict[str, tuple[str, set[str]]] = {}
    for record_id in record_ids:
        record = _record(base, record_id)
        if record is None:
            continue
        if since < record.added_in <= now:
            edits[record_id] = (record.added_in, set())
            continue
        for revision in record.revisions:
            if since < revision.version <= now:
                version, fields = edits.get(record_id, (revision.version, set()))
                fields.update(json.loads(revision.previous))
                edits[record_id] = (max(version, revision.version), fields)
    return edits


def explaining_lines(
    lines: Sequence[ChangelogLine],
    base: EvidenceBase,
    record_ids: Iterable[str],
    since: str,
    now: str,
) -> tuple[str, ...]:
    """The changelog lines that explain a change resting on these records, most specific first:
    the lines naming a record or its own cohort, or a field a release since `since` changed on
    one of them; failing those, the lines naming the cohorts its criteria come from or its
    source; failing those, which release added or revised which record."""
    ids = list(record_ids)
    direct = _direct(base, ids)
    edits = _edits(base, direct, since, now)
    fields = {name for _, changed in edits.values() for name in changed}
    found = [line for line in lines if set(line.names()) & (direct | fields)]
    if not found:
        related = _related(base, ids)
        found = [line for line in lines if set(line.names()) & related]
    texts = [f"{line.version}: {_MARKUP.sub('', line.text)}" for line in found]
    if not texts:
        for record_id, (version, changed) in sorted(edits.items()):
            what = f"revised ({', '.join(sorted(changed))})" if changed else "added"
            texts.append(f"{version}: `{record_id}` {what}")
    return tuple(texts)


def what_changed(
    old: ScenarioViews,
    new: ScenarioViews,
    base: EvidenceBase,
    since: str,
    now: str,
    changelog: Mapping[str, Sequence[ChangelogLine]],
) -> WhatChanged:
    """Every difference between the patient's board at `since` and today, each explained by the
    changelog lines of the releases after `since` that name a record it rests on."""
    lines = [
        line
        for version in sorted(changelog, reverse=True)
        if since < version <= now
        for line in changelog[version]
    ]
    found = [
        *_strategy_changes(old.board, new.board),
        *_cell_changes(old.board, new.board),
        *_figure_changes(old.board, new.board),
        *_option_changes(old.board, new.board),
        *_warning_changes(old.board, new.board),
    ]
    explained = tuple(
        Change(
            c.kind,
            c.where,
            c.before,
            c.after,
            tuple(dict.fromkeys(c.records)),
            explaining_lines(lines, base, c.records, since, now),
        )
        for c in found
    )
    return WhatChanged(since, now, explained)


KIND_TITLES: dict[str, tuple[str, str, str]] = {
    # kind: (section title, counted noun, short title)
    STRATEGY: ("Strategies", "strategy", "Strategies"),
    CELL: ("Board cells: span, n, fit, maturity", "cell", "Board cells"),
    FIGURE: ("Figures behind the cells: n, interval, maturity, caveats", "figure", "Figures"),
    OPTION: ("Other options", "option", "Other options"),
    WARNING: ("Warnings", "warning", "Warnings"),
}


@dataclass(frozen=True, slots=True)
class ChangeRow:
    where: str
    status: str  # "" for a change; APPEARED or DISAPPEARED
    before: str
    after: str
    notes: tuple[int, ...]  # 1-based numbers of the explaining lines


@dataclass(frozen=True, slots=True)
class ChangeSection:
    title: str
    rows: tuple[ChangeRow, ...]
    short: str = ""  # e.g. "Board cells", for a tab


def headline(changes: WhatChanged) -> str:
    """One line: since when, and how many of each kind changed."""
    start = f"What changed for this patient since evidence {changes.since} (today {changes.now})"
    if changes.unchanged:
        return f"{start}: nothing. The evidence this patient's board rests on is the same."
    counts = []
    for kind, (_, noun, _) in KIND_TITLES.items():
        count = sum(1 for c in changes.changes if c.kind == kind)
        if count:
            counts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return f"{start}: {', '.join(counts)}"


def sections(changes: WhatChanged) -> tuple[tuple[ChangeSection, ...], tuple[str, ...]]:
    """The changes by kind, each row pointing to the explaining lines by number, and the lines
    (each once, in order of first use)."""
    lines: dict[str, int] = {}
    out = []
    for kind, (title, _, short) in KIND_TITLES.items():
        rows = []
        for change in (c for c in changes.changes if c.kind == kind):
            notes = tuple(lines.setdefault(line, len(lines) + 1) for line in change.why)
            status = "" if change.status == "changed" else change.status
            rows.append(ChangeRow(change.where, status, change.before, change.after, notes))
        if rows:
            out.append(ChangeSection(title, tuple(rows), short))
    return tuple(out), tuple(lines)
