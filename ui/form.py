"""The one patient form, shared by every page. Widget keys are the profile field names
(scenario B: `b_<field>`), so tests and the URL speak the same language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from sequencing.profile import PatientProfile
from sequencing.vocabulary import FIELDS

__all__ = ["NOT_GIVEN", "FormResult", "defaults", "patient_form", "profile_values", "widget_value"]

_ECOG = {
    0: "0 · fully active",
    1: "1 · restricted in strenuous activity",
    2: "2 · ambulatory, up > 50% of waking hours",
    3: "3 · limited self-care, in bed/chair > 50%",
    4: "4 · completely disabled",
}
_TEMPO = {
    "slow": "Slow: can wait a month or two for a response",
    "moderate": "Moderate",
    "rapid": "Rapid: symptomatic, needs a fast response",
}
_CART_PLAN = {
    "planned": "CAR-T planned",
    "possible_later": "CAR-T possible later",
    "not_candidate": "Not a CAR-T candidate",
    "declined": "CAR-T declined by the patient",
}
_CD19 = {
    "unknown": "Not known / not tested",
    "positive": "Positive",
    "equivocal": "Weak or equivocal",
    "negative": "Negative",
}
# Streamlit shows a None option as an empty "Choose an option": optional fields use a named
# option for "not given", translated to None when the profile is built.
NOT_GIVEN = "not_given"
_CD19_METHOD = {
    NOT_GIVEN: "Not stated",
    "ihc": "Immunohistochemistry (IHC)",
    "flow": "Flow cytometry",
    "unknown": "Method not known",
}
_LDH = {NOT_GIVEN: "Not known", True: "Elevated", False: "Normal"}
_YES_NO = {NOT_GIVEN: "Not stated", True: "Yes", False: "No"}
_TAFA_LEN_RESPONSE = {
    NOT_GIVEN: "Not stated",
    "responded": "Responded",
    "refractory": "Refractory (no response, or progression on it)",
    "not_assessed": "Not assessed",
}
# Optional fields drawn as a selectbox with a "not given" option.
_OPTIONAL_SELECTS = (
    "ldh_elevated",
    "cd19_method",
    "prior_autologous_transplant",
    "tafa_len_response",
)
_RESPONSE = {"relapsed": "Relapsed (responded, then progressed)", "refractory": "Refractory"}


@dataclass(frozen=True)
class FormResult:
    values: dict[str, Any]  # every field, including hidden ones (kept, not lost)
    leukapheresis_in_days: int | None


def _seed(key: str, value: Any) -> None:
    """Give a widget its value from the scenario store once; Streamlit keeps it from then on."""
    if key not in st.session_state:
        st.session_state[key] = value


def _select(label: str, key: str, options: dict[Any, str], value: Any, help_text: str) -> Any:
    _seed(key, NOT_GIVEN if value is None and NOT_GIVEN in options else value)
    format_func: Callable[[Any], str] = options.__getitem__
    chosen = st.selectbox(label, list(options), key=key, format_func=format_func, help=help_text)
    return None if chosen == NOT_GIVEN else chosen


def _number(
    label: str,
    key: str,
    value: float | int | None,
    low: float,
    high: float,
    step: float,
    help_text: str,
    placeholder: str = "not given",
) -> Any:
    _seed(key, value)
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        key=key,
        help=help_text,
        placeholder=placeholder,
    )


def _check(label: str, key: str, value: bool, help_text: str) -> bool:
    _seed(key, value)
    return bool(st.checkbox(label, key=key, help=help_text))


def patient_form(store: dict[str, Any], leukapheresis: int | None, prefix: str = "") -> FormResult:
    """Draw one scenario's form; `store` holds its current values (from the URL or earlier)."""

    def k(name: str) -> str:
        return prefix + name

    v: dict[str, Any] = dict(store)
    st.markdown("**Disease**")
    v["response_to_last_line"] = _select(
        "Response to the last line",
        k("response_to_last_line"),
        _RESPONSE,
        store["response_to_last_line"],
        FIELDS["response_to_last_line"].help,
    )
    v["primary_refractory"] = _check(
        "Primary refractory (to first-line therapy)",
        k("primary_refractory"),
        store["primary_refractory"],
        FIELDS["primary_refractory"].help,
    )
    v["months_first_line_to_progression"] = _number(
        "Months from first-line therapy to progression",
        k("months_first_line_to_progression"),
        store["months_first_line_to_progression"],
        0.0,
        600.0,
        1.0,
        FIELDS["months_first_line_to_progression"].help,
    )
    v["prior_lines"] = _number(
        "Lines of systemic therapy so far",
        k("prior_lines"),
        store["prior_lines"],
        1,
        10,
        1,
        FIELDS["prior_lines"].help,
        placeholder="",
    )
    v["bulky"] = _check(
        "Bulky disease",
        k("bulky"),
        store["bulky"],
        FIELDS["bulky"].help,
    )
    v["double_hit"] = _check(
        "Double-hit (MYC and BCL2 rearranged)",
        k("double_hit"),
        store["double_hit"],
        FIELDS["double_hit"].help,
    )
    v["ldh_elevated"] = _select(
        "LDH",
        k("ldh_elevated"),
        _LDH,
        store["ldh_elevated"],
        FIELDS["ldh_elevated"].help,
    )
    st.markdown("**Patient**")
    v["age"] = _number(
        "Age (years)",
        k("age"),
        store["age"],
        18,
        100,
        1,
        FIELDS["age"].help,
    )
    v["ecog"] = _select(
        "ECOG performance status",
        k("ecog"),
        _ECOG,
        store["ecog"],
        FIELDS["ecog"].help,
    )
    v["transplant_eligible"] = _check(
        "Transplant-eligible",
        k("transplant_eligible"),
        store["transplant_eligible"],
        FIELDS["transplant_eligible"].help,
    )
    v["prior_autologous_transplant"] = _select(
        "Prior autologous transplant",
        k("prior_autologous_transplant"),
        _YES_NO,
        store["prior_autologous_transplant"],
        FIELDS["prior_autologous_transplant"].help,
    )
    v["symptom_tempo"] = _select(
        "Symptom tempo",
        k("symptom_tempo"),
        _TEMPO,
        store["symptom_tempo"],
        FIELDS["symptom_tempo"].help,
    )
    st.markdown("**CAR-T**")
    v["prior_cart"] = _check(
        "Prior CD19 CAR-T",
        k("prior_cart"),
        store["prior_cart"],
        FIELDS["prior_cart"].help,
    )
    if v["prior_cart"]:
        v["months_cart_to_failure"] = _number(
            "Months from CAR-T infusion to progression",
            k("months_cart_to_failure"),
            store["months_cart_to_failure"],
            0.0,
            600.0,
            0.5,
            FIELDS["months_cart_to_failure"].help,
            placeholder="required",
        )
        v["cart_line"] = _number(
            "Line in which CAR-T was given",
            k("cart_line"),
            store["cart_line"],
            2,
            10,
            1,
            FIELDS["cart_line"].help,
        )
    v["cart_plan"] = _select(
        "CAR-T plan",
        k("cart_plan"),
        _CART_PLAN,
        store["cart_plan"],
        FIELDS["cart_plan"].help,
    )
    leukapheresis_value = None
    if v["cart_plan"] in ("planned", "possible_later") and not v["prior_cart"]:
        leukapheresis_value = _number(
            "Planned leukapheresis in (days from today)",
            k("leukapheresis_in_days"),
            leukapheresis,
            0,
            365,
            1,
            "Optional: marks the washout timeline.",
        )
    _cd19_directed_history(v, store, k)
    st.markdown("**CD19 and tafasitamab**")
    v["cd19_status"] = _select(
        "CD19 status",
        k("cd19_status"),
        _CD19,
        store["cd19_status"],
        FIELDS["cd19_status"].help,
    )
    if v["cd19_status"] != "unknown":
        v["cd19_method"] = _select(
            "CD19 test method",
            k("cd19_method"),
            _CD19_METHOD,
            store["cd19_method"],
            FIELDS["cd19_method"].help,
        )
    v["days_since_last_tafasitamab"] = _number(
        "Days since the last tafasitamab dose",
        k("days_since_last_tafasitamab"),
        store["days_since_last_tafasitamab"],
        0,
        3650,
        1,
        FIELDS["days_since_last_tafasitamab"].help,
        placeholder="never / not known",
    )
    return FormResult(values=v, leukapheresis_in_days=_as_int(leukapheresis_value))


