"""Curating without hand-editing: a new source file that validates as written.

`python -m evidence new-source` writes `NNN_<id>.toml` with its `[source]` table filled from the
citation, DOI (or URL) and design, and below it, as comments, the fields every cohort, outcome
and finding needs, with their allowed values, read from the models (so the skeleton cannot go
stale). The file loads as written: the curator then adds cohorts and figures one by one, each
checked by `python -m evidence validate`.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from evidence.loader import DATA_DIR
from evidence.models import Cohort, Finding, Outcome, Source

__all__ = [
    "CurationError",
    "new_source",
    "next_prefix",
    "skeleton",
    "source_text",
    "toml_value",
]

_PREFIX = re.compile(r"^(\d{3})_")
# Fields the versioning fills in, not the curator.
_RELEASE_FIELDS = {"revisions", "superseded_in"}


class CurationError(ValueError):
    """A curator command that cannot do what was asked (its message says what to change)."""


def toml_value(value: Any) -> str:
    """A TOML literal: strings as basic strings (JSON escapes are TOML escapes), numbers,
    booleans, arrays and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return toml_value(value.value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _choices(annotation: Any) -> list[str]:
    """The allowed values of an enum field (also inside `X | None` and `list[X]`)."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    if get_origin(annotation) is not None:
        return [c for arg in get_args(annotation) for c in _choices(arg)]
    return []


def skeleton(model: type[BaseModel], table: str) -> list[str]:
    """The model's required fields as commented TOML, each with its allowed values or type."""
    lines = [f"# [[{table}]]"]
    for name, field in model.model_fields.items():
        if not field.is_required() or name in _RELEASE_FIELDS:
            continue
        choices = _choices(field.annotation)
        hint = " | ".join(choices) if choices else getattr(field.annotation, "__name__", "value")
        lines.append(f"# {name} = ...  # {hint}")
    return lines


def source_text(source: Source) -> str:
    """A source file: the `[source]` table, then the commented skeleton of what follows."""
    data = {"id": source.id, "added_in": source.added_in} | source.model_dump(
        exclude_none=True, exclude_defaults=True, mode="json"
    )
    lines = ["[source]", *(f"{key} = {toml_value(value)}" for key, value in data.items())]
    lines += [
        "",
        "# What to add next, one table a record (python -m evidence validate checks each).",
        "# Required fields and their allowed values, from evidence/models.py; every figure needs",
        "# its location and, from a seed or an abstract, the verbatim quote it stands in.",
        "# The data README (evidence/data/README.md) shows a complete example.",
        "",
        *skeleton(Cohort, "cohorts"),
        "# and one of: [[cohorts.eligibility]] criteria, criteria_from = <cohort id>, or",
        "# criteria_not_reported = <why>",
        "",
        *skeleton(Outcome, "outcomes"),
        "# and value (or not_reached = true); medians and rates at a time need time_origin;",
        "# response rates need response_assessment",
        "",
        *skeleton(Finding, "findings"),
    ]
    return "\n".join(lines) + "\n"


def next_prefix(data_dir: Path = DATA_DIR) -> int:
    """The order prefix after the highest in use (the curator may rename into a group)."""
    used = [int(m.group(1)) for p in data_dir.glob("*.toml") if (m := _PREFIX.match(p.name))]
    return max(used, default=-1) + 1


def new_source(
    fields: dict[str, Any], data_dir: Path = DATA_DIR, prefix: int | None = None
) -> Path:
    """Write `NNN_<id>.toml` for a new source; CurationError naming every problem."""
    try:
        source = Source.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'source'}: "
            f"{str(e['msg']).removeprefix('Value error, ')}"
            for e in error.errors()
        )
        raise CurationError(problems) from error
    taken = {p.name.split("_", 1)[-1].removesuffix(".toml") for p in data_dir.glob("*.toml")}
    if source.id in taken:
        raise CurationError(f"a source {source.id!r} already has a file in {data_dir}")
    number = next_prefix(data_dir) if prefix is None else prefix
    if not 0 <= number <= 999:
        raise CurationError(f"the prefix must be 000-999, not {number}")
    if any(p.name.startswith(f"{number:03d}_") for p in data_dir.glob("*.toml")):
        raise CurationError(f"prefix {number:03d} is taken in {data_dir}")
    path = data_dir / f"{number:03d}_{source.id}.toml"
    path.write_text(source_text(source), encoding="utf-8")
    return path
