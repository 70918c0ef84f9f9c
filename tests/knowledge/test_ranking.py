"""The ranker scores exactly as it did candidate by candidate: over stems in codes as over the stems
themselves, term by term over the postings, and for named entities as the whole ranking filtered."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from knowledge import Engine, load_engine
from knowledge.index import (
    BODY_PASSAGE,
    CHECKED_KINDS,
    ENTITY_PREFIX,
    MAX_TERM_WEIGHT,
    TOPIC_PASSAGE,
    Terms,
    Weights,
)
from knowledge.ranking import Ranker, Scored, _StemCodes
from knowledge.reading import Query

QUESTIONS = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


def _ranked(ranker: Ranker, engine: Engine, question: str) -> list[tuple[str, float, float]]:
    return [(s.doc.id, s.score, s.coverage) for s in ranker.rank(engine.read(question))]


def test_codes_rank_as_the_stems_do_to_the_last_bit(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    coded = Ranker(engine.index, engine.tuning, engine.reader.question_stems, engine.reader.project_stems)
    plain = Ranker(engine.index, engine.tuning, engine.reader.question_stems, engine.reader.project_stems)
    # A ranker whose codes are all taken compares the stems themselves, as before codes.
    monkeypatch.setattr(plain._codes, "full", lambda: True)
    questions = [case["q"] for case in QUESTIONS]
    questions += ["wht is ecsite", "who funds DOORS and who takes part", "when does it end zzqx"]
    for question in questions:
        assert _ranked(coded, engine, question) == _ranked(plain, engine, question), question


def test_codes_score_as_stems_and_words_met_once_take_no_stems_code() -> None:
    codes = _StemCodes()
    run, other = ("ecsit", "found", "year"), ("found", "ecsit")
    assert fuzz.ratio(codes.encode(run), codes.encode(other)) == fuzz.ratio(run, other)
    # Words met once get codes of their own, never a stem's: an unseen word cannot equal a known one.
    once = codes.encode_once(["ecsit", "unseen", "other"])
    assert once[0] == codes.encode(("ecsit",)) and len(set(once)) == 3
    assert not {once[1], once[2]} & set(codes.encode(run))


def _reference_rank(ranker: Ranker, query: Query, with_body: bool = False) -> list[Scored]:
    """The ranking as it was made before the sums were made term by term: every candidate one by one."""
    total = sum(query.terms.values())
    if total <= 0:
        return []
    postings = [ranker.index.postings.get(term, ()) for term in query.terms]
    rare = [p for p in postings if len(p) <= ranker.tuning.max_candidates_per_term]
    candidates: set[int] = set()
    for posting in rare or postings:
        candidates.update(posting)
    if with_body:
        for term in query.terms:
            candidates.update(ranker.index.body_postings.get(term, ()))
    key = sorted(t for t in query.terms if not t.startswith(ENTITY_PREFIX) and t not in query.unknown)
    plain_terms = [t for t in query.terms if not t.startswith(ENTITY_PREFIX)]
    about_projects = bool(query.stems & ranker._project_stems)
    scored = []
    for position in candidates:
        doc = ranker.index.docs[position]
        if not ranker._applies(doc, query, plain_terms, about_projects):
            continue
        explained = sum(weight * doc.terms.get(term, 0.0) for term, weight in query.terms.items()) / total
        if explained <= 0:
            continue
        similarity = explained
        if doc.phrasings and key:
            best = process.extractOne(key, doc.phrasings, scorer=fuzz.ratio, processor=None)
            similarity = best[1] / 100 if best else 0.0
        score = explained + ranker.tuning.similarity_weight * similarity * explained
        scored.append(Scored(doc, score, explained))
    if any(s.doc.kind in (TOPIC_PASSAGE, BODY_PASSAGE) for s in scored):
        scored = ranker._fold_passages(scored)
    scored.sort(key=lambda s: (-s.score, s.doc.id))
    return ranker._break_ties(query, scored)


def _questions() -> list[str]:
    questions = [case["q"] for case in QUESTIONS]
    # Named things with common words around them, so other entities' documents are candidates too.
    questions += ["who takes part in DOORS", "what is the website of DOORS and who funds it", "ASTC members"]
    questions += ["when was RedPOP founded", "did Ecsite start in 1995?", "projects funded by Horizon 2020"]
    return questions


@pytest.mark.parametrize("with_body", [False, True])
def test_the_ranking_is_the_one_made_candidate_by_candidate_to_the_last_bit(
    engine: Engine, with_body: bool
) -> None:
    for question in _questions():
        query = engine.read(question)
        expected = [(s.doc.id, s.score, s.coverage) for s in _reference_rank(engine.ranker, query, with_body)]
        ranked = engine.ranker.rank(query, with_body=with_body)
        assert [(s.doc.id, s.score, s.coverage) for s in ranked] == expected, question


def test_a_ranking_for_named_entities_is_the_whole_ranking_filtered(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranker = engine.ranker
    scorings: list[int] = []
    score = ranker._score

    def counted_score(query: Query, candidates: list[int], total: float) -> list[Scored]:
        scorings[-1] += 1
        return score(query, candidates, total)

    monkeypatch.setattr(ranker, "_score", counted_score)
    named_questions = 0
    for question in _questions():
        query = engine.read(question)
        named = frozenset(query.named_entities())
        if not named:
            continue
        named_questions += 1
        scorings.append(0)
        whole = [
            (s.doc.id, s.score, s.coverage)
            for s in ranker.rank(query)
            if s.doc.entity in named or s.doc.kind in ("role-query", "year-query")
        ]
        scorings.append(0)
        assert [(s.doc.id, s.score, s.coverage) for s in ranker.rank(query, named)] == whole, question
    # At least ten were scored once: the bound left the other candidates unscored (or there were none).
    assert named_questions >= 10 and scorings[1::2].count(1) >= 10


def test_what_the_ranker_relies_on_holds_for_every_document(engine: Engine) -> None:
    index = engine.index
    phrased = {(t, p) for t, positions in index.phrasing_postings.items() for p in positions}
    posted = {(t, p) for t, positions in index.postings.items() for p in positions}
    posted_apart = {p for positions in index.body_postings.values() for p in positions}
    # `Ranker._score` scores documents in another order than the candidates': best first by (score, id)
    # sorts them alike only because no two documents share an id.
    assert len({doc.id for doc in index.docs}) == len(index.docs)
    for position, doc in enumerate(index.docs):
        # `Ranker._reach`: no weight above the bound, and a named entity's term only in its own documents.
        assert all(0 < weight <= MAX_TERM_WEIGHT for weight in doc.terms.values()), doc.id
        assert all(t == doc.entity for t in doc.terms if t.startswith(ENTITY_PREFIX) and ":" in t), doc.id
        # `Ranker._score`: similarity only where a phrasing has the term, sums over the postings.
        assert {(t, position) for p in doc.phrasings for t in p} <= phrased
        assert index.checked[position] == (doc.requires is not None or doc.kind in CHECKED_KINDS)
        if not index.checked[position]:
            assert {(t, position) for t in doc.terms} <= posted, doc.id
        # A sentence of a topic without a name is a candidate only for `rank(with_body=True)`.
        assert (position in posted_apart) == (doc.kind == BODY_PASSAGE), doc.id
        if doc.kind == BODY_PASSAGE:
            assert not {(t, position) for t in doc.terms} & posted, doc.id
    # `Ranker._score` reads a topic's or project's weights from the postings: the same floats, to the bit.
    for term in index.postings:
        weighted = index.postings.weighted(term)
        assert weighted is not None
        for position, code in zip(*weighted, strict=True):
            doc = index.docs[position]
            own = doc.terms[doc.requires] if doc.requires else doc.terms[term]
            assert index.postings.table[code].hex() == own.hex(), (term, doc.id)


def test_a_documents_terms_read_as_the_dict_they_were_built_from() -> None:
    weights = Weights()
    built = {"found": 1.0, "year": 0.9, "set": 0.5583333333333333, "@topic:x": 1.0, "old": 0.9}
    terms = Terms.of(built, weights)
    assert list(terms) == list(built) and list(terms.items()) == list(built.items()) and len(terms) == 5
    assert terms == built and dict(terms) == built and repr(terms) == repr(built)
    assert terms["set"] == built["set"] and terms.get("nothing") is None and terms.get("old", 0.0) == 0.9
    assert "year" in terms and "nothing" not in terms and set(terms) == set(built)
    with pytest.raises(KeyError):
        terms["nothing"]
    assert weights.table == [1.0, 0.9, 0.5583333333333333]
    unpickled = pickle.loads(pickle.dumps((terms, Terms.of({"year": 0.9}, weights))))
    assert unpickled[0] == built and unpickled[0]._table is unpickled[1]._table


def test_phrasings_with_nothing_in_common_score_0() -> None:
    # `Ranker._score` gives them 0 without asking rapidfuzz.
    for key, choices in [("ab", ["cd", "e"]), ("a", ["bcdefgh"]), ("abcdef", ["g", "hij", "klmnopq"])]:
        best = process.extractOne(key, choices, scorer=fuzz.ratio, processor=None)
        assert best is None or best[1] == 0.0


def test_an_unpickled_index_has_every_documents_terms_as_they_were_built(engine: Engine) -> None:
    # The cache packs every `Terms` document's terms into one table (`_pack_docs`), read back on first use.
    built = engine.index
    unpickled = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(unpickled.docs) == len(built.docs)
    for before, after in zip(built.docs, unpickled.docs, strict=True):
        assert type(after.terms) is type(before.terms) and repr(after) == repr(before), before.id
        assert list(after.terms.items()) == list(before.terms.items())
        if isinstance(before.terms, Terms):
            assert after.terms._keys == before.terms._keys and after.terms._codes == before.terms._codes
            assert after.terms._table is unpickled.postings.table
    again = pickle.loads(pickle.dumps(unpickled, protocol=pickle.HIGHEST_PROTOCOL))
    assert [repr(doc) for doc in again.docs] == [repr(doc) for doc in built.docs]
