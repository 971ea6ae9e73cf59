"""Shared fixtures: the real evidence base, loaded once per test session, and one headless
Chromium for every browser test (Playwright's sync API allows one driver per process: the
browser and hosting tests share it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence import EvidenceBase, load

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def base() -> EvidenceBase:
    return load()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    from benchmarks.run import CHROMIUM_ARGS  # one set of flags for every headless Chromium

    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
