"""The fixed phrases replies are framed with (messages.yaml), for code that renders an `Answer`.

A `KnowledgeBase` is a `PhraseBook`: the bot and the CLI render with the knowledge base they answer from, so a
copy of the knowledge base (ECSITE_BOT_DATA_DIR, --data) brings its own phrases. `bundled_phrases` is for
rendering without one at hand (an `Answer` built by hand, a benchmark), from the bundled file.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

import yaml

from knowledge.loader import DATA_DIR, MESSAGES_FILE, _messages


class PhraseBook(Protocol):
    def message(self, key: str, language: str = "en", **values: object) -> str: ...


class Phrases:
    """Phrases by language, English standing in for a language that lacks one."""

    def __init__(self, messages: dict[str, dict[str, str]]) -> None:
        self.messages = messages

    def message(self, key: str, language: str = "en", **values: object) -> str:
        template = self.messages.get(language, {}).get(key) or self.messages["en"][key]
        return template.format(**values)


@cache
def bundled_phrases() -> Phrases:
    path = DATA_DIR / MESSAGES_FILE
    return Phrases(_messages(MESSAGES_FILE, yaml.safe_load(path.read_text(encoding="utf-8"))))
