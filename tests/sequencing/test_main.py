from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sequencing.__main__ import main
from tests.sequencing.conftest import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_assess_from_stdin() -> None:
    code, out, err = run(
        ["assess", "--profile", "-", "--leukapheresis-in-days", "10"],
        json.dumps(SCENARIOS["recent_tafa_cart_planned"]),
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["washout"]["leukapheresis_in_days"] == 10
    assert data["profile"]["days_since_last_tafasitamab"] == 14
    assert data["strategies"] and data["considerations"] and data["fits"]


def test_assess_from_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SCENARIOS["late_cart_failure"]))
    code, out, _ = run(["assess", "--profile", str(path)])
    assert code == 0
    assert json.loads(out)["washout"] is None


def test_invalid_profile_messages() -> None:
    code, out, err = run(
        ["assess", "--profile", "-"],
        json.dumps(
            {
                "ecog": 7,
                "prior_cart": True,
                "prior_lines": 2,
                "months_cart_to_failure": 3,
                "colour": "blue",
            }
        ),
    )
    assert code == 2 and out == ""
    assert "ECOG performance status" in err
    assert "'colour' is not a patient feature" in err
    assert "Traceback" not in err


def test_inconsistent_profile_message() -> None:
    code, _, err = run(
        ["assess", "--profile", "-"], json.dumps({"prior_cart": True, "prior_lines": 2})
    )
    assert code == 2
    assert "months from CAR-T infusion" in err


def test_bad_json_and_missing_file() -> None:
    code, _, err = run(["assess", "--profile", "-"], "{not json")
    assert code == 2 and "not valid JSON" in err
    code, _, err = run(["assess", "--profile", "/nonexistent/p.json"])
    assert code == 2 and "Cannot read" in err
    code, _, err = run(["assess", "--profile", "-"], "[1, 2]")
    assert code == 2 and "JSON object" in err


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sequencing", "assess", "--profile", "-"],
        input=json.dumps({"ecog": 9}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "ECOG" in proc.stderr


# --- as strict as a scenario link (issue 18) ----------------------------------------------------

CART = {"prior_cart": True, "prior_lines": 2, "months_cart_to_failure": 3}


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ('{"prior_lines": true}', "Input should be a valid integer"),
        ('{"ecog": "2"}', "Input should be a valid integer"),
        ('{"bulky": 1}', "Input should be a valid boolean"),
        ('{"ecog": 1, "ecog": 3}', "'ecog' is given more than once"),
        ('{"age": NaN}', "NaN is not a number"),
        ('{"age": Infinity}', "Infinity is not a number"),
        ('{"ecog": [1]}', "'ecog' holds a list or an object"),
        ('{"ecog": {"value": 1}}', "'ecog' holds a list or an object"),
        ("[" * 30_000 + "]" * 30_000, "nested too deeply"),
        ('{"a": ' * 5_000 + "1" + "}" * 5_000, "nested too deeply"),
        ('{"age": 70' + " " * (70 * 1024) + "}", "larger than 64 KiB"),
    ],
    ids=[
        "true-is-not-a-line",
        "string-is-not-a-number",
        "one-is-not-true",
        "duplicate-key",
        "nan",
        "infinity",
        "list",
        "object",
        "deep-list",
        "deep-object",
        "huge",
    ],
)
def test_the_profile_is_read_strictly_with_a_message(profile: str, message: str) -> None:
    code, out, err = run(["assess", "--profile", "-"], profile)
    assert code == 2 and out == "", err
    assert message in err, err
    assert "Traceback" not in err and len(err) < 2000


def test_a_long_given_value_is_shortened_in_the_message() -> None:
    code, _, err = run(["assess", "--profile", "-"], json.dumps({"cart_plan": "x" * 5000}))
    assert code == 2 and len(err) < 1000 and "..." in err


@pytest.mark.parametrize("days", ["366", "99999", "-1", "+5", "٥", "1e2", " ", "3.0"])
def test_leukapheresis_days_are_bounded_like_the_url(days: str) -> None:
    argv = ["assess", "--profile", "-", "--leukapheresis-in-days", days]
    with pytest.raises(SystemExit) as exited:
        run(argv, json.dumps(CART))
    assert exited.value.code == 2


@pytest.mark.parametrize("days", ["0", "365"])
def test_leukapheresis_days_at_the_bounds_are_accepted(days: str) -> None:
    code, out, err = run(
        ["assess", "--profile", "-", "--leukapheresis-in-days", days], json.dumps(CART)
    )
    assert code == 0, err
    assert json.loads(out)["profile"]["prior_lines"] == 2


def test_the_cli_and_the_url_share_the_leukapheresis_bound() -> None:
    from sequencing.__main__ import MAX_LEUKAPHERESIS_DAYS
    from ui import url_state

    assert MAX_LEUKAPHERESIS_DAYS == url_state._MAX_LEUKAPHERESIS_DAYS
