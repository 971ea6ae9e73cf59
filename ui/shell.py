"""The frame every page draws first: sign-in, evidence, the patient form, URL state, presenter mode.

Each page calls `frame()` itself (rather than app.py drawing it) so that a page also runs alone,
e.g. under AppTest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from streamlit.runtime.scriptrunner import get_script_run_ctx

from evidence import EVIDENCE_VERSION, EvidenceBase, EvidenceInvalid, load
from evidence.history import EARLIEST_REBUILD, base_as_of
from evidence.releases import CHANGELOG, ChangelogLine, changelog_lines, read_releases
from evidence.version import EVIDENCE_DATE
from sequencing import Assessment, PatientProfile, assess, rule_check
from sequencing.index import EngineIndex, engine_index
from sequencing.profile import Problem
from ui import changes, form, url_state
from ui.auth import sign_in_gate
from ui.theme import BASE_CSS, PRESENTER_CSS, favicon
from views.changes import WhatChanged, version_notice, what_changed
from views.scenario import ScenarioViews, build_views

__all__ = [
    "APP_VERSION",
    "BLOCKED_INTRO",
    "BLOCKED_POINTER",
    "DISCLAIMER",
    "EVIDENCE_DIR_VARIABLE",
    "SCENARIO_CACHE_ENTRIES",
    "Frame",
    "ScenarioView",
    "Since",
    "blocked_notice",
    "compare_with",
    "derived_note",
    "evidence_or_stop",
    "frame",
    "load_into_form",
    "raw_query_string",
    "scenario_views",
    "stop_comparing",
    "version_stamp",
]

APP_VERSION = "0.1.0"
DISCLAIMER = (
    "Decision support, not a decision: ranges from published cohorts that resemble this patient. "
    "Not a prediction or a recommendation."
)


BLOCKED_INTRO = (
    "This link describes a patient that cannot be shown as it stands, so no evidence is shown "
    "until it is corrected in the patient form:"
)
BLOCKED_POINTER = "No evidence is shown: correct the link's features in the patient form."


@dataclass(frozen=True)
class ScenarioView:
    label: str
    profile: PatientProfile | None
    errors: list[str]
    leukapheresis_in_days: int | None
    assessment: Assessment | None
    # Values the link implied rather than stated (field: (value, reason)), while the form keeps
    # them; and the link's contradictions, while the form still holds the link's values.
    derived: dict[str, tuple[Any, str]] = field(default_factory=dict)
    blocking: list[Problem] = field(default_factory=list)
    # The board, summary and exports of this scenario (None when it cannot be assessed).
    views: ScenarioViews | None = None


@dataclass(frozen=True)
class Since:
    """The link's evidence version, when older than today's: what changed for scenario A since,
    or why that cannot be listed (`notice`)."""

    version: str
    notice: str | None
    changes: WhatChanged | None


@dataclass(frozen=True)
class Frame:
    base: EvidenceBase
    a: ScenarioView
    b: ScenarioView | None
    presenter: bool
    link: str  # the query string that reproduces the view
    since: Since | None = None

    @property
    def index(self) -> EngineIndex:
        """The evidence's index, built once per evidence base: what views are built from."""
        return engine_index(self.base)


# Hosting may point the app at another copy of the evidence data (the tests use this to prove
# that a corrupted file stops every page); by default it is the package's own evidence/data.
EVIDENCE_DIR_VARIABLE = "EVIDENCE_DATA_DIR"


@st.cache_resource(show_spinner=False)
def _evidence_from(folder: str | None) -> EvidenceBase:
    return load(Path(folder)) if folder else load()


def _evidence() -> EvidenceBase:
    return _evidence_from(os.environ.get(EVIDENCE_DIR_VARIABLE))


@st.cache_resource(show_spinner=False)
def _rule_problems(folder: str | None) -> list[str]:
    return rule_check.problems(engine_index(_evidence_from(folder)))


