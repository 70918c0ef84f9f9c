"""Question -> Answer: read the question, rank the knowledge base's documents, answer or decline.

The engine answers directly only when the best document explains most of the question and is clearly ahead of
the runner-up; otherwise it declines and offers up to three "did you mean" suggestions.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge import cache, collector
from knowledge.answer import Answer, Suggestion, answer_text
from knowledge.answerability import WORD_OR_MARK, Answerability
from knowledge.answers import AnswerBuilder
from knowledge.claims import Claims
from knowledge.clauses import Clauses
from knowledge.conversation import ORGANISATION, Conversation
from knowledge.figures import Figures
from knowledge.follow_ups import FollowUps
from knowledge.held_kinds import HeldKinds
from knowledge.index import YEAR_IN_TEXT, Doc, Index, build_index
from knowledge.learned import with_learned
from knowledge.loader import DATA_DIR, KnowledgeBase, Project, Topic, load_knowledge_base
from knowledge.ranking import Ranker, Scored, runner_up
from knowledge.reading import Query, Reader
from knowledge.structured import StructuredQueries
from knowledge.text import phrase_stems, stem, words
from knowledge.tuning import DEFAULT_TUNING, Tuning
from knowledge.understanding import (
    COUNT,
    FACT,
    YES_NO,
    Intent,
    Understanding,
    is_plural,
    opens_with,
    runs_any,
)


def _asks_how_to(query: Query) -> bool:
    """ "How do I join?", "how does it work?": what to do or how, not "how many"."""
    return query.words[:1] == ["how"] and query.words[1:2] != ["many"]


class Engine(Clauses, Figures, Answerability, Claims, StructuredQueries, FollowUps):
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
        self._count_cues = [tuple(words(cue)) for cue in language.question_forms.get("count", ())]
        self._related_stems = (
            phrase_stems(language.question_forms.get("related", ())) | self.reader.subject_stems
        )
        self._project_attribute_stems = phrase_stems(
            cue for cues in language.project_attributes.values() for cue in cues
        )
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
            bool(self._extension_words & set(query.words))
            or runs_any(query.words, self._results_cues)
            or done
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
        lister = self._lister_of(conversation.listed)
        if lister is not None and runs_any(query.words, self._combined_cues):
            # "Which sister networks cover Africa?" then "how many are there in total?": all of them.
            doc = self._docs_by_id[lister.id]
            return self._answerable(query, intent, doc, self._answer(doc, query, 1.0))
        projects = [self._project_of(s) for s in conversation.listed]
        if not all(projects):
            return None
        chosen = [p for p in projects if p is not None]
        listing = self.answers.projects_listed(chosen, conversation.listed_title, query.language)
        return self.answers.with_count(listing, len(chosen), self._projects_noun(len(chosen), query.language))

    def _lister_of(self, subjects: Iterable[str]) -> Topic | None:
        """The topic listing a group, when these subjects are all of that one group (sister networks...)."""
        groups = {
            topic.group if topic is not None else None
            for topic in (self._entity_topics.get(subject) for subject in subjects)
        }
        group = groups.pop() if len(groups) == 1 else None
        return self._group_lists.get(group) if group else None

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
        return answer if self._states_count(answer_text(answer), intent) else None

    def _group_counted(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "What is EUSEA?", "and ECSA?", then "how many partners are in this list?": the list the subject
        talked about is one of, counted."""
        if conversation is None or intent.form != COUNT or query.named_entities():
            return None
        lister = self._lister_of([conversation.subject or ""])
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
                if intent.form == YES_NO:  # "does ecsite have a sister network in africa?"
                    answer = self.answers.with_verdict(answer, True)
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
        # "What are the sister *networks* in Africa?", "which networks": several are asked for.
        several = intent.asks_names or any(is_plural(w) and stem(w) in listing for w in query.words)
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
        # "Which sister network is for Africa?": every one that is; "an Asian equivalent of Ecsite?": the list
        # is about all of them, and the one the rest of the question names is meant.
        return members if len(members) >= 2 or (members and topic.list_of and not several) else None

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

    def _topic_of(self, doc: Doc | None) -> Topic | None:
        """The topic a document is, if it is one."""
        return self.knowledge.topics.get(doc.target) if doc is not None and doc.kind == "topic" else None

    def _list_stems(self, doc: Doc) -> set[str]:
        """What a topic that is a list says it lists: the stems of its title and count noun."""
        topic = self._topic_of(doc)
        if topic is None or not (topic.count_noun or topic.list_of):
            return set()
        return phrase_stems([topic.title, topic.count_noun or ""])

    def _keyword_stems(self, doc: Doc) -> set[str]:
        """The stems of a topic's keywords: what its curator says it is about."""
        topic = self._topic_of(doc)
        return phrase_stems(topic.keywords) if topic is not None else set()

    def _decline(self, query: Query, ranked: list[Scored]) -> Answer:
        suggestions = self._suggestions(ranked, query.language)
        return self.answers.decline(suggestions, query.language, ranked[0].score if ranked else 0.0)

    # -- answerability: the answer must hold the kind of thing asked ----------------------------------------

    # -- answers computed from the structured data ------------------------------------------------------

    def _project_of(self, subject: str) -> Project | None:
        """The project a subject ("@project:doors") names, if it names one."""
        kind, _, name = subject.partition(":")
        return self.knowledge.projects.get(name) if kind == "@project" else None

    def _projects_named(self, query: Query) -> list[Project]:
        return [p for p in map(self._project_of, query.named_entities()) if p is not None]

    def _last_list(self, conversation: Conversation | None) -> Topic | None:
        """The list the last answer was, or belonged to: what "them" and "that list" are."""
        topic = self.knowledge.topics.get(conversation.topic or "") if conversation is not None else None
        if topic is None:
            return None
        if topic.list_of or topic in self._item_lists:
            return topic
        return self._group_lists.get(topic.group or "")

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
