"""The scenario in the URL never reaches an outside site through a DOI link.

The app's own DOI links (evidence records, drawn by ``ui.records`` as Markdown links)
are clicked in Chromium, on the app behind the proxy and on the app alone, started the way
scripts/start starts it (development profile, no proxy). Each link's target is rewritten to a
stand-in server on loopback (same scheme as the page, so a downgrade cannot hide a leak), keeping
every other attribute; the stand-in records the Referer header it receives.

A control link without ``rel`` (the test's own) shows that the stand-in does see a Referer when
the browser sends one: on the app alone Chromium's default policy sends the bare origin; behind
the proxy the ``Referrer-Policy: no-referrer`` header stops even that.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import queue
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.e2e.conftest import wait_for_app
from tests.hosting.stack import HOST, ROOT, Proxy, free_port, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SCENARIO = (
    "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
    "&months_cart_to_failure=3&cart_plan=not_candidate&days_since_last_tafasitamab=40"
)
PAGE = f"/cd19_washout?{SCENARIO}"  # "What is known" opens with its evidence records shown
# The first DOI link a user can see (others sit in collapsed expanders).
DOI_LINK = '[data-testid="stMain"] a[href^="https://doi.org/"]:visible'
VISIT_TIMEOUT_S = 15.0


@dataclass
class Visit:
    path: str
    referer: str | None  # the Referer header the stand-in received
    document_referrer: str = ""  # document.referrer in the opened tab


class _StandIn(http.server.BaseHTTPRequestHandler):
    visits: queue.Queue[Visit]

    def do_GET(self) -> None:
        self.server.visits.put(Visit(self.path, self.headers.get("Referer")))  # type: ignore[attr-defined]
        body = b"<!doctype html><title>stand-in</title><p>outside site</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # quiet
        pass


@contextlib.contextmanager
def stand_in(tls: tuple[Path, Path] | None) -> Iterator[tuple[str, queue.Queue[Visit]]]:
    """An 'outside site' on loopback (HTTPS with the test certificate when ``tls`` is given)."""
    server = http.server.ThreadingHTTPServer((HOST, 0), _StandIn)
    server.visits = queue.Queue()  # type: ignore[attr-defined]
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"{scheme}://{HOST}:{server.server_address[1]}", server.visits  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def app_alone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as scripts/start serves it (dev profile, project root), on a loopback port."""
    port = free_port()
    home = tmp_path_factory.mktemp("home")  # no secrets.toml from this machine: open mode
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(home)
    log = (tmp_path_factory.mktemp("app-alone") / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            HOST,  # scripts/start listens on every interface; the tests stay on loopback
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{HOST}:{port}"
    try:
        import urllib.request

        def healthy() -> bool:
            assert process.poll() is None, "the app exited"
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                return bool(response.read() == b"ok")

        wait_until("the app alone", healthy, 60.0, 0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _next_visit(page: Any, visits: queue.Queue[Visit], path: str) -> Visit:
    """The stand-in's next request for ``path`` (its own favicon requests are skipped)."""
    deadline = time.monotonic() + VISIT_TIMEOUT_S
    while True:
        with contextlib.suppress(queue.Empty):
            visit = visits.get_nowait()
            if unquote(visit.path) == unquote(path):
                return visit
            continue
        assert time.monotonic() < deadline, f"the stand-in got no request for {path}"
        page.wait_for_timeout(50)  # keeps Playwright serving the page's routed requests


def _click_and_read_referer(
    page: Any, selector: str, visits: queue.Queue[Visit], path: str
) -> Visit:
    with page.context.expect_page(timeout=VISIT_TIMEOUT_S * 1000) as popup_info:
        page.locator(selector).first.click()
    visit = _next_visit(page, visits, path)
    popup = popup_info.value
    popup.wait_for_load_state(timeout=VISIT_TIMEOUT_S * 1000)
    visit.document_referrer = str(popup.evaluate("document.referrer"))
    popup.close()
    return visit


def _doi_link_attributes(page: Any) -> dict[str, str]:
    return dict(
        page.locator(DOI_LINK).first.evaluate(
            "a => ({href: a.getAttribute('href'), rel: a.rel, target: a.target})"
        )
    )


def _check_app_links(page: Any, base_url: str, outside: str, visits: queue.Queue[Visit]) -> Visit:
    page.goto(f"{base_url}{PAGE}")
    wait_for_app(page)
    page.locator(DOI_LINK).first.wait_for(timeout=30_000)
    assert "prior_lines=3" in page.url  # the scenario is in the address the link would leak
    link = _doi_link_attributes(page)
    assert link["target"] == "_blank"
    assert "noreferrer" in link["rel"].split(), link
    # The same element, its target moved to the stand-in: rel, target and handlers unchanged.
    doi = link["href"].removeprefix("https://doi.org/")
    page.locator(DOI_LINK).first.evaluate(
        "(a, url) => { a.href = url; a.dataset.referrerTest = 'doi'; }", f"{outside}/doi/{doi}"
    )
    return _click_and_read_referer(page, 'a[data-referrer-test="doi"]', visits, f"/doi/{doi}")


def _control_link(page: Any, outside: str, visits: queue.Queue[Visit]) -> Visit:
    page.evaluate(
        """(url) => {
          const a = document.createElement('a');
          a.href = url; a.target = '_blank'; a.id = 'referrer-control'; a.textContent = 'control';
          a.style = 'position:fixed;top:40%;right:20px;z-index:100000;background:white';
          document.body.appendChild(a);
        }""",
        f"{outside}/control",
    )
    return _click_and_read_referer(page, "#referrer-control", visits, "/control")


def test_doi_links_send_no_referer_behind_the_proxy(
    proxy: Proxy, context: Any, record_property: Any
) -> None:
    tls = (proxy.workdir / "tls" / "tumorboard.crt", proxy.workdir / "tls" / "tumorboard.key")
    with stand_in(tls) as (outside, visits):
        page = context.new_page()
        visit = _check_app_links(page, proxy.url, outside, visits)
        control = _control_link(page, outside, visits)
    record_property("referer_via_proxy", visit.referer)
    print(f"\nbehind the proxy: DOI link Referer {visit.referer!r}, control {control.referer!r}")
    assert visit.referer is None and visit.document_referrer == ""
    assert control.referer is None  # Referrer-Policy: no-referrer covers every link


def test_doi_links_send_no_referer_from_the_app_alone(
    app_alone: str, context: Any, record_property: Any
) -> None:
    with stand_in(None) as (outside, visits):
        page = context.new_page()
        visit = _check_app_links(page, app_alone, outside, visits)
        control = _control_link(page, outside, visits)
    record_property("referer_app_alone", visit.referer)
    print(f"\napp alone: DOI link Referer {visit.referer!r}, control {control.referer!r}")
    assert visit.referer is None and visit.document_referrer == ""
    # The control proves the stand-in sees a Referer when one is sent (the bare origin).
    assert control.referer == f"{app_alone}/", control.referer