def evidence_or_stop() -> EvidenceBase:
    """The validated evidence; on any error, a page that names file, record and field, and stops.
    The rules are checked against it too: a rule that would fall silent stops the app."""
    try:
        base = _evidence()
    except EvidenceInvalid as error:
        st.error(
            "The evidence base failed validation, so nothing is shown: no partial evidence. "
            "Ask the maintainers to fix these records."
        )
        st.code("\n".join(str(item) for item in error.errors), language=None)
        st.stop()
        raise  # unreachable: st.stop() raises
    problems = _rule_problems(os.environ.get(EVIDENCE_DIR_VARIABLE))
    if problems:
        st.error(
            "The rules do not match the evidence base, so nothing is shown. Ask the "
            "maintainers to fix these."
        )
        st.code("\n".join(problems), language=None)
        st.stop()
    return base


@st.cache_resource(show_spinner=False)
def _releases() -> tuple[str, ...]:
    return tuple(r.version for r in read_releases())


@st.cache_resource(show_spinner=False)
def _changelog() -> dict[str, list[ChangelogLine]]:
    return dict(changelog_lines(CHANGELOG.read_text(encoding="utf-8")))


@st.cache_resource(show_spinner=False)
def _base_as_of(version: str, folder: str | None) -> EvidenceBase:
    """The evidence base as it was at `version`, rebuilt once per version."""
    return base_as_of(_evidence_from(folder), version)


# Patients whose changes since an older link are kept at once (each a pair of boards compared).
CHANGES_CACHE_ENTRIES = 64


@st.cache_resource(max_entries=CHANGES_CACHE_ENTRIES, show_spinner=False)
def _changes_since(
    profile_json: str, leukapheresis: int | None, version: str, folder: str | None
) -> WhatChanged:
    """What changed for this patient between `version` and today (both read by today's app)."""
    then = _base_as_of(version, folder)
    profile = PatientProfile.model_validate_json(profile_json)
    old = build_views(
        assess(profile, then, leukapheresis_in_days=leukapheresis), engine_index(then)
    )
    new = _scenario_views(profile_json, leukapheresis, folder)
    return what_changed(old, new, _evidence_from(folder), version, EVIDENCE_VERSION, _changelog())


def _since(a: ScenarioView) -> Since | None:
    version = st.session_state.get("_since")
    if not version or version == EVIDENCE_VERSION:
        return None
    notice = version_notice(version, EVIDENCE_VERSION, _releases(), EARLIEST_REBUILD)
    if notice is not None or a.profile is None:
        return Since(version, notice, None)
    folder = os.environ.get(EVIDENCE_DIR_VARIABLE)
    changes = _changes_since(a.profile.model_dump_json(), a.leukapheresis_in_days, version, folder)
    return Since(version, None, changes)


def stop_comparing() -> None:
    """Callback: the link now carries today's evidence version; the list of changes goes."""
    st.session_state["_since"] = None


def raw_query_string() -> str:
    """The query string as the browser sent it: Streamlit drops one over 1000 parameters from
    st.query_params without a word, so a refusal is decided on this."""
    ctx = get_script_run_ctx()
    return ctx.query_string if ctx is not None else ""


def _init_from_url() -> None:
    """Once per session: the URL is the scenario's starting point."""
    if st.session_state.get("_url_loaded"):
        return
    refusal = url_state.link_refusal(raw_query_string())
    # Every value of a parameter, so that one given twice is refused rather than the last kept.
    params = {} if refusal else {name: st.query_params.get_all(name) for name in st.query_params}
    parsed = url_state.parse_url(params)
    base_values = form.defaults()
    st.session_state["_store_a"] = base_values | parsed.a.values
    st.session_state["_leuka_a"] = parsed.a.leukapheresis_in_days
    b_values = parsed.b.values if parsed.b else {}
    st.session_state["_store_b"] = st.session_state["_store_a"] | b_values
    st.session_state["_leuka_b"] = parsed.b.leukapheresis_in_days if parsed.b else None
    for key, scenario in (("a", parsed.a), ("b", parsed.b)):
        st.session_state[f"_url_link_{key}"] = (
            dict(st.session_state[f"_store_{key}"]),
            scenario.derived if scenario else {},
            scenario.blocking if scenario else [],
        )
    st.session_state.setdefault("compare", parsed.b is not None)
    st.session_state.setdefault("presenter", parsed.presenter)
    warnings = parsed.warnings + parsed.a.warnings + (parsed.b.warnings if parsed.b else [])
    st.session_state["_url_warnings"] = warnings
    st.session_state["_url_refusal"] = refusal
    st.session_state["_since"] = parsed.evidence
    st.session_state["_url_loaded"] = True


