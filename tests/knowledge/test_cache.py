"""The start-up cache serves the same knowledge faster, and never serves stale or invalid knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import knowledge.engine as engine_module
from bot.render.text import render_text
from knowledge import KnowledgeError, load_engine
from knowledge.loader import DATA_DIR


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def refuse_to_build(*_: object) -> None:
    raise AssertionError("the index was rebuilt although the cache was valid")


def test_a_second_start_reads_the_cache_instead_of_rebuilding(data, cache_dir, monkeypatch) -> None:
    first = load_engine(data, cache_dir=cache_dir)
    assert list(cache_dir.glob("*.pickle"))
    monkeypatch.setattr(engine_module, "build_index", refuse_to_build)
    monkeypatch.setattr(engine_module, "load_knowledge_base", refuse_to_build)
    second = load_engine(data, cache_dir=cache_dir)
    question = "who takes part in DOORS?"
    assert render_text(second.ask(question)) == render_text(first.ask(question))


def test_changing_a_yaml_file_invalidates_the_cache(data, cache_dir) -> None:
    assert "Brussels" in render_text(load_engine(data, cache_dir=cache_dir).ask("where is ecsite based?"))
    organisation = data / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("**Brussels, Belgium**", "**Ghent, Belgium**"),
        encoding="utf-8",
    )
    assert "Ghent" in render_text(load_engine(data, cache_dir=cache_dir).ask("where is ecsite based?"))


def test_adding_a_yaml_file_invalidates_the_cache(data, cache_dir) -> None:
    assert not load_engine(data, cache_dir=cache_dir).answer_topic("added-fact").answered
    (data / "added.yaml").write_text(
        "topics:\n  - id: added-fact\n    title: Added\n    body: A fact from a new file.\n"
        "    sources: [mission]\n    phrasings: [what is the added fact]\n",
        encoding="utf-8",
    )
    assert load_engine(data, cache_dir=cache_dir).answer_topic("added-fact").body == "A fact from a new file."


def test_a_broken_knowledge_base_is_reported_even_after_a_good_one_was_cached(data, cache_dir) -> None:
    load_engine(data, cache_dir=cache_dir)
    projects = data / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("timeframe: 2021-2023", "timeframe: x", 1)
    )
    with pytest.raises(KnowledgeError, match="timeframe"):
        load_engine(data, cache_dir=cache_dir)


def test_an_unreadable_cache_file_is_rebuilt(data, cache_dir, caplog) -> None:
    load_engine(data, cache_dir=cache_dir)
    [cached] = cache_dir.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    engine = load_engine(data, cache_dir=cache_dir)
    assert engine.ask("when was ecsite founded?").answered
    assert "ignoring unreadable knowledge cache" in caplog.text


def test_without_a_cache_folder_nothing_is_cached(data, tmp_path) -> None:
    load_engine(data)
    assert not list(tmp_path.rglob("*.pickle"))


def test_an_unwritable_cache_folder_does_not_stop_the_engine(data, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert load_engine(data, cache_dir=blocker / "cache").ask("when was ecsite founded?").answered


def test_a_cached_start_has_the_translators_tables_built_as_they_would_be(data, cache_dir) -> None:
    fresh = load_engine(data)
    load_engine(data, cache_dir=cache_dir)
    cached = load_engine(data, cache_dir=cache_dir)
    built = cached.translator.__dict__
    assert {"_english_words", "_known_names"} <= built.keys()
    assert built["_english_words"] == fresh.translator._english_words
    assert built["_known_names"] == fresh.translator._known_names
    for code, language in cached.translator._languages.items():
        assert language.__dict__["stemmed"] == fresh.translator._languages[code].stemmed
    question = "Quando è stata fondata Ecsite?"
    assert render_text(cached.ask(question)) == render_text(fresh.ask(question))
    # The tables go to the translator of the knowledge base read with them, and to no other.
    assert "_english_words" not in load_engine(data).translator.__dict__
