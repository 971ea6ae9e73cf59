"""The board (views.board): small unit tests on hand-made bands, then the named scenarios on
the REAL evidence base (evidence/data, via tests/sequencing/conftest.py's `base`): which columns,
stages and rows each patient gets, that a cell never mixes response assessments, that its
numbers are its cohorts' figures, and where the partial mark falls. Expected figures are read
from the assessment, never typed here."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from evidence.formatting import NOT_REACHED
from evidence.loader import EvidenceBase
from sequencing import assess
from sequencing.assess import Assessment
from sequencing.index import engine_index
from sequencing.ranges import EndpointRange, RangePoint
from sequencing.strategies import TITLE_AFTER_TAFA_LEN_FAILURE, TITLES, Stage, StageId
from tests.sequencing.fixture_base import fixture_index
from tests.ui.board_scenarios import SCENARIOS, params
from ui import url_state
from views.board import (
    EMPTY_NOTE,
    NO_EVIDENCE,
    Board,
    Cell,
    build_board,
    first_sentence,
    short_name,
    span_text,
    stage_cells,
)

ROW_KINDS = ("response", "cr", "progression", "survival")
_GRADE_OF = {"Fits": "fits", "Partly fits": "partial", "Outside": "outside"}


def _figures(cell: Cell, base: EvidenceBase) -> list[SimpleNamespace]:
    """The cell's figures with the engine fields these tests judge them by."""
    return [
        SimpleNamespace(
            outcome_id=f.outcome_id,
            endpoint=base.outcomes[f.outcome_id].endpoint.value,
            response_assessment=(
                a.value if (a := base.outcomes[f.outcome_id].response_assessment) else None
            ),
            measured=base.outcomes[f.outcome_id].measured.value,
            in_band=f.in_span,
            grade=_GRADE_OF[f.fit],
            value=f.x,
        )
        for f in cell.figures
    ]


# --- small unit tests on hand-made bands -------------------------------------------------------


def _point(**changes: Any) -> RangePoint:
    fields: dict[str, Any] = dict(
        outcome_id="o1",
        cohort_id="c1",
        cohort_label="Cohort one",
        source_short="Study A",
        subgroup="All patients",
        arm=None,
        value=40.0,
        not_reached=False,
        unit="%",
        value_months=None,
        ci_low=None,
        ci_high=None,
        ci_high_not_reached=False,
        ci_method=None,
        n=50,
        followup_months=None,
        design="Single-arm trial",
        grade="fits",
        doi=None,
        location="Results",
        quote=None,
        verified_from="abstract",
        reported_in=None,
        conflicts_with=[],
        source_error=None,
        endpoint="orr",
        response_assessment="best",
        study="A",
    )
    return RangePoint(**(fields | changes))


def _band(points: list[RangePoint], **changes: Any) -> EndpointRange:
    values = [p.value_months if p.value_months is not None else p.value for p in points]
    known = [v for v in values if v is not None]
    first = points[0]
    fields: dict[str, Any] = dict(
        endpoint=first.endpoint,
        label=f"{first.endpoint} label (Stage)",
        name=f"{first.endpoint} label",
        unit=first.unit if first.value_months is None else "months",
        points=points,
        low=min(known) if known else None,
        high=max(known) if known else None,
        low_months=None,
        high_months=None,
        note="Span of the cohorts; not pooled, not a prediction.",
        response_assessment=first.response_assessment,
        cohorts=len({p.study for p in points if p.in_band}),
        patients=sum(p.n or 0 for p in points if p.in_band) or None,
    )
    return EndpointRange(**(fields | changes))


def _stage(ranges: list[EndpointRange], stage_id: StageId = "tafa_len") -> Stage:
    return Stage(stage_id, "Stage", "What it measures.", [], 1, ranges)


def _cells(ranges: list[EndpointRange], stage_id: StageId = "tafa_len") -> dict[str, Cell]:
    return {cell.kind: cell for cell in stage_cells(_stage(ranges, stage_id), fixture_index())}


