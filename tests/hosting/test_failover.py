"""Failover: the replica holding a browser's session stops; the page reconnects through the proxy
to the other replica and shows the same scenario's figures again, rebuilt from the URL.

What Streamlit 1.67's frontend does (measured here): it reconnects the websocket at once (nginx
sends it to the other replica, where a new, empty session starts) and keeps the page as drawn;
it asks for a run only at the next interaction. So the test waits for the reconnection, then
interacts: a rerun (the "r" key, as a user would after a "connection lost" moment), which must
redraw the same figures from the URL on the new replica, then a feature change, which must work
there as it did before.

The stopped replica is started again (same port) before the test ends, so the session's other
tests keep two replicas whatever the order.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.conftest import screenshot, wait_for_app
from tests.hosting.stack import Proxy, Replica, session_connects

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SCENARIO = (
    "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
    "&months_cart_to_failure=3&cart_plan=not_candidate&ecog=2"
)
FAILOVER_TIMEOUT_S = 60.0

# Counts script runs from now on (a run that ends between two polls is still seen).
COUNT_RUNS = """
() => {
  window.__runs = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.target.getAttribute('data-test-script-state') === 'running') window.__runs++;
    }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""
RERENDERED = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__runs > 0 && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]');
}
"""


def _figures(page: Any) -> dict[str, str]:
    """What the room reads: the summary line and every strategy card's title."""
    summary = page.locator('[data-testid="stMarkdownContainer"] p', has_text="Summary.").first
    titles = page.locator('[data-testid="stMarkdownContainer"] h4').all_inner_texts()
    return {"summary": summary.inner_text(timeout=30_000), "strategies": " | ".join(titles)}


def test_page_moves_to_the_other_replica_with_the_same_scenario(
    proxy: Proxy, replicas: list[Replica], context: Any, record_property: Any
) -> None:
    page = context.new_page()
    before_counts = [session_connects(r) for r in replicas]
    page.goto(f"{proxy.url}/?{SCENARIO}")
    wait_for_app(page)
    before = _figures(page)
    grown = [session_connects(r) - b for r, b in zip(replicas, before_counts, strict=True)]
    assert sorted(grown) == [0, 1], f"the page's session was counted as {grown}"
    holder = replicas[grown.index(1)]
    other = replicas[1 - grown.index(1)]
    other_before = session_connects(other)
    try:
        started = time.monotonic()
        holder.stop()  # SIGTERM, as Kubernetes stops a pod
        deadline = started + FAILOVER_TIMEOUT_S
        while session_connects(other) == other_before:
            assert time.monotonic() < deadline, "the page did not reconnect to the other replica"
            # Not time.sleep: Playwright's sync API serves the page's routed requests (the
            # context's loopback-only filter) only while the test is inside a Playwright call.
            page.wait_for_timeout(100)
        reconnected = time.monotonic() - started
        page.evaluate(COUNT_RUNS)
        page.locator("body").press("r")  # rerun: the new replica builds the page from the URL
        page.wait_for_function(RERENDERED, timeout=FAILOVER_TIMEOUT_S * 1000)
        redrawn = time.monotonic() - started
        after = _figures(page)
        record_property("failover_reconnect_s", round(reconnected, 2))
        record_property("failover_redrawn_s", round(redrawn, 2))
        print(
            f"\nfailover: {holder.name} stopped; websocket on {other.name} after "
            f"{reconnected:.2f} s, page redrawn there after {redrawn:.2f} s"
        )
        assert after == before
        assert "ecog=2" in page.url and "months_cart_to_failure=3" in page.url
        # The next change of a feature is served by the new replica like any other.
        field = page.locator(".st-key-months_cart_to_failure input")
        field.fill("9")
        field.press("Enter")
        page.wait_for_function(
            "() => window.location.search.includes('months_cart_to_failure=9')", timeout=30_000
        )
        wait_for_app(page)
        page.wait_for_function(RERENDERED, timeout=30_000)
        assert "(late)" in _figures(page)["summary"]
        assert "ECOG 2" in _figures(page)["summary"]
        screenshot(page, "hosting-after-failover")
    finally:
        holder.start()
        holder.wait_healthy()
