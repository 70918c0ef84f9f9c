"""Whether an answer holds what the question asks: a date for "when", a place for "where", a number of
those things for "how many", a person or organisation for "who", the kind a question asks (a month, an
amount) and not only something close to it. `Answerability._answerable` shapes the answer to the
question's form or returns None, and the engine declines.

`Answerability` is a part of `Engine` (knowledge/engine.py), as `FollowUps` is.
"""

from __future__ import annotations

import itertools
import re

from knowledge.answer import Answer, answer_text
from knowledge.answers import LIST_ITEM
from knowledge.held_kinds import HeldKinds
from knowledge.index import YEAR_IN_TEXT, Doc
from knowledge.reading import Query
from knowledge.text import phrase_stems, same_word, stem, words
from knowledge.understanding import (
    AMOUNT,
    COUNT,
    FACT,
    SUPERLATIVE,
    YES_NO,
    Intent,
    cues_in,
    is_plural,
    opens_with,
    runs_any,
)

NUMBER_IN_TEXT = re.compile(r"\d")
WORD_OR_MARK = re.compile(r"\w+|[(:]")
# A place in an answer: a capitalised word that does not open a sentence ("based in Brussels").
PLACE_IN_TEXT = re.compile(r"(?<![.!?:]\s)(?<!^)(?<=\s|\()[A-Z][\w'’-]+", re.MULTILINE)
# A name in an answer: two or more capitalised words ("Bloomfield Science Museum", "Museum of Science and
# Technology"), or one word with two capitals ("EAZA", "RedPOP").
NAME_IN_TEXT = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|for|the|de|des|du|la|le|del|della|di|van|von|für|und)\s+)*[A-Z][\w'’.-]*)+"
    r"|\b\w*[A-Z]\w*[A-Z]\w*\b"
)


class Answerability:
    """The answerability checks of `Engine`."""

    def _answerable(self, query: Query, intent: Intent, doc: Doc | None, answer: Answer) -> Answer | None:
        """The answer, shaped to the question's form; None when it does not hold what is asked."""
        empty_years = doc is not None and doc.kind == "year-query" and not answer.listed
        future = bool(query.stems & self._pointed) or "will" in query.words
        if empty_years and (intent.form != YES_NO or (future and not self._within_the_table(query.years))):
            # "which projects will Ecsite launch in 2026?", "will it start new projects in 2030?": the table
            # has none, and says nothing of what is to come. ("Did any project start in 2019?" is a No.)
            return None
        text = answer_text(answer)
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
        if intent.asks_agent and runs_any(query.words, self._behalf_cues) and not self._names_a_person(text):
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
            and self._year_mode(query).endswith(("after", "before"))
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
            and runs_any(query.words, self._role_cues)
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
        hinges = cues_in(query.words, self._only_if_said)
        if hinges and not runs_any(words(text), hinges):
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

    def _part_of_a_whole(self, query: Query, text: str) -> bool:
        """The question asks of one alone, and the answer gives a number only of several together."""
        if not runs_any(query.words, self._alone_cues) or not self._stated_numbers(text):
            return False
        return runs_any(words(text), self._combined_cues)

    def _content_unsaid(self, query: Query, doc: Doc | None, pointed: bool = False) -> bool:
        """The question asks what a document says, and the topic answering only names that document; with
        `pointed`, the document is "it", one the topic answered before names."""
        topic = self._topic_of(doc)
        if topic is None or not topic.mentioned or not runs_any(query.words, self._content_cues):
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
        return bool(self._agent_words & set(query.words)) and runs_any(query.words, self._earlier_holders)

    def _relative_in_time(self, query: Query) -> bool:
        return runs_any(query.words, self._relative_time)

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
            if all(any(same_word(t, w) for w in words(name)) for t in kind)
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
