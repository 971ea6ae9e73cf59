"""Fixtures for the hosting tests: two replicas of the container's command, nginx with the shipped
deploy/nginx/streamlit.conf in front of them, and headless Chromium.

Session-scoped, so the stack starts once for every test here (about 5 s); teardown stops every
process by its pid, also when a test or the start fails. Skipped (never failed) only when nginx
or Chromium is not installed and cannot be: scripts/test installs both as root.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.hosting.stack import (
    HOST,
    Proxy,
    Replica,
    require_nginx,
    start_proxy,
    start_replicas,
)

LOOPBACK = {HOST, "localhost"}

# Records every Content-Security-Policy violation the page reports, from the first script on.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI,
                               source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


@pytest.fixture(scope="session")
def nginx() -> str:
    return require_nginx()


@pytest.fixture(scope="session")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Replica]]:
    started = start_replicas(tmp_path_factory.mktemp("replicas"), count=2)
    try:
        yield started
    finally:
        for replica in started:
            replica.stop()


@pytest.fixture(scope="session")
def proxy(
    nginx: str, replicas: list[Replica], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Proxy]:
    running = start_proxy(tmp_path_factory.mktemp("nginx"), [f"{HOST}:{r.port}" for r in replicas])
    try:
        yield running
    finally:
        running.stop()


def _loopback_only(route: Any) -> None:
    """Requests to any other host are aborted: the tests stay on this machine."""
    if urlparse(route.request.url).hostname in LOOPBACK or route.request.url.startswith(
        ("data:", "blob:")
    ):
        route.continue_()
    else:
        route.abort()


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies) that trusts the test certificate, records CSP
    violations and never leaves loopback.

    Playwright's sync API serves routed requests only while the test is inside a Playwright
    call: wait with ``page.wait_for_timeout``, never ``time.sleep``, while the page must load."""
    ctx = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(CSP_LISTENER)
    ctx.route("**/*", _loopback_only)
    ctx.set_default_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The suite-wide no-outbound check runs last, after every other hosting test."""
    from tests.hosting.test_outbound import LAST

    last = [item for item in items if item.name == LAST]
    items[:] = [item for item in items if item.name != LAST] + last
