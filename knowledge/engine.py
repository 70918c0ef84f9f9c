"""Question -> Answer: read the question, score the knowledge base's documents, answer or decline.

The engine answers directly only when the best document explains most of the question and is clearly ahead of
the runner-up; otherwise it declines and offers up to three "did you mean" suggestions.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from knowledge import cache
from knowledge.answer import Answer, Suggestion
from knowledge.answers import AnswerBuilder
from knowledge.conversation import Conversation
from knowledge.index import (
    ENTITY_PREFIX,
    MAX_NAME_WORDS,
    MIN_FUZZY_NAME_CHARS,
    MIN_FUZZY_WORD_CHARS,
    NAME_SCORE_CUTOFF,
    ROLE_TERMS,
    WORD_SCORE_CUTOFF,
    YEAR_PATTERN,
    YEAR_TERM,
    Doc,
    Index,
    build_index,
    subject_stems,
)
from knowledge.loader import DATA_DIR, KnowledgeBase, load_knowledge_base
from knowledge.text import clean, compact, original_words, stem, words
from knowledge.translate import Translator

# Tuned on the development questions; see the README's section on matching.
ELONGATED = re.compile(r"(\w)\1{2,}")
# A document must explain this share of the question's weighted words to be answered with...
ANSWER_COVERAGE = 0.55
# ...and be this far ahead of the runner-up, counting coverage plus SIMILARITY_WEIGHT x phrasing similarity.
CLEAR_MARGIN = 0.05
SIMILARITY_WEIGHT = 0.4
# The last tie-break, on the question as typed, among documents scored within TIE (see `_break_ties`).
TEXT_SIMILARITY_WEIGHT = 0.3
TIE = 0.02
SUGGESTION_COVERAGE = 0.25
MAX_SUGGESTIONS = 3
MAX_CANDIDATES_PER_TERM = 1000
# In a question that asks two things, how much each of the two answers must explain that the other does not.
MIN_PART_COVERAGE = 0.2
QUESTION_WORD_FACTOR = 0.5
CORRECTED_FACTOR = 0.85
GENERIC_WORD_FACTOR = 0.3


@dataclass(slots=True)
class Query:
    """What the engine read in a question."""

    text: str
    language: str = "en"
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, list[str]] = field(default_factory=dict)  # role -> names
    years: list[int] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    mentions_subject: bool = False
    refers_back: bool = False


class LengthFiltered:
    """Typo candidates for `fuzz.ratio` by the length of what is looked up.

    ratio(a, b) is at most 100 * (1 - |len a - len b| / (len a + len b)), so a candidate whose length is too
    far off cannot reach the cutoff: leaving it out changes no result, and the candidates keep their order, so
    ties resolve as before. The lists are built on first use of each length.
    """

    def __init__(self, choices: Iterable[str], cutoff: float) -> None:
        self._choices = list(choices)
        self._cutoff = cutoff
        self._by_length: dict[int, list[str]] = {}

    def __call__(self, length: int) -> list[str]:
        found = self._by_length.get(length)
        if found is None:
            found = [c for c in self._choices if self._reachable(length, len(c))]
            self._by_length[length] = found
        return found

    def _reachable(self, length: int, other: int) -> bool:
        return 100 * (1 - abs(length - other) / (length + other)) >= self._cutoff - 1e-6


def typo_match(text: str, candidates: list[str], cutoff: float) -> str | None:
    """The candidate `text` is a typo of: close by `fuzz.ratio`, or one edit away counting a swap of two
    neighbouring letters as one edit ("mnay", "asapc"), which `fuzz.ratio` counts as two."""
    match = process.extractOne(text, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
    if match is not None:
        return match[0]
    match = process.extractOne(text, candidates, scorer=OSA.distance, score_cutoff=1)
    return match[0] if match is not None else None


@dataclass(slots=True)
class Scored:
    doc: Doc
    score: float
    coverage: float


class Engine:
    def __init__(self, knowledge: KnowledgeBase, index: Index | None = None) -> None:
        self.knowledge = knowledge
        self.index: Index = index if index is not None else build_index(knowledge)
        self.answers = AnswerBuilder(knowledge)
        self.translator = Translator(knowledge)
        language = knowledge.language
        self._question_stems = {stem(w) for w in language.question_words}
        self._subject_stems = subject_stems(language)
        self._project_stems = {stem(w) for w in language.project_words}
        self._conjunction_stems = {stem(w) for w in language.conjunctions}
        self._start_stems = {stem(w) for cue in language.year_cues["starts"] for w in words(cue)}
        self._end_stems = {stem(w) for cue in language.year_cues["ends"] for w in words(cue)}
        self._docs_by_id = {doc.id: doc for doc in self.index.docs}
        self._fuzzy_names = LengthFiltered(self.index.fuzzy_names, NAME_SCORE_CUTOFF)
        self._fuzzy_vocabulary = LengthFiltered(self.index.fuzzy_vocabulary, WORD_SCORE_CUTOFF)
        # Every key a run of question words can name something by, sorted for prefix search (see `read`).
        self._name_keys = sorted(
            {*self.index.names, *self.index.subject_compacts}
            | {compact(key) for key in self.index.case_sensitive_names}
            | {key for table in self.index.roles.values() for key in table.sequences}
        )
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

    # -- reading a question -------------------------------------------------------------------------------

    def read(self, question: str) -> Query:
        text = clean(question)
        language, text = self.translator.to_english(text)
        query = Query(text=text, language=language)
        text = ELONGATED.sub(r"\1", text)  # "heyyy", "pleeease"
        folded = words(text)
        typed = original_words(text)
        if len(typed) != len(folded):
            typed = folded
        spellings = self.knowledge.language.spellings
        typed = [spellings.get(f, t) for f, t in zip(folded, typed, strict=True)]
        folded = [spellings.get(f, f) for f in folded]
        vocabulary = self.index.vocabulary
        language_data = self.knowledge.language
        stopwords = language_data.stopwords
        query.refers_back = any(w in language_data.reference_words for w in folded)
        query.stems = {stem(w) for w in folded}
        wants_projects = bool(query.stems & self._project_stems)
        consumed = [False] * len(folded)

        def claim(start: int, size: int) -> None:
            for position in range(start, start + size):
                consumed[position] = True

        # Names first, longest first, so "Schools As Living Labs" wins over "Living Labs". Only runs that can
        # still grow into a name are looked at (a sorted list of every name key, searched by prefix).
        runs: list[tuple[int, int]] = []
        keys = self._name_keys
        for start in range(len(folded)):
            joined = ""
            for end in range(start, min(start + MAX_NAME_WORDS, len(folded))):
                joined += folded[end]
                at = bisect_left(keys, joined)
                if at == len(keys) or not keys[at].startswith(joined):
                    break
                runs.append((end - start + 1, start))
        runs.sort(key=lambda run: (-run[0], run[1]))
        for size, start in runs:
            if any(consumed[start : start + size]):
                continue
            run = folded[start : start + size]
            if all(w in stopwords for w in run):
                continue
            key = "".join(run)
            names = self.index.names.get(key, [])
            exact_case = self.index.case_sensitive_names.get(" ".join(typed[start : start + size]), [])
            roles = {
                role: table.sequences[key]
                for role, table in self.index.roles.items()
                if size > 1 and key in table.sequences
            }
            if roles and (wants_projects or not (names or exact_case)):
                for role, found in roles.items():
                    known = query.organisations.setdefault(role, [])
                    known.extend(sorted(found - set(known)))
                claim(start, size)
            elif names or exact_case:
                for name in [*names, *exact_case]:
                    query.entities[name.entity] = name.text
                claim(start, size)
            elif key in self.index.subject_compacts:
                query.mentions_subject = True
                claim(start, size)
        # Then names with typos, from words the knowledge base does not know ("techetos", "globl scape").
        for size in (3, 2, 1):
            for start in range(len(folded) - size + 1):
                if any(consumed[start : start + size]):
                    continue
                run = folded[start : start + size]
                if all(w in vocabulary or w in stopwords for w in run):
                    continue
                if run[0] in stopwords or run[-1] in stopwords:
                    continue
                key = "".join(run)
                if len(key) < MIN_FUZZY_NAME_CHARS:
                    continue
                found = typo_match(key, self._fuzzy_names(len(key)), NAME_SCORE_CUTOFF)
                if found is not None:
                    for name in self.index.names[found]:
                        query.entities[name.entity] = name.text
                    claim(start, size)
        # Then organisations of projects by a distinctive word ("NEMO", "AHHAA").
        for position, word in enumerate(folded):
            for role, table in self.index.roles.items():
                if not consumed[position] and word in table.words:
                    known = query.organisations.setdefault(role, [])
                    known.extend(sorted(table.words[word] - set(known)))
                    consumed[position] = True
        for role in query.organisations:
            query.terms[ROLE_TERMS[role]] = self.index.idf_of(ROLE_TERMS[role])
        for entity in query.entities:
            query.terms[entity] = self.index.idf_of(entity)

        # The remaining words become terms.
        for position, word in enumerate(folded):
            # A single letter ("q", "u") says nothing; a single digit is kept, it may be a count.
            if consumed[position] or word in stopwords or (len(word) == 1 and not word.isdigit()):
                continue
            if YEAR_PATTERN.match(word):
                query.years.append(int(word))
                if word not in vocabulary:
                    query.terms[YEAR_TERM] = self.index.idf_of(YEAR_TERM) * QUESTION_WORD_FACTOR
                    continue
            factor = 1.0
            if word in vocabulary:
                term = vocabulary[word]
            else:
                term = stem(word)
                if term not in self.index.idf and len(word) >= MIN_FUZZY_WORD_CHARS and not word.isdigit():
                    found = typo_match(word, self._fuzzy_vocabulary(len(word)), WORD_SCORE_CUTOFF)
                    # A typo seldom changes the first letter; requiring it avoids "entity" -> "identity".
                    if found is not None and found[0] == word[0]:
                        term = vocabulary[found]
                        factor = CORRECTED_FACTOR
            if term in self._subject_stems:
                query.mentions_subject = True
                continue
            generic = word in language_data.generic_words or word.isdigit()
            if term in self._question_stems:
                factor *= QUESTION_WORD_FACTOR
            elif generic and term not in self.index.strong_terms:
                factor *= GENERIC_WORD_FACTOR
            weight = self.index.idf_of(term) * factor
            query.terms[term] = max(query.terms.get(term, 0.0), weight)
        return query

    # -- scoring ------------------------------------------------------------------------------------------

    def rank(self, query: Query) -> list[Scored]:
        total = sum(query.terms.values())
        if total <= 0:
            return []
        # Candidates come from the question's rarer terms: a word in thousands of documents ("project" in a
        # large knowledge base) cannot make a document win alone, so it brings candidates only when nothing
        # rarer does.
        postings = [self.index.postings.get(term, ()) for term in query.terms]
        rare = [p for p in postings if len(p) <= MAX_CANDIDATES_PER_TERM]
        candidates: set[int] = set()
        for posting in rare or postings:
            candidates.update(posting)
        question_key = sorted(t for t in query.terms if not t.startswith(ENTITY_PREFIX))
        scored: list[Scored] = []
        for position in candidates:
            doc = self.index.docs[position]
            if doc.requires and doc.requires not in query.terms:
                continue
            # A project's website, or projects by year or by organisation, need words of their own besides the
            # required term ("who is the director of NEMO?" is not about NEMO's projects).
            if doc.kind in ("attribute", "year-query", "role-query") and not any(
                t in doc.terms
                for t in query.terms
                if t != doc.requires
                and not t.startswith(ENTITY_PREFIX)
                and not (doc.kind == "role-query" and t in self._question_stems)
            ):
                continue
            coverage = self._coverage(doc, query.terms, total)
            if coverage <= 0:
                continue
            # A document without phrasings (a project attribute) is neither helped nor hurt by similarity.
            similarity = coverage
            if doc.phrasings and question_key:
                # Word by word (the words are already corrected and stemmed), not letter by letter.
                best = process.extractOne(question_key, doc.phrasings, scorer=fuzz.ratio, processor=None)
                similarity = best[1] / 100 if best else 0.0
            # Similarity breaks ties between documents that explain the question alike; scaled by coverage, it
            # cannot lift a document that explains little.
            score = coverage + SIMILARITY_WEIGHT * similarity * coverage
            scored.append(Scored(doc, score, coverage))
        scored.sort(key=lambda s: (-s.score, s.doc.id))
        return self._break_ties(query, scored)

    @staticmethod
    def _break_ties(query: Query, scored: list[Scored]) -> list[Scored]:
        """Among documents that explain the question alike, prefer the one whose title or phrasing reads most
        like the question as typed, little words included ("what's in it for members?")."""
        if len(scored) < 2 or not query.text:
            return scored
        best = scored[0].score
        contenders = [s for s in scored if s.score >= best - TIE and s.doc.texts]
        if len(contenders) < 2:
            return scored
        typed = [stem(word) for word in words(query.text)]
        for item in contenders:
            match = process.extractOne(typed, item.doc.texts, scorer=fuzz.ratio, processor=None)
            if match is not None:
                item.score += TEXT_SIMILARITY_WEIGHT * item.coverage * match[1] / 100
        scored.sort(key=lambda s: (-s.score, s.doc.id))
        return scored

    @staticmethod
    def _coverage(doc: Doc, terms: dict[str, float], total: float | None = None) -> float:
        """The share of the question's weighted words that the document explains."""
        total = sum(terms.values()) if total is None else total
        if total <= 0:
            return 0.0
        return sum(weight * doc.terms.get(term, 0.0) for term, weight in terms.items()) / total

    def _decide(self, query: Query, ranked: list[Scored]) -> Answer:
        if ranked:
            best = ranked[0]
            runner_up = ranked[1].score if len(ranked) > 1 else 0.0
            pair = self._two_questions_in_one(query, ranked)
            if pair is not None:
                first, second = (self._answer(item.doc, query, item.score) for item in pair)
                return self.answers.combine(first, second)
            if best.coverage >= ANSWER_COVERAGE and best.score - runner_up >= CLEAR_MARGIN:
                return self._answer(best.doc, query, best.score)
            # "projects about education": several projects fit alike, and a list of them is the answer.
            tied = [s for s in ranked if s.score >= best.score - CLEAR_MARGIN]
            if (
                best.coverage >= ANSWER_COVERAGE
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
        candidates = [s for s in ranked[:MAX_SUGGESTIONS] if s.coverage >= SUGGESTION_COVERAGE]
        total = sum(query.terms.values())
        for index, first in enumerate(candidates):
            for second in candidates[index + 1 :]:
                union = {
                    term: weight * max(first.doc.terms.get(term, 0.0), second.doc.terms.get(term, 0.0))
                    for term, weight in query.terms.items()
                }
                together = sum(union.values()) / total
                if (
                    together >= ANSWER_COVERAGE
                    and together - first.coverage >= MIN_PART_COVERAGE
                    and together - second.coverage >= MIN_PART_COVERAGE
                ):
                    return first, second
        return None

    def _suggestions(self, ranked: list[Scored], language: str) -> list[Suggestion]:
        suggestions: list[Suggestion] = []
        for item in ranked:
            if item.coverage < SUGGESTION_COVERAGE or len(suggestions) == MAX_SUGGESTIONS:
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
        confident = bool(ranked) and ranked[0].coverage >= ANSWER_COVERAGE
        return query.refers_back or not confident or self._only_question_words(query)

    def _only_question_words(self, query: Query) -> bool:
        """"when?", "who?": a question that names nothing, so it can only be about the last subject."""
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
            own = self._coverage(best.doc, query.terms)
            alone_confident = bool(ranked) and ranked[0].coverage >= ANSWER_COVERAGE
            about_subject = best.doc.entity == subject
            refers_back = query.refers_back or self._only_question_words(query)
            if about_subject and own >= ANSWER_COVERAGE and (refers_back or not alone_confident):
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
