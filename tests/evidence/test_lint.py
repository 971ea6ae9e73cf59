"""The semantic lint on tiny fixtures: one row per rule that must fire and one that must not,
waivers and stale waivers, the command line, and (separately) the real evidence base."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from evidence import __main__ as cli
from evidence.errors import LINT_CODES
from evidence.lint import LintFinding, lint, load_seeds, normalise, record_files
from evidence.loader import EvidenceBase, load
from evidence.models import Cohort, Criterion, Finding, Outcome, Source

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

SEED_FILE = "001_toy.txt"
SEED = """After CAR T-cell infusion, the ORR was 45%.
No patient became CD19\u2013negative after tafasitamab, but only 4 patients were tested.
The washout lasted 2.7 months. Patients were seen monthly.
Tafasitamab was given weekly. Lenalidomide was given daily.
CAR-T killing was intact in vitro.20 Binding was measured twice. However, data are scarce."""

ORR: dict[str, Any] = {
    "id": "toy-orr",
    "cohort": "toy",
    "endpoint": "orr",
    "measured": "cohort_treatment",
    "response_assessment": "not_stated",
    "value": 45.0,
    "unit": "%",
    "location": "Results",
    "quote": "the ORR was 45%",
    "verified_from": "seed_full_text",
}
MEDIAN_PFS: dict[str, Any] = {
    **ORR,
    "id": "toy-pfs",
    "endpoint": "median_pfs",
    "response_assessment": None,
    "time_origin": "treatment_start",
    "value": 3.0,
    "unit": "months",
    "quote": "the median PFS was 3 months",
}
HAZARD_RATIO: dict[str, Any] = {
    **ORR,
    "id": "toy-hr",
    "endpoint": "hazard_ratio_pfs",
    "response_assessment": None,
    "value": 0.71,
    "unit": "ratio",
    "comparison": "bulky vs not bulky",
    "quote": "hazard ratio = 0.71",
}
FINDING: dict[str, Any] = {
    "id": "toy-no-loss",
    "cohort": "toy",
    "topic": "antigen_loss",
    "text": "No patient turned CD19-negative.",
    "location": "Results",
    "quote": "No patient became CD19-negative after tafasitamab",
    "verified_from": "seed_full_text",
}
CRITERION: dict[str, Any] = {
    "condition": {"field": "prior_cart", "op": "==", "value": False},
    "text": "CAR-T-naive patients",
    "location": "Methods",
    "quote": "The washout lasted 2.7 months.",
    "verified_from": "seed_full_text",
}
AFTER_CART = {"setting": "after_cart", "cart_exposure": "all"}


def _declared(cohort: dict[str, Any]) -> dict[str, Any]:
    """The toy cohort says its source states no criteria, unless the row gives its own."""
    if "eligibility" in cohort or "criteria_from" in cohort or "criteria_not_reported" in cohort:
        return cohort
    return cohort | {"criteria_not_reported": "The toy study states no eligibility."}


def make_base(
    cohort: dict[str, Any] | None = None,
    outcomes: tuple[dict[str, Any], ...] = (),
    findings: tuple[dict[str, Any], ...] = (),
) -> EvidenceBase:
    """One seed source, one cohort ("toy", n=50, CAR-T-naive), the given records."""
    source = Source(
        added_in="2026.01.01",
        id="toy-2024",
        citation="Toy A, et al. A toy study. J Toy 2024.",
        short="Toy 2024",
        design="registry",
        publication="journal_article",
        seed_file=SEED_FILE,
    )
    toy = Cohort.model_validate(
        {
            "added_in": "2026.01.01",
            "id": "toy",
            "label": "Toy cohort",
            "treatment": "Tafasitamab + lenalidomide",
            "setting": "cart_naive",
            "cart_exposure": "none",
            "study": "toy",
            "treatment_class": "tafa_len",
            "n": 60,
        }
        | _declared(cohort or {})
    )
    made = [Outcome.model_validate({"added_in": "2026.01.01"} | raw) for raw in outcomes]
    said = [Finding.model_validate({"added_in": "2026.01.01"} | raw) for raw in findings]
    cohorts = {toy.id: toy}
    if toy.study == "parent":  # the study's own cohort, stating the criteria (SL014 rows)
        parent = toy.model_copy(
            update={
                "id": "parent-cohort",
                "criteria_from": None,
                "criteria_not_reported": None,
                "eligibility": [Criterion.model_validate(CRITERION | {"quote": None})],
            }
        )
        cohorts[parent.id] = parent
    return EvidenceBase(
        sources={source.id: source},
        cohorts=cohorts,
        outcomes={o.id: o for o in made},
        findings={f.id: f for f in said},
        finding_source={f.id: source.id for f in said},
        files={source.id: "001_toy-2024.toml"},
        cohort_source={cohort_id: source.id for cohort_id in cohorts},
    )


@dataclass(frozen=True)
class Case:
    code: str
    fires: bool
    name: str
    cohort: dict[str, Any] = field(default_factory=dict)
    outcomes: tuple[dict[str, Any], ...] = ()
    findings: tuple[dict[str, Any], ...] = ()


CASES = [
    Case(
        "SL001",
        True,
        "after-infusion figure as the before-CAR-T cohort's own",
        {"setting": "before_cart"},
        ({**ORR, "quote": "After CAR T-cell infusion, the ORR was 45%."},),
    ),
    Case(
        "SL001",
        False,
        "after-infusion figure recorded as later_cart",
        {"setting": "before_cart"},
        ({**ORR, "measured": "later_cart", "quote": "After CAR T-cell infusion, the ORR was 45%"},),
    ),
    Case(
        "SL001",
        False,
        "after-infusion words in a CAR-T-naive cohort",
        {},
        ({**ORR, "quote": "after car-t infusion the ORR was 45%"},),
    ),
    Case("SL002", True, "best ORR not marked best", {}, ({**ORR, "quote": "the bORR was 45%"},)),
    Case(
        "SL002",
        True,
        "end-of-treatment ORR marked best",
        {},
        ({**ORR, "response_assessment": "best", "quote": "at the end of treatment, ORR 45%"},),
    ),
    Case(
        "SL002",
        False,
        "best ORR marked best",
        {},
        ({**ORR, "response_assessment": "best", "quote": "the best ORR was 45%"},),
    ),
    Case(
        "SL002",
        False,
        "'final analysis' is not a final response",
        {},
        ({**ORR, "quote": "in the final analysis the ORR was 45%"},),
    ),
    Case(
        "SL003",
        True,
        "hazard ratio with its bracket dropped",
        {},
        ({**HAZARD_RATIO, "quote": "hazard ratio = 0.71 [0.44\u20131.13]"},),
    ),
    Case(
        "SL003",
        True,
        "median with its (Q1; Q3) dropped",
        {},
        ({**MEDIAN_PFS, "quote": "the median (Q1; Q3) PFS was 3 (1; NA) months"},),
    ),
    Case(
        "SL003",
        True,
        "a computed Clopper-Pearson CI is not the printed one",
        {},
        (
            {
                **ORR,
                "quote": "the ORR was 45% (95% CI, 25-66)",
                "ci_low": 24.0,
                "ci_high": 67.0,
                "ci_method": "clopper_pearson",
                "ci_level": 95.0,
            },
        ),
    ),
    Case(
        "SL003",
        False,
        "reported CI recorded",
        {},
        (
            {
                **HAZARD_RATIO,
                "quote": "hazard ratio = 0.71 [0.44-1.13]",
                "ci_low": 0.44,
                "ci_high": 1.13,
                "ci_method": "reported",
                "ci_level": 95.0,
            },
        ),
    ),
    Case(
        "SL003",
        False,
        "events and share in brackets are not an interval",
        {},
        ({**ORR, "quote": "9 patients (45%) of 20 responded; 45% (9/20)"},),
    ),
    Case(
        "SL004", True, "PFS2 as median PFS", AFTER_CART, ({**MEDIAN_PFS, "quote": "mPFS2, 3 mo"},)
    ),
    Case(
        "SL004",
        True,
        "PFS2 outside an after-CAR-T cohort with nothing to say so",
        {},
        ({**MEDIAN_PFS, "endpoint": "median_pfs2", "time_origin": "post_cart_treatment_start"},),
    ),
    Case(
        "SL004",
        False,
        "'PFS 2.8 months' is not PFS2",
        {},
        ({**MEDIAN_PFS, "value": 2.8, "quote": "median PFS 2.8 months"},),
    ),
    Case(
        "SL004",
        False,
        "PFS2 in an after-CAR-T cohort",
        AFTER_CART,
        ({**MEDIAN_PFS, "endpoint": "median_pfs2", "time_origin": "post_cart_treatment_start"},),
    ),
    Case(
        "SL005",
        True,
        "DoR over the whole cohort",
        {},
        (
            {
                **MEDIAN_PFS,
                "endpoint": "median_dor",
                "time_origin": "first_response",
                "denominator": 60,
                "quote": "the median DoR was 3 months",
            },
        ),
    ),
    Case(
        "SL005",
        False,
        "DoR over the responders",
        {},
        (
            {
                **MEDIAN_PFS,
                "endpoint": "median_dor",
                "time_origin": "first_response",
                "denominator": 22,
                "quote": "the median DoR was 3 months",
            },
        ),
    ),
    Case(
        "SL006",
        True,
        "CAR-T-naive cohort whose description counts prior CAR-T",
        {"description": "Real-world cohort. 6 patients (3.3%) had prior CAR-T."},
    ),
    Case(
        "SL006",
        False,
        "a description that denies prior CAR-T",
        {"description": "Real-world cohort. No patient had prior CAR-T (0 of 50)."},
    ),
    Case(
        "SL006",
        False,
        "a mixed cohort recorded as mixed",
        {"description": "6 patients (3.3%) had prior CAR-T.", "cart_exposure": "some"},
    ),
    Case("SL007", True, "finding cut before 'but only'", {}, (), (FINDING,)),
    Case(
        "SL007",
        False,
        "finding whose next sentence qualifies nothing",
        {},
        (),
        ({**FINDING, "quote": "The washout lasted 2.7 months."},),
    ),
    Case(
        "SL007",
        True,
        "eligibility quote cut before 'but only'",
        {"eligibility": [{**CRITERION, "quote": FINDING["quote"]}]},
    ),
    Case("SL007", False, "eligibility quote with a clean tail", {"eligibility": [CRITERION]}),
    Case(
        "SL007",
        False,
        "a reference number after the full stop ends the sentence",
        {},
        (),
        ({**FINDING, "quote": "CAR-T killing was intact in vitro"},),
    ),
    Case(
        "SL008",
        True,
        "5-year figure in the primary analysis",
        {"analysis": "primary"},
        ({**ORR, "quote": "in the 5-year analysis the ORR was 45%"},),
    ),
    Case(
        "SL008",
        True,
        "label location in a trial cohort",
        {},
        ({**ORR, "location": "US label, section 14"},),
    ),
    Case(
        "SL008",
        False,
        "5-year figure in the 5-year analysis",
        {"analysis": "5-year", "analysis_order": 3},
        ({**ORR, "quote": "in the five-year follow-up the ORR was 45%"},),
    ),
    Case(
        "SL008",
        False,
        "'3-year PFS' is a timepoint and 'open-label' a design",
        {},
        ({**ORR, "quote": "open-label; the ORR was 45%, 3-year PFS rate 20%"},),
    ),
    Case(
        "SL009",
        True,
        "median beyond follow-up, not marked",
        {},
        ({**MEDIAN_PFS, "value": 24.8, "followup_months": 15.0, "quote": "mPFS 24.8 months"},),
    ),
    Case(
        "SL009",
        True,
        "median beyond the cohort's median follow-up record",
        {},
        (
            {**MEDIAN_PFS, "value": 24.8, "quote": "mPFS 24.8 months"},
            {
                **MEDIAN_PFS,
                "id": "toy-fu",
                "endpoint": "median_followup",
                "measured": "not_an_effect",
                "time_origin": None,
                "value": 15.0,
                "quote": "median follow-up 15 months",
            },
        ),
    ),
    Case(
        "SL009",
        False,
        "median beyond follow-up, marked immature",
        {},
        (
            {
                **MEDIAN_PFS,
                "value": 24.8,
                "followup_months": 15.0,
                "quote": "mPFS 24.8 months",
                "note": "Immature: few patients at risk.",
            },
        ),
    ),
    Case(
        "SL010",
        True,
        "printed P value missing",
        {},
        ({**HAZARD_RATIO, "quote": "hazard ratio = 0.71, $P = .04$"},),
    ),
    Case(
        "SL010",
        False,
        "printed P value recorded",
        {},
        ({**HAZARD_RATIO, "quote": "hazard ratio = 0.71, P = .04", "p_value": 0.04},),
    ),
    Case(
        "SL000",
        True,
        "waiver on a record its rule does not fire on",
        {},
        ({**ORR, "lint_waivers": [{"rule": "SL003", "reason": "bracket is not labelled"}]},),
    ),
    Case(
        "SL000",
        False,
        "waiver on a record its rule fires on",
        {},
        (
            {
                **HAZARD_RATIO,
                "quote": "hazard ratio = 0.71 [0.44-1.13]",
                "lint_waivers": [{"rule": "SL003", "reason": "bracket is not labelled"}],
            },
        ),
    ),
    Case(
        "SL006",
        True,
        "a negation elsewhere in the clause does not hide prior CAR-T",
        {"description": "Not evaluable for CNS disease; 24 of 127 had had CAR-T before."},
    ),
    Case(
        "SL006",
        False,
        "prior CAR-T itself negated",
        {"description": "None of the 127 had had CAR-T before."},
    ),
    Case(
        "SL006",
        False,
        "prior CAR-T said to be not reported",
        {"description": "Whether any of the 127 patients had CAR-T before is not reported."},
    ),
    Case(
        "SL009",
        True,
        "a rate at a time beyond the median follow-up",
        {},
        (
            {
                **ORR,
                "endpoint": "os_rate",
                "response_assessment": None,
                "time_origin": "cart_infusion",
                "timepoint_months": 6.0,
                "followup_months": 2.8,
                "value": 45.0,
            },
        ),
    ),
    Case(
        "SL011",
        True,
        "a cohort declaring no eligibility",
        {"criteria_not_reported": None},
    ),
    Case(
        "SL011",
        False,
        "a cohort saying why it has no criteria",
        {"criteria_not_reported": "Reported second-hand, with no eligibility."},
    ),
    Case(
        "SL012",
        True,
        "65.9% shown with a cohort n it is not a whole share of",
        {"n": 67},
        ({**ORR, "value": 65.9, "quote": "the ORR was 65.9%"},),
    ),
    Case(
        "SL012",
        False,
        "a percentage whose own n is not printed",
        {"n": 67},
        ({**ORR, "value": 65.9, "quote": "the ORR was 65.9%", "denominator_not_printed": True},),
    ),
    Case(
        "SL012",
        True,
        "a share of deaths with no number of deaths",
        {},
        (
            {
                **ORR,
                "endpoint": "death_cause_rate",
                "response_assessment": None,
                "measured": "not_an_effect",
                "value": 50.0,
                "quote": "50% of deaths were due to lymphoma",
            },
        ),
    ),
    Case(
        "SL012",
        True,
        "a subgroup response rate with the whole cohort's denominator",
        {},
        ({**ORR, "subgroup": "Refractory", "denominator": 60},),
    ),
    Case(
        "SL012",
        False,
        "a Kaplan-Meier rate is no whole share of anything",
        {"n": 67},
        (
            {
                **ORR,
                "endpoint": "os_rate",
                "response_assessment": None,
                "time_origin": "treatment_start",
                "timepoint_months": 12.0,
                "value": 65.9,
                "quote": "OS at 12 months was 65.9%",
            },
        ),
    ),
    Case(
        "SL013",
        True,
        "immature only in a note",
        {},
        ({**MEDIAN_PFS, "note": "Immature: few patients at risk."},),
    ),
    Case(
        "SL013",
        False,
        "immature per source",
        {},
        ({**MEDIAN_PFS, "note": "Immature, as the authors say.", "immature_per_source": True},),
    ),
    Case(
        "SL014",
        True,
        "a cohort of a study whose other cohort states criteria, inheriting none",
        {"study": "parent", "criteria_not_reported": "Matched set; no criteria printed."},
    ),
    Case(
        "SL014",
        False,
        "a cohort inheriting its study's criteria",
        {"study": "parent", "criteria_from": "parent-cohort", "criteria_not_reported": None},
    ),
]


def unwaived_codes(base: EvidenceBase, seeds: dict[str, str] | None) -> set[str]:
    return {f.code for f in lint(base, seeds) if not f.waived}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{c.fires}-{c.name}" for c in CASES])
def test_rule(case: Case) -> None:
    base = make_base(case.cohort, case.outcomes, case.findings)
    assert (case.code in unwaived_codes(base, {SEED_FILE: SEED})) == case.fires


def test_every_lint_code_has_a_firing_row() -> None:
    assert {c.code for c in CASES if c.fires} == set(LINT_CODES)
    assert {c.code for c in CASES if not c.fires} == set(LINT_CODES)


def test_a_waiver_suppresses_its_rule_and_is_counted() -> None:
    waiver = {"rule": "SL010", "reason": "the P value belongs to another comparison"}
    outcome = {**HAZARD_RATIO, "quote": "hazard ratio = 0.71, P = .04", "lint_waivers": [waiver]}
    findings = lint(make_base(outcomes=(outcome,)), {SEED_FILE: SEED})
    assert [(f.code, f.waived, f.reason) for f in findings] == [
        ("SL010", True, "the P value belongs to another comparison")
    ]


def test_a_waiver_covers_only_its_own_rule() -> None:
    waiver = {"rule": "SL003", "reason": "bracket is not labelled as a CI"}
    outcome = {**HAZARD_RATIO, "quote": "HR = 0.71 [0.4-1.1], P = .04", "lint_waivers": [waiver]}
    findings = lint(make_base(outcomes=(outcome,)), {SEED_FILE: SEED})
    assert {(f.code, f.waived) for f in findings} == {("SL003", True), ("SL010", False)}


def test_stale_and_unknown_waivers_are_findings() -> None:
    waivers = [
        {"rule": "SL002", "reason": "no longer applies here at all"},
        {"rule": "SL999", "reason": "a rule that does not exist"},
    ]
    findings = lint(make_base(outcomes=({**ORR, "lint_waivers": waivers},)), None)
    stale = [f for f in findings if f.code == "SL000"]
    assert [f.field for f in stale] == ["lint_waivers.0", "lint_waivers.1"]
    assert "no longer fires" in stale[0].message and "not a lint rule" in stale[1].message
    assert not any(f.waived for f in stale)


def test_a_baseline_waiver_names_its_row() -> None:
    row = {
        "feature": "pct_bulky",
        "value": 30.0,
        "measured_at": "before_cohort_treatment",
        "location": "Table 1",
        "quote": "bulky 30%",
        "verified_from": "seed_full_text",
        "lint_waivers": [{"rule": "SL006", "reason": "kept for the stale-waiver test"}],
    }
    findings = lint(make_base({"baseline": [row]}), None)
    assert [(f.code, f.record, f.field) for f in findings] == [
        ("SL000", "cohort toy", "baseline.0.lint_waivers.0")
    ]


def test_without_seeds_the_seed_rules_are_skipped_not_stale() -> None:
    waiver = {"rule": "SL007", "reason": "the 'but' does not change the finding"}
    base = make_base(findings=({**FINDING, "lint_waivers": [waiver]},))
    assert lint(base, None) == []
    assert [(f.code, f.waived) for f in lint(base, {SEED_FILE: SEED})] == [("SL007", True)]


def test_superseded_records_are_not_linted() -> None:
    old = {
        **HAZARD_RATIO,
        "quote": "HR = 0.71, P = .04",
        "superseded_by": "toy-orr",
        "superseded_in": "2026.01.01",
    }
    assert lint(make_base(outcomes=(old, ORR)), None) == []


def test_finding_names_file_record_and_field() -> None:
    outcome = {**HAZARD_RATIO, "quote": "HR = 0.71, P = .04"}
    (finding,) = lint(make_base(outcomes=(outcome,)), None)
    assert str(finding).startswith("SL010 001_toy-2024.toml [outcome toy-hr] p_value: ")


TOML = """
[source]
id = "toy-2024"
added_in = "2026.01.01"
short = "Toy 2024"
citation = "Toy A, et al. A toy study. J Toy 2024."
seed_file = "001_toy.txt"
design = "registry"
publication = "journal_article"

