"""Screenshots of every page in headless Chromium, for a person to look at.

`python scripts/screenshots.py [--port 8501] [--out test-artifacts/screenshots] [QUERY]` against
an app already running on localhost. Loopback only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = ["", "cd19_washout", "evidence_library", "teaching", "about"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--out", default="test-artifacts/screenshots")
    parser.add_argument("--width", type=int, default=1500)
    parser.add_argument("query", nargs="?", default="")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": args.width, "height": 1000})
        for name in PAGES:
            page.goto(f"http://127.0.0.1:{args.port}/{name}?{args.query}")
            page.wait_for_selector('[data-testid="stAppViewContainer"]')
            page.wait_for_timeout(1500)
            try:
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=30000,
                )
            except PlaywrightTimeout:
                print(f"{name or 'overview'}: still running after 30 s; screenshot taken anyway")
            page.wait_for_timeout(1500)
            # Streamlit scrolls inside its own container: size the viewport to the content.
            height = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000"
            )
            page.set_viewport_size({"width": args.width, "height": min(int(height) + 50, 12000)})
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / f"{name or 'overview'}.png"))
            page.set_viewport_size({"width": args.width, "height": 1000})
        browser.close()


if __name__ == "__main__":
    main()
