"""Numbers in questions and in answers: the one a question claims ("over 400 members?"), the ones a text
states and what each counts, and whether a claimed figure holds; which of several close answers states
the number asked for.

`Figures` is a part of `Engine` (knowledge/engine.py), as `FollowUps` is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from knowledge.answer import Answer, answer_text
from knowledge.answerability import NUMBER_IN_TEXT
from knowledge.index import YEAR_PATTERN, Doc
from knowledge.ranking import Scored
from knowledge.reading import Query
from knowledge.text import phrase_stems, stem, words
from knowledge.understanding import COUNT, YES_NO, Intent


class Figures:
    """The number handlers of `Engine`."""

    def _stating_count(self, query: Query, intent: Intent, ranked: list[Scored]) -> Scored | None:
        """Among documents that explain a "how many" question alike, the one whose text states a number of
        the very things counted ("with 7 Ecsite members", "six European partners") answers it."""
        if intent.form != COUNT or not intent.counted or not ranked:
            return None
        best = ranked[0]
        # Alike in what they explain: similarity to a phrasing is no evidence against a stated count.
        close = [s for s in ranked if s.coverage >= best.coverage - self.tuning.clear_margin]
        # Or a sentence about the same project: "how many Ecsite members are in Make it Open's consortium"
        # is told by its abstract ("with 7 Ecsite members"), not counted from its participants.
        close += [
            s
            for s in ranked
            if s not in close
            and best.doc.entity is not None
            and s.doc.entity == best.doc.entity
            and s.coverage >= self.tuning.stating_coverage
        ]
        if best.coverage < self.tuning.stating_coverage or len(close) < 2:
            return None
        answers = [self._answer(item.doc, query, item.score) for item in close]
        texts = [answer_text(answer) for answer in answers]
        asked = set(query.terms) - set(intent.counted)
        said = [asked & phrase_stems([text]) for text in texts]
        for item, text, says in zip(close, texts, said, strict=True):
            if not self._states_count(text, intent):
                continue
            # "How many SocKETs partners are listed *in the table*?": the table's list of the same project
            # counts itself and says more of the question than the sentence stating a count does.
            more = [
                other
                for other, answer, other_says in zip(close, answers, said, strict=True)
                if says < other_says
                and other.doc.entity is not None
                and other.doc.entity == item.doc.entity
                and self._list_size(other.doc, answer) is not None
            ]
            return more[0] if len(more) == 1 else item
        # "How many commitments does ecsite list": the one list of those things, by its title or count noun.
        counted = set(intent.counted) - self.reader.subject_stems
        listing = [s for s in close if counted and counted <= self._list_stems(s.doc)]
        return listing[0] if len(listing) == 1 else None

    def _stating_number(self, query: Query, intent: Intent, ranked: list[Scored]) -> Scored | None:
        """ "Does Ecsite have over 400 members?": of documents that explain a claimed number alike, the only
        one that states that number, or else a number of the very things claimed, checks it."""
        claimed = self._claimed_number(query)
        if intent.form != YES_NO or claimed is None or not ranked:
            return None
        best = ranked[0]
        if best.coverage < self.tuning.stating_coverage:
            return None
        close = [s for s in ranked if s.coverage >= best.coverage - self.tuning.clear_margin]
        if len(close) < 2:
            return None
        _, number, things = claimed
        texts = [answer_text(self._answer(s.doc, query, s.score)) for s in close]
        keywords = [self._keyword_stems(s.doc) for s in close]
        for states in (
            lambda text, _: str(number) in re.findall(r"\b\d+\b", text),
            lambda text, _: any(following & things for following in self._after_numbers(text)),
            # "Does Ecsite have over 300 members?": "over 400 institutions", in the topic *about* members.
            lambda text, keyword_stems: bool(NUMBER_IN_TEXT.search(text)) and things <= keyword_stems,
        ):
            stating = [s for s, text, kw in zip(close, texts, keywords, strict=True) if states(text, kw)]
            if stating:
                return stating[0] if len(stating) == 1 else None
        return None

    def _figures_compared(self, query: Query, ranked: list[Scored]) -> Scored | None:
        """ "Is it 400 or 320?", "my colleague says 320 and I say 400, who's right?": two figures put side by
        side, and the topic whose text states them both (the best ranked, if several do) says which source
        gives which."""
        figures = {w for w in query.words if w.isdigit() and not YEAR_PATTERN.match(w)}
        if len(figures) < 2:
            return None
        # The figures are the evidence: a question of little else ("wait, is it 400 or 320?") ranks low.
        explained = {s.doc.id: s for s in ranked}
        stating = [
            doc
            for doc in self._topic_docs
            if figures <= set(re.findall(r"\b\d+\b", answer_text(self._answer(doc, query, 1.0))))
        ]
        if not stating:
            return None
        best = max(stating, key=lambda d: explained[d.id].score if d.id in explained else 0.0)
        return explained.get(best.id) or Scored(best, 1.0, 1.0)

    def _claimed_number(self, query: Query) -> tuple[int, int, set[str]] | None:
        """The one number a question claims (not a year), its position, its value and the stems of the words
        after it ("over 400 *members*", "six *guiding principles*"); None for none or several. A number
        word claims a count only of the things it is followed by."""
        claimed = []
        for position, word in enumerate(query.words):
            digits = word.isdigit() and not YEAR_PATTERN.match(word)
            if not digits and word not in self._number_values:
                continue
            # "... 500 members, *right*?": the claim's tag is not what is counted.
            following = {stem(w) for w in query.words[position + 1 : position + 3]}
            things = following - self._stopword_stems - self._check_ending_stems
            if digits:
                claimed.append((position, int(word), things))
            elif things - self.reader.question_stems:
                claimed.append((position, self._number_values[word], things))
        return claimed[0] if len(claimed) == 1 else None

    def _stated_numbers(self, text: str) -> list[tuple[int, int, set[str]]]:
        """The numbers a text states (not years), in digits or words: each value, whether the text says
        "over" or "under" it, and the stems of the words that say what it counts."""
        tokens = words(text)
        return [
            (
                int(token) if token.isdigit() else self._number_values[token],
                self._comparison(tokens, position),
                following,
            )
            for position, token, following in self._numbers_read(tokens)
            if (token.isdigit() and not YEAR_PATTERN.match(token)) or token in self._number_values
        ]

    def _after_numbers(self, text: str) -> Iterator[set[str]]:
        """For each number in the text, the stems of the words that say what it counts."""
        return (following for _, _, following in self._numbers_read(words(text)))

    def _numbers_read(self, tokens: list[str]) -> Iterator[tuple[int, str, set[str]]]:
        """Each number in the words (digits or a number word), with its position and the stems of the words
        that say what it counts, little words apart ("23 of its *member institutions*")."""
        for position, token in enumerate(tokens):
            if token.isdigit() or token in self._number_words:
                counted = itertools.takewhile(
                    lambda w: w not in self._rate_words, tokens[position + 1 : position + 8]
                )
                content = (w for w in counted if w not in self._stopwords)
                yield position, token, {stem(w) for w in itertools.islice(content, 3)}

    def _counts_any(self, text: str, counted: list[str]) -> bool:
        """A number in the text is followed by one of the words counted ("40 million *citizens*")."""
        return any(following & set(counted) for following in self._after_numbers(text))

    def _states_count(self, text: str, intent: Intent) -> bool:
        counted = set(intent.counted) - self.reader.subject_stems
        return bool(counted) and any(counted <= following for following in self._after_numbers(text))

    def _number_claim(self, query: Query, answer: Answer, doc: Doc | None) -> bool | None:
        """ "Does Ecsite have over 1000 members?", "are its members in 60 countries?": a number the question
        claims, compared with the numbers the answer states (those of the very things claimed, when the answer
        says what each counts); None when they do not settle it."""
        claimed = self._claimed_number(query)
        if claimed is None:
            return None
        position, number, things = claimed
        stated = self._stated_numbers(answer.body)
        size = self._list_size(doc, answer)
        listing = phrase_stems([answer.title])
        if doc is not None and doc.kind == "attribute" and doc.attribute in ("participants", "funders"):
            listing |= phrase_stems(self.knowledge.language.project_attributes[doc.attribute])
        if size is not None and things & listing:
            # "Six guiding principles, yes?": the list answered is of those things, and counts them.
            stated.append((size, 0, things))
        alike = things.union(*(group for group in self._counted_alike if group & things))
        of_those = [item for item in stated if item[2] & alike]
        if not of_those and not (stated and query.words[position].isdigit()):
            return None  # "are the two of them..." claims no count, unless the answer counts those things
        direction = self._comparison(query.words, position)
        verdicts = {self._holds(number, direction, n, d) for n, d, _ in (of_those or stated)}
        return verdicts.pop() if len(verdicts) == 1 else None

    @staticmethod
    def _holds(claimed: int, direction: int, stated: int, stated_direction: int) -> bool:
        """Whether "over 400" (direction +1), "under 400" (-1) or "400" (0) is borne out by a stated number,
        itself perhaps "over 400"."""
        if direction > 0:
            return stated > claimed or (stated == claimed and stated_direction > 0)
        if direction < 0:
            return stated < claimed or (stated == claimed and stated_direction < 0)
        return stated == claimed

    def _comparison(self, words_read: list[str], position: int) -> int:
        """+1 for "over/more than N", -1 for "under/fewer than N", 0 for N itself."""
        before = tuple(words_read[max(0, position - 2) : position])
        for cue in self._comparison_cues:
            if before[-len(cue) :] == cue:
                return -1 if cue in self._lower_cues else 1
        return 0