def test_a_stage_has_its_four_key_rows_and_says_where_there_is_no_evidence() -> None:
    orr = _band([_point()])
    cells = _cells([orr])
    assert tuple(cells) == ROW_KINDS
    assert cells["response"].text == "40%" and not cells["response"].empty
    for kind in ("cr", "progression", "survival"):
        assert cells[kind].empty
        assert cells[kind].text == NO_EVIDENCE
        assert cells[kind].note == EMPTY_NOTE
        assert not cells[kind].record_ids


def test_a_span_and_its_basis() -> None:
    band = _band(
        [
            _point(outcome_id="a", value=33.0, n=40, study="A", grade="fits"),
            _point(outcome_id="b", value=60.0, n=60, study="B", grade="partial"),
        ]
    )
    cell = _cells([band])["response"]
    assert cell.text == "33–60%"
    assert (cell.cohorts, cell.patients) == (2, 100)
    assert cell.grade == "fits" and cell.partial
    assert cell.record_ids == ("a", "b")


def test_the_partial_mark_follows_only_the_cohorts_that_set_the_span() -> None:
    hollow = _point(outcome_id="h", grade="partial", in_band=False, hollow_reason="x", study="H")
    cell = _cells([_band([_point(outcome_id="a"), hollow])])["response"]
    assert not cell.partial and cell.grade == "fits"
    assert cell.record_ids == ("a",) and cell.context_ids == ("h",)
    only_partial = _cells([_band([_point(grade="partial")])])["response"]
    assert only_partial.grade == "partial" and only_partial.partial


def test_response_assessments_are_never_merged_and_cr_follows_the_response_row() -> None:
    best = _band([_point(outcome_id="b1", study="A"), _point(outcome_id="b2", study="B")])
    end = _band(
        [_point(outcome_id="e1", value=20.0, response_assessment="end_of_treatment")],
        label="ORR (end-of-treatment response, Stage)",
    )
    cr_best = _band([_point(outcome_id="c1", endpoint="cr_rate", value=25.0)])
    cr_end = _band(
        [
            _point(outcome_id=f"c{i}", endpoint="cr_rate", study=f"S{i}", value=float(i))
            for i in range(2, 5)
        ],
        response_assessment="end_of_treatment",
    )
    cells = _cells([best, end, cr_best, cr_end])
    response, cr = cells["response"], cells["cr"]
    assert response.response_assessment == "best"  # most cohorts
    assert response.record_ids == ("b1", "b2")
    assert [o.label for o in response.others] == [end.label]
    # CR has more end-of-treatment cohorts, yet shows the response row's assessment.
    assert cr.response_assessment == "best" and cr.record_ids == ("c1",)
    assert len(cr.others) == 1


def test_after_cart_rows_prefer_pfs2_and_os2_and_keep_pfs_beside() -> None:
    months = dict(unit="months", response_assessment=None)
    pfs = _band(
        [_point(outcome_id="p", endpoint="median_pfs", value=7.9, value_months=7.9, **months)]
    )
    pfs2 = _band(
        [_point(outcome_id="p2", endpoint="median_pfs2", value=3.0, value_months=3.0, **months)]
    )
    os = _band(
        [_point(outcome_id="os", endpoint="median_os", value=9.2, value_months=9.2, **months)]
    )
    cells = _cells([pfs, pfs2, os], "tafa_len_after_cart")
    assert (
        cells["progression"].endpoint == "median_pfs2" and cells["progression"].text == "3 months"
    )
    assert [o.label for o in cells["progression"].others] == [pfs.label]
    assert cells["survival"].endpoint == "median_os"  # no OS2: OS
    before = _cells([pfs, pfs2], "tafa_len")
    assert before["progression"].endpoint == "median_pfs"


