"""The validator on small broken fixtures (one per error code) and the loader on the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.errors import CODES, EvidenceInvalid
from evidence.loader import load
from tests.evidence.test_releases import RELEASE_CODES

VALID = """
[source]
id = "toy-2020"
added_in = "2026.01.01"
short = "Toy 2020"
citation = "Toy A, et al. A toy study. J Toy 2020."
doi = "10.0000/toy"
year = 2020
design = "retrospective_cohort"
publication = "journal_article"

[[cohorts]]
id = "toy-all"
added_in = "2026.01.01"
label = "Toy, all patients"
treatment = "Tafasitamab + lenalidomide"
treatment_class = "tafa_len"
setting = "cart_naive"
cart_exposure = "none"
study = "toy"
n = 40

[[cohorts.eligibility]]
condition = { field = "double_hit", op = "==", value = false }
text = "Double-hit lymphoma excluded"
location = "Methods"
verified_from = "abstract"

[[outcomes]]
id = "toy-all-orr"
added_in = "2026.01.01"
cohort = "toy-all"
endpoint = "orr"
measured = "cohort_treatment"
response_assessment = "best"
value = 50.0
unit = "%"
denominator = 40
location = "Abstract"
quote = "an ORR of 50% in 40 patients"
verified_from = "abstract"

