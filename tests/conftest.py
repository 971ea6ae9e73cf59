"""Shared fixtures: the real evidence base, loaded once per test session."""

from __future__ import annotations

import pytest

from evidence import EvidenceBase, load


@pytest.fixture(scope="session")
def base() -> EvidenceBase:
    return load()
