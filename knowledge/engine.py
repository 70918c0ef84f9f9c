"""Question -> Answer: read the question, rank the knowledge base's documents, answer or decline.

The engine answers directly only when the best document explains most of the question and is clearly ahead of
the runner-up; otherwise it declines and offers up to three "did you mean" suggestions.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge import cache, collector
from knowledge.answer import Answer, Suggestion
from knowledge.answers import LIST_ITEM, SUPERLATIVE_TOPIC, AnswerBuilder, bullet_list
from knowledge.conversation import ORGANISATION, Conversation
from knowledge.follow_ups import FollowUps
from knowledge.held_kinds import HeldKinds
from knowledge.index import YEAR_PATTERN, Doc, Index, build_index, sentences
from knowledge.learned import with_learned
from knowledge.loader import DATA_DIR, KnowledgeBase, Project, Topic, load_knowledge_base
from knowledge.ranking import Ranker, Scored, coverage, runner_up
from knowledge.reading import Query, Reader
from knowledge.text import as_typed, clean, compact, original_words, phrase_stems, stem, words
from knowledge.tuning import DEFAULT_TUNING, Tuning
from knowledge.understanding import (
    AMOUNT,
    COUNT,
    FACT,
    MEASURES,
    SUPERLATIVE,
    YES_NO,
    Intent,
    Superlative,
    Understanding,
    is_plural,
    opens_with,
    word_runs,
)

YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER_IN_TEXT = re.compile(r"\d")
WORD_OR_MARK = re.compile(r"\w+|[(:]")
# "Need: founding year, seat, director", "1) founding year 2) seat": things asked for as a list, each a
# question of its own though no word asks it.
LIST_OF_ASKS = re.compile(r":\s*\w|(?:^|\s)\d{1,2}[).]\s")
MAX_LISTED_ASK_WORDS = 4
# "Erasmus+", "H2020+": a word typed with a sign that makes it a name.
SIGNED_NAME = re.compile(r"\b\w+\+")
# A place in an answer: a capitalised word that does not open a sentence ("based in Brussels").
PLACE_IN_TEXT = re.compile(r"(?<![.!?:]\s)(?<!^)(?<=\s|\()[A-Z][\w'’-]+", re.MULTILINE)
# A name in an answer: two or more capitalised words ("Bloomfield Science Museum", "Museum of Science and
# Technology"), or one word with two capitals ("EAZA", "RedPOP").
NAME_IN_TEXT = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|for|the|de|des|du|la|le|del|della|di|van|von|für|und)\s+)*[A-Z][\w'’.-]*)+"
    r"|\b\w*[A-Z]\w*[A-Z]\w*\b"
)
# A message is split into clauses at these marks, to find the one that asks when the whole does not read
# as one question ("hi all, new here from Ghent :) quick one, when was ecsite set up?").
# Fewer shared letters than this cannot tell a word from another in another language.
MIN_SHARED_PREFIX = 4
CLAUSE_BREAK = re.compile(
    r"(?:[!?;:,\n]|\.(?!\w))+|\s[-–—]\s|[()]"  # not the dot of ".eu" or "makeitopen.eu"
    r"|(?:^|\s)\d{1,2}[).](?=\s)"  # "1) founding year 2) seat": the items of a numbered list
    r"|[\u2600-\u27bf\U0001f000-\U0001faff]+"  # an emoji ends what was said before it, as a full stop does
    r"|\s(?:and|&|also|but|so)\s+(?=(?:what|whats|who|whos|when|where|which|how|is|are|does|do|did|has|can)\b)"
    r"|\s(?:and|but|so)\s+(?=(?:i|im|we)\s)",  # "... who the president is and i totally blanked"
    re.IGNORECASE,
)


def _says_any(query: Query, cues: list[tuple[str, ...]]) -> bool:
    """One of the cue phrases stands somewhere in the question's words."""
    return _runs_any(query.words, cues)


def _runs_any(tokens: list[str], cues: list[tuple[str, ...]]) -> bool:
    """One of the cue phrases stands somewhere in these words."""
    return bool(_cues_in(tokens, cues))


