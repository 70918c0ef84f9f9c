"""An `Answer` as the JSON object of the CLI contract (`ecsite-bot ask --json`)."""

from __future__ import annotations

from typing import Any

from bot.render.text import render_text
from knowledge import Answer
from knowledge.phrases import PhraseBook


def render_json(answer: Answer, phrases: PhraseBook | None = None) -> dict[str, Any]:
    return {
        "answered": answer.answered,
        "text": render_text(answer, phrases),
        "title": answer.title,
        "topic": answer.topic,
        "score": round(answer.score, 4),
        "sources": [{"title": s.title, "url": s.url} for s in answer.sources],
        "suggestions": [s.label for s in answer.suggestions],
        "language": answer.language,
    }
