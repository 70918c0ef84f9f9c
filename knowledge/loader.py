"""Loading and validating the YAML knowledge base.

Every problem is reported as one `KnowledgeError` naming the file, the entry and the field, so whoever edits
the YAML can fix it without reading Python.
"""

from __future__ import annotations

import json
import os
import re
import reprlib
import stat
import string
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from knowledge.answer import Field, Link, Source
from knowledge.text import words

if TYPE_CHECKING:
    from knowledge.learned import LearnedPhrasing

DATA_DIR = Path(__file__).parent / "data"
LANGUAGE_FILE = "language.yaml"
MESSAGES_FILE = "messages.yaml"
TRANSLATIONS_DIR = "languages"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIMEFRAME_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")
URL_PATTERN = re.compile(r"^https?://\S+$")
# libyaml's parser when PyYAML was built with it: the same safe loading, several times faster at start-up.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits on what one file may hold, far above the bundled knowledge base and the benchmark's 2,000 entries
# per file: past them a file is refused, not loaded (a few hundred bytes of YAML aliases can stand for
# billions of values, which would hang `check` and `/reload`).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_VALUES = 2_000_000  # values in one file, with every alias counted as the whole value it stands for
MAX_LIST_ITEMS = 20_000  # items in one list
# How much of a value an error message shows.
SHOWN_VALUE_CHARS = 80
MAX_MESSAGE_CHARS = 600

# The phrases of messages.yaml the code fills in, and the fields it fills each with. `check` renders every
# phrase of every language with these, so a typo ('{nam}') or a missing phrase is refused before it is live.
# A phrase not listed here may use the fields its English phrase uses.
PHRASE_FIELDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("decline_title", "decline_body", "decline_suggest", "decline_help", "empty_title", "empty_body",
         "field_timeframe", "field_funders", "field_participants", "field_website", "field_no_website",
         "projects_matching_title", "projects_none", "projects_none_among"),
        (),
    ),
    **dict.fromkeys(
        ("participants_title", "funders_title", "timeframe_title", "website_title", "website_link",
         "suggest_project", "suggest_participants", "suggest_funders", "suggest_timeframe",
         "suggest_website"),
        ("name",),
    ),
    "participants_count": ("count",),
    "timeframe_body": ("name", "start", "end"),
    "project_line": ("name", "start", "end"),
    **dict.fromkeys(
        ("projects_by_participants_title", "projects_by_participants_body", "projects_by_funders_title",
         "projects_by_funders_body"),
        ("org",),
    ),
    **dict.fromkeys(("projects_in_year_title", "projects_started_title", "projects_ended_title"), ("year",)),
    "projects_span_title": ("start", "end"),
}  # fmt: skip

_shown_repr = reprlib.Repr()
_shown_repr.maxlevel, _shown_repr.maxlist, _shown_repr.maxdict = 2, 4, 4
_shown_repr.maxstring = _shown_repr.maxother = SHOWN_VALUE_CHARS


def shown(value: object) -> str:
    """A value as an error message shows it: cut, however big or deeply shared it is."""
    return _shown_repr.repr(value)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class KnowledgeError(ValueError):
    """A malformed knowledge base: the message names the file, the entry and the field."""

    def __init__(self, file: str, entry: str | None, field_name: str | None, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.field = field_name
        self.problem = problem
        where = _cut(file, 200)
        if entry is not None:
            where += f", entry {shown(entry)}"
        if field_name is not None:
            where += f", field {shown(field_name)}"
        super().__init__(_cut(f"{where}: {problem}", MAX_MESSAGE_CHARS))


@dataclass(frozen=True, slots=True)
class Topic:
    """One answerable fact or list, as written in a topics file."""

    id: str
    title: str
    body: str
    sources: tuple[Source, ...]
    file: str
    phrasings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()
    group: str | None = None
    summary: str | None = None
    list_of: str | None = None
    suggest: str | None = None
    count_noun: str | None = None  # what the topic lists, to say how many: "sister networks"
    # Documents the topic names but whose content the sources do not give ("Statement on science and
    # evolution"): what they say is not answered by naming them.
    mentioned: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Topic], tuple[object, ...]]:
        return Topic, _field_values(self)


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    start: int
    end: int
    participants: tuple[str, ...]
    funders: tuple[str, ...]
    abstract: str
    website: str | None
    website_note: str | None
    sources: tuple[Source, ...]
    file: str
    aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    phrasings: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Project], tuple[object, ...]]:
        return Project, _field_values(self)

    @property
    def topic_id(self) -> str:
        return f"project:{self.id}"

    def measure(self, name: str) -> int:
        """What projects are compared by: "end", "start", "duration" or "participants"."""
        if name == "participants":
            return len(self.participants)
        if name == "duration":
            return self.end - self.start
        return self.start if name == "start" else self.end


def _field_values(item: Topic | Project) -> tuple[object, ...]:
    """A topic or project pickled as its fields in order, rebuilt by its own `__init__`: a frozen dataclass's
    default `__setstate__` looks up its fields again for every object, which was a fifth of the cached start
    of a large knowledge base."""
    return tuple([getattr(item, name) for name in item.__slots__])


@dataclass(frozen=True, slots=True)
class HeldKind:
    """A kind of thing a question asks for and what in a text is one: "which month" asks for a month, and
    "September" is one; with `beside_number`, only next to a number ("3 September", "EUR 2 million")."""

    asked: tuple[str, ...]
    held: tuple[str, ...]
    beside_number: bool = False


