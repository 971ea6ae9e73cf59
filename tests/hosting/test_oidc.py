"""Sign-in against a real OpenID Connect provider on loopback, driven in Chromium.

The provider is oidc-provider-mock (a Flask/Authlib OpenID provider for tests) in its own
process. The app runs as two replicas of the container's command behind their own nginx (the
shipped deploy/nginx/streamlit.conf, as in test_proxy.py), each with the same secrets.toml in
``$HOME/.streamlit/`` (where the image has it mounted), written exactly as deploy/README.md tells
a department to write it: ``[auth]`` with redirect_uri (the proxy's address), cookie_secret,
client_id, client_secret and server_metadata_url. The proxy matters: Streamlit accepts the auth
cookie only on the origin of redirect_uri, which every replica shares behind one address.

Proved here: a signed-out visitor sees only the sign-in screen (no page list, no figures); the
login redirect, the provider's consent screen and the callback complete; the user's name shows;
the other replica accepts the same session (shared cookie_secret); a forged or tampered auth
cookie is refused; sign-out (through the provider's end-session page) returns to sign-in.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.conftest import wait_for_app
from tests.hosting.stack import (
    HOST,
    Proxy,
    Replica,
    free_port,
    free_ports,
    replica_of,
    request,
    session_connects,
    start_proxy,
    start_replicas,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

# Run in its own process only: importing it here would trip its deprecation warnings.
if importlib.util.find_spec("oidc_provider_mock") is None:
    pytest.skip(
        "oidc-provider-mock is not installed (requirements-dev.txt)", allow_module_level=True
    )
itsdangerous = pytest.importorskip("itsdangerous")

USER = {"sub": "ada", "name": "Dr Ada Lovelace", "email": "ada.lovelace@hospital.example"}
COOKIE_SECRET = secrets.token_hex(32)
AUTH_COOKIE = "_streamlit_user"
ROUTE_COOKIE = "tumorboard_route"
SCENARIO = "prior_lines=3&prior_cart=true&months_cart_to_failure=4&cart_plan=not_candidate"
SIGN_IN_TITLE = "Tumor-board decision support"
SIGN_IN_BUTTON = "Sign in with your hospital account"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--host",
            HOST,
            "--port",
            str(port),
            "--user-claims",
            json.dumps(USER),
        ],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{HOST}:{port}"
    try:

        def ready() -> bool:
            assert process.poll() is None, "the OpenID provider exited"
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as r:
                return bool(json.load(r)["authorization_endpoint"])

        wait_until("OpenID provider", ready, 30.0)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def department_secrets(provider: str, public_url: str) -> str:
    """secrets.toml as deploy/README.md has a department write it (placeholders filled in)."""
    return (
        "[auth]\n"
        f'redirect_uri = "{public_url}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "tumorboard"\n'
        'client_secret = "tumorboard-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )


@dataclass
class SignedStack:
    replicas: list[Replica]
    proxy: Proxy

    @property
    def url(self) -> str:
        return self.proxy.url


@pytest.fixture(scope="module")
def signed(
    nginx: str, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignedStack]:
    http_port, https_port = free_ports(2)
    public = f"https://{HOST}:{https_port}"
    base = tmp_path_factory.mktemp("auth")
    # As deploy/k8s/deployment.yaml runs them: sign-in required, one sign-out directory for all.
    (base / "sign-outs").mkdir()
    replicas = start_replicas(
        base,
        count=2,
        secrets_toml=lambda _: department_secrets(provider, public),
        extra_env={
            "TUMORBOARD_REQUIRE_SIGN_IN": "1",
            "TUMORBOARD_SIGN_OUT_DIR": str(base / "sign-outs"),
            "TUMORBOARD_SECURE_COOKIES": "1",
        },
    )
    try:
        proxy = start_proxy(
            base / "nginx", [f"{HOST}:{r.port}" for r in replicas], (http_port, https_port)
        )
        try:
            yield SignedStack(replicas, proxy)
        finally:
            proxy.stop()
    finally:
        for replica in replicas:
            replica.stop()


def _route_to(stack: SignedStack, index: int) -> str:
    """A sticky-cookie value that the proxy sends to replica ``index`` (found by trying)."""
    for _ in range(40):
        value = secrets.token_hex(16)
        if replica_of(stack.proxy, stack.replicas, f"{ROUTE_COOKIE}={value}") == index:
            return value
    raise AssertionError(f"no route cookie for replica {index} in 40 tries")


def _sign_in_screen_only(page: Any) -> None:
    """Only the sign-in screen: its title, line and button, and nothing of the app."""
    page.get_by_role("button", name=SIGN_IN_BUTTON).wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text() == SIGN_IN_TITLE
    assert page.locator(".vega-embed").count() == 0, "a chart is shown"
    assert page.locator('[data-testid="stElementContainer"]').count() <= 4, main.inner_text()
    text = main.inner_text()
    assert "Summary." not in text and "Strategies" not in text, text[:500]
    assert page.get_by_text("Signed in as").count() == 0


PAGE_PATHS = ["", "overview", "cd19_washout", "evidence_library", "teaching", "about"]


def _sign_in(page: Any, stack: SignedStack, provider: str) -> None:
    """The login redirect, the provider's consent screen, the callback."""
    page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    page.wait_for_url(f"{provider}/oauth2/authorize**", timeout=30_000)
    assert "Authorize Client" in page.locator("h1").inner_text()
    page.locator(f'button[name="sub"][value="{USER["sub"]}"]').click()  # consent
    page.wait_for_url(f"{stack.url}/**", timeout=30_000)
    _signed_in_as(page, USER["name"])


