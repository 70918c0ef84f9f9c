"""Learned phrasings: a taught question is answered with its topic, reworded too; bad files are refused."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load_engine
from knowledge.learned import export_yaml, read_learned, taught, untaught, write_learned
from knowledge.loader import DATA_DIR
from knowledge.teaching import forget, teach

DISCOUNT = "Is there a student discount?"
REWORDED = "student discount"


@pytest.fixture
def learned(tmp_path: Path) -> Path:
    return tmp_path / "data" / "learned.yaml"


def test_a_taught_question_and_a_reworded_one_are_answered_with_its_topic(learned: Path) -> None:
    before = load_engine(learned=learned)
    assert not before.ask(DISCOUNT).answered and not before.ask(REWORDED).answered

    write_learned(learned, taught((), DISCOUNT, "membership"))
    after = load_engine(learned=learned)

    for question in (DISCOUNT, REWORDED, "is there a STUDENT discount"):
        answer = after.ask(question)
        assert answer.answered and answer.topic == "membership", question
    assert after.knowledge.stats()["learned phrasings"] == 1
    assert before.ask("When was Ecsite founded?").topic == after.ask("When was Ecsite founded?").topic


def test_a_phrasing_is_taught_to_a_project_and_to_the_project_list(learned: Path) -> None:
    entries = taught((), "the one with the open doors thing", "project:doors")
    entries = taught(entries, "gimme the whole catalogue of initiatives", "projects")
    write_learned(learned, entries)
    engine = load_engine(learned=learned)
    assert engine.ask("the one with the open doors thing").topic == "project:doors"
    assert engine.ask("gimme the whole catalogue of initiatives").topic == "projects"


def test_the_cache_never_serves_a_stale_learned_file(learned: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert not load_engine(learned=learned, cache_dir=cache).ask(DISCOUNT).answered  # cached without any
    write_learned(learned, taught((), DISCOUNT, "membership"))
    assert load_engine(learned=learned, cache_dir=cache).ask(DISCOUNT).answered
    write_learned(learned, ())
    assert not load_engine(learned=learned, cache_dir=cache).ask(DISCOUNT).answered


def test_teaching_the_same_question_again_replaces_it_and_undo_removes_it() -> None:
    entries = taught((), DISCOUNT, "membership")
    entries = taught(entries, "is there a student  DISCOUNT", "member-benefits")
    assert [(e.question, e.topic) for e in entries] == [("is there a student DISCOUNT", "member-benefits")]
    assert untaught(entries, DISCOUNT) == ()
    assert untaught((), DISCOUNT) is None


def test_the_file_is_readable_by_its_owner_only(learned: Path) -> None:
    write_learned(learned, taught((), DISCOUNT, "membership"))
    assert learned.stat().st_mode & 0o077 == 0
    assert [e.question for e in read_learned(learned)] == [DISCOUNT]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "entry", "field", "problem"),
    [
        (
            "learned:\n  - {question: Is there a student discount?, topic: discounts,"
            " taught: '2026-11-21'}\n",
            "Is there a student discount?",
            "topic",
            "unknown topic id 'discounts'",
        ),
        (
            "learned:\n  - {question: Is there a student discount?, taught: '2026-11-21'}\n",
            "Is there a student discount?",
            "topic",
            "missing",
        ),
        (
            "learned:\n  - {question: '', topic: membership, taught: '2026-11-21'}\n",
            "#1",
            "question",
            "non-empty",
        ),
        (
            "learned:\n  - {question: hi there, topic: membership, taught: yesterday}\n",
            "hi there",
            "taught",
            "not a date",
        ),
        (
            "learned:\n  - {question: hi there, topic: membership, taught: '2026-11-21', by: carol}\n",
            "hi there",
            "by",
            "unknown field",
        ),
        (
            "learned:\n  - {question: hi there, topic: membership, taught: '2026-11-21'}\n"
            "  - {question: Hi there!, topic: founding, taught: '2026-11-21'}\n",
            "Hi there!",
            "question",
            "already taught in entry #1",
        ),
        ("learned: {question: hi}\n", None, "learned", "must be a list"),
        ("learned:\n  - [hi, membership]\n", "#1", None, "expected a mapping"),
    ],
)
def test_a_malformed_file_is_refused_naming_file_entry_and_field(
    learned: Path, text: str, entry: str | None, field: str | None, problem: str
) -> None:
    write(learned, text)
    with pytest.raises(KnowledgeError) as raised:
        load_engine(learned=learned)
    error = raised.value
    assert error.entry == entry
    assert error.file == str(learned) and error.field == field and problem in error.problem
    assert str(learned) in str(error)


def test_a_file_that_is_not_yaml_is_refused_naming_where(learned: Path) -> None:
    write(learned, "learned:\n  - question: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"learned\.yaml.*not valid YAML at line"):
        load_engine(learned=learned)


def test_duplicate_keys_and_fifos_are_refused_as_in_the_knowledge_base(learned: Path) -> None:
    write(
        learned,
        "learned:\n  - {question: hi there, topic: membership, topic: founding, taught: '2026-11-21'}\n",
    )
    with pytest.raises(KnowledgeError, match="given twice"):
        load_engine(learned=learned)
    learned.unlink()
    os.mkfifo(learned)
    with pytest.raises(KnowledgeError, match="not a regular file"):
        load_engine(learned=learned)


def test_a_learned_file_inside_the_knowledge_base_folder_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, copy)
    with pytest.raises(KnowledgeError, match="outside the knowledge base folder"):
        load_engine(copy, learned=copy / "learned.yaml")


def test_a_phrasing_close_to_another_topic_is_reported(learned: Path) -> None:
    lesson = teach(load_engine(learned=learned), None, learned, "who funds DOORS?", "membership")
    assert "Who funds DOORS" in lesson.also_like
    assert not lesson.answered_as_taught  # names come first: the project's funders still answer it


def test_a_clear_lesson_reports_nothing_else_and_undo_forgets_it(learned: Path) -> None:
    lesson = teach(load_engine(learned=learned), None, learned, DISCOUNT, "membership")
    assert lesson.also_like == () and lesson.answered_as_taught
    assert lesson.engine.ask(REWORDED).topic == "membership"

    undone = forget(None, learned, "is there a student discount")
    assert undone is not None and undone.entry.topic == "membership"
    assert not undone.engine.ask(DISCOUNT).answered and read_learned(learned) == ()
    assert forget(None, learned, DISCOUNT) is None


def test_teaching_an_unknown_topic_changes_nothing(learned: Path) -> None:
    teach(load_engine(learned=learned), None, learned, DISCOUNT, "membership")
    before = learned.read_bytes()
    with pytest.raises(KnowledgeError) as raised:
        teach(load_engine(learned=learned), None, learned, "hi there", "discounts")
    assert raised.value.field == "topic" and "'discounts'" in str(raised.value)
    assert learned.read_bytes() == before


def test_the_export_is_yaml_naming_each_file_and_entry_to_paste_into(learned: Path) -> None:
    entries = taught((), DISCOUNT, "membership")
    entries = taught(entries, "the one with the open doors thing", "project:doors")
    write_learned(learned, entries)
    engine = load_engine(learned=learned)
    exported = export_yaml(engine.knowledge, engine.knowledge.learned)
    assert "# organisation.yaml" in exported and "# projects.yaml" in exported
    entries_out = yaml.safe_load(exported)
    assert {"id": "membership", "phrasings": [DISCOUNT]} in entries_out
    assert {"id": "doors", "phrasings": ["the one with the open doors thing"]} in entries_out