[[outcomes]]
id = "toy-all-pfs"
added_in = "2026.01.01"
cohort = "toy-all"
endpoint = "median_pfs"
measured = "cohort_treatment"
time_origin = "treatment_start"
value = 6.1
unit = "months"
location = "Results"
verified_from = "abstract"
"""


def write(folder: Path, text: str, name: str = "001_toy-2020.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def codes_of(folder: Path) -> list[str]:
    with pytest.raises(EvidenceInvalid) as caught:
        load(folder)
    return [error.code for error in caught.value.errors]


def test_valid_fixture_loads(tmp_path: Path) -> None:
    base = load(write(tmp_path, VALID))
    assert list(base.sources) == ["toy-2020"]
    assert base.outcomes["toy-all-orr"].ci_method == "clopper_pearson"


BROKEN = [
    ("EV001", VALID.replace("[source]", "[source"), "001_toy-2020.toml"),
    ("EV002", VALID.replace('endpoint = "orr"', 'endpoint = "happiness"'), "001_toy-2020.toml"),
    (
        "EV002",
        VALID.replace('setting = "cart_naive"', 'setting = "somewhere"'),
        "001_toy-2020.toml",
    ),
    ("EV002", VALID.replace("value = 50.0", "value = 150.0"), "001_toy-2020.toml"),
    ("EV002", VALID.replace('field = "double_hit"', 'field = "shoe_size"'), "001_toy-2020.toml"),
    ("EV003", VALID.replace('id = "toy-all-pfs"', 'id = "toy-all-orr"'), "001_toy-2020.toml"),
    (
        "EV004",
        VALID.replace(
            'cohort = "toy-all"\nendpoint = "median_pfs"',
            'cohort = "nobody"\nendpoint = "median_pfs"',
        ),
        "001_toy-2020.toml",
    ),
    ("EV006", VALID, "001_wrong-name.toml"),
    # A later CAR-T can only follow a treatment given before CAR-T.
    (
        "EV011",
        VALID.replace(
            'measured = "cohort_treatment"\nresponse', 'measured = "later_cart"\nresponse'
        ),
        "001_toy-2020.toml",
    ),
    # A cohort called CAR-T-naive whose baseline says some patients had had CAR-T.
    (
        "EV012",
        VALID.replace(
            "[[outcomes]]",
            '[[cohorts.baseline]]\nfeature = "pct_prior_cart"\nvalue = 29.2\n'
            'measured_at = "before_cohort_treatment"\nlocation = "Table 1"\n'
            'verified_from = "abstract"\n\n[[outcomes]]',
            1,
        ),
        "001_toy-2020.toml",
    ),
    (
        "EV007",
        VALID.replace("denominator = 40", "denominator = 40\nevents = 10"),
        "001_toy-2020.toml",
    ),
    (
        "EV008",
        VALID.replace(
            'verified_from = "abstract"\n\n[[outcomes]]\nid = "toy-all-pfs"',
            'verified_from = "abstract"\nconflicts_with = ["toy-all-pfs"]\n\n'
            '[[outcomes]]\nid = "toy-all-pfs"',
        ),
        "001_toy-2020.toml",
    ),
    ("EV010", VALID.replace("value = 50.0", "value = 51.0"), "001_toy-2020.toml"),
    # A cohort inheriting its criteria from itself: the chain never ends.
    (
        "EV013",
        VALID.replace('study = "toy"', 'study = "toy"\ncriteria_from = "toy-all"'),
        "001_toy-2020.toml",
    ),
    (
        "EV017",
        VALID.replace('id = "toy-all-orr"', 'id = "toy-all-orr"\ndraft = true'),
        "001_toy-2020.toml",
    ),
]


@pytest.mark.parametrize(("code", "text", "name"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_error_code_is_reported(tmp_path: Path, code: str, text: str, name: str) -> None:
    assert code in codes_of(write(tmp_path, text, name))


def test_seed_figure_without_quote_is_refused(tmp_path: Path) -> None:
    seeded = VALID.replace(
        'design = "retrospective_cohort"',
        'design = "retrospective_cohort"\nseed_file = "001_x.txt"',
    )
    assert "EV005" in codes_of(
        write(tmp_path, seeded.replace('quote = "an ORR of 50% in 40 patients"\n', ""))
    )


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    assert codes_of(tmp_path) == ["EV009"]


def test_every_error_names_file_record_and_field(tmp_path: Path) -> None:
    text = VALID.replace('endpoint = "orr"', 'endpoint = "happiness"')
    with pytest.raises(EvidenceInvalid) as caught:
        load(write(tmp_path, text))
    message = str(caught.value)
    assert "001_toy-2020.toml" in message
    assert "outcome toy-all-orr" in message
    assert "endpoint" in message


def test_all_errors_are_reported_not_only_the_first(tmp_path: Path) -> None:
    text = VALID.replace('endpoint = "orr"', 'endpoint = "happiness"').replace(
        'unit = "months"', 'unit = "fortnights"'
    )
    assert codes_of(write(tmp_path, text)).count("EV002") == 2


def test_every_code_is_documented_and_tested() -> None:
    # EV014-EV016 hold the files to their releases and changelog: tests/evidence/test_releases.py.
    tested = {code for code, _, _ in BROKEN} | {"EV005", "EV009"} | set(RELEASE_CODES)
    assert tested == set(CODES)


# --- the real evidence base -------------------------------------------------------------------


def test_real_evidence_base_loads(base) -> None:
    assert len(base.sources) >= 30
    assert len(base.outcomes) >= 300


def test_files_are_in_a_fixed_order_one_source_each(base) -> None:
    names = list(base.files.values())
    assert names == sorted(names)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("outcome_id", "value"),
    [
        ("talos-all-median-dor-abstract", 52.1),
        ("talos-all-median-dor-results", 51.2),
    ],
)
def test_known_talos_conflict_is_recorded_both_ways(base, outcome_id, value) -> None:
    outcome = base.outcomes[outcome_id]
    assert outcome.value == value
    assert outcome.conflicts_with
    for other in outcome.conflicts_with:
        assert outcome_id in base.outcomes[other].conflicts_with


def test_seed_000_lenalidomide_dose_error_is_flagged(base) -> None:
    wrong = [o for o in base.outcomes.values() if o.unit == "mg/kg" and o.value == 25]
    assert wrong, "the seed-000 '25 mg/kg' record should be kept verbatim"
    assert all(o.source_error for o in wrong)
    assert all(o.conflicts_with for o in wrong)


def test_half_life_is_in_the_evidence(base) -> None:
    half_lives = [o for o in base.outcomes.values() if o.endpoint.value == "half_life"]
    assert [o.value for o in half_lives] == [17.0]


def test_references_of_the_new_fields_are_checked(tmp_path: Path) -> None:
    """A caveat naming no record, and criteria inherited across kinds of treatment."""
    caveat = VALID + (
        '\n[[findings]]\nid = "toy-caveat"\nadded_in = "2026.01.01"\ntopic = "bias"\n'
        'text = "This could be biased."\n'
        'qualifies = ["toy-all-nothing"]\nlocation = "Discussion"\nverified_from = "abstract"\n'
    )
    assert codes_of(write(tmp_path / "a", caveat)) == ["EV004"]
    other = VALID.replace("[[outcomes]]", _OTHER_COHORT + "\n[[outcomes]]", 1)
    assert codes_of(write(tmp_path / "b", other)) == ["EV013"]


_OTHER_COHORT = """[[cohorts]]
id = "toy-cart"
added_in = "2026.01.01"
label = "Toy CAR-T"
treatment = "CD19 CAR-T"
treatment_class = "cd19_cart"
setting = "cart"
cart_exposure = "none"
study = "toy"
criteria_from = "toy-all"
"""
