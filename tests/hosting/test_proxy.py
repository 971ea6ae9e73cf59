"""Through the proxy: Debian's nginx running deploy/nginx/streamlit.conf (loopback ports, a
self-signed certificate) in front of two replicas started with the container's command.

HTTP: health, the security headers on every kind of response, the redirect to HTTPS, metrics
hidden, an access log without query strings, the websocket upgrade. Chromium: the app renders
over wss:// through the proxy, with zero Content-Security-Policy violations on three pages, and
the Vega-Lite charts draw.
"""

from __future__ import annotations

import re
import ssl
from typing import Any

import pytest

from tests.e2e.conftest import screenshot, wait_for_app
from tests.hosting.stack import HOST, Proxy, Replica, request
from tests.hosting.test_nginx_conf import inline_script_hashes

websocket = pytest.importorskip("websocket")

pytestmark = pytest.mark.slow

SCENARIO = (
    "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
    "&months_cart_to_failure=3&cart_plan=not_candidate"
)
EXPECTED_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
# The pages the browser test opens, and how many Vega-Lite charts each must draw at least.
PAGES = {
    f"/?{SCENARIO}": 3,
    f"/evidence_library?{SCENARIO}": 1,
    f"/cd19_washout?{SCENARIO}&days_since_last_tafasitamab=40": 1,
}
CHARTS = ".vega-embed canvas, .vega-embed svg"


def test_health_through_the_proxy(proxy: Proxy) -> None:
    response = request(f"{proxy.url}/_stcore/health")
    assert (response.status, response.body) == (200, b"ok")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/?{SCENARIO}", 200),
        ("/_stcore/health", 200),
        ("/_stcore/host-config", 200),
        ("/_stcore/metrics", 404),
        ("/favicon.png", 200),
    ],
)
def test_security_headers_on_every_response(proxy: Proxy, path: str, status: int) -> None:
    response = request(f"{proxy.url}{path}")
    assert response.status == status
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == [value], (name, response.headers.get(name))
    (csp,) = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", csp)
    assert script_src and "'unsafe-inline'" not in script_src.group(1)
    assert all(h in script_src.group(1) for h in inline_script_hashes())
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert "camera=()" in (response.header("permissions-policy") or "")
    assert response.header("server") == "nginx", "the Server header shows a version"


def test_metrics_stay_inside(proxy: Proxy, replicas: list[Replica]) -> None:
    assert request(f"{proxy.url}/_stcore/metrics").status == 404
    assert request(f"{replicas[0].url}/_stcore/metrics").status == 200  # only on the pod network


def test_plain_http_redirects_to_https_keeping_the_scenario(proxy: Proxy) -> None:
    response = request(f"http://{HOST}:{proxy.http_port}/?{SCENARIO}")
    assert response.status == 301
    assert response.header("location") == f"https://tumorboard.hospital.example/?{SCENARIO}"
    assert response.header("server") == "nginx"


def test_the_redirect_ignores_a_forged_host_header(proxy: Proxy) -> None:
    response = request(
        f"http://{HOST}:{proxy.http_port}/?{SCENARIO}", headers={"Host": "evil.example"}
    )
    assert response.status == 301
    assert response.header("location") == f"https://tumorboard.hospital.example/?{SCENARIO}"


def test_error_pages_show_no_nginx_version(proxy: Proxy) -> None:
    response = request(f"{proxy.url}/_stcore/metrics")
    assert response.status == 404
    assert b"nginx/" not in response.body and response.header("server") == "nginx"


def test_cookies_through_the_proxy_are_secure_and_samesite(proxy: Proxy) -> None:
    # Streamlit sets its XSRF cookie with the health answer the page asks for first.
    cookies = [
        cookie
        for path in (f"/?{SCENARIO}", "/_stcore/health")
        for cookie in request(f"{proxy.url}{path}").headers.get("set-cookie", [])
    ]
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"_streamlit_xsrf", "tumorboard_route"} <= names, cookies
    for cookie in cookies:
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"secure", "samesite"} <= attributes, cookie
        if not cookie.startswith("_streamlit_xsrf="):  # read by Streamlit's page script
            assert "httponly" in attributes, cookie


def test_media_needs_the_route_cookie_and_is_not_logged(proxy: Proxy) -> None:
    marker = "0" * 56 + ".csv"
    assert request(f"{proxy.url}/media/{marker}").status == 403
    route = "tumorboard_route=" + "a" * 32
    assert request(f"{proxy.url}/media/{marker}", cookie=route).status == 404  # reaches the app
    assert marker not in proxy.access_log.read_text(encoding="utf-8")


def test_access_log_has_paths_but_never_the_scenario(proxy: Proxy) -> None:
    request(f"{proxy.url}/?{SCENARIO}&marker_for_log=1")
    log = proxy.access_log.read_text(encoding="utf-8")
    assert '"GET / HTTP/' in log
    assert "prior_lines" not in log and "marker_for_log" not in log and "?" not in log


def test_websocket_upgrade_through_the_proxy(proxy: Proxy) -> None:
    ws = websocket.create_connection(
        f"wss://{HOST}:{proxy.https_port}/_stcore/stream",
        sslopt={"cert_reqs": ssl.CERT_NONE, "check_hostname": False},
        subprotocols=["streamlit"],
        origin=proxy.url,
        timeout=10,
    )
    try:
        assert ws.getstatus() == 101
        assert ws.getsubprotocol() == "streamlit"
        assert ws.getheaders().get("x-frame-options") == "DENY"
    finally:
        ws.close()


@pytest.mark.e2e
def test_app_renders_through_the_proxy_with_no_csp_violation(
    proxy: Proxy, context: Any, record_property: Any
) -> None:
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    violations: dict[str, list[Any]] = {}
    charts: dict[str, int] = {}
    for path, minimum in PAGES.items():
        page.goto(f"{proxy.url}{path}")
        wait_for_app(page)
        if path.startswith("/?"):
            # The landing page draws its charts once switched on (the toggle keyed "a-details").
            page.locator(".st-key-a-details label").first.click()
            wait_for_app(page)
        try:
            page.wait_for_function(
                f"() => document.querySelectorAll({CHARTS!r}).length >= {minimum}",
                timeout=30_000,
            )
        except Exception:
            screenshot(page, "hosting-proxy-charts-missing")
            raise AssertionError(f"{path}: fewer than {minimum} charts drawn") from None
        page.wait_for_timeout(500)  # late violations (lazy chunks, fonts) are reported too
        errors = page.locator('[data-testid="stException"]')
        assert errors.count() == 0, f"{path}: {errors.first.inner_text()}"
        charts[path] = int(page.evaluate(f"document.querySelectorAll({CHARTS!r}).length"))
        violations[path] = page.evaluate("window.__cspViolations")
    refused = [m for m in console if "Content Security Policy" in m]
    record_property("csp_violations", sum(len(v) for v in violations.values()))
    record_property("charts", charts)
    print(f"\nthrough the proxy: charts per page {charts}, CSP violations {violations}")
    assert all(not v for v in violations.values()), violations
    assert not refused, refused
    assert all(charts[path] >= minimum for path, minimum in PAGES.items()), charts
    # The listener works: an inline script the policy does not name is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__notAllowed = 1'; document.head.appendChild(s); }"
    )
    page.wait_for_function("() => window.__cspViolations.length > 0", timeout=5_000)
    assert page.evaluate("window.__notAllowed") is None
    assert sockets and all(
        url.startswith(f"wss://{HOST}:{proxy.https_port}/_stcore/stream") for url in sockets
    ), sockets
