"""A scenario link reproduces its patient or says plainly that it cannot (AppTest).

Prior CAR-T without a line count: the second line is derived and said beside the summary. Prior
CAR-T without the months to failure: an error names the fields, no evidence is shown, and the
form holds what the link said until it is corrected.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.apptest import range_tables, run_page, shown_text, widget


def _summary(at: AppTest) -> str:
    return next((str(m.value) for m in at.markdown if str(m.value).startswith("**Summary.**")), "")


def _no_evidence(at: AppTest) -> None:
    assert not _summary(at)
    assert not range_tables(at)
    assert not at.get("download_button")
    assert not any("Applies" in str(m.value) for m in at.markdown), "no strategy card"
    assert not any("Outcome ranges" in str(h.value) for h in at.subheader)


def test_prior_cart_without_lines_shows_two_lines_and_says_it_was_derived() -> None:
    at = run_page("overview", {"prior_cart": "true", "months_cart_to_failure": "3"})
    assert not at.exception and not at.error
    summary = _summary(at)
    assert "2 prior lines" in summary
    assert "CAR-T failure 3 months after infusion (early)" in summary
    assert any("prior_lines = 2" in str(i.value) and "Derived" in str(i.value) for i in at.info)
    assert any("prior_lines" in str(w.value) and "derived" in str(w.value) for w in at.warning)
    assert at.checkbox(key="prior_cart").value is True
    assert at.number_input(key="prior_lines").value == 2
    assert at.number_input(key="months_cart_to_failure").value == 3
    assert at.query_params["prior_lines"] == "2"  # the link now states what it implied


def test_prior_cart_without_months_shows_the_error_and_no_evidence() -> None:
    at = run_page("overview", {"prior_cart": "true"})
    assert not at.exception
    assert at.error and "months_cart_to_failure" in str(at.error[0].value)
    assert "no evidence is shown" in str(at.error[0].value)
    _no_evidence(at)
    assert at.checkbox(key="prior_cart").value is True  # the form holds what the link said
    assert at.number_input(key="months_cart_to_failure").value is None
    assert at.query_params["prior_cart"] == "true"  # the link is left as it was
    at.number_input(key="months_cart_to_failure").set_value(9).run()
    assert not at.error
    assert "CAR-T failure 9 months after infusion (late)" in _summary(at)


def test_months_without_cart_are_not_dropped_silently() -> None:
    at = run_page("overview", {"months_cart_to_failure": "4", "prior_lines": "2"})
    assert not at.exception
    assert at.error and "prior_cart" in str(at.error[0].value)
    _no_evidence(at)
    assert at.checkbox(key="prior_cart").value is False
    at.checkbox(key="prior_cart").check().run()
    assert not at.error
    assert at.number_input(key="months_cart_to_failure").value == 4
    assert "CAR-T failure 4 months after infusion (early)" in _summary(at)


def test_the_washout_page_is_blocked_too() -> None:
    at = run_page("cd19_washout", {"cd19_method": "flow"})
    assert not at.exception
    assert at.error and "cd19_status" in str(at.error[0].value)
    assert not at.metric and not at.get("arrow_vega_lite_chart")


def test_enumerated_values_ignore_case() -> None:
    at = run_page(
        "overview", {"cd19_status": "Positive", "cd19_method": "IHC", "cart_plan": "Planned"}
    )
    assert not at.exception and not at.error and not at.warning
    assert widget(at, "cd19_method").value == "ihc"
    assert widget(at, "cart_plan").value == "planned"
    assert "CD19 positive by IHC" in _summary(at)
    assert "CAR-T planned" in shown_text(at)


def test_a_link_over_1000_parameters_is_refused_with_a_message_not_dropped() -> None:
    # Streamlit hands the page no parameters at all past 1000: the default patient, silently.
    params: dict[str, str | list[str]] = {f"x{i}": "1" for i in range(1000)}
    params |= {"prior_cart": "true", "months_cart_to_failure": "3", "prior_lines": "3"}
    at = run_page("overview", params)
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert any("This link was refused" in e and "1003 parameters" in e for e in errors), errors
    assert at.checkbox(key="prior_cart").value is False  # nothing from it applied, and said so


def test_a_parameter_given_twice_is_refused_with_a_warning() -> None:
    at = run_page("overview", {"ecog": ["1", "3"], "prior_lines": "2"})
    assert not at.exception
    assert any("ecog: given 2 times" in str(w.value) for w in at.warning)
    assert at.selectbox(key="ecog").value == 1  # the default, and the warning says so
    assert at.number_input(key="prior_lines").value == 2
