"""The strategy cards on screen: each applicable strategy as a card (context first, then why it
applies, then per stage its key ranges with the figures that set them), and one line for each
strategy that does not apply. What a card holds is decided by `views.cards`."""

from __future__ import annotations

import streamlit as st

from ui.markdown import plain
from views.basis import plural
from views.cards import Card, Cards, CardStage, KeyRange
from views.figure import FigureView

__all__ = [
    "card_markdown",
    "key_range_markdown",
    "not_applicable_markdown",
    "show",
    "stage_markdown",
]


def _figure_line(figure: FigureView) -> str:
    return f"{plain(figure.where)}: {plain(figure.summary)}"


def key_range_markdown(key: KeyRange) -> str:
    """'- **ORR, best response**: 33–60% (4 cohorts, n=747)', each figure setting it, then the
    other bands of its kind, each on its own."""
    if key.empty:
        lines = [f"- **{plain(key.name)}**: *{plain(key.text)}*"]
    else:
        lines = [f"- **{plain(key.name)}**: {plain(key.text)} ({plain(key.basis)})"]
    lines += [f"    - :gray[{_figure_line(f)}]" for f in key.figures]
    lines += [
        f"    - Also reported, a separate band: {plain(o.label)}: {plain(o.text)} "
        f"({plural(o.cohorts, 'cohort')})"
        for o in key.others
    ]
    return "\n".join(lines)


def stage_markdown(stage: CardStage) -> str:
    """What the stage's figures measure, its notes, then its key ranges (never across stages)."""
    lines = [f"**{plain(stage.title)}.** :gray[{plain(stage.measures)}]"]
    lines += [f"- :gray[{plain(note.text)}]" for note in stage.notes]
    lines += [key_range_markdown(key) for key in stage.ranges]
    return "\n".join(lines)


def card_markdown(card: Card) -> str:
    """The card's head: its title, context (licence, guideline, a leading concern: context, not
    rank) and why it applies."""
    lines = [f"#### {plain(card.title)}", ":green-badge[Applies]", ""]
    lines += [f"- :blue[{plain(note.text)}]" for note in card.context]
    lines += [f"- {plain(reason)}" for reason in card.reasons]
    return "\n".join(lines)


def not_applicable_markdown(cards: Cards) -> str:
    return "**Does not apply:**\n" + "\n".join(
        f"- {plain(n.title)}: {plain(n.reason)}" for n in cards.not_applicable
    )


def _stage(stage: CardStage) -> None:
    st.markdown(stage_markdown(stage))


def show(cards: Cards, stacked: bool = False) -> None:
    """Applicable strategies as cards (side by side unless `stacked`), then the ones that do
    not apply with the reason, so that the room reads what matters first."""
    if not cards.applicable:
        st.info("No strategy applies to this patient as entered.")
    count = len(cards.applicable)
    slots = [st.container() for _ in range(count)] if stacked or not count else st.columns(count)
    for slot, card in zip(slots, cards.applicable, strict=True):
        with slot, st.container(border=True):
            st.markdown(card_markdown(card))
            for stage in card.stages:
                _stage(stage)
    if cards.not_applicable:
        st.markdown(not_applicable_markdown(cards))
