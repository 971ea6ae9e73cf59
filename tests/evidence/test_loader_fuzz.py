"""Every malformed evidence file ends in a coded error naming file and field, never a traceback.

The valid fixture of test_loader.py is taken apart: at every place in it (a top-level table, a
record, a field, an item of a list), the value is replaced by a value of each other kind (number,
text, true/false, list, table, list of tables, ...), the file is written back as TOML, and
loaded. The loader must either accept it (some replacements are valid) or raise EvidenceInvalid
whose every error has a documented code, the file's name and a field.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence.errors import CODES, EvidenceInvalid
from evidence.loader import load
from tests.evidence.test_loader import VALID, write

NAME = "001_toy-2020.toml"
REPLACEMENTS: list[Any] = [
    7,
    -1.5,
    "text",
    "",
    True,
    [],
    [1, 2],
    ["a"],
    {},
    {"id": 3},
    [{}],
    [{"id": []}],
    [[1]],
]


def _inline(value: Any) -> str:
    """A value as inline TOML (tables inline, so one renderer writes any shape)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string for these values
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_inline(v)}" for k, v in value.items()) + "}"


def _toml(document: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {_inline(value)}\n" for key, value in document.items())


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        yield from _places(child, (*path, key))


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


BASE = tomllib.loads(VALID)
CASES = [(path, value) for path in _places(BASE) for value in REPLACEMENTS]


def test_the_renderer_writes_the_fixture_back_as_it_was(tmp_path: Path) -> None:
    assert tomllib.loads(_toml(BASE)) == BASE
    assert load(write(tmp_path, _toml(BASE), NAME)).outcomes


@pytest.mark.parametrize("path", sorted({path for path, _ in CASES}, key=str), ids=str)
def test_every_malformed_place_gives_coded_errors_naming_file_and_field(
    tmp_path: Path, path: tuple[Any, ...]
) -> None:
    for number, value in enumerate(REPLACEMENTS):
        folder = write(tmp_path / str(number), _toml(_replaced(BASE, path, value)), NAME)
        try:
            load(folder)
        except EvidenceInvalid as invalid:
            assert invalid.errors
            for error in invalid.errors:
                assert error.code in CODES, (value, error)
                assert error.file == NAME, (value, error)
                assert error.field and error.record, (value, error)
        except Exception as crash:  # the point: nothing else may escape
            raise AssertionError(f"{path} = {value!r}: {type(crash).__name__}: {crash}") from crash


@pytest.mark.parametrize("key", ["cohorts", "outcomes", "findings"])
@pytest.mark.parametrize("value", [7, "x", {}, {"id": 1}], ids=repr)
def test_a_top_level_array_of_another_kind_is_ev002_naming_it(
    tmp_path: Path, key: str, value: Any
) -> None:
    with pytest.raises(EvidenceInvalid) as caught:
        load(write(tmp_path, _toml(BASE | {key: value}), NAME))
    assert [(e.code, e.field) for e in caught.value.errors if e.record == "(file)"] == [
        ("EV002", key)
    ]
