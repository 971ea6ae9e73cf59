"""A real `streamlit run` on localhost and Debian's headless Chromium, driven by Playwright.

Skipped (not failed) only where Chromium is absent; scripts/test installs it as root. Every request
the browser makes is recorded, so a test can prove nothing leaves this machine.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not become healthy in 60 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture()
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.requested_urls = []  # every request the page makes, checked by the tests
    tab.on("request", lambda request: tab.requested_urls.append(request.url))
    yield tab
    context.close()


def wait_for_app(tab, timeout_ms: int = 60_000) -> None:
    """Until the script run has finished and the page shows its content."""
    tab.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout_ms)
    tab.wait_for_timeout(500)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    # A page's title, or (presenter mode, where the board is the page) the board.
    tab.wait_for_selector(
        '[data-testid="stMain"] h1, [data-testid="stMain"] [class*="st-key-board-"]',
        timeout=timeout_ms,
    )


def screenshot(tab, name: str) -> Path:
    """A full-content screenshot (Streamlit scrolls inside its own container)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = tab.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000"
    )
    tab.set_viewport_size({"width": 1500, "height": min(int(height) + 50, 14_000)})
    tab.wait_for_timeout(1500)  # charts and lazy elements lay out again at the new size
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path))
    tab.set_viewport_size({"width": 1500, "height": 1000})
    return path
