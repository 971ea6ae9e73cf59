"""AppTest for every page: renders, reacts to each input, URL round trip, bad URLs, downloads.

Widgets are found by key (the profile field names). Expected figures are read from the evidence
base, never written into the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.ui.apptest import PAGES, range_tables, run_page, shown_text, widget

POST_CART = {
    "prior_lines": "3",
    "response_to_last_line": "refractory",
    "prior_cart": "true",
    "months_cart_to_failure": "3",
    "cart_plan": "not_candidate",
}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page: str) -> None:
    at = run_page(page)
    assert not at.exception, at.exception
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_a_post_cart_scenario(page: str) -> None:
    at = run_page(page, POST_CART)
    assert not at.exception
    assert at.number_input(key="months_cart_to_failure").value == 3


def _descart_subgroup_labels(base, endpoint: str) -> dict[str, str]:
    """The DESCAR-T early/late-failure subgroup labels for an endpoint, from the evidence."""
    labels = {}
    for outcome in base.outcomes.values():
        if outcome.cohort != "descart-post" or outcome.endpoint.value != endpoint:
            continue
        for condition in outcome.conditions:
            if condition.field == "months_cart_to_failure":
                labels["early" if condition.op in ("<=", "<") else "late"] = outcome.subgroup
    return labels


def test_months_to_failure_moves_descart_figures_from_early_to_late(base) -> None:
    labels = _descart_subgroup_labels(base, "median_pfs2")
    assert set(labels) == {"early", "late"}
    at = run_page("overview", POST_CART, details=True)
    early_text = range_tables(at)
    assert labels["early"] in early_text and labels["late"] not in early_text
    at.number_input(key="months_cart_to_failure").set_value(9).run()
    late_text = range_tables(at)
    assert labels["late"] in late_text and labels["early"] not in late_text
    assert at.query_params["months_cart_to_failure"] == "9"


INPUTS = [
    ("ecog", 3),
    ("bulky", True),
    ("double_hit", True),
    ("transplant_eligible", True),
    ("symptom_tempo", "rapid"),
    ("response_to_last_line", "refractory"),
    ("prior_lines", 2),
    ("cart_plan", "not_candidate"),
    ("cd19_status", "negative"),
    ("ldh_elevated", True),
    ("age", 80),
    ("months_first_line_to_progression", 4.0),
    ("days_since_last_tafasitamab", 14),
]


@pytest.mark.parametrize(("key", "value"), INPUTS, ids=[k for k, _ in INPUTS])
def test_each_input_changes_the_summary_and_the_url(key: str, value: object) -> None:
    at = run_page("overview")
    before = shown_text(at)
    widget(at, key).set_value(value).run()
    assert not at.exception
    assert shown_text(at) != before
    shown = str(value).lower() if not isinstance(value, float) else f"{value:g}"
    assert at.query_params[key] == shown


def test_ecog_3_puts_the_cart_trials_outside(base) -> None:
    at = run_page(
        "overview",
        {
            "prior_lines": "1",
            "transplant_eligible": "true",
            "months_first_line_to_progression": "6",
            "cart_plan": "planned",
        },
        details=True,
    )
    widget(at, "ecog").set_value(3).run()
    grid = next(frame.value for frame in at.dataframe if "Setting" in frame.value.columns)
    zuma = grid[grid["Cohort"].str.contains("ZUMA-7")]
    assert not zuma.empty
    assert set(zuma["Fit"]) == {"Outside"}


def test_prior_cart_shows_and_hides_months_and_keeps_the_value() -> None:
    at = run_page("overview", POST_CART)
    assert at.number_input(key="months_cart_to_failure").value == 3
    at.checkbox(key="prior_cart").uncheck().run()
    assert "months_cart_to_failure" not in [w.key for w in at.number_input]
    assert "months_cart_to_failure" not in at.query_params
    at.checkbox(key="prior_cart").check().run()
    assert at.number_input(key="months_cart_to_failure").value == 3


def test_url_round_trip_reproduces_the_widgets() -> None:
    params = POST_CART | {
        "ecog": "2",
        "bulky": "true",
        "age": "67",
        "cd19_status": "positive",
        "cd19_method": "ihc",
    }
    at = run_page("overview", params)
    assert widget(at, "ecog").value == 2
    assert at.checkbox(key="bulky").value is True
    assert widget(at, "cd19_method").value == "ihc"
    written = {name: at.query_params[name] for name in at.query_params}
    assert {k: written[k] for k in params} == params


@pytest.mark.parametrize(
    "params",
    [
        {"ecog": "9"},
        {"prior_cart": "true"},
        {"months_cart_to_failure": "<script>alert(1)</script>"},
        {"compare": "1", "b_ecog": "banana"},
        {"unknown_param": "1", "age": "1000"},
    ],
)
@pytest.mark.parametrize("page", ["overview", "cd19_washout"])
def test_bad_url_gives_a_warning_not_an_exception(page: str, params: dict[str, str]) -> None:
    at = run_page(page, params)
    assert not at.exception
    assert at.warning, "a visible warning names the parameter"
    assert "script" not in " ".join(str(w.value) for w in at.warning)


def test_compare_mode_shows_two_scenarios() -> None:
    at = run_page("overview", POST_CART | {"compare": "1", "b_months_cart_to_failure": "9"})
    assert not at.exception
    assert at.number_input(key="b_months_cart_to_failure").value == 9
    text = shown_text(at)
    assert "Scenario A" in text and "Scenario B" in text


def test_presenter_mode_moves_the_form_out_of_the_sidebar() -> None:
    at = run_page("overview", {"presenter": "1"})
    assert not at.exception
    assert at.toggle(key="presenter").value is True
    assert not at.sidebar.get("selectbox")


def test_downloads_are_offered_with_file_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each summary button carries a deferred file (built when clicked): its id, in the button's
    proto, is registered with the file's name and type, and the file it builds is that kind."""
    offered: dict[str, tuple[str | None, str | None, Callable[[], Any]]] = {}
    register = MediaFileManager.add_deferred

    def recording(self: MediaFileManager, data: Any, mimetype: Any, *args: Any, **kw: Any) -> str:
        file_id = register(self, data, mimetype, *args, **kw)
        offered[file_id] = (kw.get("file_name"), mimetype, data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = run_page("overview")
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    summary = {label: p for label, p in buttons.items() if label.startswith("Summary as")}
    assert all(p.HasField("deferred_file_id") for p in summary.values())
    files = {label: offered[p.deferred_file_id][:2] for label, p in summary.items()}
    assert files == {
        "Summary as Markdown": ("scenario-summary.md", "text/markdown"),
        "Summary as PDF": ("scenario-summary.pdf", "application/pdf"),
    }
    markdown = offered[summary["Summary as Markdown"].deferred_file_id][2]()
    assert markdown.startswith("# Tafa-len and CD19 CAR-T sequencing: scenario summary")
    pdf = offered[summary["Summary as PDF"].deferred_file_id][2]()
    assert bytes(pdf).startswith(b"%PDF")


def test_washout_page_shows_model_figures_when_tafasitamab_was_given() -> None:
    at = run_page(
        "cd19_washout",
        {
            "prior_lines": "2",
            "days_since_last_tafasitamab": "21",
            "cart_plan": "planned",
            "leukapheresis_in_days": "10",
        },
    )
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Days since the last dose"] == "21"
    assert any("leukapheresis" in label for label in metrics)
    assert "no published guideline" in shown_text(at).lower()


def test_evidence_library_filters(base) -> None:
    at = run_page("evidence_library")
    total = len(at.dataframe[0].value)
    at.multiselect(key="lib_settings").set_value(["after_cart"]).run()
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < total
    expected = sum(
        1
        for o in base.outcomes.values()
        if base.cohorts[o.cohort].setting.value == "after_cart" and not o.superseded_by
    )
    assert len(filtered) == expected


def test_teaching_predict_then_reveal() -> None:
    at = run_page("teaching")
    assert "Commit a choice" in shown_text(at)
    next(b for b in at.button if b.label == "Commit my prediction").click().run()
    assert not at.exception
    assert "Your prediction" in shown_text(at)


def test_teaching_case_loads_into_the_form() -> None:
    at = run_page("teaching")
    at.selectbox(key="case").set_value("early-cart-failure").run()
    at.button(key="load-early-cart-failure").click().run()
    assert at.checkbox(key="prior_cart").value is True
    assert at.number_input(key="months_cart_to_failure").value == 3


def test_washout_page_shows_the_recent_tafasitamab_warning() -> None:
    """The CD19 page picks its rules from one list of ids; it once matched words in the ids and
    dropped 'Recent tafasitamab before leukapheresis'."""
    at = run_page(
        "cd19_washout",
        {
            "prior_lines": "2",
            "days_since_last_tafasitamab": "14",
            "cart_plan": "planned",
            "cd19_status": "positive",
            "cd19_method": "ihc",
            "leukapheresis_in_days": "7",
        },
    )
    assert not at.exception
    titles = [str(e.label) for e in at.expander]
    assert "Warning: Recent tafasitamab before leukapheresis" in titles
