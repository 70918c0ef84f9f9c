"""Ecsite knowledge: the YAML knowledge base, its validation, the fuzzy index and question -> Answer.

Nothing in this package knows about Discord.
"""

from knowledge.answer import Answer, Field, Link, Source, Suggestion
from knowledge.conversation import Conversation, ConversationStore
from knowledge.engine import Engine, load_engine
from knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge_base

__all__ = [
    "Answer",
    "Conversation",
    "ConversationStore",
    "Engine",
    "Field",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "Source",
    "Suggestion",
    "load_engine",
    "load_knowledge_base",
]
