"""Question -> Answer: read the question, rank the knowledge base's documents, answer or decline.

The engine answers directly only when the best document explains most of the question and is clearly ahead of
the runner-up; otherwise it declines and offers up to three "did you mean" suggestions.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge import cache
from knowledge.answer import Answer, Suggestion
from knowledge.answers import AnswerBuilder
from knowledge.conversation import Conversation
from knowledge.index import ENTITY_PREFIX, Doc, Index, build_index
from knowledge.loader import DATA_DIR, KnowledgeBase, load_knowledge_base
from knowledge.ranking import Ranker, Scored, coverage
from knowledge.reading import Query, Reader
from knowledge.text import stem, words
from knowledge.tuning import DEFAULT_TUNING, Tuning


class Engine:
    def __init__(
        self, knowledge: KnowledgeBase, index: Index | None = None, tuning: Tuning = DEFAULT_TUNING
    ) -> None:
        self.knowledge = knowledge
        self.tuning = tuning
        self.index: Index = index if index is not None else build_index(knowledge)
        self.answers = AnswerBuilder(knowledge)
        self.reader = Reader(knowledge, self.index, tuning)
        self.ranker = Ranker(self.index, tuning, self.reader.question_stems)
        self.translator = self.reader.translator
        language = knowledge.language
        self._question_stems = self.reader.question_stems
        self._project_stems = self.reader.project_stems
        self._conjunction_stems = {stem(w) for w in language.conjunctions}
        self._start_stems = {stem(w) for cue in language.year_cues["starts"] for w in words(cue)}
        self._end_stems = {stem(w) for cue in language.year_cues["ends"] for w in words(cue)}
        self._docs_by_id = {doc.id: doc for doc in self.index.docs}
        self._project_choices = {
            name: project.topic_id
            for project in knowledge.projects.values()
            for name in (project.name, *project.aliases, *project.case_sensitive_aliases)
        }

    # -- public API ---------------------------------------------------------------------------------------

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer free text as typed in a chat; with a conversation, resolve follow-ups and update it."""
        query = self.read(question)
        if not query.terms and not query.entities:
            if query.mentions_subject:
                about = max(self.index.docs, key=lambda d: d.empty_phrasings)
                if about.empty_phrasings:
                    return self._remember(conversation, self._answer(about, query, 1.0))
            if conversation is not None and conversation.subject and query.refers_back:
                return self._follow_up(query, conversation, [])
            return self.answers.empty(query.language)
        ranked = self.rank(query)
        following = conversation is not None and conversation.subject is not None
        if not following and not query.mentions_subject and self._only_question_words(query):
            # Nothing but "who?" or "what can you do?": no subject to ask about, so say what can be asked.
            return self.answers.empty(query.language)
        if conversation is not None and conversation.subject and self._may_follow_up(query, ranked):
            return self._follow_up(query, conversation, ranked)
        return self._remember(conversation, self._decide(query, ranked))

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

    def read(self, question: str) -> Query:
        return self.reader.read(question)

    def rank(self, query: Query) -> list[Scored]:
        return self.ranker.rank(query)

    def _decide(self, query: Query, ranked: list[Scored]) -> Answer:
        if ranked:
            best = ranked[0]
            runner_up = ranked[1].score if len(ranked) > 1 else 0.0
            pair = self._two_questions_in_one(query, ranked)
            if pair is not None:
                first, second = (self._answer(item.doc, query, item.score) for item in pair)
                return self.answers.combine(first, second)
            if (
                best.coverage >= self.tuning.answer_coverage
                and best.score - runner_up >= self.tuning.clear_margin
            ):
                return self._answer(best.doc, query, best.score)
            # "projects about education": several projects fit alike, and a list of them is the answer.
            tied = [s for s in ranked if s.score >= best.score - self.tuning.clear_margin]
            if (
                best.coverage >= self.tuning.answer_coverage
                and len(tied) >= 2
                and all(s.doc.kind == "project" for s in tied)
                and query.stems & self._project_stems
            ):
                projects = [self.knowledge.projects[s.doc.target] for s in tied]
                return self.answers.projects_matching(projects, query.language, best.score)
        suggestions = self._suggestions(ranked, query.language)
        return self.answers.decline(suggestions, query.language, ranked[0].score if ranked else 0.0)

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
        if doc.kind in ("project", "attribute"):
            project = self.knowledge.projects[doc.target]
            key = f"suggest_{doc.attribute}" if doc.attribute else "suggest_project"
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
        if doc.kind == "role-query":
            role = doc.attribute or "participants"
            return self.answers.projects_with(role, query.organisations.get(role, []), language, score)
        return self.answers.projects_in_years(
            sorted(set(query.years)), self._year_mode(query), language, score
        )

    def _year_mode(self, query: Query) -> str:
        if len(set(query.years)) >= 2:
            return "span"
        if query.stems & self._start_stems:
            return "starts"
        if query.stems & self._end_stems:
            return "ends"
        return "running"

    # -- follow-ups ---------------------------------------------------------------------------------------

    def _may_follow_up(self, query: Query, ranked: list[Scored]) -> bool:
        """A question with no name of its own that refers back, or that nothing answers well alone."""
        if any(term.startswith(ENTITY_PREFIX) for term in query.terms) or query.mentions_subject:
            return False
        confident = bool(ranked) and ranked[0].coverage >= self.tuning.answer_coverage
        return query.refers_back or not confident or self._only_question_words(query)

    def _only_question_words(self, query: Query) -> bool:
        """ "when?", "who?": a question that names nothing, so it can only be about the last subject."""
        return not query.entities and query.terms.keys() <= self._question_stems

    def _follow_up(self, query: Query, conversation: Conversation, ranked: list[Scored]) -> Answer:
        subject = conversation.subject
        assert subject is not None
        with_subject = dataclasses.replace(
            query,
            terms={**query.terms, subject: self.index.idf_of(subject)},
            entities={**query.entities, subject: subject},
        )
        follow_ranked = self.rank(with_subject)
        if follow_ranked:
            best = follow_ranked[0]
            # The subject is given; the question's own words must still be what the answer is about.
            own = coverage(best.doc, query.terms)
            alone_confident = bool(ranked) and ranked[0].coverage >= self.tuning.answer_coverage
            about_subject = best.doc.entity == subject
            refers_back = query.refers_back or self._only_question_words(query)
            if about_subject and own >= self.tuning.answer_coverage and (refers_back or not alone_confident):
                return self._remember(conversation, self._decide(with_subject, follow_ranked))
        return self._remember(conversation, self._decide(query, ranked))

    @staticmethod
    def _remember(conversation: Conversation | None, answer: Answer) -> Answer:
        if conversation is not None:
            conversation.remember(answer)
        return answer


def load_engine(data_dir: Path | None = None, *, use_cache: bool = True) -> Engine:
    """Load, validate and index the knowledge base (the bundled one by default), through the cache."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    cache_dir = cache.default_cache_dir() if use_cache else None
    key = cache.cache_key(root) if cache_dir is not None and root.is_dir() else None
    if cache_dir is not None and key is not None:
        cached = cache.load(cache_dir, key)
        if cached is not None:
            knowledge, index = cached
            knowledge.data_dir = root
            return Engine(knowledge, index)
    engine = Engine(load_knowledge_base(root))
    if cache_dir is not None and key is not None:
        cache.store(cache_dir, key, engine.knowledge, engine.index)
    return engine
