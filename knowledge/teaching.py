"""Teaching and untaught: change the learned phrasings file and build the engine that answers with it.

The command line and the Discord bot both teach through here, so both refuse the same mistakes and report
the same doubts. Nothing here swaps an engine in: the caller does, in one assignment, once this returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from knowledge.answer import Answer
from knowledge.engine import Engine, load_engine
from knowledge.learned import (
    MAX_QUESTION_CHARS,
    LearnedPhrasing,
    find,
    question_key,
    read_learned,
    taught,
    teachable_topics,
    unknown_topic,
    untaught,
    write_learned,
)
from knowledge.loader import KnowledgeError

# At most this many other topics are named when a taught question also reads like them.
MAX_ALSO_LIKE = 3
ANSWERABLE_KINDS = ("topic", "project", "attribute", "passage")


@dataclass(frozen=True, slots=True)
class Lesson:
    """What teaching (or untaught) one question did, for the person who did it."""

    engine: Engine
    entry: LearnedPhrasing
    # What the bot now answers to the question, as anyone asking it would get it.
    answer: Answer
    # The titles of other topics the question also reads like: a reason to check the choice.
    also_like: tuple[str, ...] = ()
    # What the same question had been taught as before, when teaching replaced it.
    replaced: LearnedPhrasing | None = None

    @property
    def answered_as_taught(self) -> bool:
        return self.answer.answered and _same_topic(self.answer.topic or "", self.entry.topic)


def teach(
    before: Engine,
    data_dir: Path | None,
    learned: Path,
    question: str,
    topic: str,
    *,
    cache_dir: Path | None = None,
    today: dt.date | None = None,
) -> Lesson:
    """Teach `question` as a phrasing of `topic`: the file is changed only if the knowledge base with it is
    valid; otherwise KnowledgeError (naming file, entry and field) and nothing changed."""
    question = " ".join(question.split())
    known = teachable_topics(before.knowledge)
    if topic not in known:
        raise KnowledgeError(str(learned), question or None, "topic", unknown_topic(topic, known))
    if not question_key(question):
        raise KnowledgeError(str(learned), None, "question", "has no words to match")
    if len(question) > MAX_QUESTION_CHARS:
        raise KnowledgeError(
            str(learned), None, "question", f"is {len(question)} characters; at most {MAX_QUESTION_CHARS}"
        )
    entries = read_learned(learned)
    previous = find(entries, question)
    changed = taught(entries, question, topic, today)
    after = _rebuild(data_dir, learned, changed, cache_dir=cache_dir)
    entry = changed[-1]
    return Lesson(
        engine=after,
        entry=entry,
        answer=after.ask(question),
        also_like=also_reads_like(before, after, question, topic),
        replaced=previous if previous is not None and previous.topic != topic else None,
    )


def forget(
    data_dir: Path | None, learned: Path, question: str, *, cache_dir: Path | None = None
) -> Lesson | None:
    """Undo teaching `question`; None (and nothing changed) when it was never taught."""
    entries = read_learned(learned)
    entry = find(entries, question)
    remaining = untaught(entries, question)
    if entry is None or remaining is None:
        return None
    after = _rebuild(data_dir, learned, remaining, cache_dir=cache_dir)
    return Lesson(engine=after, entry=entry, answer=after.ask(entry.question))


def _rebuild(
    data_dir: Path | None, learned: Path, entries: tuple[LearnedPhrasing, ...], *, cache_dir: Path | None
) -> Engine:
    """Write `entries` and load the engine with them; if that fails, put the file back as it was."""
    try:
        old = learned.read_bytes()
    except FileNotFoundError:
        old = None
    write_learned(learned, entries)
    try:
        return load_engine(data_dir, cache_dir=cache_dir, learned=learned)
    except BaseException:
        if old is None:
            learned.unlink(missing_ok=True)
        else:
            learned.write_bytes(old)
        raise


def also_reads_like(before: Engine, after: Engine, question: str, topic: str) -> tuple[str, ...]:
    """The titles of other topics `question` is close to: the one `before` answered it with, and any that
    explains most of it even now, after teaching. A confident wrong answer would come from one of those."""
    others: list[str] = []
    previous = before.ask(question)
    if previous.answered and previous.topic is not None and not _same_topic(previous.topic, topic):
        others.append(previous.topic)
    threshold = after.tuning.answer_coverage
    for item in after.rank(after.read(question)):
        answerable = item.doc.kind in ANSWERABLE_KINDS  # not a query over the project table
        if answerable and item.coverage >= threshold and not _same_topic(item.doc.id, topic):
            others.append(item.doc.id)
    titles: list[str] = []
    for doc_id in dict.fromkeys(others):
        title = after.answer_topic(doc_id).title
        if title and title not in titles:
            titles.append(title)
    return tuple(titles[:MAX_ALSO_LIKE])


def _same_topic(doc_id: str, topic: str) -> bool:
    """A project's website or one sentence of its abstract belongs to the project's topic."""
    return doc_id == topic or doc_id.startswith(topic + ":")
