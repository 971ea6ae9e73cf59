"""No raw HTML from anything but constants: a static scan of the project's own code.

Every ``.py`` file outside tests/, virtual environments and hidden folders is parsed (ast, not
grep). A call that turns HTML rendering on, i.e. has ``unsafe_allow_html`` with any value other
than the literal ``False``, must pass as its body either a string literal or the name of a
module-level constant string: assigned once, at module level, to a string literal, never
reassigned or shadowed in the calling function. Constants imported from another project module
(``from ui.theme import CSS``, ``theme.CSS``) are followed to their definition. The same rule
applies to the calls that render raw HTML without that flag: ``st.html`` and
``streamlit.components.v1.html``. Passing the flag through ``**{"unsafe_allow_html": ...}`` is
refused outright, because it cannot be checked.

The checker is tested on small examples first, so that a checker that finds nothing cannot pass.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {"tests", ".venv", "venv", "node_modules", "__pycache__", "build", "dist"}
FLAG = "unsafe_allow_html"


def project_files(root: Path = ROOT) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts[:-1]
        if any(p in SKIP_DIRS or p.startswith(".") for p in parts):
            continue
        files.append(path)
    return files


@dataclass
class Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    # local name -> dotted module it stands for ("st" -> "streamlit")
    module_aliases: dict[str, str] = field(default_factory=dict)
    # local name -> (dotted module, name in it)
    imported_names: dict[str, tuple[str, str]] = field(default_factory=dict)


def _load(path: Path) -> Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    mod = Module(path=path, tree=tree)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            mod.parents[child] = node
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    mod.module_aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    mod.module_aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                local = alias.asname or alias.name
                # "from streamlit.components import v1" imports a module; record both readings.
                mod.module_aliases[local] = f"{node.module}.{alias.name}"
                mod.imported_names[local] = (node.module, alias.name)
    return mod


def _dotted(expr: ast.expr, mod: Module) -> str | None:
    """The dotted module path an expression names, resolving import aliases."""
    if isinstance(expr, ast.Name):
        return mod.module_aliases.get(expr.id)
    if isinstance(expr, ast.Attribute):
        base = _dotted(expr.value, mod)
        return f"{base}.{expr.attr}" if base else None
    return None


def _is_raw_html_call(call: ast.Call, mod: Module) -> bool:
    """st.html(...) or streamlit.components.v1.html(...), however imported."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "html":
        owner = _dotted(func.value, mod)
        return owner in ("streamlit", "streamlit.components.v1")
    if isinstance(func, ast.Name) and func.id in mod.imported_names:
        return mod.imported_names[func.id] in (
            ("streamlit", "html"),
            ("streamlit.components.v1", "html"),
        )
    return False


def _module_file(dotted: str, root: Path) -> Path | None:
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _assigned_names(node: ast.AST) -> set[str]:
    """Every name bound anywhere inside node (assignments, loops, withs, imports, walrus...)."""
    names: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store | ast.Del):
            names.add(sub.id)
        elif isinstance(sub, ast.arg):
            names.add(sub.arg)
        elif isinstance(sub, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in sub.names)
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(sub.name)
        elif isinstance(sub, ast.Global | ast.Nonlocal):
            names.update(sub.names)
    return names


def _module_constant_string(mod: Module, name: str) -> bool:
    """name is bound exactly once in the module, at top level, to a string literal."""
    top_level = [
        stmt
        for stmt in mod.tree.body
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        )
        or (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == name
        )
    ]
    if len(top_level) != 1:
        return False
    value = top_level[0].value
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return False
    # Any other binding of the name anywhere in the module (a second assignment, a loop
    # variable, `global NAME` in a function, an import) makes it not a constant.
    bindings = 0
    for sub in ast.walk(mod.tree):
        if (
            isinstance(sub, ast.Name)
            and sub.id == name
            and isinstance(sub.ctx, ast.Store | ast.Del)
        ):
            bindings += 1
        elif isinstance(sub, ast.Global | ast.Nonlocal) and name in sub.names:
            return False
    return bindings == 1


