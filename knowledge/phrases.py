"""The fixed phrases replies are framed with (messages.yaml), for code that renders an `Answer`.

A `KnowledgeBase` is a `PhraseBook`: the bot and the CLI render with the knowledge base they answer from, so a
copy of the knowledge base (ECSITE_BOT_DATA_DIR, --data) brings its own phrases. `bundled_phrases` is for
rendering without one at hand (an `Answer` built by hand, a benchmark), from the bundled file.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from knowledge.loader import DATA_DIR, MESSAGES_FILE, _messages, _read_yaml


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
    # Read as the loader reads it (libyaml when PyYAML has it: about 10 ms rather than 120 ms).
    return Phrases(_messages(MESSAGES_FILE, _read_yaml(DATA_DIR / MESSAGES_FILE, DATA_DIR)))
