"""A message that does not read as one question: the clauses in it that ask ("hi all, new here :) quick one,
when was ecsite set up?"), a list of short asks ("Ecsite: seat, legal form, ED?"), the question embedded
after a verb of asking, and two questions in one.

`Clauses` is a part of `Engine` (knowledge/engine.py), as `FollowUps` is; its methods read the engine's
cues and ranking.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from knowledge.answer import Answer
from knowledge.conversation import Conversation
from knowledge.ranking import Scored
from knowledge.reading import Query
from knowledge.text import clean, words
from knowledge.understanding import YES_NO

# "Need: founding year, seat, director", "1) founding year 2) seat": things asked for as a list, each a
# question of its own though no word asks it.
LIST_OF_ASKS = re.compile(r":\s*\w|(?:^|\s)\d{1,2}[).]\s")
MAX_LISTED_ASK_WORDS = 4
# A message is split into clauses at these marks, to find the one that asks when the whole does not read
# as one question ("hi all, new here from Ghent :) quick one, when was ecsite set up?").
CLAUSE_BREAK = re.compile(
    r"(?:[!?;:,\n]|\.(?!\w))+|\s[-–—]\s|[()]"  # not the dot of ".eu" or "makeitopen.eu"
    r"|(?:^|\s)\d{1,2}[).](?=\s)"  # "1) founding year 2) seat": the items of a numbered list
    # An emoji ends what was said before it, as a full stop does.
    r"|[\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]+"
    r"|\s(?:and|&|also|but|so)\s+(?=(?:what|whats|who|whos|when|where|which|how|is|are|does|do|did|has|can)\b)"
    r"|\s(?:and|but|so)\s+(?=(?:i|im|we)\s)",  # "... who the president is and i totally blanked"
    re.IGNORECASE,
)


def _lead_ends(folded: list[str], leads: list[tuple[str, ...]]) -> Iterator[int]:
    """Where each lead phrase found in the words ends, when words follow it; by position, then by lead."""
    for position in range(len(folded) - 1):
        for lead in leads:
            end = position + len(lead)
            if end < len(folded) and tuple(folded[position:end]) == lead:
                yield end


class Clauses:
    """The clause handlers of `Engine`."""

    def _opens_yes_no(self, clause: str, question: str) -> bool:
        """The clause opens as a yes/no question ("is ESA..."), and the whole message does not."""
        opening, first = words(clause)[:1], words(question)[:1]
        return bool(opening) and opening[0] in self._yes_no_words and first != opening

    def _asking_clauses(
        self, question: str, conversation: Conversation | None, whole: Answer, preferred_language: str = "en"
    ) -> Answer | None:
        """The clauses that ask, answered on their own, when the whole message does not read as one question
        ("hi all, new here from Ghent :) quick one, when was ecsite set up?") or asks two things ("when does
        X end and does it have a website?"). A clause's "it" is what the clause before it was about."""
        opening = LIST_OF_ASKS.search(clean(question))
        # A list has two items or more: "fact check: ecsite has over 500 members" is one claim after its lead.
        # Its items are short ("seat", "legal form"): "Our team is curious: the water project with like a
        # million partners, when does it wrap up?" is a sentence after a colon.
        after = CLAUSE_BREAK.split(clean(question)[opening.end() - 1 :]) if opening else []
        items = {c.strip() for c in after if c and words(c)}
        listing = len(items) >= 2 and all(len(words(c)) <= MAX_LISTED_ASK_WORDS for c in items)
        fewest = 1 if listing else 2
        split = [c.strip() for c in CLAUSE_BREAK.split(clean(question)) if c and len(words(c)) >= fewest]
        # "... and need to know who the president is", "... and need Ecsite's founding year": the question
        # inside the chat.
        clauses = [self._embedded(c) for c in split]
        if len(clauses) < 2 and clauses == split:
            return None
        asking = [
            c
            for c, typed in zip(clauses, split, strict=True)
            if c != typed or self._asks(c) or (listing and c in items and self._listed_ask(c))
        ]
        context = dataclasses.replace(conversation) if conversation is not None else Conversation()
        hidden_yes_no = len(asking) == 1 and len(split) >= 2 and self._opens_yes_no(asking[0], question)
        if whole.answered and hidden_yes_no:
            # "thanks a lot, you're a star ⭐ is ESA one of ecsite's partners too?": the clause alone reads as
            # the yes/no question the chat before it hid; about the same topic, it is the better answer.
            alone = self._respond(self.read(asking[0], preferred_language), context)
            return alone if alone.answered and alone.topic == whole.topic else None
        if whole.answered and len(asking) < 2:
            return None
        answers: list[Answer] = []
        answering: list[str] = []
        said_before = ""
        for clause in clauses:
            read = self.read(clause, preferred_language)
            if asking and clause not in asking:
                # "WATER-MINING - in how many countries...?": a name on its own says what the next asks about.
                named = bool(read.named_entities())
                if named:
                    context.remember(self._respond(read, context))
                said_before = "" if named else clause
                continue
            if not (read.terms or read.entities or read.mentions_subject or read.refers_back):
                continue  # "..., can someone help?": nothing is asked
            answer = None
            if said_before and read.refers_back and not answers and not read.named_entities():
                # "I love the maker movement 🛠️ is there a project about that?": "that" is in the chat before.
                joined = self._respond(self.read(f"{said_before} {clause}", preferred_language), context)
                answer = joined if joined.answered else None
            said_before = ""
            if answer is None:
                answer = self._respond(read, context)
            if answer.answered and all(a.topic != answer.topic for a in answers):
                answers.append(answer)
                answering.append(clause)
                context.remember(answer)
        if whole.answered and len(answers) < 2 and not self._chat_sets_form(question, answering):
            return None
        if not answers:
            return None
        return answers[0] if len(answers) == 1 else self.answers.combine(*answers[: self.tuning.max_parts])

    def _listed_ask(self, clause: str) -> bool:
        """An item of a list of asks ("seat", "legal form", "executive director"): a few words that ask about
        something, not only a name ("Ecsite", "WATER-MINING"), which says what the items are about."""
        read = self.read(clause)
        return any(not term.startswith("@") for term in read.terms)

    def _chat_sets_form(self, question: str, answering: list[str]) -> bool:
        """ "That was useful! who are the partners on DOORS?": read whole, the chat's "was" makes it a yes/no
        question; the one clause answered is not one, and its answer is the reply."""
        if len(answering) != 1:
            return False
        # As `_respond` reads them: chat spellings read, and the projects they name.
        whole, clause = (self.read(text) for text in (question, answering[0]))
        whole_form, clause_form = (
            self.understanding.understand(read.words, names_project=bool(self._projects_named(read))).form
            for read in (whole, clause)
        )
        return whole_form == YES_NO and clause_form != YES_NO

    def _embedded(self, clause: str) -> str:
        """The question a clause holds after a verb of asking ("need to know *who the president is*") or a
        need said as a thing ("... and need *Ecsite's founding year*")."""
        folded = words(clause)
        for end in _lead_ends(folded, self._embedding_leads):
            if folded[end] in self._embedding_objects:
                end += 1  # "asked *me* what Ecsite is"
            if end < len(folded) and folded[end] in self._question_openers:
                return " ".join(folded[end:])
        for end in _lead_ends(folded, self._want_leads):
            # "need to ...": a verb follows, not the thing asked for
            if folded[end] not in self._embedding_objects and folded[end] != "to":
                return " ".join(folded[end:])
        return clause

    def _asks(self, clause: str) -> bool:
        folded = words(clause)
        return (
            clause.rstrip().endswith("?")
            or any(w in self._question_openers for w in folded[:3])
            or (self.understanding.understand(folded, names_project=False).form != "fact")
        )

    def _two_questions_in_one(self, query: Query, ranked: list[Scored]) -> tuple[Scored, Scored] | None:
        """ "When was Ecsite founded and where is it based?": two documents that each explain their own part
        of the question, and together most of it."""
        if not query.stems & self._conjunction_stems and query.text.count("?") < 2:
            return None
        candidates = [
            s for s in ranked[: self.tuning.max_suggestions] if s.coverage >= self.tuning.suggestion_coverage
        ]
        total = sum(query.terms.values())
        for index, first in enumerate(candidates):
            for second in candidates[index + 1 :]:
                union = {
                    term: weight * max(first.doc.terms.get(term, 0.0), second.doc.terms.get(term, 0.0))
                    for term, weight in query.terms.items()
                }
                together = sum(union.values()) / total
                if (
                    together >= self.tuning.answer_coverage
                    and together - first.coverage >= self.tuning.min_part_coverage
                    and together - second.coverage >= self.tuning.min_part_coverage
                ):
                    return first, second
        return None
