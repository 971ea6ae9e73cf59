"""Sign-in fails closed on real replicas (the image's command, the production profile): secrets
that would let anyone in, or that leave sign-in off where the deployment requires it, make every
page say why and show nothing else, and the replica's log says why.

Each replica has ``TUMORBOARD_REQUIRE_SIGN_IN=1``, as deploy/k8s/deployment.yaml sets it, and one
way of getting the secrets wrong: the cookie_secret placeholder copied from deploy/README.md, an
empty cookie_secret, the table typed ``[Auth]``, or the file mounted at the wrong path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.hosting.stack import ROOT, Replica, start_replicas
from tests.ui.test_auth import AUTH

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

REFUSED = "This service is not safe to open as configured, so nothing is shown."


def _readme_placeholder() -> str:
    readme = (ROOT / "deploy" / "README.md").read_text("utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("cookie_secret = "))
    return line.split('"')[1]


def _toml(table: str, section: dict[str, Any]) -> str:
    return f"[{table}]\n" + "".join(f'{key} = "{value}"\n' for key, value in section.items())


CASES = {
    "readme-placeholder": (
        ".streamlit/secrets.toml",
        _toml("auth", AUTH | {"cookie_secret": _readme_placeholder()}),
        "placeholder",
    ),
    "empty-secret": (
        ".streamlit/secrets.toml",
        _toml("auth", AUTH | {"cookie_secret": ""}),
        "missing or empty",
    ),
    "mistyped-table": (".streamlit/secrets.toml", _toml("Auth", AUTH), "[Auth]"),
    "wrong-path": ("secrets.toml", _toml("auth", AUTH), "no [auth] table"),
}


@pytest.fixture(scope="module")
def misconfigured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Replica]]:
    base = tmp_path_factory.mktemp("misconfigured")
    replicas = start_replicas(base, count=len(CASES), extra_env={"TUMORBOARD_REQUIRE_SIGN_IN": "1"})
    try:
        # Secrets are read at the first page run, so they can be laid out after the start.
        for replica, (where, text, _) in zip(replicas, CASES.values(), strict=True):
            (replica.home / where).write_text(text, encoding="utf-8")
        yield dict(zip(CASES, replicas, strict=True))
    finally:
        for replica in replicas:
            replica.stop()


@pytest.mark.parametrize("case", list(CASES))
def test_misconfigured_sign_in_serves_nothing_and_says_why(
    misconfigured: dict[str, Replica], context: Any, case: str
) -> None:
    replica = misconfigured[case]
    why = CASES[case][2]
    page = context.new_page()
    for path in ("", "evidence_library"):
        page.goto(f"{replica.url}/{path}?prior_lines=3")
        alert = page.locator('[data-testid="stAlertContentError"]').first
        alert.wait_for(timeout=30_000)
        text = alert.inner_text()
        assert REFUSED in text and why in text, text
        page.wait_for_timeout(300)
        assert page.get_by_role("button", name="Sign in with your hospital account").count() == 0
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0, "page list shown"
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Summary." not in main and "Evidence" not in main.replace(REFUSED, ""), main
    log = replica.log()
    assert "sign-in configuration refused" in log and why in log, log[-2000:]
    assert _readme_placeholder() not in log  # the reason, never the value
