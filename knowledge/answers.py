"""Building an `Answer` from the knowledge base: every reply's facts are laid out here, once."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from knowledge.answer import Answer, Field, Link, Suggestion
from knowledge.index import sentences
from knowledge.loader import KnowledgeBase, Project, Topic
from knowledge.text import words

# A line of an answer's list, as the builder writes it ("- DOORS", "3. Openness").
# The topic of a superlative answer begins so ("query:superlative-end-most"); follow-ups turn it around.
SUPERLATIVE_TOPIC = "query:superlative-"
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+\.)\s", re.MULTILINE)

# A shared first word alone ("Science ...", "Danish ...") does not make two names one organisation's.
MIN_NAME_WORDS = 2


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


class AnswerBuilder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def message(self, key: str, language: str, **values: object) -> str:
        return self.kb.message(key, language, **values)

    # -- topics -------------------------------------------------------------------------------------------

    def topic(self, topic: Topic, language: str = "en", score: float = 1.0) -> Answer:
        body = topic.body
        listed: tuple[str, ...] = ()
        if topic.list_of:
            members = self.kb.group(topic.list_of)
            body = f"{body}\n" + bullet_list(member.summary or member.title for member in members)
            # "What does the third one stand for?": the members in the order shown, when each is a subject.
            if all(m.aliases or m.case_sensitive_aliases for m in members):
                listed = tuple(f"@topic:{m.id}" for m in members)
        subject = f"@topic:{topic.id}" if topic.aliases or topic.case_sensitive_aliases else None
        return Answer(
            answered=True,
            title=topic.title,
            body=body,
            fields=topic.fields,
            sources=topic.sources,
            topic=topic.id,
            score=score,
            links=topic.links,
            subject=subject,
            listed=listed,
            language=language,
        )

    def projects_list(self, language: str = "en", score: float = 1.0) -> Answer:
        topic = self.kb.projects_topic
        lines = [self.project_line(project, language) for project in self.kb.projects.values()]
        return Answer(
            answered=True,
            title=topic.title,
            body=f"{topic.body}\n" + bullet_list(lines),
            fields=topic.fields,
            sources=topic.sources,
            topic=topic.id,
            score=score,
            listed=subjects(self.kb.projects.values()),
            language=language,
        )

    # -- projects -----------------------------------------------------------------------------------------

    def project_line(self, project: Project, language: str) -> str:
        return self.message("project_line", language, name=project.name, start=project.start, end=project.end)

    def _website(self, project: Project, language: str) -> tuple[Link, ...]:
        if not project.website:
            return ()
        return (Link(self.message("website_link", language, name=project.name), project.website),)

    def project(
        self, project: Project, attribute: str | None, language: str = "en", score: float = 1.0
    ) -> Answer:
        message = self.message
        timeframe = f"{project.start}–{project.end}"
        if attribute == "participants":
            title = message("participants_title", language, name=project.name)
            count = message("participants_count", language, count=len(project.participants))
            body = f"{count}\n" + bullet_list(project.participants)
            fields: tuple[Field, ...] = ()
        elif attribute == "funders":
            title = message("funders_title", language, name=project.name)
            body = bullet_list(project.funders)
            fields = ()
        elif attribute == "timeframe":
            title = message("timeframe_title", language, name=project.name)
            body = message(
                "timeframe_body", language, name=project.name, start=project.start, end=project.end
            )
            fields = (Field(message("field_timeframe", language), timeframe, inline=True),)
        elif attribute == "website":
            title = message("website_title", language, name=project.name)
            body = project.website or project.website_note or message("field_no_website", language)
            fields = ()
        else:
            title = f"{project.name} ({timeframe})"
            body = project.abstract
            fields = (
                Field(message("field_timeframe", language), timeframe, inline=True),
                Field(message("field_funders", language), "; ".join(project.funders)),
                Field(
                    f"{message('field_participants', language)} ({len(project.participants)})",
                    "; ".join(project.participants),
                ),
            )
            if not project.website:  # a website is a link (`_website`), shown once; its absence needs saying
                no_website = f"{message('field_no_website', language)}. {project.website_note or ''}"
                fields += (Field(message("field_website", language), no_website.strip()),)
        return Answer(
            answered=True,
            title=title,
            body=body,
            fields=fields,
            sources=project.sources,
            topic=project.topic_id if attribute is None else f"{project.topic_id}:{attribute}",
            score=score,
            links=self._website(project, language),
            subject=f"@project:{project.id}",
            organisations=tuple(project.participants) if attribute == "participants" else (),
            language=language,
        )

    def participants_of_kind(
        self, project: Project, chosen: list[str], kind: str, language: str = "en", score: float = 1.0
    ) -> Answer:
        """ "Which university takes part in GlobalSCAPE?": the participants whose names say what was asked."""
        listing = self.project(project, "participants", language, score)
        lead = self.message("participants_of_kind", language, count=len(project.participants), kind=kind)
        return dataclasses.replace(
            listing, body=f"{lead}\n{bullet_list(chosen)}", organisations=tuple(chosen)
        )

    def participants_of_kind_anywhere(
        self, chosen: dict[str, list[str]], kind: str, language: str = "en", score: float = 1.0
    ) -> Answer:
        """ "Which universities take part in the projects?": over the whole table, each project's participants
        whose names say what was asked (project id -> names); none is said so too."""
        projects = [self.kb.projects[p] for p in chosen]
        lines = [f"{self.project_line(p, language)}: {'; '.join(chosen[p.id])}" for p in projects]
        body = bullet_list(lines) if lines else self.message("kind_anywhere_none", language, kind=kind)
        return Answer(
            answered=True,
            title=self.message("kind_anywhere_title", language, kind=kind),
            body=body,
            sources=self.kb.projects_topic.sources,
            topic="query:participants-of-kind",
            score=score,
            subject=subjects(projects)[0] if len(projects) == 1 else None,
            listed=subjects(projects),
            organisations=tuple(name for names in chosen.values() for name in names),
            language=language,
        )

    def passage(self, project: Project, number: int, language: str = "en", score: float = 1.0) -> Answer:
        """A project's overview, its abstract's sentence that answers the question in bold."""
        overview = self.project(project, None, language, score)
        parts = sentences(project.abstract)
        parts[number] = f"**{parts[number]}**"
        return dataclasses.replace(
            overview, body=" ".join(parts), topic=f"{project.topic_id}:passage-{number}"
        )

    def projects_with(
        self,
        role: str,
        organisations: list[str],
        language: str = "en",
        score: float = 1.0,
        among: list[str] | None = None,
    ) -> Answer:
        """The projects in which the organisations take a role: "participants" or "funders"; with `among`
        (project subjects), only those talked about."""
        label = " / ".join(organisations)
        chosen = [p for p in self.kb.projects.values() if set(organisations) & set(getattr(p, role))]
        if among is not None:
            chosen = [p for p in chosen if f"@project:{p.id}" in among]
        body = self._project_lines(chosen, language)
        return Answer(
            answered=True,
            title=self.message(f"projects_by_{role}_title", language, org=label),
            body=self.message(f"projects_by_{role}_body", language, org=label) + "\n" + body,
            sources=self.kb.projects_topic.sources,
            topic=f"query:projects-by-{role}",
            score=score,
            subject=subjects(chosen)[0] if len(chosen) == 1 else None,
            listed=subjects(chosen),
            organisations=tuple(organisations),
            language=language,
        )

    def funders_of_all(self, language: str = "en") -> Answer:
        """Every funder the project table names, each with the projects it funds."""
        funded: dict[str, list[Project]] = {}  # funder -> its projects
        for project in self.kb.projects.values():
            for funder in project.funders:
                funded.setdefault(funder, []).append(project)
        return Answer(
            answered=True,
            title=self.message("funders_all_title", language),
            body=bullet_list(f"**{name}**: {self.names(ps, language)}" for name, ps in funded.items()),
            sources=self.kb.projects_topic.sources,
            topic="query:funders",
            language=language,
        )

    def shared_participants(self, projects: list[Project], shared: list[str], language: str = "en") -> Answer:
        """The organisations that take part in every one of the projects."""
        names = self.names(projects, language)
        if shared:
            body = self.message("shared_participants", language, names=names) + "\n" + bullet_list(shared)
        else:
            body = self.message("no_shared_participants", language, names=names)
        return Answer(
            answered=True,
            title=self.message("shared_participants_title", language, names=names),
            body=body,
            sources=self.kb.projects_topic.sources,
            topic="query:shared-participants",
            listed=subjects(projects),
            organisations=tuple(shared),
            language=language,
        )

    def alike(
        self, projects: list[Project], attribute: str, measure: str, values: list[str], language: str = "en"
    ) -> Answer:
        """Whether the projects have the same value of something (their end year, their funders), with each
        one's value."""
        names = self.names(projects, language)
        what = self.message(f"what_{measure}", language)
        same = len(set(values)) == 1
        if same:
            reason = self.message("same_value", language, names=names, what=what, value=values[0])
        else:
            each = "; ".join(f"{p.name}: {value}" for p, value in zip(projects, values, strict=True))
            reason = self.message("different_values", language, names=names, what=what, values=each)
        first, *others = (self.project(p, attribute, language) for p in projects)
        # The verdict leads the first project's facts: a combined answer shows its parts, not a body.
        return self.combine(self.with_verdict(first, same, reason), *others)

    def elsewhere(
        self, organisations: list[str], excluding: list[Project], together: bool, language: str = "en"
    ) -> Answer:
        """The projects besides those talked about in which the organisations take part: each
        organisation's, or (`together`) those they all take part in."""
        others = [p for p in self.kb.projects.values() if p not in excluding]
        label = organisations[0] if len(organisations) == 1 else self.message("elsewhere_these", language)
        if together:
            chosen = [p for p in others if all(takes_part(o, p) for o in organisations)]
            joined = self.joined(organisations, language)
            lead = self.message(
                "elsewhere_together", language, org=joined, name=", ".join(p.name for p in excluding)
            )
            lines = [self.project_line(p, language) for p in chosen]
            body = f"{lead}\n{message_or_none(lines, self.message('projects_none', language))}"
        else:
            lines, chosen = [], []
            for organisation in organisations:
                theirs = [p for p in others if takes_part(organisation, p)]
                if theirs:
                    names = ", ".join(self.project_line(p, language) for p in theirs)
                    lines.append(self.message("elsewhere_line", language, org=organisation, projects=names))
                    chosen += [p for p in theirs if p not in chosen]
            if not lines:
                body = self.message("elsewhere_none", language, org=label)
            else:
                body = bullet_list(lines)
                if len(lines) < len(organisations):
                    body += "\n" + self.message("elsewhere_rest", language)
        return Answer(
            answered=True,
            title=self.message("elsewhere_title", language, org=label),
            body=body,
            sources=self.kb.projects_topic.sources,
            topic="query:projects-elsewhere",
            subject=subjects(chosen)[0] if len(chosen) == 1 else None,
            listed=subjects(chosen),
            organisations=tuple(organisations),
            language=language,
        )

    def names(self, projects: list[Project], language: str) -> str:
        """ "DOORS and GlobalSCAPE", "DOORS, SocKETs and GlobalSCAPE"."""
        return self.joined([p.name for p in projects], language)

    def joined(self, texts: list[str], language: str) -> str:
        """Names in a sentence: "A and B", "A, B and C"."""
        *first, last = texts
        return self.message("names_and", language, first=", ".join(first), last=last) if first else last

    def project_websites(self, language: str = "en", score: float = 1.0) -> Answer:
        """Every project with its website, or the table's word that it lists none."""
        none = self.message("field_no_website", language)
        projects = list(self.kb.projects.values())
        lines = [f"{self.project_line(p, language)}: {p.website or none}" for p in projects]
        return Answer(
            answered=True,
            title=self.message("projects_websites_title", language),
            body=bullet_list(lines),
            sources=self.kb.projects_topic.sources,
            topic="query:projects-websites",
            score=score,
            listed=subjects(projects),
            language=language,
        )

    def _project_lines(self, chosen: list[Project], language: str) -> str:
        """One line per project; when every project of the table is chosen, saying so comes first."""
        lines = message_or_none(
            [self.project_line(p, language) for p in chosen], self.message("projects_none", language)
        )
        if len(chosen) == len(self.kb.projects) > 1:
            return f"{self.message('projects_all', language, count=len(chosen))}\n{lines}"
        return lines

    def other_projects(self, listing: Answer) -> Answer:
        """The projects a listing leaves out: what a negated question ("which are not...") asks for."""
        others = [p for p in self.kb.projects.values() if f"@project:{p.id}" not in listing.listed]
        lines = [self.project_line(p, listing.language) for p in others]
        return dataclasses.replace(
            listing,
            title=self.message("projects_other_title", listing.language, title=listing.title),
            body=message_or_none(lines, self.message("projects_none", listing.language)),
            subject=subjects(others)[0] if len(others) == 1 else None,
            listed=subjects(others),
        )

    def projects_listed(self, projects: list[Project], title: str, language: str = "en") -> Answer:
        """Projects an answer listed before, listed again under that answer's title."""
        return Answer(
            answered=True,
            title=title,
            body=self._project_lines(projects, language),
            sources=self.kb.projects_topic.sources,
            topic="query:projects-listed",
            listed=subjects(projects),
            language=language,
        )

    def projects_by_website(self, with_website: bool, language: str = "en", score: float = 1.0) -> Answer:
        """The projects the table gives a website for, or those it gives none for."""
        chosen = [p for p in self.kb.projects.values() if bool(p.website) == with_website]
        key = "projects_with_website_title" if with_website else "projects_without_website_title"
        return self._projects_chosen(
            chosen, self.message(key, language), "query:projects-by-website", language, score
        )

    def projects_matching(self, projects: list[Project], language: str = "en", score: float = 1.0) -> Answer:
        """Several projects that fit a question about a theme equally well."""
        return Answer(
            answered=True,
            title=self.message("projects_matching_title", language),
            body=bullet_list(f"{self.project_line(p, language)}: {p.abstract}" for p in projects),
            sources=self.kb.projects_topic.sources,
            topic="query:projects-matching",
            score=score,
            listed=subjects(projects),
            language=language,
        )

    def projects_in_years(
        self,
        years: list[int],
        mode: str,
        language: str = "en",
        score: float = 1.0,
        among: list[str] | None = None,
        or_table: bool = False,
    ) -> Answer:
        """Projects by year: `mode` is "span" (from A to B), "starts", "ends", "after", "before",
        "starts-after", "ends-before" or "running"; with `among` (project subjects), only those of a list
        answered before, and with `or_table` those of the whole table when none of the list is."""
        chosen, title = self.in_years(years, mode, language)
        in_table = chosen
        if among is not None:
            chosen = [p for p in chosen if f"@project:{p.id}" in among]
        answer = self._projects_chosen(chosen, title, "query:projects-by-year", language, score)
        if or_table and among is not None and not chosen and in_table:
            # "Which projects end in 2023?" then "which ones go beyond 2023?": none of those can, so the
            # question is about the table; saying so keeps the reply honest about the list it was asked of.
            whole = self._projects_chosen(in_table, title, "query:projects-by-year", language, score)
            body = f"{self.message('projects_none_among', language)}\n{whole.body}"
            return dataclasses.replace(whole, body=body)
        return answer

    def _projects_chosen(
        self, chosen: list[Project], title: str, topic: str, language: str, score: float
    ) -> Answer:
        """Projects the table gives by a query, one line each; the one project, when one, is the subject."""
        return Answer(
            answered=True,
            title=title,
            body=self._project_lines(chosen, language),
            sources=self.kb.projects_topic.sources,
            topic=topic,
            score=score,
            subject=subjects(chosen)[0] if len(chosen) == 1 else None,
            listed=subjects(chosen),
            language=language,
        )

    def in_years(self, years: list[int], mode: str, language: str) -> tuple[list[Project], str]:
        """The projects of some years, and a title saying which: `mode` as for `projects_in_years`."""
        projects = list(self.kb.projects.values())
        if not years:
            return [], self.message("projects_in_year_title", language, year="")
        low, high = min(years), max(years)
        label = str(low) if low == high else f"{low}–{high}"
        if mode == "span":
            chosen = [p for p in projects if p.start == low and p.end == high]
            if not chosen:
                chosen = [p for p in projects if p.start <= high and p.end >= low]
            title = self.message("projects_span_title", language, start=low, end=high)
        elif mode == "starts":
            chosen = [p for p in projects if low <= p.start <= high]
            title = self.message("projects_started_title", language, year=label)
        elif mode == "ends":
            chosen = [p for p in projects if low <= p.end <= high]
            title = self.message("projects_ended_title", language, year=label)
        elif mode == "after":
            chosen = [p for p in projects if p.end > high]
            title = self.message("projects_after_title", language, year=high)
        elif mode == "before":
            chosen = [p for p in projects if p.start < low]
            title = self.message("projects_before_title", language, year=low)
        elif mode == "starts-after":
            chosen = [p for p in projects if p.start > high]
            title = self.message("projects_started_after_title", language, year=high)
        elif mode == "ends-before":
            chosen = [p for p in projects if p.end < low]
            title = self.message("projects_ended_before_title", language, year=low)
        else:
            chosen = [p for p in projects if any(p.start <= y <= p.end for y in years)]
            title = self.message("projects_in_year_title", language, year=" / ".join(map(str, years)))
        return chosen, title

    def combine(self, *parts: Answer) -> Answer:
        """Answers to a question that asked several things (or about several subjects), in order."""
        first = parts[0]
        sources: list = []
        links: list = []
        for part in parts:
            sources += [s for s in part.sources if s not in sources]
            links += [link for link in part.links if link not in links]
        return Answer(
            answered=True,
            title=" · ".join(part.title for part in parts),
            body="",
            sources=tuple(sources),
            parts=tuple(section for part in parts for section in (part.parts or (part,))),
            topic="+".join(str(part.topic) for part in parts),
            score=min(part.score for part in parts),
            links=tuple(links),
            subject=parts[-1].subject or first.subject,
            listed=tuple(s for part in parts for s in (part.listed or (part.subject,)) if s),
            language=first.language,
        )

    # -- answers computed from the structured data -------------------------------------------------------

    def with_count(self, answer: Answer, count: int, what: str) -> Answer:
        """A list answer led by how many it lists: "**3** projects"."""
        spelled = self.message("number_words", answer.language).split()
        shown = spelled[count].capitalize() if count < len(spelled) else str(count)
        line = self.message("count_line", answer.language, count=shown, what=what)
        return dataclasses.replace(answer, body=f"{line}\n{answer.body}")

    def with_verdict(self, answer: Answer, yes: bool, reason: str = "") -> Answer:
        """A yes/no question's answer: the verdict, why, then the facts it rests on."""
        verdict = self.message("verdict_yes" if yes else "verdict_no", answer.language)
        lead = f"{verdict} {reason}".strip()
        return dataclasses.replace(answer, body=f"{lead}\n\n{answer.body}")

    def superlative(
        self,
        winners: list[Project],
        measure: str,
        most: bool,
        value: str,
        language: str = "en",
        tied_among: bool = False,
    ) -> Answer:
        """The project(s) that end last, start first, run longest, have the most participants..."""
        key = f"superlative_{measure}_{'most' if most else 'least'}"
        lines = [f"{self.project_line(p, language)}: {value}" for p in winners]
        body = bullet_list(lines)
        if tied_among:
            # "Which of the two started earlier?" when both started in the same year.
            body = (
                self.message("tie", language, names=self.names(winners, language), value=value) + "\n" + body
            )
        return Answer(
            answered=True,
            title=self.message(key, language),
            body=body,
            sources=self.kb.projects_topic.sources,
            topic=SUPERLATIVE_TOPIC + f"{measure}-{'most' if most else 'least'}",
            subject=subjects(winners)[0] if len(winners) == 1 else None,
            listed=subjects(winners),
            language=language,
        )

    # -- declines -----------------------------------------------------------------------------------------

    def decline(self, suggestions: list[Suggestion], language: str = "en", score: float = 0.0) -> Answer:
        body = self.message("decline_body", language)
        if not suggestions:  # otherwise the renderings offer the suggestions, as buttons or as a list
            body += " " + self.message("decline_help", language)
        return Answer(
            answered=False,
            title=self.message("decline_title", language),
            body=body,
            score=score,
            suggestions=tuple(suggestions),
            language=language,
        )

    def empty(self, language: str = "en") -> Answer:
        return Answer(
            answered=False,
            title=self.message("empty_title", language),
            body=self.message("empty_body", language),
            language=language,
        )


def takes_part(organisation: str, project: Project) -> bool:
    """The organisation is among the project's participants, under its name there or a longer form of it: the
    table writes one organisation "Ellinogermaniki Agogi" in one project and "Ellinogermaniki Agogi SA" in
    another."""
    return any(same_organisation(organisation, name) for name in project.participants)


def same_organisation(one: str, other: str) -> bool:
    """One name is the other's first words ("The Lisbon Council for Economic Competitiveness" and "... and
    Social Renewal"), an article apart."""
    first, second = (_name_words(one), _name_words(other))
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= MIN_NAME_WORDS and longer[: len(shorter)] == shorter


def _name_words(name: str) -> list[str]:
    folded = words(name)
    return folded[1:] if folded[:1] == ["the"] else folded


def subjects(projects: Iterable[Project]) -> tuple[str, ...]:
    return tuple(f"@project:{project.id}" for project in projects)


def message_or_none(lines: list[str], none_text: str) -> str:
    return bullet_list(lines) if lines else none_text
