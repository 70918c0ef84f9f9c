"""Questions in French, German, Spanish, Italian or Dutch, read through word lists kept in the knowledge base.

The facts stay in English: a question is mapped word by word (and phrase by phrase) to the English words the
knowledge base is indexed with, and the reply's fixed phrases follow the question's language.

How a question in another language is read:
- elided articles are separate words ("d'Ecsite" is "d Ecsite", "dov'è" is "dov è"), so "d" can be dropped;
- names the knowledge base knows (a project, an organisation taking part in or funding one, an alias of two
  or more words: "Parque de las Ciencias") are neither evidence of a language nor translated; a one-word name
  ("DOORS") is not translated either, unless the language has that very word ("esa" is Spanish for "that");
- a phrase is looked up as typed, then by its words' stems (the Snowball stemmer named like the language's
  `name`), longest phrase first, so the word lists need no inflected forms ("membres", "jardins botaniques");
- a long word found in neither way is tried as a compound of two known words ("schwester|netzwerke").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer

from knowledge.loader import KnowledgeBase, Translation
from knowledge.text import original_words, words

MAX_PHRASE_WORDS = 4
# Shorter words are looked up only as typed: stems of short words collide ("les" and "le", "sono" and "son").
MIN_STEM_CHARS = 4
# A compound is at least this long, and its parts at least these lengths.
MIN_COMPOUND_CHARS = 8
MIN_COMPOUND_HEAD_CHARS = 3
MIN_COMPOUND_TAIL_CHARS = 4
# Letters that join the parts of a compound: "Gründung|s|jahr", "Mitglied|s|organisationen".
COMPOUND_LINKS = ("", "s", "es", "n", "en", "e")
STEM_CACHE_SIZE = 65_536
_APOSTROPHE = re.compile(r"['’`´]")


NamesByFirst = dict[str, list[tuple[str, ...]]]


@dataclass(slots=True)
class Prepared:
    """What a translator builds on the first question in another language, built ahead of it, to keep with a
    knowledge base in the start-up cache: after a cached start the text caches are cold, and building these
    made that first question several times slower than the next ones."""

    english_words: frozenset[str]
    known_names: tuple[NamesByFirst, frozenset[str]]
    stemmed: dict[str, dict[tuple[str, ...], str]]  # language code -> phrases by stems


# Tables a start-up cache read for a knowledge base (`offer`), taken by the next translator made for that very
# object. One at a time: a cache is read for the engine about to be made.
_offered: tuple[KnowledgeBase, Prepared] | None = None


def offer(knowledge: KnowledgeBase, prepared: Prepared) -> None:
    global _offered
    _offered = (knowledge, prepared)


def _take(knowledge: KnowledgeBase) -> Prepared | None:
    global _offered
    if _offered is None or _offered[0] is not knowledge:
        return None
    prepared, _offered = _offered[1], None
    return prepared


class _Language:
    """One language's phrases, ready for lookup as typed and by stems."""

    def __init__(self, translation: Translation) -> None:
        self.translation = translation
        self.phrases = translation.phrases
        name = translation.name.casefold()
        stemmer = snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None
        # Memoised: a question tries each word in up to four phrases, and Snowball is pure Python.
        self._stem_word: Callable[[str], str] | None = (
            lru_cache(maxsize=STEM_CACHE_SIZE)(stemmer.stemWord) if stemmer else None
        )

    @cached_property
    def stemmed(self) -> dict[tuple[str, ...], str]:
        """Phrases by their words' stems; built on the first question in this language (stemming is slow)."""
        stemmed: dict[tuple[str, ...], str] = {}
        for phrase, english in self.phrases.items():
            stemmed.setdefault(self.stems(phrase.split()), english)
        return stemmed

    def stems(self, run: Iterable[str]) -> tuple[str, ...]:
        if self._stem_word is None:
            return tuple(run)
        return tuple(self._stem_word(w) if len(w) >= MIN_STEM_CHARS else w for w in run)

    def lookup(self, run: list[str]) -> str | None:
        phrase = " ".join(run)
        if phrase in self.phrases:
            return self.phrases[phrase]
        return self.stemmed.get(self.stems(run))

    def before_year(self, folded: list[str], position: int, size: int) -> str | None:
        """The English of the words at `position` when they are said of the year right after them."""
        following = folded[position + size] if position + size < len(folded) else ""
        if not (following.isdigit() and len(following) == 4):
            return None
        return self.translation.before_a_year.get(" ".join(folded[position : position + size]))

    def compound(self, word: str) -> str | None:
        """A long unknown word read as two known words, each meaning something: "schwesternetzwerke"."""
        if len(word) < MIN_COMPOUND_CHARS:
            return None
        for cut in range(len(word) - MIN_COMPOUND_TAIL_CHARS, MIN_COMPOUND_HEAD_CHARS - 1, -1):
            tail = self.lookup([word[cut:]])
            if not tail:
                continue
            for link in COMPOUND_LINKS:
                head_word = word[:cut]
                if link:
                    if not head_word.endswith(link):
                        continue
                    head_word = head_word[: -len(link)]
                if len(head_word) < MIN_COMPOUND_HEAD_CHARS:
                    continue
                head = self.lookup([head_word])
                if head:
                    return f"{head} {tail}"
        return None


