"""End to end in headless Chromium against `streamlit run`: a scenario URL, a changed feature,
every page, presenter and compare modes, the PDF download, and no request off this machine."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, screenshot, wait_for_app

POST_CART = (
    "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
    "&months_cart_to_failure=3&cart_plan=not_candidate"
)
PAGES = ["", "cd19_washout", "evidence_library", "teaching", "about"]

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _local_only(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlparse(u).hostname not in ("127.0.0.1", "localhost")
        and not u.startswith(("data:", "blob:", "about:"))
    ]


def test_scenario_url_then_a_changed_feature_changes_the_figures(page, app_url) -> None:
    page.goto(f"{app_url}/?{POST_CART}")
    wait_for_app(page)
    summary = page.locator('[data-testid="stMarkdownContainer"] p', has_text="Summary.").first
    before = summary.inner_text()
    assert "early" in before
    field = page.locator(".st-key-months_cart_to_failure input")
    field.fill("9")
    field.press("Enter")
    page.wait_for_function(
        "() => window.location.search.includes('months_cart_to_failure=9')", timeout=30_000
    )
    wait_for_app(page)
    after = page.locator(
        '[data-testid="stMarkdownContainer"] p', has_text="Summary."
    ).first.inner_text()
    assert after != before
    assert "(late)" in after
    screenshot(page, "sequencing-late-failure")
    assert not _local_only(page.requested_urls)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_stays_on_this_machine(page, app_url, path: str) -> None:
    page.goto(f"{app_url}/{path}?{POST_CART}&days_since_last_tafasitamab=40")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, path or "sequencing")
    assert not _local_only(page.requested_urls), _local_only(page.requested_urls)


def test_pdf_download_is_a_readable_summary(page, app_url) -> None:
    page.goto(f"{app_url}/?{POST_CART}")
    wait_for_app(page)
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name="Summary as PDF").first.click()
    data = download_info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "scenario summary" in text
    assert "months_cart_to_failure=3" in text.replace("\n", "")
    assert "evidence base" in text


def test_presenter_and_compare_modes(page, app_url) -> None:
    page.goto(f"{app_url}/?{POST_CART}&presenter=1&compare=1&b_months_cart_to_failure=9")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden", timeout=15_000)
    assert page.get_by_text("Scenario B", exact=False).count() > 0
    screenshot(page, "presenter-compare")


def test_keyboard_reaches_the_form(page, app_url) -> None:
    page.goto(f"{app_url}/")
    wait_for_app(page)
    wanted = {"st-key-ecog", "st-key-prior_cart", "st-key-bulky", "st-key-cart_plan"}
    reached: set[str] = set()
    for _ in range(250):  # every help icon is a stop too; bounded
        page.keyboard.press("Tab")
        owner = page.evaluate(
            "() => document.activeElement?.closest('[class*=\"st-key-\"]')?.className || ''"
        )
        reached |= {key for key in wanted if key in owner.split()}
        if reached == wanted:
            break
    assert reached == wanted


CART_PLANNED = "prior_lines=2&cart_plan=planned"


def test_landmark_chart_and_icon_array_are_drawn(page, app_url) -> None:
    """Survival at fixed times on the Sequencing page and a response as 100 people on the
    Teaching page, drawn (not only sent) and saved as screenshots."""
    page.goto(f"{app_url}/?{CART_PLANNED}")
    wait_for_app(page)
    # The charts are drawn once switched on (the toggle keyed "a-details").
    page.locator(".st-key-a-details label").first.click()
    wait_for_app(page)
    panels = page.locator('[data-testid="stVegaLiteChart"][aria-label^="Survival at fixed times"]')
    panels.nth(1).wait_for(timeout=30_000)  # PFS and OS of the CAR-T stage at least
    for number in range(panels.count()):
        panel = panels.nth(number)
        panel.scroll_into_view_if_needed()
        panel.locator("canvas, svg").first.wait_for(timeout=15_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(ARTIFACTS / f"sequencing-landmark-{number + 1}.png"))
    page.goto(f"{app_url}/teaching?{CART_PLANNED}")
    wait_for_app(page)
    page.get_by_role("tab", name="Out of 100 people").click()
    array = page.locator('[data-testid="stVegaLiteChart"][aria-label^="Icon array"]')
    array.locator("canvas, svg").first.wait_for(timeout=30_000)
    assert page.get_by_text("of 100 responded", exact=False).count() > 0
    screenshot(page, "teaching-icon-array")
    assert not _local_only(page.requested_urls)


@pytest.mark.parametrize(
    ("name", "query", "shown"),
    [
        (
            "relapsed-cart-planned",
            "prior_lines=2&response_to_last_line=relapsed&cart_plan=planned",
            [
                "CAR-T after tafa-len.",
                "not tafa-len's own response",
                "Median OS, from CAR-T infusion",
                "JULIET excluded patients with prior anti-CD19 therapy",
            ],
        ),
        (
            "early-cart-failure",
            POST_CART,
            ["Tafa-len after CAR-T failure.", "Median PFS2, from the start of the post-CAR-T"],
        ),
        (
            "refractory-double-hit",
            "prior_lines=2&response_to_last_line=refractory&double_hit=true"
            "&cart_plan=possible_later",
            ["Tafa-len itself.", "end-of-treatment response"],
        ),
    ],
)
def test_the_page_says_what_each_figure_measures(page, app_url, name, query, shown) -> None:
    """The stage and response labels reach the browser as a clinician reads them."""
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    # The strategy cards sit in an expander below the board: open it as a reader would.
    page.get_by_text("Strategy cards: why each applies").click()
    page.get_by_text(shown[0]).first.wait_for(timeout=30_000)
    text = page.locator('[data-testid="stMain"]').inner_text()
    for words in shown:
        assert words in text, words
    screenshot(page, f"labels-{name}")


def test_a_rule_says_when_an_association_was_not_significant(page, app_url) -> None:
    page.goto(f"{app_url}/?prior_lines=2&double_hit=true&cart_plan=possible_later")
    wait_for_app(page)
    page.get_by_text("Warning: Double-hit lymphoma").click()
    body = page.locator('[data-testid="stExpanderDetails"]', has_text="double-hit vs not")
    body.first.wait_for(timeout=30_000)
    text = body.first.inner_text()
    assert "not statistically significant" in text
    assert "does worse" not in text
