"""The ranker's similarity over stems in codes scores exactly as over the stems themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from knowledge import Engine, load_engine
from knowledge.ranking import Ranker, _StemCodes

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
