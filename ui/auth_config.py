"""Is the sign-in configuration safe to serve with? Pure checks, no Streamlit.

Sign-in fails closed: when an ``[auth]`` table is present, or a deployment requires sign-in
(``TUMORBOARD_REQUIRE_SIGN_IN=1``, set by the Kubernetes manifests), every problem found here
stops the app before anything is shown. The worst case this prevents: a ``cookie_secret`` copied
from the documentation (or left empty) lets anyone sign the ``_streamlit_user`` cookie themselves
and walk in. Messages name settings, never their values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "AUTH_TABLE",
    "MIN_SECRET_DISTINCT",
    "MIN_SECRET_LENGTH",
    "PLACEHOLDER_WORDS",
    "PROVIDER_KEYS",
    "REQUIRE_VARIABLE",
    "configuration_problems",
    "looks_like_placeholder",
    "mistyped_tables",
    "secret_problem",
    "section_problems",
    "sign_in_required",
]

REQUIRE_VARIABLE = "TUMORBOARD_REQUIRE_SIGN_IN"
AUTH_TABLE = "auth"
# 32 characters: `openssl rand -hex 16` at least; the README asks for `openssl rand -hex 32`.
MIN_SECRET_LENGTH = 32
# Fewer distinct characters than this is a typed pattern ("aaaa...", "abcabc..."), not a secret.
MIN_SECRET_DISTINCT = 8
# Words that mark a value copied from documentation rather than generated. Random secrets
# (hex, base64) do not contain them.
PLACEHOLDER_WORDS = ("placeholder", "changeme", "change-me", "change_me", "example", "secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_TRUE, _FALSE = {"1", "true", "yes"}, {"", "0", "false", "no"}


def sign_in_required(environ: Mapping[str, str] = os.environ) -> tuple[bool, list[str]]:
    """(required, problems) from the deployment's environment variable."""
    raw = environ.get(REQUIRE_VARIABLE, "").strip().lower()
    if raw in _TRUE:
        return True, []
    if raw in _FALSE:
        return False, []
    # A value nobody meant (a typo such as "ture") must not switch sign-in off.
    return True, [f"{REQUIRE_VARIABLE} must be 1 or 0; it is set to something else."]


def looks_like_placeholder(value: str) -> bool:
    lowered = value.lower()
    return "<" in value or ">" in value or any(word in lowered for word in PLACEHOLDER_WORDS)


def secret_problem(value: Any) -> str | None:
    """Why this cookie_secret cannot sign identity cookies, or None when it can."""
    if not isinstance(value, str) or not value.strip():
        return "[auth] cookie_secret is missing or empty: anyone could sign a session cookie."
    if looks_like_placeholder(value):
        return (
            "[auth] cookie_secret is a placeholder copied from documentation: generate one "
            "with `openssl rand -hex 32`."
        )
    if len(value) < MIN_SECRET_LENGTH:
        return f"[auth] cookie_secret is shorter than {MIN_SECRET_LENGTH} characters."
    if len(set(value)) < MIN_SECRET_DISTINCT:
        return "[auth] cookie_secret is a repeated pattern, not a random string."
    return None


def _url_problem(name: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        return f"[auth] {name} must be an absolute http(s) URL."
    if "<" in value or ">" in value:
        return f"[auth] {name} is a placeholder."
    return None


def _provider_problems(where: str, table: Mapping[str, Any]) -> list[str]:
    problems = []
    for key in PROVIDER_KEYS:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where} {key} is missing or empty.")
        elif key != "server_metadata_url" and ("<" in value or ">" in value):
            problems.append(f"{where} {key} is a placeholder.")
    metadata = table.get("server_metadata_url")
    if isinstance(metadata, str) and metadata.strip():
        problem = _url_problem("server_metadata_url", metadata)
        if problem:
            problems.append(problem.replace("[auth]", where))
    return problems


def section_problems(section: Mapping[str, Any]) -> list[str]:
    """Everything wrong with an ``[auth]`` table (empty when it is usable)."""
    problems = []
    secret = secret_problem(section.get("cookie_secret"))
    if secret:
        problems.append(secret)
    redirect = _url_problem("redirect_uri", section.get("redirect_uri"))
    if redirect:
        problems.append(redirect)
    if any(key in section for key in PROVIDER_KEYS):
        return problems + _provider_problems("[auth]", section)
    named = {k: v for k, v in section.items() if isinstance(v, Mapping)}
    if not named:
        problems.append(
            "[auth] names no identity provider: give client_id, client_secret and "
            "server_metadata_url, in [auth] or in a provider table such as [auth.hospital]."
        )
    for name, table in named.items():
        problems += _provider_problems(f"[auth.{name}]", table)
    return problems


def mistyped_tables(keys: Sequence[str]) -> list[str]:
    """Top-level tables that look meant as [auth] but are not (secrets are case-sensitive)."""
    return [
        f"a table named [{key}] was found; secrets are case-sensitive: name it [{AUTH_TABLE}]."
        for key in keys
        if key != AUTH_TABLE and key.strip().lower() == AUTH_TABLE
    ]


def configuration_problems(
    secrets: Mapping[str, Any], required: bool, searched: Sequence[str]
) -> list[str]:
    """Why the app must not serve with these secrets (empty when it may)."""
    problems = mistyped_tables([str(key) for key in secrets])
    section = secrets.get(AUTH_TABLE)
    if section is None:
        if required:
            where = ", ".join(searched) or "no secrets file configured"
            problems.append(
                f"sign-in is required ({REQUIRE_VARIABLE}=1) but no [auth] table was found "
                f"(looked in: {where})."
            )
        return problems
    if not isinstance(section, Mapping):
        return [*problems, "[auth] must be a table of settings."]
    return problems + section_problems(section)
