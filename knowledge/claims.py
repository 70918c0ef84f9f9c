"""Yes/no questions: a claim checked against the structured data or a fact ("Is NEMO part of DOORS?", "is
ASTC a sister network?", "did GlobalSCAPE start before SocKETs?", "Is Make it Open led by ...?"), answered
Yes or No with what the sources say instead.

`Claims` is a part of `Engine` (knowledge/engine.py), as `FollowUps` is.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from knowledge.answer import Answer, answer_text
from knowledge.answers import LIST_ITEM, bullet_list
from knowledge.conversation import Conversation
from knowledge.index import YEAR_IN_TEXT, Doc, sentences
from knowledge.loader import Project, Topic
from knowledge.ranking import coverage
from knowledge.reading import Query
from knowledge.text import as_typed, compact, initials, phrase_stems, stem, words
from knowledge.understanding import YES_NO, Intent, Superlative, runs_any, word_runs

# "Erasmus+", "H2020+": a word typed with a sign that makes it a name.
SIGNED_NAME = re.compile(r"\b\w+\+")


class Claims:
    """The yes/no handlers of `Engine`; each returns None when the question is not that claim."""

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
            mode = self._year_mode(query).rsplit("-", 1)[-1]
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

    def _claimed_places(self, query: Query) -> set[str]:
        """The countries a claim names, by name or adjective ("in germany", "french")."""
        return (self._claim_terms(query) & self._place_stems) | self._placed_unknowns(query)

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
        if not runs_any(determined, self._membership_cues):
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
        if len(named) != 1 or not runs_any(query.words, self._about_cues):
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
        said = phrase_stems([answer_text(facts)])
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
        if claims & {initials(owner[1]) for owner in owners if owner} - {""}:
            return True
        # "Horizon Europe" for a project the table funds by "Horizon 2020": another programme of that name.
        distinctive = {t for t in claims if self.index.idf.get(t, 0.0) >= self.tuning.distinctive_idf}
        if any(distinctive & funder for funder in stems):
            return False
        # "Creative Europe", "Erasmus+": a name, typed as one or never used by the sources, that shares no
        # word with any funder, nor is one's initials ("EU"). A word the sources lack ("same") is not a name.
        funder_initials = [initials(name) for name in funders]
        # "erasmus+" is typed as a name: a word with a sign of its own.
        signed = {stem(w) for w in words(" ".join(SIGNED_NAME.findall(query.text)))}
        typed_as_name = claims <= query.capitalised | (query.unknown & signed)
        shares = any(claims & funder for funder in stems)
        abbreviates = any(len(t) >= 2 and t in spelled for t in claims for spelled in funder_initials)
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
        own_list = self._group_lists.get(topic.group or "")
        if own_list is not None and others.keys() <= self._related_stems:
            # "Is RedPOP connected to Ecsite?": it is, as one of its sister networks.
            reason = self.knowledge.message(
                "in_group", query.language, name=self._typed(query, topic), group=own_list.title
            )
            return self.answers.with_verdict(self.answers.topic(topic, query.language), True, reason)
        explained, lister = self._best_lister(others)
        if (lister is None or explained < self.tuning.answer_coverage) and query.refers_back:
            lister, explained = last_list, 1.0  # "is ESA one of them?", "is ESA on that list too?"
        if lister is None or explained < self.tuning.answer_coverage or lister.id == topic.id:
            return None
        member = topic.group == lister.list_of
        key = "in_group" if member else "not_in_group"
        reason = self.knowledge.message(
            key, query.language, name=self._typed(query, topic), group=lister.title
        )
        return self.answers.with_verdict(self.answers.topic(topic, query.language), member, reason)

    @staticmethod
    def _typed(query: Query, topic: Topic) -> str:
        """A topic's name as the question typed it: "is BGCI a partner?" is about BGCI, though its topic is
        the memorandum with EAZA too."""
        return query.typed_names.get(f"@topic:{topic.id}") or (
            topic.aliases[0] if topic.aliases else topic.title
        )

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
