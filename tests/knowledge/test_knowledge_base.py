"""Every bundled YAML file validates, names are unique, and a broken copy fails naming the problem."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from knowledge import KnowledgeError, load_knowledge_base
from knowledge.index import content_stems
from knowledge.loader import DATA_DIR
from knowledge.text import compact

SOURCES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "sources"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def test_every_bundled_yaml_file_is_loaded_and_valid(kb) -> None:
    files = {str(p.relative_to(DATA_DIR)) for p in DATA_DIR.rglob("*.yaml")}
    used = {t.file for t in kb.topics.values()} | {p.file for p in kb.projects.values()}
    used |= {"sources.yaml", "language.yaml", "messages.yaml"}
    used |= {f"languages/{code}.yaml" for code in kb.translations}
    assert files == used, "a YAML file in knowledge/data is not part of the knowledge base"


def test_the_knowledge_base_holds_all_of_the_sources(kb) -> None:
    assert len(kb.projects) == 8
    assert len(kb.group("sister-networks")) == 5
    assert len(kb.group("european-partners")) == 10
    assert {s.id for s in kb.sources.values()} == {"sister-organisations", "encyclopedia", "mission"}
    road_steamer = next(p for p in kb.projects.values() if compact(p.name) == "roadsteamer")
    assert road_steamer.website is None and road_steamer.website_note


def test_every_entry_names_a_source_document(kb) -> None:
    for topic in [*kb.topics.values(), kb.projects_topic]:
        assert topic.sources, topic.id
    for project in kb.projects.values():
        assert project.sources, project.id


def test_ids_and_aliases_are_unique(kb) -> None:
    owners: dict[str, str] = {}
    for topic in kb.topics.values():
        for alias in (*topic.aliases, *topic.case_sensitive_aliases):
            key = compact(alias)
            assert owners.setdefault(key, topic.id) == topic.id, f"{alias!r} names two entries"
    for project in kb.projects.values():
        for alias in (project.name, *project.aliases, *project.case_sensitive_aliases):
            key = compact(alias)
            assert owners.setdefault(key, project.id) == project.id, f"{alias!r} names two entries"
    ids = [*kb.topics, kb.projects_topic.id, *(p.topic_id for p in kb.projects.values())]
    assert len(ids) == len(set(ids))


def test_no_two_entries_share_a_near_duplicate_phrasing(kb) -> None:
    """A phrasing that two entries both claim makes the engine's choice between them a coin toss."""
    owned = [(phrasing, topic.id) for topic in kb.topics.values() for phrasing in topic.phrasings]
    owned += [(phrasing, project.id) for project in kb.projects.values() for phrasing in project.phrasings]
    # Compared word by word on what the engine reads (stemmed content words), so "mission" and "vision", or
    # "ESA" and "ECSA", stay apart while "what is the purpose of ecsite" and "ecsite's purpose" meet.
    texts = [sorted(set(content_stems(text, kb.language))) for text, _ in owned]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, processor=None, score_cutoff=95)
    clashes = [
        (owned[i][0], owned[i][1], owned[j][0], owned[j][1])
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if scores[i][j] and owned[i][1] != owned[j][1]
    ]
    assert clashes == []


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the shared source documents are not beside the repo")
def test_project_facts_are_traceable_to_the_encyclopedia_table(kb) -> None:
    table = (SOURCES_DIR / "001_2cd3426b9b7a9df5.txt").read_text(encoding="utf-8")
    for project in kb.projects.values():
        assert f"| {project.name} | {project.start}-{project.end} |" in table
        for participant in project.participants:
            assert participant in table, participant
        if project.website:
            assert project.website in table


# -- broken copies ---------------------------------------------------------------------------------------


def broken_copy(tmp_path: Path, file: str, change: Callable[[object], None]) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def project(data, project_id: str) -> dict:
    return next(p for p in data["projects"] if p["id"] == project_id)


def topic(data, topic_id: str) -> dict:
    return next(t for t in data["topics"] if t["id"] == topic_id)