[[cohorts]]
id = "toy"
added_in = "2026.01.01"
label = "Toy cohort"
treatment = "Tafasitamab + lenalidomide"
treatment_class = "tafa_len"
setting = "cart_naive"
cart_exposure = "none"
study = "toy"
n = 60
criteria_not_reported = "The toy study states no eligibility."

[[outcomes]]
id = "toy-hr"
added_in = "2026.01.01"
cohort = "toy"
endpoint = "hazard_ratio_pfs"
measured = "cohort_treatment"
value = 0.71
unit = "ratio"
location = "Results"
quote = "hazard ratio = 0.71, P = .04"
verified_from = "seed_full_text"
"""


def test_a_toml_folder_and_a_seed_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "001_toy-2024.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED_FILE).write_text(SEED, encoding="utf-8")
    base = load(tmp_path / "data")
    seeds = load_seeds(tmp_path / "seeds")
    assert "cd19-negative" in seeds[SEED_FILE]  # normalised: lower case, en dash to hyphen
    files = record_files(tmp_path / "data")
    assert files == {"toy-hr": "001_toy-2024.toml"}
    assert [(f.code, f.file) for f in lint(base, seeds, files)] == [("SL010", "001_toy-2024.toml")]


@pytest.mark.skipif(not (SHARED / "tools" / "check_provenance.py").exists(), reason="no ../shared")
def test_normalise_is_the_checkers() -> None:
    spec = importlib.util.spec_from_file_location(
        "check_provenance", SHARED / "tools" / "check_provenance.py"
    )
    assert spec is not None and spec.loader is not None
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    text = "Median\u00a0PFS \u2013 \u201cNR\u201d\n\u2019s  \u2212 2.8 \ufb01"
    assert normalise(text) == checker.normalise(text)


def test_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / SEED_FILE).write_text(SEED, encoding="utf-8")
    waived = {**ORR, "quote": "the bORR was 45%"}
    waived["lint_waivers"] = [{"rule": "SL002", "reason": "fixture: waived on purpose"}]
    base = make_base(outcomes=(waived,), findings=(FINDING,))
    monkeypatch.setattr(cli, "load", lambda: base)
    assert cli.main(["lint", "--seeds", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("SL007 001_toy-2024.toml [finding toy-no-loss] quote: 'but'")
    assert lines[-1] == "lint: 2 findings (1 flagged, 1 waived)"


def test_command_line_clean_and_without_seeds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(cli, "load", lambda: make_base(findings=(FINDING,)))
    monkeypatch.setattr(cli, "DEFAULT_SEEDS", tmp_path / "absent")
    assert cli.main(["lint"]) == 0
    captured = capsys.readouterr()
    assert "SL007 skipped" in captured.err
    assert captured.out.splitlines() == ["lint: 0 findings (0 flagged, 0 waived)"]
    assert cli.main(["lint", "--seeds", str(tmp_path / "absent")]) == 2


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside it")
def test_real_data_lint_has_no_unwaived_findings(base: EvidenceBase) -> None:
    findings: list[LintFinding] = lint(base, load_seeds(SHARED / "seeds"), record_files())
    unwaived = [str(f) for f in findings if not f.waived]
    assert not unwaived, f"{len(unwaived)} unwaived lint findings:\n" + "\n".join(unwaived)
