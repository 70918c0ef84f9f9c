"""An `Answer` as plain text, as a person would read it in a chat (Discord markdown kept light)."""

from __future__ import annotations

from knowledge import Answer
from knowledge.answers import bullet_list
from knowledge.phrases import PhraseBook, bundled_phrases


def source_line(answer: Answer, phrases: PhraseBook | None = None, *, urls: bool = True) -> str:
    """The line naming where the facts come from; shared with the embed footer, which cannot show links."""
    if not answer.sources:
        return ""
    phrases = phrases or bundled_phrases()
    key = "source_one" if len(answer.sources) == 1 else "source_many"
    label = phrases.message(key, answer.language)
    return f"{label}: " + "; ".join(f"{s.title} <{s.url}>" if urls else s.title for s in answer.sources)


def render_text(answer: Answer, phrases: PhraseBook | None = None) -> str:
    phrases = phrases or bundled_phrases()
    parts: list[str] = []
    # The answer, then each of its parts with its own title (an answer in parts has at most a lead itself).
    for section in (answer, *answer.parts):
        if section.title and not (section is answer and answer.parts):
            parts.append(f"**{section.title}**")
        if section.body:
            parts.append(section.body)
        if section.fields:
            parts.append("\n".join(f"**{f.name}:** {f.value}" for f in section.fields))
    if answer.suggestions:  # no buttons in plain text: the suggestions are listed
        lead = phrases.message("decline_suggest", answer.language)
        parts.append(f"{lead}\n" + bullet_list(s.label for s in answer.suggestions))
    if answer.links:
        parts.append("\n".join(f"{link.label}: <{link.url}>" for link in answer.links))
    footer = source_line(answer, phrases)
    if answer.footer_note:
        footer = f"{answer.footer_note}\n{footer}" if footer else answer.footer_note
    if footer:
        parts.append(footer)
    return "\n\n".join(parts)
