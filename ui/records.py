"""A figure or a statement as one Markdown block: what it says, how it fits, how strong it is,
where it stands in its source, its quote and its link. Built from the views (`views.figure`,
`views.records`): no record is looked up again here."""

from __future__ import annotations

from ui.markdown import plain
from views.figure import FigureView
from views.records import FindingView, RecordView

__all__ = ["figure_markdown", "finding_markdown", "record_markdown"]


def _provenance(
    location: str, verified: str, link: str | None, reported_in: str | None, quote: str | None
) -> list[str]:
    where = location + (f", as reported in {reported_in}" if reported_in else "")
    line = f":gray[{plain(where)} · {plain(verified)}]"
    if link:
        line += f" · [source]({link})"
    return [line] + ([f"> {plain(quote)}"] if quote else [])


def figure_markdown(figure: FigureView) -> str:
    """Its fit and span status, then the figure with everything that qualifies it."""
    head = []
    if figure.fit:  # graded for this patient: its fit and whether it sets the span
        head.append(f"**{figure.fit}**")
        head.append(
            "sets the span"
            if figure.in_span
            else f"shown, not in the span: {plain(figure.hollow_reason)}"
        )
    lines = [" · ".join(head)] if head else []
    lines += [
        f"**{plain(figure.where)}**: {plain(figure.name)} {plain(figure.summary)}",
        f":gray[{plain(figure.measured)}"
        + (f", {plain(figure.time_origin)}" if figure.time_origin else "")
        + f" · {plain(figure.design)}]",
    ]
    lines += [f":orange[**Authors' caveat:**] {plain(text)}" for text in figure.caveats]
    lines += _provenance(figure.location, figure.verified, figure.link, None, figure.quote)
    if figure.conflicts:
        lines.append(
            ":orange[**The source contradicts itself here.**] Elsewhere it gives "
            + "; ".join(plain(c) for c in figure.conflicts)
            + ". Both are shown; neither is chosen."
        )
    if figure.source_error:
        lines.append(f":red[**Known error in the source:**] {plain(figure.source_error)}")
    if figure.note:
        lines.append(f":gray[{plain(figure.note)}]")
    return "\n\n".join(lines)


def finding_markdown(finding: FindingView) -> str:
    lines = [f"**{plain(finding.source)}**: {plain(finding.text)}"]
    lines += _provenance(
        finding.location, finding.verified, finding.link, finding.reported_in, finding.quote
    )
    return "\n\n".join(lines)


def record_markdown(record: RecordView) -> str:
    if isinstance(record, FindingView):
        return finding_markdown(record)
    return figure_markdown(record)
