"""ui.login_return: the page and link kept through a sign-in, under a key from the XSRF cookie."""

from __future__ import annotations

import os

from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from ui import login_return, url_state


def test_the_key_is_the_same_for_every_masking_of_one_browsers_token() -> None:
    token = os.urandom(16)
    cookies = {generate_xsrf_token_string(token, 1_700_000_000) for _ in range(5)}
    assert len(cookies) == 5  # Streamlit re-masks the token in every response
    keys = {login_return.browser_key(cookie) for cookie in cookies}
    assert len(keys) == 1 and None not in keys
    other = login_return.browser_key(generate_xsrf_token_string(os.urandom(16), 1))
    assert other not in keys


def test_no_key_without_a_readable_cookie() -> None:
    for cookie in (None, "", "2|zz|00|1", "1|2|3", "2||aa|1"):
        assert login_return.browser_key(cookie) is None, cookie


def test_kept_once_then_gone() -> None:
    login_return.keep("k1", "cd19_washout", "ecog=2&prior_lines=3", now=100.0)
    assert login_return.take("k1", now=101.0) == ("cd19_washout", "ecog=2&prior_lines=3")
    assert login_return.take("k1", now=102.0) is None


def test_kept_only_for_the_length_of_a_sign_in() -> None:
    login_return.keep("k2", "", "ecog=2", now=100.0)
    assert login_return.take("k2", now=100.0 + login_return.TTL_S + 1) is None


def test_a_link_too_long_for_a_scenario_is_not_kept_only_marked() -> None:
    assert login_return.MAX_QUERY_BYTES == url_state.MAX_LINK_BYTES
    login_return.keep("k3", "", "x=" + "1" * url_state.MAX_LINK_BYTES, now=100.0)
    assert login_return.take("k3", now=101.0) == ("", None)


def test_memory_is_bounded() -> None:
    for number in range(login_return.MAX_ENTRIES + 50):
        login_return.keep(f"bulk-{number}", "", "ecog=1", now=200.0)
    assert len(login_return._KEPT) <= login_return.MAX_ENTRIES
    assert login_return.take("bulk-0", now=200.0) is None  # the oldest went first
    assert login_return.take(f"bulk-{login_return.MAX_ENTRIES + 49}", now=200.0) is not None