@dataclass(frozen=True, slots=True)
class Language:
    """The words questions are read with (see language.yaml)."""

    stopwords: frozenset[str]
    question_words: frozenset[str]
    subject_words: tuple[str, ...]
    reference_words: frozenset[str]
    project_attributes: Mapping[str, tuple[str, ...]]
    project_words: frozenset[str]
    year_cues: Mapping[str, tuple[str, ...]]
    generic_words: frozenset[str] = frozenset()
    spellings: Mapping[str, str] = field(default_factory=dict)
    conjunctions: frozenset[str] = frozenset()
    # Other words for the same thing, read as the word the knowledge base uses ("kick off" -> "start").
    synonyms: Mapping[str, str] = field(default_factory=dict)
    # Chat phrases that frame a question and say nothing of what is asked ("in a nutshell", "rn").
    filler: tuple[str, ...] = ()
    # The documents together, by what people call them ("the sources", "your docs"): dropped like a source's
    # name, unless nothing else is asked.
    source_words: tuple[str, ...] = ()
    # The forms of question the engine answers from the structured data: yes_no, count, amount (see
    # language.yaml), and the cues of a superlative: its direction (most, least) and what it measures.
    question_forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Follow-ups about the last answer's list: "them", "both"; "the first one", "the second one".
    plural_references: frozenset[str] = frozenset()
    # Endings of manner words ("operationally", "concretely"): they frame a question, never its subject.
    manner_suffixes: tuple[str, ...] = ()
    # Words that point at one occasion the documents cannot describe ("the *next* conference").
    pointed_words: tuple[str, ...] = ()
    # What asks for an acronym's expansion ("stand for", "full name"): answered by a topic named by one.
    acronym_words: tuple[str, ...] = ()
    # A message that only names something new after a question ("and DOORS?", "what about EAZA?").
    ellipsis_words: tuple[str, ...] = ()
    # Words that rank ("most", "biggest"): only a superlative over the data, or a text that ranks, answers.
    ranking_words: tuple[str, ...] = ()
    # Words that turn a list question around ("which projects are *not* funded by...").
    negations: tuple[str, ...] = ()
    ordinals: tuple[str, ...] = ()
    superlatives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Countries by their names and adjectives ("swedish" -> "sweden"), to ask for participants by country.
    places: Mapping[str, str] = field(default_factory=dict)
    # Numbers written as words and their values ("six" -> 6), to check a count claimed in words.
    number_values: Mapping[str, int] = field(default_factory=dict)
    # Kinds of thing an answer must hold when asked for ("which month": a month's name); see language.yaml.
    held_kinds: Mapping[str, HeldKind] = field(default_factory=dict)
    # Nouns that count the same things ("over 400 institutions" counts members); see language.yaml.
    counted_alike: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Translation:
    """Another language's words mapped to the English ones the knowledge base is written in."""

    code: str
    name: str
    markers: frozenset[str]
    phrases: Mapping[str, str]
    # Read so only right before a year: German "nach 2023" is "after 2023", while "nach Berlin" is not.
    before_a_year: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class KnowledgeBase:
    sources: dict[str, Source]
    topics: dict[str, Topic]
    projects: dict[str, Project]
    projects_topic: Topic
    language: Language
    messages: dict[str, dict[str, str]]
    translations: dict[str, Translation] = field(default_factory=dict)
    data_dir: Path = DATA_DIR
    # Source id -> what people call that document in a question ("the encyclopedia article").
    source_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The phrasings taught from the question log (knowledge/learned.py), already merged into the topics.
    learned: tuple[LearnedPhrasing, ...] = ()
    learned_file: str | None = None

    def stats(self) -> dict[str, int]:
        stats = {
            "sources": len(self.sources),
            "topics": len(self.topics) + 1,
            "projects": len(self.projects),
            "languages": 1 + len(self.translations),
        }
        if self.learned:
            stats["learned phrasings"] = len(self.learned)
        return stats

    def message(self, key: str, language: str = "en", **values: object) -> str:
        template = self.messages.get(language, {}).get(key) or self.messages["en"][key]
        return template.format(**values)

    def group(self, name: str) -> list[Topic]:
        return [topic for topic in self.topics.values() if topic.group == name]

    def __reduce__(self) -> tuple[Callable[..., KnowledgeBase], tuple[object, ...]]:
        # The topics and projects as columns of their fields, rebuilt column by column (`_rebuilt`).
        values = {name: getattr(self, name) for name in self.__slots__}
        packed = {
            name: _packed(values.pop(name), cls) for name, cls in (("topics", Topic), ("projects", Project))
        }
        return _unpickled_knowledge, (packed, tuple(values.items()))


def _packed(
    entries: dict[str, Any], cls: type
) -> tuple[tuple[str, ...], int, tuple[tuple[object, ...], ...]] | dict:
    """A topic or project table as its keys, its size and one column per field; as itself if it holds
    anything but `cls` itself."""
    if not all(type(entry) is cls for entry in entries.values()):
        return entries
    columns = tuple(zip(*map(_field_values, entries.values()), strict=True)) if entries else ()
    return tuple(entries), len(entries), columns


def _rebuilt(cls: type, count: int, columns: tuple[tuple[object, ...], ...]) -> list[Any]:
    """`count` objects of a frozen slotted dataclass, each slot of all of them set from its column in C,
    not by `__init__` one object at a time (at 100,000 entries about twice as fast). Nothing is computed
    in `__init__` (no `__post_init__`), so the objects are those `__init__` would make."""
    if not count:
        return []
    made = list(map(object.__new__, repeat(cls, count)))
    for name, column in zip(cls.__slots__, columns, strict=True):
        deque(map(getattr(cls, name).__set__, made, column), maxlen=0)
    return made


def _unpickled_knowledge(packed: dict[str, Any], rest: tuple[tuple[str, object], ...]) -> KnowledgeBase:
    values: dict[str, Any] = dict(rest)
    for (name, table), cls in zip(packed.items(), (Topic, Project), strict=True):
        if isinstance(table, dict):
            values[name] = table
        else:
            keys, count, columns = table
            values[name] = dict(zip(keys, _rebuilt(cls, count, columns), strict=True))
    return KnowledgeBase(**values)


