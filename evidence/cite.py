"""The bibliography of the evidence base as BibTeX or RIS."""

from __future__ import annotations

from evidence.loader import EvidenceBase
from evidence.models import Design, Source

__all__ = ["bibliography"]

_BIBTEX_TYPE = {Design.label: "manual", Design.guideline: "article", Design.expert_opinion: "misc"}
_RIS_TYPE = {Design.label: "GEN", Design.expert_opinion: "GEN"}


def _bibtex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "{}%&$#_" else ch for ch in text)


def _bibtex(source: Source) -> str:
    kind = _BIBTEX_TYPE.get(source.design, "article")
    fields = [("note", source.citation)]
    if source.year:
        fields.append(("year", str(source.year)))
    if source.doi:
        fields.append(("doi", source.doi))
    if source.url:
        fields.append(("url", source.url))
    body = ",\n".join(f"  {key} = {{{_bibtex_escape(value)}}}" for key, value in fields)
    title = _bibtex_escape(source.short)
    return f"@{kind}{{{source.id},\n  title = {{{title}}},\n{body}\n}}\n"


def _ris(source: Source) -> str:
    lines = [
        f"TY  - {_RIS_TYPE.get(source.design, 'JOUR')}",
        f"ID  - {source.id}",
        f"TI  - {source.citation}",
        f"ST  - {source.short}",
    ]
    if source.year:
        lines.append(f"PY  - {source.year}")
    if source.doi:
        lines.append(f"DO  - {source.doi}")
    if source.url:
        lines.append(f"UR  - {source.url}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def bibliography(base: EvidenceBase, fmt: str, source_ids: list[str] | None = None) -> str:
    ids = source_ids if source_ids is not None else list(base.sources)
    render = {"bibtex": _bibtex, "ris": _ris}[fmt]
    return "\n".join(render(base.sources[i]) for i in ids)