def test_efs_stands_in_for_pfs_and_a_rate_names_its_time() -> None:
    months = dict(unit="months", response_assessment=None)
    efs = _band([_point(endpoint="median_efs", value=8.3, value_months=8.3, **months)])
    rate = _band(
        [_point(outcome_id="r", endpoint="os_rate", value=54.0, response_assessment=None)],
        timepoint_months=24.0,
    )
    cells = _cells([efs, rate], "cart")
    assert cells["progression"].endpoint == "median_efs"
    assert cells["survival"].short == "OS at 24 months"


def test_span_text() -> None:
    point = _point(endpoint="median_os", unit="months", value=None, not_reached=True)
    assert span_text(_band([point], low=None, high=None)) == NOT_REACHED
    assert span_text(_band([_point(value=5.6, value_months=5.6, unit="months")])) == "5.6 months"
    same = _band([_point(value=47.5)])
    assert span_text(same) == "47.5%"


def test_short_names_carry_assessment_timepoint_and_origin() -> None:
    band = _band([_point()], time_origin=None)
    assert short_name(band) == "ORR, best response"
    pfs = _band(
        [_point(endpoint="median_pfs", response_assessment=None)], time_origin="cart_infusion"
    )
    assert short_name(pfs) == "Median PFS from CAR-T infusion"


def test_first_sentence_keeps_brackets_and_numbers_whole() -> None:
    text = "Failed 3 months (as A. B (2024) split it: ≤ 6). Outcomes are poor: 2.9 months."
    assert first_sentence(text) == "Failed 3 months (as A. B (2024) split it: ≤ 6)."
    assert first_sentence("No stop here") == "No stop here"


# --- the named scenarios on the real evidence base ---------------------------------------------


def _assessment(name: str, base: EvidenceBase) -> Assessment:
    parsed = url_state.parse_url(params(name))
    assert parsed.a.profile is not None, name
    return assess(parsed.a.profile, base, leukapheresis_in_days=parsed.a.leukapheresis_in_days)


EXPECTED_COLUMNS = {
    "relapsed-cart-planned": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    "early-cart-failure": ["tafa_len_after_cart"],
    "late-cart-failure": ["tafa_len_after_cart"],
    "refractory-not-candidate": ["tafa_len_definitive"],
    "transplant-eligible-early-relapse": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    "double-hit": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    "rapid-tempo": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    "recent-tafasitamab": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    "late-relapse-transplant-eligible": ["tafa_len_now_cart_later", "cart_now_tafa_len_later"],
    # Refractory to tafa-len: "tafa-len now" is not offered; CAR-T now leads with CAR-T after
    # tafa-len, this patient's evidence.
    "tafa-len-refractory-cart-planned": ["cart_now_tafa_len_later"],
    "cd19-negative-after-cart": ["tafa_len_after_cart"],
    "ecog-3": ["tafa_len_definitive"],
}
# Stages that differ for a scenario from its strategy's usual ones.
SCENARIO_STAGE_IDS = {
    # Refractory to tafa-len: CAR-T after tafa-len first, and no tafa-len after CAR-T.
    ("tafa-len-refractory-cart-planned", "cart_now_tafa_len_later"): [
        "cart_after_tafa_len",
        "cart",
    ],
}
STAGE_IDS = {
    # The CAR-T trials graded after tafa-len are in the cards, off the board (OFF_BOARD_STAGES).
    "tafa_len_now_cart_later": ["tafa_len", "cart_after_tafa_len"],
    "cart_now_tafa_len_later": ["cart", "tafa_len_after_cart"],
    "tafa_len_after_cart": ["tafa_len_after_cart"],
    "tafa_len_definitive": ["tafa_len"],
}


@pytest.fixture(scope="module")
def boards(base: EvidenceBase) -> dict[str, tuple[Assessment, Board]]:
    out = {}
    for name in SCENARIOS:
        assessment = _assessment(name, base)
        out[name] = (assessment, build_board(assessment, engine_index(base)))
    return out


