"""The scenario link survives sign-in: the page and query string, held across the login round trip.

Streamlit's sign-in always returns to ``/``, so a visitor who opened a patient's link signed out
would land on the default patient. When the sign-in button is pressed, the page and query string
are kept here, in this process's memory, for a few minutes, under a key derived from the
browser's ``_streamlit_xsrf`` cookie (which the browser keeps through the round trip); the first
signed-in run in that browser takes them back and reopens the link. The proxy's sticky cookie
brings the browser back to the same replica. If that replica went away meanwhile, nothing is
found, and the page says plainly that the link's patient was not restored.

Nothing here reaches a disk or a log: it is the same scenario the URL carries, held as long as a
sign-in takes (``TTL_S``), at most ``MAX_ENTRIES`` of them, and removed when taken.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

__all__ = [
    "JUST_SIGNED_IN_S",
    "MAX_ENTRIES",
    "MAX_QUERY_BYTES",
    "TTL_S",
    "XSRF_COOKIE",
    "browser_key",
    "keep",
    "take",
]

XSRF_COOKIE = "_streamlit_xsrf"
TTL_S = 600.0
MAX_ENTRIES = 1000
MAX_QUERY_BYTES = 8192
# A sign-in this recent, with nothing kept for the browser, means the link was lost on the way.
JUST_SIGNED_IN_S = 180.0

_LOCK = threading.Lock()
# key: (expires, page, query); query None: the link was too long to keep (and would be refused).
_KEPT: OrderedDict[str, tuple[float, str, str | None]] = OrderedDict()


def browser_key(xsrf_cookie: str | None) -> str | None:
    """A key for this browser from Streamlit's XSRF cookie, or None when it has none.

    The cookie is Tornado's format ``2|mask|masked token|time`` (its mask changes at every
    response, the token does not) or a bare hex token; only a hash of the token is kept.
    """
    if not xsrf_cookie:
        return None
    parts = xsrf_cookie.strip("\"'").split("|")
    try:
        if len(parts) == 4 and parts[0] == "2":
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
            token = bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)) if mask else b""
        elif len(parts) == 1:
            token = bytes.fromhex(parts[0])
        else:
            return None
    except ValueError:
        return None
    return hashlib.sha256(token).hexdigest() if token else None


def keep(key: str, page: str, query: str, now: float | None = None) -> None:
    """Hold this browser's page and query string through its sign-in. A query string longer
    than any scenario link is not kept, only the fact that there was one (it is refused)."""
    kept = None if len(query.encode("utf-8")) > MAX_QUERY_BYTES else query
    now = time.monotonic() if now is None else now
    with _LOCK:
        _drop_expired(now)
        _KEPT.pop(key, None)
        _KEPT[key] = (now + TTL_S, page[:100], kept)
        while len(_KEPT) > MAX_ENTRIES:
            _KEPT.popitem(last=False)


def take(key: str, now: float | None = None) -> tuple[str, str | None] | None:
    """(page, query) kept for this browser, removed as it is returned; None when nothing is."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        _drop_expired(now)
        entry = _KEPT.pop(key, None)
    return None if entry is None else (entry[1], entry[2])


def _drop_expired(now: float) -> None:
    for key in [key for key, (expires, _, _) in _KEPT.items() if expires < now]:
        del _KEPT[key]