def _signed_in_as(page: Any, name: str) -> None:
    page.get_by_text(f"Signed in as {name}").first.wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=30_000)


def _forged(value: dict[str, Any], secret: str) -> str:
    serializer = itsdangerous.URLSafeTimedSerializer(secret, salt=AUTH_COOKIE)
    return str(serializer.dumps(json.dumps(value)))


def _auth_cookie(context: Any) -> dict[str, Any] | None:
    return next((c for c in context.cookies() if c["name"] == AUTH_COOKIE), None)


def test_signed_out_sees_no_page_list(signed: SignedStack, context: Any) -> None:
    # First in this file: a signed-in run (later tests) turns the directory list off for the
    # whole process, which would hide the problem.
    page = context.new_page()
    page.goto(f"{signed.url}/?{SCENARIO}")
    page.get_by_role("button", name=SIGN_IN_BUTTON).wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.count() == 0, f"page list shown: {nav.inner_text()!r}"


def test_signed_out_sees_only_the_sign_in_screen_on_every_page(
    signed: SignedStack, context: Any
) -> None:
    page = context.new_page()
    for path in PAGE_PATHS:
        page.goto(f"{signed.url}/{path}?{SCENARIO}&days_since_last_tafasitamab=40")
        _sign_in_screen_only(page)
    assert _auth_cookie(context) is None


def test_sign_in_on_one_replica_is_honoured_by_the_other_and_sign_out_ends_it(
    provider: str, signed: SignedStack, context: Any, browser: Any, record_property: Any
) -> None:
    page = context.new_page()
    counts = [session_connects(r) for r in signed.replicas]
    page.goto(f"{signed.url}/?{SCENARIO}")
    _sign_in_screen_only(page)
    grown = [session_connects(r) - c for r, c in zip(signed.replicas, counts, strict=True)]
    holder = grown.index(max(grown))
    _sign_in(page, signed, provider)
    cookie = _auth_cookie(context)
    assert cookie is not None and cookie["httpOnly"]

    # The other replica accepts the same session: the route cookie is switched to one the
    # proxy sends there, and the page is loaded again (one cookie_secret for all replicas).
    other = 1 - holder
    route = _route_to(signed, other)
    context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": signed.url}])
    before = session_connects(signed.replicas[other])
    page.goto(f"{signed.url}/?{SCENARIO}")
    _signed_in_as(page, USER["name"])
    assert session_connects(signed.replicas[other]) > before, "not served by the other replica"
    record_property("signed_in_on_second_replica", True)

    # A forged cookie (signed with another secret), a tampered real one and an unsigned one
    # are refused: the visitor gets the sign-in screen.
    claims = {**USER, "is_logged_in": True, "provider": "default", "origin": signed.url}
    value = cookie["value"]
    tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    for label, forged in (
        ("forged", _forged({**claims, "name": "Mallory"}, secrets.token_hex(32))),
        ("tampered", tampered),
        ("unsigned", json.dumps(claims)),
    ):
        intruder = browser.new_context(ignore_https_errors=True)
        try:
            intruder.add_cookies([{"name": AUTH_COOKIE, "value": forged, "url": signed.url}])
            other_page = intruder.new_page()
            other_page.goto(f"{signed.url}/?{SCENARIO}")
            _sign_in_screen_only(other_page)
        except AssertionError as err:
            raise AssertionError(f"{label} cookie: {err}") from err
        finally:
            intruder.close()

    # Sign-out, through the provider's end-session page, back to the sign-in screen.
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url(f"{provider}/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signed.url}/**", timeout=30_000)
    _sign_in_screen_only(page)
    assert _auth_cookie(context) is None
    page.goto(f"{signed.url}/?{SCENARIO}")
    _sign_in_screen_only(page)