@pytest.mark.parametrize("name", SCENARIOS)
def test_columns_stages_and_rows(name: str, boards: dict[str, tuple[Assessment, Board]]) -> None:
    assessment, board = boards[name]
    assert [c.strategy_id for c in board.columns] == EXPECTED_COLUMNS[name]
    assert [c.title for c in board.columns] == [
        TITLE_AFTER_TAFA_LEN_FAILURE
        if (name, i) == ("tafa-len-refractory-cart-planned", "cart_now_tafa_len_later")
        else TITLES[i]
        for i in EXPECTED_COLUMNS[name]
    ]
    for column in board.columns:
        expected = SCENARIO_STAGE_IDS.get((name, column.strategy_id), STAGE_IDS[column.strategy_id])
        assert [s.id for s in column.stages] == expected
        for stage in column.stages:
            kinds = tuple(cell.kind for cell in stage.cells)
            assert kinds == ROW_KINDS
    others = [s for s in assessment.strategies if not s.applicable]
    assert [(n.title, n.reason) for n in board.not_applicable] == [
        (s.title, s.reasons[0]) for s in others
    ]
    assert len(board.columns) + len(board.not_applicable) == len(assessment.strategies)


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_cell_is_its_cohorts_figures_of_one_kind(
    name: str, boards: dict[str, tuple[Assessment, Board]], base: EvidenceBase
) -> None:
    _, board = boards[name]
    for column in board.columns:
        for stage in column.stages:
            for cell in stage.cells:
                if cell.kind == "options":
                    continue
                if cell.empty:
                    assert cell.text == NO_EVIDENCE and not cell.figures
                    continue
                points = _figures(cell, base)
                # One endpoint, one response assessment, one timepoint: never mixed.
                assert {p.endpoint for p in points} == {cell.endpoint}
                assert {p.response_assessment for p in points} == {cell.response_assessment}
                setting = [p for p in points if p.outcome_id in cell.record_ids]
                assert setting and all(p.in_band for p in setting)
                # The partial mark and the best fit follow the cohorts setting the span.
                assert cell.partial == any(p.grade == "partial" for p in setting)
                assert cell.grade == (
                    "fits" if any(p.grade == "fits" for p in setting) else "partial"
                )
                # Every number in the span is one of those cohorts' figures.
                values = {p.value for p in setting}
                for token in re.findall(r"\d+(?:\.\d+)?", cell.text):
                    assert float(token) in values, (name, cell.label, token)
                # Its full name names the stage (what a post-CAR-T figure follows) and a rate's
                # time point.
                assert stage.title in cell.label
                if cell.timepoint_months is not None:
                    assert f"at {cell.timepoint_months:g} months" in cell.short


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_response_row_and_cr_share_an_assessment_where_reported(
    name: str, boards: dict[str, tuple[Assessment, Board]]
) -> None:
    assessment, board = boards[name]
    stages: dict[tuple[str, str], Stage] = {
        (s.id, st.id): st for s in assessment.strategies for st in s.stages
    }
    for column in board.columns:
        for stage in column.stages:
            cells = {c.kind: c for c in stage.cells}
            if "cr" not in cells or cells["response"].empty or cells["cr"].empty:
                continue
            wanted = cells["response"].response_assessment
            reported = {
                r.response_assessment
                for r in stages[(column.strategy_id, stage.id)].ranges
                if r.endpoint == "cr_rate" and r.cohorts
            }
            if wanted in reported:
                assert cells["cr"].response_assessment == wanted


def test_post_cart_stages_show_pfs2_and_os2(boards: dict[str, tuple[Assessment, Board]]) -> None:
    for name in ("early-cart-failure", "late-cart-failure"):
        _, board = boards[name]
        stage = next(iter(board.columns)).stages[0]
        cells = {c.kind: c for c in stage.cells}
        assert cells["progression"].endpoint == "median_pfs2"
        assert cells["survival"].endpoint == "median_os2"
        # The PFS a cohort reports after CAR-T is kept beside PFS2, as its own band.
        assert any(o.label.startswith("Median PFS (") for o in cells["progression"].others)
    late = boards["late-cart-failure"][1].columns[0].stages[0].cells[-1]
    assert late.text == NOT_REACHED


