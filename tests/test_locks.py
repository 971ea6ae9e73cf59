"""The lock files: every package pinned by version and sha256 hash, and in step with the
requirements files they were compiled from (pip-compile --generate-hashes; README.md,
"Dependencies")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([\w.+!-]+)(?: ;.*)? \\$")


def _entries(lock: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a pip-compile lock file."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            entries[current] = (match.group(2), [])
        elif line.strip().startswith("--hash=sha256:"):
            assert current, line
            entries[current][1].append(line.strip().split(":", 1)[1].rstrip(" \\"))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f"{lock}: unexpected line {line!r}")
    return entries


def _pins(requirements: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_package_is_pinned_with_hashes(lock: str) -> None:
    entries = _entries(lock)
    assert len(entries) > 20
    for name, (_, hashes) in entries.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


@pytest.mark.parametrize(
    ("lock", "sources"),
    [
        ("requirements.lock", ["requirements.txt"]),
        ("requirements-dev.lock", ["requirements.txt", "requirements-dev.txt"]),
    ],
)
def test_the_lock_holds_the_direct_pins(lock: str, sources: list[str]) -> None:
    entries = _entries(lock)
    for source in sources:
        for name, version in _pins(source).items():
            assert name in entries, f"{name} is in {source} but not in {lock}: recompile"
            assert entries[name][0] == version, (
                f"{name}: {source} {version}, {lock} {entries[name][0]}"
            )


def test_runtime_packages_have_the_same_version_in_both_locks() -> None:
    runtime, dev = _entries("requirements.lock"), _entries("requirements-dev.lock")
    for name, (version, _) in runtime.items():
        assert dev[name][0] == version, name


def test_scripts_install_from_the_locks_with_hashes_required() -> None:
    venv = (ROOT / "scripts/_venv.sh").read_text(encoding="utf-8")
    assert 'pip install --quiet --require-hashes -r "$requirements"' in venv
    assert '_venv.sh" requirements-dev.lock' in (ROOT / "scripts/test").read_text("utf-8")
    assert '_venv.sh" requirements.lock' in (ROOT / "scripts/start").read_text("utf-8")
