"""Questions over the project table: by year, funder, participant, place or website; superlatives
("which project ends last?") and what is asked of the project they find; counts of projects.

`StructuredQueries` is a part of `Engine` (knowledge/engine.py), as `FollowUps` is.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable

from knowledge.answer import Answer, Suggestion
from knowledge.answers import SUPERLATIVE_TOPIC
from knowledge.conversation import Conversation
from knowledge.loader import Project, Topic
from knowledge.reading import Query
from knowledge.text import as_typed, same_word, stem, words
from knowledge.understanding import (
    COUNT,
    FACT,
    MEASURES,
    SUPERLATIVE,
    YES_NO,
    Intent,
    Superlative,
    runs_any,
    word_runs,
)

# "started after 2020", "the one that finishes before 2024": how far before a year cue its verb may be.
WORDS_BEFORE_YEAR_CUE = 3


class StructuredQueries:
    """The project-table queries of `Engine`; each returns None when the question is not that query."""

    def _structured(self, query: Query, intent: Intent, last_list: Topic | None = None) -> Answer | None:
        if runs_any(query.words, self._only_if_said):
            # "is there a follow-up to SocKETs after 2023?", "is Ecsite better than ASTC?": no table
            return None
        if intent.form == FACT and query.organisations and runs_any(query.words, self._role_cues):
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
            if not any(same_word(term, w) for w in name_words):
                return None  # "which technologies did WATER-MINING show in Cyprus?" asks something else
            kind.append(word)
        saying = [
            name
            for name in project.participants
            if any(self._places.get(w) in places for w in words(name))
            and all(any(same_word(stem(k), w) for w in words(name)) for k in kind)
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
            if kind and all(any(same_word(stem(k), w) for w in words(name)) for k in kind)
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
        if not (runs_any(query.words, self._taking_part_cues) and query.stems & self._project_stems):
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
            if (names := [n for n in p.participants if any(same_word(stem(kind[0]), w) for w in words(n))])
        }
        if not chosen and intent.form != YES_NO:
            return None
        answer = self.answers.participants_of_kind_anywhere(chosen, kind[0], query.language)
        return self.answers.with_verdict(answer, bool(chosen)) if intent.form == YES_NO else answer

    def _projects_noun(self, count: int, language: str) -> str:
        """ "1 project", "7 projects"."""
        return self.knowledge.message("project_noun" if count == 1 else "projects_noun", language)

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
        if mode == "starts-after":
            return project.start > year
        if mode == "ends-before":
            return project.end < year
        return project.start <= year <= project.end

    def _year_range(self, query: Query) -> tuple[int, int] | None:
        """ "Between 2020 and 2025", "in the 2020s": the years asked are a range, not each one."""
        if len(set(query.years)) < 2 or not runs_any(query.words, self._within_cues):
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

    def _told_end(self, typed: list[str], cues: list[tuple[str, ...]]) -> str | None:
        """Which end of a project the words just before a year cue say ("*started* after", "*finishes*
        before"), if any: "began before 2021 and finishes after 2023" says both, each of its own year."""
        for position in range(len(typed)):
            if any(tuple(typed[position : position + len(cue)]) == cue for cue in cues):
                before = {stem(w) for w in typed[max(0, position - WORDS_BEFORE_YEAR_CUE) : position]}
                for end in ("starts", "ends"):
                    if before & self._year_cue_stems[end]:
                        return end
        return None

    def _year_mode(self, query: Query) -> str:
        """How a question's years select projects ("after 2023", "started between 2021 and 2022"): "starts",
        "ends", "after" (still running), "before" (started), "starts-after", "ends-before", "span" or
        "running"."""
        runs = word_runs(query.words, self._longest_year_cue)
        for mode in ("after", "before"):
            if any(cue in runs for cue in self._year_cue_phrases[mode]):
                # A project runs after a year when it ends after it, and before one when it starts before it;
                # "started after 2020" and "ended before 2024" ask for the other end.
                told = self._told_end(query.words, self._year_cue_phrases[mode])
                if mode == "after" and told == "starts":
                    return "starts-after"
                if mode == "before" and told == "ends":
                    return "ends-before"
                return mode
        if query.stems & self._year_cue_stems["starts"]:
            return "starts"
        if query.stems & self._year_cue_stems["ends"]:
            return "ends"
        return "span" if len(set(query.years)) >= 2 else "running"
