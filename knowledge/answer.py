"""The one result type every rendering (embed, plain text, JSON) is made from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A button-worthy link besides the sources, such as a project's website."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A "did you mean" entry: `label` is shown, `topic` can be answered with `Engine.answer_topic`."""

    topic: str
    label: str


@dataclass(frozen=True, slots=True)
class Answer:
    answered: bool
    title: str
    body: str
    fields: tuple[Field, ...] = ()
    sources: tuple[Source, ...] = ()
    topic: str | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    links: tuple[Link, ...] = ()
    # What the answer is about (a project, a network...), so a follow-up ("who funds it?") can refer to it.
    subject: str | None = None
    # The subjects an answer lists (the projects of "which projects started in 2021?"), so a follow-up can
    # refer to "them", "both" or "the second one".
    listed: tuple[str, ...] = ()
    # The organisations of projects an answer is about (a project's participants, the organisation asked
    # after), so "are they in any other project?" can refer to them.
    organisations: tuple[str, ...] = ()
    language: str = "en"
    footer_note: str = field(default="")
    # An answer to a question that asked several things: each part keeps its own title, body and fields, in
    # order; this answer then has no body or fields of its own, only the parts' sources and links together.
    parts: tuple[Answer, ...] = ()


def answer_text(answer: Answer) -> str:
    """What an answer says, as one text to look things up in (its title, body and fields)."""
    return "\n".join([answer.title, answer.body, *(f"{f.name} {f.value}" for f in answer.fields)])