class Translator:
    """Detects a question's language and reads it as English.

    What detection needs beyond the word lists (English words, the knowledge base's names) is gathered on the
    first question that uses a marker word of another language, so English-only use and start-up never pay
    for it (about 3 ms for the real knowledge base, about a second at 30,000 entries).
    """

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.translations = knowledge.translations
        self._languages = {code: _Language(t) for code, t in self.translations.items()}
        self._all_markers = frozenset().union(*(t.markers for t in self.translations.values()))
        # A language's own words are not evidence of English, even when English has them too ("over", "is").
        self._own_words = {code: t.markers | t.phrases.keys() for code, t in self.translations.items()}
        prepared = _take(knowledge)
        if prepared is not None:
            # What the cached properties would build, as `prepare` built it.
            self.__dict__["_english_words"] = prepared.english_words
            self.__dict__["_known_names"] = prepared.known_names
            for code, stemmed in prepared.stemmed.items():
                self._languages[code].__dict__["stemmed"] = stemmed

    def prepare(self) -> Prepared:
        """Everything the first question in another language would build, built now."""
        stemmed = {code: language.stemmed for code, language in self._languages.items()}
        return Prepared(self._english_words, self._known_names, stemmed)

    @cached_property
    def _english_words(self) -> frozenset[str]:
        """The English word lists and the words of the knowledge base's titles, phrasings and keywords."""
        knowledge, language = self.knowledge, self.knowledge.language
        subject = {w for phrase in language.subject_words for w in words(phrase)}
        english = set(language.stopwords) | set(language.question_words) | set(language.project_words)
        english |= set(language.generic_words)
        texts: list[str] = [w for cue in language.project_attributes.values() for w in cue]
        texts += [w for cue in language.year_cues.values() for w in cue]
        for topic in [*knowledge.topics.values(), knowledge.projects_topic]:
            texts += [topic.title, *topic.phrasings, *topic.keywords]
        english |= {w for text in set(texts) for w in words(text)}
        return frozenset(english - subject)

    @cached_property
    def _known_names(self) -> tuple[NamesByFirst, frozenset[str]]:
        """Names of two words or more by first word, longest first; and the one-word names."""
        known: set[str] = set()
        for project in self.knowledge.projects.values():
            known.update((project.name, *project.aliases, *project.case_sensitive_aliases))
            known.update((*project.participants, *project.funders))
        for topic in self.knowledge.topics.values():
            known.update((*topic.aliases, *topic.case_sensitive_aliases))
        names = {tuple(words(name)) for name in known}
        by_first: NamesByFirst = {}
        for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
            by_first.setdefault(name[0], []).append(name)
        # One-word names ("DOORS", "TechEthos") stay as typed unless the language has that very word ("esa").
        return by_first, frozenset(name[0] for name in names if len(name) == 1)

    def _name_spans(self, folded: list[str]) -> list[bool]:
        """Which words belong to a name the knowledge base knows."""
        inside = [False] * len(folded)
        by_first = self._known_names[0]
        position = 0
        while position < len(folded):
            for name in by_first.get(folded[position], ()):
                if tuple(folded[position : position + len(name)]) == name:
                    inside[position : position + len(name)] = [True] * len(name)
                    position += len(name)
                    break
            else:
                position += 1
        return inside

    def detect(self, folded: list[str], names: list[bool] | None = None) -> str:
        """The language whose marker words the question uses most; English when none stands out.

        A tie on markers goes to the language that knows more of the question's words ("con" is Spanish and
        Italian, "organizzazioni" only Italian). Words of known names do not count. English evidence is a word
        of the English word lists or of the knowledge base's phrasings that the other language does not also
        use ("over" is Dutch too).
        """
        if names is None:
            names = self._name_spans(folded)
        plain = [w for w, in_name in zip(folded, names, strict=True) if not in_name]
        best, best_score = "en", (0, 0)
        for code, translation in self.translations.items():
            own = self._own_words[code]
            score = (sum(1 for w in plain if w in translation.markers), sum(1 for w in plain if w in own))
            if score[0] and score > best_score:
                best, best_score = code, score
        best_hits = best_score[0]
        if best_hits == 0:
            return "en"
        own = self._own_words[best]
        english_hits = sum(1 for w in plain if w in self._english_words and w not in own)
        if english_hits > best_hits * 2:
            return "en"
        return best

    def _has_english(self, folded: list[str], names: list[bool]) -> bool:
        """Whether a word besides names and numbers is English: the question is then in English."""
        english = self._english_words
        return any(
            w in english and not w.isdigit() for w, in_name in zip(folded, names, strict=True) if not in_name
        )

    def to_english(self, text: str, preferred: str = "en") -> tuple[str, str]:
        """The question's language and the question in English. A question with no word of any language
        besides names ("DOORS", "Ecsite?") is in `preferred`, and read with its words ("DOORS Geldgeber")."""
        if not self.translations:
            return "en", text
        if preferred not in self._languages:
            preferred = "en"
        # Elided articles ("l'", "d'", "dell'") are words of their own in these languages.
        split = _APOSTROPHE.sub(" ", text)
        folded = words(split)
        if preferred == "en" and self._all_markers.isdisjoint(folded):
            return "en", text
        names = self._name_spans(folded)
        language = self.detect(folded, names)
        if language == "en":
            if preferred == "en" or self._has_english(folded, names):
                return "en", text
            language = preferred
        typed = original_words(split)
        if len(typed) != len(folded):
            typed = folded
        reader = self._languages[language]
        single_names = self._known_names[1]
        out: list[str] = []
        position = 0
        while position < len(folded):
            word = folded[position]
            if names[position] or (word in single_names and word not in reader.phrases):
                out.append(typed[position])
                position += 1
                continue
            for size in range(min(MAX_PHRASE_WORDS, len(folded) - position), 0, -1):
                if any(names[position : position + size]):
                    continue
                english = reader.before_year(folded, position, size)
                if english is None:
                    english = reader.lookup(folded[position : position + size])
                if english is not None:
                    if english:
                        out.append(english)
                    position += size
                    break
            else:
                english = reader.compound(word)
                out.append(english if english is not None else typed[position])
                position += 1
        return language, " ".join(out)