# -- reading YAML ------------------------------------------------------------------------------------------


class _Entry:
    """Typed access to one mapping in a file, raising errors that say where the problem is."""

    def __init__(self, file: str, entry: str | None, data: Any, shared: dict[str, str] | None = None) -> None:
        if not isinstance(data, dict):
            raise KnowledgeError(file, entry, None, f"expected a mapping, found {type(data).__name__}")
        self.file = file
        self.entry = entry
        self.data = data
        # With `shared`, one string for equal items of lists (`texts`) across the entries given the same dict.
        self.shared = shared

    def error(self, field_name: str | None, problem: str) -> KnowledgeError:
        return KnowledgeError(self.file, self.entry, field_name, problem)

    def check_keys(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed), key=str)
        if unknown:
            raise self.error(unknown[0], "unknown field (a typo?); allowed: " + ", ".join(sorted(allowed)))

    def text(self, name: str, *, required: bool = True, max_length: int | None = None) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.error(name, "missing")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "must be non-empty text")
        if max_length is not None and len(value) > max_length:
            raise self.error(name, f"is {len(value)} characters; at most {max_length}")
        return value.strip()

    def texts(self, name: str, *, required: bool = False, min_items: int = 0) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.error(name, "missing")
            value = []
        if not isinstance(value, list):
            raise self.error(name, "must be a list")
        _check_length(self, name, value)
        items: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, int) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                raise self.error(name, f"item {index + 1} must be non-empty text, found {shown(item)}")
            items.append(item.strip())
        if self.shared is not None:
            shared = self.shared.setdefault
            items = [shared(item, item) for item in items]
        if len(items) < min_items:
            raise self.error(name, f"needs at least {min_items} item(s)")
        return tuple(items)

    def identifier(self, name: str = "id") -> str:
        value = self.text(name)
        assert value is not None
        if not ID_PATTERN.match(value):
            raise self.error(name, f"{shown(value)} is not a lower-case id like 'annual-conference'")
        return value

    def url(self, name: str, *, required: bool = True) -> str | None:
        value = self.text(name, required=required)
        if value is not None and not URL_PATTERN.match(value):
            raise self.error(name, f"{shown(value)} is not an http(s) URL")
        return value

    def sources(self, known: Mapping[str, Source]) -> tuple[Source, ...]:
        ids = self.texts("sources", required=True, min_items=1)
        for source_id in ids:
            if source_id not in known:
                raise self.error(
                    "sources", f"unknown source id {shown(source_id)}; known: " + ", ".join(known)
                )
        return tuple(known[source_id] for source_id in ids)

    def fields(self) -> tuple[Field, ...]:
        value = self.data.get("fields") or []
        if not isinstance(value, list):
            raise self.error("fields", "must be a list of {name, value}")
        result = []
        for index, item in enumerate(value):
            sub = _Entry(self.file, f"{self.entry} / fields[{index + 1}]", item)
            sub.check_keys(["name", "value", "inline"])
            name = sub.text("name", max_length=256)
            text = sub.text("value", max_length=1024)
            inline = item.get("inline", False)
            if not isinstance(inline, bool):
                raise sub.error("inline", "must be true or false")
            assert name is not None and text is not None
            result.append(Field(name, text, inline))
        return tuple(result)

    def links(self) -> tuple[Link, ...]:
        value = self.data.get("links") or []
        if not isinstance(value, list):
            raise self.error("links", "must be a list of {label, url}")
        result = []
        for index, item in enumerate(value):
            sub = _Entry(self.file, f"{self.entry} / links[{index + 1}]", item)
            sub.check_keys(["label", "url"])
            label, url = sub.text("label", max_length=80), sub.url("url")
            assert label is not None and url is not None
            result.append(Link(label, url))
        return tuple(result)


def yaml_files(root: Path, *, skip: str | None = None) -> list[Path]:
    """Every `*.yaml` under `root` (not under a folder named `skip`), sorted, each checked to be a regular
    file (or a link to one) before anything opens it: a FIFO would block the reader forever, a link loop or
    a dangling link fail later and elsewhere. Raises KnowledgeError naming the first that is not."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        if skip is not None and here == root and skip in subfolders:
            subfolders.remove(skip)
        for name in sorted([*names, *subfolders]):
            if not name.endswith(".yaml"):
                continue
            path = here / name
            try:
                mode = path.stat().st_mode
            except OSError as error:
                problem = f"cannot be read ({error.strerror or error}): a dangling or looping link?"
                raise KnowledgeError(str(path.relative_to(root)), None, None, problem) from None
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
                problem = f"is {kind}; only regular files named *.yaml are read"
                raise KnowledgeError(str(path.relative_to(root)), None, None, problem)
            found.append(path)
    return sorted(found)


def read_bytes(path: Path, name: str) -> bytes:
    """A knowledge file's bytes, refused past MAX_FILE_BYTES (the caller listed it with `yaml_files`)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KnowledgeError(name, None, None, f"is {size:,} bytes; at most {MAX_FILE_BYTES:,}")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise KnowledgeError(name, None, None, f"cannot be read: {error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise KnowledgeError(name, None, None, f"is over {MAX_FILE_BYTES:,} bytes")
    return data