def test_cart_after_tafa_len_is_counted_from_infusion(
    boards: dict[str, tuple[Assessment, Board]], base: EvidenceBase
) -> None:
    _, board = boards["relapsed-cart-planned"]
    stage = next(s for s in board.columns[0].stages if s.id == "cart_after_tafa_len")
    for cell in stage.cells:
        assert not cell.empty
        assert all(p.measured == "later_cart" for p in _figures(cell, base))
    survival = stage.cells[-1]
    assert survival.endpoint == "median_os" and "from CAR-T infusion" in survival.short


def test_second_line_cart_trials_give_efs(boards: dict[str, tuple[Assessment, Board]]) -> None:
    _, board = boards["transplant-eligible-early-relapse"]
    cart = board.columns[1].stages[0]
    progression = next(c for c in cart.cells if c.kind == "progression")
    assert progression.endpoint == "median_efs"


def test_a_partly_fitting_cohort_is_marked(boards: dict[str, tuple[Assessment, Board]]) -> None:
    _, board = boards["relapsed-cart-planned"]
    response = board.columns[0].stages[0].cells[0]
    assert response.partial and any(f.fit == "Partly fits" for f in response.figures if f.in_span)


def test_options_are_rows_of_their_own_never_banded(
    boards: dict[str, tuple[Assessment, Board]],
) -> None:
    assessment, board = boards["early-cart-failure"]
    assert [o.kind for o in board.options] == [row.kind for row in assessment.options]
    for option, row in zip(board.options, assessment.options, strict=True):
        # Every cohort keeps its own figures: the view shows exactly the engine's points.
        for view, cohort in zip(option.cohorts, row.cohorts, strict=True):
            assert [f.outcome_id for f in view.figures] == [p.outcome_id for p in cohort.figures]
        assert len(option.outside) == len(row.outside)
    # No strategy column carries a stage of options any more.
    assert all(cell.kind in ROW_KINDS for c in board.columns for s in c.stages for cell in s.cells)


@pytest.mark.parametrize("name", SCENARIOS)
def test_warnings_are_the_warning_rules_in_order(
    name: str, boards: dict[str, tuple[Assessment, Board]]
) -> None:
    assessment, board = boards[name]
    warnings = [c for c in assessment.considerations if c.severity == "warning"]
    assert [(w.rule_id, w.title, w.text) for w in board.warnings] == [
        (c.rule_id, c.title, c.text) for c in warnings
    ]
    for warning in board.warnings:
        assert warning.text.startswith(warning.short)


def test_the_named_scenarios_raise_the_expected_warnings(
    boards: dict[str, tuple[Assessment, Board]],
) -> None:
    assert boards["early-cart-failure"][1].warnings
    assert boards["recent-tafasitamab"][1].warnings
    assert not boards["relapsed-cart-planned"][1].warnings
    # Tafa-len outside its licence and every tafa-len trial: a warning the room sees.
    assert "TRANSPLANT-ELIGIBLE" in {
        w.rule_id for w in boards["late-relapse-transplant-eligible"][1].warnings
    }
    ecog = {w.rule_id: w for w in boards["ecog-3"][1].warnings}["ECOG-POOR"]
    assert "ZUMA-1 required ECOG performance status 0 or 1" in ecog.text  # CAR-T's limit too
    assert "CD19-NEGATIVE-AFTER-CART" in {
        w.rule_id for w in boards["cd19-negative-after-cart"][1].warnings
    }


def test_a_cell_never_invents_a_band(boards: dict[str, tuple[Assessment, Board]]) -> None:
    """A stage whose bands are dropped shows 'no published evidence' in every row."""
    assessment, _ = boards["refractory-not-candidate"]
    strategy = next(s for s in assessment.strategies if s.applicable)
    emptied = replace(strategy.stages[0], ranges=[])
    assert all(c.empty and c.text == NO_EVIDENCE for c in stage_cells(emptied, fixture_index()))
