"""The start-up cache serves the same knowledge faster, and never serves stale or invalid knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import knowledge.engine as engine_module
from bot.render.text import render_text
from knowledge import KnowledgeError, load_engine
from knowledge.cache import CACHE_DIR_VARIABLE
from knowledge.loader import DATA_DIR


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(directory))
    return directory


def refuse_to_build(*_: object) -> None:
    raise AssertionError("the index was rebuilt although the cache was valid")


def test_a_second_start_reads_the_cache_instead_of_rebuilding(data, cache_dir, monkeypatch) -> None:
    first = load_engine(data)
    assert list(cache_dir.glob("*.pickle"))
    monkeypatch.setattr(engine_module, "build_index", refuse_to_build)
    monkeypatch.setattr(engine_module, "load_knowledge_base", refuse_to_build)
    second = load_engine(data)
    question = "who takes part in DOORS?"
    assert render_text(second.ask(question)) == render_text(first.ask(question))


def test_changing_a_yaml_file_invalidates_the_cache(data, cache_dir) -> None:
    assert "Brussels" in render_text(load_engine(data).ask("where is ecsite based?"))
    organisation = data / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("**Brussels, Belgium**", "**Ghent, Belgium**"),
        encoding="utf-8",
    )
    assert "Ghent" in render_text(load_engine(data).ask("where is ecsite based?"))


def test_adding_a_yaml_file_invalidates_the_cache(data, cache_dir) -> None:
    assert not load_engine(data).answer_topic("added-fact").answered
    (data / "added.yaml").write_text(
        "topics:\n  - id: added-fact\n    title: Added\n    body: A fact from a new file.\n"
        "    sources: [mission]\n    phrasings: [what is the added fact]\n",
        encoding="utf-8",
    )
    assert load_engine(data).answer_topic("added-fact").body == "A fact from a new file."


def test_a_broken_knowledge_base_is_reported_even_after_a_good_one_was_cached(data, cache_dir) -> None:
    load_engine(data)
    projects = data / "projects.yaml"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace("timeframe: 2021-2023", "timeframe: x", 1)
    )
    with pytest.raises(KnowledgeError, match="timeframe"):
        load_engine(data)


def test_an_unreadable_cache_file_is_rebuilt(data, cache_dir, caplog) -> None:
    load_engine(data)
    [cached] = cache_dir.glob("*.pickle")
    cached.write_bytes(b"not a pickle")
    engine = load_engine(data)
    assert engine.ask("when was ecsite founded?").answered
    assert "ignoring unreadable knowledge cache" in caplog.text


def test_an_empty_cache_setting_turns_the_cache_off(data, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, "")
    load_engine(data)
    assert not list(tmp_path.rglob("*.pickle"))


def test_an_unwritable_cache_folder_does_not_stop_the_engine(data, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocker / "cache"))
    assert load_engine(data).ask("when was ecsite founded?").answered
