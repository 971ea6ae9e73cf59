"""Every page reads for everyone: axe-core (the npm package, fetched and hash-checked by
scripts/fetch_axe.py, injected into the page) finds no serious or critical WCAG 2.1 A/AA
violation on the board, the presenter board, CD19 and washout, the library, teaching and about.

The charts are drawn (details switched on) where a page has them, so that their alternative text
is checked too. Each page's violations (every impact) are written to
test-artifacts/accessibility.json for the record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, ROOT, wait_for_app
from tests.ui.board_scenarios import SCENARIOS

pytestmark = pytest.mark.e2e

AXE_VERSION = "4.10.2"
AXE = ROOT / ".cache" / "axe-core" / AXE_VERSION / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
POST_CART = SCENARIOS["early-cart-failure"]
CART_PLANNED = SCENARIOS["recent-tafasitamab"]
REPORT = ARTIFACTS / "accessibility.json"

PAGES = {
    "board": f"/?{POST_CART}",
    "board-cart-planned": f"/?{CART_PLANNED}",
    "presenter": f"/?{POST_CART}&presenter=1",
    "cd19-washout": f"/cd19_washout?{CART_PLANNED}",
    "library": f"/evidence_library?{POST_CART}",
    "teaching": f"/teaching?{CART_PLANNED}",
    "about": f"/about?{POST_CART}",
}


def _axe(tab: Any) -> list[dict[str, Any]]:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:10],
            "summary": v["nodes"][0].get("failureSummary", "")[:300] if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


def _record(name: str, violations: list[dict[str, Any]]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    report[name] = violations
    REPORT.write_text(json.dumps(report, indent=2) + "\n")


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_wcag_violation(browser, app_url: str, name: str) -> None:
    assert AXE.exists(), f"{AXE} missing: run python scripts/fetch_axe.py"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}{PAGES[name]}")
        wait_for_app(tab)
        details = tab.locator(".st-key-a-details")
        if details.count():
            details.locator("label").first.click()
            tab.wait_for_timeout(1500)
            wait_for_app(tab)
        # Streamlit fades the elements of a running script (opacity): axe would measure the fade.
        tab.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]')"
            ".getAttribute('data-test-script-state') === 'notRunning'"
            " && !document.querySelector('[data-stale=true]')",
            timeout=60_000,
        )
        tab.wait_for_timeout(1000)  # charts lay out
        violations = _axe(tab)
    finally:
        context.close()
    _record(name, violations)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, indent=1)


def test_the_pinned_axe_is_the_one_fetched() -> None:
    """scripts/fetch_axe.py and this test pin the same axe-core version."""
    fetcher = (ROOT / "scripts" / "fetch_axe.py").read_text(encoding="utf-8")
    assert f'VERSION = "{AXE_VERSION}"' in fetcher
    assert Path(AXE).name == "axe.min.js"
