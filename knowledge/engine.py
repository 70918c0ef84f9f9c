"""Question -> Answer. (Work in progress: the interface below is the contract the bot codes against.)"""

from __future__ import annotations

from pathlib import Path

from knowledge.answer import Answer
from knowledge.conversation import Conversation
from knowledge.loader import KnowledgeBase, load_knowledge_base


class Engine:
    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer free text as typed in a chat; with a conversation, resolve follow-ups and update it."""
        raise NotImplementedError

    def answer_topic(self, topic_id: str, language: str = "en") -> Answer:
        """The answer for one topic id (a suggestion button, a slash command)."""
        raise NotImplementedError

    def complete_projects(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """(display name, topic id) pairs for project-name autocomplete, best first, fuzzy."""
        raise NotImplementedError


def load_engine(data_dir: Path | None = None) -> Engine:
    return Engine(load_knowledge_base(data_dir))