def _check_nodes(name: str, root: yaml.Node) -> None:
    """Before building any value: refuse aliases that expand too far or into themselves, duplicate keys and
    bulleted lists folded into one line. Each node is visited once, however many aliases point at it, in the
    same order as ever (the last child first), so a file with several problems is refused for the same one."""
    expanded: dict[int, int] = {}  # collections counted: the values each stands for
    started: set[int] = set()  # collections whose children are being counted
    # A node to visit, or (collection, children) once its children are counted.
    pending: list[Any] = [root]
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    while pending:
        item = pending.pop()
        if type(item) is tuple:
            node, children = item
            if id(node) in expanded:
                continue
            total = 1 + sum([expanded.get(id(child), 1) for child in children])
            if total > MAX_VALUES:
                line = node.start_mark.line + 1
                raise KnowledgeError(
                    name, None, None,
                    f"the value at line {line} stands for more than {MAX_VALUES:,} values (YAML aliases"
                    " repeated inside each other?); refused",
                )  # fmt: skip
            expanded[id(node)] = total
            continue
        node = item
        if isinstance(node, scalar):  # a value of one, checked each time it is reached
            if node.style == ">":
                _check_scalar(name, node)
            continue
        if id(node) in expanded:
            continue
        if id(node) in started:
            line = node.start_mark.line + 1
            raise KnowledgeError(
                name, None, None,
                f"the value at line {line} holds itself (a YAML alias inside its own anchor); refused",
            )  # fmt: skip
        started.add(id(node))
        if isinstance(node, sequence):
            children = list(node.value)
        else:
            _check_keys(name, node)
            children = [part for pair in node.value for part in pair]
        pending.append((node, children))
        pending.extend([child for child in children if id(child) not in expanded])


def _check_keys(name: str, node: yaml.MappingNode) -> None:
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            raise KnowledgeError(
                name, None, _cut(key.value, SHOWN_VALUE_CHARS),
                f"given twice, at lines {seen[key.value]} and {line}; the second would silently replace the"
                " first",
            )  # fmt: skip
        seen[key.value] = line


# Two list items (bullets, or numbers up to 99) on one line: what a folded scalar (> or >-) makes of a list
# written one item per line.
_FOLDED_LIST = re.compile(r"(?:^|\s)(?:[-*•]|\d{1,2}[.)]) \S[^\n]*\s(?:[-*•]|\d{1,2}[.)]) \S")


def _check_scalar(name: str, node: yaml.ScalarNode) -> None:
    if node.style == ">" and _FOLDED_LIST.search(node.value):
        raise KnowledgeError(
            name, None, None,
            f"the text at line {node.start_mark.line + 1} is folded ('>' or '>-'), which joins its list items"
            " into one line; write it with '|' (or '|-') to keep one item per line",
        )  # fmt: skip


def _check_length(entry: _Entry, name: str, value: list[Any]) -> None:
    if len(value) > MAX_LIST_ITEMS:
        raise entry.error(name, f"has {len(value):,} items; at most {MAX_LIST_ITEMS:,}")


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


def _construct(loader: Any, root: yaml.Node) -> Any:
    """`loader.construct_document(root)`, several times faster for what knowledge files are made of: plain
    strings, lists, and mappings with string keys are built here; any other node (a number, a date, a merge
    key, a tag) by the loader's own constructor. Should anything go wrong, the document is built again by the
    loader alone, so an error is the one it raises, as before."""
    try:
        return _value(root, {}, loader)
    except Exception:
        loader.constructed_objects, loader.recursive_objects, loader.state_generators = {}, {}, []
        loader.deep_construct = False
        return loader.construct_document(root)


# A module function, not a closure: a closure calling itself is a reference cycle, and with the collector
# paused while loading, each file's values and loader would stay in memory until the next collection.
def _value(node: yaml.Node, built: dict[int, Any], loader: Any) -> Any:
    key = id(node)
    if key in built:
        return built[key]
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode and tag == _STR_TAG:
        result: Any = node.value
    elif kind is yaml.SequenceNode and tag == _SEQ_TAG:
        result = [_value(child, built, loader) for child in node.value]
    elif (
        kind is yaml.MappingNode
        and tag == _MAP_TAG
        and all(type(k) is yaml.ScalarNode and k.tag == _STR_TAG for k, _ in node.value)
    ):
        result = {k.value: _value(item, built, loader) for k, item in node.value}
    else:
        result = loader.construct_object(node, deep=True)
    built[key] = result
    return result


# -- files written as JSON --------------------------------------------------------------------------------
# JSON is YAML, and a large knowledge base is likely exported as JSON (the benchmark's is): `json` reads it
# about 20 times faster than libyaml makes and checks its nodes. Only a text whose YAML reading is known to be
# the same values is read so; anything else (or anything `json` refuses) goes the YAML way, which then gives
# its values or its error exactly as before.
_JSON_STARTS = (b"{", b"[")
_NOT_JSON: Any = object()
# Where YAML reads a JSON text otherwise, or may: characters the YAML reader refuses, or reads as line breaks
# inside a string (U+0085, U+2028, U+2029; DEL, being ASCII, is looked for apart); a tab (not whitespace
# everywhere in YAML); `\/`; an escaped surrogate (JSON pairs them, libyaml does not); a key not followed at
# once by ': ' (YAML needs the colon on the key's line, and a key of over 1,024 characters is no simple key).
# Each looked for apart: one pattern with them all took three times as long as `json` itself.
_UNLIKE_CHARACTERS = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SPACED_KEY = re.compile(r'"\s+:')
# Keys up to this long (escaped, at most 6 characters each) stay under YAML's 1,024 characters.
_MAX_JSON_KEY_CHARS = 128


class _Unlike(Exception):
    """The JSON text is read otherwise by YAML, or may be: read it as YAML."""


def _unlike(_: str) -> Any:
    raise _Unlike


def _json_mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    # A key given twice is refused by `_check_nodes`, with its lines; a long key may be no YAML simple key.
    if len(mapping) != len(pairs) or any(len(key) > _MAX_JSON_KEY_CHARS for key in mapping):
        raise _Unlike
    return mapping