def _cues_in(tokens: list[str], cues: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The cue phrases that stand somewhere in these words, the runs of words read once."""
    runs = word_runs(tokens, max(map(len, cues), default=1))
    return [cue for cue in cues if cue in runs]


def _lead_ends(folded: list[str], leads: list[tuple[str, ...]]) -> Iterator[int]:
    """Where each lead phrase found in the words ends, when words follow it; by position, then by lead."""
    for position in range(len(folded) - 1):
        for lead in leads:
            end = position + len(lead)
            if end < len(folded) and tuple(folded[position:end]) == lead:
                yield end


def _asks_how_to(query: Query) -> bool:
    """ "How do I join?", "how does it work?": what to do or how, not "how many"."""
    return query.words[:1] == ["how"] and query.words[1:2] != ["many"]


class Engine(FollowUps):
    def __init__(
        self, knowledge: KnowledgeBase, index: Index | None = None, tuning: Tuning = DEFAULT_TUNING
    ) -> None:
        self.knowledge = knowledge
        self.tuning = tuning
        self.index: Index = index if index is not None else build_index(knowledge)
        self.answers = AnswerBuilder(knowledge)
        self.reader = Reader(knowledge, self.index, tuning)
        self.ranker = Ranker(self.index, tuning, self.reader.question_stems, self.reader.project_stems)
        self.translator = self.reader.translator
        language = knowledge.language
        self._question_stems = self.reader.question_stems
        self._project_stems = self.reader.project_stems
        self._conjunction_stems = {stem(w) for w in language.conjunctions}
        self._determiner_words = frozenset(language.question_forms.get("determiners", ()))
        self._taking_part_cues = [tuple(words(c)) for c in language.question_forms.get("taking_part", ())]
        self._role_cues = [tuple(words(c)) for c in language.question_forms.get("role_words", ())]
        # Words that open a question: what follows a question mark without any is chat, not another one.
        self._asking_words = frozenset(
            [*language.question_forms.get("question", ()), *language.question_forms.get("yes_no", ())]
        )
        self._topic_docs = [d for d in self.index.docs if d.kind == "topic"]
        self._membership_cues = [tuple(words(c)) for c in language.question_forms.get("membership", ())]
        self._membership_stems = phrase_stems(language.question_forms.get("membership", ()))
        self._counted_alike = [phrase_stems(group) for group in language.counted_alike]
        # What follows a noun when a text says which ones: "five EU countries *(* The Netherlands...".
        self._enumerations = tuple(
            " ".join(WORD_OR_MARK.findall(c.lower())) for c in language.question_forms.get("enumerations", ())
        )
        self._longest_enumeration = max((len(WORD_OR_MARK.findall(c)) for c in self._enumerations), default=1)
        self._name_linking_words = frozenset(language.question_forms.get("name_links", ()))
        self._check_ending_stems = phrase_stems(language.question_forms.get("check_endings", ()))
        self._source_cues = frozenset(
            tuple(words(c)) for c in language.question_forms.get("source_asked", ())
        )
        self._longest_source_cue = max((len(cue) for cue in self._source_cues), default=1)
        self._source_cue_stems = phrase_stems(language.question_forms.get("source_asked", ()))
        self._time_pointers = [tuple(words(cue)) for cue in language.question_forms.get("time_pointers", ())]
        self._year_cue_phrases = {
            mode: [tuple(words(cue)) for cue in language.year_cues.get(mode, ())]
            for mode in ("after", "before")
        }
        self._longest_year_cue = max(
            (len(c) for cues in self._year_cue_phrases.values() for c in cues), default=1
        )
        self._within_cues = [tuple(words(cue)) for cue in language.year_cues.get("within", ())]
        self._year_cue_stems = {
            mode: phrase_stems(language.year_cues.get(mode, ()))
            for mode in ("starts", "ends", "after", "before")
        }
        self._docs_by_id = {doc.id: doc for doc in self.index.docs}
        self.understanding = Understanding(language)
        self._question_openers = frozenset(language.question_forms.get("question", ()))
        self._yes_no_words = frozenset(language.question_forms.get("yes_no", ()))
        # Sister networks, European partners, people: which group each named topic belongs to, and the topic
        # that lists each group.
        self._group_lists = {t.list_of: t for t in knowledge.topics.values() if t.list_of}
        # Topics that list things of their own (principles, commitments, benefits), not a group of topics.
        # Each by the words that name it alone: "principles", "global challenges", not "members" or "Ecsite".
        self._item_lists = {
            t: phrase_stems([t.title, t.count_noun or ""])
            - self.reader.subject_stems
            - phrase_stems(language.generic_words)
            - phrase_stems(
                cue for role in ("participants", "funders") for cue in language.project_attributes[role]
            )
            - {stem(w) for w in language.stopwords}
            for t in knowledge.topics.values()
            if t.count_noun and not t.list_of
        }
        self._group_words = phrase_stems(
            t for lister in self._group_lists.values() for t in (lister.title, lister.count_noun or "")
        )
        self._entity_topics = {f"@topic:{t.id}": t for t in knowledge.topics.values()}
        # A topic's organisation taking part in projects too, by the names both use ("European Schoolnet").
        participants = {name for project in knowledge.projects.values() for name in project.participants}
        self._participant_names = {
            entity: names
            for entity, topic in self._entity_topics.items()
            if (names := [a for a in (*topic.aliases, *topic.case_sensitive_aliases) if a in participants])
        }
        self._plural_references = frozenset(language.plural_references)
        self._ordinals = {word: position for position, word in enumerate(language.ordinals)}
        self._role_cue_stems = self._project_stems | phrase_stems(
            cue for role in ("participants", "funders") for cue in language.project_attributes[role]
        )
        self._plural_project_words = frozenset(w for w in language.project_words if w.endswith("s"))
        self._funder_stems = phrase_stems(language.project_attributes["funders"])
        self._participant_stems = phrase_stems(language.project_attributes["participants"])
        # Words that frame a question (its form, an attribute asked for) rather than say what it is about.
        self._generic_stems = phrase_stems(language.generic_words)
        # Who takes part in and funds a project: words that frame a question only when it is about a project.
        self._attribute_stems = phrase_stems(
            cue for role in ("participants", "funders") for cue in language.project_attributes[role]
        ) - phrase_stems(language.generic_words)
        self._which_words = frozenset(language.question_forms.get("names", ())) | {"what"}
        self._count_end_stems = phrase_stems(language.question_forms.get("count_ends", ()))
        self._framing_stems = (
            self._generic_stems
            | phrase_stems(cue for cues in language.project_attributes.values() for cue in cues)
            | set(self.understanding.cue_stems)
            | self._project_stems
        )
        self._ellipsis_stems = phrase_stems(language.ellipsis_words)
        self._ellipsis_openers = [tuple(words(w)) for w in language.ellipsis_words]
        self._pronouns = frozenset(language.question_forms.get("pronouns", ()))
        self._embedding_leads = [tuple(words(c)) for c in language.question_forms.get("embedding", ())]
        self._embedding_objects = frozenset(language.question_forms.get("embedding_objects", ()))
        self._want_leads = [tuple(words(c)) for c in language.question_forms.get("wants", ())]
        self._comparison_cues = [tuple(words(c)) for c in language.question_forms.get("comparisons", ())]
        self._lower_cues = {tuple(words(c)) for c in language.question_forms.get("lower_comparisons", ())}
        self._negations = frozenset(language.negations)
        self._ranking_stems = phrase_stems(language.ranking_words)
        self._pointed = phrase_stems(language.pointed_words)
        self._number_words = frozenset(language.question_forms.get("numbers", ()))
        self._number_values = language.number_values
        self._subject_words = frozenset(w for phrase in language.subject_words for w in words(phrase))
        self._stopwords = language.stopwords
        self._stopword_stems = phrase_stems(language.stopwords)
        self._generic_words = frozenset(w for phrase in language.generic_words for w in words(phrase))
        self._place_prepositions = frozenset(language.question_forms.get("place_prepositions", ()))
        self._asker_words = frozenset(language.question_forms.get("asker", ()))
        self._located_stems = phrase_stems(language.question_forms.get("located", ()))
        self._leading_stems = phrase_stems(language.question_forms.get("leading", ()))
        self._place_stems = phrase_stems(p for p in language.places if " " not in p)
        self._website_stems = phrase_stems(language.project_attributes["website"])
        # What may be asked of the project a superlative finds: not "who"/"what", which ask for the project.
        self._superlative_attribute_stems = {
            attribute: phrase_stems(language.project_attributes[attribute])
            - phrase_stems(language.question_forms.get("question", ()))
            - {stem(w) for w in language.stopwords}
            for attribute in ("website", "funders", "participants")
        }
        self._every = frozenset(language.question_forms.get("every", ()))
        self._relative_time = [tuple(words(c)) for c in language.question_forms.get("relative_time", ())]
        self._earlier_holders = [tuple(words(c)) for c in language.question_forms.get("earlier_holder", ())]
        self._agent_words = frozenset(language.question_forms.get("agents", ()))
        self._procedures = [tuple(words(c)) for c in language.question_forms.get("procedure", ())]
        self._extension_words = frozenset(language.question_forms.get("extension", ()))
        self._results_cues = [tuple(words(c)) for c in language.question_forms.get("results", ())]
        self._done_verbs = frozenset(language.question_forms.get("done_verbs", ()))
        # The words of a topic's title that no other topic's title has ("conference"), by that topic.
        owners: dict[str, set[str]] = {}
        for topic in knowledge.topics.values():
            for t in phrase_stems([topic.title]) - phrase_stems(language.subject_words) - self._generic_stems:
                owners.setdefault(t, set()).add(topic.id)
        self._title_word_owners = {t: next(iter(ids)) for t, ids in owners.items() if len(ids) == 1}
        self._rate_words = frozenset(language.question_forms.get("rate_words", ()))
        self._content_cues = [tuple(words(c)) for c in language.question_forms.get("content", ())]
        self._content_stems = phrase_stems(language.question_forms.get("content", ()))
        self._alone_cues = [tuple(words(c)) for c in language.question_forms.get("alone", ())]
        self._behalf_cues = [tuple(words(c)) for c in language.question_forms.get("behalf", ())]
        self._lacking = frozenset(language.question_forms.get("lacking", ()))
        self._only_if_said = [tuple(words(c)) for c in language.question_forms.get("only_if_said", ())]
        # The people the knowledge base names, by every name they are known by: the members of a group named
        # by a word for persons ("people").
        agent_nouns = frozenset(language.question_forms.get("agent_nouns", ()))
        self._lead_sentences_of: dict[str, list[str]] = {}
        self._people_groups = frozenset(
            t.group for t in knowledge.topics.values() if t.group and set(words(t.group)) & agent_nouns
        )
        self._thing_pronouns = frozenset(language.question_forms.get("thing_pronouns", ()))
        self._person_pronouns = frozenset(language.question_forms.get("person_pronouns", ()))
        self._people_names = [
            alias.lower()
            for topic in knowledge.topics.values()
            if topic.group in self._people_groups
            for alias in topic.aliases
        ]
        self._combined_cues = [tuple(words(c)) for c in language.question_forms.get("combined", ())]
        self._about_cues = [tuple(words(c)) for c in language.question_forms.get("about", ())]
        self._example_cues = [tuple(words(c)) for c in language.question_forms.get("examples", ())]
        self._months = frozenset(language.question_forms.get("months", ()))
        self._held_kinds = HeldKinds(language.held_kinds)
        self._procedure_answers = tuple(language.question_forms.get("procedure_answers", ()))
        self._follow_cues = {
            kind: [tuple(words(c)) for c in language.question_forms.get(kind, ())]
            for kind in ("pairs", "sameness", "the_other", "together", "last_one")
        }
        self._longest_follow_cue = max(
            (len(c) for cues in self._follow_cues.values() for c in cues), default=1
        )
        self._elsewhere = frozenset(language.question_forms.get("elsewhere", ()))
        self._places = language.places
        # Words that only point at an item ("the fourth one on that list", "and the last one?").
        # The cues that ask who takes part in or funds something ("take part", "partners"), as word runs.
        self._attribute_cue_runs = [
            tuple(words(cue))
            for role in ("participants", "funders")
            for cue in language.project_attributes[role]
            if cue not in language.question_words
        ]
        # The words that point at an item of a list ("second", "the last").
        self._pointer_stems = phrase_stems([*language.ordinals, *language.question_forms.get("last_one", ())])
        self._pointing_stems = (
            self._framing_stems
            | self._question_stems
            | self._ellipsis_stems
            | phrase_stems(language.ordinals)
            | phrase_stems(language.question_forms.get("last_one", ()))
            | phrase_stems(language.question_forms.get("pairs", ()))
        )
        self._yes_no_openers = frozenset(language.question_forms.get("yes_no", ()))
        self._position_words = frozenset(language.question_forms.get("positions", ()))
        self._measure_stems = frozenset().union(*map(self.understanding.measure_stems, ("end", "start")))
        self._project_choices = {
            name: project.topic_id
            for project in knowledge.projects.values()
            for name in (project.name, *project.aliases, *project.case_sensitive_aliases)
        }

    # -- public API ---------------------------------------------------------------------------------------

    def ask(
        self, question: str, conversation: Conversation | None = None, preferred_language: str = "en"
    ) -> Answer:
        """Answer free text as typed in a chat; with a conversation, resolve follow-ups and update it. The
        reply's fixed phrases are in the question's language, or in `preferred_language` (the asker's client
        language) when nothing in the question says which ("DOORS")."""
        query = self.read(question, preferred_language)
        answer = self._respond(query, conversation)
        asked, _, after = question.rpartition("?")
        chat_after = len(words(after)) >= 2 and not (self._asking_words & set(words(after)))
        if (not answer.answered or chat_after) and asked.strip() and len(words(after)) >= 2:
            # "Ecsite is based in Paris, right? My colleague told me so.": what follows the question is chat.
            alone = self.read(f"{asked}?", preferred_language)
            answered_alone = self._respond(alone, conversation)
            if answered_alone.answered:
                query, answer, question = alone, answered_alone, f"{asked}?"
        parts = self._asking_clauses(question, conversation, answer, preferred_language)
        answer = parts or answer
        if (
            conversation is not None
            and answer.answered
            and not parts
            and not self._elliptic(query, conversation)
            and not self._only_question_words(query)
        ):
            # "And Copernicus Science Centre?" asks the last question again: that question is still the one
            # the next "and Tom Tits Experiment?" asks again. "How many is that?" says nothing to ask again.
            organisations = tuple((ORGANISATION, typed) for typed in query.typed_organisations)
            conversation.question = query.text
            conversation.names = (*query.typed_names.items(), *organisations)
        return self._remember(conversation, answer)

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
        if whole.answered and len(asking) < 2:
            return None
        context = dataclasses.replace(conversation) if conversation is not None else Conversation()
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

    def _not_the_person(self, query: Query, subject: str) -> bool:
        """The question points with "it" only, and the subject talked about is a person: not at them."""
        topic = self._entity_topics.get(subject)
        person = topic is not None and topic.group in self._people_groups
        typed = set(query.words)
        return person and bool(typed & self._thing_pronouns) and not typed & self._person_pronouns

    def _claimed_without_asking(self, query: Query, named_projects: list[Project]) -> bool:
        """ "NEMO takes part in WATER-MINING?", "¿Participa el Parque de las Ciencias en TechEthos?",
        "TechEthos started in 2020?": a claim over the table, asked with no question word and no auxiliary
        before it (as many languages ask yes or no), only by its question mark."""
        if not query.text.rstrip().endswith("?") or any(w in self._question_openers for w in query.words):
            return False
        if bool(named_projects) and bool(query.organisations or query.years):
            return True
        # "DOORS is for small museums?", "ecsite has over 300 members?": a claim, its verb after its subject.
        typed_names = [*query.typed_names.values(), *query.renamed.values()]
        name_ends = {words(typed)[-1] for typed in typed_names if words(typed)}
        if query.mentions_subject:
            name_ends |= self._subject_words
        pairs = itertools.pairwise(query.words)
        if any(before in name_ends and verb in self._yes_no_words for before, verb in pairs):
            return True
        # "Ecsite more than 300 members?" (as "Ecsite a-t-elle plus de 300 membres ?" reads): a number claimed
        # of something named, with no verb at all.
        return bool(name_ends & set(query.words)) and self._claimed_number(query) is not None

    def _respond(self, query: Query, conversation: Conversation | None) -> Answer:
        """The answer to one question, not yet remembered by the conversation."""
        if conversation is not None:
            sourced = self._source_of_last(query, conversation)
            if sourced is not None:
                return sourced
        if conversation is not None and not query.years:
            query = self._years_pointed_back(query, conversation)
        if conversation is not None and conversation.subject:
            query = self._without_examples(query)
            if self._not_the_person(query, conversation.subject):
                conversation = dataclasses.replace(conversation, subject=None)
        named_projects = self._projects_named(query)
        intent = self.understanding.understand(
            query.words,
            names_project=bool(named_projects),
            language=query.language,
            typed_names=query.typed_names.values(),
        )
        if intent.form == FACT and self._claimed_without_asking(query, named_projects):
            intent = dataclasses.replace(intent, form=YES_NO)
        # A word the knowledge base has never seen is what a question is about only when it is the question's
        # focus ("what's the *salary*..."); elsewhere it is chat around the question ("... atm", "my museum").
        # A name the knowledge base does not know ("Germany", "the Louvre") is what the question is about.
        asked = set(query.unknown & query.capitalised)
        last = query.words[-1] if query.words else ""
        if intent.asks_when:
            # "when does the memorandum *expire*?", "when's the *deadline* to apply?": the event asked about
            following = query.words[query.words.index("when") + 1 :] if "when" in query.words else []
            # "When is the X": after its verb and a determiner, a thing that happens ("the deadline"), not
            # a name asked about ("when was ecsight founded") nor what a subject became ("a legal entity").
            event = next(
                (w for before, w in itertools.pairwise(following[:3]) if before in self._determiner_words), ""
            )
            event = event if event not in self._stopwords else ""
            for word in (last, event):
                if stem(word) in query.unknown and word not in self._generic_words:
                    asked.add(stem(word))
        # "how many membrs": what is counted, as the question's words are read, misspellings corrected.
        counted = tuple(self.reader.term_of(word) for word in intent.counted_words)
        intent = dataclasses.replace(intent, focus=intent.focus + tuple(sorted(asked)), counted=counted)
        placed = self._placed_unknowns(query) if intent.form == YES_NO else set()
        own_terms = {t for t in query.terms if not t.startswith("@") and t not in self._generic_stems}
        about = query.mentions_subject or bool(query.named_entities())
        if about and placed and own_terms - self._located_stems <= placed:
            # "Is Ecsite in paris?", "located in madrid?": where it is based is what checks the claim.
            for term in self._located_stems & self.index.idf.keys():
                query.terms[term] = self.index.idf_of(term)
        for term in query.unknown:
            # In a yes/no question an unknown name is the claim to check ("based in Paris?"), not its topic.
            unfocused = term not in intent.focus or intent.form == YES_NO
            if unfocused and term not in self._pointed and term in query.terms:
                query.terms[term] *= self.tuning.unfocused_unknown_factor
        about_project = bool(named_projects) or (
            conversation is not None
            and query.refers_back
            and self._project_of(conversation.subject or "") is not None
        )
        done = "did" in query.words and bool(self._done_verbs & set(query.words))  # "what did it produce?"
        if about_project and (
            bool(self._extension_words & set(query.words)) or _says_any(query, self._results_cues) or done
        ):
            # "Will Road-STEAMer be extended beyond 2025?", "what did it find?": never said of a project.
            return self._decline(query, [])
        in_projects = self._topics_in_projects(query, intent, conversation)
        if in_projects is not None:
            return in_projects
        counted_list = (
            self._last_list_counted(query, intent, conversation)
            or self._group_counted(query, intent, conversation)
            or self._counted_in_last(query, intent, conversation)
        )
        if counted_list is not None:
            return counted_list
        if conversation is not None:
            continued = self._continued(query, intent, conversation)
            if continued is not None:
                return continued
        following = conversation is not None and bool(conversation.subject or conversation.listed)
        item = self._list_item(query, intent, conversation)
        if item is not None:
            return item
        # After "which project has the most participants?": "how many?" is its number of participants, and
        # "and which has the fewest?" the same comparison the other way.
        again = self._superlative_again(query, intent, conversation)
        if again is not None:
            return again
        # "What month?", "which day?", "the budget?": a kind of thing asked of the last answer, which holds
        # one or does not.
        if conversation is not None and conversation.topic and self._asks_kind_only(query):
            last = self._docs_by_id.get(conversation.topic)
            if last is not None:
                held = self._answerable(query, intent, last, self._answer(last, query, 1.0))
                return held if held is not None else self._decline(query, [])
        # "How many is that?": the last answer, counted.
        if conversation is not None and conversation.topic and intent.form == COUNT and not intent.counted:
            last = self._docs_by_id.get(conversation.topic)
            if last is not None and self._only_question_words(query):
                counted = self._answerable(query, intent, last, self._answer(last, query, 1.0))
                if counted is not None:
                    return counted
        # After an answer about Ecsite itself, "and where?" or "how many are there?" is about it too.
        if (
            conversation is not None
            and conversation.topic
            and not conversation.subject
            and not query.named_entities()
            and (query.refers_back or self._only_question_words(query))
        ):
            last = self._docs_by_id.get(conversation.topic)
            if last is not None and self._content_unsaid(query, last, pointed=True):
                return self._decline(query, [])  # "a position on biodiversity?" then "what does it say?"
            if intent.form in (COUNT, YES_NO) and last is not None and self._only_question_words(query):
                answer = self._answerable(query, intent, last, self._answer(last, query, 1.0))
                if answer is not None:
                    return answer
            query.mentions_subject = True
        if not query.terms and not query.entities:
            if query.mentions_subject:
                about = max(self.index.docs, key=lambda d: d.empty_phrasings)
                if about.empty_phrasings:
                    return self._answer(about, query, 1.0)
            if conversation is not None and conversation.subject and query.refers_back:
                return self._follow_up(query, intent, conversation, [])
            return self.answers.empty(query.language)
        if (
            conversation is not None
            and self._project_of(conversation.subject or "") is not None
            and intent.form == YES_NO
            and query.organisations
            and self._pronouns & set(query.words)
            and not query.named_entities()
        ):
            # "Does Parque de las Ciencias take part in it?": in the project talked about, not in any.
            structured = self._structured(self._with_subject(query, conversation.subject or ""), intent)
            if structured is not None:
                return structured
        if conversation is not None:
            with_subject = self._compared_with_subject(query, intent, conversation, named_projects)
            if with_subject is not None:
                return with_subject
        compared = self.understanding.superlative_among(query.words) if len(named_projects) >= 2 else None
        if intent.form == FACT and compared is not None:
            # "TechEthos vs SocKETs, which started first?": compared among the projects named.
            return self._superlative(query, compared, named_projects) or self._decline(query, [])
        structured = self._structured(query, intent, self._last_list(conversation))
        if structured is not None:
            return structured
        # With a name, `_decide` reads only the named entities' documents (and nothing else reads `ranked`).
        ranked = self.ranker.rank(query, frozenset(query.named_entities()))
        if not following and not query.mentions_subject and self._only_question_words(query):
            # Nothing but "who?" or "what can you do?": no subject to ask about, so say what can be asked.
            return self.answers.empty(query.language)
        if conversation is not None and conversation.subject and self._may_follow_up(query, ranked):
            return self._follow_up(query, intent, conversation, ranked)
        answer = self._decide(query, intent, ranked)
        if not answer.answered:
            answer = self._from_a_sentence(query, intent, ranked) or answer
        if (
            not answer.answered
            and conversation is not None
            and conversation.subject
            and not query.named_entities()
        ):
            # "How many Ecsite members are in the consortium?" after Make it Open: it names Ecsite, yet
            # nothing about Ecsite answers it, and the project talked about does.
            followed = self._follow_up(query, intent, conversation, ranked)
            if followed.answered:
                return followed
        return answer

    def _last_list_counted(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "How many of them?", "how many is that?" after a list of several things: that list, counted."""
        if (
            conversation is None
            or len(conversation.listed) < 2
            or intent.form != COUNT
            or intent.counted
            or not self._only_question_words(self._without_generic(query))
        ):
            return None  # "how many are *listed*?" asks no more than "how many?"
        last = self._docs_by_id.get(conversation.topic or "")
        # The last answer's own list: a topic's, or a project's participants or funders ("and who's in it?"
        # after two projects compared: "them" are those participants, not the two projects).
        listing_itself = last is not None and (
            last.kind == "topic"
            or (last.kind == "attribute" and last.attribute in ("participants", "funders"))
        )
        if last is not None and listing_itself:
            return self._answerable(query, intent, last, self._answer(last, query, 1.0))
        projects = [self._project_of(s) for s in conversation.listed]
        if not all(projects):
            return None
        chosen = [p for p in projects if p is not None]
        listing = self.answers.projects_listed(chosen, conversation.listed_title, query.language)
        return self.answers.with_count(listing, len(chosen), self._projects_noun(len(chosen), query.language))

    def _without_generic(self, query: Query) -> Query:
        return dataclasses.replace(
            query, terms={t: w for t, w in query.terms.items() if t not in self._generic_stems}
        )

    def _without_examples(self, query: Query) -> Query:
        """ "Is it a sister network like ASTC?": a name given as an example of a kind ("like", "such as") is
        not what "it" is; the question is about the subject talked about, so the example is left out."""
        if not (self._pronouns & set(query.words)):
            return query
        examples = set()
        for entity, typed in query.typed_names.items():
            name = words(typed)
            for position in range(1, len(query.words) - len(name) + 1):
                if query.words[position : position + len(name)] == name and any(
                    tuple(query.words[max(0, position - len(cue)) : position]) == cue
                    for cue in self._example_cues
                ):
                    examples.add(entity)
        if not examples:
            return query
        return dataclasses.replace(
            query,
            terms={t: w for t, w in query.terms.items() if t not in examples},
            entities={e: n for e, n in query.entities.items() if e not in examples},
            typed_names={e: n for e, n in query.typed_names.items() if e not in examples},
        )

    def _counted_in_last(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "How many projects is Ecsite in?" then "with how many of its member institutions?": the last
        answer states a number of the things now counted, so it is the answer again."""
        if conversation is None or intent.form != COUNT or not intent.counted or query.named_entities():
            return None
        last = self._docs_by_id.get(conversation.topic or "")
        if last is None or last.kind != "topic":
            return None
        answer = self._answer(last, query, 1.0)
        return answer if self._states_count(_answer_text(answer), intent) else None

    def _group_counted(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "What is EUSEA?", "and ECSA?", then "how many partners are in this list?": the list the subject
        talked about is one of, counted."""
        if conversation is None or intent.form != COUNT or query.named_entities():
            return None
        subject = self._entity_topics.get(conversation.subject or "")
        lister = self._group_lists.get(subject.group) if subject is not None and subject.group else None
        if lister is None:
            return None
        doc = self._docs_by_id[lister.id]
        if not set(intent.counted) & self._list_stems(doc):
            return None  # "how many visitors does it get?" counts something of its own
        return self._answerable(query, intent, doc, self._answer(doc, query, 1.0))

    def answer_topic(
        self, topic_id: str, language: str = "en", conversation: Conversation | None = None
    ) -> Answer:
        """The answer for one topic id (a suggestion button, a slash command), remembered for follow-ups."""
        doc = self._docs_by_id.get(topic_id)
        if doc is None:
            return self.answers.decline([], language)
        return self._remember(conversation, self._answer(doc, Query(text="", language=language), 1.0))

    def complete_projects(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """(display name, topic id) pairs for project-name autocomplete, best first, fuzzy."""
        names = {project.topic_id: project.name for project in self.knowledge.projects.values()}
        if not text.strip():
            return [(name, topic_id) for topic_id, name in names.items()][:limit]
        matches = process.extract(
            text, self._project_choices, scorer=fuzz.WRatio, processor=utils.default_process,
            score_cutoff=50, limit=None,
        )  # fmt: skip
        seen: dict[str, str] = {}
        for topic_id, _, _ in matches:
            seen.setdefault(topic_id, names[topic_id])
        return [(name, topic_id) for topic_id, name in seen.items()][:limit]

    def read(self, question: str, preferred_language: str = "en") -> Query:
        return self.reader.read(question, preferred_language)

    def rank(self, query: Query) -> list[Scored]:
        return self.ranker.rank(query)

    def _decide(self, query: Query, intent: Intent, ranked: list[Scored]) -> Answer:
        # A question that names something is answered about that thing: "how many visitors did DOORS reach"
        # is not about Ecsite's reach, and "when was ASTC founded" not about Ecsite's founding.
        named = query.named_entities()
        if named:
            ranked = [
                s for s in ranked if s.doc.entity in named or s.doc.kind in ("role-query", "year-query")
            ]
        compared = self._figures_compared(query, ranked)
        if compared is not None:
            return self._answer(compared.doc, query, compared.score)
        if ranked:
            best = ranked[0]
            runner_up_score = runner_up(ranked)
            pair = self._two_questions_in_one(query, ranked)
            if pair is not None:
                first, second = (self._answer(item.doc, query, item.score) for item in pair)
                return self.answers.combine(first, second)
            members = self._members_asked(query, intent, best)
            if members is not None:
                parts = [self.answers.topic(topic, query.language, best.score) for topic in members]
                answer = self.answers.combine(*parts)
                return self._answerable(query, intent, None, answer) or self._decline(query, ranked)
            themed = self._projects_on_theme(query, ranked)
            if themed is not None:
                answer = self.answers.projects_matching(themed, query.language, best.score)
                return self._answerable(query, intent, None, answer) or self._decline(query, ranked)
            stating = self._stating_count(query, intent, ranked) or self._stating_number(
                query, intent, ranked
            )
            bar = self.tuning.answer_coverage
            if stating is not None:
                best, runner_up_score, bar = stating, 0.0, self.tuning.stating_coverage
            if best.coverage >= bar and best.score - runner_up_score >= self.tuning.clear_margin:
                answer = self._answerable(query, intent, best.doc, self._answer(best.doc, query, best.score))
                if answer is not None:
                    return answer
            elif best.coverage >= bar and len(named) == 1 and intent.focus:
                # "Which university is in Make it Open's consortium?": its participants and the sentence about
                # its consortium explain it alike; both are about the one thing named, and only one of them
                # says what is asked (a university).
                answer = self._saying_focus(query, intent, ranked, bar)
                if answer is not None:
                    return answer
            titled = self._named_by_title(query, ranked, bar) if best.coverage >= bar else None
            if titled is not None:
                answer = self._answerable(
                    query, intent, titled.doc, self._answer(titled.doc, query, titled.score)
                )
                if answer is not None:
                    return answer
            if best.coverage >= bar and len(named) == 1:
                table = self._table_over_passages(ranked)
                if table is not None:
                    answer = self._answerable(
                        query, intent, table.doc, self._answer(table.doc, query, table.score)
                    )
                    if answer is not None:
                        return answer
            described = self._described_project(query, ranked)
            if described is not None:
                answer = self._answerable(
                    query, intent, described.doc, self._answer(described.doc, query, 1.0)
                )
                if answer is not None:
                    return answer
            if best.score - runner_up_score < self.tuning.clear_margin:
                # "projects about education": several projects fit alike, and a list of them is the answer.
                tied = [s for s in ranked if s.score >= best.score - self.tuning.clear_margin]
                if (
                    best.coverage >= self.tuning.answer_coverage
                    and len(tied) >= 2
                    and all(s.doc.kind == "project" for s in tied)
                    and query.stems & self._project_stems
                ):
                    projects = [self.knowledge.projects[s.doc.target] for s in tied]
                    answer = self.answers.projects_matching(projects, query.language, best.score)
                    return self._answerable(query, intent, None, answer) or self._decline(query, ranked)
        return self._decline(query, ranked)

    def _members_asked(self, query: Query, intent: Intent, best: Scored) -> list[Topic] | None:
        """ "Which sister networks are in Africa?": the members of a listed group (the best match is one of
        them, or the list) whose texts say every other word asked; None unless two or more do."""
        topic = self._topic_of(best.doc)
        if topic is None or query.named_entities():
            return None
        lister = topic if topic.list_of else self._group_lists.get(topic.group or "")
        if lister is None:
            return None
        listing = phrase_stems([lister.title, lister.count_noun or "", *lister.keywords])
        # "Which networks...", or "what are the sister *networks* in Africa?": several are asked for.
        if not intent.asks_names and not any(is_plural(w) and stem(w) in listing for w in query.words):
            return None
        # Nor is a word naming another listed group ("and which European partners?" after the networks).
        unasked = (
            listing
            | self._group_words
            | self.reader.subject_stems
            | self.reader.question_stems
            | self._generic_stems
        )
        asked = {t for t in query.terms if not t.startswith("@") and t not in unasked}
        if not asked:
            return None
        members = [
            member
            for member in self.knowledge.group(lister.list_of)
            if asked <= set(self._docs_by_id[member.id].terms)
        ]
        return members if len(members) >= 2 else None

    def _from_a_sentence(self, query: Query, intent: Intent, ranked: list[Scored]) -> Answer | None:
        """A question no topic's own words answer, explained by one sentence of the topic it leans to: "what
        do Ecsite's good relationships with other federations often lead to?" is a sentence of its partners,
        in words no curator listed. Only as a last resort, and never for a list of names, which no one
        sentence gives: ranked with every sentence from the start, a question of one or two words finds one
        in every topic that says them, and no topic is ahead any more."""
        if not ranked or query.named_entities() or intent.asks_names or ranked[0].doc.kind != "topic":
            return None
        answer = self._decide(query, intent, self.ranker.rank(query, with_body=True))
        return answer if answer.answered and answer.topic == ranked[0].doc.target else None

    def _named_by_title(self, query: Query, ranked: list[Scored], bar: float) -> Scored | None:
        """ "Who holds the presidency?": the President and the Vice-President explain it alike; the second's
        title is the first's with a word more ("vice") that the question does not say: the first is meant."""
        tied = [s for s in ranked if s.score >= ranked[0].score - self.tuning.clear_margin]
        if len(tied) < 2 or any(s.coverage < bar or not s.doc.texts for s in tied):
            return None
        stopped = self.reader.subject_stems | self._stopword_stems | self._generic_stems
        titles = [set(s.doc.texts[0]) - stopped for s in tied]
        whole = [position for position, title in enumerate(titles) if title and title <= query.stems]
        if len(whole) != 1:
            return None
        named = titles[whole[0]]
        others = [title for position, title in enumerate(titles) if position != whole[0]]
        return tied[whole[0]] if all(named < title for title in others) else None

    def _table_over_passages(self, ranked: list[Scored]) -> Scored | None:
        """ "SocKETs partners?": its participants and a sentence of its abstract about its partners explain it
        alike; the project table is the answer, the sentence one more word for it."""
        tied = [s for s in ranked if s.score >= ranked[0].score - self.tuning.clear_margin]
        tables = [s for s in tied if s.doc.kind == "attribute"]
        rest = [s for s in tied if s.doc.kind != "attribute"]
        if len(tables) != 1 or not rest or any(s.doc.kind != "passage" for s in rest):
            return None
        return tables[0] if all(s.doc.entity == tables[0].doc.entity for s in rest) else None

    def _saying_focus(self, query: Query, intent: Intent, ranked: list[Scored], bar: float) -> Answer | None:
        """Of documents about one thing that explain a question alike, the only answer that says what the
        question asks about (its focus)."""
        tied = [s for s in ranked if s.score >= ranked[0].score - self.tuning.clear_margin]
        if len(tied) < 2 or any(s.doc.entity != ranked[0].doc.entity or s.coverage < bar for s in tied):
            return None
        saying = []
        for item in tied:
            answer = self._answerable(query, intent, item.doc, self._answer(item.doc, query, item.score))
            # Its own text, not the fields shown beside an abstract (which list every participant).
            if answer is not None and set(intent.focus) <= phrase_stems([answer.body]):
                saying.append(answer)
        return saying[0] if len(saying) == 1 else None

    def _projects_on_theme(self, query: Query, ranked: list[Scored]) -> list[Project] | None:
        """ "Which projects are about schools or science education?": asked in the plural, every project
        that explains the theme nearly as well as the best one."""
        plural = any(w in self._plural_project_words for w in query.words)
        if not plural or query.named_entities() or query.years or query.organisations:
            return None
        best = ranked[0]
        if best.doc.kind != "project" or best.coverage < self.tuning.answer_coverage:
            return None
        floor = max(self.tuning.suggestion_coverage, self.tuning.theme_share * best.coverage)
        fitting = [s for s in ranked if s.doc.kind == "project" and s.coverage >= floor]
        if len(fitting) < 2:
            return None
        return [self.knowledge.projects[s.doc.target] for s in fitting]

    def _described_project(self, query: Query, ranked: list[Scored]) -> Scored | None:
        """ "The project helping small museums go digital", "the one where kids use maker tools": a project
        described in other words than its abstract's, when one project explains it far better than anything
        else does."""
        if query.named_entities() or not (query.stems & self._project_stems or "one" in query.words):
            return None
        if _asks_how_to(query):
            return None  # "how do I join a project?" asks what to do, not which project
        best = ranked[0]
        second_score = runner_up(ranked)  # a sentence of its own abstract is not another answer
        if (
            best.doc.kind == "project"
            and best.coverage >= self.tuning.describe_coverage
            and best.score >= self.tuning.describe_lead * second_score
            and all(self._in_years(self.knowledge.projects[best.doc.target], query, y) for y in query.years)
        ):
            return best
        return None

    def _in_years(self, project: Project, query: Query, year: int) -> bool:
        """The project fits a year as the question uses it: starts in it, ends in it, or runs in it."""
        mode = self._year_mode(query)
        if mode == "starts":
            return project.start == year
        if mode == "ends":
            return project.end == year
        if mode == "after":
            return project.end > year
        if mode == "before":
            return project.start < year
        return project.start <= year <= project.end

    def _year_range(self, query: Query) -> tuple[int, int] | None:
        """ "Between 2020 and 2025", "in the 2020s": the years asked are a range, not each one."""
        if len(set(query.years)) < 2 or not _says_any(query, self._within_cues):
            return None
        return min(query.years), max(query.years)

    def _in_range(self, project: Project, query: Query, first: int, last: int) -> bool:
        """The project starts, ends or runs within the years from `first` to `last`, as the question asks."""
        mode = self._year_mode(query)
        if mode == "starts":
            return first <= project.start <= last
        if mode == "ends":
            return first <= project.end <= last
        return project.start <= last and project.end >= first

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
        texts = [_answer_text(answer) for answer in answers]
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

    def _topic_of(self, doc: Doc | None) -> Topic | None:
        """The topic a document is, if it is one."""
        return self.knowledge.topics.get(doc.target) if doc is not None and doc.kind == "topic" else None

    def _list_stems(self, doc: Doc) -> set[str]:
        """What a topic that is a list says it lists: the stems of its title and count noun."""
        topic = self._topic_of(doc)
        if topic is None or not (topic.count_noun or topic.list_of):
            return set()
        return phrase_stems([topic.title, topic.count_noun or ""])

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
        texts = [_answer_text(self._answer(s.doc, query, s.score)) for s in close]
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

    def _keyword_stems(self, doc: Doc) -> set[str]:
        """The stems of a topic's keywords: what its curator says it is about."""
        topic = self._topic_of(doc)
        return phrase_stems(topic.keywords) if topic is not None else set()

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
            if figures <= set(re.findall(r"\b\d+\b", _answer_text(self._answer(doc, query, 1.0))))
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

    def _decline(self, query: Query, ranked: list[Scored]) -> Answer:
        suggestions = self._suggestions(ranked, query.language)
        return self.answers.decline(suggestions, query.language, ranked[0].score if ranked else 0.0)

    # -- answerability: the answer must hold the kind of thing asked ----------------------------------------

    def _answerable(self, query: Query, intent: Intent, doc: Doc | None, answer: Answer) -> Answer | None:
        """The answer, shaped to the question's form; None when it does not hold what is asked."""
        empty_years = doc is not None and doc.kind == "year-query" and not answer.listed
        future = bool(query.stems & self._pointed) or "will" in query.words
        if empty_years and (intent.form != YES_NO or (future and not self._within_the_table(query.years))):
            # "which projects will Ecsite launch in 2026?", "will it start new projects in 2030?": the table
            # has none, and says nothing of what is to come. ("Did any project start in 2019?" is a No.)
            return None
        text = _answer_text(answer)
        kinds = self._held_kinds.asked(query.words, query.text)
        if not HeldKinds.held(kinds, text):
            return None  # "which day was it signed?": "in September 2014"; "the street address": "Brussels"
        said = phrase_stems([text]) | HeldKinds.said(kinds)
        if intent.asks_when and not YEAR_IN_TEXT.search(text):
            return None
        if self._asks_procedure(query) and not any(cue in text.lower() for cue in self._procedure_answers):
            return (
                None  # "how do I submit a session proposal?": the conference's text says what it is, not how
            )
        if intent.asks_agent and not self._names_someone(answer, query, doc):
            return None  # "who founded Ecsite?": its founding years name nobody
        if intent.asks_agent and _says_any(query, self._behalf_cues) and not self._names_a_person(text):
            return None  # "who signed it on behalf of Ecsite?": the text names the parties, not who signed
        if intent.asks_names and not (
            LIST_ITEM.search(answer.body) or len(answer.parts) >= 2 or self._names_someone(answer, query, doc)
        ):
            return None  # "which national networks does Ecsite work with?": that text names none
        if intent.asks_names and self._kind_only(query, intent, doc, answer, text):
            return None  # "which technologies does TechEthos examine?": "new and emerging technologies"
        if self._count_stated_unnamed(query, answer.body):
            # "which seven Ecsite members are in its consortium?": "with 7 Ecsite members", unnamed
            return None
        if intent.asks_where and not self._names_someone(answer, query, doc, where=True):
            return None  # "where is the conference held?": its text names no place
        if (
            doc is not None
            and doc.kind in ("project", "passage", "attribute")
            and intent.form != YES_NO
            and query.years
            and self._year_mode(query) in ("after", "before")
        ):
            return None  # "what's the follow-up to GlobalSCAPE after 2023?": nothing here is after its years
        if (
            doc is not None
            and doc.kind == "topic"
            and set(intent.focus) & self._website_stems
            and not (answer.links or "://" in text)
        ):
            return None  # "what's the website of SAASTEC?": its text gives no link
        if doc is not None and doc.kind == "topic" and intent.form != YES_NO:
            stated = set(YEAR_IN_TEXT.findall(text))
            if any(str(year) not in stated for year in query.years):
                return None  # "where is the 2025 conference?": nothing here is about 2025
            if not stated and (self._relative_in_time(query) or self._earlier_holder(query)):
                return None  # "who was president before Bruno Maquart?": nothing here is dated
        if (
            intent.form != SUPERLATIVE
            and query.stems & self._ranking_stems
            and not (doc is not None and query.stems & self._ranking_stems <= set(doc.terms))
        ):
            return None  # "which country has the most members": nothing here ranks countries
        if query.organisations and doc is not None and doc.kind == "topic":
            return None  # "how many visitors does NEMO get?": Ecsite's topics say nothing of one member
        if (
            query.organisations
            and doc is not None
            and doc.kind == "attribute"
            and intent.form == FACT
            and _says_any(query, self._role_cues)
        ):
            return None  # "what is Titan Salt doing in WATER-MINING?": the table lists it, not what it does
        if (
            query.organisations
            and doc is not None
            and doc.kind in ("project", "passage")
            and not self._names_any(query, answer.body)
        ):
            return None  # "what did TechEthos show at Parque de las Ciencias?": its abstract never says
        if (
            doc is not None
            and doc.kind in ("project", "passage", "attribute")
            and self._lead_unsaid(query, intent, said)
        ):
            return None  # "who coordinates TechEthos?": its table lists partners, and its text names no lead
        hinges = _cues_in(query.words, self._only_if_said)
        if hinges and not _runs_any(words(text), hinges):
            # "is there a follow-up project after SocKETs?": nothing here says what comes after it
            return None
        if self._part_of_a_whole(query, text):
            return None  # "how many visitors does EAZA get on its own?": the text gives the three together
        if intent.form != YES_NO and self._content_unsaid(query, doc):
            return None  # "what does the Statement on science and evolution say?": that text only names it
        if intent.form != YES_NO and self._placed_unknowns(query, asked_only=True) - said:
            return None  # "the national science centre network in germany": that text never says Germany
        if doc is not None and self._unsaid_names(query, doc, said):
            return None  # "which national network represents Portugal?": that text never names Portugal
        if (set(intent.focus) & query.unknown) - said:
            # "What's the salary of...": nothing here is about salaries. "Does X run demos in Germany?": a
            # name the sources never use, in a claim they otherwise make, is not so.
            if intent.form == YES_NO and doc is not None and self._claims_unknown_name(query, doc, said):
                return self.answers.with_verdict(answer, False)
            return None
        if doc is not None and doc.kind == "attribute" and doc.entity in query.named_entities():
            # "Which university takes part in Make it Open?": the participants whose names say so, even where
            # the list as a whole holds the word.
            of_kind = self._participants_of_kind(query, intent, doc)
            if of_kind is not None:
                return of_kind
        if (
            doc is not None
            and doc.entity in query.named_entities()
            and self._unexplained_focus(query, intent, doc, said)
        ):
            # "Which *university* takes part in GlobalSCAPE?": the participants whose names say so.
            # "The grant agreement number for DOORS": its funders are not an agreement number.
            return self._participants_of_kind(query, intent, doc)
        named_topic = doc is not None and doc.kind == "topic" and doc.entity in query.named_entities()
        if named_topic and doc is not None and self._foreign_terms(query, doc):
            return None  # "who's the director of RedPOP", "what nationality is Bruno Maquart"
        quality = intent.quality
        if quality is not None and quality in self.index.idf and doc is not None and quality not in doc.terms:
            return None  # "how old is Bruno Maquart": his topic says nothing of age
        if intent.form == COUNT:
            return self._counted(query, intent, doc, answer, text)
        if intent.form == AMOUNT:
            # "how much money / funding": only a stated figure answers, never a list of names.
            stated = doc is not None and doc.kind == "topic" and NUMBER_IN_TEXT.search(answer.body)
            return answer if stated else None
        if intent.form == YES_NO:
            nationality = (self._claim_terms(query) & self._place_stems) - self._placed_unknowns(query)
            if nationality - said and not said & self._place_stems:
                return None  # "Bruno Maquart is French, right?": no text here says where anyone is from
            return self._checked(query, answer, doc, text, said)
        return answer

    def _claimed_places(self, query: Query) -> set[str]:
        """The countries a claim names, by name or adjective ("in germany", "french")."""
        return (self._claim_terms(query) & self._place_stems) | self._placed_unknowns(query)

    def _part_of_a_whole(self, query: Query, text: str) -> bool:
        """The question asks of one alone, and the answer gives a number only of several together."""
        if not _says_any(query, self._alone_cues) or not self._stated_numbers(text):
            return False
        return _runs_any(words(text), self._combined_cues)

    def _content_unsaid(self, query: Query, doc: Doc | None, pointed: bool = False) -> bool:
        """The question asks what a document says, and the topic answering only names that document; with
        `pointed`, the document is "it", one the topic answered before names."""
        topic = self._topic_of(doc)
        if topic is None or not topic.mentioned or not _says_any(query, self._content_cues):
            return False
        asked = set(query.terms) - self._generic_stems - self.reader.question_stems
        if pointed:
            return query.refers_back and not asked - self._content_stems
        return any(asked & phrase_stems([name]) for name in topic.mentioned)

    def _lead_unsaid(self, query: Query, intent: Intent, said: frozenset[str]) -> bool:
        """The question asks who leads, and a text of these stems does not say who does."""
        return (
            bool(query.stems & self._leading_stems)
            and (intent.asks_agent or bool(query.stems & self._participant_stems))
            and not said & self._leading_stems
        )

    def _names_any(self, query: Query, text: str) -> bool:
        """The text names one of the organisations the question names."""
        folded = " ".join(words(text))
        return any(
            " ".join(words(name)) in folded for names in query.organisations.values() for name in names
        )

    def _asks_procedure(self, query: Query) -> bool:
        return opens_with(query.words, self._procedures)

    def _earlier_holder(self, query: Query) -> bool:
        return bool(self._agent_words & set(query.words)) and _says_any(query, self._earlier_holders)

    def _relative_in_time(self, query: Query) -> bool:
        return _says_any(query, self._relative_time)

    def _kind_only(self, query: Query, intent: Intent, doc: Doc | None, answer: Answer, text: str) -> bool:
        """A project's abstract says the things asked for ("which *technologies*") only as a kind ("a number
        of innovative technologies that..."), never followed by which ones ("five EU countries (The
        Netherlands, Spain...)", "technologies such as...")."""
        if doc is None or doc.kind not in ("project", "passage") or not intent.focus:
            return False
        if LIST_ITEM.search(answer.body) or len(answer.parts) >= 2:
            return False
        # Right after "which" ("which *specific* technologies", "which innovative water *solutions*"): "which
        # sister network covers Asia?" asks for one thing, "which of them is about ethics?" for one of the
        # things talked about.
        opening = next((i for i, w in enumerate(query.words) if w in self._which_words), None)
        if opening is None:
            return False
        run = list(
            itertools.takewhile(lambda w: w not in self._stopwords, query.words[opening + 1 : opening + 4])
        )
        plural = next((w for w in run if is_plural(w)), None)
        if plural is None or stem(plural) not in intent.focus:
            return False
        asked = stem(plural)
        tokens = list(WORD_OR_MARK.finditer(text))
        mentions = [i for i, token in enumerate(tokens) if stem(token.group().lower()) == asked]
        if not mentions:
            return False
        for i in mentions:
            # "University of Exeter" is one of the universities asked for, by name; "Austrian Institute of
            # Technology" is no technology.
            modifying = i > 0 and tokens[i - 1].group().lower() in self._name_linking_words
            if tokens[i].group()[:1].isupper() and not modifying:
                return False
        for i in mentions:
            following = " ".join(
                token.group().lower() for token in tokens[i + 1 : i + 1 + self._longest_enumeration]
            )
            if any(following.startswith(cue) for cue in self._enumerations):
                return False
        return True

    def _names_someone(self, answer: Answer, query: Query, doc: Doc | None, where: bool = False) -> bool:
        """The answer names a person, an organisation or a place other than the subject and what the
        question names itself. A project's participants and funders, listed beside its abstract, say who
        takes part and pays, not who coordinates or founded it."""
        # The names of what the question names are not an answer to it: "who signed the memorandum with EAZA
        # and BGCI?" is not answered by the names of EAZA and BGCI.
        # Only what the question typed: after "what did Ecsite sign with zoos?", "who signed it?" is answered
        # by the names of the parties.
        aliases = [
            alias
            for entity in query.named_entities()
            if entity in self._entity_topics and entity in query.typed_names
            for alias in self._entity_topics[entity].aliases
        ]
        # "*In September* 2014 Ecsite signed...": a sentence's first word and a month name nobody.
        known = self._subject_words | set(query.words) | self._stopwords | self._months
        if not where:  # a place may be in the name itself ("... in Latin America and The Caribbean")
            known |= {w for alias in aliases for w in words(alias)}
        beside = doc is not None and doc.kind in ("project", "passage")
        texts = [answer.body.replace("**", ""), *(() if beside else (f.value for f in answer.fields))]
        if where:
            # A place is often one word ("Brussels"): any capitalised word that does not open a sentence, and
            # is no word of a person's name or of what the answer is ("Ecsite's *Executive Director*").
            # Where to find something online is a link.
            if answer.links or any("://" in text for text in texts):
                return True
            known |= {w for name in self._people_names for w in words(name)} | set(words(answer.title))
            return any(set(words(name)) - known for text in texts for name in PLACE_IN_TEXT.findall(text))
        return any(set(words(name)) - known for text in texts for name in NAME_IN_TEXT.findall(text))

    def _participants_of_kind(self, query: Query, intent: Intent, doc: Doc) -> Answer | None:
        if doc.kind != "attribute" or doc.attribute != "participants" or intent.form != FACT:
            return None
        named = phrase_stems([*query.entities.values(), *query.typed_names.values()])
        framing = self._framing_stems | self._stopwords
        kind = [t for t in intent.focus if t not in named and t not in framing]
        if not kind:
            return None
        project = self.knowledge.projects[doc.target]
        chosen = [
            name
            for name in project.participants
            if all(any(_same_word(t, w) for w in words(name)) for t in kind)
        ]
        if not chosen or len(chosen) == len(project.participants):
            return None
        typed = [w for w in query.words if stem(w) in kind]
        return self.answers.participants_of_kind(project, chosen, " ".join(typed), query.language)

    def _names_a_person(self, text: str) -> bool:
        lowered = text.lower()
        return any(name in lowered for name in self._people_names)

    def _count_stated_unnamed(self, query: Query, text: str) -> bool:
        """ "Which *seven* members...", "which *50* countries": the things a number counts are asked to be
        named, and the text says that number of them ("with 7 Ecsite members") without a list after it, as
        "five EU countries (The Netherlands, ...)" has, or lists another number of things."""
        claimed = self._claimed_number(query)
        if claimed is None:
            return False
        before = [w for w in query.words[: claimed[0]] if w not in self._stopwords or w in self._which_words]
        if not before or before[-1] not in self._which_words or self._comparison(query.words, claimed[0]):
            return False  # "name *the* 7 members": the cue, then the number (not "more than 10")
        number = claimed[1]
        listed = len(LIST_ITEM.findall(text))
        if listed == number:
            return False  # "list all 8 projects": the eight, listed
        spelled = [w for w, value in self._number_values.items() if value == number]
        said_as = "|".join([str(number), *map(re.escape, spelled)])
        pattern = rf"\b(?:{said_as})\b([^.;(:]{{0,60}})([(:]?)"
        mentions = [m for m in re.finditer(pattern, text, re.IGNORECASE) if phrase_stems([m[1]]) & claimed[2]]
        if mentions:
            return not any(m[2] for m in mentions)
        return listed > 0  # eleven participants listed, when seven of them are asked for

    def _projects_noun(self, count: int, language: str) -> str:
        """ "1 project", "7 projects"."""
        return self.knowledge.message("project_noun" if count == 1 else "projects_noun", language)

    def _projects_by_website(self, query: Query, intent: Intent) -> Answer | None:
        """ "Which project has no website?", "how many projects have a website?": the table's projects with
        or without one, counted when asked how many."""
        if query.named_entities() or query.years or intent.form not in (FACT, COUNT):
            return None
        if not query.stems & self._website_stems or not query.stems & self._project_stems:
            return None
        lacking = bool(set(query.words) & (self._lacking | self._negations))
        if not lacking and intent.form != COUNT:
            return None  # "list the projects with their websites" asks for the links, each project's own
        # Every word typed, not only those read: a retry without its unknown words is no narrower question.
        typed = {stem(w) for w in words(query.text) if w not in self._stopwords and w not in self._lacking}
        asked = typed - self._website_stems - self._project_stems - self.reader.subject_stems
        if asked - self._framing_stems - self._generic_stems - self.reader.question_stems - self._negations:
            return None  # "which projects have no *.eu* website?", "the project on water - no website?"
        listing = self.answers.projects_by_website(not lacking, query.language)
        if intent.form == COUNT:
            count = len(listing.listed)
            return self.answers.with_count(listing, count, self._projects_noun(count, query.language))
        return listing

    def _participant_by_its_words(self, query: Query, intent: Intent) -> Answer | None:
        """ "Which sugar institute participates in WATER-MINING?", "which science centre from Liberec is in
        TechEthos?": of the one project named, the participants the question names, when the words after
        "which" are words of their names."""
        projects = self._projects_named(query)
        if intent.form != FACT or len(projects) != 1:
            return None
        project = projects[0]
        found = [name for name in query.organisations.get("participants", []) if name in project.participants]
        opening = next((i for i, w in enumerate(query.words) if w in self._which_words), None)
        if not found or opening is None:
            return None
        run = list(itertools.takewhile(lambda w: w not in self._stopwords, query.words[opening + 1 :]))
        kind = [w for w in run if stem(w) not in self._framing_stems | self._count_end_stems]
        chosen = [
            name
            for name in found
            if kind and all(any(_same_word(stem(k), w) for w in words(name)) for k in kind)
        ]
        if not chosen:
            return None
        return self.answers.participants_of_kind(project, chosen, " ".join(kind), query.language)

    def _participants_of_kind_anywhere(self, query: Query, intent: Intent) -> Answer | None:
        """ "Which universities take part in the projects?", "is any zoo taking part in these projects?":
        over the whole table, the participants whose names say the kind asked for; a yes/no is No when none
        does."""
        if intent.form not in (FACT, YES_NO) or query.named_entities() or query.organisations:
            return None
        if not (_says_any(query, self._taking_part_cues) and query.stems & self._project_stems):
            return None
        if query.stems & self._funder_stems:
            return None  # "is any of the projects funded by Horizon Europe?" asks of funders
        # The kind is the thing named right after "which", "any", "a": "is there *a museum* among...", not a
        # verb of the chat around it ("a partner we could *talk* to").
        naming = self._determiner_words | self._which_words
        kind = [
            w
            for before, w in zip(["", *query.words], query.words, strict=False)
            if before in naming
            and w not in self._stopwords
            and stem(w) not in self._question_stems | self._participant_stems | self._framing_stems
            and stem(w) not in self._project_stems | self.reader.subject_stems
            and w not in self._places
            and not w.isdigit()
            and w not in self._number_values
        ]
        if len(kind) != 1 or query.years:
            return None  # "which projects with Leiden partners started in 2021?" asks more than a kind
        chosen = {
            p.id: names
            for p in self.knowledge.projects.values()
            if (names := [n for n in p.participants if any(_same_word(stem(kind[0]), w) for w in words(n))])
        }
        if not chosen and intent.form != YES_NO:
            return None
        answer = self.answers.participants_of_kind_anywhere(chosen, kind[0], query.language)
        return self.answers.with_verdict(answer, bool(chosen)) if intent.form == YES_NO else answer

    def _unsaid_names(self, query: Query, doc: Doc, said: frozenset[str]) -> bool:
        """A word typed as a name ("Portugal") that the knowledge base knows elsewhere but this answer never
        mentions: the question is about something this answer does not cover."""
        typed = query.capitalised | (query.stems & self._place_stems)  # "in italy" names a place in any case
        names = {t for t in typed if t in query.terms and t in self.index.idf}
        if not names:
            return False
        return any(t not in doc.terms and t not in said and t not in self._framing_stems for t in names)

    def _unexplained_focus(self, query: Query, intent: Intent, doc: Doc, said: frozenset[str]) -> bool:
        """A word the question asks about, known to the knowledge base, that the answer about the named thing
        neither is indexed by nor says (framing words and the name's own words apart)."""
        named = phrase_stems([*query.entities.values(), *query.typed_names.values()])
        # Who takes part frames a question about a project ("which *institutions* take part"), not one about a
        # person or a network ("which institution does the vice-president work for").
        framing = self._framing_stems if doc.kind != "topic" else self._framing_stems - self._attribute_stems
        return any(
            term in self.index.idf
            and term not in doc.terms
            and term not in said
            and term not in named
            and term not in framing
            and term not in self.reader.question_stems
            for term in intent.focus
        )

    def _foreign_terms(self, query: Query, doc: Doc) -> list[str]:
        """The question's meaningful words that neither the named topic (its index or its text) nor the list
        it belongs to explains: what the question asks of that name is something the sources do not say."""
        topic = self.knowledge.topics.get(doc.target)
        said = phrase_stems([topic.body]) if topic is not None else frozenset()
        lister = self._group_lists.get(topic.group) if topic is not None and topic.group else None
        lister_doc = self._docs_by_id.get(lister.id) if lister is not None else None
        return [
            term
            for term in query.terms
            if not term.startswith("@")
            and term in self.index.idf
            and term not in doc.terms
            and term not in said
            and term not in self.reader.question_stems
            and term not in self._framing_stems
            and (lister_doc is None or term not in lister_doc.terms)
        ]

    def _of_another_topic(self, query: Query, doc: Doc, text: str) -> bool:
        """The question says a word that only another topic's title has ("the annual *conference*"), and this
        answer neither says it nor is found by it: what is counted is that other topic's."""
        said = phrase_stems([text])
        return any(
            owner != doc.target and t not in said and t not in doc.terms
            for t in query.terms
            if (owner := self._title_word_owners.get(t)) is not None
        )

    def _counted(
        self, query: Query, intent: Intent, doc: Doc | None, answer: Answer, text: str
    ) -> Answer | None:
        """ "How many ...": a list answer says how many it lists; another answer must state a number of
        the things counted."""
        if set(intent.counted) & query.unknown:
            return None  # "how many employees work at DOORS": no list here is of employees
        if doc is not None and doc.kind == "topic" and self._of_another_topic(query, doc, text):
            # "how many people attend the annual conference?": the members' reach is not its count
            return None
        if self._states_count(text, intent):
            return answer
        count = self._list_size(doc, answer)
        counted = [t for t in intent.counted if t not in self.reader.question_stems]
        if count is None:
            # A sentence of an abstract that mentions children and a number does not count the children; a
            # text that names the things counted ("zoos") and states a number of something else ("240 million
            # visitors") does not count them either. Only a text that says them in other words may
            # ("people": "40 million citizens").
            explains = (
                doc is not None
                and doc.kind != "passage"
                and all(doc.terms.get(t, 0.0) > 0 for t in counted)
                and not (
                    counted
                    and set(counted) <= phrase_stems([answer.body])
                    and not self._counts_any(text, counted)
                )
            )
            return answer if explains and NUMBER_IN_TEXT.search(answer.body) else None
        topic = self._topic_of(doc)
        # "How many staff does Ecsite have?": its list of key people is not a count of its staff.
        of_others = topic is not None and not set(counted) & phrase_stems([topic.count_noun, topic.title])
        known = all(t in self.index.idf for t in counted)  # a misspelt word ("sistr") is not another thing
        if topic is not None and topic.count_noun and counted and known and of_others:
            return None
        if doc is not None and doc.kind == "attribute" and doc.attribute in ("participants", "funders"):
            # Its body already says how many organisations it lists; "how many *schools* took part" is
            # not a count of them.
            return answer if not counted or counted[0] in doc.terms else None
        projects = any(self._project_of(s) for s in answer.listed) or (
            doc is not None and doc.id == self.knowledge.projects_topic.id
        )
        if projects:
            what = self._projects_noun(count, query.language)
        elif topic is not None and topic.count_noun:
            what = topic.count_noun
        else:
            what = " ".join(intent.counted_words) or answer.title
        return self.answers.with_count(answer, count, what)

    def _list_size(self, doc: Doc | None, answer: Answer) -> int | None:
        if doc is not None and doc.id == self.knowledge.projects_topic.id:
            return len(self.knowledge.projects)
        if answer.listed or (doc is not None and doc.kind in ("role-query", "year-query")):
            return len(answer.listed)
        if doc is not None and doc.kind == "attribute" and doc.attribute in ("participants", "funders"):
            return len(getattr(self.knowledge.projects[doc.target], doc.attribute))
        topic = self._topic_of(doc)
        if topic is not None and topic.list_of:
            return len(self.knowledge.group(topic.list_of))
        if topic is None or not topic.count_noun:
            return None  # bullets in a text that is not a list of things ("the two sources say...")
        items = len(LIST_ITEM.findall(answer.body))
        return items if items >= 2 else None

    def _checked(
        self, query: Query, answer: Answer, doc: Doc | None, text: str, said: frozenset[str]
    ) -> Answer:
        """A yes/no question answered by a fact: a year it names is checked against the answer's years."""
        if doc is not None and doc.kind == "attribute" and doc.attribute == "website":
            # "Does Road-STEAMer have a website?": the table lists one, or it does not.
            return self.answers.with_verdict(answer, bool(self.knowledge.projects[doc.target].website))
        verdict = self._number_claim(query, answer, doc)
        if verdict is not None:
            topic = self._topic_of(doc)
            size = self._list_size(doc, answer)
            if doc is not None and doc.kind in ("year-query", "role-query"):
                noun: str | None = self._projects_noun(size or 0, query.language)
            else:
                noun = topic.count_noun if topic is not None else None
            if noun and size is not None:  # "**5** guiding principles."
                answer = self.answers.with_count(answer, size, noun)
            return self.answers.with_verdict(answer, verdict)
        if doc is not None and doc.kind in ("year-query", "role-query"):
            # "Did any project start in 2022?": yes when the table lists one ("No project matches": no), with
            # the years the table does cover ("started between 2020 and 2022").
            reason = "" if answer.listed or doc.kind != "year-query" else self._table_years(query)
            return self.answers.with_verdict(answer, bool(answer.listed), reason)
        stated = set(YEAR_IN_TEXT.findall(text))
        if query.years and stated:
            mode = self._year_mode(query)
            if mode in ("before", "after"):
                # "Was Ecsite founded before 1990?": a year the text states on that side of the one named.
                year = min(query.years) if mode == "before" else max(query.years)
                side = [int(y) < year if mode == "before" else int(y) > year for y in stated]
                return self.answers.with_verdict(answer, any(side))
            within = self._year_range(query)
            if within is not None:  # "was Ecsite set up in the 80s?": a year the text states in that range
                return self.answers.with_verdict(
                    answer, any(within[0] <= int(y) <= within[1] for y in stated)
                )
            return self.answers.with_verdict(answer, {str(y) for y in query.years} <= stated)
        # "Is Ecsite a nonprofit?": every word the question claims stands in the answer itself.
        # Words that only frame it ("has it got any *formal* agreement with zoos?") are not claimed.
        claims = self._claim_terms(query) - self._generic_stems
        if self._negated_in(text, claims):  # "is the list exhaustive?": "a non-exhaustive overview"
            return self.answers.with_verdict(answer, False)
        if claims and claims <= said:
            return self.answers.with_verdict(answer, True)
        # "Is Ecsite based in Paris?": the answer says where it is; a name the sources never use is not it.
        if doc is not None and self._claims_unknown_name(query, doc, said):
            return self.answers.with_verdict(answer, False)
        return answer

    def _negated_in(self, text: str, claims: set[str]) -> bool:
        """A word claimed stands negated in the text ("*non-*exhaustive", "*not* complete")."""
        tokens = words(text)
        return any(
            before in self._negations and stem(word) in claims for before, word in itertools.pairwise(tokens)
        )

    def _table_years(self, query: Query) -> str:
        """The years the table's projects start in, end in, or run, as the question asks of them."""
        mode = self._year_mode(query)
        first_of, last_of = {"starts": ("start", "start"), "ends": ("end", "end")}.get(mode, ("start", "end"))
        key = f"table_years_{mode}" if mode in ("starts", "ends") else "table_years_span"
        projects = self.knowledge.projects.values()
        first = min(getattr(p, first_of) for p in projects)
        last = max(getattr(p, last_of) for p in projects)
        return self.knowledge.message(key, query.language, first=first, last=last)

    def _within_the_table(self, years: list[int]) -> bool:
        """Every year lies within the years the project table covers, from its first start to its last end."""
        projects = self.knowledge.projects.values()
        first, last = min(p.start for p in projects), max(p.end for p in projects)
        return all(first <= year <= last for year in years)

    def _claim_terms(self, query: Query) -> set[str]:
        """What a yes/no question claims: its words, names and question words apart."""
        return {t for t in query.terms if not t.startswith("@") and t not in self.reader.question_stems}

    def _placed_unknowns(self, query: Query, asked_only: bool = False) -> set[str]:
        """Words the sources never use that stand where a place does ("is Ecsite *in paris*?"); with
        `asked_only`, not where the asker is ("I'm from a museum in slovenia")."""
        found = set()
        reach = self.tuning.asker_reach
        for position, (before, word) in enumerate(zip(query.words, query.words[1:], strict=False)):
            placed = before in self._place_prepositions and word.isalpha()
            if not placed or stem(word) not in query.unknown:
                continue
            if asked_only and self._asker_words & set(query.words[max(0, position - reach) : position]):
                continue
            found.add(stem(word))
        return found

    def _claims_unknown_name(self, query: Query, doc: Doc, said: frozenset[str]) -> bool:
        """The only word of a claim that the answer does not bear out is a name it never uses."""
        claims = self._claim_terms(query)
        unknown_names = {
            t
            for t in claims - said
            if (t in query.unknown or t in query.capitalised)
            and t not in self._generic_stems
            and t not in self._ellipsis_stems  # "does it work with national networks *too*?"
            and not t.isdigit()  # a number is checked as a number (`_number_claim`), never as a name
        }
        if unknown_names & self._claimed_places(query) and not said & self._place_stems:
            return False  # "is there a national network in germany?": a text naming no country denies none
        return bool(unknown_names) and claims - unknown_names <= said | set(doc.terms) | self._framing_stems

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

    # -- answers computed from the structured data ------------------------------------------------------

    def _project_of(self, subject: str) -> Project | None:
        """The project a subject ("@project:doors") names, if it names one."""
        kind, _, name = subject.partition(":")
        return self.knowledge.projects.get(name) if kind == "@project" else None

    def _projects_named(self, query: Query) -> list[Project]:
        return [p for p in map(self._project_of, query.named_entities()) if p is not None]

    def _structured(self, query: Query, intent: Intent, last_list: Topic | None = None) -> Answer | None:
        if _says_any(query, self._only_if_said):
            # "is there a follow-up to SocKETs after 2023?", "is Ecsite better than ASTC?": no table
            return None
        if intent.form == FACT and query.organisations and _says_any(query, self._role_cues):
            return None  # "what is Titan Salt doing in WATER-MINING?": the table lists it, not what it does
        by_place = self._participants_by_place(query, intent)
        if by_place is not None:
            return by_place
        by_name = self._participant_by_its_words(query, intent)
        if by_name is not None:
            return by_name
        anywhere = self._participants_of_kind_anywhere(query, intent)
        if anywhere is not None:
            return anywhere
        by_website = self._projects_by_website(query, intent)
        if by_website is not None:
            return by_website
        unlisted = self._unlisted_funder(query, intent)
        if unlisted is not None:
            return unlisted
        if intent.form == SUPERLATIVE and not (query.unknown - self.understanding.cue_stems):
            return self._superlative_and_attribute(query, intent.superlative)
        if intent.form == YES_NO:
            return self._yes_no(query, last_list)
        if self._asks_every_website(query, intent):
            return self.answers.project_websites(query.language)
        return None

    def _unlisted_funder(self, query: Query, intent: Intent) -> Answer | None:
        """ "Is any project funded by Horizon Europe?", "which projects does erasmus+ fund?": the table names
        every project's funders, so a funder it never names funds none of them. Said only of a name the
        sources never use, or of one sharing a distinctive word with a funder ("Horizon") without being it."""
        asks_other = intent.asks_when or intent.asks_where or intent.asks_agent
        if intent.form != YES_NO and (intent.form != FACT or asks_other):
            return None
        if self._projects_named(query) or query.organisations or not query.stems & self._project_stems:
            return None
        names, of_projects = self._funder_named(query.words)
        if intent.form != YES_NO and not of_projects:
            return None  # "writing a grant thing and my colleague...": funding said, but not of projects
        funders = list(dict.fromkeys(name for p in self.knowledge.projects.values() for name in p.funders))
        claim = self._funder_claim(query, names, funders)
        if claim is None or claim[0]:
            return None
        named = claim[1]
        claimed = " ".join(as_typed(query.text, w) for w in named)
        reason = self.knowledge.message("in_no_funders", query.language, org=claimed)
        listing = self.answers.funders_of_all(query.language)
        if intent.form == YES_NO:
            return self.answers.with_verdict(listing, False, reason)
        return dataclasses.replace(listing, body=f"{reason}\n\n{listing.body}")

    def _funder_named(
        self, folded: list[str], own: frozenset[str] = frozenset()
    ) -> tuple[list[list[str]], bool]:
        """The names next to the first word that says funding, the one after it first: "funded by *horizon
        europe*", "is *erasmus* funded", "von Horizon Europe finanziert" (read "of horizon europe funds"). And
        whether the words just before say projects ("which *projects* are funded by..."). `own` are the stems
        of the project asked about, which is not a funder's name."""
        saying = self._funder_stems - self.reader.question_stems  # "who" may ask for funders; it says none
        framing = self._funder_stems | self._project_stems | own

        def name_run(run: Iterable[str]) -> list[str]:
            found = list(itertools.takewhile(lambda w: w not in self._stopwords, run))
            return [w for w in found if stem(w) not in framing]

        for position, word in enumerate(folded):
            if stem(word) not in saying:
                continue
            after = name_run(itertools.dropwhile(lambda w: w in self._stopwords, folded[position + 1 :]))
            before = name_run(reversed(folded[:position]))[::-1]
            if after or before:
                start = position - len(before) if not after else position
                preceding = [w for w in folded[:start] if w not in self._stopwords][-2:]
                return [run for run in (after, before) if run], any(
                    stem(w) in self._project_stems for w in preceding
                )
        return [], False

    def _participants_by_place(self, query: Query, intent: Intent) -> Answer | None:
        """ "Which swedish science centre is in Make it Open?", "is there a maltese university in it?": the
        table does not say where participants are based, so only the names that say the country answer
        ("Universitat ta Malta"); failing them, it is declined, saying why."""
        projects = self._projects_named(query)
        if len(projects) != 1 or intent.form not in (FACT, YES_NO):
            return None
        runs = word_runs(query.words, 2)
        places = {self._places[" ".join(run)] for run in runs if " ".join(run) in self._places}
        if not places:
            return None
        project = projects[0]
        own = {w for name in (project.name, *project.aliases) for w in words(name)}
        name_words = {w for name in project.participants for w in words(name)}
        kind = []
        for word in query.words:
            term = stem(word)
            if (
                word in self._stopwords
                or word in self._places
                or word in own
                or term in self._question_stems
                or term in self._participant_stems
                or term in self._framing_stems
            ):
                continue
            if not any(_same_word(term, w) for w in name_words):
                return None  # "which technologies did WATER-MINING show in Cyprus?" asks something else
            kind.append(word)
        saying = [
            name
            for name in project.participants
            if any(self._places.get(w) in places for w in words(name))
            and all(any(_same_word(stem(k), w) for w in words(name)) for k in kind)
        ]
        language = query.language
        if saying:
            typed = " ".join(w for w in query.words if w in self._places or w in kind)
            answer = self.answers.participants_of_kind(project, saying, typed, language)
            return self.answers.with_verdict(answer, True) if intent.form == YES_NO else answer
        if any(self._places.get(w) in places for name in project.participants for w in words(name)):
            return None  # "an italian museum": another participant's name says Italian; read as any question
        # Which of them is Swedish is not in the sources: declined, saying why, with the participants offered.
        doc = self._docs_by_id[f"{project.topic_id}:participants"]
        label = self._suggestion_label(doc, language) or project.name
        decline = self.answers.decline([Suggestion(doc.id, label)], language)
        reason = self.knowledge.message("places_not_given", language, name=project.name)
        return dataclasses.replace(decline, body=f"{decline.body} {reason}")

    def _asks_every_website(self, query: Query, intent: Intent) -> bool:
        """ "List the projects with their websites": a website asked of the projects, none named or chosen
        by a year, an organisation or a negation."""
        return (
            intent.form == FACT
            and bool(query.stems & self._website_stems)
            and (
                any(w in self._plural_project_words for w in query.words)
                or (bool(self._every & set(query.words)) and bool(query.stems & self._project_stems))
            )
            and not (query.named_entities() or query.years or query.organisations)
            and not self._negations & set(query.words)
        )

    def _last_list(self, conversation: Conversation | None) -> Topic | None:
        """The list the last answer was, or belonged to: what "them" and "that list" are."""
        topic = self.knowledge.topics.get(conversation.topic or "") if conversation is not None else None
        if topic is None:
            return None
        if topic.list_of or topic in self._item_lists:
            return topic
        return self._group_lists.get(topic.group or "")

    def _superlative(
        self, query: Query, superlative: Superlative | None, among: list[Project] | None = None
    ) -> Answer | None:
        assert superlative is not None
        projects = among if among is not None else list(self.knowledge.projects.values())
        if superlative.excluding:
            left_out = {p.id for p in self._projects_named(query)}
            projects = [p for p in projects if p.id not in left_out]
        if query.years and among is None:
            projects, _ = self.answers.in_years(
                sorted(set(query.years)), self._year_mode(query), query.language
            )
        if not projects:
            return None
        best = (max if superlative.most else min)(p.measure(superlative.measure) for p in projects)
        winners = [p for p in projects if p.measure(superlative.measure) == best]
        value = self._measure_value(winners[0], superlative.measure, query.language)
        tied_among = among is not None and len(winners) == len(projects) >= 2
        return self.answers.superlative(
            winners, superlative.measure, superlative.most, value, query.language, tied_among
        )

    def _superlative_and_attribute(
        self, query: Query, superlative: Superlative | None, among: list[Project] | None = None
    ) -> Answer | None:
        """ "Who takes part in the project that ends last?", "website of the newer one?": the project that
        comes first, then what is asked of it."""
        answer = self._superlative(query, superlative, among)
        if answer is None or superlative is None or len(answer.listed) != 1 or query.organisations:
            return answer
        asked = next(
            (
                attribute
                for attribute, stems in self._superlative_attribute_stems.items()
                if attribute != superlative.measure and query.stems & stems
            ),
            None,
        )
        project = self._project_of(answer.listed[0])
        if asked is None or project is None:
            return answer
        return self.answers.combine(answer, self.answers.project(project, asked, query.language))

    def _measure_value(self, project: Project, measure: str, language: str) -> str:
        """What a project measures, said: "ends in 2024", "5 years, 2020–2024", "11 participating ..."."""
        values = {
            "end": lambda p: {"end": p.end},
            "start": lambda p: {"start": p.start},
            "duration": lambda p: {"years": p.end - p.start + 1, "start": p.start, "end": p.end},
            "participants": lambda p: {"count": len(p.participants)},
        }[measure]
        return self.knowledge.message(f"value_{measure}", language, **values(project))

    def _superlative_again(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        if conversation is None or not (conversation.topic or "").startswith(SUPERLATIVE_TOPIC):
            return None
        measure, _, _ = conversation.topic.removeprefix(SUPERLATIVE_TOPIC).partition("-")
        if intent.form == COUNT and not intent.counted and measure == "participants":
            project = self._project_of(conversation.subject or "")
            if project is not None and self._only_question_words(query):
                counted = self.answers.project(project, "participants", query.language)
                # Still the comparison the conversation is about: "and which has the fewest?" may follow.
                return dataclasses.replace(counted, topic=conversation.topic)
        direction = self.understanding.direction(query.words)
        if intent.form != SUPERLATIVE and direction is not None and measure in MEASURES:
            return self._superlative(query, Superlative(measure, direction))
        return None

    def _yes_no(self, query: Query, last_list: Topic | None = None) -> Answer | None:
        """ "Is NEMO part of DOORS?", "is ASTC a sister network?", "is GlobalSCAPE still running in 2024?":
        the verdict is computed from the data, then the facts it rests on are shown."""
        language = query.language
        projects = self._projects_named(query)
        roles = {role: names for role, names in query.organisations.items() if names}
        if roles and not (projects or query.stems & self._role_cue_stems):
            return (
                None  # "can you recommend a pizza place in Lisbon?" names an organisation, asks nothing of it
            )
        same = self._named_twice(query)
        if same is not None:
            return same
        if not roles:
            unrelated = self._about_something_else(query)
            if unrelated is not None:
                return unrelated
            if len(projects) == 1 and not query.years:
                ranked_first = self._superlative_claimed(query, projects[0])
                if ranked_first is not None:
                    return ranked_first
            if len(projects) == 2 and not query.years:
                compared = self._compared_claim(query, projects)
                if compared is not None:
                    return compared
        if roles:
            role, names = next(iter(roles.items()))
            if not projects:
                answer = self.answers.projects_with(role, names, language)
                return self.answers.with_verdict(answer, bool(answer.listed))
            org = names[0]
            if query.stems & self._leading_stems and role == "participants":
                # "Is Make it Open led by Copernicus Science Centre?": asked of the text that says who leads,
                # not of the table, which lists who takes part.
                return self._led_by(query, projects[0], names)
            answers = []
            for project in projects:
                member = bool(set(names) & set(getattr(project, role)))
                key = ("is_" if member else "not_") + ("participant" if role == "participants" else "funder")
                reason = self.knowledge.message(key, language, org=org, name=project.name)
                if not member:
                    reason += self._taking_part_elsewhere(role, names, language)
                facts = dataclasses.replace(
                    self.answers.project(project, role, language), organisations=(org,)
                )
                answers.append(self.answers.with_verdict(facts, member, reason))
            return answers[0] if len(answers) == 1 else self.answers.combine(answers[0], answers[1])
        if len(projects) == 1 and not roles and query.stems & self._leading_stems:
            led = self._led_by(query, projects[0], [])
            if led is not None:
                return led
        if len(projects) == 1 and not roles and query.stems & self._funder_stems:
            return self._funded_by(query, projects[0])
        if projects and query.years and len(projects) == 1:
            project, year = projects[0], query.years[0]
            # "Does it end in 2023?", "did it start in 2021?", "is it running in 2024?", "beyond 2023?"
            within = self._year_range(query)
            running = (
                self._in_range(project, query, *within) if within else self._in_years(project, query, year)
            )
            key = "runs_in_year" if running else "not_runs_in_year"
            reason = self.knowledge.message(
                key, language, name=project.name, start=project.start, end=project.end, year=year
            )
            facts = self.answers.project(project, "timeframe", language)
            return self.answers.with_verdict(facts, running, reason)
        return (
            self._in_group(query, last_list)
            or self._other_role(query)
            or self._unknown_in_group(query)
            or self._item_claimed(query, last_list)
        )

    def _named_twice(self, query: Query) -> Answer | None:
        """ "ASTC is the Association of Science-Technology Centers, right?", "DOORS = Digital incubator for
        museums?": one thing named by two of its names, claiming nothing else, is itself: yes."""
        named = query.named_entities()
        if len(named) != 1 or named[0] not in query.renamed or self._claim_terms(query) - self._generic_stems:
            return None
        entity = named[0]
        project = self._project_of(entity)
        topic = self._entity_topics.get(entity)
        if project is not None:
            facts = self.answers.project(project, None, query.language)
        elif topic is not None:
            facts = self.answers.topic(topic, query.language)
        else:
            return None
        # In the order they were typed: "ASTC is the Association of...".
        first, second = sorted(
            (query.typed_names[entity], query.renamed[entity]),
            key=lambda n: compact(query.text).find(compact(n)),
        )
        reason = self.knowledge.message("same_thing", query.language, name=first, other=second)
        return self.answers.with_verdict(facts, True, reason)

    def _superlative_claimed(self, query: Query, project: Project) -> Answer | None:
        """ "Is WATER-MINING the project with the most participants?": the comparison over the table, and
        whether the project named comes first."""
        superlative = self.understanding.superlative_among(query.words)
        if superlative is None:
            return None
        answer = self._superlative(query, superlative)
        if answer is None:
            return None
        return self.answers.with_verdict(answer, f"@project:{project.id}" in answer.listed)

    def _item_claimed(self, query: Query, last_list: Topic | None) -> Answer | None:
        """ "Is space exploration one of Ecsite's commitments?", "is inclusion one of them?": a claim checked
        against the items of the list a topic gives (its principles, commitments, benefits)."""
        if query.named_entities() or query.organisations:
            return None
        # "on *Ecsite's* list" is "on the list": the subject's possessive stands where an article does.
        determined = ["the" if stem(w) in self.reader.subject_stems else w for w in query.words]
        if not _runs_any(determined, self._membership_cues):
            return None
        said = {t for t in query.terms if not t.startswith("@")} - self.reader.subject_stems
        claims = said - self._framing_stems
        named = [t for t, naming in self._item_lists.items() if naming & said]
        if not named and query.refers_back and last_list is not None and last_list in self._item_lists:
            named = [last_list]
        if len(named) != 1:
            return None
        doc = self._docs_by_id[named[0].id]
        claimed = claims - self._list_stems(doc)
        if not claimed:
            return None
        answer = self._answer(doc, query, 1.0)
        items = [phrase_stems([line]) for line in answer.body.splitlines() if LIST_ITEM.match(line)]
        best = max((len(claimed & item) for item in items), default=0)
        if 0 < best < len(claimed) / 2:
            return None  # a part of the claim is on the list, the rest is not: not a verdict to give
        shown = said - self._list_stems(doc) - self._membership_stems  # not "biodiversity list"
        typed = " ".join(as_typed(query.text, w) for w in words(query.text) if stem(w) in shown)
        key = "in_group" if best else "not_in_group"
        reason = self.knowledge.message(key, query.language, name=typed, group=named[0].title)
        return self.answers.with_verdict(answer, bool(best), reason)

    def _topics_in_projects(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "Is EUN part of any project?"; "is it in an Ecsite project?" after a partner; "is any of them in
        one?" after the list of partners: a named topic's organisation looked up among the projects'
        participants, by the names the two share ("European Schoolnet")."""
        if intent.form != YES_NO or not query.stems & self._project_stems:
            return None
        if self._projects_named(query) or query.organisations:
            return None
        topics = [e for e in query.named_entities() if e in self._entity_topics]
        if not topics and conversation is not None and query.refers_back and not query.named_entities():
            plural = bool(self._plural_references & set(query.words))
            topics = (
                list(conversation.listed) if plural and conversation.listed else [conversation.subject or ""]
            )
            topics = [t for t in topics if t in self._entity_topics]
        if not topics:
            return None
        names = [name for t in topics for name in self._participant_names.get(t, ())]
        if names:
            return self.answers.with_verdict(
                self.answers.projects_with("participants", names, query.language), True
            )
        if len(topics) != 1:
            return None
        topic = self._entity_topics[topics[0]]
        org = query.typed_names.get(topics[0]) or next(iter(topic.aliases), topic.title)
        reason = self.knowledge.message("in_no_project", query.language, org=org)
        return self.answers.with_verdict(self.answers.topic(topic, query.language), False, reason)

    def _compared_claim(self, query: Query, projects: list[Project]) -> Answer | None:
        """ "Does WATER-MINING last longer than TechEthos?", "did GlobalSCAPE start before SocKETs?": the
        first project named, compared with the second by the measure asked; the comparison shows both."""
        if self._says(query, "sameness"):
            # "Did TechEthos and DOORS start in the same year?": the table's values side by side.
            return self._compared(query, Intent(YES_NO), projects)
        comparison = self.understanding.superlative_among(query.words)
        if comparison is None:
            # "before" and "after" compare two projects' years; said of a year they pick projects instead.
            runs = word_runs(query.words, self._longest_year_cue)
            later = any(cue in runs for cue in self._year_cue_phrases["after"])
            if later == any(cue in runs for cue in self._year_cue_phrases["before"]):
                return None
            measure = "end" if query.stems & self._year_cue_stems["ends"] else "start"
            comparison = Superlative(measure, most=later)
        typed = {p.id: self._typed_at(query, p) for p in projects}
        first, second = sorted(projects, key=lambda p: typed[p.id])
        ours, theirs = first.measure(comparison.measure), second.measure(comparison.measure)
        holds = ours > theirs if comparison.most else ours < theirs
        facts = self._superlative(query, comparison, [first, second])
        if facts is None:
            return None
        # Both, as each measures: the verdict rests on the two values.
        language, measure = query.language, comparison.measure
        lines = [
            f"{self.answers.project_line(p, language)}: {self._measure_value(p, measure, language)}"
            for p in (first, second)
        ]
        return self.answers.with_verdict(dataclasses.replace(facts, body=bullet_list(lines)), holds)

    def _typed_at(self, query: Query, project: Project) -> int:
        """Where in the question a project's name was typed (its first word's position)."""
        typed = query.typed_names.get(f"@project:{project.id}", project.name)
        first = words(typed)[:1]
        return query.words.index(first[0]) if first and first[0] in query.words else len(query.words)

    def _about_something_else(self, query: Query) -> Answer | None:
        """ "Is GlobalSCAPE about water management?": No when not one word of what it is said to be about is
        in what its text says (and the words are ones the sources use, so another word for the same thing
        would be known); otherwise None, and the answer's own words decide."""
        named = query.named_entities()
        if len(named) != 1 or not _says_any(query, self._about_cues):
            return None
        project = self._project_of(named[0])
        if project is not None:
            facts = self.answers.project(project, None, query.language)
            own = phrase_stems([project.name, *project.aliases])
        elif named[0] in self._entity_topics:
            topic = self._entity_topics[named[0]]
            facts = self.answers.topic(topic, query.language)
            own = phrase_stems([topic.title, *topic.aliases])  # "the EAZA *memorandum*"
        else:
            return None
        about = phrase_stems(w for cue in self._about_cues for w in cue)
        claims = self._claim_terms(query) - about - own - self._generic_stems - self._framing_stems
        said = phrase_stems([_answer_text(facts)])
        if not claims or claims & said or not all(t in self.index.idf for t in claims):
            return None
        return self.answers.with_verdict(facts, False)

    def _taking_part_elsewhere(self, role: str, names: list[str], language: str) -> str:
        """ " It takes part in: DOORS.": the projects an organisation is in, said after a No; or nothing."""
        elsewhere = self.answers.projects_with(role, names, language)
        if not elsewhere.listed:
            return ""
        others = ", ".join(p.name for p in map(self._project_of, elsewhere.listed) if p is not None)
        return " " + self.knowledge.message("takes_part_elsewhere", language, org=names[0], projects=others)

    def _lead_sentences(self, project: Project) -> list[str]:
        """The sentences of a project's text that say who leads it (worked out once per project)."""
        saying = self._lead_sentences_of.get(project.id)
        if saying is None:
            saying = [s for s in sentences(project.abstract) if phrase_stems([s]) & self._leading_stems]
            self._lead_sentences_of[project.id] = saying
        return saying

    def _leads(self, name: str, saying: list[str], query: Query) -> bool:
        """Sentences saying who leads name this organisation: by the table's name, or a word of it typed."""
        if any(name.lower() in sentence.lower() for sentence in saying):
            return True
        said = {w for sentence in saying for w in words(sentence)}
        return bool(said & set(query.typed_organisations) & set(words(name)))

    def _leaders(self, names: list[str], query: Query) -> list[str]:
        """Those of the organisations that a project's text says lead it."""
        return [
            name
            for name in names
            if any(
                name in project.participants and self._leads(name, self._lead_sentences(project), query)
                for project in self.knowledge.projects.values()
            )
        ]

    def _led_by(self, query: Query, project: Project, names: list[str]) -> Answer | None:
        """ "Is Make it Open led by Copernicus Science Centre?": Yes or No from a sentence of the project's
        text that says who leads it. When none does: No if the organisation is not even among its
        participants, otherwise not known. `names` are the table's names the question typed, if any."""
        saying = self._lead_sentences(project)
        facts = self.answers.project(project, "participants", query.language)
        if saying:
            if names:
                led = any(self._leads(name, saying, query) for name in names)
            else:
                own = phrase_stems([project.name, *project.aliases, *project.case_sensitive_aliases])
                claims = self._claim_terms(query) - self._leading_stems - self._generic_stems - own
                if not claims:
                    return None
                led = claims <= phrase_stems(saying)
            return self.answers.with_verdict(facts, led, saying[0])
        if names and not set(names) & set(project.participants):
            reason = self.knowledge.message(
                "not_participant", query.language, org=names[0], name=project.name
            ) + self._taking_part_elsewhere("participants", names, query.language)
            return self.answers.with_verdict(facts, False, reason)
        return self._decline(query, []) if names else None

    def _funded_by(self, query: Query, project: Project) -> Answer | None:
        """ "Is Road-STEAMer funded by Horizon Europe?": asked of its funders, never of its abstract (which
        names Horizon Europe as what it advises). Yes when the funder named is in the table; otherwise its
        funders, for the reader to judge: the table may name a programme by another of its names."""
        own = phrase_stems([project.name, *project.aliases, *project.case_sensitive_aliases])
        claims = self._claim_terms(query) - self._funder_stems - own
        if not claims:
            return None
        facts = self.answers.project(project, "funders", query.language)
        names, _ = self._funder_named(query.words, own)
        # "Is DOORS funded by Creative Europe?": the name beside "funded" is claimed, not "get" or "its".
        claim = self._funder_claim(query, names, list(project.funders))
        if claim is not None:
            funds, named = claim
            claims = {stem(w) for w in named}
        else:
            funds = self._funds(query, claims, list(project.funders))
        if funds is None:
            return facts
        claimed = " ".join(as_typed(query.text, w) for w in query.words if stem(w) in claims)
        reason = (
            ""
            if funds
            else self.knowledge.message("not_funder", query.language, org=claimed, name=project.name)
        )
        return self.answers.with_verdict(facts, funds, reason)

    def _funder_claim(
        self, query: Query, names: list[list[str]], funders: list[str]
    ) -> tuple[bool, list[str]] | None:
        """The first of the names beside "funded" whose claim can be told, and whether it is a funder."""
        for named in names:
            funds = self._funds(query, {stem(w) for w in named}, funders)
            if funds is not None:
                return funds, named
        return None

    def _funds(self, query: Query, claims: set[str], funders: list[str]) -> bool | None:
        """Whether the claimed name (its stems) is one of the funders the table names. None when that cannot
        be told: a name sharing a common word with a funder ("the European Commission") may be another
        name of it."""
        stems = [phrase_stems([name]) for name in funders]
        if not claims:
            return None
        if any(claims <= funder for funder in stems):
            return True
        # "Is it EU funded?": the initials of whose programme it is ("European Union's Horizon 2020").
        owners = [re.match(r"([^']+)['’]s\b", name) for name in funders]
        if claims & {_initials(owner[1]) for owner in owners if owner} - {""}:
            return True
        # "Horizon Europe" for a project the table funds by "Horizon 2020": another programme of that name.
        distinctive = {t for t in claims if self.index.idf.get(t, 0.0) >= self.tuning.distinctive_idf}
        if any(distinctive & funder for funder in stems):
            return False
        # "Creative Europe", "Erasmus+": a name, typed as one or never used by the sources, that shares no
        # word with any funder, nor is one's initials ("EU"). A word the sources lack ("same") is not a name.
        initials = [_initials(name) for name in funders]
        # "erasmus+" is typed as a name: a word with a sign of its own.
        signed = {stem(w) for w in words(" ".join(SIGNED_NAME.findall(query.text)))}
        typed_as_name = claims <= query.capitalised | (query.unknown & signed)
        shares = any(claims & funder for funder in stems)
        abbreviates = any(len(t) >= 2 and t in spelled for t in claims for spelled in initials)
        return False if typed_as_name and not shares and not abbreviates else None

    def _other_role(self, query: Query) -> Answer | None:
        """ "Is Catherine Franche the president?": what is asked belongs to another of her group (the
        President), so the answer is no, with who she is and who the other is."""
        named = [self._entity_topics[e] for e in query.named_entities() if e in self._entity_topics]
        if len(named) != 1 or not named[0].group or self._placed_unknowns(query):
            return None  # "is SAASTEC headquartered in Johannesburg?" claims a place, not another role
        if query.stems & self._ranking_stems:
            return None  # "is ASTC the greatest of them?" ranks, which no role says
        topic = named[0]
        claims = {t for t in query.terms if not t.startswith("@")}
        foreign = self._foreign_terms(query, self._docs_by_id[topic.id])
        # "Is Ulrike Kastrup the president?": her title says more than the claim ("Vice-President").
        claimed_title = [
            sibling
            for sibling in self.knowledge.group(topic.group)
            if self._title_stems(sibling) <= claims and not self._title_stems(topic) <= claims
        ]
        if not foreign and not claimed_title:
            return None
        # "Is Catherine Franche the vice-president?": the title saying most of the claim is the one claimed.
        said_most = sorted(
            (s for s in claimed_title if self._title_stems(s)), key=lambda s: -len(self._title_stems(s))
        )
        siblings = [*said_most, *(s for s in self.knowledge.group(topic.group) if s not in said_most)]
        for sibling in siblings:
            sibling_doc = self._docs_by_id[sibling.id]
            by_terms = bool(foreign) and all(term in sibling_doc.terms for term in foreign)
            if sibling.id != topic.id and (by_terms or sibling in claimed_title):
                name = topic.aliases[0] if topic.aliases else topic.title
                reason = self.knowledge.message("not_that", query.language, name=name, what=sibling.title)
                own = self.answers.with_verdict(self.answers.topic(topic, query.language), False, reason)
                return self.answers.combine(own, self.answers.topic(sibling, query.language))
        return None

    def _title_stems(self, topic: Topic) -> set[str]:
        return phrase_stems([topic.title]) - self.reader.subject_stems - self._framing_stems

    def _in_group(self, query: Query, last_list: Topic | None = None) -> Answer | None:
        """ "Is ESA one of Ecsite's partners?": a named topic, and the topic listing a group it may be in."""
        named = [self._entity_topics[e] for e in query.named_entities() if e in self._entity_topics]
        if len(named) != 1:
            return None
        topic = named[0]
        others = {t: w for t, w in query.terms.items() if not t.startswith("@")}
        if not others and not (query.refers_back and last_list is not None):
            return None
        if query.stems & self._ranking_stems:
            return None  # "is ASTC the greatest of the sister networks?" ranks them, which no list does
        explained, lister = self._best_lister(others)
        if (lister is None or explained < self.tuning.answer_coverage) and query.refers_back:
            lister, explained = last_list, 1.0  # "is ESA one of them?", "is ESA on that list too?"
        if lister is None or explained < self.tuning.answer_coverage or lister.id == topic.id:
            return None
        member = topic.group == lister.list_of
        key = "in_group" if member else "not_in_group"
        # As typed: "is BGCI a partner?" is about BGCI, though its topic is the memorandum with EAZA too.
        name = query.typed_names.get(f"@topic:{topic.id}") or (
            topic.aliases[0] if topic.aliases else topic.title
        )
        reason = self.knowledge.message(key, query.language, name=name, group=lister.title)
        return self.answers.with_verdict(self.answers.topic(topic, query.language), member, reason)

    def _best_lister(self, terms: dict[str, float]) -> tuple[float, Topic | None]:
        """The topic listing a group ("Ecsite's sister networks") that explains these words best."""
        best: tuple[float, Topic | None] = (0.0, None)
        for lister in self._group_lists.values():
            explained = coverage(self._docs_by_id[lister.id], terms)
            if explained > best[0]:
                best = (explained, lister)
        return best

    def _unknown_in_group(self, query: Query) -> Answer | None:
        """ "Is CERN one of Ecsite's partners?": a name the sources never use, asked of a list they give, is
        not on it; the answer says so and shows the list."""
        pronoun = bool(self._pronouns & set(query.words))
        if query.named_entities() or query.organisations or not query.unknown or pronoun:
            return None  # "is it a sister network?" is about what "it" is, asked in a follow-up
        claimed = query.unknown - self._ellipsis_stems  # "is ESA one of them *too*?"
        if not claimed or query.stems & self._ranking_stems:
            return None  # "is ecsite the best science network?" ranks; it names nothing to find on a list
        others = {t: w for t, w in query.terms.items() if t not in query.unknown and not t.startswith("@")}
        explained, lister = self._best_lister(others)
        if lister is None or explained < self.tuning.answer_coverage:
            return None
        typed = [w for w in words(query.text) if stem(w) in claimed]
        name = " ".join(as_typed(query.text, w) for w in typed)
        reason = self.knowledge.message("not_in_group", query.language, name=name, group=lister.title)
        listing = self._answer(self._docs_by_id[lister.id], query, explained)
        return self.answers.with_verdict(listing, False, reason)

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

    def _suggestions(self, ranked: list[Scored], language: str) -> list[Suggestion]:
        suggestions: list[Suggestion] = []
        for item in ranked:
            if (
                item.coverage < self.tuning.suggestion_coverage
                or len(suggestions) == self.tuning.max_suggestions
            ):
                break
            label = self._suggestion_label(item.doc, language)
            if label and all(s.label != label for s in suggestions):
                suggestions.append(Suggestion(item.doc.id, label))
        return suggestions

    def _suggestion_label(self, doc: Doc, language: str) -> str | None:
        if doc.kind == "topic":
            topic = self.knowledge.topics.get(doc.id) or self.knowledge.projects_topic
            return topic.suggest or topic.title
        if doc.kind in ("project", "attribute", "passage"):
            project = self.knowledge.projects[doc.target]
            key = f"suggest_{doc.attribute}" if doc.kind == "attribute" else "suggest_project"
            return self.knowledge.message(key, language, name=project.name)
        return None

    # -- answers ------------------------------------------------------------------------------------------

    def _answer(self, doc: Doc, query: Query, score: float) -> Answer:
        language = query.language
        if doc.kind == "topic":
            if doc.id == self.knowledge.projects_topic.id:
                return self.answers.projects_list(language, score)
            return self.answers.topic(self.knowledge.topics[doc.id], language, score)
        if doc.kind in ("project", "attribute"):
            return self.answers.project(self.knowledge.projects[doc.target], doc.attribute, language, score)
        if doc.kind == "passage":
            number = int((doc.attribute or "passage-0").rsplit("-", 1)[1])
            return self.answers.passage(self.knowledge.projects[doc.target], number, language, score)
        if doc.kind == "role-query":
            role = doc.attribute or "participants"
            names = query.organisations.get(role, [])
            if role == "participants" and query.stems & self._leading_stems:
                names = (
                    self._leaders(names, query) or names
                )  # "which project is led by a museum in Jerusalem?"
            listing = self.answers.projects_with(role, names, language, score)
        else:
            listing = self.answers.projects_in_years(
                sorted(set(query.years)), self._year_mode(query), language, score
            )
        # "Which projects are NOT funded by Horizon 2020?", "which didn't end in 2023?": the others.
        return self.answers.other_projects(listing) if self._negations & set(query.words) else listing

    def _years_pointed_back(self, query: Query, conversation: Conversation) -> Query:
        """ "Which projects end in 2023?" then "and which go beyond that?": the years of the last question,
        where a time before or after points back at them."""
        typed = query.words
        relative = [*self._year_cue_phrases["after"], *self._year_cue_phrases["before"]]
        for position in range(len(typed)):
            for cue in relative:
                end = position + len(cue)
                if tuple(typed[position:end]) == cue and opens_with(typed, self._time_pointers, end):
                    years = [int(y) for y in YEAR_IN_TEXT.findall(conversation.question)]
                    return dataclasses.replace(query, years=years) if years else query
        return query

    def _year_mode(self, query: Query) -> str:
        """How a question's years select projects: "after 2023", "started between 2021 and 2022"..."""
        runs = word_runs(query.words, self._longest_year_cue)
        for mode in ("after", "before"):
            if any(cue in runs for cue in self._year_cue_phrases[mode]):
                return mode
        if query.stems & self._year_cue_stems["starts"]:
            return "starts"
        if query.stems & self._year_cue_stems["ends"]:
            return "ends"
        return "span" if len(set(query.years)) >= 2 else "running"

    # -- follow-ups ---------------------------------------------------------------------------------------

    def _asks_kind_only(self, query: Query) -> bool:
        """ "What month?", "budget?": a kind of thing an answer must hold (`held_kinds`), and nothing else."""
        kinds = self._held_kinds.asked(query.words, query.text)
        if query.entities or not kinds:
            return False
        return query.terms.keys() <= self._question_stems | HeldKinds.said(kinds)

    def _only_question_words(self, query: Query) -> bool:
        """ "when?", "who?": a question that names nothing, so it can only be about the last subject."""
        return not query.entities and query.terms.keys() <= self._question_stems

    @staticmethod
    def _remember(conversation: Conversation | None, answer: Answer) -> Answer:
        if conversation is not None:
            conversation.remember(answer)
        return answer


def _same_word(term: str, word: str) -> bool:
    """A stem and a word of a name in any of the languages names are written in: "universiti" and
    "Universiteit", "museum" and "Museo" share their beginning."""
    shortest = min(len(term), len(word))
    shared = next((i for i, (a, b) in enumerate(zip(term, word, strict=False)) if a != b), shortest)
    return shared >= max(MIN_SHARED_PREFIX, shortest - 2)


def _initials(name: str) -> str:
    """The initials of a name's capitalised words, lower-case: "European Union" is "eu"."""
    return "".join(w[0] for w in original_words(name) if w[:1].isupper()).lower()


def _answer_text(answer: Answer) -> str:
    return "\n".join([answer.title, answer.body, *(f"{f.name} {f.value}" for f in answer.fields)])


def load_engine(
    data_dir: Path | None = None, *, cache_dir: Path | None = None, learned: Path | None = None
) -> Engine:
    """Load, validate and index the knowledge base (the bundled one by default), through the start-up cache
    in `cache_dir` when given one; with `learned`, the phrasings taught in that file too
    (knowledge/learned.py)."""
    with collector.paused():
        return _load_engine(Path(data_dir) if data_dir is not None else DATA_DIR, cache_dir, learned)


def _load_engine(root: Path, cache_dir: Path | None, learned: Path | None) -> Engine:
    extra = [Path(learned)] if learned is not None else []
    key = cache.cache_key(root, extra) if cache_dir is not None and root.is_dir() else None
    if cache_dir is not None and key is not None:
        cached = cache.load(cache_dir, key)
        if cached is not None:
            knowledge, index = cached
            knowledge.data_dir = root
            return Engine(knowledge, index)
    engine = Engine(with_learned(load_knowledge_base(root), learned))
    if cache_dir is not None and key is not None:
        cache.store(cache_dir, key, engine.knowledge, engine.index)
    return engine
