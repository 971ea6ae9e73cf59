"""An older scenario link on the page: what changed for its patient since its evidence version,
then today's link once the user is done (AppTest, real data)."""

from __future__ import annotations

from evidence.version import EVIDENCE_VERSION
from tests.ui.apptest import run_page
from tests.ui.board_scenarios import params
from ui.changes import DONE

OLD = "2026.12.01"


def test_real_data_an_older_link_lists_what_changed_and_keeps_its_version() -> None:
    at = run_page("overview", params("late-cart-failure") | {"ev": OLD})
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert labels[0].startswith(f"What changed for this patient since evidence {OLD}")
    tables = "\n".join(m.value for m in at.expander[0].markdown)
    assert "Polatuzumab-based *(new since then)*" in tables
    assert f"| What | {OLD} | {EVIDENCE_VERSION} | Why |" in tables
    assert at.query_params["ev"] == OLD  # the link still reproduces the list
    at.button(key="since-done").click().run()
    assert at.query_params["ev"] == EVIDENCE_VERSION
    assert not any(e.label.startswith("What changed") for e in at.expander)


def test_real_data_a_link_of_today_lists_nothing_and_carries_its_version() -> None:
    at = run_page("overview", params("late-cart-failure"))
    assert not at.exception and not at.warning
    assert not any(e.label.startswith("What changed") for e in at.expander)
    assert not any(b.label == DONE for b in at.button)
    assert at.query_params["ev"] == EVIDENCE_VERSION


def test_a_version_this_installation_does_not_know_is_said_plainly() -> None:
    at = run_page("overview", params("late-cart-failure") | {"ev": "2026.12.05"})
    assert not at.exception
    assert any("does not know" in w.value for w in at.warning)
    assert at.button(key="since-done").label == DONE


def test_a_malformed_version_is_named_not_echoed() -> None:
    at = run_page("overview", params("late-cart-failure") | {"ev": "<b>x</b>"})
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("URL parameter ev: not an evidence version") for w in warnings)
    assert not any("<b>" in w for w in warnings)
    assert at.query_params["ev"] == EVIDENCE_VERSION