def _imported_constant(
    dotted: str, name: str, root: Path, seen: set[tuple[str, str]] | None = None
) -> bool:
    """dotted.name is a module-level constant string of a project module (following re-exports)."""
    seen = seen or set()
    if (dotted, name) in seen:
        return False
    seen.add((dotted, name))
    path = _module_file(dotted, root)
    if path is None:
        return False
    other = _load(path)
    if _module_constant_string(other, name):
        return True
    if name in other.imported_names:
        src_mod, src_name = other.imported_names[name]
        return _imported_constant(src_mod, src_name, root, seen)
    return False


def _enclosing_scopes(node: ast.AST, mod: Module) -> list[ast.AST]:
    scopes: list[ast.AST] = []
    current = mod.parents.get(node)
    while current is not None:
        if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            scopes.append(current)
        current = mod.parents.get(current)
    return scopes


def _is_constant_body(expr: ast.expr, call: ast.Call, mod: Module, root: Path) -> bool:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return True
    if isinstance(expr, ast.Name):
        # A local binding in any enclosing function shadows the module constant.
        if any(expr.id in _assigned_names(scope) for scope in _enclosing_scopes(call, mod)):
            return False
        if _module_constant_string(mod, expr.id):
            return True
        if expr.id in mod.imported_names:
            src_mod, src_name = mod.imported_names[expr.id]
            return _imported_constant(src_mod, src_name, root)
        return False
    if isinstance(expr, ast.Attribute):
        owner = _dotted(expr.value, mod)
        return owner is not None and _imported_constant(owner, expr.attr, root)
    return False


def _body(call: ast.Call) -> ast.expr | None:
    if call.args:
        first = call.args[0]
        return None if isinstance(first, ast.Starred) else first
    for kw in call.keywords:
        if kw.arg == "body":
            return kw.value
    return None


def violations(path: Path, root: Path = ROOT) -> list[str]:
    mod = _load(path)
    rel = path.relative_to(root)
    found: list[str] = []
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Constant) and node.value == FLAG:
            found.append(f"{rel}:{node.lineno}: '{FLAG}' as a string cannot be checked")
        if not isinstance(node, ast.Call):
            continue
        flag = next((kw for kw in node.keywords if kw.arg == FLAG), None)
        renders_raw = _is_raw_html_call(node, mod)
        if flag is not None:
            if isinstance(flag.value, ast.Constant) and flag.value.value is False:
                continue
            renders_raw = True
        if not renders_raw:
            continue
        body = _body(node)
        if body is None or not _is_constant_body(body, node, mod, root):
            found.append(
                f"{rel}:{node.lineno}: raw HTML from something other than a module-level "
                f"constant string: {ast.unparse(node)[:120]}"
            )
    return found


# --- the checker, on examples -------------------------------------------------------------------

GOOD = {
    "literal": 'import streamlit as st\nst.markdown("<b>x</b>", unsafe_allow_html=True)\n',
    "module_constant": (
        "import streamlit as st\nCSS = '<style>p{}</style>'\n"
        "def f():\n    st.markdown(CSS, unsafe_allow_html=True)\n"
    ),
    "annotated_constant": (
        "import streamlit as st\nCSS: str = '<b/>'\nst.markdown(body=CSS, unsafe_allow_html=True)\n"
    ),
    "flag_false": (
        "import streamlit as st\ndef f(x):\n    st.markdown(x, unsafe_allow_html=False)\n"
    ),
    "no_flag": "import streamlit as st\ndef f(x):\n    st.markdown(x)\n",
    "st_html_imported_constant": (
        "import streamlit as st\nfrom pkg.theme import CSS\nst.html(CSS)\n"
    ),
    "attribute_constant": (
        "import streamlit as st\nfrom pkg import theme\n"
        "st.markdown(theme.CSS, unsafe_allow_html=True)\n"
    ),
    "other_html_function": "from pkg import components\ndef f(x):\n    components.html(x)\n",
}

