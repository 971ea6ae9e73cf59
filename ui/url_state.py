"""The scenario in the URL: query parameters named after the profile fields, both ways.

Pure functions (no Streamlit) so that every malformed URL can be tested directly. Parsing never
raises, and a link either reproduces the patient it describes or says plainly that it cannot:

- a malformed parameter yields a warning naming the parameter (never echoing its value, which
  could carry script or a name); that one field falls back to its default, and the warning says
  that the default may not be this patient;
- where one consistent value follows from what the link says (prior CAR-T counts as a line, so
  at least 2 lines), it is derived, listed in `ParsedScenario.derived` and warned about;
- where no consistent value follows, the link's fields are kept as given (for the form) and the
  scenario is blocked (`ParsedScenario.blocking`, no `profile`): no evidence until corrected.
  A clinical feature is never silently replaced by its default.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from sequencing.profile import PatientProfile, Problem, consistency_problems

__all__ = [
    "B_PREFIX",
    "CART_LINES_REASON",
    "EVIDENCE",
    "LEUKAPHERESIS",
    "PROFILE_FIELDS",
    "ParsedScenario",
    "ParsedUrl",
    "link_refusal",
    "parse_scenario",
    "parse_url",
    "scenario_params",
    "url_params",
]

PROFILE_FIELDS: tuple[str, ...] = tuple(PatientProfile.model_fields)
LEUKAPHERESIS = "leukapheresis_in_days"
COMPARE, PRESENTER = "compare", "presenter"
# The evidence version the link was made with: opening it later lists what changed since.
EVIDENCE = "ev"
_EVIDENCE_VERSION = re.compile(r"\d{4}\.\d{2}\.\d{2}")
B_PREFIX = "b_"
_FLAGS = (COMPARE, PRESENTER)
_MAX_LEUKAPHERESIS_DAYS = 365
# prior CAR-T counts as a line of therapy (consistency_problems): the one value a link implies.
_CART_MIN_LINES = 2
CART_LINES_REASON = "prior CAR-T counts as a line, so at least 2 lines"
# A scenario link has at most a few dozen parameters (two scenarios of the profile's fields and
# three flags) of a few characters each; anything far longer was not made by this app.
MAX_LINK_PARAMETERS = 200
MAX_LINK_BYTES = 8192
LINK_REFUSED = (
    "This link was refused: it is longer than a scenario link can be ({what}). Nothing from it "
    "was applied, so the form shows the default patient, which is not the link's patient."
)
Params = Mapping[str, str | Sequence[str]]


def _adapter(name: str) -> TypeAdapter[Any]:
    """A validator for one profile field, with its constraints (e.g. ECOG 0-4)."""
    info = PatientProfile.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def _literals(annotation: Any) -> frozenset[str]:
    """The string options of a Literal field (also inside `Literal[...] | None`)."""
    if get_origin(annotation) is Literal:
        return frozenset(a for a in get_args(annotation) if isinstance(a, str))
    return frozenset().union(*(_literals(a) for a in get_args(annotation)))


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: _adapter(name) for name in PatientProfile.model_fields
}
_ENUMS: dict[str, frozenset[str]] = {
    name: _literals(info.annotation) for name, info in PatientProfile.model_fields.items()
}
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


@dataclass
class ParsedScenario:
    # What the scenario sets: the fields the URL gave validly, plus derived values. When the
    # scenario is blocked these are still the link's values, so that the form can show them.
    values: dict[str, Any] = field(default_factory=dict)
    leukapheresis_in_days: int | None = None
    warnings: list[str] = field(default_factory=list)
    given: dict[str, Any] = field(default_factory=dict)  # the URL's own valid values, as parsed
    malformed: list[str] = field(default_factory=list)  # fields whose parameter was not valid
    derived: dict[str, tuple[Any, str]] = field(default_factory=dict)  # field: (value, reason)
    blocking: list[Problem] = field(default_factory=list)  # contradictions nothing resolves
    profile: PatientProfile | None = None  # the patient the link describes; None when blocked


@dataclass
class ParsedUrl:
    a: ParsedScenario
    b: ParsedScenario | None
    presenter: bool
    warnings: list[str]
    evidence: str | None = None  # the evidence version the link was made with, when it says


def _shown(value: Any) -> str:
    return "not given" if value is None else _format(value)


def _parse_value(name: str, raw: str) -> tuple[bool, Any]:
    """(ok, value); empty means 'not given' for optional fields. Case is ignored for words."""
    text = raw.strip()
    if len(text) > 40:
        return False, None
    if text == "" or text.lower() == "none":
        info = PatientProfile.model_fields[name]
        return (info.default is None), None
    lowered = text.lower()
    if lowered in _TRUE | _FALSE and PatientProfile.model_fields[name].annotation in (
        bool,
        bool | None,
    ):
        return True, lowered in _TRUE
    if lowered in _ENUMS[name]:
        return True, lowered
    try:
        value = _ADAPTERS[name].validate_python(text)
    except ValidationError:
        return False, None
    if isinstance(value, float) and not math.isfinite(value):
        return False, None
    if isinstance(value, bool) and lowered not in _TRUE | _FALSE:
        return False, None
    return True, value


def _parse_leukapheresis(raw: str) -> int | None:
    text = raw.strip()
    if not text.isdigit() or len(text) > 4:
        return None
    days = int(text)
    return days if days <= _MAX_LEUKAPHERESIS_DAYS else None


def _derive(scenario: ParsedScenario, label: str, prefix: str, current: Mapping[str, Any]) -> None:
    """Fill in the one value the link implies: prior CAR-T means at least 2 lines."""
    if current["prior_cart"] is True and current["prior_lines"] < _CART_MIN_LINES:
        scenario.values["prior_lines"] = _CART_MIN_LINES
        scenario.derived["prior_lines"] = (_CART_MIN_LINES, CART_LINES_REASON)
        scenario.warnings.append(f"{label}{prefix}prior_lines: {CART_LINES_REASON} (derived).")


def _check(scenario: ParsedScenario, start: Mapping[str, Any]) -> None:
    """Block the scenario on any contradiction left; otherwise build its profile."""
    merged = dict(start) | scenario.values
    problems = consistency_problems(PatientProfile.model_construct(**merged))
    if not problems:
        try:
            scenario.profile = PatientProfile(**merged)
            return
        except ValidationError as error:  # not expected: each field was validated on its own
            problems = [Problem(tuple(scenario.values), str(error.errors()[0].get("msg", "")))]
    scenario.blocking = problems


def link_refusal(query_string: str) -> str | None:
    """Why a whole link is refused (too many parameters or bytes), or None.

    Streamlit itself silently ignores a query string over 1000 parameters; this says so instead,
    and refuses far earlier, at what no scenario link can need."""
    count = sum(1 for part in query_string.split("&") if part)
    size = len(query_string.encode("utf-8"))
    if count > MAX_LINK_PARAMETERS:
        return LINK_REFUSED.format(what=f"{count} parameters, at most {MAX_LINK_PARAMETERS}")
    if size > MAX_LINK_BYTES:
        return LINK_REFUSED.format(what=f"{size} characters, at most {MAX_LINK_BYTES}")
    return None


def _split_repeated(params: Params) -> tuple[dict[str, str], dict[str, int]]:
    """(parameters given once, {parameter: times} for those given more than once)."""
    single: dict[str, str] = {}
    repeated: dict[str, int] = {}
    for name, value in params.items():
        values = [value] if isinstance(value, str) else list(value)
        if len(values) == 1:
            single[name] = values[0]
        elif len(values) > 1:
            repeated[name] = len(values)
    return single, repeated


def parse_scenario(
    params: Params, prefix: str = "", base: Mapping[str, Any] | None = None
) -> ParsedScenario:
    """One scenario's fields; scenario B (prefix b_) starts from scenario A's values (`base`).

    A parameter given more than once is not used: which of its values is the patient's is not
    for the app to guess."""
    params, repeated = _split_repeated(params)
    scenario = ParsedScenario()
    start = PatientProfile().model_dump() | dict(base or {})
    label = "Scenario B, " if prefix else ""
    owner = "scenario B uses scenario A's value" if prefix else "the scenario uses the default"
    for name in PROFILE_FIELDS:
        key = prefix + name
        if key in repeated:
            scenario.malformed.append(name)
            scenario.warnings.append(
                f"{label}{key}: given {repeated[key]} times, so none is used; {owner} "
                f"({_shown(start[name])}), which may not be this patient."
            )
            continue
        if key not in params:
            continue
        ok, value = _parse_value(name, params[key])
        if ok:
            scenario.given[name] = value
        else:
            scenario.malformed.append(name)
            scenario.warnings.append(
                f"{label}{key}: not a valid value; {owner} ({_shown(start[name])}), "
                "which may not be this patient."
            )
    scenario.values = dict(scenario.given)
    if prefix + LEUKAPHERESIS in repeated:
        scenario.warnings.append(
            f"{label}{prefix}{LEUKAPHERESIS}: given {repeated[prefix + LEUKAPHERESIS]} times, "
            "so no leukapheresis date is set."
        )
    if prefix + LEUKAPHERESIS in params:
        days = _parse_leukapheresis(params[prefix + LEUKAPHERESIS])
        if days is None:
            scenario.warnings.append(
                f"{label}{prefix}{LEUKAPHERESIS}: not a whole number of days from 0 to "
                f"{_MAX_LEUKAPHERESIS_DAYS}, so no leukapheresis date is set."
            )
        scenario.leukapheresis_in_days = days
    _derive(scenario, label, prefix, start | scenario.values)
    _check(scenario, start)
    return scenario


def _flag(params: Params, name: str, warnings: list[str]) -> bool:
    if name not in params:
        return False
    single, _ = _split_repeated({name: params[name]})
    if name not in single:
        warnings.append(f"{name}: given more than once; switched off.")
        return False
    raw = single[name].strip().lower()
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    warnings.append(f"{name}: use 1 or 0; switched off.")
    return False


def _known(name: str) -> bool:
    bare = name.removeprefix(B_PREFIX)
    return name in (*_FLAGS, EVIDENCE) or bare in PROFILE_FIELDS or bare == LEUKAPHERESIS


def _evidence(params: Params, warnings: list[str]) -> str | None:
    """The link's evidence version: a YYYY.MM.DD date, or None (with a warning if malformed)."""
    if EVIDENCE not in params:
        return None
    single, _ = _split_repeated({EVIDENCE: params[EVIDENCE]})
    value = single.get(EVIDENCE, "").strip()
    if _EVIDENCE_VERSION.fullmatch(value):
        return value
    warnings.append(
        f"{EVIDENCE}: not an evidence version (YYYY.MM.DD), so what changed since the link was "
        "made cannot be shown."
    )
    return None


