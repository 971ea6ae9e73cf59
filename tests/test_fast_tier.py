"""The fast tier (`-m "not slow and not e2e"`) starts no server and no browser.

Read from the test sources, not by running them: a test that starts a process that serves (the
image's command, `streamlit run`, nginx, Chromium through Playwright), directly or through a
fixture, must be marked `slow` or `e2e`, on itself or by its module's `pytestmark`.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Calls that start a serving process (or the browser).
STARTERS = frozenset(
    {"Popen", "serve_image", "start_replicas", "start_proxy", "StreamlitServer", "sync_playwright"}
)
TIER_MARKS = frozenset({"slow", "e2e"})


@cache
def _called(node: ast.AST) -> frozenset[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return frozenset(names)


def _marks(decorators: list[ast.expr]) -> set[str]:
    """`pytest.mark.slow`, `[pytest.mark.slow, pytest.mark.e2e]`: the mark names written."""
    return {
        node.attr
        for decorator in decorators
        for node in ast.walk(decorator)
        if isinstance(node, ast.Attribute)
    }


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef)]


def _is_fixture(function: ast.FunctionDef) -> bool:
    return "fixture" in _marks(function.decorator_list) | {
        d.id for d in function.decorator_list if isinstance(d, ast.Name)
    }


def _params(function: ast.FunctionDef) -> set[str]:
    return {a.arg for a in function.args.args}


def _module_marks(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            return _marks([node.value])
    return set()


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(TESTS.rglob("*.py"))}


def _in_scope(fixture_file: Path, test_file: Path) -> bool:
    """A conftest's fixtures reach the modules below its folder; a module's, itself."""
    if fixture_file.name == "conftest.py":
        return fixture_file.parent in test_file.parents
    return fixture_file == test_file


def serving_names(trees: dict[Path, ast.Module], test_file: Path) -> set[str]:
    """Helpers (any module's) and fixtures (in scope for `test_file`) that start a serving
    process, directly or through another."""
    functions = [
        f
        for path, tree in trees.items()
        for f in _functions(tree)
        if not f.name.startswith("test_") and (not _is_fixture(f) or _in_scope(path, test_file))
    ]
    serving = set(STARTERS)
    while True:
        found = {
            f.name
            for f in functions
            if _called(f) & serving or (_is_fixture(f) and _params(f) & serving)
        }
        if found <= serving:
            return serving
        serving |= found


def unmarked_servers(trees: dict[Path, ast.Module]) -> list[str]:
    found = []
    for path, tree in trees.items():
        serving = serving_names(trees, path)
        module = _module_marks(tree)
        for function in _functions(tree):
            if not function.name.startswith("test_"):
                continue
            starts = _called(function) & serving or _params(function) & serving
            marked = (module | _marks(function.decorator_list)) & TIER_MARKS
            if starts and not marked:
                found.append(f"{path.relative_to(TESTS)}::{function.name}")
    return found


def test_no_fast_test_starts_a_server() -> None:
    assert unmarked_servers(_trees()) == []


def test_the_check_sees_a_server_started_through_a_fixture() -> None:
    """The check itself can fail: an unmarked test using a fixture that starts a server."""
    source = (
        "import pytest\n"
        "@pytest.fixture\n"
        "def running():\n"
        "    with serve_image('x') as r:\n"
        "        yield r\n"
        "def test_health(running):\n"
        "    assert running\n"
        "@pytest.mark.slow\n"
        "def test_marked(running):\n"
        "    assert running\n"
    )
    trees = _trees() | {TESTS / "test_example.py": ast.parse(source)}
    assert unmarked_servers(trees) == ["test_example.py::test_health"]
