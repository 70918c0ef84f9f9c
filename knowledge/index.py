"""The search index over the knowledge base: documents with weighted terms, names to recognise, a vocabulary.

A question is explained by the document whose terms cover most of the question's meaningful words. Names
(a project, a network, a person, an organisation taking part in a project) are recognised first, with typos,
and stand for the entity they name.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, starmap

from knowledge.loader import KnowledgeBase, Language, Project, Topic
from knowledge.text import WORDS_CACHE_SIZE, compact, original_words, stem, words, words_once

ENTITY_PREFIX = "@"
ROLE_TERMS = {"participants": "@participant", "funders": "@funder"}
YEAR_TERM = "@year"
TOPIC_PASSAGE = "topic-passage"
BODY_PASSAGE = "body-passage"
YEAR_PATTERN = re.compile(r"^(19|20)\d\d$")
YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
STATED_YEAR_WEIGHT = 0.5
MAX_NAME_WORDS = 16
# Below these lengths a typo cannot be told from another word, so short names must be typed exactly.
MIN_FUZZY_NAME_CHARS = 5
MIN_FUZZY_WORD_CHARS = 4
NAME_SCORE_CUTOFF = 86.0
WORD_SCORE_CUTOFF = 85.0
# How much of a document one term is worth when it stands in only a few of its phrasings (see `_weights`).
MIN_TERM_WEIGHT = 0.5
PHRASING_WEIGHT = 0.85
KEYWORD_WEIGHT = 0.9
NAME_WORD_WEIGHT = 0.5
# No term weighs more in a document (the title's words, an entity, a sentence's words): the ranker bounds the
# score of documents it leaves unscored by it (`Ranker._reach`).
MAX_TERM_WEIGHT = 1.0
# A document's position in `Index.docs`, as stored in the postings: a C int (32 bits wherever CPython runs).
POSITION_CODE = "i"
# The kinds of document `Ranker._applies` may refuse even when they need no term.
CHECKED_KINDS = frozenset({"attribute", "year-query", "role-query", "passage", BODY_PASSAGE})


class EntityTerms(Mapping[str, float]):
    """The terms of one project attribute (its website, its funders...): the same cue terms for every project,
    shared, then the project's entity, weighing 1. Reads as the dict `{**cue_terms, entity: 1.0}`, in that
    order; a knowledge base of 100,000 entries has 250,000 of them, which as dicts took 130 MB."""

    __slots__ = ("_cues", "_entity")

    def __init__(self, cues: dict[str, float], entity: str) -> None:
        self._cues = cues
        self._entity = entity

    def __getitem__(self, term: str) -> float:
        if term == self._entity:
            return 1.0
        return self._cues[term]

    def get(self, term: str, default: float | None = None) -> float | None:  # type: ignore[override]
        if term == self._entity:
            return 1.0
        return self._cues.get(term, default)

    def __contains__(self, term: object) -> bool:
        return term == self._entity or term in self._cues

    def __iter__(self) -> Iterator[str]:
        yield from self._cues
        yield self._entity

    def __len__(self) -> int:
        return len(self._cues) + 1

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[type[EntityTerms], tuple[dict[str, float], str]]:
        # The cue terms are one object for every project, so the pickle holds them once.
        return EntityTerms, (self._cues, self._entity)


class Weights:
    """The distinct weights of an index's terms, each coded by its place: the documents' terms and the
    postings keep one small code per term, not a float (at 100,000 entries there are 3.7 million of them and
    four distinct values; pickle writes every float apart, and unpickling made an object of each)."""

    __slots__ = ("_codes", "table")

    def __init__(self, table: list[float] | None = None) -> None:
        self.table: list[float] = table if table is not None else []
        self._codes = {weight: code for code, weight in enumerate(self.table)}

    def code(self, weight: float) -> int:
        found = self._codes.get(weight)
        if found is None:
            found = self._codes[weight] = len(self.table)
            self.table.append(weight)
        return found

    def codes(self, weights: Collection[float]) -> bytes | array[int]:
        code = self._codes.__getitem__
        try:
            # In C: every weight but the first few is in the table already.
            return bytes(map(code, weights)) if len(self.table) <= 256 else array("H", map(code, weights))
        except (KeyError, ValueError):  # a weight not in the table yet, or the table past 256 with it
            found = [self.code(weight) for weight in weights]
        return bytes(found) if len(self.table) <= 256 else array("H", found)

    def typecode(self) -> str:
        """The array type that holds every code."""
        return "B" if len(self.table) <= 256 else "H"

    def __reduce__(self) -> tuple[type[Weights], tuple[list[float]]]:
        return Weights, (self.table,)


class Terms(Mapping[str, float]):
    """A document's terms and their weights, as the dict it was built from reads, in its order: the terms in
    a tuple (the index's strings, shared), the weights as codes into the index's table (`Weights`). A dict of
    43 terms took 1.25 KB, this about 0.5; the ranker reads the weights of topics and projects from the
    postings, and only the few other documents of a question, and the engine, read these."""

    __slots__ = ("_codes", "_keys", "_pack", "_slot", "_table")

    def __init__(self, keys: tuple[str, ...], codes: bytes | array[int], table: list[float]) -> None:
        self._keys = keys
        self._codes = codes
        self._table = table

    def __getattr__(self, name: str) -> object:
        # Only called when a slot is unset: a document's terms from the start-up cache, read from the index's
        # pack of every document's terms (`_pack_docs`) the first time they are asked for.
        if name not in ("_keys", "_codes"):
            raise AttributeError(name)
        terms, ids, ends, codes = self._pack
        slot = self._slot
        start, end = ends[slot - 1] if slot else 0, ends[slot]
        self._keys = tuple(map(terms.__getitem__, ids[start:end]))
        self._codes = codes[start:end]
        return object.__getattribute__(self, name)

    @classmethod
    def of(cls, terms: Mapping[str, float], weights: Weights) -> Terms:
        return cls(tuple(terms), weights.codes(terms.values()), weights.table)

    def __getitem__(self, term: str) -> float:
        keys = self._keys
        if term not in keys:
            raise KeyError(term)
        return self._table[self._codes[keys.index(term)]]

    def get(self, term: str, default: float | None = None) -> float | None:  # type: ignore[override]
        keys = self._keys
        if term not in keys:
            return default
        return self._table[self._codes[keys.index(term)]]

    def __contains__(self, term: object) -> bool:
        return term in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def values(self) -> list[float]:  # type: ignore[override]
        table = self._table
        return [table[code] for code in self._codes]

    def items(self) -> list[tuple[str, float]]:  # type: ignore[override]
        return list(zip(self._keys, self.values(), strict=True))

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[type[Terms], tuple[tuple[str, ...], bytes | array[int], list[float]]]:
        # The table is one object for the whole index, so the pickle holds it once.
        return Terms, (self._keys, self._codes, self._table)


class Postings(Mapping[str, "array[int]"]):
    """term -> the positions of its documents, ascending, as an array of C ints.

    All of them in one array, each term's a slice of it: at 100,000 entries 2.7 million positions under
    400,000 terms, which as an array per term took 0.32 s to unpickle (a reconstructor call each) and as a
    list per term an int object per position. A lookup makes the term's slice, a new array; the ranker makes
    a few a question."""

    __slots__ = ("_codes", "_ends", "_positions", "_slots", "_terms", "table")

    def __init__(
        self,
        terms: tuple[str, ...],
        ends: array[int],
        positions: array[int],
        codes: bytes | array[int] = b"",
        table: list[float] | None = None,
        slots: dict[str, int] | None = None,
    ) -> None:
        self._terms = terms
        self._ends = ends  # where each term's positions end, in the order of `terms`
        self._positions = positions
        # With `codes`, each position's weight of the term in its document, coded by `table` (`Weights`).
        self._codes = codes
        self.table = table if table is not None else []
        self._slots = slots if slots is not None else dict(zip(terms, range(len(terms)), strict=True))

    @classmethod
    def of(
        cls,
        by_term: Mapping[str, array[int]],
        codes_by_term: Mapping[str, array[int]] | None = None,
        weights: Weights | None = None,
    ) -> Postings:
        positions, ends = array(POSITION_CODE), array(POSITION_CODE)
        codes = array(weights.typecode() if weights is not None else "B")
        for term, found in by_term.items():
            positions.extend(found)
            ends.append(len(positions))
            if codes_by_term is not None:
                codes.extend(codes_by_term[term])
        if weights is None:
            return cls(tuple(by_term), ends, positions)
        coded = codes.tobytes() if codes.typecode == "B" else codes
        return cls(tuple(by_term), ends, positions, coded, weights.table)

    def weighted(self, term: str) -> tuple[array[int], bytes | array[int]] | None:
        """The term's positions and, position by position, the codes of its weight in their documents."""
        slot = self._slots.get(term)
        if slot is None:
            return None
        start, end = self._ends[slot - 1] if slot else 0, self._ends[slot]
        return self._positions[start:end], self._codes[start:end]

    def __getitem__(self, term: str) -> array[int]:
        slot = self._slots[term]
        return self._positions[self._ends[slot - 1] if slot else 0 : self._ends[slot]]

    def get(self, term: str, default: object = None) -> array[int] | object:  # type: ignore[override]
        slot = self._slots.get(term)
        if slot is None:
            return default
        return self._positions[self._ends[slot - 1] if slot else 0 : self._ends[slot]]

    def __contains__(self, term: object) -> bool:
        return term in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __reduce__(self) -> tuple[type[Postings], tuple[object, ...]]:
        return Postings, (self._terms, self._ends, self._positions, self._codes, self.table)


@dataclass(slots=True)
class Doc:
    """Something the engine can answer: a topic, a project, one attribute of a project, or a query."""

    id: str
    # "topic", "project", "attribute", "passage" (of an abstract), "topic-passage" (a sentence of a named
    # topic; ranking folds it into the topic), "body-passage" (the same of a topic without a name, ranked
    # only as a last try), "role-query" or "year-query"
    kind: str
    terms: Mapping[str, float]
    phrasings: tuple[tuple[str, ...], ...]  # each phrasing as its sorted stems, for similarity
    entity: str | None = None
    requires: str | None = None  # a term the question must contain for this document to apply
    target: str = ""  # the topic or project id the answer is built from
    attribute: str | None = None
    empty_phrasings: int = 0  # phrasings that are nothing but the subject ("what is ecsite?")
    texts: tuple[tuple[str, ...], ...] = ()  # title and phrasings word by word, stopwords kept

    def __reduce__(self) -> tuple[type[Doc], tuple[object, ...]]:
        return Doc, _slot_values(self)


@dataclass(slots=True)
class Name:
    entity: str
    text: str
    case_sensitive: bool = False

    def __reduce__(self) -> tuple[type[Name], tuple[object, ...]]:
        return Name, _slot_values(self)


class _Slots(dict[str, int]):
    """A term -> its place in the order terms are first asked for."""

    def __missing__(self, term: str) -> int:
        slot = self[term] = len(self)
        return slot


TermPack = tuple[tuple[str, ...], "array[int]", "array[int]", bytes]


def _pack_docs(docs: list[Doc]) -> tuple[tuple[object, ...], ...]:
    """The documents as columns of their fields, the terms of those with `Terms` (coded in bytes, by one
    table) as one pack of term ids, ends and codes: at 100,000 entries 3.7 million terms in 167,000 tuples
    were a third of unpickling the documents. The column of terms holds each such document's slot in the
    pack, and the other documents' own terms (`EntityTerms`)."""
    columns = list(zip(*map(_slot_values, docs), strict=True)) if docs else [() for _ in Doc.__slots__]
    at = Doc.__slots__.index("terms")
    slots, ids, ends, codes = _Slots(), array("I"), array("I"), bytearray()
    table: list[float] | None = None
    column: list[object] = []
    for terms in columns[at]:
        if type(terms) is Terms and type(terms._codes) is bytes and (table is None or terms._table is table):
            table = terms._table
            ids.extend(map(slots.__getitem__, terms._keys))
            codes += terms._codes
            column.append(len(ends))
            ends.append(len(ids))
        else:
            column.append(terms)
    columns[at] = tuple(column)
    pack: TermPack = (tuple(slots), ids, ends, bytes(codes))
    return (tuple(columns), pack, table)  # type: ignore[return-value]


def _unpack_docs(
    columns: tuple[tuple[object, ...], ...], pack: TermPack, table: list[float] | None
) -> list[Doc]:
    at = Doc.__slots__.index("terms")
    new = Terms.__new__

    def lazy(slot: int) -> Terms:
        terms = new(Terms)
        terms._pack, terms._slot, terms._table = pack, slot, table  # type: ignore[assignment]
        return terms

    column = [lazy(terms) if type(terms) is int else terms for terms in columns[at]]
    return list(starmap(Doc, zip(*columns[:at], column, *columns[at + 1 :], strict=True)))


def _slot_values(item: Doc | Name) -> tuple[object, ...]:
    """A document or name pickled as its fields in order, rebuilt by its own `__init__`: a slotted dataclass's
    default `__setstate__` looks its fields up again for every object (as for topics, `loader._field_values`),
    which was half of unpickling the documents."""
    return tuple([getattr(item, name) for name in item.__slots__])


@dataclass(slots=True)
class NameTable:
    """The organisations in one role of the projects (participants or funders), to recognise by name."""

    words: dict[str, set[str]]  # distinctive word -> names
    sequences: dict[str, set[str]]  # compact run of two or more words -> names
    projects: dict[str, list[str]]  # name -> project ids


@dataclass(slots=True)
class Index:
    docs: list[Doc]
    idf: dict[str, float]
    unknown_idf: float
    entity_idf: float
    names: dict[str, list[Name]]  # compact form -> names
    case_sensitive_names: dict[str, list[Name]]  # exact word sequence -> names
    fuzzy_names: dict[str, str]  # compact form -> compact form, for rapidfuzz (dict in, keys out)
    vocabulary: dict[str, str]  # surface word -> stem
    fuzzy_vocabulary: dict[str, str]
    roles: dict[str, NameTable]  # "participants" and "funders"
    subject_compacts: frozenset[str]
    # Terms a curator listed as keywords (or as words asking for a project attribute): a common word there is
    # meant, while the same word in a title or phrasing ("what do members get") only frames it.
    strong_terms: frozenset[str] = frozenset()
    # term -> doc positions, ascending (`Postings`): machine ints, not lists of int objects, 2.7 million at
    # 100,000 entries, each an object of its own once unpickled.
    postings: Postings = field(default_factory=lambda: Postings.of({}))
    # The same for the sentences of topics without a name, apart (`_postings`).
    body_postings: Postings = field(default_factory=lambda: Postings.of({}))
    # stem -> positions of the documents with the stem in a phrasing: only those can be like a question.
    phrasing_postings: Mapping[str, array[int]] = field(default_factory=dict)
    # 1 for each document `Ranker._applies` must look at (one that needs a term or words of its own: never a
    # topic or a project), by position.
    checked: bytes = b""

    def __reduce__(self) -> tuple[Callable[..., Index], tuple[object, ...]]:
        # The fuzzy tables are made again from the names and the vocabulary, as `build_index` made them:
        # 300,000 entries at 100,000 entries unpickle slower (88 ms) than a dict comprehension makes them.
        values = {name: getattr(self, name) for name in self.__slots__}
        del values["fuzzy_names"], values["fuzzy_vocabulary"]
        values["docs"] = _pack_docs(values["docs"])
        return _unpickled_index, tuple(values.items())

    def idf_of(self, term: str) -> float:
        if term.startswith(ENTITY_PREFIX):
            return self.entity_idf
        return self.idf.get(term, self.unknown_idf)


def _fuzzy_names(names: Mapping[str, object]) -> dict[str, str]:
    return {key: key for key in names if len(key) >= MIN_FUZZY_NAME_CHARS}


def _fuzzy_vocabulary(vocabulary: Mapping[str, str]) -> dict[str, str]:
    return {w: w for w in vocabulary if len(w) >= MIN_FUZZY_WORD_CHARS - 1}


def _unpickled_index(*fields: tuple[str, object]) -> Index:
    values = dict(fields)
    values["docs"] = _unpack_docs(*values["docs"])  # type: ignore[misc]
    names, vocabulary = values["names"], values["vocabulary"]
    assert isinstance(names, dict) and isinstance(vocabulary, dict)
    return Index(**values, fuzzy_names=_fuzzy_names(names), fuzzy_vocabulary=_fuzzy_vocabulary(vocabulary))  # type: ignore[arg-type]


def content_stems(text: str, language: Language) -> list[str]:
    return [stem(w) for w in words(text) if w not in language.stopwords]


# One-word texts up to this long (keywords, cue words) are remembered while an index is built: every project
# lists the same project words and cues. Longer ones (abstracts, phrasings, names) are mostly read once.
SHORT_TEXT_CHARS = 32


class _BuildStems:
    """`content_stems` and `stem` while one index is built, remembered for that build: every word is stemmed
    once (the stem cache holds 65,536 words, fewer than a large knowledge base has), a one-word text is read
    once however many entries list it, and every document shares one string per term.

    The texts of the entry being indexed are remembered until `next_entry`: a phrasing is read for the
    document's weights, its phrasings, its word runs and the vocabulary, and is now split and stemmed once.
    """

    def __init__(self, stopwords: frozenset[str], split: Callable[[str], list[str]] = words_once) -> None:
        self._stopwords = stopwords
        self._split = split
        self._stems: dict[str, str] = {}
        self._texts: dict[str, tuple[str, ...]] = {}
        self._entry_words: dict[str, tuple[str, ...]] = {}
        self._entry_content: dict[str, tuple[str, ...]] = {}

    def next_entry(self) -> None:
        self._entry_words.clear()
        self._entry_content.clear()

    def split(self, text: str) -> tuple[str, ...]:
        found = self._entry_words.get(text)
        if found is None:
            found = self._entry_words[text] = tuple(self._split(text))
        return found

    def word(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            found = self._stems[word] = stem(word)
        return found

    def content(self, text: str) -> tuple[str, ...]:
        """The stems of the text's words that are not stopwords, as `content_stems` gives them."""
        found = self._texts.get(text)
        if found is None:
            found = self._entry_content.get(text)
        if found is not None:
            return found
        stopwords, stems = self._stopwords, self._stems
        out: list[str] = []
        for word in self.split(text):
            if word in stopwords:
                continue
            term = stems.get(word)
            if term is None:
                term = stems[word] = stem(word)
            out.append(term)
        found = tuple(out)
        if len(text) <= SHORT_TEXT_CHARS and " " not in text:
            self._texts[text] = found
        else:
            self._entry_content[text] = found
        return found

    def run(self, text: str) -> tuple[str, ...]:
        """Every word's stem, stopwords kept."""
        return tuple([self.word(word) for word in self.split(text)])


def _weights(
    language: Language,
    *,
    titles: Iterable[str] = (),
    phrasings: Iterable[str] = (),
    keywords: Iterable[str] = (),
    names: Iterable[str] = (),
    extra: Iterable[tuple[str, float]] = (),
    content: Callable[[str], Sequence[str]] | None = None,
    keyword_stems: Sequence[str] = (),
    extra_stems: Iterable[tuple[Sequence[str], float]] = (),
) -> dict[str, float]:
    """Term -> weight in a document.

    The title's words count fully; keywords are synonyms, so each counts the same, a little less; a word only
    in phrasings counts more the more phrasings use it; the words of the document's own names count little,
    since a name typed in full is recognised as a whole.

    `keyword_stems` are the stems of more keywords, after `keywords`'; `extra_stems` the stems of more extra
    texts, after `extra`: what every project lists alike, stemmed once for all of them.
    """
    if content is None:
        content = _BuildStems(language.stopwords).content
    phrasing_list = list(phrasings)
    counts = Counter(term for text in phrasing_list for term in set(content(text)))
    weights: dict[str, float] = {}
    for term, count in counts.items():
        share = min(1.0, 2 * count / len(phrasing_list))
        weights[term] = MIN_TERM_WEIGHT + (PHRASING_WEIGHT - MIN_TERM_WEIGHT) * share
    for term in {term for text in titles for term in content(text)}:
        weights[term] = 1.0
    keyword_terms = {term for text in keywords for term in content(text)}
    keyword_terms.update(keyword_stems)  # one by one, in order, as the comprehension adds them
    for term in keyword_terms:
        weights[term] = max(weights.get(term, 0.0), KEYWORD_WEIGHT)
    for term in {term for text in names for term in content(text)} - keyword_terms:
        weights[term] = min(weights.get(term, NAME_WORD_WEIGHT), NAME_WORD_WEIGHT)
    for text, weight in extra:
        for term in content(text):
            weights[term] = max(weights.get(term, 0.0), weight)
    for stems, weight in extra_stems:
        for term in stems:
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


def _spells_out(name: str, text: str) -> bool:
    """The text gives the name's expansion in brackets after it."""
    # The pattern is the name itself and a bracket: without both in the text it cannot match, and compiling
    # it (a new pattern for every project, past `re`'s cache) was a quarter of building a large index.
    if "(" not in text or name not in text:
        return False
    return re.search(rf"\b{re.escape(name)}\s*\(", text) is not None


def _is_acronym(name: str) -> bool:
    """ "ASTC", "RedPOP", "SAASTEC": one word with capitals after its first letter."""
    return " " not in name.strip() and sum(ch.isupper() for ch in name) >= 2


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def subject_stems(language: Language) -> set[str]:
    """The stems of the one-word names of the subject ("ecsite"); longer names are matched as names."""
    return {stem(w) for phrase in language.subject_words if len(words(phrase)) == 1 for w in words(phrase)}


def build_index(kb: KnowledgeBase) -> Index:
    language = kb.language
    docs: list[Doc] = []
    # Every document's weights coded by one table: `Terms` for a document's own, the postings' codes.
    weights = Weights()
    names: dict[str, list[Name]] = defaultdict(list)
    case_sensitive: dict[str, list[Name]] = defaultdict(list)
    subject = subject_stems(language)
    # The texts of a small knowledge base go through the cache of `words`, where questions find them again
    # (the translator's English words, the answer checks); a large one's would only flush it.
    count = sum(1 + len(t.phrasings) + len(t.keywords) + len(t.aliases) for t in kb.topics.values())
    count += sum(2 + len(p.aliases) + len(p.keywords) + len(p.phrasings) for p in kb.projects.values())
    build_stems = _BuildStems(language.stopwords, words if count <= WORDS_CACHE_SIZE else words_once)
    content = build_stems.content
    vocabulary: dict[str, str] = {}
    stopwords = language.stopwords

    def add_vocabulary(texts: Iterable[str]) -> None:
        """The words of an entry's texts, in the order `_all_texts` gave them, read while the entry's texts
        are remembered; then the next entry."""
        for text in texts:
            for word in build_stems.split(text):
                # The first text with the word gives its stem, as setdefault did (without stemming it again).
                if word not in vocabulary and word not in stopwords:
                    vocabulary[word] = build_stems.word(word)
        build_stems.next_entry()

    def phrasing_keys(phrasings: Iterable[str]) -> tuple[tuple[tuple[str, ...], ...], int]:
        keys, empty = [], 0
        for phrasing in phrasings:
            stems = [s for s in content(phrasing) if s not in subject]
            if stems:
                keys.append(tuple(sorted(set(stems))))
            else:
                empty += 1
        # Only the best similarity to a phrasing counts, so a phrasing that reads as another (the same stems)
        # would only be compared again, for every question.
        return tuple(dict.fromkeys(keys)), empty

    def add_names(entity: str, aliases: Iterable[str], exact_case: Iterable[str]) -> None:
        for alias in aliases:
            names[compact(alias)].append(Name(entity, alias))
        for alias in exact_case:
            case_sensitive[alias].append(Name(entity, alias, case_sensitive=True))

    for topic in kb.topics.values():
        entity = f"@topic:{topic.id}" if topic.aliases or topic.case_sensitive_aliases else None
        # A topic named by an acronym ("RedPOP", "ASTC") answers what the acronym stands for.
        acronym = any(_is_acronym(alias) for alias in [*topic.aliases, *topic.case_sensitive_aliases])
        terms = _weights(
            language,
            content=content,
            titles=[topic.title],
            phrasings=topic.phrasings,
            keywords=topic.keywords,
            names=[*topic.aliases, *topic.case_sensitive_aliases],
            extra=[(w, 0.6) for w in language.acronym_words] if acronym else (),
        )
        if entity:
            terms[entity] = 1.0
            add_names(entity, topic.aliases, topic.case_sensitive_aliases)
        # A topic that states a year answers a question naming another one ("was it founded in 1997?": no).
        if YEAR_IN_TEXT.search(" ".join([topic.body, *(f.value for f in topic.fields)])):
            terms[YEAR_TERM] = STATED_YEAR_WEIGHT
        keys, empty = phrasing_keys([topic.title, *topic.phrasings, *topic.keywords])
        docs.append(
            Doc(
                topic.id,
                "topic",
                Terms.of(terms, weights),
                keys,
                entity=entity,
                target=topic.id,
                empty_phrasings=empty,
                texts=_word_runs([topic.title, *topic.phrasings], build_stems.run),
            )
        )
        docs.extend(_topic_passages(topic, entity, language, subject, weights))
        add_vocabulary(_topic_texts(topic))

    list_topic = kb.projects_topic
    terms = _weights(
        language,
        content=content,
        titles=[list_topic.title],
        phrasings=list_topic.phrasings,
        keywords=list_topic.keywords,
    )
    keys, empty = phrasing_keys([list_topic.title, *list_topic.phrasings, *list_topic.keywords])
    texts = _word_runs([list_topic.title, *list_topic.phrasings], build_stems.run)
    terms_of_list = Terms.of(terms, weights)
    docs.append(Doc(list_topic.id, "topic", terms_of_list, keys, target=list_topic.id, texts=texts))
    docs.extend(_topic_passages(list_topic, None, language, subject, weights))
    add_vocabulary(_topic_texts(list_topic))

    attributes = language.project_attributes
    project_words = sorted(language.project_words)
    # The same for every project, so worked out once: it dominated building a large index.
    attribute_terms = {
        attribute: dict.fromkeys(_weights(language, content=content, keywords=cue_words), 1.0)
        for attribute, cue_words in attributes.items()
        if attribute != "abstract"
    }
    # The stems every project's terms take alike, in the order `_weights` would read their texts.
    project_word_stems = tuple(term for text in project_words for term in content(text))
    abstract_cue_stems = tuple(term for text in attributes["abstract"] for term in content(text))
    acronym_stems = tuple(term for text in language.acronym_words for term in content(text))
    framing = {stem(w) for w in [*language.generic_words, *language.project_words, *attributes["abstract"]]}
    for project in kb.projects.values():
        entity = f"@project:{project.id}"
        spells_out = _spells_out(project.name, project.abstract)
        add_names(entity, [project.name, *project.aliases], project.case_sensitive_aliases)
        terms = _weights(
            language,
            content=content,
            titles=[project.name],
            phrasings=project.phrasings,
            keywords=project.keywords,
            keyword_stems=project_word_stems,
            names=[project.name, *project.aliases, *project.case_sensitive_aliases],
            extra=[(project.abstract, 0.5)],
            extra_stems=[
                (abstract_cue_stems, 0.6),
                # "DOORS (Digital incubator fOR muSeums) focuses on...": it says what its name stands for.
                *([(acronym_stems, 0.6)] if spells_out else []),
            ],
        )
        terms[entity] = 1.0
        keys, _ = phrasing_keys([*project.phrasings, *project.keywords])
        docs.append(
            Doc(
                project.topic_id,
                "project",
                Terms.of(terms, weights),
                keys,
                entity=entity,
                target=project.id,
                texts=_word_runs([project.name, *project.phrasings], build_stems.run),
            )
        )
        # Each sentence of the abstract, so a fact that lives only there ("led by...", "in five EU countries")
        # is reachable by a question about it.
        # Framing words ("project", "aim") and the project's own name say nothing a sentence alone answers.
        name_stems = set(content(" ".join([project.name, *project.aliases])))
        name_stems |= framing
        for number, sentence in enumerate(sentences(project.abstract)):
            reworded = " ".join(language.synonyms.get(w, w) for w in build_stems.split(sentence))
            terms = dict.fromkeys(set(content(reworded)) - name_stems, 1.0)
            terms[entity] = 1.0
            docs.append(
                Doc(
                    f"{project.topic_id}:passage-{number}", "passage", Terms.of(terms, weights), (),
                    entity=entity, requires=entity, target=project.id, attribute=f"passage-{number}",
                )
            )  # fmt: skip
        for attribute, cue_terms in attribute_terms.items():
            terms = EntityTerms(cue_terms, entity)
            docs.append(
                Doc(
                    f"{project.topic_id}:{attribute}", "attribute", terms, (), entity=entity,
                    requires=entity, target=project.id, attribute=attribute,
                )
            )  # fmt: skip
        add_vocabulary(_project_texts(project))

    for role, role_term in ROLE_TERMS.items():
        role_words = [*project_words, *attributes[role]]
        role_terms = dict.fromkeys(_weights(language, content=content, keywords=role_words), 1.0)
        role_terms[role_term] = 1.0
        docs.append(
            Doc(
                f"query:projects-by-{role}", "role-query", Terms.of(role_terms, weights), (),
                requires=role_term, attribute=role,
            )
        )  # fmt: skip

    year_words = [
        *project_words,
        *attributes["timeframe"],
        *(w for mode in ("starts", "ends") for w in language.year_cues[mode]),
    ]
    year_terms = dict.fromkeys(_weights(language, content=content, keywords=year_words), 1.0)
    year_terms[YEAR_TERM] = 1.0
    year_doc = Terms.of(year_terms, weights)
    docs.append(Doc("query:projects-by-year", "year-query", year_doc, (), requires=YEAR_TERM))

    # Document frequency counts a project attribute once, not once per project, so "website" keeps its weight.
    family_keys: list[str | None] = []
    counted_cues: set[int] = set()
    for doc in docs:
        if isinstance(doc.terms, EntityTerms):
            # Every project's attribute has the same cue terms (one object): its family needs them once.
            if id(doc.terms._cues) in counted_cues:
                family_keys.append(None)
                continue
            counted_cues.add(id(doc.terms._cues))
        kind = doc.kind
        if kind == "attribute":
            family_keys.append(f"attribute:{doc.attribute}")
        elif kind == "passage":
            family_keys.append(f"project:{doc.target}")
        elif kind == TOPIC_PASSAGE:
            family_keys.append(doc.target)
        elif kind == BODY_PASSAGE:
            # Counted nowhere: a question is weighed as if they were not there, as it is ranked first.
            family_keys.append(None)
        else:
            family_keys.append(doc.id)
    # A family's terms are counted once its last document is read, and then let go: at 100,000 entries the
    # 100,000 families' sets, all held to the end, were the build's peak of memory (about 90 MB).
    last_of = {family: position for position, family in enumerate(family_keys) if family is not None}
    families: dict[str, set[str]] = {}
    df: Counter[str] = Counter()
    for position, (doc, family) in enumerate(zip(docs, family_keys, strict=True)):
        if family is None:
            continue
        families.setdefault(family, set()).update(t for t in doc.terms if not t.startswith(ENTITY_PREFIX))
        if last_of[family] == position:
            df.update(families.pop(family))
    n = len(last_of)
    idf = {term: math.log(1 + n / count) for term, count in df.items()}
    # A word the knowledge base has never seen is likely what the question is really about: weigh it high.
    unknown_idf = 1.3 * math.log(1 + n)
    add_vocabulary(_cue_texts(kb))
    # A rare word the abstracts write as a name ("Led by *Bloomfield* Science Museum") names a participant as
    # well as a word the knowledge base never uses. Not a funder: "Horizon" alone is not Horizon 2020.
    written_as_names = _capitalised_only(project.abstract for project in kb.projects.values())
    common = {word: term for word, term in vocabulary.items() if df[term] > 1 or word not in written_as_names}
    roles = {
        "participants": _name_table(_projects_by(kb, "participants"), common, stopwords, any_run=False),
        "funders": _name_table(_projects_by(kb, "funders"), vocabulary, stopwords, any_run=True),
    }
    phrasing_postings: dict[str, array[int]] = defaultdict(lambda: array(POSITION_CODE))
    for position, doc in enumerate(docs):
        for term in {term for phrasing in doc.phrasings for term in phrasing}:
            phrasing_postings[term].append(position)
    fuzzy_names = _fuzzy_names(names)
    return Index(
        docs=docs,
        idf=idf,
        unknown_idf=unknown_idf,
        entity_idf=unknown_idf,
        names=dict(names),
        case_sensitive_names=dict(case_sensitive),
        fuzzy_names=fuzzy_names,
        vocabulary=vocabulary,
        fuzzy_vocabulary=_fuzzy_vocabulary(vocabulary),
        roles=roles,
        strong_terms=_keyword_terms(kb, content),
        subject_compacts=frozenset(compact(w) for w in language.subject_words),
        postings=_postings(docs, weights),
        body_postings=_postings(docs, weights, body=True),
        phrasing_postings=Postings.of(phrasing_postings),
        checked=bytes(doc.requires is not None or doc.kind in CHECKED_KINDS for doc in docs),
    )


def _postings(docs: list[Doc], weights: Weights, body: bool = False) -> Postings:
    """Each term's documents by position, with their weight codes, in two passes straight into arrays of their
    final size: one array per term first (400,000 at 100,000 entries, each with its header and spare room),
    then joined, were the build's peak of memory. The terms come in the order they are first met.

    A document that needs a term (a project's website needs the project) is only ever a candidate when the
    question has that term, so it is listed under that term alone. The sentences of topics without a name
    (`BODY_PASSAGE`) are listed apart, with `body`: they are candidates only for a last try
    (`Ranker.rank(with_body=True)`), and every other question neither meets nor counts them."""
    counts: Counter[str] = Counter()
    for doc in docs:
        if (doc.kind == BODY_PASSAGE) != body:
            continue
        if doc.requires:
            counts[doc.requires] += 1
            weights.code(doc.terms[doc.requires])  # every weight in the table before its codes are sized
        else:
            assert isinstance(doc.terms, Terms)
            counts.update(doc.terms._keys)
    terms = tuple(counts)
    slots = dict(zip(terms, range(len(terms)), strict=True))
    ends = array(POSITION_CODE, accumulate(counts.values()))
    size = ends[-1] if ends else 0
    cursor = array(POSITION_CODE, [0]) + ends[:-1]  # where each term's next position goes
    positions = array(POSITION_CODE, bytes(array(POSITION_CODE).itemsize * size))
    codes = array(weights.typecode())
    codes.frombytes(bytes(codes.itemsize * size))
    for position, doc in enumerate(docs):
        if (doc.kind == BODY_PASSAGE) != body:
            continue
        if doc.requires:
            slot = slots[doc.requires]
            at = cursor[slot]
            positions[at], codes[at], cursor[slot] = position, weights.code(doc.terms[doc.requires]), at + 1
            continue
        terms_of = doc.terms
        assert isinstance(terms_of, Terms)
        for slot, code in zip(map(slots.__getitem__, terms_of._keys), terms_of._codes, strict=True):
            at = cursor[slot]
            positions[at], codes[at], cursor[slot] = position, code, at + 1
    coded = codes.tobytes() if codes.typecode == "B" else codes
    return Postings(terms, ends, positions, coded, weights.table, slots)


def _topic_passages(
    topic: Topic, entity: str | None, language: Language, subject: set[str], weights: Weights
) -> list[Doc]:
    """Each sentence of a topic's text, and each of its fields, as a document. A named topic's apply only when
    the question names the topic: "how many visitors do the members of Ecsite, EAZA and BGCI get?" is
    explained by one sentence of the memorandum, in words no curator listed. A topic without a name gives
    `BODY_PASSAGE`s, ranked only when nothing else answered (`Engine._from_a_sentence`). Ranking folds a
    passage into its topic, so the answer is the topic's."""
    texts = [*sentences(topic.body), *(f"{field.name} {field.value}" for field in topic.fields)]
    passages = []
    for number, text in enumerate(texts):
        reworded = " ".join(language.synonyms.get(w, w) for w in words(text))
        terms = dict.fromkeys(set(content_stems(reworded, language)) - subject, 1.0)
        if not terms:
            continue
        if entity:
            terms[entity] = 1.0
        passages.append(
            Doc(
                f"{topic.id}:passage-{number}", TOPIC_PASSAGE if entity else BODY_PASSAGE,
                Terms.of(terms, weights), (), entity=entity,
                requires=entity, target=topic.id, attribute=f"passage-{number}",
            )
        )  # fmt: skip
    return passages


def _keyword_terms(kb: KnowledgeBase, content: Callable[[str], Sequence[str]]) -> frozenset[str]:
    texts: list[str] = [k for topic in [*kb.topics.values(), kb.projects_topic] for k in topic.keywords]
    texts += [k for project in kb.projects.values() for k in project.keywords]
    texts += [w for cue_words in kb.language.project_attributes.values() for w in cue_words]
    texts += [w for mode in ("starts", "ends") for w in kb.language.year_cues[mode]]
    return frozenset(term for text in texts for term in content(text))


def _word_runs(texts: Iterable[str], run: Callable[[str], tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    # As with phrasings, only the best match counts: the same run twice is only compared twice.
    return tuple(dict.fromkeys(run(text) for text in texts))


def _topic_texts(topic: Topic) -> list[str]:
    return [topic.title, *topic.phrasings, *topic.keywords, *topic.aliases]


def _project_texts(project: Project) -> list[str]:
    return [project.name, *project.aliases, *project.keywords, *project.phrasings, project.abstract]


def _cue_texts(kb: KnowledgeBase) -> Iterable[str]:
    for cue_words in kb.language.project_attributes.values():
        yield from cue_words
    yield from kb.language.project_words
    for mode in ("starts", "ends"):
        yield from kb.language.year_cues[mode]


def _capitalised_only(texts: Iterable[str]) -> set[str]:
    """The words (folded) that these texts write capitalised wherever they use them, a sentence's first word
    apart."""
    capitalised, lowered = set(), set()
    for text in texts:
        for sentence in re.split(r"[.!?]\s+", text):
            typed = original_words(sentence)
            folded = words(sentence)
            if len(typed) != len(folded):
                continue
            for word, as_typed in zip(folded[1:], typed[1:], strict=True):
                (capitalised if as_typed[:1].isupper() else lowered).add(word)
    return capitalised - lowered


def _name_table(
    projects_by_name: dict[str, list[str]],
    vocabulary: dict[str, str],
    stopwords: frozenset[str],
    *,
    any_run: bool,
) -> NameTable:
    """Which words name an organisation of a project (a participant, a funder), and its projects.

    A single word names an organisation only when it is rare among the names and is not a word the knowledge
    base otherwise uses ("NEMO", "AHHAA", "Copernicus"; not "science" or "water"). A run of words names one
    when it is the whole name or holds such a word; with `any_run`, any run of two or more words does (for
    the few, long funder names: "Horizon 2020").
    """
    word_names: dict[str, set[str]] = defaultdict(set)
    for name in projects_by_name:
        for word in words(name):
            word_names[word].add(name)
    distinctive = {
        word: names
        for word, names in word_names.items()
        if len(word) >= 3
        and word not in stopwords
        and word not in vocabulary
        and not word.isdigit()
        and len({compact(n) for n in names}) <= 2
    }
    sequences: dict[str, set[str]] = defaultdict(set)
    for name in projects_by_name:
        name_words = words(name)
        sequences["".join(name_words)].add(name)
        for size in range(2, len(name_words)):
            for start in range(len(name_words) - size + 1):
                run = name_words[start : start + size]
                if run[0] in stopwords or run[-1] in stopwords:
                    continue
                if any_run or any(w in distinctive for w in run):
                    sequences["".join(run)].add(name)
    return NameTable(distinctive, dict(sequences), projects_by_name)


def _projects_by(kb: KnowledgeBase, role: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    for project in kb.projects.values():
        for name in getattr(project, role):
            if project.id not in result[name]:
                result[name].append(project.id)
    return dict(result)
