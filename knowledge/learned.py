"""Learned phrasings: questions people asked, taught by a curator as new phrasings of an existing topic.

They live in one YAML file of their own, outside the knowledge base folder, so teaching never edits the
curated files (which may be read-only, or the bundled package). At load they are validated against the
knowledge base and merged into their topics' phrasings, so the index treats them exactly as curated ones and
a reworded question is answered too, not only the identical one. The file looks like:

    learned:
      - question: Is there a student discount?
        topic: membership
        taught: "2026-11-21"

`ecsite-bot learned --export` prints them in the layout of the knowledge base's own files, to paste there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.loader import KnowledgeBase, KnowledgeError, _Entry, _read_yaml
from knowledge.text import words

LEARNED_KEY = "learned"
ENTRY_KEYS = ("question", "topic", "taught")
# What /ask accepts; a longer "question" is not something a person typed to the bot.
MAX_QUESTION_CHARS = 500
PROJECT_PREFIX = "project:"
HEADER = (
    "# Learned phrasings: questions people asked, each taught as a phrasing of a topic of the knowledge\n"
    "# base (ecsite-bot teach, /teach). The questions are people's words: keep this file private.\n"
)


@dataclass(frozen=True, slots=True)
class LearnedPhrasing:
    question: str
    topic: str
    # The day it was taught (UTC, ISO 8601): what a curator reads when deciding what to keep.
    taught: str


def question_key(question: str) -> tuple[str, ...]:
    """One key for the ways the same question is typed (case, accents, punctuation, spacing)."""
    return tuple(words(question))


def teachable_topics(knowledge: KnowledgeBase) -> dict[str, str]:
    """Topic id -> title of everything a phrasing can be taught to: topics, the project list, projects."""
    titles = {topic.id: topic.title for topic in knowledge.topics.values()}
    titles[knowledge.projects_topic.id] = knowledge.projects_topic.title
    for project in knowledge.projects.values():
        titles[project.topic_id] = project.name
    return titles


# -- reading and validating --------------------------------------------------------------------------------


def read_learned(path: Path) -> tuple[LearnedPhrasing, ...]:
    """The entries of the file at `path` (none if there is no file yet), each checked for its form only."""
    path = Path(path)
    file = str(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise KnowledgeError(file, None, None, f"cannot be read: {error}") from None
    if not stat.S_ISREG(mode):  # a FIFO would block the reader forever
        raise KnowledgeError(file, None, None, "is not a regular file")
    data = _read_yaml(path, path.parent, name=file)
    if data is None:
        return ()
    document = _Entry(file, None, data)
    document.check_keys([LEARNED_KEY])
    items = document.data.get(LEARNED_KEY) or []
    if not isinstance(items, list):
        raise document.error(LEARNED_KEY, "must be a list of {question, topic, taught}")
    entries: list[LearnedPhrasing] = []
    seen: dict[tuple[str, ...], int] = {}
    for index, item in enumerate(items):
        entry = _Entry(file, _label(index, item), item)
        entry.check_keys(ENTRY_KEYS)
        question = entry.text("question", max_length=MAX_QUESTION_CHARS) or ""
        topic = entry.text("topic") or ""
        taught = _taught(entry)
        key = question_key(question)
        if not key:
            raise entry.error("question", "has no words to match")
        if key in seen:
            raise entry.error("question", f"already taught in entry #{seen[key] + 1}; keep one of them")
        seen[key] = index
        entries.append(LearnedPhrasing(question, topic, taught))
    return tuple(entries)


def _label(index: int, item: Any) -> str:
    question = item.get("question") if isinstance(item, dict) else None
    return question.strip() if isinstance(question, str) and question.strip() else f"#{index + 1}"


def _taught(entry: _Entry) -> str:
    value = entry.data.get("taught")
    if isinstance(value, dt.date):  # YAML reads an unquoted 2026-11-21 as a date
        return value.isoformat()
    text = entry.text("taught") or ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise entry.error("taught", f"{text!r} is not a date like '2026-11-21'") from None


def check_topics(entries: Iterable[LearnedPhrasing], knowledge: KnowledgeBase, file: str) -> None:
    """Every entry names a topic the knowledge base has; otherwise a KnowledgeError naming it."""
    known = teachable_topics(knowledge)
    for entry in entries:
        if entry.topic not in known:
            raise KnowledgeError(file, entry.question, "topic", unknown_topic(entry.topic, known))


def unknown_topic(topic: str, known: dict[str, str]) -> str:
    return f"unknown topic id {topic!r}; `ecsite-bot learned --topics` lists the {len(known)} known ones"


def with_learned(knowledge: KnowledgeBase, path: Path | None) -> KnowledgeBase:
    """The knowledge base with the learned phrasings of the file at `path` added to their topics."""
    if path is None:
        return knowledge
    path = Path(path)
    root = Path(knowledge.data_dir).resolve()
    if path.resolve().is_relative_to(root):
        # Inside it, the loader would read it as a topics file and refuse it for a reason nobody would guess.
        raise KnowledgeError(
            str(path), None, None, f"must live outside the knowledge base folder {knowledge.data_dir}"
        )
    entries = read_learned(path)
    check_topics(entries, knowledge, str(path))
    if not entries:
        return knowledge
    return merge(knowledge, entries, str(path))


def merge(knowledge: KnowledgeBase, entries: Sequence[LearnedPhrasing], file: str) -> KnowledgeBase:
    """A copy of `knowledge` whose topics also have the learned questions as phrasings."""
    by_topic: dict[str, list[str]] = {}
    for entry in entries:
        by_topic.setdefault(entry.topic, []).append(entry.question)

    def added(phrasings: tuple[str, ...], questions: list[str]) -> tuple[str, ...]:
        have = {question_key(p) for p in phrasings}
        return (*phrasings, *(q for q in questions if question_key(q) not in have))

    topics = {
        topic_id: dataclasses.replace(topic, phrasings=added(topic.phrasings, by_topic[topic_id]))
        if topic_id in by_topic
        else topic
        for topic_id, topic in knowledge.topics.items()
    }
    projects_topic = knowledge.projects_topic
    if projects_topic.id in by_topic:
        phrasings = added(projects_topic.phrasings, by_topic[projects_topic.id])
        projects_topic = dataclasses.replace(projects_topic, phrasings=phrasings)
    projects = {
        project_id: (
            dataclasses.replace(project, phrasings=added(project.phrasings, by_topic[project.topic_id]))
            if project.topic_id in by_topic
            else project
        )
        for project_id, project in knowledge.projects.items()
    }
    return dataclasses.replace(
        knowledge,
        topics=topics,
        projects_topic=projects_topic,
        projects=projects,
        learned=tuple(entries),
        learned_file=file,
    )


# -- changing the file -------------------------------------------------------------------------------------


def taught(
    entries: Sequence[LearnedPhrasing], question: str, topic: str, today: dt.date | None = None
) -> tuple[LearnedPhrasing, ...]:
    """`entries` with `question` taught as `topic` (replacing what the same question was taught before)."""
    day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    key = question_key(question)
    kept = [entry for entry in entries if question_key(entry.question) != key]
    return (*kept, LearnedPhrasing(" ".join(question.split()), topic, day))


def untaught(entries: Sequence[LearnedPhrasing], question: str) -> tuple[LearnedPhrasing, ...] | None:
    """`entries` without `question`; None when it was never taught."""
    key = question_key(question)
    kept = tuple(entry for entry in entries if question_key(entry.question) != key)
    return kept if len(kept) < len(entries) else None


def find(entries: Iterable[LearnedPhrasing], question: str) -> LearnedPhrasing | None:
    key = question_key(question)
    return next((entry for entry in entries if question_key(entry.question) == key), None)


def write_learned(path: Path, entries: Sequence[LearnedPhrasing]) -> None:
    """Replace the file atomically (a reader sees the old file or the new one), readable by its owner only:
    it holds people's questions, as the question log does."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {LEARNED_KEY: [dataclasses.asdict(entry) for entry in entries]}
    text = HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        handle.write(text)
    try:
        os.chmod(handle.name, 0o600)
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


