"""Each package's public surface, as httpx checks its own (tests/test_exported_members.py there):
every public module declares `__all__`, every name it declares exists, and every public class or
function a module defines is declared (or named with a leading underscore).

Scripts are not modules to import: `__main__` (run with -m) and the benchmark's minimal
Streamlit page (run by `streamlit run`)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("benchmarks", "evidence", "sequencing", "ui", "views")
SCRIPTS = frozenset({"__main__.py", "minimal_app.py"})
MODULES = [
    f"{package}.{path.stem}" if path.stem != "__init__" else package
    for package in PACKAGES
    for path in sorted((ROOT / package).glob("*.py"))
    if path.name not in SCRIPTS and (path.stem == "__init__" or not path.stem.startswith("_"))
]


def _tree(module: str) -> ast.Module:
    relative = module.replace(".", "/")
    path = ROOT / (f"{relative}/__init__.py" if module in PACKAGES else f"{relative}.py")
    return ast.parse(path.read_text(encoding="utf-8"))


def _declared(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "__all__":
            return list(ast.literal_eval(value))
    return None


def _defined(tree: ast.Module) -> set[str]:
    """The public classes and functions the module itself defines."""
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
    }


@pytest.mark.parametrize("module", MODULES)
def test_a_public_module_declares_what_it_exports(module: str) -> None:
    tree = _tree(module)
    declared = _declared(tree)
    assert declared is not None, f"{module} declares no __all__"
    assert len(declared) == len(set(declared)), f"{module}: a name declared twice"
    loaded = importlib.import_module(module)
    missing = [name for name in declared if not hasattr(loaded, name)]
    assert not missing, f"{module}.__all__ names what it does not have: {missing}"
    undeclared = sorted(_defined(tree) - set(declared))
    assert not undeclared, f"{module} defines public names it does not declare: {undeclared}"


def test_every_package_is_checked() -> None:
    assert set(PACKAGES) <= set(MODULES) and len(MODULES) > len(PACKAGES)


def test_the_check_sees_a_missing_name() -> None:
    tree = ast.parse('__all__ = ["there", "gone"]\ndef there(): ...\ndef extra(): ...\n')
    assert _declared(tree) == ["there", "gone"]
    assert _defined(tree) - {"there", "gone"} == {"extra"}