def _keep_widget_state() -> None:
    """Streamlit forgets a widget's value when another page runs; re-assigning keeps it."""
    names = (*url_state.PROFILE_FIELDS, url_state.LEUKAPHERESIS)
    keys = (*names, *(url_state.B_PREFIX + name for name in names), "compare", "presenter")
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _scenario(result: form.FormResult) -> tuple[PatientProfile | None, list[str]]:
    try:
        return PatientProfile(**form.profile_values(result.values)), []
    except ValidationError as error:
        return None, [_clinical_message(item) for item in error.errors()]


def _clinical_message(item: ErrorDetails) -> str:
    message = str(item.get("msg", "invalid value")).removeprefix("Value error, ")
    location = ".".join(str(part) for part in item.get("loc", ()))
    return f"{location}: {message}" if location else message


def _from_link(
    key: str, values: dict[str, Any]
) -> tuple[dict[str, tuple[Any, str]], list[Problem]]:
    """The link's derived values and contradictions that the form has not changed yet."""
    seeded, derived, blocking = st.session_state.get(f"_url_link_{key}", ({}, {}, []))
    kept = {name: item for name, item in derived.items() if values.get(name) == item[0]}
    unchanged = [
        problem
        for problem in blocking
        if all(values.get(name) == seeded.get(name) for name in problem.fields)
    ]
    return kept, unchanged


# Scenarios kept built at once, across sessions: a room on one patient builds its views once.
SCENARIO_CACHE_ENTRIES = 256


@st.cache_resource(max_entries=SCENARIO_CACHE_ENTRIES, show_spinner=False)
def _scenario_views(
    profile_json: str, leukapheresis: int | None, folder: str | None
) -> ScenarioViews:
    """The assessment and its views: a pure function of the patient, the leukapheresis day and
    the evidence (its folder names the loaded, immutable base). Keyed by the profile's JSON."""
    base = _evidence_from(folder)
    profile = PatientProfile.model_validate_json(profile_json)
    assessment = assess(profile, base, leukapheresis_in_days=leukapheresis)
    return build_views(assessment, engine_index(base))


def scenario_views(profile: PatientProfile, leukapheresis: int | None) -> ScenarioViews:
    return _scenario_views(
        profile.model_dump_json(), leukapheresis, os.environ.get(EVIDENCE_DIR_VARIABLE)
    )


def _view(label: str, result: form.FormResult, key: str) -> ScenarioView:
    derived, blocking = _from_link(key, result.values)
    leukapheresis = result.leukapheresis_in_days
    if blocking:
        return ScenarioView(label, None, [BLOCKED_POINTER], leukapheresis, None, derived, blocking)
    profile, errors = _scenario(result)
    if profile is None:
        return ScenarioView(label, profile, errors, leukapheresis, None, derived)
    views = scenario_views(profile, leukapheresis)
    return ScenarioView(
        label, profile, errors, leukapheresis, views.assessment, derived, views=views
    )


def _forms(compare: bool) -> tuple[form.FormResult, form.FormResult | None]:
    if not compare:
        a = form.patient_form(st.session_state["_store_a"], st.session_state["_leuka_a"])
        return a, None
    tab_a, tab_b = st.tabs(["Scenario A", "Scenario B"])
    with tab_a:
        a = form.patient_form(st.session_state["_store_a"], st.session_state["_leuka_a"])
    with tab_b:
        b = form.patient_form(st.session_state["_store_b"], st.session_state["_leuka_b"], "b_")
    return a, b


def _controls() -> tuple[bool, bool]:
    st.session_state.setdefault("compare", False)
    st.session_state.setdefault("presenter", False)
    compare = st.toggle(
        "Compare two scenarios",
        key="compare",
        help="Scenario B starts as a copy of A; change one feature to see the effect.",
    )
    presenter = st.toggle(
        "Presenter mode",
        key="presenter",
        help="Large type and high contrast for the tumor-board screen.",
    )
    return compare, presenter