def _json_as_yaml(data: bytes) -> Any:
    """The values of a knowledge file written as JSON, as the YAML way would build them, or `_NOT_JSON`.

    Strings, lists, mappings, integers, true, false and null read alike in JSON and YAML 1.1; a JSON float
    may not (YAML reads `1e5` as text), so a file with one goes the YAML way. No alias exists in JSON, so the
    values are at most one for the root, one for each container's first item, one after each comma and one
    after each colon: under MAX_VALUES, `_check_nodes` would refuse none (a key given twice goes the YAML
    way)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _NOT_JSON
    if not text.isascii() and _UNLIKE_CHARACTERS.search(text):
        return _NOT_JSON
    if "\x7f" in text or "\t" in text or "\\/" in text or ("\\u" in text and _SURROGATE_ESCAPE.search(text)):
        return _NOT_JSON
    if text.count('":') != text.count('": ') or _SPACED_KEY.search(text):
        return _NOT_JSON
    if 1 + sum(text.count(mark) for mark in ",:[{") > MAX_VALUES:
        return _NOT_JSON
    try:
        return json.loads(text, object_pairs_hook=_json_mapping, parse_float=_unlike, parse_constant=_unlike)
    except (_Unlike, ValueError, RecursionError):
        return _NOT_JSON


def _read_yaml(path: Path, root: Path, *, name: str | None = None) -> Any:
    """The file's YAML, with the checks every knowledge file gets; errors name it relative to `root`, or as
    `name` (the learned phrasings, which live outside the folder)."""
    name = name if name is not None else str(path.relative_to(root))
    data = read_bytes(path, name)
    if data[:1] in _JSON_STARTS or data.lstrip()[:1] in _JSON_STARTS:
        found = _json_as_yaml(data)
        if found is not _NOT_JSON:
            return found
    try:
        loader = SAFE_LOADER(data)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_nodes(name, node)
            return _construct(loader, node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise KnowledgeError(name, None, None, f"is not valid YAML{where}: {_cut(problem, 200)}") from None
    except UnicodeDecodeError as error:
        raise KnowledgeError(name, None, None, f"cannot be read: {error}") from None


TOPIC_KEYS = [
    "id", "title", "body", "fields", "sources", "phrasings", "keywords", "aliases", "case_sensitive_aliases",
    "links", "group", "summary", "list_of", "suggest", "count_noun", "mentioned",
]  # fmt: skip
PROJECT_KEYS = [
    "id", "name", "aliases", "case_sensitive_aliases", "timeframe", "participants", "funders", "abstract",
    "website", "website_note", "keywords", "phrasings", "sources",
]  # fmt: skip


def _topic(
    file: str, index: int, data: Any, sources: Mapping[str, Source], shared: dict[str, str] | None = None
) -> Topic:
    label = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else f"#{index + 1}"
    entry = _Entry(file, label, data, shared)
    entry.check_keys(TOPIC_KEYS)
    topic = Topic(
        id=entry.identifier(),
        title=entry.text("title", max_length=256) or "",
        body=entry.text("body", max_length=4000) or "",
        sources=entry.sources(sources),
        file=file,
        phrasings=entry.texts("phrasings", required=True, min_items=1),
        keywords=entry.texts("keywords"),
        aliases=entry.texts("aliases"),
        case_sensitive_aliases=entry.texts("case_sensitive_aliases"),
        fields=entry.fields(),
        links=entry.links(),
        group=entry.text("group", required=False),
        summary=entry.text("summary", required=False, max_length=1000),
        list_of=entry.text("list_of", required=False),
        suggest=entry.text("suggest", required=False, max_length=80),
        count_noun=entry.text("count_noun", required=False, max_length=80),
        mentioned=entry.texts("mentioned"),
    )
    unsaid = [name for name in topic.mentioned if name.lower() not in topic.body.replace("**", "").lower()]
    if unsaid:
        raise entry.error("mentioned", f"{unsaid[0]!r} is not named in the body")
    if topic.summary and not topic.group:
        raise entry.error("summary", "only a topic with a 'group' is listed, so only it needs a summary")
    return topic


def _project(
    file: str, index: int, data: Any, sources: Mapping[str, Source], shared: dict[str, str] | None = None
) -> Project:
    label = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else f"#{index + 1}"
    entry = _Entry(file, label, data, shared)
    entry.check_keys(PROJECT_KEYS)
    timeframe = entry.text("timeframe") or ""
    match = TIMEFRAME_PATTERN.match(timeframe)
    if not match:
        raise entry.error("timeframe", f"{timeframe!r} is not a timeframe like '2020-2023'")
    start, end = int(match.group(1)), int(match.group(2))
    if end < start:
        raise entry.error("timeframe", f"{timeframe!r} ends before it starts")
    website = entry.url("website", required=False)
    website_note = entry.text("website_note", required=False)
    if website is None and website_note is None:
        raise entry.error("website", "missing: give the URL, or a 'website_note' saying why there is none")
    return Project(
        id=entry.identifier(),
        name=entry.text("name", max_length=100) or "",
        start=start,
        end=end,
        participants=entry.texts("participants", required=True, min_items=1),
        funders=entry.texts("funders", required=True, min_items=1),
        abstract=entry.text("abstract", max_length=2000) or "",
        website=website,
        website_note=website_note,
        sources=entry.sources(sources),
        file=file,
        aliases=entry.texts("aliases"),
        case_sensitive_aliases=entry.texts("case_sensitive_aliases"),
        keywords=entry.texts("keywords"),
        phrasings=entry.texts("phrasings"),
    )


def _language(file: str, data: Any) -> Language:
    entry = _Entry(file, None, data)
    keys = ["stopwords", "question_words", "subject_words", "reference_words", "project_attributes",
            "project_words", "year_cues", "generic_words", "spellings", "conjunctions", "synonyms", "filler",
            "source_words", "question_forms", "superlatives", "plural_references", "ordinals",
            "manner_suffixes", "pointed_words", "acronym_words", "ellipsis_words", "ranking_words",
            "negations", "places", "number_values", "held_kinds", "counted_alike"]  # fmt: skip
    entry.check_keys(keys)
    attributes = data.get("project_attributes")
    expected = {"participants", "funders", "timeframe", "website", "abstract"}
    if not isinstance(attributes, dict) or set(attributes) != expected:
        raise entry.error(
            "project_attributes", "must map exactly " + ", ".join(sorted(expected)) + " to words"
        )
    cues = data.get("year_cues")
    if not isinstance(cues, dict) or not {"starts", "ends"} <= set(cues) <= set(YEAR_MODES):
        raise entry.error(
            "year_cues",
            "must map 'starts' and 'ends' (and optionally 'after', 'before', 'within', 'or_after',"
            " 'or_before') to words",
        )
    return Language(
        stopwords=frozenset(w.lower() for w in entry.texts("stopwords", required=True)),
        question_words=frozenset(w.lower() for w in entry.texts("question_words", required=True)),
        subject_words=entry.texts("subject_words", required=True, min_items=1),
        reference_words=frozenset(w.lower() for w in entry.texts("reference_words", required=True)),
        project_attributes={
            name: _Entry(file, "project_attributes", attributes).texts(name, required=True, min_items=1)
            for name in sorted(expected)
        },
        project_words=frozenset(w.lower() for w in entry.texts("project_words", required=True)),
        year_cues={name: _Entry(file, "year_cues", cues).texts(name) for name in YEAR_MODES},
        generic_words=frozenset(w.lower() for w in entry.texts("generic_words")),
        spellings=_spellings(file, data.get("spellings") or {}),
        conjunctions=frozenset(w.lower() for w in entry.texts("conjunctions")),
        synonyms=_word_map(file, "synonyms", data.get("synonyms") or {}),
        filler=tuple(w.lower() for w in entry.texts("filler")),
        source_words=tuple(w.lower() for w in entry.texts("source_words")),
        plural_references=frozenset(w.lower() for w in entry.texts("plural_references")),
        ordinals=tuple(w.lower() for w in entry.texts("ordinals")),
        manner_suffixes=tuple(w.lower() for w in entry.texts("manner_suffixes")),
        pointed_words=tuple(w.lower() for w in entry.texts("pointed_words")),
        acronym_words=tuple(w.lower() for w in entry.texts("acronym_words")),
        ellipsis_words=tuple(w.lower() for w in entry.texts("ellipsis_words")),
        ranking_words=tuple(w.lower() for w in entry.texts("ranking_words")),
        negations=tuple(w.lower() for w in entry.texts("negations")),
        question_forms=_cue_lists(file, "question_forms", data.get("question_forms") or {}, QUESTION_FORMS),
        superlatives=_cue_lists(file, "superlatives", data.get("superlatives") or {}, SUPERLATIVE_CUES),
        places=_word_map(file, "places", data.get("places") or {}),
        number_values=_number_values(file, data.get("number_values") or {}),
        held_kinds=_held_kinds(file, data.get("held_kinds") or {}),
        counted_alike=_word_groups(file, "counted_alike", data.get("counted_alike") or []),
    )


def _word_groups(file: str, name: str, data: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(data, list):
        raise KnowledgeError(file, None, name, "must be a list of lists of words")
    groups = []
    for position, group in enumerate(data, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w for w in group):
            raise KnowledgeError(file, f"{name} #{position}", None, "must be a list of two or more words")
        groups.append(tuple(w.lower() for w in group))
    return tuple(groups)


def _held_kinds(file: str, data: Any) -> dict[str, HeldKind]:
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, "held_kinds", "must map a kind's name to its asked and held words")
    kinds = {}
    for name, value in data.items():
        entry = _Entry(file, f"held_kinds.{name}", value)
        entry.check_keys(["asked", "held", "beside_number"])
        beside_number = value.get("beside_number", False)
        if not isinstance(beside_number, bool):
            raise entry.error("beside_number", "must be true or false")
        kinds[str(name)] = HeldKind(
            asked=tuple(w.lower() for w in entry.texts("asked", required=True, min_items=1)),
            held=tuple(w.lower() for w in entry.texts("held", required=True, min_items=1)),
            beside_number=beside_number,
        )
    return kinds


QUESTION_FORMS = (
    "yes_no",
    "source_asked",
    "source_of",
    "enumerations",
    "name_links",
    "content",
    "about",
    "examples",
    "months",
    "question",
    "checks",
    "check_endings",
    "own",
    "asker",
    "place_prepositions",
    "located",
    "alone",
    "rate_words",
    "thing_pronouns",
    "time_pointers",
    "membership",
    "related",
    "role_words",
    "taking_part",
    "person_pronouns",
    "done_verbs",
    "lacking",
    "only_if_said",
    "behalf",
    "combined",
    "leading",
    "embedding_objects",
    "wants",
    "earlier_holder",
    "procedure",
    "extension",
    "results",
    "procedure_answers",
    "count",
    "amount",
    "numbers",
    "exclusions",
    "comparisons",
    "lower_comparisons",
    "dates",
    "agents",
    "requests",
    "every",
    "count_ends",
    "relative_time",
    "names",
    "kinds",
    "determiners",
    "pronouns",
    "embedding",
    "agent_nouns",
    "pairs",
    "sameness",
    "the_other",
    "elsewhere",
    "together",
    "positions",
    "last_one",
)
YEAR_MODES = ("starts", "ends", "after", "before", "within", "or_after", "or_before")
SUPERLATIVE_CUES = ("most", "least", "end", "start", "duration", "participants")


def _cue_lists(file: str, name: str, data: Any, allowed: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    entry = _Entry(file, name, data)
    entry.check_keys(allowed)
    return {key: tuple(w.lower() for w in entry.texts(key)) for key in allowed}


def _word_map(file: str, name: str, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, name, "must map words or phrases to the words they stand for")
    result = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key.strip() or not value.strip():
            problem = f"{key!r}: {value!r} is not a phrase and what it stands for"
            raise KnowledgeError(file, None, name, problem)
        result[key.strip().lower()] = value.strip().lower()
    return result


def _number_values(file: str, data: Any) -> dict[str, int]:
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, "number_values", "must map a number word to its value")
    result = {}
    for key, value in data.items():
        if (
            not isinstance(key, str)
            or not key.strip()
            or isinstance(value, bool)
            or not isinstance(value, int)
        ):
            raise KnowledgeError(
                file, None, "number_values", f"{key!r}: {value!r} is not a word and a number"
            )
        result[key.strip().lower()] = value
    return result


def _spellings(file: str, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, "spellings", "must map a chat spelling to the word it stands for")
    result = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key.strip() or not value.strip():
            raise KnowledgeError(file, None, "spellings", f"{key!r}: {value!r} is not a spelling and a word")
        result[key.strip().lower()] = value.strip().lower()
    return result


def _messages(file: str, data: Any) -> dict[str, dict[str, str]]:
    entry = _Entry(file, None, data)
    if "en" not in entry.data:
        raise entry.error("en", "missing: English is the fallback for every phrase")
    result: dict[str, dict[str, str]] = {}
    for code, phrases in entry.data.items():
        sub = _Entry(file, str(code), phrases)
        result[str(code)] = {str(key): sub.text(str(key)) or "" for key in sub.data}
        unknown = sorted(set(result[str(code)]) - set(result.get("en", result[str(code)])))
        if unknown:
            raise sub.error(unknown[0], "not a phrase English has (a typo?)")
    missing = sorted(set(PHRASE_FIELDS) - set(result["en"]))
    if missing:
        raise KnowledgeError(file, "en", missing[0], "missing: the bot needs this phrase")
    for code, phrases in result.items():
        for key, template in phrases.items():
            fields = PHRASE_FIELDS.get(key)
            if fields is None:
                fields = tuple(_field_names(result["en"][key]))
            _check_phrase(file, code, key, template, fields)
    return result


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:  # an unmatched brace would fail only when the phrase is first shown
        raise ValueError(f"{text!r}: {error}") from error


def _check_phrases(messages: dict[str, dict[str, str]], languages: list[str]) -> None:
    """Every language the bot reads questions in has every phrase, with English's placeholders: a reply
    never falls back to English halfway, and never fails on a missing {name}."""
    unknown = sorted(set(messages) - set(languages))
    if unknown:
        problem = f"no {TRANSLATIONS_DIR}/{unknown[0]}.yaml reads this language (a typo?)"
        raise KnowledgeError(MESSAGES_FILE, unknown[0], None, problem)
    english = messages["en"]
    for code in languages:
        if code not in messages:
            raise KnowledgeError(MESSAGES_FILE, code, None, "missing: every language needs every phrase")
        for key, template in english.items():
            if key not in messages[code]:
                raise KnowledgeError(MESSAGES_FILE, code, key, "missing: English has this phrase")
            try:
                expected, found = _placeholders(template), _placeholders(messages[code][key])
            except ValueError as error:
                raise KnowledgeError(MESSAGES_FILE, code, key, str(error)) from error
            if found != expected:
                names = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "none"
                raise KnowledgeError(MESSAGES_FILE, code, key, f"must use the placeholders {names}")


def _field_names(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return []


def _check_phrase(file: str, code: str, key: str, template: str, fields: tuple[str, ...]) -> None:
    """Render the phrase as the code does, so a phrase that would fail every answer using it fails here."""
    try:
        template.format(**dict.fromkeys(fields, "x"))
    except KeyError as error:
        problem = f"{{{error.args[0]}}} is not a field of this phrase; it can use: " + (
            ", ".join(f"{{{name}}}" for name in sorted(fields)) or "none"
        )
        raise KnowledgeError(file, code, key, problem) from None
    except (ValueError, IndexError, AttributeError) as error:
        problem = f"cannot be filled in ({error}); write a brace as '{{{{' or '}}}}'"
        raise KnowledgeError(file, code, key, problem) from None


def _translation(file: str, data: Any) -> Translation:
    entry = _Entry(file, None, data)
    entry.check_keys(["code", "name", "markers", "phrases", "before_a_year"])
    phrases = data.get("phrases")
    if not isinstance(phrases, dict) or not phrases:
        raise entry.error("phrases", "must map words or phrases of this language to English")
    mapped = _phrase_map(entry, "phrases", phrases)
    before_a_year = data.get("before_a_year") or {}
    if not isinstance(before_a_year, dict):
        raise entry.error("before_a_year", "must map words said before a year to English")
    code = entry.identifier("code")
    return Translation(
        code=code,
        name=entry.text("name") or code,
        markers=frozenset(
            " ".join(words(m)) or m.lower() for m in entry.texts("markers", required=True, min_items=3)
        ),
        phrases=mapped,
        before_a_year=_phrase_map(entry, "before_a_year", before_a_year),
    )


def _phrase_map(entry: _Entry, field_name: str, phrases: dict[Any, Any]) -> dict[str, str]:
    mapped: dict[str, str] = {}
    for key, value in phrases.items():
        if not isinstance(key, str) or not key.strip():
            raise entry.error(field_name, f"{key!r} is not a word or phrase")
        if not isinstance(value, str):
            raise entry.error(field_name, f"{key!r} must map to English text (use '' to drop it)")
        # Folded as questions are ("organisations" is read as "organizations"), so every key can be found.
        mapped.setdefault(" ".join(words(key)) or key.strip().lower(), value.strip().lower())
    return mapped


def _check_unique_names(topics: Iterable[Topic], projects: Iterable[Project]) -> None:
    """Every alias and id names one thing only; otherwise a question could match two entries at once."""
    seen: dict[str, tuple[str, str, str]] = {}

    def claim(name: str, file: str, entry: str, field_name: str) -> None:
        key = re.sub(r"[\W_]+", "", name.casefold())
        if key in seen and seen[key][1] != entry:
            other_file, other_entry, other_field = seen[key]
            raise KnowledgeError(
                file, entry, field_name,
                f"{name!r} is already used by entry {other_entry!r} ({other_file}, field {other_field!r})",
            )  # fmt: skip
        seen.setdefault(key, (file, entry, field_name))

    for topic in topics:
        for alias in topic.aliases:
            claim(alias, topic.file, topic.id, "aliases")
        for alias in topic.case_sensitive_aliases:
            claim(alias, topic.file, topic.id, "case_sensitive_aliases")
    for project in projects:
        claim(project.name, project.file, project.id, "name")
        for alias in project.aliases:
            claim(alias, project.file, project.id, "aliases")
        for alias in project.case_sensitive_aliases:
            claim(alias, project.file, project.id, "case_sensitive_aliases")


def load_knowledge_base(data_dir: Path | None = None) -> KnowledgeBase:
    """Load and validate every YAML file under `data_dir` (default: the bundled knowledge base)."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    if not root.is_dir():
        raise KnowledgeError(str(root), None, None, "is not a folder")
    paths = yaml_files(root, skip=TRANSLATIONS_DIR)
    documents = {str(p.relative_to(root)): _read_yaml(p, root) for p in paths}
    for required in ("sources.yaml", LANGUAGE_FILE, MESSAGES_FILE):
        if required not in documents:
            raise KnowledgeError(str(root / required), None, None, "is missing")

    source_doc = _Entry("sources.yaml", None, documents["sources.yaml"])
    source_doc.check_keys(["sources"])
    sources: dict[str, Source] = {}
    source_names: dict[str, tuple[str, ...]] = {}
    raw_sources = source_doc.data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise source_doc.error("sources", "must be a non-empty list")
    for index, item in enumerate(raw_sources):
        label = (
            item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{index + 1}"
        )
        entry = _Entry("sources.yaml", label, item)
        entry.check_keys(["id", "title", "url", "file", "called"])
        source_id = entry.identifier()
        if source_id in sources:
            raise entry.error("id", f"duplicate id {source_id!r}")
        sources[source_id] = Source(source_id, entry.text("title") or "", entry.url("url") or "")
        source_names[source_id] = tuple(name.lower() for name in entry.texts("called"))

    language = _language(LANGUAGE_FILE, documents[LANGUAGE_FILE])
    messages = _messages(MESSAGES_FILE, documents[MESSAGES_FILE])
    topics: dict[str, Topic] = {}
    projects: dict[str, Project] = {}
    projects_topic: Topic | None = None
    # Lists' items that are alike (keywords, participants, funders: at 100,000 entries 500,000 items, 25,000
    # distinct) as one string each, in memory and in the start-up cache's pickle.
    shared: dict[str, str] = {}
    for name, data in documents.items():
        if name in ("sources.yaml", LANGUAGE_FILE, MESSAGES_FILE):
            continue
        document = _Entry(name, None, data)
        document.check_keys(["topics", "projects", "projects_topic"])
        for index, item in enumerate(_list(document, "topics")):
            topic = _topic(name, index, item, sources, shared)
            if topic.id in topics:
                raise KnowledgeError(name, topic.id, "id", f"duplicate id, also in {topics[topic.id].file}")
            topics[topic.id] = topic
        for index, item in enumerate(_list(document, "projects")):
            project = _project(name, index, item, sources, shared)
            if project.id in projects:
                raise KnowledgeError(
                    name, project.id, "id", f"duplicate id, also in {projects[project.id].file}"
                )
            projects[project.id] = project
        if "projects_topic" in document.data:
            if projects_topic is not None:
                raise document.error("projects_topic", f"already given in {projects_topic.file}")
            projects_topic = _topic(name, 0, document.data["projects_topic"], sources)
    if projects_topic is None:
        raise KnowledgeError(
            str(root), None, "projects_topic", "no file gives the topic that lists the projects"
        )
    if projects_topic.id in topics:
        raise KnowledgeError(projects_topic.file, projects_topic.id, "id", "duplicate id, also a topic")
    groups = {topic.group for topic in topics.values() if topic.group}
    for topic in topics.values():
        if topic.list_of and topic.list_of not in groups:
            raise KnowledgeError(topic.file, topic.id, "list_of", f"no topic has group {topic.list_of!r}")
        if topic.group and not topic.summary and any(t.list_of == topic.group for t in topics.values()):
            raise KnowledgeError(
                topic.file, topic.id, "summary", "missing: its group is listed, so it needs one"
            )
    _check_unique_names(topics.values(), projects.values())

    translations: dict[str, Translation] = {}
    translation_dir = root / TRANSLATIONS_DIR
    if translation_dir.is_dir():
        for path in [p for p in yaml_files(translation_dir) if p.parent == translation_dir]:
            name = str(path.relative_to(root))
            translation = _translation(name, _read_yaml(path, root))
            if translation.code in translations or translation.code == "en":
                raise KnowledgeError(name, None, "code", f"duplicate language code {translation.code!r}")
            translations[translation.code] = translation
    _check_phrases(messages, ["en", *translations])
    return KnowledgeBase(
        sources=sources,
        topics=topics,
        projects=projects,
        projects_topic=projects_topic,
        language=language,
        messages=messages,
        translations=translations,
        data_dir=root,
        source_names=source_names,
    )


def _list(document: _Entry, key: str) -> list[Any]:
    value = document.data.get(key, [])
    if not isinstance(value, list):
        raise document.error(key, "must be a list")
    _check_length(document, key, value)
    return value
