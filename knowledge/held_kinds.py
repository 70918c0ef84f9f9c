"""Kinds of thing a question asks for that the answer must hold (language.yaml `held_kinds`).

"In which month was the memorandum signed?" is answered by a text with "September 2014", not by one with only
"2014"; "what is the street address of the office?" is not answered by "Brussels, Belgium"; "the budget of
DOORS" by no text without an amount of money. A kind is asked by word runs of the question (or a sign such as
"€" anywhere in it) and held by words of the answer's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.loader import HeldKind
from knowledge.text import phrase_stems, words
from knowledge.understanding import word_runs

# A number beside a held word, other than a year: "3 September", "EUR 2 million", "€2m"; not "September 2014".
NUMBER = r"(?<!\d)(?!(?:19|20)\d\d(?!\d))\d[\d.,]*"


@dataclass(frozen=True, slots=True)
class _Kind:
    asked_runs: frozenset[tuple[str, ...]]
    asked_signs: tuple[str, ...]
    held: re.Pattern[str]
    # The stems of the words that ask for the kind ("month"): said by a text that holds one.
    asked_stems: frozenset[str]


class HeldKinds:
    def __init__(self, kinds: Mapping[str, HeldKind]) -> None:
        self._kinds = [_compile(kind) for kind in kinds.values()]
        self._longest = max((len(run) for kind in self._kinds for run in kind.asked_runs), default=1)
        # Most questions hold no word that asks for a kind: they need no run looked up.
        self._first_words = frozenset(run[0] for kind in self._kinds for run in kind.asked_runs)
        self._signs = tuple(sign for kind in self._kinds for sign in kind.asked_signs)

    def asked(self, question_words: list[str], question_text: str) -> list[_Kind]:
        """The kinds this question asks for, in its words as read or as typed (a retry of a question without
        its unknown words still asks what the question asked)."""
        typed = words(question_text)
        signed = any(sign in question_text for sign in self._signs)
        if (
            not signed
            and self._first_words.isdisjoint(question_words)
            and self._first_words.isdisjoint(typed)
        ):
            return []
        runs = word_runs(question_words, self._longest) | word_runs(typed, self._longest)
        return [
            kind
            for kind in self._kinds
            if kind.asked_runs & runs or any(sign in question_text for sign in kind.asked_signs)
        ]

    @staticmethod
    def held(kinds: list[_Kind], answer_text: str) -> bool:
        """The answer's text holds one of each kind asked for (`asked`)."""
        return all(kind.held.search(answer_text) for kind in kinds)

    @staticmethod
    def said(kinds: list[_Kind]) -> frozenset[str]:
        """The words asking for these kinds, as stems ("month"): a text holding each kind says them, for what
        is asked is a month, not the word."""
        return frozenset().union(*(kind.asked_stems for kind in kinds))


def _compile(kind: HeldKind) -> _Kind:
    signs = tuple(cue for cue in kind.asked if not any(c.isalnum() for c in cue))
    runs = frozenset(tuple(words(cue)) for cue in kind.asked if cue not in signs)
    alternatives = "|".join(
        re.escape(word) if not word[:1].isalnum() else rf"\b{re.escape(word)}\b" for word in kind.held
    )
    held = f"(?:{alternatives})"
    if kind.beside_number:
        held = rf"(?:{NUMBER}\s*{held}|{held}\s*{NUMBER})"
    return _Kind(
        asked_runs=runs,
        asked_signs=signs,
        held=re.compile(held, re.IGNORECASE),
        asked_stems=frozenset(phrase_stems([cue for cue in kind.asked if cue not in signs])),
    )