BROKEN = [
    pytest.param(
        "projects.yaml", lambda d: project(d, "doors").update(timeframe="2021-20x3"),
        ["projects.yaml", "'doors'", "'timeframe'"], id="bad-timeframe",
    ),
    pytest.param(
        "projects.yaml", lambda d: project(d, "doors").update(timeframe="2023-2021"),
        ["projects.yaml", "'doors'", "'timeframe'", "ends before it starts"], id="backwards-timeframe",
    ),
    pytest.param(
        "projects.yaml", lambda d: project(d, "techethos").pop("funders"),
        ["projects.yaml", "'techethos'", "'funders'", "missing"], id="missing-field",
    ),
    pytest.param(
        "organisation.yaml", lambda d: topic(d, "location").update(id="founding"),
        ["organisation.yaml", "'founding'", "'id'", "duplicate"], id="duplicate-id",
    ),
    pytest.param(
        "networks.yaml", lambda d: topic(d, "aspac")["aliases"].append("RedPOP"),
        ["networks.yaml", "'aspac'", "'aliases'", "'RedPOP'"], id="duplicate-alias",
    ),
    pytest.param(
        "mission.yaml", lambda d: topic(d, "vision").update(sources=["nowhere"]),
        ["mission.yaml", "'vision'", "'sources'", "unknown source"], id="unknown-source",
    ),
    pytest.param(
        "partners.yaml", lambda d: topic(d, "memorandum").update(tittle="typo"),
        ["partners.yaml", "'memorandum'", "'tittle'", "unknown field"], id="unknown-field",
    ),
    pytest.param(
        "projects.yaml", lambda d: project(d, "globalscape").update(website="global-scape"),
        ["projects.yaml", "'globalscape'", "'website'", "URL"], id="bad-url",
    ),
    pytest.param(
        "messages.yaml", lambda d: d["de"].pop("page"),
        ["messages.yaml", "'de'", "'page'", "missing"], id="phrase-missing-in-one-language",
    ),
    pytest.param(
        "messages.yaml", lambda d: d["fr"].update(slow_down="Réessayez plus tard."),
        ["messages.yaml", "'fr'", "'slow_down'", "{seconds}"], id="phrase-without-its-placeholder",
    ),
    pytest.param(
        "messages.yaml", lambda d: d["nl"].update(page="Pagina {number} van {total}"),
        ["messages.yaml", "'nl'", "'page'", "{count}, {number}"], id="phrase-with-an-unknown-placeholder",
    ),
    pytest.param(
        "messages.yaml", lambda d: d["it"].update(continued="{name (continua)"),
        ["messages.yaml", "'it'", "'continued'"], id="phrase-with-an-unclosed-brace",
    ),
    pytest.param(
        "mission.yaml", lambda d: next(t for t in d["topics"] if "mentioned" in t).update(mentioned=["Foo"]),
        ["mission.yaml", "mentioned", "'Foo'", "not named in the body"], id="mentioned-but-not-named",
    ),
    pytest.param(
        "language.yaml", lambda d: d["number_values"].update(six="6"),
        ["language.yaml", "number_values", "'six'"], id="number-word-with-a-text-value",
    ),
    pytest.param(
        "language.yaml", lambda d: d["counted_alike"].append(["members"]),
        ["language.yaml", "counted_alike #2", "two or more words"], id="counted-alike-group-of-one",
    ),
    pytest.param(
        "language.yaml", lambda d: d["held_kinds"]["month"].pop("held"),
        ["language.yaml", "held_kinds.month", "'held'", "missing"], id="held-kind-without-held-words",
    ),
    pytest.param(
        "language.yaml", lambda d: d["held_kinds"]["money"].update(beside_number="yes"),
        ["language.yaml", "held_kinds.money", "'beside_number'", "true or false"], id="held-kind-bad-flag",
    ),
    pytest.param(
        "languages/de.yaml", lambda d: d["before_a_year"].update(nach=["after"]),
        ["languages/de.yaml", "'before_a_year'", "'nach'", "English text"], id="year-word-not-mapped-to-text",
    ),
    pytest.param(
        "messages.yaml", lambda d: d.pop("es"),
        ["messages.yaml", "'es'", "missing"], id="language-without-phrases",
    ),
    pytest.param(
        "messages.yaml", lambda d: d.update(pt=d["en"]),
        ["messages.yaml", "'pt'", "languages/pt.yaml"], id="phrases-of-an-unknown-language",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("file", "change", "expected"), BROKEN)
def test_a_broken_copy_fails_naming_file_entry_and_field(tmp_path, file, change, expected) -> None:
    data_dir = broken_copy(tmp_path, file, change)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge_base(data_dir)
    for part in expected:
        assert part in str(error.value)


def test_invalid_yaml_names_the_file_and_line(tmp_path) -> None:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    (target / "networks.yaml").write_text("topics:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape("networks.yaml") + r".*line \d+"):
        load_knowledge_base(target)