def test_a_signed_in_user_sees_the_scenarios_figures(
    provider: str, signed: SignedStack, context: Any
) -> None:
    page = context.new_page()
    page.goto(f"{signed.url}/?{SCENARIO}")
    _sign_in_screen_only(page)
    _sign_in(page, signed, provider)
    page.goto(f"{signed.url}/?{SCENARIO}")
    _signed_in_as(page, USER["name"])
    page.wait_for_timeout(1000)
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    wait_for_app(page)
    # The board's figures, then the charts once switched on (the toggle keyed "a-details").
    page.locator(".st-key-board-a").first.wait_for(timeout=30_000)
    page.locator(".st-key-a-details label").first.click()
    page.locator(".vega-embed").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Sign out").count() == 1


# --- issue 18: the link survives sign-in, sign-out ends every copy, cookies hardened -----------

LINK_PAGE = "cd19_washout"
LINK = f"{SCENARIO}&days_since_last_tafasitamab=40"
SIGNED_OUT_LINE = "This sign-in was ended by signing out."


def test_the_links_patient_is_restored_after_sign_in(
    provider: str, signed: SignedStack, context: Any
) -> None:
    page = context.new_page()
    page.goto(f"{signed.url}/{LINK_PAGE}?{LINK}")
    _sign_in_screen_only(page)
    _sign_in(page, signed, provider)
    page.wait_for_url(f"{signed.url}/{LINK_PAGE}?**", timeout=30_000)
    wait_for_app(page)
    page.get_by_text("the link's patient was restored").first.wait_for(timeout=30_000)
    for part in LINK.split("&"):
        assert part in page.url, (part, page.url)
    assert float(page.locator(".st-key-months_cart_to_failure input").input_value()) == 4


def test_every_cookie_after_sign_in_is_secure_and_samesite(
    provider: str, signed: SignedStack, context: Any
) -> None:
    page = context.new_page()
    page.goto(f"{signed.url}/?{SCENARIO}")
    _sign_in(page, signed, provider)
    cookies = [c for c in context.cookies() if f":{signed.proxy.https_port}" in signed.url]
    names = {c["name"] for c in cookies}
    assert {AUTH_COOKIE, "_streamlit_xsrf", ROUTE_COOKIE} <= names, names
    for cookie in cookies:
        assert cookie["secure"] and cookie["sameSite"] in ("Lax", "Strict"), cookie["name"]
        if cookie["name"] != "_streamlit_xsrf":  # read by Streamlit's page script
            assert cookie["httpOnly"], cookie["name"]


def test_the_replica_itself_marks_its_cookies_secure_for_any_proxy(signed: SignedStack) -> None:
    """As behind the Ingress, which cannot add cookie flags: the launcher adds them."""
    for replica in signed.replicas:
        (cookie,) = request(f"{replica.url}/_stcore/health").headers["set-cookie"]
        assert cookie.startswith("_streamlit_xsrf=") and "; Secure" in cookie, cookie
        assert "SameSite=Lax" in cookie and "HttpOnly" not in cookie  # read by the page script


def test_a_cookie_copied_before_sign_out_is_refused_after_it_on_every_replica(
    provider: str, signed: SignedStack, context: Any, browser: Any, record_property: Any
) -> None:
    page = context.new_page()
    page.goto(f"{signed.url}/?{SCENARIO}")
    _sign_in(page, signed, provider)
    copied = [c for c in context.cookies() if c["name"].startswith(AUTH_COOKIE)]
    assert copied

    def as_thief(replica: int) -> Any:
        thief = browser.new_context(ignore_https_errors=True)
        route = _route_to(signed, replica)
        thief.add_cookies([*copied, {"name": ROUTE_COOKIE, "value": route, "url": signed.url}])
        return thief

    before = as_thief(0)  # the copy works while the user is signed in
    try:
        stolen = before.new_page()
        stolen.goto(f"{signed.url}/?{SCENARIO}")
        _signed_in_as(stolen, USER["name"])
    finally:
        before.close()

    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url(f"{provider}/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signed.url}/**", timeout=30_000)
    _sign_in_screen_only(page)

    for replica in (0, 1):
        thief = as_thief(replica)
        try:
            stolen = thief.new_page()
            stolen.goto(f"{signed.url}/?{SCENARIO}")
            _sign_in_screen_only(stolen)
            stolen.get_by_text(SIGNED_OUT_LINE).wait_for(timeout=10_000)
        except AssertionError as err:
            raise AssertionError(f"replica {replica}: {err}") from err
        finally:
            thief.close()
    record_property("copied_cookie_refused_on_replicas", 2)
