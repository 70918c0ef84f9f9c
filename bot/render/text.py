"""An `Answer` as plain text, as a person would read it in a chat (Discord markdown kept light)."""

from __future__ import annotations

from knowledge import Answer


def source_line(answer: Answer, *, urls: bool = True) -> str:
    """The line naming where the facts come from; shared with the embed footer, which cannot show links."""
    if not answer.sources:
        return ""
    label = "Source" if len(answer.sources) == 1 else "Sources"
    return f"{label}: " + "; ".join(f"{s.title} <{s.url}>" if urls else s.title for s in answer.sources)


def render_text(answer: Answer) -> str:
    parts: list[str] = [f"**{answer.title}**"] if answer.title else []
    if answer.body:
        parts.append(answer.body)
    if answer.fields:
        parts.append("\n".join(f"**{f.name}:** {f.value}" for f in answer.fields))
    if answer.links:
        parts.append("\n".join(f"{link.label}: <{link.url}>" for link in answer.links))
    footer = source_line(answer)
    if answer.footer_note:
        footer = f"{answer.footer_note}\n{footer}" if footer else answer.footer_note
    if footer:
        parts.append(footer)
    return "\n\n".join(parts)