def _cd19_directed_history(
    v: dict[str, Any], store: dict[str, Any], k: Callable[[str], str]
) -> None:
    """Which CD19-directed treatments the patient has had, and how tafa-len went."""
    st.markdown("**CD19-directed therapy so far**")
    v["tafa_len_line"] = _number(
        "Line in which tafa-len was given",
        k("tafa_len_line"),
        store["tafa_len_line"],
        1,
        10,
        1,
        FIELDS["tafa_len_line"].help,
        placeholder="never",
    )
    if v["tafa_len_line"] is not None:
        v["tafa_len_response"] = _select(
            "Response to that tafa-len",
            k("tafa_len_response"),
            _TAFA_LEN_RESPONSE,
            store["tafa_len_response"],
            FIELDS["tafa_len_response"].help,
        )
    v["prior_loncastuximab"] = _check(
        "Prior loncastuximab",
        k("prior_loncastuximab"),
        store["prior_loncastuximab"],
        FIELDS["prior_loncastuximab"].help,
    )
    v["prior_blinatumomab"] = _check(
        "Prior blinatumomab",
        k("prior_blinatumomab"),
        store["prior_blinatumomab"],
        FIELDS["prior_blinatumomab"].help,
    )
    v["prior_anti_cd19"] = _check(
        "Other or unspecified anti-CD19 therapy",
        k("prior_anti_cd19"),
        store["prior_anti_cd19"],
        FIELDS["prior_anti_cd19"].help,
    )


def _as_int(value: Any) -> int | None:
    return None if value is None else int(value)


def profile_values(values: dict[str, Any]) -> dict[str, Any]:
    """The values that apply: hidden fields keep their stored value but do not reach the profile."""
    applied = dict(values)
    if not applied["prior_cart"]:
        applied["months_cart_to_failure"] = None
        applied["cart_line"] = None
    if applied["cd19_status"] == "unknown" and applied["cd19_method"] != "unknown":
        # A hidden method no longer applies; "method not known" says the same as none, and a
        # link that carries it keeps it.
        applied["cd19_method"] = None
    if applied["tafa_len_line"] is None:
        applied["tafa_len_response"] = None
    for name in ("prior_lines", "days_since_last_tafasitamab", "age", "cart_line", "tafa_len_line"):
        if applied[name] is not None:
            applied[name] = int(applied[name])
    return applied


def defaults() -> dict[str, Any]:
    return PatientProfile().model_dump()


def widget_value(name: str, value: Any) -> Any:
    """A profile value as its widget holds it (None is NOT_GIVEN in the optional selectboxes)."""
    return NOT_GIVEN if value is None and name in _OPTIONAL_SELECTS else value