# -- reading them back -------------------------------------------------------------------------------------


def export_yaml(knowledge: KnowledgeBase, entries: Sequence[LearnedPhrasing]) -> str:
    """The learned phrasings laid out as the knowledge base's files hold them: per file, per entry, the lines
    to add under its `phrasings:`."""
    files: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        file, entry_id = _home(knowledge, entry.topic)
        files.setdefault(file, {}).setdefault(entry_id, []).append(entry.question)
    documents = []
    for file, by_entry in files.items():
        topics = [{"id": entry_id, "phrasings": questions} for entry_id, questions in by_entry.items()]
        body = yaml.safe_dump(topics, allow_unicode=True, sort_keys=False, width=110, indent=2)
        documents.append(f"# {file}\n{body}")
    return "\n".join(documents)


def _home(knowledge: KnowledgeBase, topic_id: str) -> tuple[str, str]:
    """The file and entry id a topic id is written under."""
    if topic_id.startswith(PROJECT_PREFIX) and topic_id[len(PROJECT_PREFIX) :] in knowledge.projects:
        project = knowledge.projects[topic_id[len(PROJECT_PREFIX) :]]
        return project.file, project.id
    if topic_id == knowledge.projects_topic.id:
        return knowledge.projects_topic.file, "projects_topic"
    topic = knowledge.topics[topic_id]
    return topic.file, topic.id
