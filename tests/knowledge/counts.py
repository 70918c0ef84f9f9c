"""How a reply shows a count, as the knowledge base's phrases write it ("**Five**", "**23**")."""

from __future__ import annotations

from knowledge import Engine


def bold_count(engine: Engine, count: int, language: str = "en") -> str:
    spelled = engine.knowledge.message("number_words", language).split()
    return f"**{spelled[count].capitalize() if count < len(spelled) else count}**"
