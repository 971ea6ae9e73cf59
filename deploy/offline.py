"""The app never calls out: Streamlit's two look-ups of this machine's addresses, switched off.

Where (Streamlit 1.67): ``streamlit.web.server.server_util.is_url_from_allowed_origins`` decides
whether a websocket's foreign ``Origin`` is allowed. After the names it knows (localhost,
``browser.serverAddress``), it calls ``streamlit.net_util.get_internal_ip`` (a UDP "connect" to
8.8.8.8 to read the route) and ``streamlit.net_util.get_external_ip`` (an HTTP request to
checkip.amazonaws.com, then again over HTTPS, 1 s timeout each, and again at every refusal when
it fails). That runs inside the server's event loop: with egress blocked, each refused foreign
websocket stalled the whole replica for about 2 s, and it is a request off the hospital network.
``bootstrap._print_url`` makes the same calls for the welcome banner (off in production).

Neither address is needed: the public name is ``browser.serverAddress`` (or
``server.corsAllowedOrigins``), and a foreign origin is refused without them. So both functions
are replaced by ones that return None ("unknown"), which every caller already handles.
``tests/hosting/test_outbound.py`` fails when these functions move, and proves with an audit
hook in the replicas that no non-loopback connection or name look-up happens at all.
"""

from __future__ import annotations

import importlib
import logging

MODULE = "streamlit.net_util"
LOOKUPS = ("get_internal_ip", "get_external_ip")

_LOG = logging.getLogger("tumorboard.offline")


def _unknown() -> None:
    """Stands in for an address look-up: the address is not known, and nothing is asked."""
    return None


def problem() -> str | None:
    """Why the look-ups cannot be replaced, or None when they can."""
    try:
        module = importlib.import_module(MODULE)
    except ImportError as err:
        return f"{MODULE} cannot be imported ({err})"
    missing = [name for name in LOOKUPS if not callable(getattr(module, name, None))]
    if missing:
        return f"{MODULE} no longer has {', '.join(missing)}"
    return None


def install() -> bool:
    """Replace the look-ups; False (with an error logged) when Streamlit has moved them."""
    found = problem()
    if found is not None:
        # Still serve: the NetworkPolicy blocks egress, and the hosting tests fail loudly.
        _LOG.error("could not switch off Streamlit's address look-ups (%s)", found)
        return False
    module = importlib.import_module(MODULE)
    for name in LOOKUPS:
        setattr(module, name, _unknown)
    return True
