"""Ranking: which documents explain a question's weighted words, best first."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from operator import attrgetter

from rapidfuzz import fuzz, process

from knowledge.index import (
    BODY_PASSAGE,
    CHECKED_KINDS,
    ENTITY_PREFIX,
    MAX_TERM_WEIGHT,
    TOPIC_PASSAGE,
    Doc,
    Index,
)
from knowledge.reading import Query
from knowledge.text import stem, words
from knowledge.tuning import Tuning

_BY_ID = attrgetter("doc.id")
_BY_SCORE = attrgetter("score")
_NEED_OWN_WORDS = CHECKED_KINDS
# What `Engine._decide` keeps of a ranking besides the named entities' documents.
_ALWAYS_KEPT = frozenset({"role-query", "year-query"})
# Far above the relative error of summing a few positive terms, far below any gap between scores that matters.
_REACH_MARGIN = 1 + 1e-9
# Stems are compared as one character each (see `_StemCodes`): the surrogates are skipped, and the codes of
# words met only in one question count down from the top, so they never meet a stem's own code.
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE = 0x10FFFF
_SPARE_CODES = 4096


class _StemCodes:
    """Sequences of stems as strings of one character per stem, for rapidfuzz.

    `fuzz.ratio` over two sequences compares their items for equality only, so a sequence of distinct
    characters, one per distinct stem, scores exactly as the sequence of stems does; rapidfuzz reads a string
    in one pass, where a tuple of strings has each of its items hashed on every comparison (1.6x slower).
    Stems get their code on first use and keep it; a word met only in one question's typed text gets a code
    of that question only, from the top of the range down.
    """

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._next = _FIRST_CODE

    def full(self) -> bool:
        return self._next >= _LAST_CODE - _SPARE_CODES - len(_SURROGATES)

    def code(self, term: str) -> str:
        found = self._codes.get(term)
        if found is None:
            found = self._codes[term] = chr(self._next)
            self._next += 1
            if self._next in _SURROGATES:
                self._next = _SURROGATES.stop
        return found

    def encode(self, run: tuple[str, ...] | list[str]) -> str:
        code = self.code
        return "".join([code(term) for term in run])

    def encode_once(self, run: list[str]) -> str:
        """`run` in codes without giving its unknown stems codes of their own (a question's typed words)."""
        codes = self._codes
        spare: dict[str, str] = {}
        out: list[str] = []
        for term in run:
            found = codes.get(term)
            if found is None:
                found = spare.get(term)
                if found is None:
                    found = spare[term] = chr(_LAST_CODE - len(spare))
            out.append(found)
        return "".join(out)


@dataclass(slots=True)
class Scored:
    doc: Doc
    score: float
    coverage: float


def coverage(doc: Doc, terms: dict[str, float], total: float | None = None) -> float:
    """The share of the question's weighted words that the document explains."""
    total = sum(terms.values()) if total is None else total
    if total <= 0:
        return 0.0
    return sum(weight * doc.terms.get(term, 0.0) for term, weight in terms.items()) / total


def _best_first(scored: list[Scored]) -> None:
    """Sort by score, best first, and by document id among equal scores: the order of sorting by the key
    (-score, id), in two stable sorts whose keys are read in C, not a tuple made per document in Python (a
    question at 10,000 entries can have a thousand candidates)."""
    scored.sort(key=_BY_ID)
    scored.sort(key=_BY_SCORE, reverse=True)


class Ranker:
    def __init__(
        self, index: Index, tuning: Tuning, question_stems: set[str], project_stems: set[str]
    ) -> None:
        self.index = index
        self.tuning = tuning
        self._question_stems = question_stems
        self._project_stems = project_stems
        self._topics = {doc.id: doc for doc in index.docs if doc.kind == "topic"}
        self._codes = _StemCodes()
        # Each document's phrasings (by position) and texts (by identity: the index keeps every document) in
        # codes, made the first time the document is compared.
        self._coded_phrasings: dict[int, list[str]] = {}
        self._coded_texts: dict[int, list[str]] = {}

    def _phrasings(self, position: int, doc: Doc) -> list[str] | None:
        """The document's phrasings in codes; None once every code is taken (never at any size built so far:
        the stems themselves then score the same, only slower)."""
        coded = self._coded_phrasings.get(position)
        if coded is None:
            if self._codes.full():
                return None
            encode = self._codes.encode
            coded = self._coded_phrasings[position] = [encode(p) for p in doc.phrasings]
        return coded

    def _texts(self, doc: Doc) -> list[str] | None:
        coded = self._coded_texts.get(id(doc))
        if coded is None:
            if self._codes.full():
                return None
            encode = self._codes.encode
            coded = self._coded_texts[id(doc)] = [encode(t) for t in doc.texts]
        return coded

    def rank(self, query: Query, named: Collection[str] = (), with_body: bool = False) -> list[Scored]:
        """Every candidate document, scored, best first.

        With `named` (the entities the question names, `Query.named_entities`), only what `Engine._decide`
        keeps of the ranking is returned: the named entities' documents and the role and year queries, as the
        whole ranking filtered to them. The other candidates are left unscored when no score they could have
        reaches the tie-break's reach of the best kept one: then none of them can be the best, whose score
        decides which documents are tie-broken, and none is tie-broken itself, so the kept documents score
        and sort as they do in the whole ranking. At 10,000 entries "who takes part in X" has 943 candidates,
        825 of them projects reached through "take" and "part", and keeps about 10.

        `with_body` makes the sentences of the topics that have no name of their own (`BODY_PASSAGE`,
        `Index.body_postings`) candidates, standing for their topics; without it they are not candidates.
        """
        total = sum(query.terms.values())
        if total <= 0:
            return []
        tuning = self.tuning
        # Candidates come from the question's rarer terms: a word in thousands of documents ("project" in a
        # large knowledge base) cannot make a document win alone, so it brings candidates only when nothing
        # rarer does.
        postings = [self.index.postings.get(term, ()) for term in query.terms]
        rare = [p for p in postings if len(p) <= tuning.max_candidates_per_term]
        candidates: set[int] = set()
        for posting in rare or postings:
            candidates.update(posting)
        if with_body:
            for term in query.terms:
                candidates.update(self.index.body_postings.get(term, ()))
        if named:
            docs = self.index.docs
            kept = [p for p in candidates if docs[p].entity in named or docs[p].kind in _ALWAYS_KEPT]
            if len(kept) < len(candidates):
                scored = self._score(query, kept, total)
                best = max((s.score for s in scored), default=None)
                if best is not None and self._reach(query, named, total) < best - tuning.tie:
                    _best_first(scored)
                    return self._break_ties(query, scored)
        scored = self._score(query, candidates, total)
        _best_first(scored)
        scored = self._break_ties(query, scored)
        if named:
            return [s for s in scored if s.doc.entity in named or s.doc.kind in _ALWAYS_KEPT]
        return scored

    def _reach(self, query: Query, named: Collection[str], total: float) -> float:
        """A score no document of an entity not named can reach: it has none of the named entities' terms
        (an entity's term is only in its own documents), no term weighs more than MAX_TERM_WEIGHT in a
        document, and similarity is at most 1. Rounding (and `sum`'s own, compensated on Python 3.12) errs by
        far less than the margin added, since every term is positive."""
        terms = query.terms.items()
        reach = sum(weight * (0.0 if term in named else MAX_TERM_WEIGHT) for term, weight in terms) / total
        return (reach + self.tuning.similarity_weight * max(1.0, reach) * reach) * _REACH_MARGIN

    def _score(self, query: Query, candidates: Iterable[int], total: float) -> list[Scored]:
        """The candidates that explain some of the question, scored, topic passages folded into topics.

        A topic's or a project's terms are all in the postings (`build_index`), so their sums are made term
        by term over the postings, only the documents that hold a term looked at for it: of "what is the
        connecting of X?"'s 915 candidates at 10,000 entries, each holds one of its two terms. Similarity is
        only computed for the documents with a question's term in a phrasing (`phrasing_postings`): the other
        phrasings share nothing with the question, so `fuzz.ratio` gives them 0.
        """
        tuning = self.tuning
        # A word no document has cannot be in a phrasing: it would only dilute every similarity alike.
        question_key = sorted(
            t for t in query.terms if not t.startswith(ENTITY_PREFIX) and t not in query.unknown
        )
        # Known terms only, so their codes are as many as the index's words at most.
        codes = self._codes
        coded_key = codes.encode_once(question_key) if codes.full() else codes.encode(question_key)
        # Worked out once per question, not once per candidate: the candidates are many, the terms few.
        weighted = list(query.terms.items())
        plain_terms = [t for t in query.terms if not t.startswith(ENTITY_PREFIX)]
        about_projects = bool(query.stems & self._project_stems)
        index = self.index
        docs = index.docs
        similarity_weight = tuning.similarity_weight
        phrased: set[int] = set()
        for term in question_key:
            phrased.update(index.phrasing_postings.get(term, ()))
        scored: list[Scored] = []
        checked = index.checked
        plain = {position for position in candidates if not checked[position]}
        # The documents that need a term, or words of their own, are few: scored one by one.
        for position in candidates:
            if not checked[position]:
                continue
            doc = docs[position]
            if not self._applies(doc, query, plain_terms, about_projects):
                continue
            doc_terms = doc.terms
            # As `coverage` sums, in the same order, so every score is the same to the last bit.
            explained = sum(weight * doc_terms.get(term, 0.0) for term, weight in weighted) / total
            if explained <= 0:
                continue
            scored.append(self._scored(position, doc, explained, question_key, coded_key, phrased))
        # Only these can be topic passages (they are checked documents); folded with the topics, below.
        passages = any(s.doc.kind in (TOPIC_PASSAGE, BODY_PASSAGE) for s in scored)
        # Each plain document's products, in the question's order of terms: `sum` over them is the sum
        # `coverage` makes, whose other products are 0.0 and add nothing (nor to a compensated sum).
        first: dict[int, float] = {}
        more: dict[int, list[float]] = {}
        postings = index.postings
        # The postings hold each document's weight of the term (coded, `Postings.weighted`): the documents'
        # own terms are not looked at.
        table = postings.table
        for term, weight in weighted:
            posted = postings.weighted(term)
            if not posted or not posted[0]:
                continue
            posting, codes = posted
            # A plain document is in the posting of every term it has.
            held: list[tuple[int, float]]
            if len(posting) <= 2 * len(plain):
                held = [(p, code) for p, code in zip(posting, codes, strict=True) if p in plain]
            else:
                held = []
                size = len(posting)
                for position in plain:
                    at = bisect_left(posting, position)
                    if at < size and posting[at] == position:
                        held.append((position, codes[at]))
            for position, code in held:
                product = weight * table[code]
                if first.setdefault(position, product) is not product:
                    more.setdefault(position, []).append(product)
        for position, product in first.items():
            extra = more.get(position) if more else None
            # `sum` of one float is that float: 0 + x is x.
            explained = (sum([product, *extra]) if extra else product) / total
            if explained <= 0:
                continue
            doc = docs[position]
            if position in phrased:
                scored.append(self._scored(position, doc, explained, question_key, coded_key, phrased))
            elif doc.phrasings and question_key:
                # No phrasing shares a stem with the question: similarity 0, and explained + 0.0 is explained.
                scored.append(Scored(doc, explained, explained))
            else:
                score = explained + similarity_weight * explained * explained
                scored.append(Scored(doc, score, explained))
        return self._fold_passages(scored) if passages else scored

    def _scored(
        self,
        position: int,
        doc: Doc,
        explained: float,
        question_key: list[str],
        coded_key: str,
        phrased: set[int],
    ) -> Scored:
        # A document without phrasings (a project attribute) is neither helped nor hurt by similarity.
        similarity = explained
        if doc.phrasings and question_key:
            if position not in phrased:
                # No phrasing shares a stem with the question: `fuzz.ratio` is 0 for each.
                similarity = 0.0
            else:
                # Word by word (the words are already corrected and stemmed), not letter by letter.
                coded = self._phrasings(position, doc)
                if coded is None:
                    best = process.extractOne(question_key, doc.phrasings, scorer=fuzz.ratio, processor=None)
                else:
                    best = process.extractOne(coded_key, coded, scorer=fuzz.ratio, processor=None)
                similarity = best[1] / 100 if best else 0.0
        # Similarity breaks ties between documents that explain the question alike; scaled by coverage, it
        # cannot lift a document that explains little.
        score = explained + self.tuning.similarity_weight * similarity * explained
        return Scored(doc, score, explained)

    def _fold_passages(self, scored: list[Scored]) -> list[Scored]:
        """A sentence of a topic stands for its topic, at the better of their two scores: the answer is the
        topic either way, and it must not count as its own runner-up. A sentence of a topic without a name
        stands for it only when it explains most of the question."""
        best: dict[str, Scored] = {}
        others: list[Scored] = []
        for item in scored:
            if item.doc.kind not in ("topic", TOPIC_PASSAGE, BODY_PASSAGE):
                others.append(item)
                continue
            if item.doc.kind == BODY_PASSAGE and item.coverage < self.tuning.body_passage_coverage:
                continue  # a sentence sharing a word or two with a question says nothing of it
            topic = self._topics[item.doc.target]
            held = best.get(topic.id)
            if held is None or (item.score, item.coverage) > (held.score, held.coverage):
                best[topic.id] = Scored(topic, item.score, item.coverage)
        return others + list(best.values())

    def _applies(self, doc: Doc, query: Query, plain_terms: list[str], about_projects: bool) -> bool:
        requires = doc.requires
        if requires and requires not in query.terms:
            return False
        kind = doc.kind
        # "Did Ecsite start in 1995?" is about Ecsite, not about the projects that started that year.
        if kind == "year-query" and query.mentions_subject and not about_projects:
            return False
        # A project's website, or projects by year or by organisation, need words of their own besides the
        # required term ("who is the director of NEMO?" is not about NEMO's projects).
        if kind in _NEED_OWN_WORDS:
            doc_terms = doc.terms
            if kind == "role-query":
                question_stems = self._question_stems
                return any(t in doc_terms for t in plain_terms if t != requires and t not in question_stems)
            return any(t in doc_terms for t in plain_terms if t != requires)
        return True

    def _break_ties(self, query: Query, scored: list[Scored]) -> list[Scored]:
        """Among documents that explain the question alike, prefer the one whose title or phrasing reads most
        like the question as typed, little words included ("what's in it for members?")."""
        if len(scored) < 2 or not query.text:
            return scored
        best = scored[0].score
        contenders = [s for s in scored if s.score >= best - self.tuning.tie and s.doc.texts]
        if len(contenders) < 2:
            return scored
        typed = [stem(word) for word in words(query.text)]
        # The texts first: coding them may give their stems codes, which the typed words must then use.
        texts = [self._texts(item.doc) for item in contenders]
        coded_typed = self._codes.encode_once(typed)
        for item, coded in zip(contenders, texts, strict=True):
            if coded is None:
                match = process.extractOne(typed, item.doc.texts, scorer=fuzz.ratio, processor=None)
            else:
                match = process.extractOne(coded_typed, coded, scorer=fuzz.ratio, processor=None)
            if match is not None:
                item.score += self.tuning.text_similarity_weight * item.coverage * match[1] / 100
        _best_first(scored)
        return scored


def score_of(doc: Doc, ranked: list[Scored]) -> float:
    return next((s.score for s in ranked if s.doc.id == doc.id), 0.0)


def answer_family(doc: Doc) -> str:
    """A project's overview and the sentences of its abstract answer from the same text."""
    return f"project:{doc.target}" if doc.kind in ("project", "passage") else doc.id


def runner_up(ranked: list[Scored]) -> float:
    """The best score of an answer other than the best one's: two sentences of one abstract that explain a
    question alike are not two answers to choose between."""
    family = answer_family(ranked[0].doc)
    return next((s.score for s in ranked[1:] if answer_family(s.doc) != family), 0.0)
