"""Property-based fuzzing of every query parameter: random, oversized, unicode, script-like and
out-of-range values never raise and nothing of the input comes back on the page (AppTest); and
every accepted URL is the patient it describes, field by field: the URL's own value, a derived
value listed in `derived`, or the default of an absent or malformed (and warned) parameter, never
a silent replacement, and a contradiction yields no profile at all."""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.version import EVIDENCE_VERSION
from sequencing.profile import PatientProfile, consistency_problems
from tests.ui.apptest import run_page, shown_text
from ui import form
from ui.url_state import (
    B_PREFIX,
    LEUKAPHERESIS,
    PROFILE_FIELDS,
    ParsedScenario,
    parse_url,
    url_params,
)
from views.summary import features_text

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


# --- Every accepted URL is the patient it describes, field by field (pure, no AppTest) -------

_ABSENT = object()
_JUNK = st.sampled_from(
    [
        "banana",
        "<script>alert(1)</script>",
        "-5",
        "1e999",
        "nan",
        "x" * 60,
        "[x](javascript:alert(1))",
        "maybe",
        "0x10",
        "½",
    ]
)


def _value_strategy(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """Any valid value of one profile field, from its annotation and constraints."""
    if get_origin(annotation) is Literal:
        return st.sampled_from(get_args(annotation))
    if get_origin(annotation) in (Union, types.UnionType):
        return st.one_of(
            *(
                st.none() if arg is type(None) else _value_strategy(arg, metadata)
                for arg in get_args(annotation)
            )
        )
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(low, high)
    if annotation is float:
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    raise AssertionError(f"no strategy for {annotation!r}")


FIELD_VALUES = {
    name: _value_strategy(info.annotation, list(info.metadata))
    for name, info in PatientProfile.model_fields.items()
}


def _consistent(values: dict[str, Any]) -> bool:
    return not consistency_problems(PatientProfile.model_construct(**values))


VALID_PROFILES = (
    st.fixed_dictionaries(FIELD_VALUES).filter(_consistent).map(lambda v: PatientProfile(**v))
)
# About one draw in six is consistent, and Hypothesis seeds its draws with constants from the
# project modules already imported: which tests ran first moved the first 59 draws from 10 valid
# (passing the health check) to 9. The filter is the point of the strategy, so it is allowed.
FILTERED = [HealthCheck.filter_too_much]


@st.composite
def _written(draw: st.DrawFn, value: Any) -> str:
    """A valid value as a person might type it: any case for words, spaces around numbers."""
    if value is None:
        return draw(st.sampled_from(["", "none", "None", "NONE"]))
    if isinstance(value, bool):
        words = ["true", "TRUE", "Yes", "1"] if value else ["false", "False", "NO", "0"]
        return draw(st.sampled_from(words))
    if isinstance(value, str):
        return draw(st.sampled_from([value, value.upper(), value.title()]))
    return draw(st.sampled_from(["", " "])) + str(value)


@st.composite
def _scenario_params(draw: st.DrawFn, prefix: str = "") -> tuple[dict[str, str], dict[str, Any]]:
    """(params, intended): each field absent, valid (with the value meant) or malformed."""
    params: dict[str, str] = {}
    intended: dict[str, Any] = {}
    for name, values in FIELD_VALUES.items():
        kind = draw(st.sampled_from(["absent", "absent", "valid", "valid", "junk"]))
        if kind == "absent":
            continue
        if kind == "junk":
            params[prefix + name] = draw(_JUNK)
            intended[name] = _ABSENT
        else:
            value = draw(values)
            params[prefix + name] = draw(_written(value))
            intended[name] = value
    return params, intended


def _assert_describes(
    scenario: ParsedScenario, intended: dict[str, Any], start: dict[str, Any], prefix: str
) -> None:
    label = "Scenario B, " if prefix else ""
    merged = start | scenario.values
    assert set(scenario.derived) <= {"prior_lines"}
    for name, value in intended.items():  # the form is pre-filled with what the link said
        if value is not _ABSENT and name not in scenario.derived:
            assert scenario.values[name] == value, name
    if consistency_problems(PatientProfile.model_construct(**merged)):
        assert scenario.profile is None and scenario.blocking, "a contradiction blocks"
        return
    assert not scenario.blocking and scenario.profile is not None
    for name in PROFILE_FIELDS:
        shown = getattr(scenario.profile, name)
        if name in scenario.derived:
            assert shown == scenario.derived[name][0], name
            assert any(w.startswith(f"{label}{prefix}{name}:") for w in scenario.warnings)
        elif name in intended and intended[name] is not _ABSENT:
            assert shown == intended[name], name
        else:  # absent or malformed: the default (scenario B: A's value), and malformed is said
            assert shown == start[name], name
            if name in intended:
                assert name in scenario.malformed
                assert any(w.startswith(f"{label}{prefix}{name}:") for w in scenario.warnings)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=FILTERED)
@given(profile=VALID_PROFILES, other=VALID_PROFILES, compare=st.booleans())
def test_every_valid_profile_round_trips_field_by_field(
    profile: PatientProfile, other: PatientProfile, compare: bool
) -> None:
    parsed = parse_url(
        url_params(profile, None, other if compare else None, evidence=EVIDENCE_VERSION)
    )
    assert not parsed.warnings
    assert parsed.evidence == EVIDENCE_VERSION
    for scenario, expected in ((parsed.a, profile), (parsed.b, other if compare else None)):
        if expected is None:
            assert scenario is None
            continue
        assert scenario is not None
        assert not scenario.warnings and not scenario.derived and not scenario.blocking
        assert scenario.profile is not None
        for name in PROFILE_FIELDS:
            assert getattr(scenario.profile, name) == getattr(expected, name), name


@settings(max_examples=300, deadline=None, derandomize=True)
@given(a=_scenario_params(), b=_scenario_params(B_PREFIX), compare=st.booleans())
def test_any_url_is_its_own_patient_derived_or_blocked(
    a: tuple[dict[str, str], dict[str, Any]],
    b: tuple[dict[str, str], dict[str, Any]],
    compare: bool,
) -> None:
    params = a[0] | (b[0] | {"compare": "1"} if compare else {})
    parsed = parse_url(params)
    defaults = PatientProfile().model_dump()
    _assert_describes(parsed.a, a[1], defaults, "")
    if compare:
        assert parsed.b is not None
        _assert_describes(parsed.b, b[1], defaults | parsed.a.values, B_PREFIX)
    else:
        assert parsed.b is None


# --- The same through the page: a valid link's patient is the one the form and summary show ---


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, *FILTERED],
)
@given(profile=VALID_PROFILES)
def test_a_valid_link_renders_its_patient(profile: PatientProfile) -> None:
    at = run_page("overview", url_params(profile))
    assert not at.exception and not at.error and not at.warning
    for name in PROFILE_FIELDS:
        widgets = [w for w in [*at.checkbox, *at.selectbox] if w.key == name] + [
            w for w in at.number_input if w.key == name
        ]
        for widget in widgets:  # hidden fields (e.g. months without CAR-T) have no widget
            assert widget.value == form.widget_value(name, getattr(profile, name)), name
    written = {name: at.query_params[name] for name in at.query_params}
    assert written == url_params(profile, evidence=EVIDENCE_VERSION)
    assert features_text(profile) in shown_text(at)