BAD = {
    "user_value": (
        "import streamlit as st\ndef f(name):\n    st.markdown(name, unsafe_allow_html=True)\n"
    ),
    "fstring": (
        "import streamlit as st\nN = 'x'\nst.markdown(f'<b>{N}</b>', unsafe_allow_html=True)\n"
    ),
    "concatenation": (
        "import streamlit as st\nC = '<b>'\n"
        "def f(x):\n    st.write(C + x, unsafe_allow_html=True)\n"
    ),
    "reassigned_constant": (
        "import streamlit as st\nC = '<b>'\nC = input()\nst.markdown(C, unsafe_allow_html=True)\n"
    ),
    "global_rebind": (
        "import streamlit as st\nC = '<b>'\ndef g(v):\n    global C\n    C = v\n"
        "st.markdown(C, unsafe_allow_html=True)\n"
    ),
    "shadowed_locally": (
        "import streamlit as st\nC = '<b>'\ndef f(C):\n    st.markdown(C, unsafe_allow_html=True)\n"
    ),
    "non_string_constant": (
        "import streamlit as st\nC = make()\nst.markdown(C, unsafe_allow_html=True)\n"
    ),
    "flag_variable": (
        "import streamlit as st\ndef f(x, y):\n    st.markdown(x, unsafe_allow_html=y)\n"
    ),
    "kwargs_trick": (
        "import streamlit as st\ndef f(x):\n    st.markdown(x, **{'unsafe_allow_html': True})\n"
    ),
    "st_html_user_value": "import streamlit as st\ndef f(x):\n    st.html(x)\n",
    "aliased_streamlit": "import streamlit as s\ndef f(x):\n    s.html(x)\n",
    "components_html": (
        "import streamlit.components.v1 as components\ndef f(x):\n    components.html(x)\n"
    ),
    "from_import_html": "from streamlit import html\ndef f(x):\n    html(x)\n",
    "imported_non_constant": (
        "import streamlit as st\nfrom pkg.theme import DYNAMIC\nst.html(DYNAMIC)\n"
    ),
    "sidebar_markdown": (
        "import streamlit as st\ndef f(x):\n    st.sidebar.markdown(x, unsafe_allow_html=True)\n"
    ),
}


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "theme.py").write_text(
        "CSS = '<style>b{}</style>'\nDYNAMIC = '<b>' + str(1)\n", encoding="utf-8"
    )
    (pkg / "components.py").write_text("def html(x):\n    return x\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", sorted(GOOD))
def test_checker_accepts_constants(sandbox: Path, name: str) -> None:
    path = sandbox / f"{name}.py"
    path.write_text(GOOD[name], encoding="utf-8")
    assert violations(path, sandbox) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_checker_rejects_anything_else(sandbox: Path, name: str) -> None:
    path = sandbox / f"{name}.py"
    path.write_text(BAD[name], encoding="utf-8")
    assert violations(path, sandbox), f"{name} was not caught"


def test_file_walk_skips_tests_and_environments(sandbox: Path) -> None:
    for folder in ("tests", ".venv/lib", "app"):
        (sandbox / folder).mkdir(parents=True)
        (sandbox / folder / "x.py").write_text("", encoding="utf-8")
    names = {p.relative_to(sandbox).as_posix() for p in project_files(sandbox)}
    assert "app/x.py" in names
    assert not any(n.startswith(("tests/", ".venv/")) for n in names)


# --- the project -------------------------------------------------------------------------------


def test_scan_covers_the_app() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in project_files()}
    assert "app.py" in names
    assert any(n.startswith("ui/") for n in names)
    assert any(n.startswith("pages/") for n in names)


def test_no_raw_html_from_anything_but_constants() -> None:
    found = [v for path in project_files() for v in violations(path)]
    assert found == [], "\n".join(found)
