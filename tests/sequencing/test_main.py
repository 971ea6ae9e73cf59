from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

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
