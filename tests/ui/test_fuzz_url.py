"""Property-based fuzzing of every query parameter through AppTest: random, oversized, unicode,
script-like and out-of-range values never raise, always fall back with a warning, and nothing of
the input comes back on the page."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ui.apptest import run_page, shown_text
from ui.url_state import B_PREFIX, LEUKAPHERESIS, PROFILE_FIELDS

NAMES = [
    *PROFILE_FIELDS,
    LEUKAPHERESIS,
    "compare",
    "presenter",
    *(B_PREFIX + name for name in PROFILE_FIELDS),
]
HOSTILE = st.sampled_from(
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "[click](javascript:alert(1))",
        "**bold**",
        "$\\LaTeX$",
        "' OR 1=1 --",
        "\u202eevil",
        "😀" * 50,
        "9" * 5000,
        "-1e308",
        "NaN",
        "Infinity",
        "0x10",
        " 1 ",
        "\x00",
        "%00",
    ]
)
VALUES = st.one_of(
    HOSTILE,
    st.text(max_size=300),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
PARAMS = st.dictionaries(st.sampled_from(NAMES), VALUES, min_size=1, max_size=6)


def _distinctive(value: str) -> bool:
    """Values long and odd enough that seeing them on the page can only mean an echo."""
    return len(value.strip()) >= 6 and not value.strip().replace(".", "").isdigit()


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(params=PARAMS)
def test_any_url_renders_with_warnings_and_no_echo(params: dict[str, str]) -> None:
    at = run_page("overview", params)
    assert not at.exception, (params, at.exception)
    page = shown_text(at)
    warnings = " ".join(str(w.value) for w in at.warning)
    for value in params.values():
        if _distinctive(value):
            assert value not in page and value not in warnings, value
    assert not at.get("html") or all("script" not in str(h.proto) for h in at.get("html"))


@settings(
    max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(name=st.sampled_from(PROFILE_FIELDS), value=HOSTILE)
def test_a_bad_value_names_its_parameter(name: str, value: str) -> None:
    at = run_page("cd19_washout", {name: value})
    assert not at.exception
    if value.strip() not in ("", "1"):
        assert any(name in str(w.value) for w in at.warning), (name, value)
