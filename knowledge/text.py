"""Turning chat text into comparable words: cleaning, folding, tokenising and stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# How many texts fold and words remember.
WORDS_CACHE_SIZE = 4096
# Questions longer than this are cut before matching: nobody asks a fact in more words; it bounds the work.
MAX_QUESTION_CHARS = 600
# Fewer shared letters than this cannot tell a word from another in another language.
MIN_SHARED_PREFIX = 4

_DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<(?:@[!&]?|#)\d+>"  # user, role and channel mentions
    r"|<t:\d+(?::\w)?>"  # timestamps
    r"|@(?:everyone|here)\b"
    r"|https?://\S+"
)
_POSSESSIVE = re.compile(r"(\w)['’]s\b")
_APOSTROPHE = re.compile(r"['’`´]")
_HAS_APOSTROPHE = _APOSTROPHE.search
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# British and American spellings read alike: "popularisation" and "Popularization", "organised", "organized".
_ISE = re.compile(r"(?<=\w\w)is(ation|ations|ed|ing)\b")
_ENGLISH = snowballstemmer.stemmer("english")


def clean(question: str) -> str:
    """Drop what Discord adds around a question (mentions, emoji, links) and cap its length."""
    text = _DISCORD_MARKUP.sub(" ", question[: MAX_QUESTION_CHARS * 4])
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def _fold(text: str) -> str:
    """Lower-case, without accents, possessives or apostrophes: 'Ecsite’s Président' -> 'ecsite president'."""
    if not text.isascii():  # plain ASCII has no accents to strip, and is most of what is read
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Each pattern is run only on text that has what it looks for: most chat has no apostrophe, and these
    # substitutions are most of the cost of folding a question read for the first time.
    if _HAS_APOSTROPHE(text):
        text = _APOSTROPHE.sub("", _POSSESSIVE.sub(r"\1", text))
    text = text.casefold()
    # _ISE matches only where one of these is written: most texts with an "is" ("what is") have none.
    if "isation" in text or "ised" in text or "ising" in text:
        return _ISE.sub(r"iz\1", text)
    return text


# The same texts are folded again and again in one question and across questions (greetings, names, a topic's
# body each time an answer about it is checked), so folding and splitting are cached by text.
fold = lru_cache(maxsize=WORDS_CACHE_SIZE)(_fold)


def words(text: str) -> list[str]:
    """The folded words of a text; hyphens and punctuation separate words."""
    # A fresh list each time: callers may change what they get, and the cached words must not change.
    return list(_words(text))


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def words_once(text: str) -> list[str]:
    """`words` without its cache, for texts read once each (building an index over 100,000 entries, whose
    texts would only push everything else out of the cache)."""
    return _WORD.findall(_fold(text))


def original_words(text: str) -> list[str]:
    """The words as typed (case kept), aligned with `words(text)`."""
    if not text.isascii():  # as in `fold`: plain ASCII has no accents to strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if _HAS_APOSTROPHE(text):
        text = _APOSTROPHE.sub("", _POSSESSIVE.sub(r"\1", text))
    return _WORD.findall(text)


def compact(text: str) -> str:
    """A name reduced to letters and digits, so 'WATER-MINING', 'water mining' and 'watermining' are equal."""
    return "".join(words(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _ENGLISH.stemWord(word)


def phrase_stems(phrases: Iterable[str]) -> frozenset[str]:
    """The stems of every word of some phrases: a cue list ("kick off", "start"), or a text to compare."""
    if isinstance(phrases, list | tuple) and len(phrases) == 1:
        # One text (an answer's body, a topic's title): checked again for every question it may answer.
        return _text_stems(phrases[0])
    return frozenset(stem(w) for phrase in phrases for w in words(phrase))


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def _text_stems(text: str) -> frozenset[str]:
    # Built as `phrase_stems` builds it, from the same words in the same order: the same set, iterated alike.
    return frozenset(stem(w) for w in _words(text))


def as_typed(text: str, word: str) -> str:
    """A folded word as the question wrote it ("cern" -> "CERN")."""
    found = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return found.group(0) if found else word


def same_word(term: str, word: str) -> bool:
    """A stem and a word of a name in any of the languages names are written in: "universiti" and
    "Universiteit", "museum" and "Museo" share their beginning."""
    shortest = min(len(term), len(word))
    shared = next((i for i, (a, b) in enumerate(zip(term, word, strict=False)) if a != b), shortest)
    return shared >= max(MIN_SHARED_PREFIX, shortest - 2)


def initials(name: str) -> str:
    """The initials of a name's capitalised words, lower-case: "European Union" is "eu"."""
    return "".join(w[0] for w in original_words(name) if w[:1].isupper()).lower()
