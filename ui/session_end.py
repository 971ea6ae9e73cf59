"""When a signed-in session ends: an absolute lifetime, and sign-out that ends every copy.

Streamlit's identity cookie is stateless: signed with ``cookie_secret``, valid for 30 days, and
a copy taken before sign-out keeps working after it. Two checks run on every script run:

- **Lifetime.** The cookie carries the identity provider's ID-token claims; ``iat`` (when the
  token was issued, i.e. the sign-in) starts the clock, and after ``TUMORBOARD_SESSION_HOURS``
  (default 12) the session counts as signed out. ``iat`` is inside the signed cookie, so it
  cannot be moved without the secret. A cookie without a usable ``iat`` is refused.
- **Sign-out.** The app's sign-out button records the login (a SHA-256 of the cookie's claims,
  which differ at every sign-in: ``iat``, ``nonce``) in a directory, one empty-named file per
  login holding when the entry may be forgotten (the end of its lifetime). Every run checks it.
  The directory (``TUMORBOARD_SIGN_OUT_DIR``) must be shared by all replicas for sign-out to end
  access everywhere; on a per-replica directory it ends access on that replica only (see
  deploy/README.md, "Sign-out"). Nothing in it names a person: only hashes and times.

Rotating ``cookie_secret`` invalidates every cookie at once (they no longer verify).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CLOCK_SKEW_S",
    "DEFAULT_LIFETIME_HOURS",
    "EXPIRED",
    "LIFETIME_VARIABLE",
    "MAX_LIFETIME_HOURS",
    "NO_TIME",
    "SIGNED_OUT",
    "STORE_VARIABLE",
    "ended",
    "is_signed_out",
    "lifetime_hours",
    "login_key",
    "record_sign_out",
    "signed_in_at",
    "store_dir",
    "store_problem",
]

LIFETIME_VARIABLE = "TUMORBOARD_SESSION_HOURS"
STORE_VARIABLE = "TUMORBOARD_SIGN_OUT_DIR"
DEFAULT_LIFETIME_HOURS = 12
MAX_LIFETIME_HOURS = 24 * 7
# Clocks of the identity provider and the app may differ a little; more than this is a forgery
# or a broken clock, and either way not a sign-in time to trust.
CLOCK_SKEW_S = 300
EXPIRED = "Your sign-in has expired (sessions last {hours} hours). Please sign in again."
SIGNED_OUT = "This sign-in was ended by signing out. Please sign in again."
NO_TIME = "This sign-in has no usable sign-in time, so its age is unknown. Please sign in again."


def lifetime_hours(environ: Mapping[str, str] = os.environ) -> tuple[int, str | None]:
    """(hours, problem): the configured absolute session lifetime."""
    raw = environ.get(LIFETIME_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_LIFETIME_HOURS, None
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_LIFETIME_HOURS:
        return int(raw), None
    return DEFAULT_LIFETIME_HOURS, (
        f"{LIFETIME_VARIABLE} must be a whole number of hours from 1 to {MAX_LIFETIME_HOURS}."
    )


def signed_in_at(user: Mapping[str, Any]) -> float | None:
    """The ID token's issue time (seconds since the epoch), or None when absent or not a number."""
    value = user.get("iat")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def login_key(user: Mapping[str, Any]) -> str:
    """One login's identity: the same for every copy of its cookie, new at each sign-in."""
    claims = {key: value for key, value in user.items() if key != "tokens"}
    canonical = json.dumps(claims, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def store_dir(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get(STORE_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / "tumorboard-sign-outs"


def store_problem(directory: Path) -> str | None:
    """Why sign-outs cannot be recorded in ``directory`` (it is created when missing)."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        return f"the sign-out directory cannot be created ({error.strerror})."
    if not os.access(directory, os.R_OK | os.W_OK | os.X_OK):
        return "the sign-out directory is not readable and writable by the app."
    return None


def record_sign_out(directory: Path, key: str, until: float, now: float | None = None) -> None:
    """Remember that this login signed out, until its lifetime would have ended anyway."""
    now = time.time() if now is None else now
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Write then rename: a replica reading at the same moment sees the whole entry or none.
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".pending-")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{until:.0f}\n")
    os.replace(temporary, directory / key)
    _forget_expired(directory, now)


def is_signed_out(directory: Path, key: str) -> bool:
    return (directory / key).exists()


def _forget_expired(directory: Path, now: float) -> None:
    """Entries past their lifetime are refused by the lifetime check anyway: drop them."""
    for entry in directory.iterdir():
        if entry.name.startswith("."):
            continue
        with contextlib.suppress(OSError, ValueError):
            if float(entry.read_text(encoding="ascii").strip()) < now:
                entry.unlink()


def ended(
    user: Mapping[str, Any], directory: Path, hours: int, now: float | None = None
) -> str | None:
    """Why this signed-in session has ended (a message for the user), or None when it has not."""
    now = time.time() if now is None else now
    issued = signed_in_at(user)
    if issued is None or issued > now + CLOCK_SKEW_S:
        return NO_TIME
    if now - issued > hours * 3600:
        return EXPIRED.format(hours=hours)
    if is_signed_out(directory, login_key(user)):
        return SIGNED_OUT
    return None