def parse_url(params: Params) -> ParsedUrl:
    """Parse every scenario parameter of a URL; never raises."""
    warnings: list[str] = []
    unknown = sum(1 for name in params if not _known(name))
    if unknown:
        # The names are not repeated: a URL is pasted from anywhere and may carry anything.
        warnings.append(f"{unknown} unknown URL parameter(s) ignored.")
    compare = _flag(params, COMPARE, warnings)
    presenter = _flag(params, PRESENTER, warnings)
    evidence = _evidence(params, warnings)
    a = parse_scenario(params)
    b = parse_scenario(params, B_PREFIX, a.values) if compare else None
    return ParsedUrl(a=a, b=b, presenter=presenter, warnings=warnings, evidence=evidence)


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scenario_params(
    profile: PatientProfile,
    leukapheresis_in_days: int | None = None,
    prefix: str = "",
    base: PatientProfile | None = None,
) -> dict[str, str]:
    """The query parameters that reproduce a scenario. Fields that are not given are left out,
    except where scenario B would otherwise inherit scenario A's value (`base`): then empty."""
    inherited = base.model_dump() if base is not None else {}
    params = {
        prefix + name: "" if value is None else _format(value)
        for name, value in profile.model_dump().items()
        if value is not None or inherited.get(name) is not None
    }
    if leukapheresis_in_days is not None:
        params[prefix + LEUKAPHERESIS] = str(leukapheresis_in_days)
    return params


def url_params(
    a: PatientProfile,
    leukapheresis_a: int | None = None,
    b: PatientProfile | None = None,
    leukapheresis_b: int | None = None,
    presenter: bool = False,
    evidence: str | None = None,
) -> dict[str, str]:
    params = scenario_params(a, leukapheresis_a)
    if b is not None:
        params[COMPARE] = "1"
        params |= scenario_params(b, leukapheresis_b, B_PREFIX, a)
    if presenter:
        params[PRESENTER] = "1"
    if evidence is not None:
        params[EVIDENCE] = evidence
    return params