def frame(title: str) -> Frame:
    """Draw the shared frame and return the scenario(s) with their assessments."""
    st.set_page_config(
        page_title=f"{title} · CAR-T sequencing",
        page_icon=favicon(),
        layout="wide",
        initial_sidebar_state="expanded",
    )
    sign_in_gate()
    base = evidence_or_stop()
    _keep_widget_state()
    _init_from_url()
    presenter_now = bool(st.session_state.get("presenter"))
    container = (
        st.expander("Patient features and view", expanded=False) if presenter_now else st.sidebar
    )
    with container:
        compare, presenter = _controls()
        result_a, result_b = _forms(compare)
    st.html(BASE_CSS)
    if presenter:
        st.html(PRESENTER_CSS)
    st.session_state["_store_a"] = result_a.values
    st.session_state["_leuka_a"] = result_a.leukapheresis_in_days
    if result_b is not None:
        st.session_state["_store_b"] = result_b.values
        st.session_state["_leuka_b"] = result_b.leukapheresis_in_days
    a = _view("Scenario A" if compare else "This patient", result_a, "a")
    b = _view("Scenario B", result_b, "b") if result_b is not None else None
    since = _since(a)
    link = _write_url(a, b, presenter, since.version if since else EVIDENCE_VERSION)
    blocked_notice(a, b)
    refusal = st.session_state.pop("_url_refusal", None)
    if refusal:
        st.error(refusal, icon=":material/link_off:")
    for warning in st.session_state.get("_url_warnings", []):
        st.warning(f"URL parameter {warning}", icon=":material/link_off:")
    st.session_state["_url_warnings"] = []
    if since is not None:
        changes.show(since.version, since.notice, since.changes, stop_comparing)
    return Frame(base=base, a=a, b=b, presenter=presenter, link=link, since=since)


def _write_url(a: ScenarioView, b: ScenarioView | None, presenter: bool, evidence: str) -> str:
    if a.profile is None or (b is not None and b.profile is None):
        return ""  # keep the last valid link while the form is being corrected
    params = url_state.url_params(
        a.profile,
        a.leukapheresis_in_days,
        b.profile if b else None,
        b.leukapheresis_in_days if b else None,
        presenter,
        evidence,
    )
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return "&".join(f"{key}={value}" for key, value in params.items())


def blocked_notice(a: ScenarioView, b: ScenarioView | None) -> None:
    """One error box at the top: which fields of the link contradict, and what to correct."""
    lines = [
        f"- {view.label + ', ' if b is not None else ''}**{', '.join(problem.fields)}**: "
        f"{problem.message}"
        for view in (a, b)
        if view is not None
        for problem in view.blocking
    ]
    if lines:
        st.error("\n".join([BLOCKED_INTRO, "", *lines]), icon=":material/block:")


def derived_note(scenario: ScenarioView) -> None:
    """Beside the summary: the values the link implied rather than stated."""
    if scenario.derived:
        st.info(
            "Derived from the link: "
            + "; ".join(
                f"**{name} = {value}** ({reason})"
                for name, (value, reason) in scenario.derived.items()
            )
            + ". Check this is the patient.",
            icon=":material/link:",
        )


def version_stamp() -> str:
    released = f"{EVIDENCE_DATE.day} {EVIDENCE_DATE:%B %Y}"
    return f"App {APP_VERSION} · evidence base {EVIDENCE_VERSION} (released {released})"


def compare_with(changes: dict[str, Any]) -> None:
    """Callback: compare mode, scenario B = scenario A with `changes` (e.g. a later failure)."""
    store = dict(st.session_state["_store_a"]) | changes
    st.session_state["_store_b"] = store
    st.session_state["_leuka_b"] = st.session_state.get("_leuka_a")
    st.session_state.pop("_url_link_b", None)
    for name, value in store.items():
        st.session_state[url_state.B_PREFIX + name] = form.widget_value(name, value)
    st.session_state["compare"] = True


def load_into_form(values: dict[str, Any], leukapheresis_in_days: int | None) -> None:
    """Callback: make `values` the current scenario A (e.g. a teaching case)."""
    store = form.defaults() | values
    st.session_state["_store_a"] = store
    st.session_state.pop("_url_link_a", None)  # the link no longer describes scenario A
    st.session_state["_leuka_a"] = leukapheresis_in_days
    for name, value in store.items():
        st.session_state[name] = form.widget_value(name, value)
    st.session_state[url_state.LEUKAPHERESIS] = leukapheresis_in_days
