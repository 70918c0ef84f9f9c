"""Short-lived conversation context, so a follow-up ("and who funds it?") can refer to the last subject."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from knowledge.answer import Answer

DEFAULT_TTL_SECONDS = 300.0
# How many subjects talked about one after the other are kept for "both", "which of the two", "the first one".
MAX_RECENT_SUBJECTS = 3
# Stands in `Conversation.names` for an organisation the question named ("does NEMO take part in it?").
ORGANISATION = "@organisation"


@dataclass(slots=True)
class Conversation:
    """What one person was last talking about in one place (a channel, a DM, a CLI session)."""

    subject: str | None = None
    topic: str | None = None
    listed: tuple[str, ...] = ()
    # The title of the answer that listed them ("Projects that ended in 2023"), for "and which ones don't?".
    listed_title: str = ""
    # The subjects of the last answers, in the order they were first talked about: after "what is DOORS?" and
    # "and GlobalSCAPE?", "which of the two ends later?" compares them.
    recent: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    # The last question answered (as read, in English) and the names it used, so "and DOORS?" or "what
    # about EAZA?" can ask it again about something else.
    question: str = ""
    names: tuple[tuple[str, str], ...] = ()
    # The last answer given, for "source?" and "where's that from?".
    last_answer: Answer | None = None
    updated_at: float = 0.0

    def remember(self, answer: Answer) -> None:
        """An answer given becomes what "it" refers to next; a decline changes nothing."""
        if answer.answered:
            self.subject = answer.subject
            self.topic = answer.topic
            self.last_answer = answer
            # "What does the third one stand for?" answered, the list it came from is still what "the last
            # one" counts in.
            if answer.listed or answer.subject not in self.listed:
                self.listed = answer.listed
                self.listed_title = answer.title
            self.organisations = answer.organisations
            short_list = 1 < len(answer.listed) <= MAX_RECENT_SUBJECTS
            for subject in answer.listed if short_list else (answer.subject,):
                if subject and subject not in self.recent:
                    self.recent = (*self.recent, subject)[-MAX_RECENT_SUBJECTS:]


class ConversationStore:
    """Conversations keyed by (channel, user); each one forgets its subject after `ttl_seconds` of silence."""

    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_conversations: int = 10_000,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._max = max_conversations
        self._conversations: dict[Hashable, Conversation] = {}

    def get(self, key: Hashable) -> Conversation:
        now = self._clock()
        conversation = self._conversations.get(key)
        if conversation is None or now - conversation.updated_at > self.ttl_seconds:
            conversation = Conversation(updated_at=now)
            self._conversations[key] = conversation
            self._evict(now)
        conversation.updated_at = now
        return conversation

    def _evict(self, now: float) -> None:
        if len(self._conversations) <= self._max:
            return
        expired = [k for k, c in self._conversations.items() if now - c.updated_at > self.ttl_seconds]
        for key in expired:
            del self._conversations[key]
        while len(self._conversations) > self._max:
            del self._conversations[next(iter(self._conversations))]
