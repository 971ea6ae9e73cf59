"""The scenario in the URL: query parameters named after the profile fields, both ways.

Pure functions (no Streamlit) so that every malformed URL can be tested directly. Parsing never
raises: a bad parameter yields a warning naming the parameter (never echoing its value, which
could carry script or a name) and the field falls back to its default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from sequencing.profile import PatientProfile, consistency_problems

PROFILE_FIELDS: tuple[str, ...] = tuple(PatientProfile.model_fields)
LEUKAPHERESIS = "leukapheresis_in_days"
COMPARE, PRESENTER = "compare", "presenter"
B_PREFIX = "b_"
_FLAGS = (COMPARE, PRESENTER)
_MAX_LEUKAPHERESIS_DAYS = 365


def _adapter(name: str) -> TypeAdapter[Any]:
    """A validator for one profile field, with its constraints (e.g. ECOG 0-4)."""
    info = PatientProfile.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: _adapter(name) for name in PatientProfile.model_fields
}
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


@dataclass
class ParsedScenario:
    values: dict[str, Any] = field(default_factory=dict)  # only fields the URL set validly
    leukapheresis_in_days: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ParsedUrl:
    a: ParsedScenario
    b: ParsedScenario | None
    presenter: bool
    warnings: list[str]


def _expected(name: str) -> str:
    info = PatientProfile.model_fields[name]
    default = info.default
    shown = "not given" if default is None else str(default).lower()
    return f"using the default ({shown})"


def _parse_value(name: str, raw: str) -> tuple[bool, Any]:
    """(ok, value); empty means 'not given' for optional fields."""
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


def _resolve_conflicts(scenario: ParsedScenario, label: str, base: Mapping[str, Any]) -> None:
    """Drop URL fields that make an inconsistent profile, until the profile is valid."""
    for _ in range(len(PROFILE_FIELDS)):
        candidate = PatientProfile.model_construct(
            **(PatientProfile().model_dump() | dict(base) | scenario.values)
        )
        problems = consistency_problems(candidate)
        if not problems:
            return
        problem = problems[0]
        dropped = [name for name in problem.fields if name in scenario.values]
        if not dropped:  # the conflict is between defaults only; cannot happen with valid defaults
            scenario.values.clear()
            return
        for name in dropped:
            del scenario.values[name]
        scenario.warnings.append(
            f"{label}{', '.join(dropped)}: {problem.message} Using the defaults for these."
        )


def parse_scenario(
    params: Mapping[str, str], prefix: str = "", base: Mapping[str, Any] | None = None
) -> ParsedScenario:
    """One scenario's fields; scenario B (prefix b_) starts from scenario A's values (`base`)."""
    scenario = ParsedScenario()
    label = "Scenario B, " if prefix else ""
    for name in PROFILE_FIELDS:
        key = prefix + name
        if key not in params:
            continue
        ok, value = _parse_value(name, params[key])
        if ok:
            scenario.values[name] = value
        else:
            scenario.warnings.append(f"{label}{key}: not a valid value, {_expected(name)}.")
    if prefix + LEUKAPHERESIS in params:
        days = _parse_leukapheresis(params[prefix + LEUKAPHERESIS])
        if days is None:
            scenario.warnings.append(
                f"{label}{prefix}{LEUKAPHERESIS}: not a whole number of days from 0 to "
                f"{_MAX_LEUKAPHERESIS_DAYS}, so no leukapheresis date is set."
            )
        scenario.leukapheresis_in_days = days
    _resolve_conflicts(scenario, label, base or {})
    return scenario


def _flag(params: Mapping[str, str], name: str, warnings: list[str]) -> bool:
    if name not in params:
        return False
    raw = params[name].strip().lower()
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    warnings.append(f"{name}: use 1 or 0; switched off.")
    return False


def _known(name: str) -> bool:
    bare = name.removeprefix(B_PREFIX)
    return name in _FLAGS or bare in PROFILE_FIELDS or bare == LEUKAPHERESIS


def parse_url(params: Mapping[str, str]) -> ParsedUrl:
    """Parse every scenario parameter of a URL; never raises."""
    warnings: list[str] = []
    unknown = sum(1 for name in params if not _known(name))
    if unknown:
        # The names are not repeated: a URL is pasted from anywhere and may carry anything.
        warnings.append(f"{unknown} unknown URL parameter(s) ignored.")
    compare = _flag(params, COMPARE, warnings)
    presenter = _flag(params, PRESENTER, warnings)
    a = parse_scenario(params)
    b = parse_scenario(params, B_PREFIX, a.values) if compare else None
    return ParsedUrl(a=a, b=b, presenter=presenter, warnings=warnings)


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scenario_params(
    profile: PatientProfile, leukapheresis_in_days: int | None = None, prefix: str = ""
) -> dict[str, str]:
    """The query parameters that reproduce a scenario (fields that are not given are left out)."""
    params = {
        prefix + name: _format(value)
        for name, value in profile.model_dump().items()
        if value is not None
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
) -> dict[str, str]:
    params = scenario_params(a, leukapheresis_a)
    if b is not None:
        params[COMPARE] = "1"
        params |= scenario_params(b, leukapheresis_b, B_PREFIX)
    if presenter:
        params[PRESENTER] = "1"
    return params
