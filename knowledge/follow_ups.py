"""Questions that go on from the conversation: asked again about something else ("and DOORS?"), pointing into
the last list ("the second one", "both"), comparing the subjects talked about ("same dates?"), and about the
subject itself ("when does it end?").

`FollowUps` is a part of `Engine` (knowledge/engine.py), kept here so that a reader finds what a follow-up
does in one place; its methods read the engine's cues, tables and ranking.
"""

from __future__ import annotations

import dataclasses
import re

from knowledge.answer import Answer
from knowledge.answers import LIST_ITEM, SUPERLATIVE_TOPIC
from knowledge.conversation import ORGANISATION, Conversation
from knowledge.index import YEAR_IN_TEXT, YEAR_PATTERN, Doc
from knowledge.loader import Project
from knowledge.ranking import Scored, coverage, runner_up, score_of
from knowledge.reading import Query
from knowledge.text import as_typed, phrase_stems, stem, words
from knowledge.understanding import COUNT, FACT, SUPERLATIVE, YES_NO, Intent, opens_with, runs_any, word_runs

MAX_SWAPPED_WORDS = 3
NUMBERED_POSITION = re.compile(r"^(\d)(?:st|nd|rd|th)$")  # "4th"


class FollowUps:
    """The follow-up handlers of `Engine`; each returns None when the question does not continue that way."""

    def _continued(self, query: Query, intent: Intent, conversation: Conversation) -> Answer | None:
        """The question as a continuation of the conversation, when it reads as one: the last question asked
        again about something else, another project of the organisations talked about, a project compared
        with the subject, or something said of the subjects it points at."""
        again = (
            self._asked_again(query, conversation)
            or self._swapped_again(query, conversation)
            or self._year_again(query, conversation)
        )
        if again is not None:
            return again
        elsewhere = self._elsewhere_again(query, intent, conversation)
        if elsewhere is not None:
            return elsewhere
        alike = self._alike_to_subject(query, intent, conversation)
        if alike is not None:
            return alike
        rest = self._the_rest(query, conversation)
        if rest is not None:
            return rest
        # "Which project has the most participants?" after one project: a comparison over all of them.
        over_all = intent.form == SUPERLATIVE and bool(query.stems & self._project_stems)
        if over_all and len(conversation.listed) < 2:
            return None
        if (conversation.subject or conversation.listed) and not query.named_entities():
            referred = self._referred(query, conversation)
            if referred is not None:
                return self._about_each(query, intent, referred)
        return self._compared_in_turn(query, intent, conversation)

    def _source_of_last(self, query: Query, conversation: Conversation) -> Answer | None:
        """ "source?", "where's that from?", "which source says which?": the last answer again, saying that it
        comes from the sources it gives (each fact of it with its own, where they differ)."""
        last = conversation.last_answer
        if last is None or not last.sources or query.named_entities() or query.years:
            return None
        if not word_runs(query.words, self._longest_source_cue) & self._source_cues:
            return None
        if set(query.terms) - self._source_cue_stems - self._generic_stems - self._question_stems:
            return None  # "where does the 320 figure come from?" asks about a figure of its own
        said = self.knowledge.message("source_body", query.language)
        if last.body.startswith(said):  # asked again
            return last
        return dataclasses.replace(last, body=f"{said}\n\n{last.body}" if last.body else said)

    def _the_rest(self, query: Query, conversation: Conversation) -> Answer | None:
        """ "Which projects end in 2023?" then "and which ones don't?": the projects that list leaves out."""
        listed = conversation.listed
        if not listed or not all(self._project_of(s) is not None for s in listed) or query.named_entities():
            return None
        # An attribute is asked of its own ("and which has no website?"), though it frames other questions.
        own = set(query.terms) - (self._pointing_stems - self._website_stems - self._attribute_stems)
        if not (self._negations & set(query.words)):
            return None
        if own and not (conversation.question and own <= set(self.read(conversation.question).terms)):
            # "which ones aren't funded by Horizon 2020?" asks something of its own; "and which ones don't end
            # in 2023?" after "which end in 2023?" only says again what the list was.
            return None
        listing = Answer(
            answered=True,
            title=conversation.listed_title,
            body="",
            sources=self.knowledge.projects_topic.sources,
            topic=conversation.topic,
            listed=listed,
            language=query.language,
        )
        return self.answers.other_projects(listing)

    def _compared_in_turn(self, query: Query, intent: Intent, conversation: Conversation) -> Answer | None:
        """ "Which started earlier?" after a list of projects or two projects talked about in turn: compared
        among them, though the question does not say "of them"."""
        if intent.form != FACT or query.named_entities() or query.stems & self._project_stems:
            return None
        talked_about = conversation.listed if len(conversation.listed) >= 2 else conversation.recent[-2:]
        projects = [p for p in map(self._project_of, talked_about) if p is not None]
        superlative = self.understanding.superlative_among(query.words)
        if len(projects) < 2 or len(projects) != len(talked_about) or superlative is None:
            return None
        return self._superlative(query, superlative, projects)

    def _compared_with_subject(
        self, query: Query, intent: Intent, conversation: Conversation, named: list[Project]
    ) -> Answer | None:
        """ "Which has more, that one or SocKETs?", "compared with TechEthos, which started first?", "is that
        more than Road-STEAMer?": the project talked about against the one named. What is compared may be in
        the question before ("how many partners does it have?")."""
        talked_about = self._project_of(conversation.subject or "")
        if talked_about is None or len(named) != 1 or named[0] == talked_about or not query.refers_back:
            return None
        if intent.form not in (FACT, YES_NO):
            return None
        superlative = self.understanding.superlative_among(
            query.words
        ) or self.understanding.superlative_among([*query.words, *words(conversation.question)])
        if superlative is None:
            return None
        pair = [talked_about, named[0]]
        answer = self._superlative(query, superlative, pair)
        if answer is None or intent.form == FACT:
            return answer
        # "Is that more than Road-STEAMer?": yes when the one talked about comes first, and alone; the other's
        # figure is shown beside it.
        first, second = (p.measure(superlative.measure) for p in pair)
        if first == second:
            return self.answers.with_verdict(answer, False)
        ahead = (first > second) == superlative.most
        behind = pair[1] if ahead else pair[0]
        attribute = "participants" if superlative.measure == "participants" else "timeframe"
        other = self.answers.project(behind, attribute, query.language)
        return self.answers.combine(self.answers.with_verdict(answer, ahead), other)

    def _asked_again(self, query: Query, conversation: Conversation) -> Answer | None:
        """ "And DOORS?", "what about EAZA?", "and Copernicus Science Centre?", "and CERN?": the last question
        again, about the newly named thing."""
        if not conversation.question or not conversation.names:
            return None
        if query.words[:1] and query.words[0] in self._yes_no_openers:
            return None  # "is SAASTEC one too?" asks yes or no of its own
        named = query.named_entities()
        # A name the sources never use ("CERN") may stand where a named topic or an organisation stood.
        unknown_name = [w for w in words(query.text) if stem(w) in query.unknown & query.capitalised]
        if len(named) == 1:
            [entity] = named
            kinds = {entity.split(":", 1)[0]}
            new_name = query.typed_names.get(entity, query.entities.get(entity, entity))
        elif not named and len(query.typed_organisations) == 1 and not unknown_name:
            entity, kinds, new_name = ORGANISATION, {ORGANISATION}, query.typed_organisations[0]
        elif not named and not query.organisations and unknown_name:
            entity, kinds = ORGANISATION, {ORGANISATION, "@topic"}
            new_name = " ".join(as_typed(query.text, w) for w in unknown_name)
        else:
            return None
        if not self._only_names(query):
            return None  # the new message asks something of its own
        old = [
            (e, text) for e, text in conversation.names if e.split(":", 1)[0] in kinds and text != new_name
        ]
        if not old or (entity != ORGANISATION and old[0][0] == entity):
            return None
        said = re.compile(r"\W+".join(map(re.escape, old[0][1].split())), re.IGNORECASE)
        again = said.sub(lambda _: new_name, conversation.question, count=1)
        if again == conversation.question:
            return None
        # An organisation swapped keeps what "it" was ("does NEMO take part in it?", "what about Lenntech?");
        # a subject swapped for another is no longer the subject.
        keep = old[0][0] == ORGANISATION
        context = dataclasses.replace(
            conversation,
            subject=conversation.subject if keep else None,
            listed=conversation.listed if keep else (),
            question="",
            names=(),
        )
        answer = self._respond(self.read(again, query.language), context)
        return answer if answer.answered else None

    def _year_again(self, query: Query, conversation: Conversation) -> Answer | None:
        """ "Which projects were still running in 2024?" then "and in 2025?": the last question again, about
        the year now named."""
        typed = words(query.text)
        if not query.years or not conversation.question or not opens_with(typed, self._ellipsis_openers):
            return None
        if query.named_entities() or {t for t in query.terms if not t.startswith("@")} - self._ellipsis_stems:
            return None  # "and which of them started in 2021?" asks something of its own
        old_years = YEAR_IN_TEXT.findall(conversation.question)
        if len(set(old_years)) != 1 or len(set(query.years)) != 1:
            return None
        again = conversation.question.replace(old_years[0], str(query.years[0]))
        context = dataclasses.replace(conversation, question="", names=())
        answer = self._respond(self.read(again, query.language), context)
        return answer if answer.answered else None

    def _only_names(self, query: Query) -> bool:
        """ "And DOORS?", "what about Tom Tits Experiment?": nothing but names and an ellipsis' words."""
        asked = query.unknown & query.capitalised
        return not any(
            not term.startswith("@") and term not in self._ellipsis_stems and term not in asked
            for term in query.terms
        )

    def _elliptic(self, query: Query, conversation: Conversation | None) -> bool:
        """A turn that asks the last question again of other names, and says so ("and DOORS?")."""
        typed = words(query.text)
        return (
            conversation is not None
            and bool(conversation.question)
            and opens_with(typed, self._ellipsis_openers)
            and self._only_names(query)
        )

    def _swapped_again(self, query: Query, conversation: Conversation) -> Answer | None:
        """ "What does Ecsite offer its members?" then "and partners?": the last question again with one of
        its words in place of another, the reading that answers something new."""
        typed = words(query.text)
        if not conversation.question or not typed or query.named_entities() or query.organisations:
            return None
        if query.refers_back or any(stem(w) in self._question_stems for w in typed):
            return None  # "and when was it founded?" asks a question of its own about "it"
        if self._says(query, "last_one") or self._ordinals.keys() & set(typed):
            return None  # "and the last one?" points into the list answered, not at another word
        if not opens_with(typed, self._ellipsis_openers) or self._negations & set(typed):
            # "and which ones don't end in 2023?" asks for the others, not for a word swapped
            return None
        superlative = (conversation.topic or "").startswith(SUPERLATIVE_TOPIC)
        if superlative and self.understanding.direction(typed) is not None:
            return None  # "and the fewest?" turns the comparison around (Engine._superlative_again)
        new = [w for w in typed if w not in self._stopwords and stem(w) not in self._ellipsis_stems]
        if not new or len(new) > MAX_SWAPPED_WORDS or not {stem(w) for w in new} & set(query.terms):
            return None
        old = words(conversation.question)
        named = {w for _, text in conversation.names for w in words(text)}
        context = dataclasses.replace(conversation, subject=None, question="", names=())
        # "Is health one of them?" then "what about space exploration?": checked again of the same list.
        checked_again = bool(old) and old[0] in self._yes_no_openers
        best: Answer | None = None
        for position, word in enumerate(old):
            if word in self._stopwords or word in self._subject_words or word in named:
                continue
            swapped = " ".join([*old[:position], *new, *old[position + 1 :]])
            answer = self._respond(self.read(swapped, query.language), dataclasses.replace(context))
            new_answer = answer.answered and (answer.topic != conversation.topic or checked_again)
            if new_answer and (best is None or answer.score > best.score):
                best = answer
        return best

    def _may_follow_up(self, query: Query, ranked: list[Scored]) -> bool:
        """A question with no name of its own that refers back, or that nothing answers well alone."""
        if query.named_entities():
            return False
        if query.refers_back:
            return True
        # Otherwise `_follow_up` keeps the subject only when its facts explain the question as well as
        # anything else does ("and how many organisations take part?").
        return not query.mentions_subject

    def _follow_up(
        self, query: Query, intent: Intent, conversation: Conversation, ranked: list[Scored]
    ) -> Answer:
        subject = conversation.subject
        assert subject is not None
        with_subject = self._with_subject(query, subject)
        if query.refers_back:
            # "is it a sister network?", "is Parque de las Ciencias in it?": computed about the subject.
            structured = self._structured(with_subject, intent)
            if structured is not None:
                return structured
        follow_ranked = [s for s in self.rank(with_subject) if s.doc.entity == subject]
        if follow_ranked:
            best = follow_ranked[0]
            # The subject is given; the question's own words must still be what the answer is about.
            # "How many partners?": "how many" asks for a number, which `_answerable` checks; only "partners"
            # needs to be one of the subject's facts.
            said = {t: w for t, w in query.terms.items() if t not in self._question_stems}
            own = coverage(best.doc, said if intent.form == COUNT else query.terms)
            # An answer about Ecsite itself (a topic of no name of its own: its names, its partners) does not
            # compete with the subject when the question does not name Ecsite and the subject is something
            # else ("what's DOORS?", "what does the acronym stand for?").
            about_ecsite = bool(ranked) and ranked[0].doc.entity is None and ranked[0].doc.kind == "topic"
            aside = about_ecsite and not query.mentions_subject
            alone = ranked[0].coverage if ranked and not aside else 0.0
            refers_back = query.refers_back or self._only_question_words(query)
            # "it" says what the question is about, so its own words need only point at one of its facts; a
            # question with no subject of its own ("Quando è iniziato?") is about the subject when the
            # subject's facts explain it as well as anything else does.
            needed = self.tuning.suggestion_coverage if query.refers_back else self.tuning.answer_coverage
            # "Who is the president?" after the vice-president: her facts mention presidents, but another
            # answer reads as the question far better, so the subject changes.
            better_alone = (
                best.doc.kind == "topic"
                and bool(ranked)
                and ranked[0].doc.entity != subject
                and not aside
                and ranked[0].score - self.tuning.clear_margin > score_of(best.doc, ranked)
            )
            if (
                own >= needed
                and (refers_back or alone < self.tuning.answer_coverage or own >= alone)
                and (refers_back or not better_alone)
            ):
                about_subject = self._structured(with_subject, intent) or self._decide(
                    with_subject, intent, follow_ranked
                )
                if about_subject.answered or self._pronouns & set(query.words):
                    return about_subject
        overview = self._docs_by_id.get(self._overview_id(subject))
        pointed = query.refers_back or self._only_question_words(query)
        if pointed and overview is not None and not query.unknown:
            # "what's the aim of it?", "what's it for?": the subject's overview says what it is about.
            answer = self._answerable(
                with_subject, intent, overview, self._answer(overview, with_subject, 1.0)
            )
            if answer is not None and not self._gives_no_link(query, subject, answer):
                return answer
        if (
            pointed
            and not self._pronouns & set(query.words)
            and ranked
            and not self._only_question_words(query)
        ):
            # "And the north african one?" after SAASTEC: "one" is a thing of the same kind, which the
            # question describes, not the subject itself; "since when?" describes nothing: the subject's.
            answer = self._decide(query, intent, ranked)
            if answer.answered:
                return answer
        if pointed:
            # "When was it founded?" about RedPOP is not a question about Ecsite: "it" is RedPOP.
            return self._decline(query, follow_ranked)
        return self._decide(query, intent, ranked)

    def _gives_no_link(self, query: Query, subject: str, overview: Answer) -> bool:
        """ "Its website?" of a subject whose overview gives no link (a project's says when it lists none)."""
        return (
            self._project_of(subject) is None
            and bool(query.stems & self._website_stems)
            and not overview.links
        )

    def _overview_id(self, subject: str) -> str:
        kind, _, name = subject[1:].partition(":")
        return f"project:{name}" if kind == "project" else name

    def _with_subject(self, query: Query, subject: str) -> Query:
        return dataclasses.replace(
            query,
            terms={**query.terms, subject: self.index.idf_of(subject)},
            entities={**query.entities, subject: subject},
        )

    def _referred(self, query: Query, conversation: Conversation) -> list[str] | None:
        """What a follow-up refers to among the last answer's list: "the second one", "both", "them"."""
        listed = conversation.listed
        # Two subjects talked about one after the other ("what is DOORS?", "and GlobalSCAPE?") are what
        # "both", "which of the two" and "the second one" refer to when no list was answered.
        recent = conversation.recent if len(conversation.recent) >= 2 else ()
        if not listed and not recent:
            return None
        if self._says(query, "the_other"):
            pair = listed if len(listed) == 2 else recent[-2:]
            others = [s for s in pair if s != conversation.subject]
            if len(others) == 1:
                return others
        if len(listed) >= 2 and self._says(query, "last_one"):
            return [listed[-1]]  # "and the last one?"
        for before, word in zip(["", *query.words], query.words, strict=False):
            position = self._ordinals.get(word)
            if position is not None and stem(before) in self._measure_stems:
                continue  # "which of them ends first?" compares them; it does not point at the first
            if position is not None and position < len(listed):
                return [listed[position]]
            if position is not None and len(listed) < 2 and position < len(recent):
                return [recent[position]]
        pair = self._says(query, "pairs") or self._says(query, "sameness")
        counts = {int(w) for w in query.words if w.isdigit() and not YEAR_PATTERN.match(w)}
        if counts and len(listed) not in counts:
            return None  # "which institutions are those 23?" after 8 projects: not the projects listed
        if (len(listed) >= 2 and self._plural_references & set(query.words)) or (len(listed) == 2 and pair):
            return list(listed)
        if len(listed) < 2 and pair:
            return list(recent[-2:]) or None
        if not listed:
            return None
        if len(listed) >= 2 and self._which_alone(query):
            return list(listed)  # "and which has no website?" after a list: which of those
        if (
            len(listed) >= 2
            and self._only_question_words(query)
            and any(w.endswith("s") and w not in self._stopwords for w in query.words)
        ):
            return list(listed)  # "websites?" after a list: one for each
        if len(listed) >= 2 and conversation.subject not in listed and self._attribute_only(query):
            return list(listed)  # "and who funds?" after a list (not after one of it): who funds each
        if len(listed) == 1 and query.refers_back:
            return [listed[0]]
        return None

    def _attribute_only(self, query: Query) -> bool:
        """ "and who funds?", "when do they run?": a project's attribute asked of nothing named; not a count
        ("involving how many of its members?" asks about Ecsite's members)."""
        return (
            not query.entities
            and not runs_any(query.words, self._count_cues)
            and not query.organisations
            and not query.mentions_subject
            and bool(query.terms)
            and query.terms.keys() <= self._question_stems | self._project_attribute_stems
        )

    def _which_alone(self, query: Query) -> bool:
        """ "Which has no website?", "and which is funded by...": "which" naming no kind of thing, so one of
        the things just listed."""
        typed = [w for w in query.words if not any(cue == (w,) for cue in self._ellipsis_openers)]
        if self.understanding.superlative_among(query.words) is not None:
            return False  # "and which one runs longest?" ranks, over the list or the table (_superlative)
        return len(typed) >= 2 and typed[0] == "which" and typed[1] in self._stopwords

    def _position_asked(self, query: Query) -> tuple[int, set[str]] | None:
        """The position in a list a question asks for ("the third principle", "the 4th", "principle number
        3"), counted from 0, and the terms that say it."""
        for before, word in zip(["", *query.words], query.words, strict=False):
            if stem(before) in self._measure_stems:
                continue  # "which ends first?" ranks; it does not point at the first
            position = self._ordinals.get(word)
            numbered = NUMBERED_POSITION.match(word)
            if numbered is not None:
                position = int(numbered.group(1)) - 1
            elif position is None and word.isdigit() and len(word) == 1 and before in self._position_words:
                return int(word) - 1, {stem(word), stem(before)}
            if position is not None:
                return position, {stem(word)}
        return None

    def _list_item(self, query: Query, intent: Intent, conversation: Conversation | None) -> Answer | None:
        """ "What's the third guiding principle?", or "and the fifth?" after them: one item of a topic's list,
        by its position."""
        if query.named_entities() or query.organisations:
            return None
        last = self._docs_by_id.get(conversation.topic or "") if conversation is not None else None
        if last is not None and last.kind == "topic" and self._says(query, "last_one"):
            # "And the last one?" after the guiding principles: that list's last item, not what ends last.
            cue_terms = {stem(w) for cue in self._follow_cues["last_one"] for w in cue}
            rest_terms = {t: w for t, w in query.terms.items() if t not in cue_terms}
            if self._only_question_words(dataclasses.replace(query, terms=rest_terms)):
                return self._item_of(last, query, -1)
        asked = self._position_asked(query)
        if asked is None or intent.form != FACT:
            return None
        position, cue_terms = asked
        rest = dataclasses.replace(query, terms={t: w for t, w in query.terms.items() if t not in cue_terms})
        # "What does the fourth one *mean*?": a generic word asks nothing of the item but what it is.
        asked_of_it = dataclasses.replace(
            rest, terms={t: w for t, w in rest.terms.items() if t not in self._generic_stems}
        )
        if last is not None and last.kind == "topic" and self._only_question_words(asked_of_it):
            doc = last  # "and the fifth?"
        else:
            ranked = self.rank(rest) if rest.terms else []
            if (
                not ranked
                or ranked[0].doc.kind != "topic"
                or ranked[0].coverage < self.tuning.answer_coverage
                or ranked[0].score - runner_up(ranked) < self.tuning.clear_margin
            ):
                return None
            doc = ranked[0].doc
        return self._item_of(doc, query, position)

    def _item_of(self, doc: Doc, query: Query, position: int) -> Answer | None:
        """The item at `position` (from 0; -1 for the last) of the list a topic's answer holds."""
        answer = self._answer(doc, query, 1.0)
        items = [line for line in answer.body.splitlines() if LIST_ITEM.match(line)]
        if not items or position >= len(items):
            return None
        number = position % len(items) + 1
        title = self.knowledge.message(
            "list_item_title", query.language, title=answer.title, number=number, count=len(items)
        )
        return dataclasses.replace(answer, title=title, body=items[position], fields=())

    def _says(self, query: Query, kind: str) -> bool:
        """The question holds one of the follow-up cues of a kind ("pairs", "sameness", "the_other")."""
        runs = word_runs(query.words, self._longest_follow_cue)
        return any(cue in runs for cue in self._follow_cues[kind])

    def _about_each(self, query: Query, intent: Intent, subjects: list[str]) -> Answer:
        """A follow-up about each of the subjects it refers to, one answer after the other."""
        projects = [p for p in map(self._project_of, subjects) if p is not None]
        # "Which of them ends last?" compares them; "and the last one?" points at one.
        if intent.form == SUPERLATIVE and intent.superlative is not None and len(subjects) >= 2:
            answer = self._superlative_and_attribute(query, intent.superlative, projects)
            return answer or self._decline(query, [])
        if len(subjects) >= 2 and len(projects) == len(subjects):
            compared = self._compared(query, intent, projects)
            if compared is not None:
                return compared
        if query.years and all(self._project_of(s) is not None for s in subjects):
            # "which of those go past 2023?": the list answered before, by year.
            mode = self._year_mode(query)
            answer = self.answers.projects_in_years(
                sorted(set(query.years)), mode, query.language, among=subjects, or_table=intent.form != YES_NO
            )
            if intent.form == YES_NO:
                # "Do both end in 2023?": yes only when every one of them does; the list shows which.
                return self.answers.with_verdict(answer, len(answer.listed) == len(subjects))
            return self._answerable(query, intent, None, answer) or self._decline(query, [])
        answers = []
        # "And the last one?" asks nothing of it; "who takes part in the last one?" asks who takes part.
        runs = word_runs(query.words, 3)
        asks_attribute = any(cue in runs for cue in self._attribute_cue_runs)
        pointing = not asks_attribute and {t for t in query.terms if t not in self._pointing_stems} == set()
        if len(subjects) == 1 and intent.form == SUPERLATIVE:
            # "the *last* one" of one item ranks nothing
            intent = dataclasses.replace(intent, form=FACT, superlative=None)
        for subject in subjects:
            with_subject = self._with_subject(query, subject)
            if not pointing:
                # "Who takes part in the *last* one?": the word that points at it is not asked of it.
                terms = {t: w for t, w in with_subject.terms.items() if t not in self._pointer_stems}
                with_subject = dataclasses.replace(with_subject, terms=terms)
            overview = self._docs_by_id.get(self._overview_id(subject))
            described = self._answer(overview, with_subject, 1.0) if overview is not None else None
            if described is not None and (
                # "Who coordinates the second one?": its overview says who takes part only. "Websites for
                # both of them?" after two sister networks: none is given.
                self._lead_unsaid(query, intent, phrase_stems([described.body]))
                or self._gives_no_link(query, subject, described)
            ):
                described = None
            if pointing and len(subjects) == 1 and described is not None:
                # "And the last one?" asks nothing of it but what it is ("last" ranks nothing here).
                answers.append(described)
                continue
            answer = self._structured(with_subject, intent) or self._decide(
                with_subject, intent, self.rank(with_subject)
            )
            if not answer.answered and pointing and described is not None:
                answer = described
            if answer.answered:
                answers.append(answer)
        if not answers:
            return self._decline(query, [])
        return answers[0] if len(answers) == 1 else self.answers.combine(*answers)

    def _elsewhere_again(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """After a project's participants, "are they in any other project?" (or "is there another project
        they're both in?"): the other projects of those organisations, or of the one the question names."""
        if conversation is None or query.named_entities():
            return None
        if not (self._elsewhere & set(query.words)) or not (query.stems & self._project_stems):
            return None
        named = query.organisations.get("participants", [])
        organisations = named or list(conversation.organisations)
        if not organisations or (not named and not query.refers_back):
            return None
        talked_about = [conversation.subject] if conversation.subject else list(conversation.listed)
        excluding = [p for p in map(self._project_of, talked_about) if p is not None]
        together = len(organisations) >= 2 and self._says(query, "together")
        answer = self.answers.elsewhere(organisations, excluding, together, query.language)
        return self.answers.with_verdict(answer, bool(answer.listed)) if intent.form == YES_NO else answer

    def _alike_to_subject(
        self, query: Query, intent: Intent, conversation: Conversation | None
    ) -> Answer | None:
        """ "And TechEthos, same period?" after DOORS's dates: the project named compared with the one
        talked about."""
        if conversation is None or not self._says(query, "sameness"):
            return None
        subject = self._project_of(conversation.subject or "")
        named = self._projects_named(query)
        if subject is None or len(named) != 1 or named[0] == subject:
            return None
        return self._compared(query, intent, [subject, named[0]])

    def _compared(self, query: Query, intent: Intent, projects: list[Project]) -> Answer | None:
        """Two projects compared from the table: "which of the two has Leiden as a partner?", "do both end
        in the same year?", "which organisation is in both?"."""
        language = query.language
        roles = {role: names for role, names in query.organisations.items() if names}
        if roles:
            role, names = next(iter(roles.items()))
            among = [f"@project:{p.id}" for p in projects]
            answer = self.answers.projects_with(role, names, language, among=among)
            return self.answers.with_verdict(answer, bool(answer.listed)) if intent.form == YES_NO else answer
        together = self._says(query, "together") and intent.form != YES_NO and self._asks_participants(query)
        if not self._says(query, "sameness") and not together:
            return None
        attribute = self._attribute_asked(query, projects[0])
        if attribute is None:
            return None
        if attribute == "participants":
            shared = [o for o in projects[0].participants if all(o in p.participants for p in projects[1:])]
            answer = self.answers.shared_participants(projects, shared, language)
            return self.answers.with_verdict(answer, bool(shared)) if intent.form == YES_NO else answer
        measure = next(
            (m for m in ("end", "start") if query.stems & self.understanding.measure_stems(m)), attribute
        )
        values = {
            "end": lambda p: str(p.end),
            "start": lambda p: str(p.start),
            "timeframe": lambda p: f"{p.start}–{p.end}",
            "funders": lambda p: "; ".join(p.funders),
        }
        if measure not in values:
            return None
        return self.answers.alike(
            projects, attribute, measure, [values[measure](p) for p in projects], language
        )

    def _attribute_asked(self, query: Query, project: Project) -> str | None:
        """The attribute of a project a question asks for, as ranking reads it about that project."""
        with_subject = self._with_subject(query, f"@project:{project.id}")
        for scored in self.rank(with_subject):
            if scored.doc.target == project.id and scored.doc.kind == "attribute":
                return scored.doc.attribute
            if scored.doc.target == project.id:
                return None
        return None

    def _asks_participants(self, query: Query) -> bool:
        return bool(query.stems & self._participant_stems)
